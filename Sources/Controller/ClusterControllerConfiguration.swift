import KubeClient
import Reconciler

/// Settings of the cluster mode: what to watch and how often to rebuild.
public struct ClusterControllerConfiguration: Sendable {
    /// Watch only this namespace (`--watch-namespace`); nil watches all.
    public var watchNamespace: String?
    /// Minimum time between two rebuilds (`--min-rebuild-interval`); changes arriving
    /// meanwhile are coalesced into the next one.
    public var minRebuildInterval: Duration
    /// Class, default backend and certificate options for the builder (`now` is set per build).
    public var builderOptions: SnapshotBuilderOptions
    /// `limit` for list pages.
    public var pageSize: Int
    /// Server-side timeout of each watch.
    public var watchTimeoutSeconds: Int
    /// Back-off between failed list/watch attempts.
    public var backoff: Backoff
    /// How ExternalName Services are resolved (refresh, grace, timeout, lookup function).
    public var externalNames: ExternalNameOptions

    public init(watchNamespace: String? = nil, minRebuildInterval: Duration = .milliseconds(50),
                builderOptions: SnapshotBuilderOptions = .init(), pageSize: Int = 500,
                watchTimeoutSeconds: Int = 300, backoff: Backoff = .init(),
                externalNames: ExternalNameOptions = .init()) {
        self.externalNames = externalNames
        self.watchNamespace = watchNamespace
        self.minRebuildInterval = minRebuildInterval
        self.builderOptions = builderOptions
        self.pageSize = pageSize
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.backoff = backoff
    }
}
