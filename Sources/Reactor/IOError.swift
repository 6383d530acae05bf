#if canImport(Glibc)
import Glibc
#endif

/// The outcome of a non-blocking syscall: it did something, or the kernel said "try later".
///
/// EAGAIN is not an error on a non-blocking fd: turning it into a value keeps it out of
/// `catch` blocks and makes every call site say what it does when the socket is not ready.
@frozen
public enum IOResult<Value> {
    /// The call completed with this value (bytes moved, fd accepted, ...).
    case processed(Value)
    /// EAGAIN / EWOULDBLOCK / EINPROGRESS: wait for readiness and retry.
    case wouldBlock
}

/// A failed syscall: which function, and the errno it left.
public struct IOError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The errno value the call failed with.
    public var errno: Int32
    /// The syscall (or wrapper) that failed, e.g. `connect`.
    public var function: String

    public init(errno: Int32, function: String) {
        self.errno = errno
        self.function = function
    }

    public var description: String {
        "\(function) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// The peer went away (reset, broken pipe): ordinary on the internet, logged at debug.
    public var isPeerGone: Bool {
        errno == ECONNRESET || errno == EPIPE || errno == ENOTCONN
    }
}
