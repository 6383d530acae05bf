internal import COpenSSL

/// One OpenSSL connection over two memory BIOs: the byte transformer both sessions share.
///
/// Not thread-safe: confined to the loop thread that owns the connection.
final class TLSConnection {
    let ssl: OpaquePointer
    /// Ciphertext from the peer, written by `feed`, read by OpenSSL.
    private var networkIn: OpaquePointer
    /// Ciphertext for the peer, written by OpenSSL, drained by `take`.
    private var networkOut: OpaquePointer
    private let metrics: TLSMetrics?
    private(set) var isHandshakeComplete = false
    private(set) var failure: TLSError?
    private(set) var receivedCloseNotify = false
    private(set) var sentCloseNotify = false
    /// What the SSL's app data points at (unretained) while the handshake runs: the server's
    /// certificate selection for the SNI, ALPN and ticket callbacks. Released when the
    /// handshake completes so a long-lived connection does not pin retired certificates
    /// (the SSL keeps its own reference to the one `SSL_CTX` it uses).
    var callbackState: AnyObject? {
        didSet {
            let pointer = callbackState.map { Unmanaged.passUnretained($0).toOpaque() }
            _ = portico_SSL_set_app_data(ssl, pointer)
        }
    }
    /// Plaintext written before the handshake finished; sent as soon as it does.
    private var earlyPlaintext: [UInt8] = []

    /// Takes ownership of `ssl` and gives it a fresh pair of memory BIOs.
    init(ssl: OpaquePointer, isServer: Bool, metrics: TLSMetrics?) {
        self.ssl = ssl
        self.metrics = metrics
        let input = TLSConnection.makeMemoryBIO()
        let output = TLSConnection.makeMemoryBIO()
        networkIn = input
        networkOut = output
        SSL_set_bio(ssl, input, output)
        if isServer { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
    }

    deinit { SSL_free(ssl) }

    static func makeMemoryBIO() -> OpaquePointer {
        guard let bio = BIO_new(BIO_s_mem()) else { fatalError("BIO_new failed: out of memory") }
        // An empty memory BIO must mean "retry later" (WANT_READ), not end of file.
        _ = portico_BIO_set_mem_eof_return(bio, -1)
        return bio
    }

    /// Memory BIOs never shrink: one large response would pin its size for the life of a
    /// keep-alive connection. Past this capacity an empty BIO is swapped for a fresh one.
    static let retainedBIOCapacity = 128 * 1024

    /// Allocated bytes of the (input, output) BIOs.
    var bufferCapacities: (input: Int, output: Int) {
        (Int(portico_BIO_mem_capacity(networkIn)), Int(portico_BIO_mem_capacity(networkOut)))
    }

    private func trimDrainedBuffers() {
        if BIO_ctrl_pending(networkOut) == 0, portico_BIO_mem_capacity(networkOut) > Self.retainedBIOCapacity {
            networkOut = Self.makeMemoryBIO()
            SSL_set0_wbio(ssl, networkOut)  // frees the old one
        }
        if BIO_ctrl_pending(networkIn) == 0, portico_BIO_mem_capacity(networkIn) > Self.retainedBIOCapacity {
            networkIn = Self.makeMemoryBIO()
            SSL_set0_rbio(ssl, networkIn)  // takes our reference, frees the old one
        }
    }

    // MARK: - Ciphertext in and out

    func feed(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = BIO_write(networkIn, base, Int32(clamping: remaining))
            guard n > 0 else { fatalError("BIO_write to a memory BIO failed: out of memory") }
            base += Int(n)
            remaining -= Int(n)
        }
    }

    var pendingCiphertextCount: Int { Int(BIO_ctrl_pending(networkOut)) }

    func take(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let n = BIO_read(networkOut, base, Int32(clamping: buffer.count))
        if n > 0, BIO_ctrl_pending(networkOut) == 0 { trimDrainedBuffers() }
        return n > 0 ? Int(n) : 0
    }

