import HTTP1
import Reactor
import Routing
import Synchronization
import Telemetry
import TLS

/// Where a worker publishes a copy of its counters for scrapes from any thread, so a
/// scrape never waits on a loop (the admin handler itself runs on one).
final class CounterSlot: Sendable {
    let value = Mutex(WorkerCounters())
}

/// What a listener's connections do with requests.
enum ListenerRole {
    /// Route and proxy to endpoints.
    case proxy
    /// Answer `/healthz`, `/readyz` and registered admin handlers.
    case admin
    /// Answer with a JSON description of the request (the `portico echo` backend).
    case echo(name: String)
}

/// Everything one loop owns: its connections, snapshot reader, balancer, pool, counters and
/// log buffer. Touched only on its loop thread.
final class Worker {
    let loop: EventLoop
    let config: ProxyConfiguration
    let limits: HTTPParserLimits
    let store: SnapshotStore
    let admin: AdminRegistry
    /// Readiness as the admin listener reports it.
    let isReady: @Sendable () -> Bool
    /// This worker's copy of the current snapshot, refreshed by `refreshSnapshot()` (one
    /// atomic load per request; the copy happens only after a publish).
    private(set) var snapshot: RoutingSnapshot
    var balancer = LoadBalancer()
    var routes = RouteCache()
    var pool: UpstreamPool
    var counters = WorkerCounters()
    var ids = RequestIDGenerator()
    let accessLog: AccessLog?
    /// Shared metric families (per-worker cells inside), nil when metrics are off.
    let metrics: PorticoMetrics?
    let listenerMetrics: ListenerMetrics?
    /// Open client connections, for draining and for the per-worker limit. An array with
    /// each connection's index kept in it (removal swaps the last one in): 8 bytes per
    /// connection, where a dictionary took ~32 and hashed on every accept and close.
    private(set) var connections: [DownstreamConnection] = []
    var listeners: [Listener] = []
    let connectionLimit: Int
    var draining = false
    /// The http listener's port, for X-Forwarded-Port.
    var httpPort: String = ""
    /// The https listener's port (X-Forwarded-Port, redirects); empty when HTTPS is off.
    var httpsPort: String = ""
    /// Ciphertext scratch for this loop's HTTPS connections (DownstreamConnection+TLS).
    lazy var tlsScratch = TLSScratch()
    /// The https listener's metric handles (handshakes), made on first use.
    lazy var httpsListenerMetrics = metrics?.listener("https")
    /// Request metrics of requests no route took (404, 503 without endpoints).
    lazy var unroutedMetrics = config.requestMetrics ? metrics?.route(RouteLabels()) : nil
    /// Client TLS contexts for HTTPS backends, by CA bundle (shared by all workers).
    static let upstreamTLSContexts = TLSClientContextCache()
    /// Upstream TLS targets by backend index for `upstreamTLSGeneration` (no lock per request).
    var upstreamTLSTargets: [Int: UpstreamTLSTarget] = [:]
    var upstreamTLSGeneration: UInt64 = 0
    /// The last session ticket per upstream endpoint, context and name (resumption).
    var upstreamTickets: [UpstreamTicketKey: TLSResumptionTicket] = [:]
    private var logFlushScheduled = false
    /// Read buffers (client and upstream input) and client output buffers, recycled.
    let readBuffers: BufferPool
    let writeBuffers: BufferPool
    /// Forwarded request heads (kept until the response starts, for a retry).
    let headBuffers: BufferPool
    /// Exchange records and request-head parsers, held by connections only while a
    /// request is in flight (idle keep-alive connections hold neither).
    let requestPools: RequestPools
    var exchanges: ExchangePool { requestPools.exchanges }
    var parsers: ParserPool { requestPools.parsers }
    /// One response-head parser for all of this loop's exchanges: a head is parsed from a
    /// complete buffer in one call, so the parser carries nothing between connections and
    /// its storage is reused instead of allocated per response.
    var responseParser: ResponseHeadParser
    /// The published copy of `counters`, refreshed every 250 ms.
    let published = CounterSlot()

    init(loop: EventLoop, config: ProxyConfiguration, store: SnapshotStore, admin: AdminRegistry,
         isReady: @escaping @Sendable () -> Bool, metrics: PorticoMetrics? = nil) {
        self.metrics = metrics
        listenerMetrics = metrics?.listener("http")
        self.loop = loop
        self.config = config
        self.store = store
        self.admin = admin
        self.isReady = isReady
        limits = HTTPParserLimits(maxHeaderBytes: config.maxHeaderBytes, maxFieldBytes: config.maxFieldBytes,
                                  maxTargetBytes: min(8192, config.maxHeaderBytes))
        snapshot = store.load()
        responseParser = ResponseHeadParser(limits: limits)
        requestPools = RequestPools(limits: limits)
        readBuffers = BufferPool(capacity: max(32 * 1024, config.maxHeaderBytes + 1024))
        writeBuffers = BufferPool(capacity: 64 * 1024 + config.maxHeaderBytes)
        headBuffers = BufferPool(capacity: config.maxHeaderBytes + 8 * 1024)
        pool = UpstreamPool(limitPerEndpoint: config.upstreamIdlePerEndpoint)
        accessLog = config.accessLog ? AccessLog() : nil
        connectionLimit = max(1, (config.maxConnections + max(1, config.workers) - 1) / max(1, config.workers))
        httpPort = String(config.httpListen.port)
    }

    /// Publishes the counters now and every 250 ms after.
    func publishCounters() {
        let copy = counters
        published.value.withLock { $0 = copy }
        // Not `weak`: a weak reference gives the worker a side table, which sends every
        // retain and release of it down the runtime's slow path (~1,700 instructions per
        // proxied request). The worker outlives its loop's tasks, as in `log(_:)`.
        loop.schedule(afterNanoseconds: 250_000_000) { [unowned self] in publishCounters() }
    }

    /// Brings `snapshot` up to date if a newer one was published; returns its generation.
    /// (What `SnapshotReader.current()` does, without copying the value out per request.)
    @inline(__always)
    func refreshSnapshot() -> UInt64 {
        if store.generation != snapshot.generation { snapshot = store.load() }
        return snapshot.generation
    }

    func add(_ c: DownstreamConnection) {
        guard c.connectionSlot < 0 else { return }
        c.connectionSlot = Int32(connections.count)
        connections.append(c)
        counters.connectionsOpen += 1
    }

    func remove(_ c: DownstreamConnection) {
        let i = Int(c.connectionSlot)
        guard i >= 0, i < connections.count, connections[i] === c else { return }
        c.connectionSlot = -1
        let last = connections.removeLast()
        if last !== c {
            connections[i] = last
            last.connectionSlot = Int32(i)
        }
        counters.connectionsOpen -= 1
    }

    func log(_ entry: AccessLogEntry) {
        guard let accessLog else { return }
        accessLog.append(entry)
        if !logFlushScheduled && accessLog.hasPending {
            logFlushScheduled = true
            loop.schedule(afterNanoseconds: 200_000_000) { [unowned self] in
                logFlushScheduled = false
                accessLog.flush()
            }
        }
    }

    /// Stops accepting and closes idle connections; busy ones close after their response.
    func beginDrain() {
        draining = true
        for l in listeners { l.close() }
        listeners.removeAll()
        for c in connections { c.drainIfIdle() }
    }

    /// Closes everything (after draining or at the drain deadline).
    func closeAll() {
        for l in listeners { l.close() }
        listeners.removeAll()
        for c in connections { c.close() }
        pool.closeAll()
        accessLog?.flush()
    }
}
