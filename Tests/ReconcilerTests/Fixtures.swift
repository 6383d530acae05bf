import KubeAPI
import Reconciler
import Routing

// Small fluent builders for the objects the builder reads (in the spirit of Contour's
// internal/fixture): each test says only what matters to it.

func ingress(_ name: String, ns: String = "default", className: String? = "portico",
             created: String? = nil, annotations: [String: String]? = nil) -> Ingress {
    Ingress(metadata: ObjectMeta(name: name, namespace: ns, creationTimestamp: created, annotations: annotations),
            spec: IngressSpec(ingressClassName: className))
}

extension Ingress {
    func rule(_ host: String?, _ paths: HTTPIngressPath...) -> Ingress {
        var c = self
        c.spec.rules = (c.spec.rules ?? []) + [IngressRule(host: host, http: HTTPIngressRuleValue(paths: paths))]
        return c
    }

    func tls(_ secret: String?, hosts: [String]?) -> Ingress {
        var c = self
        c.spec.tls = (c.spec.tls ?? []) + [IngressTLS(hosts: hosts, secretName: secret)]
        return c
    }

    func defaultBackend(_ service: String, port: Int32) -> Ingress {
        var c = self
        c.spec.defaultBackend = IngressBackend(service: IngressServiceBackend(name: service, port: ServiceBackendPort(number: port)))
        return c
    }

    func annotated(_ key: String, _ value: String) -> Ingress {
        var c = self
        c.metadata.annotations = (c.metadata.annotations ?? [:]).merging([key: value]) { $1 }
        return c
    }
}

func path(_ p: String?, _ type: String? = "Prefix", to service: String = "web", port: Int32 = 80) -> HTTPIngressPath {
    HTTPIngressPath(path: p, pathType: type,
                    backend: IngressBackend(service: IngressServiceBackend(name: service, port: ServiceBackendPort(number: port))))
}

func path(_ p: String, _ type: String = "Prefix", to service: String, portName: String) -> HTTPIngressPath {
    HTTPIngressPath(path: p, pathType: type,
                    backend: IngressBackend(service: IngressServiceBackend(name: service, port: ServiceBackendPort(name: portName))))
}

func service(_ name: String, ns: String = "default", ports: [ServicePort] = [ServicePort(name: "http", port: 80, targetPort: .int(8080))]) -> Service {
    Service(metadata: ObjectMeta(name: name, namespace: ns), spec: ServiceSpec(ports: ports))
}

func externalService(_ name: String, ns: String = "default", host: String, ports: [ServicePort]? = nil) -> Service {
    Service(metadata: ObjectMeta(name: name, namespace: ns),
            spec: ServiceSpec(type: "ExternalName", ports: ports, externalName: host))
}

/// An EndpointSlice for a Service; addresses are `(ip, ready)` with ready nil = unknown.
func slice(_ name: String, ns: String = "default", service: String, addressType: String = "IPv4",
           ports: [(String?, Int32)] = [("http", 8080)], _ addresses: [(String, Bool?)]) -> EndpointSlice {
    EndpointSlice(metadata: ObjectMeta(name: name, namespace: ns, labels: [EndpointSlice.serviceNameLabel: service]),
                  addressType: addressType,
                  endpoints: addresses.map { EndpointSliceEndpoint(addresses: [$0.0], conditions: EndpointConditions(ready: $0.1)) },
                  ports: ports.map { EndpointPort(name: $0.0, port: $0.1) })
}

func ingressClass(_ name: String = "portico", controller: String = "portico.io/ingress-controller",
                  isDefault: Bool = false) -> IngressClass {
    IngressClass(metadata: ObjectMeta(name: name,
                                      annotations: isDefault ? [IngressClass.isDefaultClassAnnotation: "true"] : nil),
                 spec: IngressClassSpec(controller: controller))
}

func tlsSecret(_ name: String, ns: String = "default", cert: String = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
               key: String = "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n") -> Secret {
    Secret(metadata: ObjectMeta(name: name, namespace: ns), type: Secret.tlsType,
           bytes: ["tls.crt": Array(cert.utf8), "tls.key": Array(key.utf8)])
}

func state(_ objects: any KubeObject...) -> ClusterState {
    var s = ClusterState()
    for o in objects { s.upsert(o) }
    return s
}

/// The usual world: our IngressClass, Service `web` (port 80 named http → 8080) with one ready pod.
func world(_ objects: any KubeObject...) -> ClusterState {
    var s = state(ingressClass(), service("web"), slice("web-1", service: "web", [("10.0.0.1", true)]))
    for o in objects { s.upsert(o) }
    return s
}

func build(_ s: ClusterState, _ options: SnapshotBuilderOptions = .init()) -> (snapshot: RoutingSnapshot, warnings: [ConfigWarning]) {
    SnapshotBuilder.build(s, options: options)
}

extension Array where Element == ConfigWarning {
    var reasons: [String] { map(\.reason) }
}
