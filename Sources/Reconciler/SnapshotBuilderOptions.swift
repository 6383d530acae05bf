/// Controller-wide settings for `SnapshotBuilder`; every field has a safe default.
public struct SnapshotBuilderOptions: Sendable {
    /// `IngressClass.spec.controller` values that Portico serves.
    public var controllerName: String
    /// The class name matched against the legacy `kubernetes.io/ingress.class` annotation.
    public var ingressClassName: String
    /// `namespace/service:port` serving requests that match no rule and no Ingress
    /// `spec.defaultBackend`; nil answers 404.
    public var defaultBackend: String?
    /// `namespace/name` of a `kubernetes.io/tls` Secret served to clients without SNI or
    /// with an unknown name; nil leaves the listener's own default.
    public var defaultCertificateSecret: String?
    /// Validates certificates and returns their expiry; nil accepts any PEM-looking pair
    /// (tests, or builds without OpenSSL) with notAfter = Int64.max.
    public var certificateValidator: CertificateValidator?
    /// The current time in seconds since the Unix epoch (expired certificates are refused).
    /// Passed in so builds are pure and repeatable.
    public var now: Int64

    public init(controllerName: String = "portico.io/ingress-controller",
                ingressClassName: String = "portico",
                defaultBackend: String? = nil,
                defaultCertificateSecret: String? = nil,
                certificateValidator: CertificateValidator? = nil,
                now: Int64 = 0) {
        self.controllerName = controllerName
        self.ingressClassName = ingressClassName
        self.defaultBackend = defaultBackend
        self.defaultCertificateSecret = defaultCertificateSecret
        self.certificateValidator = certificateValidator
        self.now = now
    }
}
