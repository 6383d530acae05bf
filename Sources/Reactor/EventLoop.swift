import CLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One epoll loop, run by one thread for its whole life. Everything registered with it
/// (connections, listeners, timers) is touched only on that thread.
///
/// `@unchecked Sendable`: other threads may hold a reference but only call `execute(_:)`
/// and `stop()`, which go through a `Mutex` and an eventfd; every other method asserts it
/// runs on the loop thread.
public final class EventLoop: @unchecked Sendable {
    /// Position of this loop in its group (worker number), for per-worker state.
    public let index: Int
    private let epfd: Int32
    private let wakeFD: Int32
    private static let wakeToken: UInt64 = .max

    private struct Slot {
        var handler: EventHandler?
        var generation: UInt32 = 0
    }
    /// Handlers indexed by fd; the generation in the epoll data guards against an event for
    /// a closed fd reaching a new registration that reused the number in the same batch.
    private var slots: [Slot] = []
    private var timers = TimerHeap()
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private var thread: pthread_t?

    /// Monotonic nanoseconds, refreshed once per loop iteration (as nginx caches its time):
    /// cheap for connections to read when they set deadlines.
    public private(set) var now: Int64

    public init(index: Int = 0) throws(IOError) {
        self.index = index
        epfd = try Epoll.create()
        wakeFD = Int32(try Syscall.blocking("eventfd") { Int(eventfd(0, clinux_efd_flags())) })
        now = MonotonicClock.now()
        try Epoll.add(epfd, fd: wakeFD, events: Epoll.levelRead, data: Self.wakeToken)
    }

    deinit {
        Syscall.close(wakeFD)
        Syscall.close(epfd)
    }

    /// Whether the caller runs on this loop's thread.
    public var inLoop: Bool {
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    // MARK: - Registration

    /// Registers a connected socket: edge-triggered read, write and read-hangup.
    public func register(connection fd: Int32, handler: EventHandler) throws(IOError) {
        try register(fd: fd, events: Epoll.edgeTriggeredAll, handler: handler)
    }

    /// Registers a listening socket: level-triggered read.
    public func register(listener fd: Int32, handler: EventHandler) throws(IOError) {
        try register(fd: fd, events: Epoll.levelRead, handler: handler)
    }

    private func register(fd: Int32, events: UInt32, handler: EventHandler) throws(IOError) {
        let i = Int(fd)
        if i >= slots.count { slots.append(contentsOf: repeatElement(Slot(), count: max(i + 1 - slots.count, slots.count))) }
        slots[i].generation &+= 1
        slots[i].handler = handler
        let data = UInt64(UInt32(bitPattern: fd)) | (UInt64(slots[i].generation) << 32)
        do {
            try Epoll.add(epfd, fd: fd, events: events, data: data)
        } catch {
            slots[i].handler = nil
            throw error
        }
    }

    /// Removes an fd's registration; call before closing it.
    public func deregister(_ fd: Int32) {
        let i = Int(fd)
        guard i >= 0, i < slots.count else { return }
        slots[i].handler = nil
        slots[i].generation &+= 1
        Epoll.delete(epfd, fd: fd)
    }

    // MARK: - Timers

    /// Runs `body` on this loop at `deadline` (monotonic ns) unless cancelled first.
    @discardableResult
    public func schedule(at deadline: Int64, _ body: @escaping () -> Void) -> ScheduledTask {
        let task = ScheduledTask(body: body)
        timers.push(deadline, .task(task))
        return task
    }

    /// Runs `body` on this loop after `nanoseconds`.
    @discardableResult
    public func schedule(afterNanoseconds nanoseconds: Int64, _ body: @escaping () -> Void) -> ScheduledTask {
        schedule(at: now + nanoseconds, body)
    }

    /// Cancels a scheduled task (a no-op if it already ran).
    public func cancel(_ task: ScheduledTask) { task.cancelled = true }

    /// Makes sure the heap will wake `target` by its current deadline. Cheap when an entry
    /// at or before that deadline exists already (the common case of pushing a deadline out).
    @inlinable
    public func arm(_ target: DeadlineTarget) {
        let d = target.deadline
        if d != 0 && (target.armedDeadline == 0 || d < target.armedDeadline) {
            pushDeadline(d, target)
        }
    }

    private var targets: [DeadlineTarget?] = []
    private var targetGenerations: [UInt32] = []
    private var freeTargetSlots: [Int32] = []
    private var liveTargets = 0

    @usableFromInline
    func pushDeadline(_ d: Int64, _ target: DeadlineTarget) {
        if target.timerSlot < 0 {
            let slot: Int32
            if let s = freeTargetSlots.popLast() {
                slot = s
            } else {
                slot = Int32(targets.count)
                targets.append(nil)
                targetGenerations.append(0)
            }
            targets[Int(slot)] = target
            target.timerSlot = slot
            liveTargets += 1
        }
        target.armedDeadline = d
        let slot = target.timerSlot
        timers.push(d, .deadline(slot: slot, generation: targetGenerations[Int(slot)]))
        // Entries of disarmed targets wait for their deadline; compact when they dominate.
        if timers.count > 4 * liveTargets + 4096 {
            timers.removeAll { entry in
                if case .deadline(let s, let g) = entry.target { return targetGenerations[Int(s)] != g }
                if case .task(let t) = entry.target { return t.cancelled }
                return false
            }
        }
    }

    /// Forgets a target (call when it closes): the loop drops its reference at once and
    /// ignores its pending heap entries.
    public func disarm(_ target: DeadlineTarget) {
        let slot = target.timerSlot
        guard slot >= 0 else { return }
        targets[Int(slot)] = nil
        targetGenerations[Int(slot)] &+= 1
        freeTargetSlots.append(slot)
        liveTargets -= 1
        target.timerSlot = -1
        target.armedDeadline = 0
    }

    /// Number of heap entries (for tests that check entries stay bounded).
    public var pendingTimerCount: Int { timers.count }

    private func runDueTimers() {
        while let entry = timers.popDue(now: now) {
            switch entry.target {
            case .task(let t):
                if !t.cancelled { t.cancelled = true; t.body() }
            case .deadline(let slot, let generation):
                guard targetGenerations[Int(slot)] == generation, let target = targets[Int(slot)] else { continue }
                if target.armedDeadline == entry.deadline { target.armedDeadline = 0 }
                let d = target.deadline
                if d == 0 { continue }
                if d <= now { target.deadlineExpired(now: now) } else { arm(target) }
            }
        }
    }

    // MARK: - Cross-thread

    /// Runs `task` on the loop thread soon; callable from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        inbox.withLock { $0.append(task) }
        wake()
    }

