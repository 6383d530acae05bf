import Foundation

/// Kubernetes `MicroTime` and `Time` text: RFC 3339 in UTC. A MicroTime must carry exactly
/// six fractional digits (`2026-01-02T03:04:05.123456Z`) or the API server answers 400.
public enum MicroTime {
    /// `date` as a MicroTime, truncated to microseconds.
    public static func string(from date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        return timeString(seconds: seconds) + "." + String(repeating: "0", count: 6 - String(fraction).count)
            + String(fraction) + "Z"
    }

    /// `date` as a `Time` (whole seconds, `2026-01-02T03:04:05Z`), as Event timestamps use.
    public static func timeString(from date: Date) -> String {
        timeString(seconds: Int64(date.timeIntervalSince1970.rounded(.down))) + "Z"
    }

    /// Parses a MicroTime or Time (any number of fractional digits, `Z` or an offset).
    public static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return d }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `YYYY-MM-DDTHH:MM:SS` for seconds since the epoch (UTC), via the civil-from-days algorithm.
    private static func timeString(seconds: Int64) -> String {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let yearText = String(y)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
            + "-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
    }
}
