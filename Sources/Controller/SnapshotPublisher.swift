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
        var snapshot: RoutingSnapshot
    }

    private let store: SnapshotStore
    private let options: SnapshotBuilderOptions
    private let log: Logger
    private let clock: @Sendable () -> Int64
    private let last = Mutex<Last?>(nil)

    /// - Parameters:
    ///   - options: builder options; `now` is replaced by `clock()` at every build.
    ///   - clock: seconds since the Unix epoch (injectable for tests).
    public init(store: SnapshotStore, options: SnapshotBuilderOptions = .init(), log: Logger,
                clock: @escaping @Sendable () -> Int64 = { Int64(WallClock.now()) }) {
        self.store = store
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
                last = Last(state: state, snapshot: snapshot)
                let generation = store.publish(snapshot)
                log.debug("endpoints refreshed", ["generation": generation, "backends": snapshot.backends.count])
                return Outcome(generation: generation, endpointsOnly: true, warningCount: snapshot.warnings.count)
            }
            var opts = options
            opts.now = clock()
            let (snapshot, warnings) = SnapshotBuilder.build(state, options: opts)
            logChanges(from: last?.snapshot.warnings ?? [], to: warnings)
            last = Last(state: state, snapshot: snapshot)
            let generation = store.publish(snapshot)
            log.info("snapshot published", [
                "generation": generation, "hosts": snapshot.hosts.count + snapshot.wildcardHosts.count,
                "backends": snapshot.backends.count, "warnings": warnings.count,
            ])
            return Outcome(generation: generation, endpointsOnly: false, warningCount: warnings.count)
        }
    }

    /// The last snapshot this publisher built (before the store stamped its generation).
    public var lastSnapshot: RoutingSnapshot? { last.withLock { $0?.snapshot } }

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