    /// Asks the loop to return from `run()` after the current iteration; any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    private func drainInbox() {
        var counter: UInt64 = 0
        _ = Glibc.read(wakeFD, &counter, 8)
        let tasks = inbox.withLock { q -> [@Sendable () -> Void] in
            let t = q
            q.removeAll(keepingCapacity: true)
            return t
        }
        for t in tasks { t() }
    }

    // MARK: - Running

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        thread = pthread_self()
        let capacity: Int32 = 256
        let raw = UnsafeMutableRawPointer.allocate(byteCount: clinux_epoll_event_size() * Int(capacity), alignment: 16)
        defer { raw.deallocate() }
        let events = raw.bindMemory(to: epoll_event.self, capacity: Int(capacity))
        while !stopRequested.load(ordering: .acquiring) {
            now = MonotonicClock.now()
            runDueTimers()
            var timeoutMs: Int32 = -1
            if let next = timers.earliest {
                let wait = (next - now + 999_999) / 1_000_000
                timeoutMs = Int32(clamping: max(0, wait))
            }
            let n: Int
            do {
                n = try Epoll.wait(epfd, events, capacity, timeoutMs: timeoutMs)
            } catch {
                // Only EBADF/EINVAL can happen here: the loop's own fd is broken.
                fatalError("event loop \(index): \(error)")
            }
            now = MonotonicClock.now()
            for i in 0..<n {
                let e = clinux_epoll_event_at(events, Int32(i))!
                let data = clinux_epoll_event_u64(e)
                if data == Self.wakeToken { drainInbox(); continue }
                let fd = Int(UInt32(truncatingIfNeeded: data))
                let generation = UInt32(truncatingIfNeeded: data >> 32)
                guard fd < slots.count, slots[fd].generation == generation, let h = slots[fd].handler else { continue }
                h.handleEvent(Readiness(rawValue: clinux_epoll_event_events(e)))
            }
        }
        thread = nil
    }
}
