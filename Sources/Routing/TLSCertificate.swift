/// A certificate chain and private key from a `kubernetes.io/tls` Secret, validated by the builder.
public struct TLSCertificate: Hashable, Sendable {
    /// The Secret it came from.
    public var secret: ObjectRef
    /// PEM of the certificate chain (`tls.crt`).
    public var certificatePEM: [UInt8]
    /// PEM of the private key (`tls.key`).
    public var privateKeyPEM: [UInt8]
    /// Expiry of the leaf certificate, seconds since the Unix epoch (for the expiry gauge).
    public var notAfter: Int64

    public init(secret: ObjectRef, certificatePEM: [UInt8], privateKeyPEM: [UInt8], notAfter: Int64) {
        self.secret = secret
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.notAfter = notAfter
    }
}

/// Certificates by SNI name: exact names, then `*.suffix` wildcards, then the default.
public struct TLSTable: Hashable, Sendable {
    /// Lowercased exact host name to certificate.
    public var exact: [String: TLSCertificate]
    /// Wildcard suffix (the part after `*`, e.g. `.example.com`) to certificate.
    public var wildcard: [String: TLSCertificate]
    /// The certificate for clients without SNI or with an unknown name; nil means the
    /// listener's generated self-signed one.
    public var defaultCertificate: TLSCertificate?

    public init(exact: [String: TLSCertificate] = [:], wildcard: [String: TLSCertificate] = [:],
                defaultCertificate: TLSCertificate? = nil) {
        self.exact = exact
        self.wildcard = wildcard
        self.defaultCertificate = defaultCertificate
    }

    /// The certificate for an SNI name: exact, then one-label wildcard, then the default.
    public func certificate(forServerName name: String?) -> TLSCertificate? {
        guard let name, !name.isEmpty else { return defaultCertificate }
        let host = name.lowercased()
        if let c = exact[host] { return c }
        if let dot = host.firstIndex(of: "."), dot != host.startIndex, let c = wildcard[String(host[dot...])] { return c }
        return defaultCertificate
    }
}
