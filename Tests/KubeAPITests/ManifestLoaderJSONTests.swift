import Foundation
import KubeAPI
import Testing

private let loader = ManifestLoader()

private let ingressJSON = """
{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
 "metadata": {"name": "web", "annotations": {"portico.io/use-regex": "true"}, "uid": "x", "managedFields": []},
 "spec": {"ingressClassName": "portico",
          "tls": [{"hosts": ["a.test"], "secretName": "a-cert"}],
          "rules": [{"host": "a.test", "http": {"paths": [
             {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
             {"path": "/api", "pathType": "Exact", "backend": {"service": {"name": "api", "port": {"name": "http"}}}}]}}]},
 "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.1"}]}}}
"""

@Test func aJSONIngressDecodesWithEveryFieldPorticoReadsAndIgnoresTheRest() throws {
    let r = loader.load(text: ingressJSON, file: "web.json")
    #expect(r.errors.isEmpty)
    guard case .ingress(let ing)? = r.objects.first else { Issue.record("no ingress"); return }
    #expect(ing.metadata.namespace == "default", "namespaced objects default to the default namespace")
    #expect(ing.spec.ingressClassName == "portico")
    #expect(ing.spec.tls == [IngressTLS(hosts: ["a.test"], secretName: "a-cert")])
    let paths = ing.spec.rules?.first?.http?.paths ?? []
    #expect(paths.map(\.pathType) == ["Prefix", "Exact"])
    #expect(paths.last?.backend.service?.port?.name == "http")
    #expect(paths.first?.backend.service?.port?.number == 80)
    #expect(ing.status?.loadBalancer?.ingress?.first?.ip == "192.0.2.1")
}

@Test func listsAreFlattenedAndUnknownKindsCounted() {
    let text = """
    {"apiVersion": "v1", "kind": "List", "items": [
      {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "shop"},
       "spec": {"ports": [{"name": "http", "port": 80, "targetPort": "web"}]}},
      {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}},
      {"apiVersion": "networking.k8s.io/v1", "kind": "IngressList", "items": [
        {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "portico"},
         "spec": {"controller": "portico.io/ingress-controller"}}]}]}
    """
    let r = loader.load(text: text, file: "all.json")
    #expect(r.errors.isEmpty)
    #expect(r.objects.map(\.kind) == ["Service", "IngressClass"])
    #expect(r.ignoredKinds == ["Deployment": 1])
    if case .service(let s) = r.objects[0] {
        #expect(s.spec.ports?.first?.targetPort == .string("web"))
        #expect(s.metadata.namespace == "shop")
    }
    #expect(r.objects[1].metadata.namespace == nil, "IngressClass is cluster-scoped")
}

/// (document, expected field path, a word the message must contain)
@Test("Decode errors name the document and the field path", arguments: [
    (#"{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "x"}, "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"service": {"name": "a", "port": {"number": "eighty"}}}}]}}]}}"#,
     "items[1].spec.rules[0].http.paths[0].backend.service.port.number", "integer"),
    (#"{"apiVersion": "v1", "kind": "Service", "spec": {}}"#, "items[1].metadata", "missing"),
    (#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "annotations": {"portico.io/x": true}}}"#,
     "items[1].metadata.annotations[portico.io/x]", "string"),
    (#"{"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "a"}}"#,
     "items[1].apiVersion", "networking.k8s.io/v1"),
    (#"{"apiVersion": "v1", "metadata": {"name": "a"}}"#, "items[1].kind", "missing"),
])
func decodeErrors(doc: String, field: String, word: String) {
    let good = #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok"}}"#
    let r = loader.load(text: #"{"kind": "List", "items": [\#(good), \#(doc)]}"#, file: "bad.json")
    #expect(r.objects.map(\.kind) == ["ConfigMap"], "the good object still loads")
    #expect(r.errors.count == 1)
    #expect(r.errors.first?.documentIndex == 0)
    #expect(r.errors.first?.fieldPath == field)
    #expect(r.errors.first?.message.contains(word) == true, "\(r.errors.first?.message ?? "")")
}

@Test func invalidJSONIsOneErrorForTheFileWithItsLine() {
    let r = loader.load(text: "{\"kind\": ", file: "broken.json")
    #expect(r.objects.isEmpty)
    #expect(r.errors.count == 1)
    #expect(r.errors.first?.line == 1)
    #expect(r.errors.first?.description.hasPrefix("broken.json:1:") == true)
}

@Test func secretDataIsBase64DecodedAndStringDataWins() {
    let text = """
    {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls", "metadata": {"name": "c"},
     "data": {"tls.crt": "aGVsbG8=", "tls.key": "!!notbase64"}, "stringData": {"extra": "plain"}}
    """
    let r = loader.load(text: text, file: "s.json")
    guard case .secret(let s)? = r.objects.first else { Issue.record("no secret"); return }
    #expect(s.value(forKey: "tls.crt") == Array("hello".utf8))
    #expect(s.value(forKey: "extra") == Array("plain".utf8))
    #expect(s.value(forKey: "missing") == nil)
    let built = Secret(metadata: ObjectMeta(name: "b"), type: Secret.tlsType, bytes: ["k": [0, 255, 7]])
    #expect(built.value(forKey: "k") == [0, 255, 7])
}

@Test func endpointSlicesDecodeConditionsPortsAndTheServiceLabel() {
    let text = """
    {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv6",
     "metadata": {"name": "web-abc", "namespace": "shop", "labels": {"kubernetes.io/service-name": "web"}},
     "endpoints": [{"addresses": ["fd00::1"], "conditions": {"ready": false, "serving": true, "terminating": true}},
                   {"addresses": ["fd00::2"]}],
     "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}
    """
    let r = loader.load(text: text, file: "e.json")
    guard case .endpointSlice(let e)? = r.objects.first else { Issue.record("no slice: \(r.errors)"); return }
    #expect(e.serviceName == "web")
    #expect(e.addressType == "IPv6")
    #expect(e.endpoints.first?.conditions == EndpointConditions(ready: false, serving: true, terminating: true))
    #expect(e.endpoints.last?.conditions == nil)
    #expect(e.ports == [EndpointPort(name: "http", port: 8080, protocol: "TCP")])
}

@Test func objectsKnowTheirAPIPaths() {
    #expect(Ingress.apiGroupVersionPath == "/apis/networking.k8s.io/v1" && Ingress.resource == "ingresses")
    #expect(!IngressClass.isNamespaced && IngressClass.resource == "ingressclasses")
    #expect(EndpointSlice.apiGroupVersionPath == "/apis/discovery.k8s.io/v1")
    #expect(Service.apiGroupVersionPath == "/api/v1" && Secret.resource == "secrets" && ConfigMap.kind == "ConfigMap")
}
