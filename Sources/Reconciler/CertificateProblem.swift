/// Why a TLS Secret's certificate cannot be served; produced by the injected validator.
public struct CertificateProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A sentence for the user, e.g. "private key does not match the certificate".
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Checks a PEM certificate chain and key (parses, key matches the leaf) and returns the
/// leaf's notAfter in seconds since the Unix epoch. The TLS module provides the real one;
/// Reconciler stays free of OpenSSL.
public typealias CertificateValidator =
    @Sendable (_ certificatePEM: [UInt8], _ privateKeyPEM: [UInt8]) -> Result<Int64, CertificateProblem>
