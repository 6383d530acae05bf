import KubeAPI
import KubeClient
import Reconciler
import Routing
import Synchronization
import Telemetry

/// The cluster mode assembled: the controller (informers → snapshot), leader election,
/// the Ingress status writer and the event recorder, wired together. The one object
/// `portico serve` creates when not in manifests mode:
///
///     let mode = ClusterMode(connection: try options.connection(), store: store, options: options)
///     mode.start()            // readiness: mode.isReady
///     ...
///     mode.stop()             // on SIGTERM, before the data plane drains
///
/// Only the leader writes status and posts Events, so replicas do not fight or repeat
/// each other; without an election ID this replica always leads.
public final class ClusterMode: Sendable {
    /// The informers and the snapshot publisher.
    public let controller: ClusterController
    /// The election, when `electionID` is set.
    public let election: LeaderElection?
    private let statusWriter: IngressStatusWriter?
    private let events: EventRecorder?
    private let store: SnapshotStore
    private let logger: Logger

    public init(connection: KubeConnection, store: SnapshotStore, options: ClusterModeOptions,
                metrics: PorticoMetrics? = nil, logger: Logger = Logger(label: "cluster")) {
        let client = KubeClient(connection: connection, metrics: metrics)
        self.store = store
        self.logger = logger
        let leadership = LeadershipBox()
        let namespace = options.podNamespace ?? connection.namespace ?? "default"

        let statusWriter = options.publish.map {
            IngressStatusWriter(client: client, source: $0, builderOptions: options.controller.builderOptions,
                                logger: logger, isLeader: { leadership.isLeader })
        }
        let events = options.events
            ? EventRecorder(client: client, configuration: .init(controllerName: options.controller.builderOptions.controllerName,
                                                                 instance: options.podName), logger: logger)
            : nil
        self.statusWriter = statusWriter
        self.events = events

        let controller = ClusterController(client: client, store: store, configuration: options.controller,
                                           metrics: metrics, logger: logger, onBuild: { build in
            guard build.isFullRebuild, leadership.isLeader else { return }
            statusWriter?.update(build.state)
            events?.record(build.warnings, objects: build.state)
        })
        self.controller = controller

        if let electionID = options.electionID {
            election = LeaderElection(
                client: client,
                configuration: LeaderElectionConfiguration(
                    leaseName: electionID, namespace: namespace, identity: options.podName,
                    leaseDuration: options.leaseDuration, renewDeadline: options.renewDeadline,
                    retryPeriod: options.retryPeriod),
                metrics: metrics, logger: logger,
                onStartedLeading: {
                    // Catch up with what was built while following.
                    guard controller.hasSynced else { return }
                    let state = controller.state
                    statusWriter?.update(state)
                    if store.hasSnapshot { events?.record(store.load().warnings, objects: state) }
                })
        } else {
            election = nil
        }
        leadership.set(election)
    }

    /// Starts watching, and campaigning when an election ID is set.
    public func start() {
        controller.start()
        election?.start()
    }

    /// Stops campaigning (releasing the lease) and watching.
    public func stop() {
        election?.stop()
        controller.stop()
        statusWriter?.flush()
        events?.flush()
    }

    /// Ready to serve: every kind synced and a snapshot published.
    public var isReady: Bool { controller.hasSynced && store.hasSnapshot }
    /// Whether the watches are established (false during an API outage; the last snapshot keeps serving).
    public var isConnected: Bool { controller.isConnected }
    /// Whether this replica writes status and Events now.
    public var isLeader: Bool { election?.isLeader ?? true }
}

/// Lets the callbacks created before the election ask whether we lead; false until
/// `ClusterMode.init` has finished wiring.
private final class LeadershipBox: Sendable {
    private let state = Mutex<(configured: Bool, election: LeaderElection?)>((false, nil))

    func set(_ election: LeaderElection?) { state.withLock { $0 = (true, election) } }

    var isLeader: Bool {
        state.withLock { s in s.configured ? (s.election?.isLeader ?? true) : false }
    }
}
