/// The immutable routing table the data plane serves: built by the controller off to the
/// side, published whole through `SnapshotStore`, read by requests without locks.
///
/// Deterministic by contract: the builder sorts everything and records a warning for
/// every object it rejects, so equal inputs give equal snapshots (golden tests rely on it).
public struct RoutingSnapshot: Hashable, Sendable {
    /// Increases by one with every publish; 0 means "nothing synced yet".
    public var generation: UInt64
    /// Lowercased exact host name to its virtual host.
    public var hosts: [String: VirtualHost]
    /// Wildcard suffix (after `*`, e.g. `.example.com`) to its virtual host.
    public var wildcardHosts: [String: VirtualHost]
    /// Rules without a host, then `spec.defaultBackend` (as a `/` prefix route) and the
    /// controller-wide default backend; consulted when no host matches, and after a
    /// matched host's own routes.
    public var defaultHost: VirtualHost?
    /// All backends the routes refer to, by index; sorted by name.
    public var backends: [Backend]
    /// Certificates for TLS termination.
    public var tls: TLSTable
    /// Everything the builder rejected or ignored, sorted.
    public var warnings: [ConfigWarning]

    public init(generation: UInt64 = 0, hosts: [String: VirtualHost] = [:],
                wildcardHosts: [String: VirtualHost] = [:], defaultHost: VirtualHost? = nil,
                backends: [Backend] = [], tls: TLSTable = .init(), warnings: [ConfigWarning] = []) {
        self.generation = generation
        self.hosts = hosts
        self.wildcardHosts = wildcardHosts
        self.defaultHost = defaultHost
        self.backends = backends
        self.tls = tls
        self.warnings = warnings
    }

    /// The empty table served before the first sync (every request gets 503/404).
    public static let empty = RoutingSnapshot()

    /// Index of the backend with this name, if the snapshot has one.
    public func backendIndex(named name: BackendName) -> Int? {
        backends.firstIndex { $0.name == name }
    }
}
