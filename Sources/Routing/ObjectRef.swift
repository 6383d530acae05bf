/// Names a Kubernetes object (kind, namespace/name) so warnings and metrics can point at it.
public struct ObjectRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The object's kind, e.g. "Ingress", "Service", "Secret".
    public var kind: String
    /// The namespace; empty for cluster-scoped objects such as IngressClass.
    public var namespace: String
    /// The object's name.
    public var name: String

    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind namespace/name`, or `Kind name` for cluster-scoped objects.
    public var description: String {
        namespace.isEmpty ? "\(kind) \(name)" : "\(kind) \(namespace)/\(name)"
    }

    public static func < (a: ObjectRef, b: ObjectRef) -> Bool {
        (a.kind, a.namespace, a.name) < (b.kind, b.namespace, b.name)
    }
}
