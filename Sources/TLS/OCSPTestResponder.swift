internal import COpenSSL

/// Signs OCSP responses in-process, as a CA's responder would: test support for stapling
/// (internal; reached through `@testable import`).
enum OCSPTestResponder {
    enum Status { case good, revoked }

    /// A successful OCSPResponse for `leafPEM` (first block), signed directly by `issuer`.
    static func response(leafPEM: [UInt8], issuer: SelfSignedCertificate, status: Status,
                         thisUpdate: Int64, nextUpdate: Int64) -> [UInt8]? {
        guard case .success(let leaf) = PEM.certificates(leafPEM),
              case .success(let issuerChain) = PEM.certificates(issuer.certificatePEM),
              case .success(let issuerKey) = PEM.privateKey(issuer.privateKeyPEM),
              let id = OCSP.certificateID(leaf: leaf[0], issuer: issuerChain[0]),
              let basic = OCSP_BASICRESP_new() else { return nil }
        defer { OCSP_CERTID_free(id); OCSP_BASICRESP_free(basic) }
        guard let from = ASN1_TIME_set(nil, time_t(thisUpdate)), let until = ASN1_TIME_set(nil, time_t(nextUpdate)) else {
            return nil
        }
        defer { ASN1_TIME_free(from); ASN1_TIME_free(until) }
        let code = status == .good ? V_OCSP_CERTSTATUS_GOOD : V_OCSP_CERTSTATUS_REVOKED
        guard OCSP_basic_add1_status(basic, id, code, status == .good ? 0 : OCSP_REVOKED_STATUS_KEYCOMPROMISE,
                                     status == .good ? nil : from, from, until) != nil,
              OCSP_basic_sign(basic, issuerChain[0].pointer, issuerKey.pointer, EVP_sha256(), nil, 0) == 1,
              let response = OCSP_response_create(Int32(OCSP_RESPONSE_STATUS_SUCCESSFUL), basic) else { return nil }
        defer { OCSP_RESPONSE_free(response) }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_OCSP_RESPONSE(response, &out)
        guard length > 0, let out else { return nil }
        defer { portico_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}
