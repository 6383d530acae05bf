import Dispatch
import Reconciler
import Routing
import Synchronization

/// Replaces the DNS-name endpoints of ExternalName Services by the addresses the name
/// resolves to, so the data plane (which connects to IP literals only and must never block
/// on DNS) can route to them.
///
/// Lookups run on background threads; answers are cached per name and refreshed every
/// `refreshInterval` (getaddrinfo gives no TTL). `apply(to:)` only reads the cache, so it
/// is cheap and never blocks. A name whose lookups start failing keeps its last good
/// addresses for `gracePeriod`; after that, or when it never resolved, its backend keeps
/// no endpoints (503) and the snapshot gets an `ExternalNameUnresolved` warning.
public final class ExternalNameResolver: Sendable {
    /// What the cache knows about one name.
    struct Entry: Sendable {
        /// Addresses of the last successful lookup, sorted; empty if none ever succeeded.
        var good: [String] = []
        /// When `good` was obtained (seconds on the resolver's clock).
        var goodAt: Double?
        /// Whether the latest finished lookup failed.
        var failing = false
        /// When the latest lookup finished; nil before the first answer.
        var checkedAt: Double?
        /// A lookup for the name is running.
        var inFlight = false
    }

    public let options: ExternalNameOptions
    private let clock: @Sendable () -> Double
    private let entries = Mutex<[String: Entry]>([:])
    private let answerCount = Atomic<UInt64>(0)
    private let lookupQueue = DispatchQueue(label: "portico.externalname", attributes: .concurrent)

    /// - Parameter clock: monotonic seconds (injectable so tests can step over the refresh
    ///   interval and the grace period).
    public init(options: ExternalNameOptions = .init(),
                clock: @escaping @Sendable () -> Double = ExternalNameResolver.monotonicSeconds) {
        self.options = options
        self.clock = clock
    }

    /// Seconds on the process's monotonic clock.
    @Sendable public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// Bumps whenever a lookup finishes with an answer different from the cached one, so a
    /// caller knows when re-applying could change the snapshot.
    public var answerGeneration: UInt64 { answerCount.load(ordering: .acquiring) }

    /// The DNS names among the endpoints of `snapshot`'s backends.
    public static func names(in snapshot: RoutingSnapshot) -> Set<String> {
        var names = Set<String>()
        for backend in snapshot.backends {
            for endpoint in backend.endpoints where !HostNameLookup.isIPLiteral(endpoint.host) {
                names.insert(endpoint.host)
            }
        }
        return names
    }

    // MARK: - Lookups

    /// Starts a lookup for every name that has no answer yet or whose answer is due
    /// (older than `refreshInterval`, or `retryInterval` after a failure), then waits up to
    /// `resolveTimeout` for the names that had no answer at all (for every started lookup
    /// when `waitForRefreshes`). A lookup still running at the deadline finishes in the
    /// background and bumps `answerGeneration`.
    public func update(_ names: Set<String>, waitForRefreshes: Bool = false) {
        guard !names.isEmpty else { return }
        let now = clock()
        let refresh = Self.seconds(options.refreshInterval), retry = Self.seconds(options.retryInterval)
        let started = entries.withLock { table -> [(name: String, isFirst: Bool)] in
            var started: [(String, Bool)] = []
            for name in names.sorted() {
                var entry = table[name] ?? Entry()
                guard !entry.inFlight else { continue }
                if let checked = entry.checkedAt, now - checked < (entry.failing ? retry : refresh) { continue }
                entry.inFlight = true
                table[name] = entry
                started.append((name, entry.checkedAt == nil))
            }
            return started
        }
        guard !started.isEmpty else { return }
        let group = DispatchGroup()
        for (name, isFirst) in started {
            let lookup = options.lookup
            let work: @Sendable () -> Void = { [self] in record(name, lookup(name)) }
            if isFirst || waitForRefreshes {
                lookupQueue.async(group: group, execute: work)
            } else {
                lookupQueue.async(execute: work)
            }
        }
        _ = group.wait(timeout: .now() + .nanoseconds(Int(Self.seconds(options.resolveTimeout) * 1e9)))
    }

