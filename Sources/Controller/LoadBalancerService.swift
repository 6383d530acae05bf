import KubeAPI

/// The part of a core/v1 Service the status writer reads: its load-balancer addresses.
/// (The reconciler's `Service` model leaves `status` out; this view reads only that.)
struct LoadBalancerService: KubeObject {
    static let apiGroupVersionPath = Service.apiGroupVersionPath
    static let resource = Service.resource
    static let isNamespaced = true
    static let apiVersion = Service.apiVersion
    static let kind = Service.kind

    struct Status: Codable, Sendable {
        struct LoadBalancer: Codable, Sendable { var ingress: [IngressLoadBalancerIngress]? }
        var loadBalancer: LoadBalancer?
    }

    var metadata: ObjectMeta
    var status: Status?
}
