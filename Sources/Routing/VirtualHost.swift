/// A host name (exact, wildcard or the catch-all) and its routes in match order.
public struct VirtualHost: Hashable, Sendable {
    /// The host as written: `foo.example.com`, `*.example.com`, or `*` for the catch-all.
    public var name: String
    /// Routes in match order (see `Route.matchOrder`); setting them rebuilds `index`.
    public var routes: [Route] { didSet { index = RouteIndex(routes: routes) } }
    /// The TLS Secret named for this host in some Ingress's `spec.tls`, if any; a host with
    /// TLS gets plain-HTTP requests redirected (unless a route opts out).
    public var tlsSecret: ObjectRef?
    /// Lookup tables over `routes`, derived from them (not part of equality).
    public private(set) var index: RouteIndex

    public init(name: String, routes: [Route] = [], tlsSecret: ObjectRef? = nil) {
        self.name = name
        self.routes = routes
        self.tlsSecret = tlsSecret
        self.index = RouteIndex(routes: routes)
    }

    public static func == (a: VirtualHost, b: VirtualHost) -> Bool {
        a.name == b.name && a.routes == b.routes && a.tlsSecret == b.tlsSecret
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(routes)
        h.combine(tlsSecret)
    }
}
