import Testing
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
@testable import Reactor

/// Runs a loop on its own thread for the duration of `body`.
private func withRunningLoop(_ body: (EventLoop) throws -> Void) throws {
    let group = try EventLoopGroup(count: 1)
    group.start()
    defer { group.shutdown() }
    try body(group.loops[0])
}

/// Polls a condition for at most two seconds.
private func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<2000 {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}

@Test func tasksSubmittedFromOtherThreadsRunOnTheLoopInOrder() throws {
    try withRunningLoop { loop in
        let seen = Mutex<[Int]>([])
        for i in 0..<100 {
            loop.execute {
                precondition(loop.inLoop)
                seen.withLock { $0.append(i) }
            }
        }
        #expect(eventually { seen.withLock { $0.count } == 100 })
        #expect(seen.withLock { $0 } == Array(0..<100))
    }
}

@Test func scheduledTasksFireInDeadlineOrderAndCancelledOnesNever() throws {
    try withRunningLoop { loop in
        let fired = Mutex<[String]>([])
        loop.execute {
            loop.schedule(afterNanoseconds: 30_000_000) { fired.withLock { $0.append("late") } }
            loop.schedule(afterNanoseconds: 10_000_000) { fired.withLock { $0.append("early") } }
            let c = loop.schedule(afterNanoseconds: 5_000_000) { fired.withLock { $0.append("cancelled") } }
            loop.cancel(c)
        }
        #expect(eventually { fired.withLock { $0.count } == 2 })
        #expect(fired.withLock { $0 } == ["early", "late"])
    }
}

/// A deadline target that records expiries and can push its deadline out.
private final class Sleeper: DeadlineTarget, @unchecked Sendable {
    // Touched only on the loop thread; the test reads `expiries` after the loop settles.
    var deadline: Int64 = 0
    var armedDeadline: Int64 = 0
    var timerSlot: Int32 = -1
    let expiries = Atomic<Int>(0)
    func deadlineExpired(now: Int64) {
        deadline = 0
        expiries.add(1, ordering: .relaxed)
    }
}

@Test func aDeadlinePushedOutRepeatedlyFiresOnceAndKeepsTheHeapSmall() throws {
    try withRunningLoop { loop in
        let s = Sleeper()
        let heapSize = Atomic<Int>(0)
        loop.execute {
            // Pushing a deadline later is a store: no new heap entry each time.
            for i in 0..<1000 {
                s.deadline = loop.now + 20_000_000 + Int64(i) * 1000
                loop.arm(s)
            }
            heapSize.store(loop.pendingTimerCount, ordering: .relaxed)
        }
        #expect(eventually { s.expiries.load(ordering: .relaxed) == 1 })
        #expect(heapSize.load(ordering: .relaxed) == 1)
        usleep(30_000)
        #expect(s.expiries.load(ordering: .relaxed) == 1)
    }
}

/// Echoes whatever a connected socket sends, using edge-triggered readiness.
private final class EchoHandler: EventHandler {
    let fd: Int32
    let loop: EventLoop
    let buffer = IOBuffer(capacity: 4096)
    init(fd: Int32, loop: EventLoop) { self.fd = fd; self.loop = loop }
    func handleEvent(_ events: Readiness) {
        while true {
            guard let r = try? buffer.read(from: fd) else { close(); return }
            guard case .processed(let n) = r else { return }
            if n == 0 { close(); return }
            _ = try? buffer.write(to: fd)
        }
    }
    func close() { loop.deregister(fd); Syscall.close(fd) }
}

/// Accepts connections and attaches an `EchoHandler` to each.
private final class EchoListener: EventHandler {
    let fd: Int32
    let loop: EventLoop
    var handlers: [EchoHandler] = []
    init(fd: Int32, loop: EventLoop) { self.fd = fd; self.loop = loop }
    func handleEvent(_ events: Readiness) {
        while case .processed(let (c, _))? = try? Syscall.accept(fd) {
            let h = EchoHandler(fd: c, loop: loop)
            handlers.append(h)
            try? loop.register(connection: c, handler: h)
        }
    }
}

@Test func aListenerOnAnEphemeralPortAcceptsAndEchoesBytes() throws {
    try withRunningLoop { loop in
        let lfd = try TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:0"), reusePort: true)
        let address = try TCPSocket.localAddress(lfd)
        #expect(address.port != 0)
        nonisolated(unsafe) let listener = EchoListener(fd: lfd, loop: loop)
        loop.execute { try? loop.register(listener: lfd, handler: listener) }

        // A blocking client is fine in a test thread.
        let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(c) }
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc = try address.withSockAddr { sa, len in Int(connect(c, sa, len)) }
        #expect(rc == 0)
        let message = Array("hello, loop".utf8)
        #expect(write(c, message, message.count) == message.count)
        var got = [UInt8](repeating: 0, count: 64)
        var total = 0
        while total < message.count {
            let n = read(c, &got[total], 64 - total)
            if n <= 0 { break }
            total += n
        }
        #expect(Array(got[0..<total]) == message)
        loop.execute { loop.deregister(lfd); Syscall.close(lfd) }
    }
}

@Test func connectingToAClosedPortReportsTheErrorOnTheSocket() throws {
    let lfd = try TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:0"), reusePort: false)
    let address = try TCPSocket.localAddress(lfd)
    Syscall.close(lfd)
    do {
        let fd = try TCPSocket.connect(to: address)
        defer { Syscall.close(fd) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        _ = poll(&pfd, 1, 2000)
        #expect(TCPSocket.pendingError(fd)?.errno == ECONNREFUSED)
    } catch {
        #expect(error.errno == ECONNREFUSED)
    }
}

/// Flags a test reads after the loop sets them.
private final class Flags: Sendable {
    let released = Atomic<Bool>(false)
    let fired = Atomic<Bool>(false)
}

/// A deadline target that reports its release and expiry.
private final class Probe: DeadlineTarget {
    var deadline: Int64 = 0
    var armedDeadline: Int64 = 0
    var timerSlot: Int32 = -1
    let flags: Flags
    init(_ flags: Flags) { self.flags = flags }
    deinit { flags.released.store(true, ordering: .relaxed) }
    func deadlineExpired(now: Int64) { flags.fired.store(true, ordering: .relaxed) }
}

@Test func aDisarmedTargetIsReleasedAtOnceAndNeverFires() throws {
    try withRunningLoop { loop in
        let flags = Flags()
        loop.execute {
            var p: Probe? = Probe(flags)
            p!.deadline = loop.now + 30_000_000
            loop.arm(p!)
            loop.disarm(p!)
            p = nil
        }
        #expect(eventually { flags.released.load(ordering: .relaxed) })
        usleep(60_000)
        let fired = flags.fired.load(ordering: .relaxed)
        #expect(!fired)
    }
}
