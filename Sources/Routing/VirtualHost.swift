/// A host name (exact, wildcard or the catch-all) and its routes in match order.
public struct VirtualHost: Hashable, Sendable {
    /// The host as written: `foo.example.com`, `*.example.com`, or `*` for the catch-all.
    public var name: String
    /// Routes in match order: Exact before Prefix at equal length, longest path first.
    public var routes: [Route]
    /// The TLS Secret named for this host in some Ingress's `spec.tls`, if any; a host with
    /// TLS gets plain-HTTP requests redirected (unless a route opts out).
    public var tlsSecret: ObjectRef?

    public init(name: String, routes: [Route] = [], tlsSecret: ObjectRef? = nil) {
        self.name = name
        self.routes = routes
        self.tlsSecret = tlsSecret
    }
}
