import Routing

/// Turns `spec.rules[].http.paths[]` (path + pathType) into a `PathMatch`, applying the
/// validation the API server applies (k8s.io/kubernetes pkg/apis/networking/validation,
/// `validateHTTPIngressPath`) so a manifest that a cluster would refuse is refused here too.
enum IngressPath {
    /// Sequences an Exact or Prefix path must not contain.
    static let invalidSequences = ["//", "/./", "/../", "%2f", "%2F"]
    /// Suffixes an Exact or Prefix path must not end with.
    static let invalidSuffixes = ["/..", "/."]

    /// The match for a path, or a sentence saying why it is refused.
    static func match(path: String?, pathType: String?, useRegex: Bool) -> Result<PathMatch, PathProblem> {
        guard let pathType else {
            return .failure(PathProblem(.invalidPath,
                "pathType is required; use Exact, Prefix or ImplementationSpecific"))
        }
        switch pathType {
        case "Exact", "Prefix":
            guard let path, path.hasPrefix("/") else {
                return .failure(PathProblem(.invalidPath,
                    "path \"\(path ?? "")\" must be an absolute path (start with \"/\") for pathType \(pathType)"))
            }
            for s in invalidSequences where path.contains(s) {
                return .failure(PathProblem(.invalidPath, "path \"\(path)\" must not contain \"\(s)\""))
            }
            for s in invalidSuffixes where path.hasSuffix(s) {
                return .failure(PathProblem(.invalidPath, "path \"\(path)\" must not end with \"\(s)\""))
            }
            return .success(pathType == "Exact" ? .exact(path) : .prefix(normalizedPrefix(path)))
        case "ImplementationSpecific":
            let p = (path?.isEmpty ?? true) ? "/" : path!
            guard p.hasPrefix("/") else {
                return .failure(PathProblem(.invalidPath, "path \"\(p)\" must be an absolute path (start with \"/\")"))
            }
            guard useRegex else { return .success(.prefix(normalizedPrefix(p))) }
            let m = PathMatch.regex(p)
            guard m.isValidPattern else {
                return .failure(PathProblem(.invalidRegex,
                    "path \"\(p)\" is not a valid regular expression (use-regex is on)"))
            }
            return .success(m)
        default:
            return .failure(PathProblem(.invalidPath,
                "pathType \"\(pathType)\" is not one of Exact, Prefix, ImplementationSpecific"))
        }
    }

    /// Drops trailing slashes: the API ignores them for Prefix (`/foo/` matches `/foo`).
    static func normalizedPrefix(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }
}

/// Why a path is refused.
struct PathProblem: Error {
    var reason: WarningReason
    var message: String
    init(_ reason: WarningReason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
