internal import COpenSSL

/// The server side of one TLS connection, as a byte transformer: ciphertext in, plaintext
/// out, and the reverse. It never touches a file descriptor and never blocks; confine it to
/// the loop thread that owns the connection (it is deliberately not Sendable).
///
/// Calling protocol (how the data plane drives it from epoll readiness):
///
/// 1. On accept: `let s = try TLSServerSession(context: tls)`; arm a timer for
///    `tls.configuration.handshakeTimeoutMilliseconds`.
/// 2. **EPOLLIN**: `read(2)` into the connection's reusable buffer, then
///    `s.feedCiphertext(bytes)` straight from it (one copy, into OpenSSL's memory BIO).
///    - Before the handshake is done: `switch s.handshake()`: `.complete` → cancel the
///      timer, read `s.alpnProtocol` / `s.serverName`, and go on to reading plaintext (a
///      client's first request may already be buffered); `.needsMoreInput` → wait for the
///      next EPOLLIN; `.failed` → flush, then close.
///    - After: call `s.readPlaintext(into:)` until it returns `.wantRead`; `.closed`
///      means the peer sent close_notify; `.failed` means close.
///    - A `read(2)` of 0 (TCP FIN without close_notify) is a truncation: close.
/// 3. **After every call above, and after `writePlaintext`/`close`: flush.** While
///    `s.hasPendingCiphertext`, `s.takeCiphertext(into:)` and `write(2)` it. OpenSSL writes
///    into a memory BIO, so it never reports WANT_WRITE; backpressure is the loop's: keep
///    what `write(2)` did not take in the connection's output buffer, enable **EPOLLOUT**,
///    and stop reading/producing until it drains. TLS 1.3 may produce ciphertext during a
///    read (session tickets, KeyUpdate replies), hence "after every call".
/// 4. Sending a response: `try s.writePlaintext(bytes)` then flush. Bytes written before
///    the handshake completes are held and sent right after it.
/// 5. Handshake timeout: when the timer fires and `!s.isHandshakeComplete`, call
///    `s.handshakeTimedOut()` (counts a `timeout` failure) and close the socket.
/// 6. Closing: `s.close()` queues close_notify; flush, then `close(2)`. We do not wait for
///    the peer's close_notify (RFC 8446 §6.1 allows closing after sending ours).
///
/// `receive(ciphertext:plaintext:output:)` does all of step 2 and the flush collection in
/// one call and reports what happened as a `TLSReceiveEvent`; the pointer-based
/// `readPlaintext(into:)` / `takeCiphertext(into:)` let a loop with its own buffer types
/// decrypt straight into its input buffer and encrypt straight into its output buffer.
///
/// ```swift
/// // EPOLLIN
/// let n = read(fd, &readBuffer, readBuffer.count)        // n > 0
/// readBuffer.withUnsafeBytes { session.feedCiphertext(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
/// if !session.isHandshakeComplete, case .failed = session.handshake() { flushAndClose(); return }
/// while case .bytes = session.readPlaintext(into: &requestBytes) {}
/// parser.feed(requestBytes) ...
/// session.takeCiphertext(into: &outputBuffer)             // then write(2) it
/// ```
public final class TLSServerSession {
    let connection: TLSConnection

    /// Starts a server handshake with the context's current certificates.
    public init(context: TLSServerContext) throws(TLSError) {
        let selection = context.currentSelection()
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(selection.fallback.context.pointer) else {
            throw OpenSSLErrorQueue.drain(fallback: "SSL_new failed")
        }
        connection = TLSConnection(ssl: ssl, isServer: true, metrics: context.metrics)
        // The OpenSSL callbacks find the selection through the SSL's app data.
        connection.callbackState = selection
    }

    /// Hands ciphertext received from the peer to OpenSSL (copied into its memory BIO).
    public func feedCiphertext(_ bytes: UnsafeRawBufferPointer) { connection.feed(bytes) }

    /// Convenience for arrays; the pointer form avoids a copy-on-write check.
    public func feedCiphertext(_ bytes: [UInt8]) { bytes.withUnsafeBytes { connection.feed($0) } }

    /// Runs the handshake as far as the fed ciphertext allows.
    public func handshake() -> TLSHandshakeResult { connection.advance() }

    /// Same as `handshake()`: named for loops that call it on every readiness event.
    public func advance() -> TLSHandshakeResult { connection.advance() }

    /// Decrypts buffered records into `buffer` (up to its size). Drives the handshake first
    /// if it is not finished (then `.wantRead` until it is).
    public func readPlaintext(into buffer: UnsafeMutableRawBufferPointer) -> TLSReadResult {
        connection.read(into: buffer)
    }

    /// Decrypts everything buffered, appending to `buffer`; `.bytes(n)` is the count added.
    public func readPlaintext(into buffer: inout [UInt8]) -> TLSReadResult {
        connection.read(appendingTo: &buffer)
    }

    /// Encrypts `bytes` into records; before the handshake completes they are held and
    /// sent right after it. Throws after a failure or after `close()`.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws(TLSError) { try connection.write(bytes) }

    /// Array form of `writePlaintext(_:)`.
    public func writePlaintext(_ bytes: [UInt8]) throws(TLSError) { try connection.write(bytes) }

    /// Moves pending ciphertext into `buffer` (up to its size); returns the byte count.
    public func takeCiphertext(into buffer: UnsafeMutableRawBufferPointer) -> Int { connection.take(into: buffer) }

    /// Appends all pending ciphertext to `buffer`; returns the byte count.
    @discardableResult
    public func takeCiphertext(into buffer: inout [UInt8]) -> Int { connection.take(appendingTo: &buffer) }

    /// True when there is ciphertext to send.
    public var hasPendingCiphertext: Bool { connection.pendingCiphertextCount > 0 }

    /// How many ciphertext bytes are waiting to be sent.
    public var pendingCiphertextCount: Int { connection.pendingCiphertextCount }

    /// Queues close_notify; flush, then close the socket. Before the handshake completed
    /// there is no session to close: nothing is queued, just close the socket.
    public func close() { connection.close() }

    /// Records that the data plane's handshake timer fired (a `timeout` failure) and makes
    /// every later call fail. No-op once the handshake completed.
    public func handshakeTimedOut() {
        guard !connection.isHandshakeComplete else { return }
        connection.fail(TLSError(reason: .timeout, message: "the client did not finish the handshake in time"))
    }

    /// True once the handshake finished.
    public var isHandshakeComplete: Bool { connection.isHandshakeComplete }
    /// True once the peer's close_notify was read.
    public var peerClosed: Bool { connection.receivedCloseNotify }
    /// The negotiated protocol version, once the handshake is done.
    public var negotiatedVersion: TLSVersion? { connection.version }
    /// The negotiated cipher suite (OpenSSL name), once the handshake is done.
    public var cipherSuite: String? { connection.isHandshakeComplete ? connection.cipherName : nil }
    /// The ALPN protocol chosen (`http/1.1`), or nil when the client offered none.
    public var alpnProtocol: String? { connection.alpnProtocol }
    /// The SNI host name the client sent, or nil.
    public var serverName: String? { connection.serverName }
    /// True when the handshake resumed a session from a ticket.
    public var isResumed: Bool { connection.isResumed }
    /// The failure that ended the session, if any.
    public var failure: TLSError? { connection.failure }
}
