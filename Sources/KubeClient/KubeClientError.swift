/// Why a request to the API server failed.
public struct KubeClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The broad class of failure, which decides whether and how to retry.
    public enum Kind: Hashable, Sendable {
        /// No HTTP answer: connection refused, TLS failure, timeout, stream cut.
        case transport
        /// The server answered with a non-2xx status (see `status`).
        case status
        /// The answer could not be decoded.
        case decoding
        /// The caller cancelled the request.
        case cancelled
        /// The credentials could not be loaded (e.g. the token file vanished).
        case credentials
    }

    /// The class of failure.
    public var kind: Kind
    /// HTTP status (or the `code` of a watch ERROR event); 0 when there was no answer.
    public var status: Int
    /// The Kubernetes `Status.reason`, e.g. `Expired`, `Conflict`, `NotFound`.
    public var reason: String
    /// What went wrong, from the server or from libcurl.
    public var message: String
    /// The request, e.g. `GET /api/v1/services`.
    public var request: String

    public init(kind: Kind, status: Int = 0, reason: String = "", message: String, request: String = "") {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.message = message
        self.request = request
    }

    /// 410 Gone: the resourceVersion (or continue token) is too old; relist.
    public var isGone: Bool { status == 410 }
    /// 409 Conflict: someone else wrote first; re-read and retry.
    public var isConflict: Bool { status == 409 }
    /// 404 Not Found.
    public var isNotFound: Bool { status == 404 }

    public var description: String {
        let prefix = request.isEmpty ? "" : "\(request): "
        switch kind {
        case .status:
            return "\(prefix)API server answered \(status)\(reason.isEmpty ? "" : " \(reason)"): \(message)"
        case .transport: return "\(prefix)cannot reach the API server: \(message)"
        case .decoding: return "\(prefix)cannot decode the answer: \(message)"
        case .cancelled: return "\(prefix)cancelled"
        case .credentials: return "\(prefix)credentials: \(message)"
        }
    }
}
