/// Counters of the cluster controller, for tests and the debug endpoint (the same
/// figures go to `PorticoMetrics` when one is given).
public struct ClusterControllerStatistics: Sendable, Hashable {
    /// Informer events received, by kind (e.g. `Ingress`).
    public var eventsByKind: [String: Int] = [:]
    /// Full rebuilds published.
    public var fullRebuilds = 0
    /// Endpoint-only updates published (the fast path).
    public var endpointUpdates = 0
    /// Duration of the last build, in seconds.
    public var lastBuildSeconds = 0.0

    public init() {}
}
