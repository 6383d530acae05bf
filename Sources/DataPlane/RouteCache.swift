import HTTP1
import Routing
import Telemetry
#if canImport(Glibc)
import Glibc
#endif

/// What routing decided for a host and path.
enum RouteDecision {
    /// Proxy to the backend at this index of the snapshot; the route's metric handles when
    /// metrics are on (made once per route and generation, on the lookup that missed).
    case backend(Int, RouteMetrics?)
    /// No virtual host or route matched (404); the text names what was asked.
    case noRoute(String)
    /// The route has no usable backend or no ready endpoint (503); the text names it. The
    /// route's metric handles count the 503 under its Ingress (nil when metrics are off).
    case noEndpoints(String, RouteMetrics?)
    /// HTTPS: the route's host has TLS and a redirect or HSTS policy; `then` is the rest.
    indirect case secure(SecureRoutePolicy, then: RouteDecision)
}

/// A per-worker memo of routing decisions for the current snapshot generation, keyed by the
/// exact bytes of Host and path, so a hot route costs a hash and a compare instead of
/// building Strings and walking the snapshot. Direct-mapped; a snapshot swap invalidates it.
///
/// Safe because `RoutingSnapshot.lookup` is a pure function of (snapshot, host, path).
struct RouteCache {
    private struct Entry {
        var generation: UInt64
        var host: [UInt8]
        var path: [UInt8]
        var decision: RouteDecision
    }

    private static let slots = 256
    private static let maxKeyBytes = 512
    private var entries: [Entry?] = Array(repeating: nil, count: RouteCache.slots)

    /// The decision for `head` under `snapshot`, from the memo or a real lookup.
    mutating func decide(_ head: RequestHead, in snapshot: RoutingSnapshot) -> RouteDecision {
        decide(head, generation: snapshot.generation) { Self.lookup(head, snapshot, metrics: nil) }
    }

    /// `decide(_:in:)` without touching the snapshot on a hit: `lookup` runs only on a miss.
    mutating func decide(_ head: RequestHead, generation: UInt64, lookup: () -> RouteDecision) -> RouteDecision {
        let hostRange = head.hostRange ?? 0..<0
        let pathRange = head.pathRange
        let cacheable = hostRange.count + pathRange.count <= Self.maxKeyBytes && !(head.targetForm == .absolute && pathRange.isEmpty)
        var slot = 0
        if cacheable {
            let h = head.bytes.withUnsafeBytes { p in
                Self.hash(p, pathRange, seed: Self.hash(p, hostRange, seed: 0xcbf2_9ce4_8422_2325))
            }
            slot = Int(truncatingIfNeeded: h) & (Self.slots - 1)
            if let e = entries[slot], e.generation == generation,
               Self.equal(e.host, head.bytes, hostRange), Self.equal(e.path, head.bytes, pathRange)
            {
                return e.decision
            }
        }
        let decision = lookup()
        if cacheable {
            entries[slot] = Entry(generation: generation, host: Array(head.bytes[hostRange]),
                                  path: Array(head.bytes[pathRange]), decision: decision)
        }
        return decision
    }

    static func lookup(_ head: RequestHead, _ snapshot: RoutingSnapshot, metrics: PorticoMetrics?) -> RouteDecision {
        let host = head.host ?? ""
        let path = head.path
        guard let match = snapshot.lookup(host: host, path: path) else { return .noRoute("\(host)\(path)") }
        // HTTPS: a TLS host's redirect / HSTS wraps the decision (only those hosts pay for it).
        if let secure = SecureRoutePolicy(virtualHost: match.virtualHost, policies: match.route.policies) {
            return .secure(secure, then: decide(match, snapshot, metrics: metrics))
        }
        return decide(match, snapshot, metrics: metrics)
    }

    private static func decide(_ match: RouteMatch, _ snapshot: RoutingSnapshot, metrics: PorticoMetrics?) -> RouteDecision {
        let handles = metrics.map { m in
            m.route(RouteLabels(namespace: match.route.source.namespace, ingress: match.route.source.name,
                                host: match.virtualHost.name, path: match.route.match.value,
                                service: match.backend?.name.service ?? ""))
        }
        guard let bi = match.route.backend, bi < snapshot.backends.count, !snapshot.backends[bi].endpoints.isEmpty else {
            return .noEndpoints(match.backend?.name.description ?? "route without a backend", handles)
        }
        return .backend(bi, handles)
    }

    /// FNV-1a, case-folded so `Example.com` and `example.com` share a slot (the compare is exact).
    @inline(__always)
    private static func hash(_ p: UnsafeRawBufferPointer, _ r: Range<Int>, seed: UInt64) -> UInt64 {
        var h = seed
        for i in r {
            h = (h ^ UInt64(p[i] | 0x20)) &* 0x100_0000_01b3
        }
        return h
    }

    @inline(__always)
    private static func equal(_ a: [UInt8], _ b: [UInt8], _ r: Range<Int>) -> Bool {
        guard a.count == r.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in memcmp(pa.baseAddress!, pb.baseAddress! + r.lowerBound, r.count) == 0 }
        }
    }
}
