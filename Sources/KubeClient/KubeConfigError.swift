/// Why a kubeconfig file or the in-cluster environment cannot be turned into a connection.
public enum KubeConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A file could not be read (path, reason).
    case unreadableFile(path: String, reason: String)
    /// The kubeconfig is not valid YAML/JSON or not shaped like a kubeconfig.
    case malformed(path: String, reason: String)
    /// The requested (or current) context does not exist.
    case contextNotFound(String)
    /// No context was given and the file has no `current-context`.
    case noCurrentContext(path: String)
    /// A context names a cluster that is not in the file.
    case clusterNotFound(String)
    /// A context names a user that is not in the file.
    case userNotFound(String)
    /// The user authenticates in a way Portico does not implement (e.g. `exec`, `auth-provider`).
    case unsupportedAuth(user: String, field: String)
    /// A base64 `*-data` field does not decode.
    case invalidBase64(field: String)
    /// Running in-cluster but an environment variable is missing.
    case missingEnvironment(String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .malformed(path, reason):
            return "kubeconfig \(path) is malformed: \(reason)"
        case let .contextNotFound(name):
            return "kubeconfig has no context named \"\(name)\"; list them with `kubectl config get-contexts`"
        case let .noCurrentContext(path):
            return "kubeconfig \(path) has no current-context; pass --context NAME"
        case let .clusterNotFound(name):
            return "kubeconfig has no cluster named \"\(name)\" (referenced by the context)"
        case let .userNotFound(name):
            return "kubeconfig has no user named \"\(name)\" (referenced by the context)"
        case let .unsupportedAuth(user, field):
            return "kubeconfig user \"\(user)\" authenticates with `\(field)`, which Portico does not support; "
                + "use a bearer token (`token`/`tokenFile`) or a client certificate instead"
        case let .invalidBase64(field):
            return "kubeconfig field `\(field)` is not valid base64"
        case let .missingEnvironment(name):
            return "not running in a cluster: \(name) is not set; pass --kubeconfig PATH"
        }
    }
}
