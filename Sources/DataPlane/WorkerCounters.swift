/// Per-worker counters in a plain loop-confined struct (no atomics on the request path);
/// a scrape asks each loop for a copy and merges them (Envoy's thread-local stats idea).
public struct WorkerCounters: Sendable, Equatable {
    /// Client connections accepted.
    public var connectionsAccepted: UInt64 = 0
    /// Client connections refused by `--max-connections`.
    public var connectionsRefused: UInt64 = 0
    /// Client connections open now.
    public var connectionsOpen: Int = 0
    /// Requests whose head was parsed.
    public var requests: UInt64 = 0
    /// Responses by status class: index 1...5 for 1xx...5xx.
    public var responsesByClass: [UInt64] = Array(repeating: 0, count: 6)
    /// Upstream connections opened.
    public var upstreamConnects: UInt64 = 0
    /// Upstream connections reused from the pool.
    public var upstreamReuses: UInt64 = 0
    /// Requests retried on a fresh connection after a pooled one was found dead.
    public var upstreamRetries: UInt64 = 0
    /// Proxy errors by kind (label = `ProxyError.Kind.rawValue`).
    public var errors: [String: UInt64] = [:]
    /// Bytes received from clients / sent to clients.
    public var bytesIn: UInt64 = 0
    public var bytesOut: UInt64 = 0

    public init() {}

    mutating func count(status: Int) {
        let c = status / 100
        if c >= 1 && c <= 5 { responsesByClass[c] += 1 }
    }

    mutating func count(error: ProxyError) {
        errors[error.kind.rawValue, default: 0] += 1
    }

    /// Sums another worker's counters into this one.
    public mutating func merge(_ o: WorkerCounters) {
        connectionsAccepted += o.connectionsAccepted
        connectionsRefused += o.connectionsRefused
        connectionsOpen += o.connectionsOpen
        requests += o.requests
        for i in 0..<responsesByClass.count { responsesByClass[i] += o.responsesByClass[i] }
        upstreamConnects += o.upstreamConnects
        upstreamReuses += o.upstreamReuses
        upstreamRetries += o.upstreamRetries
        for (k, v) in o.errors { errors[k, default: 0] += v }
        bytesIn += o.bytesIn
        bytesOut += o.bytesOut
    }

    /// Prometheus text exposition of these counters (used until Telemetry is wired in).
    public var prometheusText: String {
        var s = ""
        s += "# TYPE portico_connections_accepted_total counter\nportico_connections_accepted_total \(connectionsAccepted)\n"
        s += "# TYPE portico_connections_refused_total counter\nportico_connections_refused_total \(connectionsRefused)\n"
        s += "# TYPE portico_connections_open gauge\nportico_connections_open \(connectionsOpen)\n"
        s += "# TYPE portico_requests_total counter\nportico_requests_total \(requests)\n"
        s += "# TYPE portico_responses_total counter\n"
        for c in 1...5 { s += "portico_responses_total{class=\"\(c)xx\"} \(responsesByClass[c])\n" }
        s += "# TYPE portico_upstream_connects_total counter\nportico_upstream_connects_total \(upstreamConnects)\n"
        s += "# TYPE portico_upstream_reuses_total counter\nportico_upstream_reuses_total \(upstreamReuses)\n"
        s += "# TYPE portico_upstream_retries_total counter\nportico_upstream_retries_total \(upstreamRetries)\n"
        s += "# TYPE portico_proxy_errors_total counter\n"
        for k in errors.keys.sorted() { s += "portico_proxy_errors_total{kind=\"\(k)\"} \(errors[k]!)\n" }
        s += "# TYPE portico_bytes_in_total counter\nportico_bytes_in_total \(bytesIn)\n"
        s += "# TYPE portico_bytes_out_total counter\nportico_bytes_out_total \(bytesOut)\n"
        return s
    }
}
