import Routing

/// Reasons the builder records in `ConfigWarning.reason` (also the Kubernetes Event reason).
public enum WarningReason: String, CaseIterable, Sendable {
    /// `spec.ingressClassName` names an IngressClass that does not exist.
    case ingressClassNotFound = "IngressClassNotFound"
    /// A rule's host is an IP address or a malformed name/wildcard; the rule is skipped.
    case invalidHost = "InvalidHost"
    /// A path or pathType the API does not allow; the path is skipped.
    case invalidPath = "InvalidPath"
    /// A `use-regex` path that does not compile; the path is skipped.
    case invalidRegex = "InvalidRegex"
    /// The backend Service does not exist; the path answers 503.
    case serviceNotFound = "ServiceNotFound"
    /// The Service has no such port; the path answers 503.
    case servicePortNotFound = "ServicePortNotFound"
    /// The Service's EndpointSlices exist but none carries the Service port's name, so no
    /// endpoint can be used (a hand-written slice with a wrong or missing port name).
    case endpointPortNotFound = "EndpointPortNotFound"
    /// A `resource` backend or a backend without a Service; the path answers 503.
    case unsupportedBackend = "UnsupportedBackend"
    /// The TLS Secret does not exist; the host gets the default certificate.
    case secretNotFound = "SecretNotFound"
    /// The TLS Secret is not a usable certificate and key; the host gets the default certificate.
    case invalidCertificate = "InvalidCertificate"
    /// Another (older) Ingress already owns the same host, path and type; this path is ignored.
    case routeConflict = "RouteConflict"
    /// An older Ingress already names another Secret for this TLS host.
    case tlsConflict = "TLSConflict"
    /// An annotation Portico reads has a value it does not accept; the default is used.
    case invalidAnnotation = "InvalidAnnotation"
    /// An annotation Portico recognises but does not implement; it has no effect.
    case unsupportedAnnotation = "UnsupportedAnnotation"
    /// A controller option (default backend, default certificate) is malformed.
    case invalidOption = "InvalidOption"
    /// An ExternalName Service's DNS name does not resolve (set by the controller's
    /// resolver, not the builder); the path answers 503.
    case externalNameUnresolved = "ExternalNameUnresolved"

    /// Whether the warning means some traffic is not served as written (a route answers
    /// 503, a path or host is dropped, a certificate is missing): `portico check` fails on these.
    public var isBreaking: Bool {
        switch self {
        case .invalidAnnotation, .unsupportedAnnotation: return false
        default: return true
        }
    }
}

extension ConfigWarning {
    /// A warning with one of the builder's reasons.
    init(_ object: ObjectRef, _ field: String, _ reason: WarningReason, _ message: String) {
        self.init(object: object, field: field, reason: reason.rawValue, message: message)
    }

    /// Whether this warning means traffic is not served as written (see `WarningReason.isBreaking`).
    public var isBreaking: Bool {
        WarningReason(rawValue: reason)?.isBreaking ?? true
    }
}
