import Reconciler
import Routing

/// One published result of the cluster controller, handed to the status writer and the
/// event recorder after the snapshot went live.
public struct ClusterBuild: Sendable {
    /// The objects the snapshot was built from.
    public var state: ClusterState
    /// The snapshot as published (with its generation).
    public var snapshot: RoutingSnapshot
    /// The builder's warnings (unchanged by endpoint-only updates).
    public var warnings: [ConfigWarning]
    /// Whether this was a full rebuild (false: the EndpointSlice fast path).
    public var isFullRebuild: Bool
}
