import HTTP1
import Reactor
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// HTTPS for a downstream connection: the plain paths call these when `tls` is set. Reads
/// decrypt into `input`, writes encrypt `output` (or a head and a body slice), and the
/// handshake runs inside the first reads, driven by epoll readiness like everything else.
///
/// OpenSSL works on memory BIOs, so it never reports WANT_WRITE: backpressure is the
/// socket's. Plaintext is encrypted only when no earlier ciphertext is waiting, so what a
/// connection holds in ciphertext is bounded by one write's worth of its own buffers.
extension DownstreamConnection {
    // MARK: - Reading

    /// `readClient()` for TLS: decrypts what OpenSSL already holds, then reads ciphertext
    /// while the socket has some and `input` has room. True if plaintext (or EOF) arrived.
    func readClientTLS(_ t: TLSTransport) -> Bool {
        guard !readEOF, input.writableCount > 0 || input.readerIndex > 0 else { return false }
        let scratch = worker.tlsScratch.buffer
        let wasComplete = t.session.isHandshakeComplete
        defer { if !wasComplete { countHandshake(t) } }
        var arrived = false
        var socketProgress = false
        for _ in 0..<16 {
            let room = min(scratch.count, input.capacity - input.readableCount)
            if room == 0 { break }
            switch t.session.readPlaintext(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<room])) {
            case .bytes(let n):
                input.append(UnsafeRawBufferPointer(rebasing: scratch[..<n]))
                arrived = true
                continue
            case .closed, .failed:
                // close_notify, or a failed handshake / bad record: the alert OpenSSL queued
                // goes out with the close (see `closeTLS`).
                readEOF = true
                readable = false
                _ = flushCiphertext(t)
                return true
            case .wantRead:
                break
            }
            guard readable else { break }
            let r: IOResult<Int>
            do { r = try Syscall.read(fd, scratch.baseAddress!, scratch.count) } catch {
                readEOF = true
                readable = false
                return true
            }
            switch r {
            case .wouldBlock:
                readable = false
            case .processed(0):
                // A FIN without close_notify is a truncation (RFC 8446 §6.1); as with plain
                // HTTP, a client closing between requests is normal.
                readEOF = true
                readable = false
                return true
            case .processed(let n):
                worker.counters.bytesIn += UInt64(n)
                socketProgress = true
                t.session.feedCiphertext(UnsafeRawBufferPointer(rebasing: scratch[..<n]))
                if n < scratch.count && !hangupSeen { readable = false }  // drained (see readClient)
            }
        }
        // Handshake messages, session tickets and KeyUpdate replies are produced by reads.
        if t.session.hasPendingCiphertext || !t.pending.isEmpty { _ = flushCiphertext(t) }
        return arrived || (socketProgress && readable)
    }

    // MARK: - Writing

    /// `flushOutput()` for TLS: sends waiting ciphertext, then encrypts `output` batch by
    /// batch while the socket takes it. True if anything moved.
    func flushOutputTLS(_ t: TLSTransport) -> Bool {
        var progressed = flushCiphertext(t)
        while phase != .closed, !output.isEmpty, t.isDrained, writable {
            let n = min(output.readableCount, TLSTransport.plaintextBatch)
            do { try t.session.writePlaintext(UnsafeRawBufferPointer(rebasing: output.readableBytes[..<n])) } catch {
                close()
                return false
            }
            output.consume(n)
            progressed = true
            _ = flushCiphertext(t)
        }
        return progressed
    }

    /// The TLS form of `Syscall.write(fd, a, b)`: encrypts all of `a` then `b` (both are
    /// bounded by the connection's buffers) and reports the plaintext bytes taken, so a
    /// caller never sees a short write the socket did not cause; `.wouldBlock` while earlier
    /// ciphertext waits (then the socket did push back, and EPOLLOUT will follow).
    func writeClientTLS(_ t: TLSTransport, _ a: UnsafeRawBufferPointer,
                        _ b: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        _ = flushCiphertext(t)
        if phase == .closed { throw IOError(errno: EPIPE, function: "write") }
        guard t.isDrained else { return .wouldBlock }
        let fromA = a.count
        let fromB = b.count
        do {
            if fromA > 0 { try t.session.writePlaintext(UnsafeRawBufferPointer(rebasing: a[..<fromA])) }
            if fromB > 0 { try t.session.writePlaintext(UnsafeRawBufferPointer(rebasing: b[..<fromB])) }
        } catch {
            throw IOError(errno: EPROTO, function: "SSL_write")
        }
        _ = flushCiphertext(t)
        if phase == .closed { throw IOError(errno: EPIPE, function: "write") }
        return .processed(fromA + fromB)
    }

    /// Writes pending ciphertext while the socket takes it: first the leftover of a short
    /// write, then whatever OpenSSL produced, through the worker's scratch buffer (no copy
    /// unless the kernel takes less). True if bytes left; closes on a socket error.
    @discardableResult
    func flushCiphertext(_ t: TLSTransport) -> Bool {
        var progressed = false
        do {
            if !t.pending.isEmpty {
                guard writable else { return false }
                switch try t.pending.write(to: fd) {
                case .wouldBlock:
                    writable = false
                    return false
                case .processed(let n):
                    worker.counters.bytesOut += UInt64(n)
                    progressed = n > 0
                    if !t.pending.isEmpty { writable = false; return progressed }
                    t.pending.releaseIfEmpty()
                }
            }
            // At most what `pending` can hold, so a short write never loses a byte.
            let scratch = UnsafeMutableRawBufferPointer(rebasing: worker.tlsScratch.buffer[..<min(worker.tlsScratch.buffer.count, t.pending.capacity)])
            while writable && t.session.hasPendingCiphertext {
                let n = t.session.takeCiphertext(into: scratch)
                if n == 0 { break }
                switch try Syscall.write(fd, scratch.baseAddress!, n) {
                case .wouldBlock:
                    t.pending.append(UnsafeRawBufferPointer(rebasing: scratch[..<n]))
                    writable = false
                    return progressed
                case .processed(let w):
                    worker.counters.bytesOut += UInt64(w)
                    progressed = progressed || w > 0
                    if w < n {
                        t.pending.append(UnsafeRawBufferPointer(rebasing: scratch[w..<n]))
                        writable = false
                        return progressed
                    }
                }
            }
        } catch {
            // The client is gone; whatever we meant to send cannot arrive.
            t.pending.clear()
            writable = false
            close()
            return false
        }
        return progressed
    }

    // MARK: - Lifecycle

    /// Accept to finished handshake gets `--tls-handshake-timeout` when that is shorter than
    /// the header timeout (which then starts over for the first request head).
    func startHandshakeDeadline(_ milliseconds: Int) {
        let handshake = Int64(max(1, milliseconds)) * 1_000_000
        if handshake < worker.config.clientHeaderTimeout { setDeadline(handshake, .header) }
    }

    /// Counts a handshake that just completed, or one that failed (once, at close).
    private func countHandshake(_ t: TLSTransport) {
        if t.session.isHandshakeComplete, phase == .head, deadlineReason == .header {
            setDeadline(worker.config.clientHeaderTimeout, .header)
        }
        guard let m = worker.metrics else { return }
        if t.session.isHandshakeComplete {
            worker.httpsListenerMetrics?.tlsHandshakes.increment(worker: worker.loop.index)
        } else if let failure = t.session.failure, phase == .closed {
            m.tlsHandshakeFailures.labels(failure.reason.rawValue).increment(worker: worker.loop.index)
        }
    }

    /// Called from `close()` before the socket closes: queues close_notify (RFC 8446 §6.1)
    /// and makes one last non-blocking attempt to send it with anything still waiting.
    func closeTLS(_ t: TLSTransport) {
        if !t.session.isHandshakeComplete { countHandshake(t) }
        if t.session.isHandshakeComplete && t.session.failure == nil { t.session.close() }
        if writable || !t.pending.isEmpty { _ = flushCiphertext(t) }
        t.pending.clear()
        t.pending.releaseIfEmpty()
    }

    /// Called when a deadline fires: one that fires before the handshake finished is a
    /// handshake timeout, counted as such (`tls_handshake_failures{reason="timeout"}`).
    func tlsDeadlineExpired(_ t: TLSTransport) {
        if !t.session.isHandshakeComplete { t.session.handshakeTimedOut() }
    }
}

