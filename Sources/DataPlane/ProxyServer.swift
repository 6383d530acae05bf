import Reactor
import Routing
import Synchronization
import Telemetry
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// The data plane: worker loops serving the HTTP listener (routing every request through
/// the current snapshot) and the admin listener.
///
/// ```swift
/// let server = try ProxyServer(configuration: config, store: store, admin: registry)
/// server.start()
/// // ... on SIGTERM:
/// server.drainAndStop()
/// ```
public final class ProxyServer: Sendable {
    private let core: ServerCore
    private let bound = Atomic<Bool>(false)
    /// The snapshot source.
    public let store: SnapshotStore
    /// Certificates and policy of the HTTPS listener; nil when HTTPS is off.
    public let tls: TLSServerContext?
    private let adminIndex: Int?
    private let httpsIndex: Int?
    /// Generation of the snapshot whose TLS table the context last applied.
    private let tlsApplied = TLSGeneration()

    /// Binds the listeners (failing early on a taken port); loops start with `start()`.
    /// With `metrics` (a registry made with `workerCount: configuration.workers`), requests
    /// are counted per route and connections per listener, in per-worker cells.
    public init(configuration: ProxyConfiguration, store: SnapshotStore, admin: AdminRegistry = AdminRegistry(),
                metrics: PorticoMetrics? = nil, tls: TLSServerContext? = nil) throws(IOError) {
        self.store = store
        let tlsApplied = self.tlsApplied
        var specs: [(SocketAddress, ListenerRole)] = [(configuration.httpListen, .proxy)]
        var adminIndex: Int?
        if let a = configuration.adminListen {
            adminIndex = specs.count
            specs.append((a, .admin))
        }
        // HTTPS: one shared context, its certificates following every published snapshot.
        var contexts: [Int: TLSServerContext] = [:]
        var httpsIndex: Int?
        var context: TLSServerContext?
        if let https = configuration.httpsListen {
            let c: TLSServerContext
            if let tls { c = tls } else {
                do { c = try TLSServerContext(table: store.load().tls, configuration: configuration.tls) } catch {
                    throw IOError(errno: EPROTO, function: "TLS set-up (\(error))")
                }
            }
            store.onPublish { [c, tlsApplied] snapshot in
                c.update(table: snapshot.tls)
                tlsApplied.store(snapshot.generation)
            }
            c.update(table: store.load().tls)
            tlsApplied.store(store.generation)
            httpsIndex = specs.count
            contexts[specs.count] = c
            specs.append((https, .proxy))
            context = c
        }
        self.tls = context
        self.adminIndex = adminIndex
        self.httpsIndex = httpsIndex
        // Ready once the first snapshot's certificates are loaded too (they load on the
        // publishing thread right after the swap).
        let https = httpsIndex != nil
        core = try ServerCore(config: configuration, store: store, admin: admin, listeners: specs,
                              ready: { [store, tlsApplied] in
                                  store.hasSnapshot && (!https || tlsApplied.load() > 0)
                              }, metrics: metrics, tls: contexts)
    }

    /// Starts the worker threads.
    public func start() {
        core.start()
        bound.store(true, ordering: .releasing)
    }

    /// The HTTP listener's address (its real port when configured with port 0).
    public var httpAddress: SocketAddress { core.boundAddresses[0] }
    /// The admin listener's address, if there is one.
    public var adminAddress: SocketAddress? { adminIndex.map { core.boundAddresses[$0] } }
    /// The HTTPS listener's address, if there is one.
    public var httpsAddress: SocketAddress? { httpsIndex.map { core.boundAddresses[$0] } }

    /// Ready: listeners bound and a snapshot published (with its certificates, for HTTPS).
    public var isReady: Bool {
        bound.load(ordering: .acquiring) && store.hasSnapshot
            && (httpsIndex == nil || tlsApplied.load() > 0)
    }

    /// Counters of all workers merged (a scrape).
    public func counters() -> WorkerCounters { core.counters() }

    /// What the connections hold right now, summed over workers (asks each loop and waits;
    /// tests and diagnostics, not for a loop thread).
    public func connectionMemory() -> ConnectionMemory {
        let total = Mutex(ConnectionMemory())
        core.onEachWorker { w in
            let m = w.connectionMemory()
            total.withLock { $0.add(m) }
        }
        return total.withLock { $0 }
    }

    /// Graceful stop: stop accepting, finish in-flight requests within the drain timeout,
    /// close idle keep-alives, stop the loops. True if everything finished in time.
    @discardableResult
    public func drainAndStop() -> Bool { core.drainAndStop() }

    /// Immediate stop.
    public func stop() { core.stop() }
}

/// The `portico echo` backend: answers every request with JSON describing it, on the same
/// loops and codec as the proxy.
public final class EchoServer: Sendable {
    private let core: ServerCore

    public init(listen: SocketAddress, name: String, workers: Int = 1) throws(IOError) {
        var config = ProxyConfiguration(httpListen: listen, adminListen: nil, workers: workers, accessLog: false)
        config.maxConnections = 100_000
        config.drainTimeout = 1_000_000_000
        core = try ServerCore(config: config, store: SnapshotStore(), admin: AdminRegistry(),
                              listeners: [(listen, .echo(name: name))], ready: { true })
    }

    public func start() { core.start() }

    /// The bound address (real port when asked for port 0).
    public var address: SocketAddress { core.boundAddresses[0] }

    public func stop() { core.stop() }
}

/// An atomic snapshot generation a `@Sendable` closure can capture before `init` finishes.
final class TLSGeneration: Sendable {
    private let value = Atomic<UInt64>(0)
    func store(_ g: UInt64) { value.store(g, ordering: .releasing) }
    func load() -> UInt64 { value.load(ordering: .acquiring) }
}
