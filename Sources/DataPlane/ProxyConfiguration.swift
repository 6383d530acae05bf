import Reactor
import TLS

/// Everything the data plane needs to run, with defaults an edge proxy can ship with.
public struct ProxyConfiguration: Sendable {
    /// Where clients connect (one SO_REUSEPORT listener per worker).
    public var httpListen: SocketAddress
    /// The admin listener (`/healthz`, `/readyz`, registered handlers); nil disables it.
    public var adminListen: SocketAddress?
    /// Worker loops (threads); default: one per core.
    public var workers: Int
    /// Write one JSON line per request to stdout.
    public var accessLog: Bool
    /// Peers whose X-Forwarded-* headers are believed.
    public var trustedProxies: [CIDR]
    /// Client connections across all workers; beyond it new ones are accepted and closed.
    public var maxConnections: Int
    /// Time for a client to send a complete request head (slowloris guard), ns.
    public var clientHeaderTimeout: Int64
    /// Time a client keep-alive connection may idle between requests, ns.
    public var keepaliveTimeout: Int64
    /// Time to connect to an endpoint, ns.
    public var upstreamConnectTimeout: Int64
    /// Time from the request's end to the upstream's response head, ns.
    public var upstreamResponseTimeout: Int64
    /// Time without progress while a body streams in either direction, ns.
    public var idleTimeout: Int64
    /// Time in-flight requests get to finish after SIGTERM, ns.
    public var drainTimeout: Int64
    /// Maximum bytes in a request head (431 beyond). 64 KiB by default: multi-kilobyte
    /// JWTs and cookies must pass (nginx's large_client_header_buffers is 4 × 8 KiB).
    public var maxHeaderBytes: Int
    /// Maximum bytes of one header field line (431 beyond).
    public var maxFieldBytes: Int
    /// Idle keep-alive connections kept per endpoint per worker.
    public var upstreamIdlePerEndpoint: Int
    /// How long a pooled upstream connection may idle before it is closed, ns.
    public var upstreamIdleTimeout: Int64

    /// Where HTTPS clients connect (TLS terminated here, then the same proxying); nil: off.
    public var httpsListen: SocketAddress? = nil
    /// TLS protocol policy for the HTTPS listener (minimum version, ciphers, tickets).
    public var tls = TLSServerConfiguration()
    /// Record per-route request metrics (count, durations, sizes); off only to measure
    /// what they cost (`--request-metrics off`).
    public var requestMetrics = true

    public static let second: Int64 = 1_000_000_000

    public init(httpListen: SocketAddress = .v4(address: 0, port: 8080),
                adminListen: SocketAddress? = .v4(address: 0x0100007F, port: 10254),
                workers: Int = EventLoopGroup.coreCount,
                accessLog: Bool = true,
                trustedProxies: [CIDR] = [],
                maxConnections: Int = 10_000,
                clientHeaderTimeout: Int64 = 10 * second,
                keepaliveTimeout: Int64 = 60 * second,
                upstreamConnectTimeout: Int64 = 5 * second,
                upstreamResponseTimeout: Int64 = 60 * second,
                idleTimeout: Int64 = 60 * second,
                drainTimeout: Int64 = 30 * second,
                maxHeaderBytes: Int = 65536,
                maxFieldBytes: Int = 16384,
                upstreamIdlePerEndpoint: Int = 64,
                upstreamIdleTimeout: Int64 = 60 * second) {
        self.httpListen = httpListen
        self.adminListen = adminListen
        self.workers = workers
        self.accessLog = accessLog
        self.trustedProxies = trustedProxies
        self.maxConnections = maxConnections
        self.clientHeaderTimeout = clientHeaderTimeout
        self.keepaliveTimeout = keepaliveTimeout
        self.upstreamConnectTimeout = upstreamConnectTimeout
        self.upstreamResponseTimeout = upstreamResponseTimeout
        self.idleTimeout = idleTimeout
        self.drainTimeout = drainTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxFieldBytes = maxFieldBytes
        self.upstreamIdlePerEndpoint = upstreamIdlePerEndpoint
        self.upstreamIdleTimeout = upstreamIdleTimeout
    }
}
