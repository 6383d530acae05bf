import KubeAPI
import Testing

private let manifest = """
# The quickstart, more or less.
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: portico
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: portico.io/ingress-controller
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - name: http
      port: 80
      targetPort: http-alt
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    portico.io/use-regex: "true"
    nginx.ingress.kubernetes.io/ssl-redirect: 'false'
spec:
  ingressClassName: portico
  tls:
    - hosts: [shop.example.com]
      secretName: shop-cert
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: http
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-cert
  namespace: shop
type: kubernetes.io/tls
stringData:
  tls.crt: |
    -----BEGIN CERTIFICATE-----
    MIIB
    -----END CERTIFICATE-----
  tls.key: |
    -----BEGIN PRIVATE KEY-----
    MIIE
    -----END PRIVATE KEY-----
"""

@Test func aMultiDocumentYAMLManifestLoads() {
    let r = ManifestLoader().load(text: manifest, file: "quickstart.yaml")
    #expect(r.errors.isEmpty, "\(r.errors)")
    #expect(r.objects.map(\.kind) == ["IngressClass", "Service", "Ingress", "Secret"])
    #expect(r.ignoredKinds == ["Deployment": 1])
    guard case .ingressClass(let cls) = r.objects[0], case .service(let svc) = r.objects[1],
          case .ingress(let ing) = r.objects[2], case .secret(let secret) = r.objects[3] else {
        Issue.record("wrong kinds"); return
    }
    #expect(cls.isDefault)
    #expect(svc.spec.ports?.first?.targetPort == .string("http-alt"))
    #expect(ing.metadata.annotations?["nginx.ingress.kubernetes.io/ssl-redirect"] == "false")
    #expect(ing.spec.tls?.first?.hosts == ["shop.example.com"])
    #expect(ing.spec.rules?.first?.http?.paths.first?.backend.service?.port?.name == "http")
    #expect(String(decoding: secret.value(forKey: "tls.crt") ?? [], as: UTF8.self)
            == "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
}

@Test func aYAMLSyntaxErrorNamesTheFileAndLine() {
    let r = ManifestLoader().load(text: "kind: Service\nmetadata:\n  name: [a\n", file: "bad.yaml")
    #expect(r.objects.isEmpty)
    #expect(r.errors.count == 1)
    #expect(r.errors.first?.line != nil)
    #expect(r.errors.first?.description.hasPrefix("bad.yaml:") == true)
}

@Test func aYAMLDecodeErrorNamesTheDocumentAndField() {
    let text = """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: ok}
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
      annotations:
        portico.io/use-regex: true
    """
    let r = ManifestLoader().load(text: text, file: "x.yaml")
    #expect(r.objects.map(\.kind) == ["ConfigMap"])
    #expect(r.errors.first?.documentIndex == 1)
    #expect(r.errors.first?.line == 5, "the line where the document starts")
    #expect(r.errors.first?.fieldPath == "metadata.annotations[portico.io/use-regex]")
    #expect(r.errors.first?.message.contains("string") == true)
}

@Test func emptyDocumentsAndCommentOnlyFilesAreFine() {
    let r = ManifestLoader().load(text: "# nothing here\n---\n---\n", file: "empty.yaml")
    #expect(r.errors.isEmpty && r.objects.isEmpty)
}

@Test("Decode errors carry the line where their document starts", arguments: [
    ("# header\n---\napiVersion: v1\nkind: Service\nmetadata: {}\n", 3),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# c\n\n---\n\napiVersion: v1\nkind: Service\nmetadata: {}\n", 9),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n...\n---\napiVersion: v1\nkind: Service\nmetadata: {}\n", 6),
])
func decodeErrorLines(text: String, line: Int) {
    let r = ManifestLoader().load(text: text, file: "l.yaml")
    #expect(r.errors.count == 1)
    #expect(r.errors.first?.line == line)
    #expect(r.errors.first?.fieldPath == "metadata.name")
}
