import Telemetry

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

    /// The data plane's own families for a scrape, with help text. Requests by status
    /// class and client connections open/accepted are not here: `PorticoMetrics` exports
    /// them per route and per listener (`portico_http_requests_total`,
    /// `portico_downstream_connections_*`), and one name must not mean two things.
    public var metricFamilies: [MetricFamilySamples] {
        func single(_ name: String, _ help: String, _ v: UInt64) -> MetricFamilySamples {
            MetricFamilySamples(name: name, help: help, type: .counter,
                                samples: [MetricSample(name: name, value: .count(v))])
        }
        let errorSamples = errors.keys.sorted().map { k in
            MetricSample(name: "portico_proxy_errors_total", labels: [LabelPair("kind", k)], value: .count(errors[k]!))
        }
        return [
            single("portico_downstream_connections_refused_total",
                   "Client connections closed at once because --max-connections was reached.", connectionsRefused),
            single("portico_upstream_connects_total", "Upstream connections opened.", upstreamConnects),
            single("portico_upstream_reuses_total", "Requests sent on a pooled keep-alive upstream connection.", upstreamReuses),
            single("portico_upstream_retries_total",
                   "Requests retried on a fresh connection after a pooled one was found closed.", upstreamRetries),
            MetricFamilySamples(name: "portico_proxy_errors_total",
                                help: "Requests that failed in the proxy, by kind.", type: .counter, samples: errorSamples),
            single("portico_downstream_received_bytes_total", "Bytes received from clients.", bytesIn),
            single("portico_downstream_sent_bytes_total", "Bytes sent to clients.", bytesOut),
        ]
    }
}
