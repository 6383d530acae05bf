import Reactor
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTPS client for tests: a 127.0.0.1 socket with a receive timeout and the TLS
/// module's client session as the byte transformer (never on a loop).
final class HTTPSTestClient {
    let fd: Int32
    let session: TLSClientSession
    private var plaintext: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65536)

    /// Connects and completes the handshake; throws the TLS failure if the server refuses.
    init(_ address: SocketAddress, serverName: String?, context: TLSClientContext = try! TLSClientContext(),
         timeoutSeconds: Int = 5) throws {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc = try address.withSockAddr { sa, len in Int(connect(fd, sa, len)) }
        if rc != 0 { let e = errno; close(fd); throw TestClientError.connect(e) }
        session = try TLSClientSession(context: context, serverName: serverName)
        for _ in 0..<100 {
            let r = session.handshake()
            try flush()
            switch r {
            case .complete: return
            case .failed(let e): throw e
            case .needsMoreInput: if try !readCiphertext() { throw TestClientError.closed }
            }
        }
        throw TestClientError.timeout
    }

    deinit { close(fd) }

    /// The certificate the server presented.
    var peerCommonName: String? { session.peerCertificate?.commonName }

    private func flush() throws {
        var out: [UInt8] = []
        session.takeCiphertext(into: &out)
        var off = 0
        while off < out.count {
            let n = out[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw TestClientError.closed }
            off += n
        }
    }

    /// One read(2) of ciphertext fed to the session; false at end of stream.
    private func readCiphertext() throws -> Bool {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? TestClientError.timeout : TestClientError.closed }
        if n == 0 { return false }
        chunk.withUnsafeBytes { session.feedCiphertext(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        return true
    }

    func send(_ bytes: [UInt8]) throws {
        try session.writePlaintext(bytes)
        try flush()
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Decrypts more plaintext; false at end of stream (FIN or close_notify).
    private func fill() throws -> Bool {
        for _ in 0..<1000 {
            let before = plaintext.count
            switch session.readPlaintext(into: &plaintext) {
            case .bytes: if plaintext.count > before { return true }
            case .closed: return false
            case .failed(let e): throw e
            case .wantRead: break
            }
            try flush()
            if try !readCiphertext() { return false }
        }
        throw TestClientError.timeout
    }

    /// True when the server closed the connection (FIN or close_notify) before `seconds`.
    func waitForClose() -> Bool {
        while true {
            do { if try !fill() { return true } } catch TestClientError.timeout { return false } catch { return true }
            plaintext.removeAll()
        }
    }

    private func line() throws -> String {
        while true {
            if let i = plaintext.firstIndex(of: 10) {
                let l = plaintext[..<i]
                plaintext.removeSubrange(...i)
                return String(decoding: l.last == 13 ? l.dropLast() : l, as: UTF8.self)
            }
            if try !fill() { throw TestClientError.closed }
        }
    }

    private func take(_ n: Int) throws -> [UInt8] {
        while plaintext.count < n { if try !fill() { throw TestClientError.closed } }
        let out = Array(plaintext[..<n])
        plaintext.removeSubrange(..<n)
        return out
    }

    /// Exactly `n` plaintext bytes (after a 101, the tunnel's).
    func readBytes(_ n: Int) throws -> [UInt8] { try take(n) }

    /// Reads one response: Content-Length, chunked, or to end of stream.
    func readResponse(headOnly: Bool = false) throws -> TestResponse {
        let status = try line()
        let parts = status.split(separator: " ")
        guard parts.count >= 2, let code = Int(parts[1]) else { throw TestClientError.malformed(status) }
        var headers: [(String, String)] = []
        while true {
            let l = try line()
            if l.isEmpty { break }
            guard let c = l.firstIndex(of: ":") else { throw TestClientError.malformed(l) }
            headers.append((String(l[..<c]), String(l[l.index(after: c)...]).trimmedOWS()))
        }
        var r = TestResponse(status: code, headers: headers, body: [])
        if headOnly || code == 204 || code == 304 || code < 200 { return r }
        if let cl = r.header("content-length"), let n = Int(cl) {
            r.body = try take(n)
        } else if r.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let size = try line()
                guard let n = Int(size.split(separator: ";")[0], radix: 16) else { throw TestClientError.malformed(size) }
                if n == 0 {
                    while try !line().isEmpty {}
                    break
                }
                r.body += try take(n)
                _ = try line()
            }
        } else {
            while try fill() {}
            r.body = plaintext
            plaintext = []
        }
        return r
    }
}
