import Synchronization

/// Every metric Portico exposes, created on one registry. Names start with `portico_`;
/// labels are bounded (Ingress, rule host and path, Service, method class, status class,
/// listener, reason, kind): never raw request paths or client addresses.
///
/// Data plane: `route(_:)`, `backend(_:)` and `listener(_:)` give per-object handles to keep
/// beside the route, pool or listener; their update methods take the worker index.
/// Controller and Kubernetes client: the `Counter`/`Gauge`/`Histogram` properties below, or
/// `labels(...)` on the families, called from any thread.
public final class PorticoMetrics: Sendable {
    /// The registry these families live on; serve `registry.render()` on `/metrics`.
    public let registry: MetricsRegistry

    // MARK: - HTTP requests (labels: RouteLabels, plus method and status_class)

    /// `portico_http_requests_total{namespace,ingress,host,path,service,method,status_class}`
    public let httpRequests: CounterFamily
    /// `portico_http_request_duration_seconds{namespace,ingress,host,path,service}`
    public let httpRequestDuration: HistogramFamily
    /// `portico_http_upstream_duration_seconds{namespace,ingress,host,path,service}`
    public let upstreamResponseDuration: HistogramFamily
    /// `portico_http_request_size_bytes{namespace,ingress,host,path,service}`
    public let httpRequestSize: HistogramFamily
    /// `portico_http_response_size_bytes{namespace,ingress,host,path,service}`
    public let httpResponseSize: HistogramFamily

    // MARK: - Client connections (label: listener, e.g. "http", "https")

    /// `portico_downstream_connections_active{listener}`
    public let downstreamConnectionsActive: GaugeFamily
    /// `portico_downstream_connections_total{listener}`
    public let downstreamConnections: CounterFamily

    // MARK: - Upstreams (labels: BackendLabels)

    /// `portico_upstream_pool_connections{namespace,service,port}`: open upstream connections.
    public let upstreamPoolConnections: GaugeFamily
    /// `portico_upstream_connect_failures_total{namespace,service,port}`
    public let upstreamConnectFailures: CounterFamily
    /// `portico_backend_ready_endpoints{namespace,service,port}`: set a provider that reads
    /// the current snapshot, so removed backends disappear.
    public let readyEndpoints: CallbackGaugeFamily

    // MARK: - Snapshot and configuration

    /// `portico_snapshot_generation`
    public let snapshotGeneration: Gauge
    /// `portico_snapshot_build_duration_seconds`
    public let snapshotBuildDuration: Histogram
    /// `portico_snapshot_last_swap_timestamp_seconds`: when the last snapshot went live.
    public let snapshotLastSwapTimestamp: Gauge
    /// `portico_snapshot_rebuilds_total`
    public let snapshotRebuilds: Counter
    /// `portico_config_warnings{kind}`: warnings in the current snapshot by kind
    /// (set a provider that counts the snapshot's `ConfigWarning`s).
    public let configWarnings: CallbackGaugeFamily

    // MARK: - TLS

    /// `portico_tls_handshakes_total{listener}`
    public let tlsHandshakes: CounterFamily
    /// `portico_tls_handshake_failures_total{reason}`: reason is a short fixed word
    /// (`protocol`, `no_certificate`, `timeout`, `other`, ...).
    public let tlsHandshakeFailures: CounterFamily
    /// `portico_tls_certificate_expiry_timestamp_seconds{namespace,secret}`: notAfter of each
    /// certificate in use (set a provider from the current TLS table).
    public let certificateExpiry: CallbackGaugeFamily

    // MARK: - Kubernetes

    /// `portico_kube_events_total{kind,type}`: watch events received (type ADDED, MODIFIED,
    /// DELETED, BOOKMARK, ERROR).
    public let kubeEvents: CounterFamily
    /// `portico_kube_event_to_live_seconds`: from receiving an event to the snapshot that
    /// includes it going live.
    public let kubeEventToLive: Histogram
    /// `portico_kube_connected`: 1 while the watches are established, else 0.
    public let kubeConnected: Gauge
    /// `portico_kube_requests_total{verb,code}`: API requests by verb and HTTP status code
    /// (`code` is `error` when no response was received).
    public let kubeRequests: CounterFamily
    /// `portico_leader`: 1 while this replica holds the leader lease (it writes status).
    public let leader: Gauge

