internal import COpenSSL
import Routing
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The OCSP response stapled for one loaded certificate (RFC 6066 §8), replaced by the fetcher.
///
/// Owned by the certificate's `SSLContextHandle`; the `SSL_CTX` status callback reaches it
/// through an unretained pointer, which is safe because the callback only runs during a
/// handshake, and a handshaking session holds its selection, hence the handle, strongly.
final class OCSPStaple: Sendable {
    struct Response: Sendable {
        var der: [UInt8]
        var nextUpdate: Int64
    }
    private let response = Mutex<Response?>(nil)

    func set(_ r: Response?) { response.withLock { $0 = r } }

    /// The response to staple now, or nil when there is none or it went stale.
    func current(now: Int64) -> [UInt8]? {
        response.withLock { r in
            guard let r, now < r.nextUpdate else { return nil }
            return r.der
        }
    }

    var nextUpdate: Int64? { response.withLock { $0?.nextUpdate } }
}

/// What to fetch to staple OCSP for one served certificate: POST `body` to `responderURL`
/// with `Content-Type: application/ocsp-request` (RFC 6960 Appendix A.1).
public struct TLSOCSPRequest: Sendable, Hashable {
    /// The Secret of the certificate; nil for the self-signed default (never has a responder).
    public var secret: ObjectRef?
    /// The OCSP responder from the leaf's Authority Information Access extension.
    public var responderURL: String
    /// DER-encoded OCSPRequest for the leaf (SHA-1 CertID, as responders expect).
    public var body: [UInt8]
    /// When the currently stapled response expires (Unix seconds), nil when none is stapled:
    /// refetch well before it (e.g. at half its lifetime).
    public var stapledUntil: Int64?
    let key: CertificateContentKey
}

/// Why an OCSP response was not stapled.
public enum TLSOCSPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The certificate was replaced or removed since the request was made.
    case certificateNoLongerServed
    /// The bytes are not a DER OCSPResponse.
    case responseDoesNotParse
    /// The responder answered with a non-successful status (RFC 6960 §4.2.1), e.g. 3 = tryLater.
    case responderStatus(Int)
    /// The signature does not verify against the certificate's issuer.
    case signatureInvalid(String)
    /// The response does not mention our certificate.
    case certificateNotInResponse
    /// The responder says the certificate is revoked.
    case revoked
    /// The responder does not know the certificate.
    case unknownCertificate
    /// thisUpdate is in the future or nextUpdate has passed.
    case outsideValidity

    public var description: String {
        switch self {
        case .certificateNoLongerServed: "the certificate is no longer served; fetch for the current requests"
        case .responseDoesNotParse: "the OCSP response is not DER-encoded OCSPResponse"
        case .responderStatus(let s): "the OCSP responder answered status \(s) instead of successful (0)"
        case .signatureInvalid(let d): "the OCSP response signature does not verify against the issuer (\(d))"
        case .certificateNotInResponse: "the OCSP response does not cover this certificate"
        case .revoked: "the OCSP responder reports the certificate as revoked: replace it"
        case .unknownCertificate: "the OCSP responder does not know this certificate"
        case .outsideValidity: "the OCSP response is not valid now (thisUpdate in the future or nextUpdate passed)"
        }
    }
}

/// OCSP requests and response checks with OpenSSL.
enum OCSP {
    /// Leaf, issuer and responder URL of a PEM chain; nil when it cannot be stapled.
    static func parts(_ key: CertificateContentKey) -> (leaf: X509Certificate, issuer: X509Certificate, url: String)? {
        guard case .success(let chain) = PEM.certificates(key.certificatePEM), chain.count >= 2 else { return nil }
        guard let urls = X509_get1_ocsp(chain[0].pointer) else { return nil }
        defer { X509_email_free(urls) }
        guard OPENSSL_sk_num(urls) > 0, let first = OPENSSL_sk_value(urls, 0) else { return nil }
        return (chain[0], chain[1], String(cString: first.assumingMemoryBound(to: CChar.self)))
    }

    static func certificateID(leaf: X509Certificate, issuer: X509Certificate) -> OpaquePointer? {
        OCSP_cert_to_id(nil, leaf.pointer, issuer.pointer)
    }

