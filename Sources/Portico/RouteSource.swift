import Controller
import KubeClient
#if canImport(Glibc)
import Glibc
#endif
import DataPlane
import Reconciler
import Routing
import TLS
import Telemetry

/// The running producer of snapshots for `portico serve`: a manifests folder, the
/// Kubernetes API, or a fixed catch-all upstream list. Stopped before the data plane drains.
enum RouteSource {
    case manifests(ManifestSource)
    case cluster(ClusterMode)
    case fixed

    /// Picks the source the flags ask for and starts it publishing into `store`.
    static func start(_ o: ServeOptions, store: SnapshotStore, metrics: PorticoMetrics,
                      logger: Logger) throws(CLIError) -> RouteSource {
        let src = o.routes
        let chosen = [src.manifests != nil, src.kubeconfig != nil, !o.upstreams.isEmpty].filter { $0 }.count
        guard chosen <= 1 else {
            throw CLIError(message: "choose one source of routes: --manifests, --kubeconfig or --upstream")
        }
        let builder = src.builderOptions(validator: certificateValidator)
        if let dir = src.manifests {
            guard isDirectory(dir) else {
                throw CLIError(message: "--manifests \(dir): not a readable folder")
            }
            var options = ManifestSourceOptions(builder: builder, minRebuildIntervalMilliseconds: src.minRebuildIntervalMs)
            options.metrics = metrics
            let source = ManifestSource(
                directory: dir,
                options: options,
                store: store, log: logger.with(["component": "manifests"]))
            source.start()
            return .manifests(source)
        }
        if !o.upstreams.isEmpty {
            store.publish(CatchAllSnapshot.make(endpoints: o.upstreams))
            return .fixed
        }
        guard src.kubeconfig != nil || InClusterEnvironment.isPresent else {
            throw CLIError(message: """
                no source of routes: pass --manifests DIR (no cluster needed), --kubeconfig PATH, \
                or run inside a pod (KUBERNETES_SERVICE_HOST set)
                """)
        }
        let options = ClusterModeOptions(
            kubeconfig: src.kubeconfig, context: src.context,
            controller: ClusterControllerConfiguration(
                watchNamespace: src.watchNamespace,
                minRebuildInterval: .milliseconds(src.minRebuildIntervalMs),
                builderOptions: builder),
            electionID: src.electionID.isEmpty ? nil : src.electionID,
            publish: src.publish, events: src.events)
        let connection: KubeConnection
        do { connection = try options.connection() } catch {
            throw CLIError(message: "cannot reach the Kubernetes API: \(error)")
        }
        let mode = ClusterMode(connection: connection, store: store, options: options, metrics: metrics,
                               logger: logger.with(["component": "cluster"]))
        mode.start()
        return .cluster(mode)
    }

    /// Stops producing snapshots; the last one keeps serving while the data plane drains.
    func stop() {
        switch self {
        case .manifests(let m): m.stop()
        case .cluster(let c): c.stop()
        case .fixed: break
        }
    }

    /// The real certificate check (OpenSSL), adapted to the builder's injected validator.
    static let certificateValidator: CertificateValidator = { cert, key in
        TLSCertificateValidator.notAfterValidator()(cert, key).mapError { CertificateProblem($0.description) }
    }
}

/// Facts about the process environment the source choice depends on.
enum InClusterEnvironment {
    /// Whether we run in a pod (the API server's address is in the environment).
    static var isPresent: Bool {
        guard let v = getenv("KUBERNETES_SERVICE_HOST") else { return false }
        return v.pointee != 0
    }
}

/// Whether a path names a folder we can list.
func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR && access(path, R_OK | X_OK) == 0
}
