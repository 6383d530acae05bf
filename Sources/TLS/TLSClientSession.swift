internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The client side of one TLS connection to an upstream, with the same byte-transformer
/// API and calling protocol as `TLSServerSession` (feed, handshake, read, write, take,
/// close; flush after every call). The loop connects the socket, creates the session, and
/// flushes right away: the first `handshake()` produces the ClientHello.
public final class TLSClientSession {
    let connection: TLSConnection

    /// - Parameters:
    ///   - serverName: sent as SNI (unless it is an IP literal, RFC 6066 §3) and, when the
    ///     context verifies, the name the certificate must carry
    ///     (`Backend.settings.upstreamServerName`, else the endpoint's host).
    ///   - resuming: a ticket from an earlier session to the same upstream.
    public init(context: TLSClientContext, serverName: String?,
                resuming: TLSResumptionTicket? = nil) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.context.pointer) else {
            throw OpenSSLErrorQueue.drain(fallback: "SSL_new failed")
        }
        connection = TLSConnection(ssl: ssl, isServer: false, metrics: context.metrics)
        if let serverName, !serverName.isEmpty {
            let isIP = SelfSignedCertificate.isIPAddress(serverName)
            if !isIP, portico_SSL_set_tlsext_host_name(ssl, serverName) != 1 {
                throw OpenSSLErrorQueue.drain(fallback: "server name '\(serverName)' refused for SNI")
            }
            if context.verifiesPeer {
                let ok = isIP ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName)
                              : SSL_set1_host(ssl, serverName)
                guard ok == 1 else {
                    throw OpenSSLErrorQueue.drain(fallback: "server name '\(serverName)' cannot be verified")
                }
            }
        }
        if let resuming { _ = SSL_set_session(ssl, resuming.pointer) }
    }

    /// Hands ciphertext received from the upstream to OpenSSL.
    public func feedCiphertext(_ bytes: UnsafeRawBufferPointer) { connection.feed(bytes) }
    /// Array form of `feedCiphertext(_:)`.
    public func feedCiphertext(_ bytes: [UInt8]) { bytes.withUnsafeBytes { connection.feed($0) } }
    /// Runs the handshake as far as the fed ciphertext allows (the first call makes the ClientHello).
    public func handshake() -> TLSHandshakeResult { connection.advance() }
    /// Same as `handshake()`.
    public func advance() -> TLSHandshakeResult { connection.advance() }
    /// Decrypts buffered records into `buffer` (up to its size).
    public func readPlaintext(into buffer: UnsafeMutableRawBufferPointer) -> TLSReadResult { connection.read(into: buffer) }
    /// Decrypts everything buffered, appending to `buffer`.
    public func readPlaintext(into buffer: inout [UInt8]) -> TLSReadResult { connection.read(appendingTo: &buffer) }
    /// Encrypts `bytes`; before the handshake completes they are held and sent right after it.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws(TLSError) { try connection.write(bytes) }
    /// Array form of `writePlaintext(_:)`.
    public func writePlaintext(_ bytes: [UInt8]) throws(TLSError) { try connection.write(bytes) }
    /// Moves pending ciphertext into `buffer` (up to its size).
    public func takeCiphertext(into buffer: UnsafeMutableRawBufferPointer) -> Int { connection.take(into: buffer) }
    /// Appends all pending ciphertext to `buffer`.
    @discardableResult
    public func takeCiphertext(into buffer: inout [UInt8]) -> Int { connection.take(appendingTo: &buffer) }
    /// True when there is ciphertext to send.
    public var hasPendingCiphertext: Bool { connection.pendingCiphertextCount > 0 }
    /// How many ciphertext bytes are waiting to be sent.
    public var pendingCiphertextCount: Int { connection.pendingCiphertextCount }
    /// Queues close_notify; flush, then close the socket.
    public func close() { connection.close() }
    /// Fails the handshake as timed out (the data plane's connect/handshake timer fired).
    public func handshakeTimedOut() {
        guard !connection.isHandshakeComplete else { return }
        connection.fail(TLSError(reason: .timeout, message: "the upstream did not finish the handshake in time"))
    }

    /// True once the handshake finished.
    public var isHandshakeComplete: Bool { connection.isHandshakeComplete }
    /// True once the peer's close_notify was read.
    public var peerClosed: Bool { connection.receivedCloseNotify }
    /// The negotiated protocol version.
    public var negotiatedVersion: TLSVersion? { connection.version }
    /// The negotiated cipher suite (OpenSSL name).
    public var cipherSuite: String? { connection.isHandshakeComplete ? connection.cipherName : nil }
    /// The ALPN protocol the upstream chose, or nil.
    public var alpnProtocol: String? { connection.alpnProtocol }
    /// The SNI name sent.
    public var serverName: String? { connection.serverName }
    /// True when the handshake resumed `resuming`.
    public var isResumed: Bool { connection.isResumed }
    /// The failure that ended the session, if any.
    public var failure: TLSError? { connection.failure }

    /// Asks the server to staple an OCSP response (status_request, RFC 6066 §8); call
    /// before the first `handshake()`. Used by tests of the server's stapling.
    func requestOCSPStatus() { _ = portico_SSL_request_ocsp_status(connection.ssl) }

    /// The OCSP response the server stapled, if any.
    var stapledOCSPResponse: [UInt8]? {
        var der: UnsafePointer<UInt8>?
        let length = portico_SSL_get_ocsp_response(connection.ssl, &der)
        guard length > 0, let der else { return nil }
        return Array(UnsafeBufferPointer(start: der, count: length))
    }

    /// The upstream's leaf certificate as presented (verified or not).
    public var peerCertificate: TLSCertificateInfo? {
        guard let x = SSL_get1_peer_certificate(connection.ssl) else { return nil }
        return CertificateFields.info(X509Certificate(taking: x), chainLength: 1)
    }

    /// A ticket to resume a later connection with. With TLS 1.3 the server sends it after
    /// the handshake, so ask after the first response was read.
    ///
    /// The ticket is a copy: OpenSSL marks a connection's own session unresumable when the
    /// connection is freed without close_notify, and an upstream that drops idle keep-alive
    /// connections should not cost us resumption (RFC 8446 does not require that rule).
    public func resumptionTicket() -> TLSResumptionTicket? {
        guard connection.isHandshakeComplete, let session = SSL_get_session(connection.ssl),
              SSL_SESSION_is_resumable(session) == 1, let copy = SSL_SESSION_dup(session) else { return nil }
        return TLSResumptionTicket(taking: copy)
    }
}
