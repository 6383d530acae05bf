import Dispatch
import Foundation
import KubeAPI
import KubeClient
import Reconciler
import Routing
import Synchronization
import Telemetry

/// The cluster mode of the controller: one informer per kind (Ingress, IngressClass,
/// Service, EndpointSlice, TLS Secret, ConfigMap) feeding a `ClusterState`; a rebuild
/// thread that coalesces changes (at most one build per `minRebuildInterval`), takes the
/// EndpointSlice fast path when only endpoints changed, and publishes to the
/// `SnapshotStore`. Nothing is published before every informer has synced, so readiness
/// stays false until the first complete view; during an API outage the informers retry
/// and the last snapshot keeps serving.
public final class ClusterController: Sendable {
    private struct Pending: Sendable {
        var state = ClusterState()
        /// A change arrived since the last publish.
        var dirty = false
        /// When each not-yet-published change arrived (bounded), for event-to-live latency.
        var arrivals: [ContinuousClock.Instant] = []
        var syncedKinds: Set<String> = []
        var statistics = ClusterControllerStatistics()
    }

    /// Kinds that must sync before the first publish.
    static let kinds: Set<String> = ["Ingress", "IngressClass", "Service", "EndpointSlice", "Secret", "ConfigMap"]

    private let publisher: SnapshotPublisher
    private let configuration: ClusterControllerConfiguration
    private let metrics: PorticoMetrics?
    private let logger: Logger
    private let onBuild: (@Sendable (ClusterBuild) -> Void)?
    private let pending = Mutex(Pending())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let latencies = Mutex<[Double]>([])

    private let ingresses: Informer<Ingress>
    private let ingressClasses: Informer<IngressClass>
    private let services: Informer<Service>
    private let endpointSlices: Informer<EndpointSlice>
    private let secrets: Informer<Secret>
    private let configMaps: Informer<ConfigMap>

    /// `onBuild` runs on the rebuild thread after each publish (status writer, events).
    public init(client: KubeClient, store: SnapshotStore, configuration: ClusterControllerConfiguration = .init(),
                metrics: PorticoMetrics? = nil, logger: Logger = Logger(label: "controller"),
                onBuild: (@Sendable (ClusterBuild) -> Void)? = nil) {
        // The handlers need `self`, which is not available before every stored property is
        // set; they go through a box filled right after.
        let box = ControllerBox()
        // A re-resolved ExternalName is published by the publisher at once; the rebuild it
        // asks for here runs `onBuild` (status, Events, metrics) with the new warnings.
        self.publisher = SnapshotPublisher(store: store, options: configuration.builderOptions, log: logger,
                                           externalNames: ExternalNameResolver(options: configuration.externalNames),
                                           onRefresh: { box.controller?.requestRebuild() })
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.onBuild = onBuild
        func c<T>(_ options: ListOptions = .init()) -> Informer<T>.Configuration {
            .init(namespace: configuration.watchNamespace, options: options, pageSize: configuration.pageSize,
                  watchTimeoutSeconds: configuration.watchTimeoutSeconds, backoff: configuration.backoff)
        }
        ingresses = Informer(client: client, configuration: c(), handler: { box.controller?.handle($0) })
        ingressClasses = Informer(client: client, configuration: c(), handler: { box.controller?.handle($0) })
        services = Informer(client: client, configuration: c(), handler: { box.controller?.handle($0) })
        endpointSlices = Informer(client: client, configuration: c(), handler: { box.controller?.handle($0) })
        secrets = Informer(client: client, configuration: c(ListOptions(fieldSelector: "type=\(Secret.tlsType)")),
                           handler: { box.controller?.handle($0) })
        configMaps = Informer(client: client, configuration: c(), handler: { box.controller?.handle($0) })
        box.set(self)
    }

    // MARK: - Lifecycle

    /// Starts the informers and the rebuild thread.
    public func start() {
        let thread = Thread { [self] in
            rebuildLoop()
            finished.signal()
        }
        thread.name = "cluster-rebuild"
        thread.start()
        ingressClasses.start()
        services.start()
        endpointSlices.start()
        secrets.start()
        configMaps.start()
        ingresses.start()
        logger.info("cluster controller started", ["namespace": configuration.watchNamespace ?? "(all)"])
    }

    /// Stops the informers, then the rebuild thread; returns when all have ended.
    public func stop() {
        ingresses.stop()
        ingressClasses.stop()
        services.stop()
        endpointSlices.stop()
        secrets.stop()
        configMaps.stop()
        publisher.stop()
        if !stopped.exchange(true, ordering: .acquiringAndReleasing) {
            wake.signal()
            finished.wait()
        }
    }

    // MARK: - Observing

    /// Whether every informer has delivered its first full list.
    public var hasSynced: Bool { pending.withLock { $0.syncedKinds.isSuperset(of: Self.kinds) } }

    /// Whether every informer's last request succeeded (false during an API outage).
    public var isConnected: Bool {
        ingresses.isConnected && ingressClasses.isConnected && services.isConnected
            && endpointSlices.isConnected && secrets.isConnected && configMaps.isConnected
    }

