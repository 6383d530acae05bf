/// Something registered with an `EventLoop` for readiness on one fd.
///
/// Registrations are edge-triggered for read, write and peer half-close at once (as nginx
/// does), so a connection never changes its interest set: it remembers readiness itself and
/// reads or writes until EAGAIN.
public protocol EventHandler: AnyObject {
    /// Called on the loop thread with the epoll event bits (see `Readiness`).
    func handleEvent(_ events: Readiness)
}

/// Epoll event bits, named.
public struct Readiness: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Data (or EOF) to read.
    public static let readable = Readiness(rawValue: 0x001)
    /// Room in the send buffer (or a finished connect).
    public static let writable = Readiness(rawValue: 0x004)
    /// EPOLLERR: a pending socket error.
    public static let error = Readiness(rawValue: 0x008)
    /// EPOLLHUP: both directions closed.
    public static let hangup = Readiness(rawValue: 0x010)
    /// EPOLLRDHUP: the peer shut down its writing side.
    public static let readHangup = Readiness(rawValue: 0x2000)
}

/// An object with at most one deadline at a time, watched by its loop's timer heap without
/// a timer object or closure per deadline change.
///
/// The owner changes `deadline` freely (a store) and calls `EventLoop.arm(_:)`; the heap keeps
/// at most the earliest entry armed and re-arms lazily when an old entry fires early.
public protocol DeadlineTarget: AnyObject {
    /// Monotonic nanoseconds when the target expires; 0 means no deadline.
    var deadline: Int64 { get }
    /// Bookkeeping owned by the loop: the earliest deadline with a heap entry, 0 if none.
    var armedDeadline: Int64 { get set }
    /// Bookkeeping owned by the loop: the target's slot in the loop's table, -1 if none.
    /// Heap entries name the slot, not the object, so a closed connection is freed at once
    /// (`EventLoop.disarm(_:)`) instead of living until its old deadlines pass.
    var timerSlot: Int32 { get set }
    /// Called on the loop thread once `now >= deadline`.
    func deadlineExpired(now: Int64)
}