    /// `portico_build_info{version}`: always 1.
    public let buildInfo: GaugeFamily

    private let routes = Mutex<[RouteLabels: RouteMetrics]>([:])
    private let backends = Mutex<Set<BackendLabels>>([])

    /// Creates every family on `registry` and registers the process metrics.
    public init(registry: MetricsRegistry, version: String = "dev") {
        self.registry = registry
        let r = registry
        let route = RouteLabels.names
        let backend = BackendLabels.names

        httpRequests = r.counter("portico_http_requests_total",
            help: "Requests handled, by Ingress route, method and status class.",
            labelNames: route + ["method", "status_class"])
        httpRequestDuration = r.histogram("portico_http_request_duration_seconds",
            help: "Time from the first request byte to the last response byte.", labelNames: route)
        upstreamResponseDuration = r.histogram("portico_http_upstream_duration_seconds",
            help: "Time from sending the request upstream to the last upstream response byte.",
            labelNames: route)
        httpRequestSize = r.histogram("portico_http_request_size_bytes",
            help: "Request body size in bytes.", labelNames: route, buckets: HistogramBuckets.size)
        httpResponseSize = r.histogram("portico_http_response_size_bytes",
            help: "Response body size in bytes.", labelNames: route, buckets: HistogramBuckets.size)

        downstreamConnectionsActive = r.gauge("portico_downstream_connections_active",
            help: "Client connections currently open.", labelNames: ["listener"])
        downstreamConnections = r.counter("portico_downstream_connections_total",
            help: "Client connections accepted.", labelNames: ["listener"])

        upstreamPoolConnections = r.gauge("portico_upstream_pool_connections",
            help: "Upstream connections open (idle and busy) per backend.", labelNames: backend)
        upstreamConnectFailures = r.counter("portico_upstream_connect_failures_total",
            help: "Failed connection attempts to upstream endpoints per backend.", labelNames: backend)
        readyEndpoints = r.callbackGauge("portico_backend_ready_endpoints",
            help: "Ready endpoints per backend in the current snapshot.", labelNames: backend)

        snapshotGeneration = r.gauge("portico_snapshot_generation",
            help: "Generation of the routing snapshot being served.").labels()
        snapshotBuildDuration = r.histogram("portico_snapshot_build_duration_seconds",
            help: "Time to build a routing snapshot.").labels()
        snapshotLastSwapTimestamp = r.gauge("portico_snapshot_last_swap_timestamp_seconds",
            help: "Unix time at which the current routing snapshot went live.").labels()
        snapshotRebuilds = r.counter("portico_snapshot_rebuilds_total",
            help: "Routing snapshot rebuilds.").labels()
        configWarnings = r.callbackGauge("portico_config_warnings",
            help: "Configuration warnings in the current snapshot, by kind.", labelNames: ["kind"])

        tlsHandshakes = r.counter("portico_tls_handshakes_total",
            help: "Completed TLS handshakes.", labelNames: ["listener"])
        tlsHandshakeFailures = r.counter("portico_tls_handshake_failures_total",
            help: "Failed TLS handshakes, by reason.", labelNames: ["reason"])
        certificateExpiry = r.callbackGauge("portico_tls_certificate_expiry_timestamp_seconds",
            help: "Unix time at which each served certificate expires.", labelNames: ["namespace", "secret"])

        kubeEvents = r.counter("portico_kube_events_total",
            help: "Kubernetes watch events received, by object kind and event type.",
            labelNames: ["kind", "type"])
        kubeEventToLive = r.histogram("portico_kube_event_to_live_seconds",
            help: "Time from receiving a Kubernetes event to the snapshot that includes it going live.")
            .labels()
        kubeConnected = r.gauge("portico_kube_connected",
            help: "1 while the Kubernetes API watches are established, else 0.").labels()
        kubeRequests = r.counter("portico_kube_requests_total",
            help: "Kubernetes API requests, by verb and HTTP status code.", labelNames: ["verb", "code"])
        leader = r.gauge("portico_leader",
            help: "1 while this replica holds the leader lease, else 0.").labels()

        buildInfo = r.gauge("portico_build_info",
            help: "Portico build information; the value is always 1.", labelNames: ["version"])
        buildInfo.labels(version).set(1)

        r.register(ProcessMetrics())
    }

