import KubeAPI

/// The objects the snapshot builder reads, keyed by `namespace/name` (or `name` for
/// cluster-scoped kinds): what a cluster's informers or a manifests folder hold.
///
/// A value type: the controller mutates its own copy and hands the builder a snapshot of
/// it, so a build never sees a half-applied change.
public struct ClusterState: Hashable, Sendable {
    public var ingresses: [String: Ingress] = [:]
    public var ingressClasses: [String: IngressClass] = [:]
    public var services: [String: Service] = [:]
    public var endpointSlices: [String: EndpointSlice] = [:]
    public var secrets: [String: Secret] = [:]
    public var configMaps: [String: ConfigMap] = [:]

    public init() {}

    /// Adds or replaces an object of any kind Portico reads; returns false (and changes
    /// nothing) for other kinds.
    @discardableResult
    public mutating func upsert(_ object: some KubeObject) -> Bool {
        switch object {
        case let o as Ingress: ingresses[o.key] = o
        case let o as IngressClass: ingressClasses[o.key] = o
        case let o as Service: services[o.key] = o
        case let o as EndpointSlice: endpointSlices[o.key] = o
        case let o as Secret: secrets[o.key] = o
        case let o as ConfigMap: configMaps[o.key] = o
        default: return false
        }
        return true
    }

    /// Removes the object with the same kind and key; returns whether one was there.
    @discardableResult
    public mutating func remove(_ object: some KubeObject) -> Bool {
        switch object {
        case let o as Ingress: return ingresses.removeValue(forKey: o.key) != nil
        case let o as IngressClass: return ingressClasses.removeValue(forKey: o.key) != nil
        case let o as Service: return services.removeValue(forKey: o.key) != nil
        case let o as EndpointSlice: return endpointSlices.removeValue(forKey: o.key) != nil
        case let o as Secret: return secrets.removeValue(forKey: o.key) != nil
        case let o as ConfigMap: return configMaps.removeValue(forKey: o.key) != nil
        default: return false
        }
    }

    /// Adds a manifest-loaded object of any supported kind.
    public mutating func upsert(_ object: ManifestObject) {
        switch object {
        case .ingress(let o): upsert(o)
        case .ingressClass(let o): upsert(o)
        case .service(let o): upsert(o)
        case .endpointSlice(let o): upsert(o)
        case .secret(let o): upsert(o)
        case .configMap(let o): upsert(o)
        }
    }

    /// A state holding every object of a manifest set (later duplicates replace earlier ones).
    public init(objects: [ManifestObject]) {
        for o in objects { upsert(o) }
    }

    /// Total number of objects held.
    public var count: Int {
        ingresses.count + ingressClasses.count + services.count + endpointSlices.count
            + secrets.count + configMaps.count
    }
}

extension ClusterState {
    /// Whether two objects are the same version: equal `resourceVersion`s when both have
    /// one (the API server changes it on every write, so this skips a deep comparison),
    /// full equality otherwise (manifests carry none).
    @inline(__always)
    static func sameVersion<T: KubeObject & Equatable>(_ a: T, _ b: T) -> Bool {
        if let ra = a.metadata.resourceVersion, let rb = b.metadata.resourceVersion { return ra == rb }
        return a == b
    }

    /// Whether two maps of objects hold the same versions of the same objects.
    static func sameObjects<T: KubeObject & Equatable>(_ a: [String: T], _ b: [String: T]) -> Bool {
        guard a.count == b.count else { return false }
        for (key, x) in a {
            guard let y = b[key], sameVersion(x, y) else { return false }
        }
        return true
    }

    /// Whether `other` differs from this state in EndpointSlices only (the fast path applies).
    public func differsOnlyInEndpointSlices(from other: ClusterState) -> Bool {
        !Self.sameObjects(endpointSlices, other.endpointSlices)
            && Self.sameObjects(ingresses, other.ingresses) && Self.sameObjects(services, other.services)
            && Self.sameObjects(ingressClasses, other.ingressClasses) && Self.sameObjects(secrets, other.secrets)
            && Self.sameObjects(configMaps, other.configMaps)
    }
}
