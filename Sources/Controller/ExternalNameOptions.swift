/// How ExternalName Services are resolved to addresses before a snapshot is published.
///
/// `getaddrinfo` reports no TTL, so answers are refreshed on a fixed interval instead of
/// the record's TTL: a DNS change reaches the proxy within about `refreshInterval`.
public struct ExternalNameOptions: Sendable {
    /// Re-resolve a name whose last answer is this old (default 30 s).
    public var refreshInterval: Duration
    /// Retry a name whose last lookup failed this often (default 5 s).
    public var retryInterval: Duration
    /// Keep serving the last good addresses this long after lookups start failing, so a
    /// DNS blip does not take a route down (default 5 min).
    public var gracePeriod: Duration
    /// The longest a publish waits for the first answer of a new name (default 2 s); a
    /// slower answer is published by the refresh loop when it arrives, so a slow resolver
    /// never delays other changes by more than this.
    public var resolveTimeout: Duration
    /// How often the refresh loop looks for due names and late answers (default 1 s).
    public var tickInterval: Duration
    /// Name → addresses, nil when it does not resolve. Tests inject a fake so they never
    /// touch the network.
    public var lookup: @Sendable (String) -> [String]?

    public init(refreshInterval: Duration = .seconds(30), retryInterval: Duration = .seconds(5),
                gracePeriod: Duration = .seconds(300), resolveTimeout: Duration = .seconds(2),
                tickInterval: Duration = .seconds(1),
                lookup: @escaping @Sendable (String) -> [String]? = HostNameLookup.system) {
        self.refreshInterval = refreshInterval
        self.retryInterval = retryInterval
        self.gracePeriod = gracePeriod
        self.resolveTimeout = resolveTimeout
        self.tickInterval = tickInterval
        self.lookup = lookup
    }
}
