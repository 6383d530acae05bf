import Reactor
import Routing
import Synchronization
import Telemetry
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// A worker reference that crosses threads only to be used on its own loop.
///
/// `@unchecked Sendable`: the worker is dereferenced only inside closures submitted to
/// `worker.loop.execute`, which run on that loop's thread, the worker's only user, except
/// for its immutable `published` slot, which is itself `Sendable` (a Mutex).
struct WorkerRef: @unchecked Sendable {
    let worker: Worker
}

/// Loops, listeners and workers shared by `ProxyServer` and `EchoServer`.
final class ServerCore: Sendable {
    let group: EventLoopGroup
    let workers: [WorkerRef]
    /// Actual bound addresses per listener spec (ephemeral ports resolved).
    let boundAddresses: [SocketAddress]
    let drainTimeout: Int64
    private let stopped = Atomic<Bool>(false)

    /// Binds one SO_REUSEPORT socket per worker for each `(address, role)` and registers it;
    /// the loops start running at `start()`.
    init(config: ProxyConfiguration, store: SnapshotStore, admin: AdminRegistry,
         listeners specs: [(SocketAddress, ListenerRole)], ready: @escaping @Sendable () -> Bool,
         metrics: PorticoMetrics? = nil, tls: [Int: TLSServerContext] = [:]) throws(IOError) {
        let n = max(1, config.workers)
        group = try EventLoopGroup(count: n)
        var workers: [WorkerRef] = []
        for loop in group.loops {
            workers.append(WorkerRef(worker: Worker(loop: loop, config: config, store: store, admin: admin, isReady: ready, metrics: metrics)))
        }
        var bound: [SocketAddress] = []
        var opened: [Int32] = []
        do {
            for (specIndex, (address, role)) in specs.enumerated() {
                var actual = address
                for (i, w) in workers.enumerated() {
                    let fd = try TCPSocket.listen(on: actual, reusePort: true)
                    opened.append(fd)
                    if i == 0 { actual = try TCPSocket.localAddress(fd) }
                    let l = Listener(fd: fd, role: role, worker: w.worker)
                    l.tls = tls[specIndex]
                    // Registered before the loop threads start: no other thread touches the loop yet.
                    try w.worker.loop.register(listener: fd, handler: l)
                    w.worker.listeners.append(l)
                    if case .proxy = role, l.tls == nil { w.worker.httpPort = String(actual.port) }
                    if case .proxy = role, l.tls != nil { w.worker.httpsPort = String(actual.port) }
                }
                bound.append(actual)
            }
        } catch {
            for fd in opened { Syscall.close(fd) }
            throw error
        }
        self.workers = workers
        boundAddresses = bound
        drainTimeout = config.drainTimeout
    }

    func start() {
        group.start()
        onEachWorker { $0.publishCounters() }
    }

    /// Runs `body` on every worker's loop and waits for all (setup and scrape paths only).
    func onEachWorker(_ body: @escaping @Sendable (Worker) -> Void) {
        guard !stopped.load(ordering: .acquiring) else { return }
        let remaining = Atomic<Int>(workers.count)
        for w in workers {
            w.worker.loop.execute {
                body(w.worker)
                remaining.subtract(1, ordering: .releasing)
            }
        }
        for _ in 0..<200_000 where remaining.load(ordering: .acquiring) > 0 { usleep(50) }
    }

    /// Counters of all workers as last published (at most 250 ms old), merged; callable
    /// from any thread, loop threads included.
    func counters() -> WorkerCounters {
        var total = WorkerCounters()
        for w in workers {
            let c = w.worker.published.value.withLock { $0 }
            total.merge(c)
        }
        return total
    }

    /// Stops accepting, lets in-flight requests finish within the drain timeout, closes the
    /// rest and stops the loops. Returns whether everything finished in time.
    @discardableResult
    func drainAndStop() -> Bool {
        onEachWorker { $0.beginDrain() }
        let deadline = MonotonicClock.now() + drainTimeout
        var clean = false
        while MonotonicClock.now() < deadline {
            let open = Atomic<Int>(0)
            onEachWorker { w in open.add(w.connections.count, ordering: .relaxed) }
            if open.load(ordering: .relaxed) == 0 { clean = true; break }
            usleep(20_000)
        }
        stop()
        return clean
    }

    /// Closes everything at once and stops the loops.
    func stop() {
        onEachWorker { $0.closeAll() }
        if stopped.exchange(true, ordering: .acquiringAndReleasing) { return }
        group.shutdown()
    }
}