extension DownstreamConnection {
    /// A head and a body slice to the client in one call: `writev(2)` on plain HTTP,
    /// encrypted on HTTPS.
    @inline(__always)
    func writeClient(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        if let tls { return try writeClientTLS(tls, a, b) }
        return try Syscall.write(fd, a, b)
    }

    /// HTTPS with an HSTS route: adds its field to the response head just written at the end
    /// of `output` (before the blank line). False if it does not fit (head too large).
    func appendHSTSField() -> Bool {
        guard let field = tls?.hstsField else { return true }
        let bytes = output.readableBytes
        let n = bytes.count
        guard n >= 4, bytes[n - 4] == 13, bytes[n - 3] == 10, bytes[n - 2] == 13, bytes[n - 1] == 10 else { return true }
        output.writerIndex -= 2
        if output.append(field) < field.count || output.append(SSLRedirect.crlf) < 2 { return false }
        return true
    }

    /// Applies a TLS host's policy to a request: on HTTPS, remembers its HSTS field for the
    /// response head; on plain HTTP, answers 308 to the HTTPS URL when the route asks for it
    /// and an HTTPS listener runs. True when the request was answered here.
    func applySecurePolicy(_ policy: SecureRoutePolicy, _ head: RequestHead) -> Bool {
        if let tls {
            tls.hstsField = policy.hstsField
            return false
        }
        guard policy.sslRedirect, !worker.httpsPort.isEmpty,
              let location = SSLRedirect.location(head, httpsPort: worker.httpsPort) else { return false }
        // The unread rest of a request body would be parsed as the next request: close.
        if !ex.requestBody.isDone { ex.clientKeepAlive = false }
        ex.requestBody = ex.requestBody.isDone ? ex.requestBody : BodyProgress.none
        let bytes = SSLRedirect.response(location: location, requestID: ex.requestID.string,
                                         close: !ex.clientKeepAlive, headOnly: ex.method == .head)
        output.append(bytes)
        ex.status = 308
        ex.bytesOut = bytes.count
        phase = .proxy  // finishRequest picks the next phase
        finishRequest(status: 308)
        if !ex.clientKeepAlive { phase = .closing }
        return true
    }
}
