import CLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// N event loops, each on its own thread (one worker per core by default).
public final class EventLoopGroup: Sendable {
    /// The loops, indexed by worker number.
    public let loops: [EventLoop]
    private let threads = Mutex<[pthread_t]>([])

    /// Creates `count` loops; call `start()` to run them on their threads.
    public init(count: Int) throws(IOError) {
        clinux_ignore_sigpipe()
        var loops: [EventLoop] = []
        for i in 0..<max(1, count) { loops.append(try EventLoop(index: i)) }
        self.loops = loops
    }

    /// Number of online CPUs: the default worker count.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Starts one thread per loop.
    public func start() {
        var started: [pthread_t] = []
        for loop in loops {
            started.append(Self.spawn { loop.run() })
        }
        threads.withLock { $0 = started }
    }

    /// Stops every loop and waits for their threads to finish.
    public func shutdown() {
        for loop in loops { loop.stop() }
        let ts = threads.withLock { t -> [pthread_t] in
            let c = t
            t = []
            return c
        }
        for t in ts { pthread_join(t, nil) }
    }

    /// Runs a body on each loop and waits for all of them (setup helper, not for the request path).
    public func onEachLoop(_ body: @escaping @Sendable (EventLoop) -> Void) {
        let remaining = Atomic<Int>(loops.count)
        for loop in loops {
            loop.execute {
                body(loop)
                remaining.subtract(1, ordering: .releasing)
            }
        }
        var spins = 0
        while remaining.load(ordering: .acquiring) > 0 && spins < 100_000 {
            usleep(100)
            spins += 1
        }
    }

    private final class ThreadBody: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts a plain pthread running `body`.
    public static func spawn(_ body: @escaping @Sendable () -> Void) -> pthread_t {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { arg in
            let b = Unmanaged<ThreadBody>.fromOpaque(arg!).takeRetainedValue()
            b.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return tid
    }
}
