internal import COpenSSL

/// What a certificate says about itself, as the validator and the client session report it.
public struct TLSCertificateInfo: Hashable, Sendable {
    /// The subject's common name (CN), if present. Clients match SANs, not this.
    public var commonName: String?
    /// DNS names from subjectAltName, in certificate order.
    public var dnsNames: [String]
    /// IP addresses from subjectAltName, as text.
    public var ipAddresses: [String]
    /// Start of validity, seconds since the Unix epoch.
    public var notBefore: Int64
    /// End of validity, seconds since the Unix epoch.
    public var notAfter: Int64
    /// Number of certificates in the PEM chain, leaf included.
    public var chainLength: Int

    public init(commonName: String?, dnsNames: [String], ipAddresses: [String] = [],
                notBefore: Int64, notAfter: Int64, chainLength: Int = 1) {
        self.commonName = commonName
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.chainLength = chainLength
    }
}

/// Why a `tls.crt` / `tls.key` pair cannot be served, worded so the Secret's owner can fix it.
public enum TLSCertificateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `tls.crt` has a CERTIFICATE block OpenSSL cannot decode.
    case certificateDoesNotParse(String)
    /// `tls.crt` holds no `-----BEGIN CERTIFICATE-----` block at all.
    case noCertificateInChain
    /// `tls.key` is missing, encrypted or not a PEM private key.
    case privateKeyDoesNotParse(String)
    /// The private key is not the one the leaf certificate (the first block) was issued for.
    case keyDoesNotMatchCertificate
    /// The leaf certificate expired at this Unix time.
    case expired(notAfter: Int64)
    /// The leaf certificate only becomes valid at this Unix time.
    case notYetValid(notBefore: Int64)

    public var description: String {
        switch self {
        case .certificateDoesNotParse(let detail):
            "tls.crt does not parse as a PEM certificate (\(detail)); expected one or more "
                + "'-----BEGIN CERTIFICATE-----' blocks, leaf first"
        case .noCertificateInChain:
            "tls.crt contains no '-----BEGIN CERTIFICATE-----' block; put the leaf certificate first, then intermediates"
        case .privateKeyDoesNotParse(let detail):
            "tls.key does not parse as an unencrypted PEM private key (\(detail))"
        case .keyDoesNotMatchCertificate:
            "tls.key does not match the first certificate in tls.crt; check that the leaf comes first and the pair belongs together"
        case .expired(let notAfter):
            "the certificate in tls.crt expired at \(notAfter) (Unix seconds); renew it"
        case .notYetValid(let notBefore):
            "the certificate in tls.crt is not valid before \(notBefore) (Unix seconds); check the issuer's or this node's clock"
        }
    }
}

/// Checks a certificate chain and private key before they are served.
///
/// Pure apart from OpenSSL parsing: no clock (pass `now`), no files.
public enum TLSCertificateValidator {
    /// Parses the chain and key, checks they belong together and that the leaf is valid at `now`.
    public static func validate(certificatePEM: [UInt8], privateKeyPEM: [UInt8],
                                now: Int64) -> Result<TLSCertificateInfo, TLSCertificateError> {
        validatePair(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM).flatMap { info in
            if now < info.notBefore { return .failure(.notYetValid(notBefore: info.notBefore)) }
            if now > info.notAfter { return .failure(.expired(notAfter: info.notAfter)) }
            return .success(info)
        }
    }

    /// Parses the chain and key and checks they belong together; no clock, no date checks
    /// (for callers that compare `notAfter` with their own `now`, like `SnapshotBuilder`).
    public static func validatePair(certificatePEM: [UInt8],
                                    privateKeyPEM: [UInt8]) -> Result<TLSCertificateInfo, TLSCertificateError> {
        let chain: [X509Certificate]
        switch PEM.certificates(certificatePEM) {
        case .success(let c): chain = c
        case .failure(let e): return .failure(e)
        }
        let key: PrivateKey
        switch PEM.privateKey(privateKeyPEM) {
        case .success(let k): key = k
        case .failure(let e): return .failure(e)
        }
        let leaf = chain[0]
        guard X509_check_private_key(leaf.pointer, key.pointer) == 1 else {
            OpenSSLErrorQueue.clear()
            return .failure(.keyDoesNotMatchCertificate)
        }
        return .success(CertificateFields.info(leaf, chainLength: chain.count))
    }

    /// Reads a certificate chain's leaf without checking a key or dates (e.g. for a CA bundle).
    public static func inspect(certificatePEM: [UInt8]) -> Result<TLSCertificateInfo, TLSCertificateError> {
        PEM.certificates(certificatePEM).map { CertificateFields.info($0[0], chainLength: $0.count) }
    }

    /// The closure shape `SnapshotBuilder` takes (`Reconciler.CertificateValidator`): PEM
    /// chain and key in, the leaf's `notAfter` out. Dates are not checked here: the builder
    /// compares `notAfter` with its own `now`, which keeps builds deterministic. Wiring:
    ///
    /// ```swift
    /// let check = TLSCertificateValidator.notAfterValidator()
    /// options.certificateValidator = { crt, key in
    ///     check(crt, key).mapError { CertificateProblem($0.description) }
    /// }
    /// ```
    public static func notAfterValidator() -> @Sendable ([UInt8], [UInt8]) -> Result<Int64, TLSCertificateError> {
        { certificate, key in
            validatePair(certificatePEM: certificate, privateKeyPEM: key).map(\.notAfter)
        }
    }
}
