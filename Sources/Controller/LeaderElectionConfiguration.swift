/// Timing and identity of leader election; the defaults are client-go's.
public struct LeaderElectionConfiguration: Sendable {
    /// Lease name (`--election-id`).
    public var leaseName: String
    /// Namespace of the Lease (the pod's namespace).
    public var namespace: String
    /// This replica's identity, written to `holderIdentity` (the pod name).
    public var identity: String
    /// How long a lease lasts without renewal; others wait this long before taking over.
    public var leaseDuration: Duration
    /// How long the leader keeps trying to renew before giving up leadership.
    public var renewDeadline: Duration
    /// Time between attempts to acquire or renew.
    public var retryPeriod: Duration
    /// Clear `holderIdentity` on `stop()` so another replica takes over at once.
    public var releaseOnStop: Bool

    public init(leaseName: String, namespace: String, identity: String,
                leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10),
                retryPeriod: Duration = .seconds(2), releaseOnStop: Bool = true) {
        self.leaseName = leaseName
        self.namespace = namespace
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.releaseOnStop = releaseOnStop
    }
}
