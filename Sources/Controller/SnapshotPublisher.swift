import Dispatch
import Foundation
import KubeAPI
import Reconciler
import Routing
import Synchronization
import Telemetry

/// Builds snapshots from cluster states and publishes them to the `SnapshotStore`,
/// taking the EndpointSlice fast path when nothing but endpoints changed.
///
/// Shared by the manifests folder and the cluster controller: feed it whole states, it
/// decides between a full build and an endpoint refresh, and logs warnings as they appear
/// and disappear (not on every rebuild, so a steady bad object logs once).
///
/// It is also the one place ExternalName Services get their addresses: before a snapshot
/// is stored, `ExternalNameResolver` replaces DNS-name endpoints by the addresses they
/// resolve to. A publish waits at most `resolveTimeout` for a name seen for the first
/// time; a refresh thread (started with the first snapshot that has such a name)
/// re-resolves names every `refreshInterval` and republishes only when the addresses or
/// warnings changed.
public final class SnapshotPublisher: Sendable {
    /// What a publish did.
    public struct Outcome: Sendable, Equatable {
        /// The generation the store gave the snapshot.
        public var generation: UInt64
        /// True when only endpoint lists were recomputed.
        public var endpointsOnly: Bool
        /// Number of warnings in the snapshot.
        public var warningCount: Int

        public init(generation: UInt64, endpointsOnly: Bool, warningCount: Int) {
            self.generation = generation
            self.endpointsOnly = endpointsOnly
            self.warningCount = warningCount
        }
    }

    private struct Last: Sendable {
        var state: ClusterState
        /// As built: ExternalName endpoints still carry their DNS names (the fast path
        /// recomputes endpoints from this one).
        var snapshot: RoutingSnapshot
        /// As stored: names replaced by addresses, resolver warnings added.
        var published: RoutingSnapshot
    }

    private let store: SnapshotStore
    private let options: SnapshotBuilderOptions
    private let log: Logger
    private let clock: @Sendable () -> Int64
    private let last = Mutex<Last?>(nil)
    private let resolver: ExternalNameResolver?
    /// Whether the refresh thread was started.
    private let refreshing = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let refreshWake = DispatchSemaphore(value: 0)
    private let onRefresh: (@Sendable () -> Void)?

    /// - Parameters:
    ///   - options: builder options; `now` is replaced by `clock()` at every build.
    ///   - clock: seconds since the Unix epoch (injectable for tests).
    ///   - externalNames: resolves ExternalName Services; nil publishes their DNS names as
    ///     they are (the data plane cannot connect to those).
    ///   - onRefresh: runs on the refresh thread after a re-resolution republished, so a
    ///     source can run what it does after its own builds (status, Events, metrics).
    public init(store: SnapshotStore, options: SnapshotBuilderOptions = .init(), log: Logger,
                clock: @escaping @Sendable () -> Int64 = { Int64(WallClock.now()) },
                externalNames: ExternalNameResolver? = ExternalNameResolver(),
                onRefresh: (@Sendable () -> Void)? = nil) {
        self.store = store
        self.onRefresh = onRefresh
        self.resolver = externalNames
        self.options = options
        self.log = log
        self.clock = clock
    }

