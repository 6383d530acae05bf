/// How a route's path matches a request path (networking.k8s.io/v1 `pathType`).
public enum PathMatch: Hashable, Sendable {
    /// `Exact`: the request path equals the value, case-sensitively.
    case exact(String)
    /// `Prefix`: matches element-wise on `/`; `/foo` matches `/foo`, `/foo/`, `/foo/bar`,
    /// never `/foobar`. Stored without a trailing slash (except the root `/`).
    case prefix(String)
    /// `ImplementationSpecific` with `portico.io/use-regex: "true"`: an anchored regular
    /// expression matched against the whole path.
    case regex(String)

    /// The path string as written in the rule (normalized for prefixes).
    public var value: String {
        switch self {
        case .exact(let v), .prefix(let v), .regex(let v): return v
        }
    }

    /// Kubernetes' name for this match type, used in tables, JSON and metric labels.
    public var typeName: String {
        switch self {
        case .exact: return "Exact"
        case .prefix: return "Prefix"
        case .regex: return "Regex"
        }
    }
}
