import HTTP1
import Reactor
import Routing
import Telemetry

/// One request/response on a downstream connection: what was asked, where it went, how far
/// each direction has got. Reset (not reallocated) for every request.
struct Exchange {
    var head: RequestHead?
    var method: HTTPMethod = .get
    var requestID = RequestIDValue()
    /// The W3C trace sent upstream (proxied requests only).
    var trace: RequestTrace?
    var startNs: Int64 = 0
    var wallStartNs: Int64 = 0
    var clientKeepAlive = true
    var clientExpectsContinue = false
    var client = ""

    /// Request body still to read from the client, and how much of the input's front is
    /// body known but not yet forwarded.
    var requestBody = BodyProgress.none
    var requestPending = 0
    var requestDone = false
    var bytesIn = 0

    // Upstream side.
    /// The backend's balancing state (its endpoint list as of this request's snapshot).
    var balance: BackendBalance?
    /// Per-route metric handles (nil when metrics are off or no route matched).
    var routeMetrics: RouteMetrics?
    var upstreamNs: Int64?
    /// Endpoints already tried for this request (bit i = endpoint i; beyond 64 endpoints
    /// the bit wraps, which only shortens the fallback list).
    var triedMask: UInt64 = 0
    var endpoint: SocketAddress?
    var reusedConnection = false
    var retried = false
    var upstreamHeadSent = 0
    var upstreamStartNs: Int64 = 0
    var upgrading = false

    // Response side.
    var responseStarted = false
    var status = 0
    var responseBody = BodyProgress.none
    var responsePending = 0
    var responseKeepAlive = false
    /// The client speaks HTTP/1.0 and the response is chunked: forward the payload only,
    /// delimited by closing (RFC 9112 §7.1: chunked is not for 1.0 recipients).
    var dechunk = false
    var clientVersion: HTTPVersion = .http1_1
    var bytesOut = 0

    var isIdempotent: Bool {
        switch method {
        case .get, .head, .options, .trace, .put, .delete: true
        default: false
        }
    }
}

/// Why the connection's single deadline is set.
enum DeadlineReason {
    case none
    /// Waiting for a complete request head (slowloris guard).
    case header
    /// Idle between requests.
    case keepalive
    /// Connecting to an endpoint.
    case connect
    /// Waiting for the response head after the request was sent.
    case response
    /// A body or tunnel made no progress.
    case idle
}
