internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Owns an `X509*` from OpenSSL and frees it when the last Swift reference goes.
final class X509Certificate {
    let pointer: OpaquePointer
    init(taking pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }
}

/// Owns an `EVP_PKEY*` from OpenSSL.
final class PrivateKey {
    let pointer: OpaquePointer
    init(taking pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

/// Turns PEM bytes into OpenSSL objects without touching the file system.
enum PEM {
    /// Runs `body` with a read-only memory BIO over `bytes` (no copy; the BIO lives only here).
    static func withReadBIO<R>(_ bytes: [UInt8], _ body: (OpaquePointer) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            // BIO_new_mem_buf with an empty buffer needs a non-null pointer.
            let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            guard let bio = BIO_new_mem_buf(base, Int32(clamping: raw.count)) else {
                fatalError("BIO_new_mem_buf failed: out of memory")
            }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Reads every `CERTIFICATE` block, leaf first, as the chain in a `tls.crt` is ordered.
    static func certificates(_ bytes: [UInt8]) -> Result<[X509Certificate], TLSCertificateError> {
        OpenSSLErrorQueue.clear()
        let chain: [X509Certificate] = withReadBIO(bytes) { bio in
            var chain: [X509Certificate] = []
            while let x = PEM_read_bio_X509(bio, nil, nil, nil) {
                chain.append(X509Certificate(taking: x))
            }
            return chain
        }
        // Reading stops with PEM_R_NO_START_LINE at the end of the input: that is normal.
        var failure: String?
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if portico_ERR_GET_REASON(code) != PEM_R_NO_START_LINE, failure == nil,
               let s = ERR_reason_error_string(code) {
                failure = String(cString: s)
            }
        }
        if let failure {
            return .failure(.certificateDoesNotParse(failure))
        }
        if chain.isEmpty {
            if containsMarker(bytes, "-----BEGIN CERTIFICATE-----") {
                return .failure(.certificateDoesNotParse("the CERTIFICATE block is damaged"))
            }
            return .failure(.noCertificateInChain)
        }
        return .success(chain)
    }

    /// Reads the first private key block (PKCS#8, traditional RSA or EC; unencrypted).
    static func privateKey(_ bytes: [UInt8]) -> Result<PrivateKey, TLSCertificateError> {
        OpenSSLErrorQueue.clear()
        let key = withReadBIO(bytes) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
        guard let key else {
            let error = OpenSSLErrorQueue.drain(fallback: "no PRIVATE KEY block found")
            return .failure(.privateKeyDoesNotParse(error.message))
        }
        return .success(PrivateKey(taking: key))
    }

    /// Writes an OpenSSL object as PEM through a growable memory BIO.
    static func write(_ body: (OpaquePointer) -> Int32) -> [UInt8]? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { return nil }
        var data: UnsafeMutablePointer<CChar>?
        let count = portico_BIO_get_mem_data(bio, &data)
        guard let data, count > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(count)))
    }

    static func containsMarker(_ bytes: [UInt8], _ marker: String) -> Bool {
        let m = Array(marker.utf8)
        guard bytes.count >= m.count else { return false }
        for i in 0...(bytes.count - m.count) where bytes[i] == m[0] {
            if bytes[i..<(i + m.count)].elementsEqual(m) { return true }
        }
        return false
    }
}

/// Reads the fields we report from a parsed certificate.
enum CertificateFields {
    /// Seconds since the Unix epoch for an ASN1_TIME (UTCTime or GeneralizedTime, RFC 5280 §4.1.2.5).
    static func unixTime(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }

    static func notBefore(_ x: X509Certificate) -> Int64? { unixTime(X509_get0_notBefore(x.pointer)) }
    static func notAfter(_ x: X509Certificate) -> Int64? { unixTime(X509_get0_notAfter(x.pointer)) }

    /// The subject's common name, if any.
    static func commonName(_ x: X509Certificate) -> String? {
        guard let name = X509_get_subject_name(x.pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { portico_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    /// DNS names and IP addresses from subjectAltName (RFC 5280 §4.2.1.6), in certificate order.
    static func subjectAlternativeNames(_ x: X509Certificate) -> (dns: [String], ip: [String]) {
        guard let raw = X509_get_ext_d2i(x.pointer, NID_subject_alt_name, nil, nil) else { return ([], []) }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = []
        var ips: [String] = []
        for i in 0..<OPENSSL_sk_num(names) {
            guard let element = OPENSSL_sk_value(names, i) else { continue }
            let name = element.assumingMemoryBound(to: GENERAL_NAME.self)
            switch name.pointee.type {
            case GEN_DNS:
                if let s = name.pointee.d.dNSName, let bytes = ASN1_STRING_get0_data(s) {
                    dns.append(String(decoding: UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(s))), as: UTF8.self))
                }
            case GEN_IPADD:
                if let s = name.pointee.d.iPAddress, let bytes = ASN1_STRING_get0_data(s) {
                    let octets = Array(UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(s))))
                    ips.append(formatIP(octets))
                }
            default:
                continue
            }
        }
        return (dns, ips)
    }

    static func formatIP(_ octets: [UInt8]) -> String {
        if octets.count == 4 { return octets.map(String.init).joined(separator: ".") }
        var groups: [String] = []
        var i = 0
        while i + 1 < octets.count {
            groups.append(String(UInt16(octets[i]) << 8 | UInt16(octets[i + 1]), radix: 16))
            i += 2
        }
        return groups.joined(separator: ":")
    }

    /// Everything we report about a leaf certificate.
    static func info(_ leaf: X509Certificate, chainLength: Int) -> TLSCertificateInfo {
        let san = subjectAlternativeNames(leaf)
        return TLSCertificateInfo(commonName: commonName(leaf), dnsNames: san.dns, ipAddresses: san.ip,
                                  notBefore: notBefore(leaf) ?? 0, notAfter: notAfter(leaf) ?? 0,
                                  chainLength: chainLength)
    }
}
