import Reactor
#if canImport(Glibc)
import Glibc
#endif

/// A parsed HTTP response as a test sees it.
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

enum TestClientError: Error { case connect(Int32), closed, timeout, malformed(String) }

/// A blocking client socket with a receive timeout, for tests only (never on a loop).
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(_ address: SocketAddress, timeoutSeconds: Int = 5) throws {
        // Connect on a local fd and store it only on success: a class init that throws
        // after every property is set still runs deinit, which would close the fd a second
        // time, possibly after another test's socket reused its number.
        let s = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc: Int
        do { rc = try address.withSockAddr { sa, len in Int(connect(s, sa, len)) } } catch {
            close(s)
            throw error
        }
        if rc != 0 { let e = errno; close(s); throw TestClientError.connect(e) }
        fd = s
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw TestClientError.closed }
            off += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads more bytes; false at end of stream.
    @discardableResult
    func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
        if n < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? TestClientError.timeout : TestClientError.closed }
        if n == 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Whether the peer closed (reads to EOF, discarding bytes); false on timeout.
    func waitForClose() -> Bool {
        while true {
            do { if try !fill() { return true } } catch TestClientError.timeout { return false } catch { return true }
            buffer.removeAll()
        }
    }

    private func line() throws -> String {
        while true {
            if let i = buffer.firstIndex(of: 0x0A) {
                let l = String(decoding: buffer[..<i], as: UTF8.self)
                buffer.removeFirst(i + 1)
                return l.hasSuffix("\r") ? String(l.dropLast()) : l
            }
            guard try fill() else { throw TestClientError.closed }
        }
    }

    private func take(_ n: Int) throws -> [UInt8] {
        while buffer.count < n { guard try fill() else { throw TestClientError.closed } }
        let out = Array(buffer[..<n])
        buffer.removeFirst(n)
        return out
    }

    /// Reads one response; `head` for responses to HEAD. Interim 1xx responses are returned too.
    func readResponse(head: Bool = false, discardBody: Bool = false) throws -> TestResponse {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw TestClientError.malformed(statusLine) }
        var headers: [(String, String)] = []
        while true {
            let l = try line()
            if l.isEmpty { break }
            guard let c = l.firstIndex(of: ":") else { throw TestClientError.malformed(l) }
            headers.append((String(l[..<c]), String(l[l.index(after: c)...]).trimmedOWS()))
        }
        var r = TestResponse(status: status, headers: headers, body: [])
        if head || status < 200 || status == 204 || status == 304 { return r }
        if let cl = r.header("content-length"), let n = Int(cl) {
            if discardBody {
                var left = n
                while left > 0 {
                    if buffer.isEmpty { guard try fill() else { throw TestClientError.closed } }
                    let k = min(left, buffer.count)
                    buffer.removeFirst(k)
                    left -= k
                }
            } else {
                r.body = try take(n)
            }
        } else if r.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw TestClientError.malformed(sizeLine) }
                if size == 0 {
                    while try !line().isEmpty {}
                    break
                }
                let data = try take(size)
                if !discardBody { r.body += data }
                _ = try line()
            }
        } else {
            while try fill() {}
            r.body = buffer
            buffer.removeAll()
        }
        return r
    }

    /// Reads exactly `n` raw bytes (tunnels).
    func readBytes(_ n: Int) throws -> [UInt8] { try take(n) }
}

extension String {
    func trimmedOWS() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Polls `condition` for up to `seconds`.
func eventually(seconds: Double = 3, _ condition: () -> Bool) -> Bool {
    let end = MonotonicClock.now() + Int64(seconds * 1e9)
    while MonotonicClock.now() < end {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}

/// This process's resident set size in KiB (from /proc/self/status).
func residentKiB(pid: String = "self") -> Int {
    guard let f = fopen("/proc/\(pid)/status", "r") else { return 0 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, 512, f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix("VmRSS:") {
            return Int(String(s.dropFirst(6)).trimmedOWS().split(separator: " ")[0]) ?? 0
        }
    }
    return 0
}
