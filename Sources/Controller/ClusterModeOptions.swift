import Foundation
import KubeClient
import Reconciler

/// Everything `portico serve` needs for the cluster mode, from flags and the pod's environment.
public struct ClusterModeOptions: Sendable {
    /// `--kubeconfig PATH`; nil means in-cluster (service-account token).
    public var kubeconfig: String?
    /// `--context NAME` in the kubeconfig; nil uses its current-context.
    public var context: String?
    /// What to watch and how often to rebuild (`--watch-namespace`, `--min-rebuild-interval`, class options).
    public var controller: ClusterControllerConfiguration
    /// `--election-id`: the Lease name; nil disables leader election (this replica always leads).
    public var electionID: String?
    /// `--publish-service` or `--publish-address`; nil writes no Ingress status.
    public var publish: IngressStatusSource?
    /// Post builder warnings as Kubernetes Events (only the leader does).
    public var events: Bool
    /// This replica's identity (`POD_NAME`, else the host name).
    public var podName: String
    /// Namespace for the Lease (`POD_NAMESPACE`, else the connection's, else `default`).
    public var podNamespace: String?
    /// Lease timings; client-go's defaults (15 s, 10 s, 2 s).
    public var leaseDuration: Duration
    public var renewDeadline: Duration
    public var retryPeriod: Duration

    public init(kubeconfig: String? = nil, context: String? = nil,
                controller: ClusterControllerConfiguration = .init(), electionID: String? = "portico-leader",
                publish: IngressStatusSource? = nil, events: Bool = true,
                podName: String = ProcessInfo.processInfo.environment["POD_NAME"] ?? ProcessInfo.processInfo.hostName,
                podNamespace: String? = ProcessInfo.processInfo.environment["POD_NAMESPACE"],
                leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10),
                retryPeriod: Duration = .seconds(2)) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.controller = controller
        self.electionID = electionID
        self.publish = publish
        self.events = events
        self.podName = podName
        self.podNamespace = podNamespace
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }

    /// The API server connection: the kubeconfig if given, else in-cluster.
    public func connection() throws(KubeConfigError) -> KubeConnection {
        if let kubeconfig { return try KubeConfigFile.load(path: kubeconfig, context: context) }
        return try InClusterConfig.load()
    }
}
