/// coordination.k8s.io/v1 Lease: the lock leader election takes.
public struct Lease: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/apis/coordination.k8s.io/v1"
    public static let resource = "leases"
    public static let isNamespaced = true
    public static let apiVersion = "coordination.k8s.io/v1"
    public static let kind = "Lease"

    public var metadata: ObjectMeta
    public var spec: LeaseSpec

    public init(metadata: ObjectMeta, spec: LeaseSpec = .init()) {
        self.metadata = metadata
        self.spec = spec
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        spec = try c.decodeIfPresent(LeaseSpec.self, forKey: .spec) ?? .init()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.apiVersion, forKey: .apiVersion)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(spec, forKey: .spec)
    }
}

/// `spec` of a Lease. Times are MicroTime text (exactly six fractional digits, see `MicroTime`).
public struct LeaseSpec: Codable, Hashable, Sendable {
    /// Who holds the lease (Portico: the pod name); nil or empty when released.
    public var holderIdentity: String?
    /// How long a holder keeps the lease without renewing.
    public var leaseDurationSeconds: Int32?
    /// When the current holder acquired it.
    public var acquireTime: String?
    /// When the current holder last renewed it.
    public var renewTime: String?
    /// How many times the lease changed hands.
    public var leaseTransitions: Int32?

    public init(holderIdentity: String? = nil, leaseDurationSeconds: Int32? = nil, acquireTime: String? = nil,
                renewTime: String? = nil, leaseTransitions: Int32? = nil) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }
}
