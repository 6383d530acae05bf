internal import CCurl
import Dispatch
import Synchronization

/// Stops a request (typically a long watch) from another thread, and interrupts the
/// back-off sleeps of whoever owns it.
public final class RequestCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)
    /// The multi handle of the transfer in progress, woken on cancel; guarded so a wake-up
    /// never touches a handle that is being freed.
    private let active = Mutex<MultiHandle?>(nil)
    private let sleeper = DispatchSemaphore(value: 0)

    public init() {}

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Stops the current transfer promptly and every later one immediately.
    public func cancel() {
        cancelled.store(true, ordering: .releasing)
        active.withLock { handle in
            if let handle { curl_multi_wakeup(handle.pointer) }
        }
        sleeper.signal()
    }

    /// Sleeps for `duration` unless cancelled first; returns false when cancelled.
    @discardableResult
    public func sleep(_ duration: Duration) -> Bool {
        if isCancelled { return false }
        let (s, atto) = duration.components
        let nanos = max(0, Int(s) * 1_000_000_000 + Int(atto / 1_000_000_000))
        _ = sleeper.wait(timeout: .now() + .nanoseconds(nanos))
        if isCancelled {
            sleeper.signal()  // keep later sleeps short too
            return false
        }
        return true
    }

    func attach(_ handle: MultiHandle) -> Bool {
        active.withLock { $0 = handle }
        return !isCancelled
    }

    func detach() {
        active.withLock { $0 = nil }
    }
}

/// A `CURLM*` that may be woken from another thread.
/// `@unchecked Sendable`: libcurl documents `curl_multi_wakeup` as thread-safe, and that
/// is the only call made through this value off the owning thread (under a lock that
/// the owner takes before freeing the handle).
struct MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}
