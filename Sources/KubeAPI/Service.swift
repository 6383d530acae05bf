/// v1 Service: a stable name and ports in front of a set of pods (or an external name).
public struct Service: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/api/v1"
    public static let resource = "services"
    public static let isNamespaced = true
    public static let apiVersion = "v1"
    public static let kind = "Service"

    public var metadata: ObjectMeta
    public var spec: ServiceSpec

    public init(metadata: ObjectMeta, spec: ServiceSpec = .init()) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case metadata, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        spec = try c.decodeIfPresent(ServiceSpec.self, forKey: .spec) ?? .init()
    }
}

/// `Service.spec`: the fields an ingress controller needs.
public struct ServiceSpec: Codable, Hashable, Sendable {
    /// `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String?
    public var ports: [ServicePort]?
    /// For `ExternalName` Services: the DNS name traffic goes to.
    public var externalName: String?
    public var clusterIP: String?
    public var selector: [String: String]?

    public init(type: String? = nil, ports: [ServicePort]? = nil, externalName: String? = nil,
                clusterIP: String? = nil, selector: [String: String]? = nil) {
        self.type = type
        self.ports = ports
        self.externalName = externalName
        self.clusterIP = clusterIP
        self.selector = selector
    }

    /// Whether the Service is `type: ExternalName`.
    public var isExternalName: Bool { type == "ExternalName" }
}

/// `Service.spec.ports[]`.
public struct ServicePort: Codable, Hashable, Sendable {
    /// Required when the Service has several ports; EndpointSlice ports carry the same name.
    public var name: String?
    /// The port the Service exposes.
    public var port: Int32
    /// The pod's port, by number or by the container port's name; defaults to `port`.
    public var targetPort: IntOrString?
    /// `TCP` (default), `UDP` or `SCTP`.
    public var `protocol`: String?
    public var appProtocol: String?
    public var nodePort: Int32?

    public init(name: String? = nil, port: Int32, targetPort: IntOrString? = nil,
                protocol: String? = nil, appProtocol: String? = nil, nodePort: Int32? = nil) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.protocol = `protocol`
        self.appProtocol = appProtocol
        self.nodePort = nodePort
    }
}
