internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// A freshly generated ECDSA P-256 certificate and key as PEM bytes.
///
/// The listener's fallback default certificate when the snapshot has none, and a test helper
/// for everyone else: with `issuer` it signs a leaf with a generated CA instead of itself.
public struct SelfSignedCertificate: Sendable, Hashable {
    /// PEM of the certificate (one block).
    public var certificatePEM: [UInt8]
    /// PEM of the PKCS#8 private key.
    public var privateKeyPEM: [UInt8]
    /// End of validity, seconds since the Unix epoch.
    public var notAfter: Int64

    /// A self-signed server certificate for `commonName`, valid from an hour ago for a year.
    public static func generate(commonName: String) throws(TLSError) -> SelfSignedCertificate {
        try generate(commonName: commonName, subjectAlternativeNames: [commonName])
    }

    /// A certificate with full control of names, validity and signer.
    ///
    /// - Parameters:
    ///   - subjectAlternativeNames: DNS names or IP literals (IPs become `IP:` entries).
    ///   - notBefore / notAfter: Unix seconds; default one hour ago / one year from now.
    ///   - isCertificateAuthority: sets `basicConstraints CA:TRUE` and `keyCertSign`.
    ///   - issuer: the CA that signs it; nil signs with its own key.
    ///   - ocspResponderURL: written to Authority Information Access (for stapling tests).
    public static func generate(commonName: String, subjectAlternativeNames: [String],
                                notBefore: Int64? = nil, notAfter: Int64? = nil,
                                isCertificateAuthority: Bool = false,
                                issuer: SelfSignedCertificate? = nil,
                                ocspResponderURL: String? = nil) throws(TLSError) -> SelfSignedCertificate {
        OpenSSLErrorQueue.clear()
        let now = Int64(time(nil))
        let start = notBefore ?? (now - 3600)
        let end = notAfter ?? (now + 365 * 86_400)
        guard let keyPointer = portico_EVP_EC_gen("P-256") else {
            throw OpenSSLErrorQueue.drain(fallback: "P-256 key generation failed")
        }
        let key = PrivateKey(taking: keyPointer)
        guard let xPointer = X509_new() else { throw OpenSSLErrorQueue.drain(fallback: "X509_new failed") }
        let x = X509Certificate(taking: xPointer)

        var signingKey = key
        var issuerCertificate: X509Certificate?
        if let issuer {
            guard case .success(let chain) = PEM.certificates(issuer.certificatePEM),
                  case .success(let issuerKey) = PEM.privateKey(issuer.privateKeyPEM) else {
                throw TLSError(reason: .other, message: "the issuer's certificate or key does not parse")
            }
            issuerCertificate = chain[0]
            signingKey = issuerKey
        }

        var serial: UInt64 = 0
        withUnsafeMutableBytes(of: &serial) { _ = RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) }
        // RFC 5280 §4.1.2.2: positive, at most 20 octets.
        serial >>= 1
        var ok = X509_set_version(x.pointer, 2) == 1
        ok = ok && ASN1_INTEGER_set_uint64(X509_get_serialNumber(x.pointer), serial | 1) == 1
        ok = ok && ASN1_TIME_set(X509_getm_notBefore(x.pointer), time_t(start)) != nil
        ok = ok && ASN1_TIME_set(X509_getm_notAfter(x.pointer), time_t(end)) != nil
        ok = ok && X509_set_pubkey(x.pointer, key.pointer) == 1
        let subject = X509_get_subject_name(x.pointer)
        ok = ok && X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1
        let issuerName = issuerCertificate.map { X509_get_subject_name($0.pointer) } ?? subject
        ok = ok && X509_set_issuer_name(x.pointer, issuerName) == 1
        guard ok else { throw OpenSSLErrorQueue.drain(fallback: "building the certificate failed") }

        var extensions: [(Int32, String)] = []
        if isCertificateAuthority {
            extensions.append((NID_basic_constraints, "critical,CA:TRUE"))
            extensions.append((NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"))
        } else {
            extensions.append((NID_basic_constraints, "CA:FALSE"))
            extensions.append((NID_key_usage, "critical,digitalSignature"))
            extensions.append((NID_ext_key_usage, "serverAuth,clientAuth"))
        }
        let sans = subjectAlternativeNames.map { isIPAddress($0) ? "IP:\($0)" : "DNS:\($0)" }
        if !sans.isEmpty { extensions.append((NID_subject_alt_name, sans.joined(separator: ","))) }
        if let ocspResponderURL { extensions.append((NID_info_access, "OCSP;URI:\(ocspResponderURL)")) }
        extensions.append((NID_subject_key_identifier, "hash"))
        if issuerCertificate != nil { extensions.append((NID_authority_key_identifier, "keyid:always")) }

        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuerCertificate?.pointer ?? x.pointer, x.pointer, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw OpenSSLErrorQueue.drain(fallback: "extension \(value) rejected")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x.pointer, ext, -1) == 1 else {
                throw OpenSSLErrorQueue.drain(fallback: "adding extension \(value) failed")
            }
        }
        guard X509_sign(x.pointer, signingKey.pointer, EVP_sha256()) > 0 else {
            throw OpenSSLErrorQueue.drain(fallback: "signing the certificate failed")
        }
        guard let certificatePEM = PEM.write({ PEM_write_bio_X509($0, x.pointer) }),
              let keyPEM = PEM.write({ PEM_write_bio_PrivateKey($0, key.pointer, nil, nil, 0, nil, nil) }) else {
            throw OpenSSLErrorQueue.drain(fallback: "writing PEM failed")
        }
        return SelfSignedCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM, notAfter: end)
    }

    static func isIPAddress(_ s: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }
}
