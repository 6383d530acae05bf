/// One path rule of a virtual host: how it matches and where it sends the request.
public struct Route: Hashable, Sendable {
    /// How the request path is compared.
    public var match: PathMatch
    /// Index into `RoutingSnapshot.backends`; nil when the backend is unusable
    /// (missing Service or port, `resource` backend), in which case the route answers 503.
    public var backend: Int?
    /// The Ingress this rule came from (for metrics labels, logs and conflict warnings).
    public var source: ObjectRef
    /// Edge behaviour attached to the route by annotations.
    public var policies: RoutePolicies

    public init(match: PathMatch, backend: Int?, source: ObjectRef, policies: RoutePolicies = .init()) {
        self.match = match
        self.backend = backend
        self.source = source
        self.policies = policies
    }
}

/// Per-route edge behaviour from annotations; defaults are the safe choice.
public struct RoutePolicies: Hashable, Sendable {
    /// Redirect plain-HTTP requests to HTTPS with 308 when the host has TLS (`ssl-redirect`).
    public var sslRedirect: Bool
    /// Strict-Transport-Security to add on HTTPS responses; nil adds none.
    public var hsts: HSTSPolicy?

    public init(sslRedirect: Bool = true, hsts: HSTSPolicy? = nil) {
        self.sslRedirect = sslRedirect
        self.hsts = hsts
    }
}

/// The Strict-Transport-Security header's parameters (RFC 6797).
public struct HSTSPolicy: Hashable, Sendable {
    /// `max-age` in seconds.
    public var maxAge: Int
    /// Adds `includeSubDomains`.
    public var includeSubDomains: Bool
    /// Adds `preload`.
    public var preload: Bool

    public init(maxAge: Int, includeSubDomains: Bool = false, preload: Bool = false) {
        self.maxAge = maxAge
        self.includeSubDomains = includeSubDomains
        self.preload = preload
    }

    /// The header value, e.g. `max-age=31536000; includeSubDomains`.
    public var headerValue: String {
        var v = "max-age=\(maxAge)"
        if includeSubDomains { v += "; includeSubDomains" }
        if preload { v += "; preload" }
        return v
    }
}
