/// networking.k8s.io/v1 Ingress: HTTP routing rules by host and path to Services.
public struct Ingress: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/apis/networking.k8s.io/v1"
    public static let resource = "ingresses"
    public static let isNamespaced = true
    public static let apiVersion = "networking.k8s.io/v1"
    public static let kind = "Ingress"

    public var metadata: ObjectMeta
    public var spec: IngressSpec
    public var status: IngressStatus?

    public init(metadata: ObjectMeta, spec: IngressSpec = .init(), status: IngressStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    enum CodingKeys: String, CodingKey { case metadata, spec, status }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        // An Ingress with no spec is legal (it routes nothing).
        spec = try c.decodeIfPresent(IngressSpec.self, forKey: .spec) ?? .init()
        status = try c.decodeIfPresent(IngressStatus.self, forKey: .status)
    }
}

/// `Ingress.spec`.
public struct IngressSpec: Codable, Hashable, Sendable {
    /// Name of the IngressClass that should serve this Ingress.
    public var ingressClassName: String?
    /// Serves requests that match no rule.
    public var defaultBackend: IngressBackend?
    /// TLS termination: hosts and the Secret holding their certificate.
    public var tls: [IngressTLS]?
    /// Host and path rules, in the order written.
    public var rules: [IngressRule]?

    public init(ingressClassName: String? = nil, defaultBackend: IngressBackend? = nil,
                tls: [IngressTLS]? = nil, rules: [IngressRule]? = nil) {
        self.ingressClassName = ingressClassName
        self.defaultBackend = defaultBackend
        self.tls = tls
        self.rules = rules
    }
}

/// `Ingress.spec.tls[]`: the Secret to terminate TLS with for some hosts.
public struct IngressTLS: Codable, Hashable, Sendable {
    /// Host names the certificate is used for (may include wildcards).
    public var hosts: [String]?
    /// A `kubernetes.io/tls` Secret in the Ingress's namespace.
    public var secretName: String?

    public init(hosts: [String]? = nil, secretName: String? = nil) {
        self.hosts = hosts
        self.secretName = secretName
    }
}

/// `Ingress.spec.rules[]`: the paths of one host (or of every host when `host` is absent).
public struct IngressRule: Codable, Hashable, Sendable {
    /// An exact host name or a `*.` wildcard of one label; absent means all hosts.
    public var host: String?
    /// The HTTP paths of the rule.
    public var http: HTTPIngressRuleValue?

    public init(host: String? = nil, http: HTTPIngressRuleValue? = nil) {
        self.host = host
        self.http = http
    }
}

/// `IngressRule.http`: a list of paths.
public struct HTTPIngressRuleValue: Codable, Hashable, Sendable {
    public var paths: [HTTPIngressPath]

    public init(paths: [HTTPIngressPath]) { self.paths = paths }
}

/// `IngressRule.http.paths[]`: one path, how it matches, and its backend.
public struct HTTPIngressPath: Codable, Hashable, Sendable {
    /// Must begin with `/` (unless `ImplementationSpecific` with regexes); absent means `/`.
    public var path: String?
    /// `Exact`, `Prefix` or `ImplementationSpecific`; required by the API.
    public var pathType: String?
    public var backend: IngressBackend

    public init(path: String? = nil, pathType: String? = "Prefix", backend: IngressBackend) {
        self.path = path
        self.pathType = pathType
        self.backend = backend
    }
}

/// `IngressBackend`: a Service port or, exclusively, an object reference (`resource`).
public struct IngressBackend: Codable, Hashable, Sendable {
    public var service: IngressServiceBackend?
    /// A reference to another object (e.g. a storage bucket); Portico cannot serve these.
    public var resource: TypedLocalObjectReference?

    public init(service: IngressServiceBackend? = nil, resource: TypedLocalObjectReference? = nil) {
        self.service = service
        self.resource = resource
    }
}

/// `IngressServiceBackend`: a Service in the Ingress's namespace and one of its ports.
public struct IngressServiceBackend: Codable, Hashable, Sendable {
    public var name: String
    public var port: ServiceBackendPort?

    public init(name: String, port: ServiceBackendPort? = nil) {
        self.name = name
        self.port = port
    }
}

/// `ServiceBackendPort`: the Service port by name or by number (exactly one is set).
public struct ServiceBackendPort: Codable, Hashable, Sendable {
    public var name: String?
    public var number: Int32?

    public init(name: String? = nil, number: Int32? = nil) {
        self.name = name
        self.number = number
    }
}

/// `TypedLocalObjectReference`: an object in the same namespace, by group, kind and name.
public struct TypedLocalObjectReference: Codable, Hashable, Sendable {
    public var apiGroup: String?
    public var kind: String
    public var name: String

    public init(apiGroup: String? = nil, kind: String, name: String) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }
}

/// `Ingress.status`: the addresses the Ingress is reachable at.
public struct IngressStatus: Codable, Hashable, Sendable {
    public var loadBalancer: IngressLoadBalancerStatus?

    public init(loadBalancer: IngressLoadBalancerStatus? = nil) { self.loadBalancer = loadBalancer }
}

/// `Ingress.status.loadBalancer`.
public struct IngressLoadBalancerStatus: Codable, Hashable, Sendable {
    public var ingress: [IngressLoadBalancerIngress]?

    public init(ingress: [IngressLoadBalancerIngress]? = nil) { self.ingress = ingress }
}

/// One address in `Ingress.status.loadBalancer.ingress[]`.
public struct IngressLoadBalancerIngress: Codable, Hashable, Sendable {
    public var ip: String?
    public var hostname: String?

    public init(ip: String? = nil, hostname: String? = nil) {
        self.ip = ip
        self.hostname = hostname
    }
}
