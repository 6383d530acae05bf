#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Where log lines go. `write` receives one complete line ending in a newline and must be
/// safe to call from any thread.
public protocol LogSink: Sendable {
    /// Writes one line.
    func write(_ line: String)
}

/// Writes each line to a file descriptor with a single `write(2)` (retried on EINTR and
/// short writes), so lines from different threads do not interleave on a pipe or terminal.
public struct FileDescriptorSink: LogSink {
    /// The descriptor written to; the sink does not own or close it.
    public let fd: Int32

    /// A sink writing to `fd`.
    public init(fd: Int32) { self.fd = fd }

    /// Standard error, the default for the process log.
    public static let standardError = FileDescriptorSink(fd: 2)
    /// Standard output (e.g. for `--access-log stdout`).
    public static let standardOutput = FileDescriptorSink(fd: 1)

    public func write(_ line: String) {
        var line = line
        line.withUTF8 { buf in
            guard var p = buf.baseAddress else { return }
            var left = buf.count
            while left > 0 {
                let n = Glibc.write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // Nowhere left to report a failing log; drop the line.
                }
                p += n
                left -= n
            }
        }
    }
}

/// Keeps lines in memory, for tests that assert what was logged.
public final class CapturingLogSink: LogSink {
    private let captured = Mutex<[String]>([])

    /// An empty capture.
    public init() {}

    public func write(_ line: String) { captured.withLock { $0.append(line) } }

    /// Lines written so far, newline included.
    public var lines: [String] { captured.withLock { $0 } }
}