    /// Per-kind informer health for logs and the debug endpoint: synced, connected,
    /// resourceVersion, counters and the last error.
    public var informerReports: [InformerReport] {
        func report<T>(_ i: Informer<T>) -> InformerReport {
            InformerReport(kind: T.kind, synced: i.hasSynced, connected: i.isConnected,
                           resourceVersion: i.resourceVersion, statistics: i.statistics,
                           lastError: i.lastError?.description)
        }
        return [report(ingresses), report(ingressClasses), report(services), report(endpointSlices),
                report(secrets), report(configMaps)]
    }

    /// A copy of the objects the controller holds.
    public var state: ClusterState { pending.withLock { $0.state } }

    /// Counters since start.
    public var statistics: ClusterControllerStatistics { pending.withLock { $0.statistics } }

    /// Event-to-live latencies in seconds recorded since the last call (bounded to the
    /// most recent 100,000), for benchmarks; the histogram in `PorticoMetrics` keeps the rest.
    public func drainLatencies() -> [Double] {
        latencies.withLock { l in defer { l.removeAll() }; return l }
    }

    // MARK: - Events in

    fileprivate func handle<T: KubeObject>(_ event: InformerEvent<T>) {
        let now = ContinuousClock.now
        let type: String
        pending.withLock { p in
            switch event {
            case .added(let o), .updated(_, let o):
                p.state.upsert(o)
            case .deleted(let o):
                p.state.remove(o)
            case .synced:
                p.syncedKinds.insert(T.kind)
                p.dirty = true
                return
            }
            p.dirty = true
            if p.arrivals.count < 100_000 { p.arrivals.append(now) }
            p.statistics.eventsByKind[T.kind, default: 0] += 1
        }
        switch event {
        case .added: type = "ADDED"
        case .updated: type = "MODIFIED"
        case .deleted: type = "DELETED"
        case .synced: type = ""
        }
        if !type.isEmpty { metrics?.kubeEvents.labels(T.kind, type).increment() }
        wake.signal()
    }

    /// Asks the rebuild thread for one more build of the current state (after the
    /// publisher re-resolved an ExternalName), so `onBuild` sees the new snapshot.
    fileprivate func requestRebuild() {
        pending.withLock { $0.dirty = true }
        wake.signal()
    }

    // MARK: - Rebuilds

    private func rebuildLoop() {
        var lastBuildAt: ContinuousClock.Instant?
        while !stopped.load(ordering: .acquiring) {
            _ = wake.wait(timeout: .now() + .milliseconds(500))
            metrics?.kubeConnected.set(isConnected ? 1 : 0)
            if stopped.load(ordering: .acquiring) { return }
            guard hasSynced else { continue }
            if let lastBuildAt {
                let since = ContinuousClock.now - lastBuildAt
                if since < configuration.minRebuildInterval {
                    Thread.sleep(forTimeInterval: Self.seconds(configuration.minRebuildInterval - since))
                }
            }
            // The publisher compares with the last state it built from and takes the
            // EndpointSlice fast path when nothing else changed.
            let work = pending.withLock { p -> (ClusterState, [ContinuousClock.Instant])? in
                guard p.dirty else { return nil }
                defer { p.dirty = false; p.arrivals.removeAll(keepingCapacity: true) }
                return (p.state, p.arrivals)
            }
            guard let (state, arrivals) = work else { continue }

            let began = ContinuousClock.now
            let outcome = publisher.publish(state)
            let live = ContinuousClock.now
            let isFull = !outcome.endpointsOnly
            var published = publisher.lastSnapshot ?? .empty
            published.generation = outcome.generation
            lastBuildAt = live

            let buildSeconds = Self.seconds(live - began)
            let samples = arrivals.map { Self.seconds(live - $0) }
            pending.withLock { p in
                if isFull { p.statistics.fullRebuilds += 1 } else { p.statistics.endpointUpdates += 1 }
                p.statistics.lastBuildSeconds = buildSeconds
            }
            latencies.withLock { l in
                if l.count < 100_000 { l.append(contentsOf: samples.prefix(100_000 - l.count)) }
            }
            if let metrics {
                metrics.snapshotRebuilds.increment()
                metrics.snapshotBuildDuration.observe(buildSeconds)
                metrics.snapshotGeneration.set(Double(outcome.generation))
                metrics.snapshotLastSwapTimestamp.set(Date().timeIntervalSince1970)
                for s in samples { metrics.kubeEventToLive.observe(s) }
            }
            onBuild?(ClusterBuild(state: state, snapshot: published, warnings: published.warnings, isFullRebuild: isFull))
        }
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}

/// Lets informer handlers, created in `init`, reach the controller once it exists.
/// `@unchecked Sendable`: written once under the lock before any informer starts, read under it.
private final class ControllerBox: @unchecked Sendable {
    private let lock = NSLock()
    private weak var _controller: ClusterController?
    var controller: ClusterController? { lock.withLock { _controller } }
    func set(_ c: ClusterController) { lock.withLock { _controller = c } }
}