    static func request(_ key: CertificateContentKey) -> (url: String, body: [UInt8])? {
        guard let (leaf, issuer, url) = parts(key), let id = certificateID(leaf: leaf, issuer: issuer) else { return nil }
        guard let request = OCSP_REQUEST_new() else { OCSP_CERTID_free(id); return nil }
        defer { OCSP_REQUEST_free(request) }
        guard OCSP_request_add0_id(request, id) != nil else { OCSP_CERTID_free(id); return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_OCSP_REQUEST(request, &out)
        guard length > 0, let out else { return nil }
        defer { portico_OPENSSL_free(out) }
        return (url, Array(UnsafeBufferPointer(start: out, count: Int(length))))
    }

    /// Checks `der` answers "good" for the leaf, is signed by (or for) its issuer, and is
    /// current; returns nextUpdate (or now + 1 h when the responder gives none).
    static func check(_ der: [UInt8], key: CertificateContentKey, now: Int64) -> Result<Int64, TLSOCSPError> {
        guard let (leaf, issuer, _) = parts(key) else { return .failure(.certificateNoLongerServed) }
        OpenSSLErrorQueue.clear()
        let response: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_OCSP_RESPONSE(nil, &p, buffer.count)
        }
        guard let response else { OpenSSLErrorQueue.clear(); return .failure(.responseDoesNotParse) }
        defer { OCSP_RESPONSE_free(response) }
        let status = OCSP_response_status(response)
        guard status == OCSP_RESPONSE_STATUS_SUCCESSFUL else { return .failure(.responderStatus(Int(status))) }
        guard let basic = OCSP_response_get1_basic(response) else { return .failure(.responseDoesNotParse) }
        defer { OCSP_BASICRESP_free(basic) }

        // Trust the issuer for this check only: the response must be signed by it or by a
        // responder certificate it issued (RFC 6960 §4.2.2.2).
        guard let store = X509_STORE_new() else { return .failure(.signatureInvalid("out of memory")) }
        defer { X509_STORE_free(store) }
        X509_STORE_add_cert(store, issuer.pointer)
        guard let chain = OPENSSL_sk_new_null() else { return .failure(.signatureInvalid("out of memory")) }
        defer { OPENSSL_sk_free(chain) }
        OPENSSL_sk_push(chain, UnsafeRawPointer(issuer.pointer))
        guard OCSP_basic_verify(basic, chain, store, UInt(OCSP_TRUSTOTHER)) == 1 else {
            let e = OpenSSLErrorQueue.drain(fallback: "verification failed")
            return .failure(.signatureInvalid(e.message))
        }
        guard let id = certificateID(leaf: leaf, issuer: issuer) else { return .failure(.certificateNotInResponse) }
        defer { OCSP_CERTID_free(id) }
        var certificateStatus: Int32 = -1
        var reason: Int32 = -1
        var revokedAt: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var thisUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        guard OCSP_resp_find_status(basic, id, &certificateStatus, &reason, &revokedAt, &thisUpdate, &nextUpdate) == 1 else {
            return .failure(.certificateNotInResponse)
        }
        switch certificateStatus {
        case V_OCSP_CERTSTATUS_GOOD: break
        case V_OCSP_CERTSTATUS_REVOKED: return .failure(.revoked)
        default: return .failure(.unknownCertificate)
        }
        // Five minutes of clock skew, like OpenSSL's own ocsp tool.
        guard OCSP_check_validity(thisUpdate, nextUpdate, 300, -1) == 1 else {
            OpenSSLErrorQueue.clear()
            return .failure(.outsideValidity)
        }
        let until = nextUpdate.flatMap { CertificateFields.unixTime(UnsafePointer($0)) } ?? (now + 3600)
        return .success(until)
    }

    /// The `SSL_CTX` status callback: staples the certificate's current response if the
    /// client asked for one (status_request) and we have a fresh one; else no staple.
    static let statusCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = { ssl, arg in
        guard let ssl, let arg else { return SSL_TLSEXT_ERR_NOACK }
        let staple = Unmanaged<OCSPStaple>.fromOpaque(arg).takeUnretainedValue()
        guard let der = staple.current(now: Int64(time(nil))), !der.isEmpty else { return SSL_TLSEXT_ERR_NOACK }
        let ok = der.withUnsafeBufferPointer { portico_SSL_staple_ocsp_response(ssl, $0.baseAddress, $0.count) }
        return ok == 1 ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_NOACK
    }
}

extension TLSServerContext {
    /// One request per served certificate that can be stapled: its tls.crt carries the
    /// issuer after the leaf and the leaf names an OCSP responder. The fetching (HTTP) is
    /// the caller's; hand the answer to `installOCSPResponse(_:for:now:)`.
    public func ocspRequests() -> [TLSOCSPRequest] {
        let selection = currentSelection()
        var seen: Set<CertificateContentKey> = []
        var requests: [TLSOCSPRequest] = []
        let all = selection.exact.sorted { $0.key < $1.key }.map(\.value)
            + selection.wildcard.sorted { $0.key < $1.key }.map(\.value) + [selection.fallback]
        for loaded in all where seen.insert(loaded.key).inserted {
            guard let (url, body) = OCSP.request(loaded.key) else { continue }
            requests.append(TLSOCSPRequest(secret: loaded.secret, responderURL: url, body: body,
                                           stapledUntil: loaded.context.staple.nextUpdate, key: loaded.key))
        }
        return requests
    }

    /// Checks an OCSP response for the request's certificate and staples it to new
    /// handshakes until its nextUpdate. A bad response never replaces a good staple.
    ///
    /// - Returns: the response's nextUpdate (Unix seconds).
    @discardableResult
    public func installOCSPResponse(_ der: [UInt8], for request: TLSOCSPRequest,
                                    now: Int64) -> Result<Int64, TLSOCSPError> {
        let selection = currentSelection()
        let all = Array(selection.exact.values) + Array(selection.wildcard.values) + [selection.fallback]
        guard let loaded = all.first(where: { $0.key == request.key }) else {
            return .failure(.certificateNoLongerServed)
        }
        return OCSP.check(der, key: request.key, now: now).map { nextUpdate in
            loaded.context.staple.set(OCSPStaple.Response(der: der, nextUpdate: nextUpdate))
            return nextUpdate
        }
    }
}
