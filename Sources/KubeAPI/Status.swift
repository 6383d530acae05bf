/// meta/v1 Status: the API server's description of a failure (also sent in watch ERROR events).
public struct Status: Codable, Hashable, Sendable, Error, CustomStringConvertible {
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// Machine-readable reason, e.g. `Expired`, `NotFound`, `Conflict`.
    public var reason: String?
    /// The HTTP status code the failure corresponds to, e.g. 410 for a compacted watch.
    public var code: Int?

    public init(status: String? = nil, message: String? = nil, reason: String? = nil, code: Int? = nil) {
        self.status = status
        self.message = message
        self.reason = reason
        self.code = code
    }

    /// Whether the resourceVersion the client asked for is gone (relist needed).
    public var isGone: Bool { code == 410 || reason == "Expired" || reason == "Gone" }

    public var description: String {
        "\(code.map(String.init) ?? "?") \(reason ?? "")" + (message.map { ": \($0)" } ?? "")
    }
}
