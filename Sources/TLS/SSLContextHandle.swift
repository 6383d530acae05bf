internal import COpenSSL
import Routing

/// Owns one configured `SSL_CTX*`.
///
/// `@unchecked Sendable` is safe: the context is fully configured (policy, certificate,
/// callbacks) before the handle escapes its builder and never mutated afterwards; OpenSSL
/// documents `SSL_CTX` as shareable across threads once set up, and `SSL_new` /
/// `SSL_set_SSL_CTX` take their own reference (refcounted), so a session keeps its context
/// alive even after the handle is dropped by a rotation.
final class SSLContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The OCSP response stapled with this (server) context's certificate.
    let staple = OCSPStaple()
    init(taking pointer: OpaquePointer) { self.pointer = pointer }
    deinit { SSL_CTX_free(pointer) }
}

/// Identifies a certificate by content, so an unchanged Secret reuses its `SSL_CTX`.
struct CertificateContentKey: Hashable, Sendable {
    var certificatePEM: [UInt8]
    var privateKeyPEM: [UInt8]
}

/// A certificate loaded into its own `SSL_CTX`, with what the metrics report about it.
struct LoadedCertificate: Sendable {
    var context: SSLContextHandle
    var key: CertificateContentKey
    /// The Secret it came from; nil for the generated self-signed fallback.
    var secret: ObjectRef?
    var notAfter: Int64
}
