import KubeAPI

/// Small builders for the objects the cluster tests put in the fake API server.
public enum Fixture {
    public static func ingressClass(_ name: String = "portico", controller: String = "portico.io/ingress-controller") -> IngressClass {
        IngressClass(metadata: ObjectMeta(name: name), spec: IngressClassSpec(controller: controller))
    }

    public static func ingress(_ ns: String, _ name: String, host: String, service: String, port: Int32 = 80,
                        className: String? = "portico") -> Ingress {
        let backend = IngressBackend(service: IngressServiceBackend(name: service, port: ServiceBackendPort(number: port)))
        let rule = IngressRule(host: host, http: HTTPIngressRuleValue(paths: [HTTPIngressPath(path: "/", backend: backend)]))
        return Ingress(metadata: ObjectMeta(name: name, namespace: ns),
                       spec: IngressSpec(ingressClassName: className, rules: [rule]))
    }

    public static func service(_ ns: String, _ name: String, port: Int32 = 80) -> Service {
        Service(metadata: ObjectMeta(name: name, namespace: ns),
                spec: ServiceSpec(ports: [ServicePort(name: "http", port: port)]))
    }

    public static func slice(_ ns: String, _ name: String, service: String, addresses: [String], port: Int32 = 8080) -> EndpointSlice {
        EndpointSlice(metadata: ObjectMeta(name: name, namespace: ns, labels: ["kubernetes.io/service-name": service]),
                      endpoints: addresses.map { EndpointSliceEndpoint(addresses: [$0], conditions: EndpointConditions(ready: true)) },
                      ports: [EndpointPort(name: "http", port: port)])
    }
}
