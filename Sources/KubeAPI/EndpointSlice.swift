/// discovery.k8s.io/v1 EndpointSlice: a slice of the pod addresses behind a Service.
public struct EndpointSlice: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/apis/discovery.k8s.io/v1"
    public static let resource = "endpointslices"
    public static let isNamespaced = true
    public static let apiVersion = "discovery.k8s.io/v1"
    public static let kind = "EndpointSlice"

    /// The label naming the Service a slice belongs to.
    public static let serviceNameLabel = "kubernetes.io/service-name"

    public var metadata: ObjectMeta
    /// `IPv4`, `IPv6` or `FQDN`; every address in the slice has this type.
    public var addressType: String
    public var endpoints: [EndpointSliceEndpoint]
    /// Ports of every endpoint; a nil list means "no ports", a nil port means "all ports".
    public var ports: [EndpointPort]?

    public init(metadata: ObjectMeta, addressType: String = "IPv4",
                endpoints: [EndpointSliceEndpoint] = [], ports: [EndpointPort]? = nil) {
        self.metadata = metadata
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
    }

    enum CodingKeys: String, CodingKey { case metadata, addressType, endpoints, ports }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        addressType = try c.decode(String.self, forKey: .addressType)
        // The API allows `endpoints: null` for a Service with no pods.
        endpoints = try c.decodeIfPresent([EndpointSliceEndpoint].self, forKey: .endpoints) ?? []
        ports = try c.decodeIfPresent([EndpointPort].self, forKey: .ports)
    }

    /// The Service this slice belongs to, from the `kubernetes.io/service-name` label.
    public var serviceName: String? { metadata.labels?[Self.serviceNameLabel] }
}

/// `EndpointSlice.endpoints[]`: one pod's addresses and readiness.
public struct EndpointSliceEndpoint: Codable, Hashable, Sendable {
    /// One address for IPv4/IPv6 slices (the API allows more; consumers use the first).
    public var addresses: [String]
    public var conditions: EndpointConditions?
    public var hostname: String?
    public var nodeName: String?
    public var zone: String?

    public init(addresses: [String], conditions: EndpointConditions? = nil,
                hostname: String? = nil, nodeName: String? = nil, zone: String? = nil) {
        self.addresses = addresses
        self.conditions = conditions
        self.hostname = hostname
        self.nodeName = nodeName
        self.zone = zone
    }
}

/// `EndpointSlice.endpoints[].conditions`: nil means unknown, which consumers treat as ready.
public struct EndpointConditions: Codable, Hashable, Sendable {
    public var ready: Bool?
    public var serving: Bool?
    public var terminating: Bool?

    public init(ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil) {
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
    }
}

/// `EndpointSlice.ports[]`: named after the Service port, numbered with the resolved target.
public struct EndpointPort: Codable, Hashable, Sendable {
    /// The Service port's name ("" or nil for an unnamed single port).
    public var name: String?
    public var port: Int32?
    public var `protocol`: String?
    public var appProtocol: String?

    public init(name: String? = nil, port: Int32? = nil, protocol: String? = nil, appProtocol: String? = nil) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
        self.appProtocol = appProtocol
    }
}
