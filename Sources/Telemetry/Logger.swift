/// Key/value pairs attached to a log event, written in order.
public typealias LogMetadata = KeyValuePairs<String, any CustomStringConvertible>

/// A structured logger writing one logfmt line per event:
///
///     ts=2026-12-02T02:34:19.123Z level=info logger=controller msg="snapshot published" generation=7
///
/// `ts`, `level`, `logger` and `msg` come first, then the logger's own metadata (`with`),
/// then the event's. The message and metadata are autoclosures, so an event below the level
/// costs one integer comparison. Safe from any thread: each line is one sink write.
public struct Logger: Sendable {
    /// Name of the component, written as `logger=`.
    public let label: String
    /// Events below this level are dropped.
    public var level: LogLevel
    /// Destination of the lines.
    public let sink: any LogSink
    /// Pre-encoded ` key=value` pairs added to every line.
    private var context: String

    /// A logger for component `label`, writing to standard error by default.
    public init(label: String, level: LogLevel = .info,
                sink: any LogSink = FileDescriptorSink.standardError) {
        self.label = label
        self.level = level
        self.sink = sink
        self.context = ""
    }

    /// A copy that adds `metadata` to every line it writes.
    public func with(_ metadata: LogMetadata) -> Logger {
        var copy = self
        for (k, v) in metadata { Logfmt.append(key: k, value: v.description, to: &copy.context) }
        return copy
    }

    /// Whether an event at `level` would be written.
    @inlinable
    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Writes an event at `level` when enabled.
    @inlinable
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String,
                    _ metadata: @autoclosure () -> LogMetadata = [:]) {
        guard isEnabled(level) else { return }
        emit(level, message(), metadata())
    }

    /// Logs at `trace`.
    @inlinable
    public func trace(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        guard isEnabled(.trace) else { return }
        emit(.trace, message(), metadata())
    }

    /// Logs at `debug`.
    @inlinable
    public func debug(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        guard isEnabled(.debug) else { return }
        emit(.debug, message(), metadata())
    }

    /// Logs at `info`.
    @inlinable
    public func info(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        guard isEnabled(.info) else { return }
        emit(.info, message(), metadata())
    }

    /// Logs at `warning`.
    @inlinable
    public func warning(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        guard isEnabled(.warning) else { return }
        emit(.warning, message(), metadata())
    }

    /// Logs at `error`.
    @inlinable
    public func error(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        guard isEnabled(.error) else { return }
        emit(.error, message(), metadata())
    }

    /// Encodes and writes one line (the level check is done by the caller).
    @usableFromInline
    func emit(_ level: LogLevel, _ message: String, _ metadata: LogMetadata) {
        sink.write(line(level, message, metadata, time: WallClock.now()))
    }

    /// The encoded line, newline included (separate from `emit` so tests can fix the time).
    func line(_ level: LogLevel, _ message: String, _ metadata: LogMetadata, time: Double) -> String {
        var out = "ts="
        out.reserveCapacity(96 + message.utf8.count + context.utf8.count)
        out += WallClock.rfc3339(time)
        out += " level="
        out += level.name
        Logfmt.append(key: "logger", value: label, to: &out)
        Logfmt.append(key: "msg", value: message, to: &out)
        out += context
        for (k, v) in metadata { Logfmt.append(key: k, value: v.description, to: &out) }
        out += "\n"
        return out
    }
}
