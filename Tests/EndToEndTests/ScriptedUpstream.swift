import Reactor
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A one-thread blocking upstream for tests: accepts connections one at a time, reads a
/// request head, and lets the test's closure answer with raw bytes (so tests can send
/// chunked, malformed, interim or truncated responses).
final class ScriptedUpstream: @unchecked Sendable {
    // `@unchecked Sendable`: the listening fd is set once in init; `requests` is a Mutex.
    let address: SocketAddress
    private let fd: Int32
    private final class Shared: Sendable {
        let stop = Atomic<Bool>(false)
        let requests = Mutex<[String]>([])
    }
    private let shared = Shared()
    /// Request heads received so far.
    var requests: [String] { shared.requests.withLock { $0 } }
    private var thread: pthread_t?

    /// `respond` gets the request head text and the connected fd; returns whether to keep
    /// the connection for another request.
    init(_ respond: @escaping @Sendable (String, Int32) -> Bool) throws {
        let lfd = try TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:0"), reusePort: false)
        // Blocking accept with a timeout so the thread notices stop().
        let flags = fcntl(lfd, F_GETFL)
        _ = fcntl(lfd, F_SETFL, flags & ~O_NONBLOCK)
        var tv = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        fd = lfd
        address = try TCPSocket.localAddress(lfd)
        let shared = self.shared
        thread = EventLoopGroup.spawn {
            for _ in 0..<100_000 where !shared.stop.load(ordering: .relaxed) {
                let c = accept(lfd, nil, nil)
                if c < 0 { continue }
                var tv2 = timeval(tv_sec: 5, tv_usec: 0)
                setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv2, socklen_t(MemoryLayout<timeval>.size))
                var pending: [UInt8] = []
                serve: for _ in 0..<1000 {
                    // Read one head.
                    var head: String?
                    for _ in 0..<70_000 {
                        if let r = pending.firstRange(of: [13, 10, 13, 10]) {
                            head = String(decoding: pending[..<r.upperBound], as: UTF8.self)
                            pending.removeFirst(r.upperBound)
                            break
                        }
                        // One byte at a time: never read past the head, so `respond` finds
                        // any body still in the socket.
                        var byte: UInt8 = 0
                        let n = read(c, &byte, 1)
                        if n <= 0 { break serve }
                        pending.append(byte)
                    }
                    guard let h = head else { break }
                    shared.requests.withLock { $0.append(h) }
                    if !respond(h, c) { break }
                }
                close(c)
            }
        }
    }

    func stop() {
        shared.stop.store(true, ordering: .relaxed)
        if let t = thread { pthread_join(t, nil) }
        thread = nil
        close(fd)
    }

    deinit { if thread != nil { stop() } }
}

/// Writes all bytes to a blocking fd (test helper).
@discardableResult
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var off = 0
    while off < bytes.count {
        let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return false }
        off += n
    }
    return true
}

func writeAll(_ fd: Int32, _ text: String) { writeAll(fd, Array(text.utf8)) }
