import Reactor
import Routing
import Telemetry

/// One backend's balancing state on one worker: the endpoint list it was built for, their
/// parsed addresses, and the round-robin position.
final class BackendBalance {
    let endpoints: [Endpoint]
    /// Parsed once per endpoint list; nil for names we cannot dial (not an IP literal).
    let addresses: [SocketAddress?]
    var roundRobin: WeightedRoundRobin
    /// The backend's upstream metrics, resolved on first use (nil: metrics off).
    var metrics: BackendMetrics?

    init(endpoints: [Endpoint]) {
        self.endpoints = endpoints
        addresses = endpoints.map { try? SocketAddress(host: $0.host, port: $0.port) }
        roundRobin = WeightedRoundRobin(weights: endpoints.map(\.weight))
    }
}

/// Per-worker balancing state, keyed by backend name so it survives snapshot swaps, with an
/// array by backend index per snapshot generation so a request does no lookup by string.
struct LoadBalancer {
    private var byName: [BackendName: BackendBalance] = [:]
    private var byIndex: [BackendBalance?] = []
    private var generation: UInt64 = .max

    mutating func balance(for index: Int, in snapshot: RoutingSnapshot) -> BackendBalance {
        balance(for: index, generation: snapshot.generation, backendCount: snapshot.backends.count) { snapshot.backends[index] }
    }

    /// The state for backend `index` of the snapshot with `generation`; `backend` is called
    /// only when this worker has no state for that index in that generation yet.
    mutating func balance(for index: Int, generation: UInt64, backendCount: Int, backend: () -> Backend) -> BackendBalance {
        if generation != self.generation {
            self.generation = generation
            byIndex = Array(repeating: nil, count: backendCount)
            // Forget backends that left the snapshot so the map stays bounded.
            if byName.count > 2 * backendCount + 16 { byName.removeAll(keepingCapacity: true) }
        }
        if let b = byIndex[index] { return b }
        let backend = backend()
        let b: BackendBalance
        if let existing = byName[backend.name], existing.endpoints == backend.endpoints {
            b = existing
        } else {
            b = BackendBalance(endpoints: backend.endpoints)
            byName[backend.name] = b
        }
        byIndex[index] = b
        return b
    }
}
