/// The result of matching a request against a snapshot.
///
/// Holds the virtual host, the route's position and the snapshot's backend table, so a
/// lookup copies a few references; `route` and `backend` are read from them on access.
public struct RouteMatch: Sendable {
    /// The virtual host that matched (the catch-all when no host did).
    public let virtualHost: VirtualHost
    /// Position of the matched route in `virtualHost.routes`.
    public let routeIndex: Int
    private let backends: [Backend]

    init(virtualHost: VirtualHost, routeIndex: Int, backends: [Backend]) {
        self.virtualHost = virtualHost
        self.routeIndex = routeIndex
        self.backends = backends
    }

    /// The matched route.
    public var route: Route { virtualHost.routes[routeIndex] }

    /// Index of the route's backend in `RoutingSnapshot.backends`, nil when it has none
    /// usable (answer 503).
    public var backendIndex: Int? {
        guard let b = virtualHost.routes[routeIndex].backend, b < backends.count else { return nil }
        return b
    }

    /// The route's backend, nil when it has none usable (answer 503).
    public var backend: Backend? { backendIndex.map { backends[$0] } }
}

extension RoutingSnapshot {
    /// Finds the route for a request.
    ///
    /// - Parameters:
    ///   - host: the Host header or authority, any case, with or without `:port`.
    ///   - path: the request path without the query string.
    /// - Returns: nil when nothing matches (answer 404).
    ///
    /// Host selection is a hash lookup (exact, then one-label wildcard); within a host the
    /// routes are few and already in match order, so the first match is the longest one.
    public func lookup(host: String, path: String) -> RouteMatch? {
        let name = Self.normalizedHost(host)
        if let vh = hosts[name] {
            if let m = firstMatch(in: vh, path: path) { return m }
        } else if let vh = wildcardHost(for: name), let m = firstMatch(in: vh, path: path) {
            return m
        }
        if let d = defaultHost, let m = firstMatch(in: d, path: path) { return m }
        return nil
    }

    /// The virtual host that owns a name (exact, then wildcard), ignoring the catch-all.
    public func virtualHost(for host: String) -> VirtualHost? {
        let name = Self.normalizedHost(host)
        return hosts[name] ?? wildcardHost(for: name)
    }

    private func wildcardHost(for name: String) -> VirtualHost? {
        // The wildcard stands for exactly one non-empty label.
        guard !wildcardHosts.isEmpty, let dot = name.firstIndex(of: "."), dot != name.startIndex else { return nil }
        return wildcardHosts[String(name[dot...])]
    }

    private func firstMatch(in vh: VirtualHost, path: String) -> RouteMatch? {
        guard let i = vh.index.firstMatch(in: vh.routes, path: path) else { return nil }
        return RouteMatch(virtualHost: vh, routeIndex: i, backends: backends)
    }

    /// Lowercases and strips a `:port` suffix (keeping IPv6 literals' brackets intact).
    /// A host that is already lowercase with no port or trailing dot (the common case) is
    /// returned as is, without a copy.
    public static func normalizedHost(_ host: String) -> String {
        let clean = host.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for b in bytes where (b >= 0x41 && b <= 0x5A) || b == 0x3A || b >= 0x80 { return false }
            return bytes.last != 0x2E
        } ?? false
        if clean { return host }
        var h = Substring(host)
        if h.hasPrefix("[") {
            if let close = h.firstIndex(of: "]") { h = h[...close] }
        } else if let colon = h.lastIndex(of: ":") {
            h = h[..<colon]
        }
        if h.hasSuffix(".") { h = h.dropLast() }
        return h.lowercased()
    }
}

extension PathMatch {
    /// Whether a request path (no query string) matches, per the Ingress API's rules.
    public func matches(path: String) -> Bool {
        switch self {
        case .exact(let p):
            return path.utf8.count == p.utf8.count && path == p
        case .prefix(let p):
            return Self.hasElementPrefix(path, p)
        case .regex(let pattern):
            return RegexCache.matches(pattern: pattern, path: path)
        }
    }

    /// Element-wise prefix (Ingress `Prefix`): `path` equals `prefix` or continues it with
    /// `/`; `/` is a prefix of every path. Compares bytes, as the request path is bytes.
    @inline(__always)
    static func hasElementPrefix(_ path: String, _ prefix: String) -> Bool {
        let pc = prefix.utf8.count
        if pc == 1 && prefix.utf8.first == UInt8(ascii: "/") { return true }
        guard path.utf8.count >= pc else { return false }
        let fast = path.utf8.withContiguousStorageIfAvailable { a in
            prefix.utf8.withContiguousStorageIfAvailable { b -> Bool in
                for i in 0..<pc where a[i] != b[i] { return false }
                return a.count == pc || a[pc] == UInt8(ascii: "/")
            }
        }
        if let result = fast ?? nil { return result }
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.utf8.dropFirst(pc)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }
}
