/// One object of a kind Portico reads, as loaded from a manifest or a list.
public enum ManifestObject: Hashable, Sendable {
    case ingress(Ingress)
    case ingressClass(IngressClass)
    case service(Service)
    case endpointSlice(EndpointSlice)
    case secret(Secret)
    case configMap(ConfigMap)

    /// The object's kind, e.g. `Ingress`.
    public var kind: String {
        switch self {
        case .ingress: return Ingress.kind
        case .ingressClass: return IngressClass.kind
        case .service: return Service.kind
        case .endpointSlice: return EndpointSlice.kind
        case .secret: return Secret.kind
        case .configMap: return ConfigMap.kind
        }
    }

    /// The object's metadata.
    public var metadata: ObjectMeta {
        switch self {
        case .ingress(let o): return o.metadata
        case .ingressClass(let o): return o.metadata
        case .service(let o): return o.metadata
        case .endpointSlice(let o): return o.metadata
        case .secret(let o): return o.metadata
        case .configMap(let o): return o.metadata
        }
    }
}
