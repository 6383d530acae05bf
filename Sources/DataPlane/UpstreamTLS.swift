import Reactor
import Routing
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// Where an exchange's upstream TLS goes: the client context (verification policy) and
/// the SNI name, from `Backend.settings` of a backend with `upstreamProtocol == .https`.
struct UpstreamTLSTarget {
    let context: TLSClientContext
    let serverName: String?

    /// The target for a backend; nil for plain HTTP. Throws when its CA bundle is unusable.
    static func make(_ backend: Backend, cache: TLSClientContextCache) throws(TLSError) -> UpstreamTLSTarget? {
        guard backend.upstreamProtocol == .https else { return nil }
        let context = try cache.context(trustedCAPEM: backend.settings.upstreamCAPEM)
        // RFC 6066 §3: SNI carries a host name, never an IP literal. Without `proxy-ssl-name`,
        // an endpoint named by DNS (an ExternalName Service) gives its name.
        var name = backend.settings.upstreamServerName.flatMap { $0.isEmpty ? nil : $0 }
        if name == nil, let host = backend.endpoints.first?.host, isDNSName(host) { name = host }
        return UpstreamTLSTarget(context: context, serverName: name)
    }

    /// True for a host name, false for IPv4 and IPv6 literals.
    static func isDNSName(_ host: String) -> Bool {
        !host.isEmpty && !host.contains(":") && host.utf8.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
    }

    /// A fresh client session for a new connection to `address`, resuming the last session
    /// this worker had with it under the same context and name (RFC 8446 §2.2: no
    /// certificate exchange); nil if OpenSSL refuses (out of memory, an unusable name).
    func connectionState(address: SocketAddress, worker: Worker) -> UpstreamTLS? {
        let key = UpstreamTicketKey(address: address, context: ObjectIdentifier(context), serverName: serverName)
        let ticket = worker.upstreamTickets[key]
        guard let session = try? TLSClientSession(context: context, serverName: serverName, resuming: ticket) else {
            return nil
        }
        return UpstreamTLS(session: session, pool: worker.writeBuffers, context: context, serverName: serverName, ticketKey: key)
    }
}

extension Worker {
    /// Keeps a ticket for the next connection to the same endpoint (bounded: a worker talks
    /// to a bounded set of endpoints, and the table starts over past 4096 of them).
    func rememberUpstreamTicket(_ ticket: TLSResumptionTicket, for key: UpstreamTicketKey) {
        if upstreamTickets.count >= 4096 && upstreamTickets[key] == nil { upstreamTickets.removeAll() }
        upstreamTickets[key] = ticket
    }

    /// The TLS target of backend `index` in the current snapshot, memoized per generation so
    /// the shared context cache (a lock) is consulted once per backend and snapshot.
    func upstreamTLSTarget(backend index: Int, generation: UInt64) throws(TLSError) -> UpstreamTLSTarget? {
        if upstreamTLSGeneration != generation {
            upstreamTLSTargets.removeAll(keepingCapacity: true)
            upstreamTLSGeneration = generation
        }
        if let t = upstreamTLSTargets[index] { return t }
        guard let t = try UpstreamTLSTarget.make(snapshot.backends[index], cache: Worker.upstreamTLSContexts) else { return nil }
        upstreamTLSTargets[index] = t
        return t
    }
}

extension DownstreamConnection {
    /// A pooled connection to `address` that speaks what this exchange needs (plain or TLS
    /// with the same context); one that does not is closed.
    func takePooled(_ address: SocketAddress) -> UpstreamConnection? {
        guard let c = worker.pool.take(address) else { return nil }
        if c.tls == nil && upstreamTLS == nil { return c }
        if let t = c.tls, let target = upstreamTLS, t.context === target.context, t.serverName == target.serverName {
            return c
        }
        c.close()
        return nil
    }
}

/// Which sessions a ticket may resume: the same endpoint, client context (so a ticket made
/// without verification never skips a verifying context's checks) and server name.
struct UpstreamTicketKey: Hashable {
    var address: SocketAddress
    var context: ObjectIdentifier
    var serverName: String?
}

/// The TLS state of one upstream connection (re-encryption to an HTTPS backend): the client
/// session and the ciphertext `write(2)` has not taken yet. Pooled with its connection.
final class UpstreamTLS {
    let session: TLSClientSession
    let pending: IOBuffer
    /// What the session was made with, so a pooled connection is reused only for the same.
    let context: TLSClientContext
    let serverName: String?
    /// close_notify or end of stream seen: every later read reports end of stream.
    var ended = false
    /// Where this connection's session ticket is kept for the next connection; nil once saved.
    var ticketKey: UpstreamTicketKey?

    init(session: TLSClientSession, pool: BufferPool, context: TLSClientContext, serverName: String?,
         ticketKey: UpstreamTicketKey? = nil) {
        self.session = session
        self.context = context
        self.serverName = serverName
        self.ticketKey = ticketKey
        pending = IOBuffer(pool: pool)
    }

    var isDrained: Bool { pending.isEmpty && !session.hasPendingCiphertext }
}