    func take(appendingTo buffer: inout [UInt8]) -> Int {
        let pending = pendingCiphertextCount
        guard pending > 0 else { return 0 }
        let start = buffer.count
        TLSConnection.grow(&buffer, by: pending)
        let n = buffer.withUnsafeMutableBytes { take(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        if n < pending { buffer.removeSubrange((start + n)...) }
        return n
    }

    /// One TLS record's worth of plaintext (RFC 8446 §5.1: at most 2^14 bytes).
    static let zeros = [UInt8](repeating: 0, count: 16 * 1024)

    /// Appends `count` zero bytes with bulk copies (element-wise appends crawl in debug builds).
    static func grow(_ buffer: inout [UInt8], by count: Int) {
        var remaining = count
        buffer.reserveCapacity(buffer.count + count)
        while remaining > 0 {
            let n = min(remaining, zeros.count)
            if n == zeros.count { buffer.append(contentsOf: zeros) } else { buffer.append(contentsOf: zeros[..<n]) }
            remaining -= n
        }
    }

    // MARK: - Handshake

    func advance() -> TLSHandshakeResult {
        if let failure { return .failed(failure) }
        if isHandshakeComplete { return .complete }
        OpenSSLErrorQueue.clear()
        let r = SSL_do_handshake(ssl)
        if r == 1 {
            isHandshakeComplete = true
            callbackState = nil
            metrics?.recordHandshake(version: versionName ?? "unknown", cipher: cipherName ?? "unknown",
                                     resumed: isResumed)
            if !earlyPlaintext.isEmpty {
                let early = earlyPlaintext
                earlyPlaintext = []
                if let error = early.withUnsafeBytes({ writeRecords($0) }) { return .failed(error) }
            }
            return .complete
        }
        switch SSL_get_error(ssl, r) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsMoreInput
        default:
            let error = classifiedFailure(fallback: "handshake failed")
            fail(error)
            return .failed(error)
        }
    }

    /// Marks the handshake as failed for a reason OpenSSL does not see (e.g. a timeout).
    func fail(_ error: TLSError) {
        guard failure == nil else { return }
        failure = error
        if !isHandshakeComplete { metrics?.recordFailure(error.reason) }
    }

    /// Drains OpenSSL's errors; a failed peer verification says which check failed.
    private func classifiedFailure(fallback: String) -> TLSError {
        var error = OpenSSLErrorQueue.drain(fallback: fallback)
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK, let text = X509_verify_cert_error_string(verify) {
            error.message += " (\(String(cString: text)))"
            switch Int32(verify) {
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
                 X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
                 X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_CERT_UNTRUSTED:
                error.reason = .unknownCA
            default:
                error.reason = .badCertificate
            }
        }
        return error
    }

    // MARK: - Plaintext

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSReadResult {
        switch advance() {
        case .failed(let e): return .failed(e)
        case .needsMoreInput: return .wantRead
        case .complete: break
        }
        if receivedCloseNotify { return .closed }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .bytes(0) }
        OpenSSLErrorQueue.clear()
        let n = SSL_read(ssl, base, Int32(clamping: buffer.count))
        if n > 0 { return .bytes(Int(n)) }
        switch SSL_get_error(ssl, n) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            trimDrainedBuffers()
            return .wantRead
        case SSL_ERROR_ZERO_RETURN:
            receivedCloseNotify = true
            return .closed
        default:
            let error = classifiedFailure(fallback: "reading a record failed")
            failure = error
            return .failed(error)
        }
    }

    /// Reads all buffered plaintext, appending to `buffer`, 16 KiB (one record) at a time.
    func read(appendingTo buffer: inout [UInt8]) -> TLSReadResult {
        let chunk = TLSConnection.zeros.count
        var total = 0
        while true {
            let start = buffer.count
            TLSConnection.grow(&buffer, by: chunk)
            let result = buffer.withUnsafeMutableBytes { read(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            let n: Int
            if case .bytes(let count) = result { n = count } else { n = 0 }
            buffer.removeSubrange((start + n)...)
            if n > 0 {
                total += n
                continue
            }
            // Report the bytes first; closed/failed is seen again on the next call.
            return total > 0 ? .bytes(total) : result
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        if let failure { throw failure }
        if sentCloseNotify { throw TLSError(reason: .other, message: "write after close()") }
        guard bytes.count > 0 else { return }
        if !isHandshakeComplete {
            earlyPlaintext.append(contentsOf: bytes)
            return
        }
        if let error = writeRecords(bytes) { throw error }
    }

    /// Encrypts all of `bytes` (a memory BIO never pushes back, so SSL_write takes it all).
    /// Array form of `write(_:)`, shared by both session types.
    func write(_ bytes: [UInt8]) throws(TLSError) {
        var failure: TLSError?
        bytes.withUnsafeBytes { raw in
            do throws(TLSError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func writeRecords(_ bytes: UnsafeRawBufferPointer) -> TLSError? {
        guard var base = bytes.baseAddress else { return nil }
        var remaining = bytes.count
        while remaining > 0 {
            OpenSSLErrorQueue.clear()
            let n = SSL_write(ssl, base, Int32(clamping: remaining))
            guard n > 0 else {
                let error = classifiedFailure(fallback: "writing a record failed")
                failure = error
                return error
            }
            base += Int(n)
            remaining -= Int(n)
        }
        return nil
    }

    /// Sends a TLS 1.3 KeyUpdate asking the peer to update too (RFC 8446 §4.6.3); the
    /// message goes out at once. Used by tests: the peer must keep decrypting, and answer
    /// with its own KeyUpdate on its next write.
    func requestKeyUpdate() -> Bool {
        OpenSSLErrorQueue.clear()
        guard isHandshakeComplete, SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED) == 1 else {
            OpenSSLErrorQueue.clear()
            return false
        }
        // SSL_key_update only schedules the message; a zero-length write sends it.
        var nothing: UInt8 = 0
        _ = SSL_write(ssl, &nothing, 0)
        OpenSSLErrorQueue.clear()
        return true
    }

    func close() {
        guard !sentCloseNotify else { return }
        sentCloseNotify = true
        guard isHandshakeComplete, failure == nil else { return }
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    // MARK: - What was negotiated

    var version: TLSVersion? { isHandshakeComplete ? TLSVersion(openSSLValue: SSL_version(ssl)) : nil }
    var versionName: String? { version?.description }

    var cipherName: String? {
        guard let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    var alpnProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    var serverName: String? {
        SSL_get_servername(ssl, Int32(TLSEXT_NAMETYPE_host_name)).map { String(cString: $0) }
    }

    var isResumed: Bool { SSL_session_reused(ssl) == 1 }
}
