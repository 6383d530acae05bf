#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time without Foundation: seconds since the epoch and RFC 3339 UTC timestamps.
public enum WallClock {
    /// Seconds since the Unix epoch, with nanosecond resolution.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `2026-12-02T02:34:19.123Z` (RFC 3339 §5.6, UTC, milliseconds).
    public static func rfc3339(_ secondsSinceEpoch: Double) -> String {
        let totalMillis = Int64((secondsSinceEpoch * 1000).rounded(.down))
        var whole = time_t(totalMillis / 1000)
        let millis = Int(totalMillis % 1000)
        var tm = Glibc.tm()
        gmtime_r(&whole, &tm)
        var s = ""
        s.reserveCapacity(24)
        pad(Int(tm.tm_year) + 1900, 4, &s); s += "-"
        pad(Int(tm.tm_mon) + 1, 2, &s); s += "-"
        pad(Int(tm.tm_mday), 2, &s); s += "T"
        pad(Int(tm.tm_hour), 2, &s); s += ":"
        pad(Int(tm.tm_min), 2, &s); s += ":"
        pad(Int(tm.tm_sec), 2, &s); s += "."
        pad(millis, 3, &s); s += "Z"
        return s
    }

    private static func pad(_ v: Int, _ width: Int, _ out: inout String) {
        let digits = String(v)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }
}
