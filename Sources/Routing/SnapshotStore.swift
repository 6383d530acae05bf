import Synchronization

/// The one seam between controller and data plane: the controller publishes a snapshot,
/// every worker reads the current one.
///
/// Readers pay one relaxed atomic load per request (`SnapshotReader`) and take the lock
/// only in the rare request that follows a publish, so the request path is lock-free in
/// the steady state and a swap never blocks or fails a request.
public final class SnapshotStore: Sendable {
    private let generationCounter = Atomic<UInt64>(0)
    private let current = Mutex<RoutingSnapshot>(.empty)
    private let listeners = Mutex<[@Sendable (RoutingSnapshot) -> Void]>([])

    public init() {}

    /// Publishes a new snapshot, stamping it with the next generation; returns that generation.
    @discardableResult
    public func publish(_ snapshot: RoutingSnapshot) -> UInt64 {
        var s = snapshot
        let generation = current.withLock { cur -> UInt64 in
            s.generation = cur.generation + 1
            cur = s
            // Store the generation while holding the lock so a reader that sees it also
            // sees (at least) this snapshot.
            generationCounter.store(s.generation, ordering: .releasing)
            return s.generation
        }
        for listener in listeners.withLock({ $0 }) { listener(s) }
        return generation
    }

    /// The current snapshot (takes the lock; per-request readers use `SnapshotReader`).
    public func load() -> RoutingSnapshot {
        current.withLock { $0 }
    }

    /// Generation of the current snapshot; 0 before the first publish.
    public var generation: UInt64 {
        generationCounter.load(ordering: .acquiring)
    }

    /// Whether a snapshot was ever published (readiness: nothing is served before).
    public var hasSnapshot: Bool { generation > 0 }

    /// Calls `listener` after every publish, on the publishing thread (e.g. to refresh the
    /// TLS contexts or a metrics gauge); it must not block.
    public func onPublish(_ listener: @escaping @Sendable (RoutingSnapshot) -> Void) {
        listeners.withLock { $0.append(listener) }
    }
}

/// A worker-confined cache of the current snapshot: one atomic load per request.
public struct SnapshotReader {
    private let store: SnapshotStore
    private var cached: RoutingSnapshot

    public init(store: SnapshotStore) {
        self.store = store
        self.cached = store.load()
    }

    /// The current snapshot; a request keeps the value it got for its whole life.
    public mutating func current() -> RoutingSnapshot {
        if store.generation != cached.generation { cached = store.load() }
        return cached
    }
}
