/// networking.k8s.io/v1 IngressClass: names the controller that serves Ingresses of a class.
public struct IngressClass: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/apis/networking.k8s.io/v1"
    public static let resource = "ingressclasses"
    public static let isNamespaced = false
    public static let apiVersion = "networking.k8s.io/v1"
    public static let kind = "IngressClass"

    /// The annotation that makes a class the default for Ingresses without one.
    public static let isDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class"

    public var metadata: ObjectMeta
    public var spec: IngressClassSpec

    public init(metadata: ObjectMeta, spec: IngressClassSpec = .init()) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case metadata, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        spec = try c.decodeIfPresent(IngressClassSpec.self, forKey: .spec) ?? .init()
    }

    /// Whether the class carries `ingressclass.kubernetes.io/is-default-class: "true"`.
    public var isDefault: Bool {
        metadata.annotations?[Self.isDefaultClassAnnotation] == "true"
    }
}

/// `IngressClass.spec`.
public struct IngressClassSpec: Codable, Hashable, Sendable {
    /// The controller that implements the class, e.g. `portico.io/ingress-controller`.
    public var controller: String?
    /// Controller-specific parameters; Portico reads none.
    public var parameters: IngressClassParametersReference?

    public init(controller: String? = nil, parameters: IngressClassParametersReference? = nil) {
        self.controller = controller
        self.parameters = parameters
    }
}

/// `IngressClass.spec.parameters`: a reference to a controller-specific object.
public struct IngressClassParametersReference: Codable, Hashable, Sendable {
    public var apiGroup: String?
    public var kind: String
    public var name: String
    public var namespace: String?
    public var scope: String?

    public init(apiGroup: String? = nil, kind: String, name: String,
                namespace: String? = nil, scope: String? = nil) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.scope = scope
    }
}