    /// The request metrics of one route; the same object for the same labels.
    public func route(_ labels: RouteLabels) -> RouteMetrics {
        if let existing = routes.withLock({ $0[labels] }) { return existing }
        let made = RouteMetrics(labels: labels, metrics: self)
        return routes.withLock { map in
            if let existing = map[labels] { return existing }
            map[labels] = made
            return made
        }
    }

    /// The upstream metrics of one backend.
    public func backend(_ labels: BackendLabels) -> BackendMetrics {
        backends.withLock { _ = $0.insert(labels) }
        return BackendMetrics(poolConnections: upstreamPoolConnections.labels(labels.values),
                              connectFailures: upstreamConnectFailures.labels(labels.values))
    }

    /// Stops exposing the series of routes and backends that are not in the current snapshot
    /// (call after a publish), so deleted Ingresses do not leave series behind. Handles still
    /// held for an older snapshot keep working; their updates are simply no longer exported.
    public func retain(routes keptRoutes: Set<RouteLabels>, backends keptBackends: Set<BackendLabels>) {
        let goneRoutes = routes.withLock { map -> [RouteLabels] in
            let gone = map.keys.filter { !keptRoutes.contains($0) }
            for labels in gone { map.removeValue(forKey: labels) }
            return gone
        }
        for labels in goneRoutes {
            let v = labels.values
            for family in [httpRequestDuration, upstreamResponseDuration, httpRequestSize, httpResponseSize] {
                family.remove(v)
            }
            for method in MethodClass.allCases {
                for status in StatusClass.allCases { httpRequests.remove(v + [method.label, status.label]) }
            }
        }
        let goneBackends = backends.withLock { set -> [BackendLabels] in
            let gone = set.filter { !keptBackends.contains($0) }
            set.subtract(gone)
            return Array(gone)
        }
        for labels in goneBackends {
            upstreamPoolConnections.remove(labels.values)
            upstreamConnectFailures.remove(labels.values)
        }
    }

    /// The connection metrics of one listener (`http`, `https`, `admin`).
    public func listener(_ name: String) -> ListenerMetrics {
        ListenerMetrics(activeConnections: downstreamConnectionsActive.labels(name),
                        connections: downstreamConnections.labels(name),
                        tlsHandshakes: tlsHandshakes.labels(name))
    }

    /// Records a snapshot going live: generation, swap time, and one more rebuild.
    public func snapshotPublished(generation: UInt64, buildSeconds: Double, at time: Double = WallClock.now()) {
        snapshotGeneration.set(Double(generation))
        snapshotBuildDuration.observe(buildSeconds)
        snapshotLastSwapTimestamp.set(time)
        snapshotRebuilds.increment()
    }
}

/// Upstream metrics of one backend, kept beside its connection pool.
public struct BackendMetrics: Sendable {
    /// Open upstream connections: `increment(worker:)` on connect, `decrement(worker:)` on close.
    public let poolConnections: Gauge
    /// Failed connection attempts: `increment(worker:)`.
    public let connectFailures: Counter
}

/// Client connection metrics of one listener.
public struct ListenerMetrics: Sendable {
    /// Open client connections: `increment(worker:)` on accept, `decrement(worker:)` on close.
    public let activeConnections: Gauge
    /// Accepted client connections: `increment(worker:)` on accept.
    public let connections: Counter
    /// Completed TLS handshakes on this listener.
    public let tlsHandshakes: Counter
}
