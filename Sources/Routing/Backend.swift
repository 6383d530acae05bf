/// A Service port the routes send traffic to, and the ready endpoints behind it.
///
/// Endpoint lists are replaced without rebuilding routes (the EndpointSlice fast path):
/// routes refer to a backend by its index in `RoutingSnapshot.backends`.
public struct Backend: Hashable, Sendable {
    /// Identifies the backend stably across snapshots: `namespace/service:port`.
    public var name: BackendName
    /// Ready endpoints, sorted by address then port. Empty means the route answers 503.
    public var endpoints: [Endpoint]
    /// Speak plain HTTP or re-encrypt with TLS to the endpoints.
    public var upstreamProtocol: UpstreamProtocol
    /// Per-backend proxy settings from annotations (timeouts, TLS verification).
    public var settings: BackendSettings

    public init(name: BackendName, endpoints: [Endpoint] = [],
                upstreamProtocol: UpstreamProtocol = .http, settings: BackendSettings = .init()) {
        self.name = name
        self.endpoints = endpoints
        self.upstreamProtocol = upstreamProtocol
        self.settings = settings
    }
}

/// `namespace/service:port`, where port is the Service port's number or name as written.
public struct BackendName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Namespace of the Service.
    public var namespace: String
    /// Name of the Service.
    public var service: String
    /// The Service port as the Ingress names it: a number or a port name.
    public var port: String

    public init(namespace: String, service: String, port: String) {
        self.namespace = namespace
        self.service = service
        self.port = port
    }

    public var description: String { "\(namespace)/\(service):\(port)" }

    public static func < (a: BackendName, b: BackendName) -> Bool {
        (a.namespace, a.service, a.port) < (b.namespace, b.service, b.port)
    }
}

/// One pod (or ExternalName host) address the proxy may connect to.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal, or a DNS name for ExternalName Services.
    public var host: String
    /// The target port on the pod.
    public var port: UInt16
    /// Relative weight for weighted round-robin; 1 by default.
    public var weight: UInt32

    public init(host: String, port: UInt16, weight: UInt32 = 1) {
        self.host = host
        self.port = port
        self.weight = weight
    }

    /// `host:port`, with brackets around IPv6 literals.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public static func < (a: Endpoint, b: Endpoint) -> Bool {
        (a.host, a.port, a.weight) < (b.host, b.port, b.weight)
    }
}

/// The protocol spoken to the endpoints (`portico.io/backend-protocol`).
public enum UpstreamProtocol: String, Hashable, Sendable {
    case http = "HTTP"
    case https = "HTTPS"
}

/// Per-backend proxy settings; nil means "use the process-wide default from the flags".
public struct BackendSettings: Hashable, Sendable {
    /// Upstream connect timeout in milliseconds.
    public var connectTimeoutMs: Int?
    /// Time allowed for the upstream's response head, in milliseconds.
    public var responseHeaderTimeoutMs: Int?
    /// For HTTPS backends: PEM CA bundle to verify the endpoints with; nil skips verification.
    public var upstreamCAPEM: [UInt8]?
    /// For HTTPS backends: the SNI name (and name to verify) sent to the endpoints.
    public var upstreamServerName: String?

    public init(connectTimeoutMs: Int? = nil, responseHeaderTimeoutMs: Int? = nil,
                upstreamCAPEM: [UInt8]? = nil, upstreamServerName: String? = nil) {
        self.connectTimeoutMs = connectTimeoutMs
        self.responseHeaderTimeoutMs = responseHeaderTimeoutMs
        self.upstreamCAPEM = upstreamCAPEM
        self.upstreamServerName = upstreamServerName
    }
}
