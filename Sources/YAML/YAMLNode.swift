/// A parsed YAML (or JSON) value under the core schema: what Kubernetes manifests contain.
public enum YAMLNode: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case sequence([YAMLNode])
    /// Keys in document order; duplicate keys are a parse error, not a silent overwrite.
    case mapping([(key: String, value: YAMLNode)])

    public static func == (a: YAMLNode, b: YAMLNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.sequence(x), .sequence(y)): return x == y
        case let (.mapping(x), .mapping(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let v): h.combine(1); h.combine(v)
        case .int(let v): h.combine(2); h.combine(v)
        case .double(let v): h.combine(3); h.combine(v)
        case .string(let v): h.combine(4); h.combine(v)
        case .sequence(let v): h.combine(5); h.combine(v)
        case .mapping(let v):
            h.combine(6)
            for (k, x) in v { h.combine(k); h.combine(x) }
        }
    }

    /// The value for a key of a mapping; nil for a missing key or a non-mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }
}
