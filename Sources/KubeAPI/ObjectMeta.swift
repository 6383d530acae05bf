/// `metadata` of every Kubernetes object: the fields Portico reads; unknown ones are ignored.
public struct ObjectMeta: Codable, Hashable, Sendable {
    public var name: String
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    /// RFC 3339 time, kept as text: ordering uses it only for conflict resolution.
    public var creationTimestamp: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?

    public init(name: String, namespace: String? = nil, uid: String? = nil,
                resourceVersion: String? = nil, generation: Int64? = nil,
                creationTimestamp: String? = nil, labels: [String: String]? = nil,
                annotations: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.labels = labels
        self.annotations = annotations
    }
}

/// `metadata` of a List response: where to continue a paginated list and what to watch from.
public struct ListMeta: Codable, Hashable, Sendable {
    public var resourceVersion: String?
    /// Non-empty when more pages follow (`?continue=`).
    public var `continue`: String?

    public init(resourceVersion: String? = nil, continue: String? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
    }
}

/// A Kubernetes object kind Portico lists and watches.
public protocol KubeObject: Codable, Sendable {
    /// The API path segment before the namespace, e.g. `/apis/networking.k8s.io/v1`.
    static var apiGroupVersionPath: String { get }
    /// The plural resource name, e.g. `ingresses`.
    static var resource: String { get }
    /// Whether the kind lives in namespaces (IngressClass does not).
    static var isNamespaced: Bool { get }
    /// `apiVersion` as written in manifests, e.g. `networking.k8s.io/v1`.
    static var apiVersion: String { get }
    /// `kind` as written in manifests, e.g. `Ingress`.
    static var kind: String { get }
    var metadata: ObjectMeta { get }
}

extension KubeObject {
    /// `namespace/name`, or `name` for cluster-scoped objects: the cache key.
    public var key: String {
        if let ns = metadata.namespace, !ns.isEmpty { return "\(ns)/\(metadata.name)" }
        return metadata.name
    }
}

/// A List response (`IngressList`, ...): one page of objects.
public struct ObjectList<Object: KubeObject>: Codable, Sendable {
    public var metadata: ListMeta
    public var items: [Object]

    public init(metadata: ListMeta = .init(), items: [Object]) {
        self.metadata = metadata
        self.items = items
    }
}
