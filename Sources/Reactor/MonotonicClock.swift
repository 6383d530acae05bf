import CLinux

/// Nanosecond clocks read straight from the kernel (vDSO, no allocation).
public enum MonotonicClock {
    /// CLOCK_MONOTONIC in nanoseconds: for deadlines and durations.
    @inlinable public static func now() -> Int64 { clinux_monotonic_ns() }
    /// CLOCK_REALTIME in nanoseconds since the Unix epoch: for log timestamps only.
    @inlinable public static func wallNow() -> Int64 { clinux_realtime_ns() }
}