    private func record(_ name: String, _ answer: [String]?) {
        let done = clock()
        let addresses = Array(Set(answer ?? [])).sorted()
        let changed = entries.withLock { table -> Bool in
            var entry = table[name] ?? Entry()
            let before = (entry.good, entry.failing, entry.checkedAt == nil)
            entry.inFlight = false
            entry.checkedAt = done
            if addresses.isEmpty {
                entry.failing = true
            } else {
                entry.good = addresses
                entry.goodAt = done
                entry.failing = false
            }
            table[name] = entry
            return before != (entry.good, entry.failing, false)
        }
        if changed { answerCount.add(1, ordering: .releasing) }
    }

    // MARK: - Snapshots

    /// `snapshot` with each DNS-name endpoint replaced by its cached addresses (same port
    /// and weight), `upstreamServerName` set to the name where none was configured (so
    /// HTTPS backends send it as SNI and verify against it), and an `ExternalNameUnresolved`
    /// warning for each name without usable addresses. Reads the cache only.
    public func apply(to snapshot: RoutingSnapshot) -> RoutingSnapshot {
        let now = clock()
        let table = entries.withLock { $0 }
        let grace = Self.seconds(options.gracePeriod)
        var result = snapshot
        var warnings = Set<ConfigWarning>()
        for i in result.backends.indices {
            let backend = result.backends[i]
            guard backend.endpoints.contains(where: { !HostNameLookup.isIPLiteral($0.host) }) else { continue }
            var endpoints = Set<Endpoint>()
            var firstName: String?
            for endpoint in backend.endpoints {
                if HostNameLookup.isIPLiteral(endpoint.host) {
                    endpoints.insert(endpoint)
                    continue
                }
                if firstName == nil { firstName = endpoint.host }
                let entry = table[endpoint.host]
                let addresses = Self.usable(entry, now: now, grace: grace)
                if addresses.isEmpty {
                    warnings.insert(warning(backend.name, host: endpoint.host, entry: entry))
                }
                for address in addresses {
                    endpoints.insert(Endpoint(host: address, port: endpoint.port, weight: endpoint.weight))
                }
            }
            result.backends[i].endpoints = endpoints.sorted()
            if result.backends[i].settings.upstreamServerName == nil, var name = firstName {
                // A fully qualified name's root dot is not part of the SNI host name (RFC 6066 §3).
                if name.hasSuffix(".") { name.removeLast() }
                result.backends[i].settings.upstreamServerName = name
            }
        }
        if !warnings.isEmpty {
            result.warnings = Array(Set(result.warnings).union(warnings)).sorted()
        }
        return result
    }

    /// The addresses to publish for a name: the last answer while it succeeds or while the
    /// failures are younger than the grace period after the last success.
    static func usable(_ entry: Entry?, now: Double, grace: Double) -> [String] {
        guard let entry, let goodAt = entry.goodAt else { return [] }
        if entry.failing && now - goodAt > grace { return [] }
        return entry.good
    }

    private func warning(_ backend: BackendName, host: String, entry: Entry?) -> ConfigWarning {
        let service = "\(backend.namespace)/\(backend.service)"
        let message: String
        if entry?.checkedAt == nil {
            message = "the externalName \"\(host)\" of Service \"\(service)\" has not resolved yet (no answer within \(Self.describe(options.resolveTimeout))); requests get 503 until it does"
        } else if entry?.goodAt != nil {
            message = "the externalName \"\(host)\" of Service \"\(service)\" stopped resolving and its last addresses are older than the \(Self.describe(options.gracePeriod)) grace period; requests get 503; retrying every \(Self.describe(options.retryInterval))"
        } else {
            message = "the externalName \"\(host)\" of Service \"\(service)\" does not resolve to any address; requests get 503; check the name (retrying every \(Self.describe(options.retryInterval)))"
        }
        return ConfigWarning(object: ObjectRef(kind: "Service", namespace: backend.namespace, name: backend.service),
                             field: "spec.externalName", reason: WarningReason.externalNameUnresolved.rawValue,
                             message: message)
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }

    private static func describe(_ d: Duration) -> String {
        let s = seconds(d)
        return s < 1 ? "\(Int(s * 1000)) ms" : s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}