/// Reads and writes of an upstream connection, through TLS when it has a session; the
/// plain path is the syscall it always was.
extension UpstreamConnection {
    /// `input.read(from: fd)`, decrypting on a TLS connection: `.processed(0)` is end of
    /// stream, `.wouldBlock` means nothing more until the next EPOLLIN.
    @inline(__always)
    func read() throws(IOError) -> IOResult<Int> {
        if let tls { return try readTLS(tls) }
        return try input.read(from: fd)
    }

    /// `Syscall.write(fd, a, b)`, encrypting on a TLS connection (all of `a` and `b`: they
    /// are bounded by the connection's buffers) and reporting the plaintext bytes taken.
    @inline(__always)
    func write(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        if let tls { return try writeTLS(tls, a, b) }
        return try Syscall.write(fd, a, b)
    }

    /// `buffer.write(to: fd)` through `write(_:_:)`: consumes what was taken.
    func send(_ buffer: IOBuffer) throws(IOError) -> IOResult<Int> {
        guard tls != nil else { return try buffer.write(to: fd) }
        let r = try write(buffer.readableBytes, UnsafeRawBufferPointer(start: nil, count: 0))
        if case .processed(let n) = r { buffer.consume(n) }
        return r
    }

    private func readTLS(_ t: UpstreamTLS) throws(IOError) -> IOResult<Int> {
        if t.ended { return .processed(0) }
        let scratch = worker.tlsScratch.buffer
        var got = 0
        defer { if t.session.hasPendingCiphertext || !t.pending.isEmpty { flushTLS(t) } }
        for _ in 0..<64 {
            let room = min(scratch.count, input.capacity - input.readableCount)
            if room == 0 { return .processed(got) }
            switch t.session.readPlaintext(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<room])) {
            case .bytes(let n):
                input.append(UnsafeRawBufferPointer(rebasing: scratch[..<n]))
                got += n
                // TLS 1.3 tickets come after the handshake: by the first response they are in.
                if let key = t.ticketKey, let ticket = t.session.resumptionTicket() {
                    worker.rememberUpstreamTicket(ticket, for: key)
                    t.ticketKey = nil
                }
                continue
            case .closed:
                t.ended = true
                return .processed(got)
            case .failed(let error):
                if got > 0 { return .processed(got) }
                throw IOError(errno: EPROTO, function: "TLS to the upstream (\(error))")
            case .wantRead:
                break
            }
            flushTLS(t)  // the ClientHello, or a reply the read produced
            switch try Syscall.read(fd, scratch.baseAddress!, scratch.count) {
            case .wouldBlock:
                return got > 0 ? .processed(got) : .wouldBlock
            case .processed(0):
                t.ended = true
                return .processed(got)
            case .processed(let n):
                t.session.feedCiphertext(UnsafeRawBufferPointer(rebasing: scratch[..<n]))
            }
        }
        return got > 0 ? .processed(got) : .wouldBlock
    }

    private func writeTLS(_ t: UpstreamTLS, _ a: UnsafeRawBufferPointer,
                          _ b: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        try flushTLSThrowing(t)
        guard t.isDrained else { return .wouldBlock }
        do {
            if a.count > 0 { try t.session.writePlaintext(a) }
            if b.count > 0 { try t.session.writePlaintext(b) }
        } catch {
            throw IOError(errno: EPROTO, function: "TLS to the upstream (\(error))")
        }
        // Before the handshake finished the bytes are held; this makes (or continues) it.
        if !t.session.isHandshakeComplete, case .failed(let error) = t.session.handshake() {
            throw IOError(errno: EPROTO, function: "TLS to the upstream (\(error))")
        }
        try flushTLSThrowing(t)
        return .processed(a.count + b.count)
    }

    /// Sends pending ciphertext, ignoring errors (the next read or write reports them).
    func flushTLS(_ t: UpstreamTLS) {
        do { try flushTLSThrowing(t) } catch {}
    }

    private func flushTLSThrowing(_ t: UpstreamTLS) throws(IOError) {
        if !t.pending.isEmpty {
            guard writable else { return }
            switch try t.pending.write(to: fd) {
            case .wouldBlock:
                writable = false
                return
            case .processed:
                if !t.pending.isEmpty { writable = false; return }
                t.pending.releaseIfEmpty()
            }
        }
        // At most what `pending` can hold, so a short write never loses a byte.
        let scratch = UnsafeMutableRawBufferPointer(rebasing: worker.tlsScratch.buffer[..<min(worker.tlsScratch.buffer.count, t.pending.capacity)])
        while writable && t.session.hasPendingCiphertext {
            let n = t.session.takeCiphertext(into: scratch)
            if n == 0 { return }
            switch try Syscall.write(fd, scratch.baseAddress!, n) {
            case .wouldBlock:
                t.pending.append(UnsafeRawBufferPointer(rebasing: scratch[..<n]))
                writable = false
                return
            case .processed(let w):
                if w < n {
                    t.pending.append(UnsafeRawBufferPointer(rebasing: scratch[w..<n]))
                    writable = false
                    return
                }
            }
        }
    }

    /// Called from `close()`: close_notify, best effort, then the buffers go back.
    func closeTLS(_ t: UpstreamTLS) {
        if t.session.isHandshakeComplete { t.session.close() }
        flushTLS(t)
        t.pending.clear()
        t.pending.releaseIfEmpty()
    }
}
