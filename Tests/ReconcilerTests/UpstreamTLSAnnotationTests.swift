import KubeAPI
import Reconciler
import Routing
import Testing

private let caPEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

private func caSecret(_ name: String, ns: String = "default", key: String = "ca.crt", value: String = caPEM) -> Secret {
    Secret(metadata: ObjectMeta(name: name, namespace: ns), type: "Opaque", bytes: [key: Array(value.utf8)])
}

private func backend(_ annotations: [String: String], _ extra: any KubeObject...) -> (Backend?, [ConfigWarning]) {
    var s = world(ingress("a", annotations: annotations).rule("a.test", path("/")))
    for o in extra { s.upsert(o) }
    let (snap, warnings) = build(s)
    return (snap.lookup(host: "a.test", path: "/")?.backend, warnings)
}

@Test("proxy-ssl-name and its nginx alias set the SNI name of HTTPS backends", arguments: [
    "portico.io/proxy-ssl-name", "nginx.ingress.kubernetes.io/proxy-ssl-name",
])
func proxySSLName(key: String) {
    let (b, warnings) = backend(["portico.io/backend-protocol": "HTTPS", key: "API.internal.test"])
    #expect(warnings.isEmpty)
    #expect(b?.settings.upstreamServerName == "api.internal.test")
}

@Test("proxy-ssl-secret reads ca.crt from name or namespace/name", arguments: [
    ("portico.io/proxy-ssl-secret", "upstream-ca", "default"),
    ("nginx.ingress.kubernetes.io/proxy-ssl-secret", "certs/upstream-ca", "certs"),
])
func proxySSLSecret(key: String, value: String, namespace: String) {
    let (b, warnings) = backend(["portico.io/backend-protocol": "HTTPS", key: value], caSecret("upstream-ca", ns: namespace))
    #expect(warnings.isEmpty)
    #expect(b?.settings.upstreamCAPEM == Array(caPEM.utf8))
}

@Test func upstreamTLSAnnotationsDoNothingForPlainHTTPBackends() {
    let (b, warnings) = backend(["portico.io/proxy-ssl-name": "api.test", "portico.io/proxy-ssl-secret": "upstream-ca"],
                                caSecret("upstream-ca"))
    #expect(warnings.isEmpty)
    #expect(b?.upstreamProtocol == .http)
    #expect(b?.settings == BackendSettings())
}

@Test("A bad proxy-ssl value warns and leaves the backend unverified", arguments: [
    (["portico.io/proxy-ssl-secret": "missing"], "SecretNotFound"),
    (["portico.io/proxy-ssl-secret": "wrong-key"], "InvalidCertificate"),
    (["portico.io/proxy-ssl-secret": "a/b/c"], "InvalidAnnotation"),
    (["portico.io/proxy-ssl-name": "10.0.0.1:443"], "InvalidAnnotation"),
])
func badUpstreamTLSValues(annotations: [String: String], reason: String) {
    var all = annotations
    all["portico.io/backend-protocol"] = "HTTPS"
    let (b, warnings) = backend(all, caSecret("wrong-key", key: "tls.crt"))
    #expect(warnings.reasons == [reason])
    #expect(b?.upstreamProtocol == .https)
    #expect(b?.settings.upstreamCAPEM == nil)
}

@Test func twoIngressesWithDifferentUpstreamNamesGetTheirOwnBackends() {
    let s = world(ingress("a", annotations: ["portico.io/backend-protocol": "HTTPS", "portico.io/proxy-ssl-name": "one.test"])
                    .rule("a.test", path("/")),
                  ingress("b", annotations: ["portico.io/backend-protocol": "HTTPS", "portico.io/proxy-ssl-name": "two.test"])
                    .rule("b.test", path("/")))
    let (snap, warnings) = build(s)
    #expect(warnings.isEmpty)
    #expect(snap.lookup(host: "a.test", path: "/")?.backend?.settings.upstreamServerName == "one.test")
    #expect(snap.lookup(host: "b.test", path: "/")?.backend?.settings.upstreamServerName == "two.test")
}
