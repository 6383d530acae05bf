/// Why the proxy could not complete an exchange: one value mapped to a status and a metric
/// label in one place (as pingora's error kinds are).
public struct ProxyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable {
        /// No virtual host or route matched.
        case noRoute = "no_route"
        /// The route has no usable backend, or the backend no ready endpoint.
        case noEndpoints = "no_endpoints"
        /// Every endpoint refused or failed the connection.
        case connectFailed = "connect_failed"
        /// The upstream did not connect or answer in time.
        case upstreamTimeout = "upstream_timeout"
        /// The upstream closed or reset before a complete response head.
        case upstreamClosed = "upstream_closed"
        /// The upstream's response head or body framing is malformed.
        case badUpstreamResponse = "bad_upstream_response"
        /// The client's request is malformed (the parser chose the status).
        case badRequest = "bad_request"
        /// The client was too slow sending its head.
        case clientTimeout = "client_timeout"
        /// The server is shutting down or over a limit.
        case unavailable = "unavailable"
    }

    /// Which side caused it.
    public enum Source: String, Sendable {
        case downstream, upstream, `internal`
    }

    public var kind: Kind
    public var source: Source
    /// Whether another endpoint may be tried (nothing of the request was sent yet).
    public var retryable: Bool
    /// Free text for logs, e.g. the endpoint and errno.
    public var context: String

    public init(_ kind: Kind, source: Source, retryable: Bool = false, context: String = "") {
        self.kind = kind
        self.source = source
        self.retryable = retryable
        self.context = context
    }

    /// The status the client gets.
    public var status: Int {
        switch kind {
        case .noRoute: 404
        case .noEndpoints, .unavailable: 503
        case .connectFailed, .upstreamClosed, .badUpstreamResponse: 502
        case .upstreamTimeout: 504
        case .badRequest: 400
        case .clientTimeout: 408
        }
    }

    public var description: String { "\(kind.rawValue) (\(source.rawValue))\(context.isEmpty ? "" : ": " + context)" }
}