    /// Publishes the snapshot for `state`: an endpoint refresh when only EndpointSlices
    /// differ from the last published state, a full build otherwise.
    @discardableResult
    public func publish(_ state: ClusterState) -> Outcome {
        last.withLock { last -> Outcome in
            if let prev = last, state.differsOnlyInEndpointSlices(from: prev.state) {
                let changed = SnapshotBuilder.changedServices(from: prev.state.endpointSlices, to: state.endpointSlices)
                let snapshot = SnapshotBuilder.updatingEndpoints(prev.snapshot, state: state, services: changed)
                let published = resolve(snapshot)
                logChanges(from: prev.published.warnings, to: published.warnings)
                last = Last(state: state, snapshot: snapshot, published: published)
                let generation = store.publish(published)
                log.debug("endpoints refreshed", ["generation": generation, "backends": published.backends.count])
                return Outcome(generation: generation, endpointsOnly: true, warningCount: published.warnings.count)
            }
            var opts = options
            opts.now = clock()
            let (snapshot, _) = SnapshotBuilder.build(state, options: opts)
            let published = resolve(snapshot)
            let warnings = published.warnings
            logChanges(from: last?.published.warnings ?? [], to: warnings)
            last = Last(state: state, snapshot: snapshot, published: published)
            let generation = store.publish(published)
            log.info("snapshot published", [
                "generation": generation, "hosts": published.hosts.count + published.wildcardHosts.count,
                "backends": published.backends.count, "warnings": warnings.count,
            ])
            return Outcome(generation: generation, endpointsOnly: false, warningCount: warnings.count)
        }
    }

    /// The last snapshot this publisher built (before the store stamped its generation).
    public var lastSnapshot: RoutingSnapshot? { last.withLock { $0?.published } }

    // MARK: - ExternalName Services

    /// Resolves the snapshot's DNS names (waiting at most `resolveTimeout` for new ones)
    /// and starts the refresh thread the first time there are any.
    private func resolve(_ snapshot: RoutingSnapshot) -> RoutingSnapshot {
        guard let resolver else { return snapshot }
        let names = ExternalNameResolver.names(in: snapshot)
        guard !names.isEmpty else { return snapshot }
        resolver.update(names)
        startRefreshing()
        return resolver.apply(to: snapshot)
    }

    /// Re-resolves due names (waiting at most `resolveTimeout`) and republishes the last
    /// snapshot when its addresses or warnings changed: a DNS change, a late first answer,
    /// or the end of a grace period. Runs on the refresh thread; callable from tests.
    /// - Returns: the new generation, or nil when nothing changed.
    @discardableResult
    public func refreshExternalNames() -> UInt64? {
        guard let resolver else { return nil }
        let names = last.withLock { $0.map { ExternalNameResolver.names(in: $0.snapshot) } } ?? []
        guard !names.isEmpty else { return nil }
        // Outside the lock: a slow resolver must not hold back publishes of other changes.
        resolver.update(names, waitForRefreshes: true)
        let generation = last.withLock { last -> UInt64? in
            guard let current = last else { return nil }
            let published = resolver.apply(to: current.snapshot)
            guard published.backends != current.published.backends || published.warnings != current.published.warnings
            else { return nil }
            logChanges(from: current.published.warnings, to: published.warnings)
            last?.published = published
            let generation = store.publish(published)
            log.info("external names re-resolved", ["generation": generation, "names": names.count])
            return generation
        }
        if generation != nil { onRefresh?() }
        return generation
    }

    private func startRefreshing() {
        guard let resolver, !refreshing.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let tick = ExternalNameResolver.seconds(resolver.options.tickInterval)
        let wake = refreshWake
        let thread = Thread { [weak self] in
            while true {
                _ = wake.wait(timeout: .now() + .nanoseconds(Int(tick * 1e9)))
                guard let self, !self.stopping.load(ordering: .acquiring) else { return }
                self.refreshExternalNames()
            }
        }
        thread.name = "portico-externalname"
        thread.start()
    }

    /// Ends the refresh thread (it finishes its current lookup round first).
    public func stop() {
        stopping.store(true, ordering: .releasing)
        refreshWake.signal()
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        refreshWake.signal()
    }

    private func logChanges(from old: [ConfigWarning], to new: [ConfigWarning]) {
        let before = Set(old), after = Set(new)
        for w in new where !before.contains(w) {
            log.warning(w.message, ["object": w.object, "field": w.field, "reason": w.reason])
        }
        for w in old where !after.contains(w) {
            log.info("warning resolved", ["object": w.object, "field": w.field, "reason": w.reason])
        }
    }
}
