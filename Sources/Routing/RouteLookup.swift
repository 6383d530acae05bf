/// The result of matching a request against a snapshot.
public struct RouteMatch: Sendable {
    /// The virtual host that matched (the catch-all when no host did).
    public var virtualHost: VirtualHost
    /// The matched route.
    public var route: Route
    /// The route's backend, nil when it has none usable (answer 503).
    public var backend: Backend?
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
        if let vh = hosts[name] ?? wildcardHost(for: name), let m = firstMatch(in: vh, path: path) {
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
        let route = vh.routes[i]
        let backend = route.backend.flatMap { $0 < backends.count ? backends[$0] : nil }
        return RouteMatch(virtualHost: vh, route: route, backend: backend)
    }

    /// Lowercases and strips a `:port` suffix (keeping IPv6 literals' brackets intact).
    /// A host that is already lowercase with no port or trailing dot (the common case) is
    /// returned as is, without a copy.
    public static func normalizedHost(_ host: String) -> String {
        var clean = true
        for b in host.utf8 where (b >= 0x41 && b <= 0x5A) || b == 0x3A || b >= 0x80 {
            clean = false
            break
        }
        if clean && host.utf8.last != 0x2E { return host }
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
            return path == p
        case .prefix(let p):
            if p == "/" { return true }
            guard path.hasPrefix(p) else { return false }
            // Element-wise: the next character after the prefix must end an element.
            let rest = path.utf8.dropFirst(p.utf8.count)
            return rest.isEmpty || rest.first == UInt8(ascii: "/")
        case .regex(let pattern):
            return RegexCache.matches(pattern: pattern, path: path)
        }
    }
}
