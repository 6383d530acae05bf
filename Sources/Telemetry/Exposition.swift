/// The Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
public enum Exposition {
    /// Renders families in the order given; families without samples still get their
    /// `# HELP` and `# TYPE` lines.
    public static func render(_ families: [MetricFamilySamples]) -> String {
        var out = ""
        out.reserveCapacity(families.count * 128)
        for family in families {
            out += "# HELP "
            out += family.name
            out += " "
            out += escapeHelp(family.help)
            out += "\n# TYPE "
            out += family.name
            out += " "
            out += family.type.rawValue
            out += "\n"
            for sample in family.samples {
                out += sample.name
                if !sample.labels.isEmpty {
                    out += "{"
                    var first = true
                    for label in sample.labels {
                        if !first { out += "," }
                        first = false
                        out += label.name
                        out += "=\""
                        out += escapeLabelValue(label.value)
                        out += "\""
                    }
                    out += "}"
                }
                out += " "
                switch sample.value {
                case .count(let n): out += String(n)
                case .real(let x): out += formatNumber(x)
                }
                out += "\n"
            }
        }
        return out
    }

    /// Label values escape backslash, double quote and line feed.
    public static func escapeLabelValue(_ s: String) -> String {
        escape(s, quote: true)
    }

    /// Help text escapes backslash and line feed (a quote stays as it is).
    public static func escapeHelp(_ s: String) -> String {
        escape(s, quote: false)
    }

    private static func escape(_ s: String, quote: Bool) -> String {
        guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || (quote && $0 == 0x22) }) else {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quote: out += "\\\""
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Numbers as Prometheus parses them: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
    public static func formatNumber(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x == .infinity { return "+Inf" }
        if x == -.infinity { return "-Inf" }
        if x == x.rounded(.towardZero) && abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }
}
