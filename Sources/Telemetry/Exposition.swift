/// The Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
public enum Exposition {
    /// Renders families in the order given; families without samples still get their
    /// `# HELP` and `# TYPE` lines.
    public static func render(_ families: [MetricFamilySamples]) -> String {
        // Bytes, not String appends: several times faster for the many short pieces here.
        var out: [UInt8] = []
        out.reserveCapacity(families.reduce(0) { $0 + 64 + $1.samples.count * 96 })
        for family in families {
            out.append(contentsOf: "# HELP ".utf8)
            out.append(contentsOf: family.name.utf8)
            out.append(0x20)
            appendEscaped(family.help, quote: false, to: &out)
            out.append(contentsOf: "\n# TYPE ".utf8)
            out.append(contentsOf: family.name.utf8)
            out.append(0x20)
            out.append(contentsOf: family.type.rawValue.utf8)
            out.append(0x0A)
            for sample in family.samples {
                out.append(contentsOf: sample.name.utf8)
                if !sample.labels.isEmpty {
                    out.append(UInt8(ascii: "{"))
                    var first = true
                    for label in sample.labels {
                        if !first { out.append(UInt8(ascii: ",")) }
                        first = false
                        out.append(contentsOf: label.name.utf8)
                        out.append(UInt8(ascii: "="))
                        out.append(UInt8(ascii: "\""))
                        appendEscaped(label.value, quote: true, to: &out)
                        out.append(UInt8(ascii: "\""))
                    }
                    out.append(UInt8(ascii: "}"))
                }
                out.append(0x20)
                switch sample.value {
                case .count(let n): appendDecimal(n, to: &out)
                case .real(let x): out.append(contentsOf: formatNumber(x).utf8)
                }
                out.append(0x0A)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendEscaped(_ s: String, quote: Bool, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            let clean = !bytes.contains { $0 == 0x5C || $0 == 0x0A || (quote && $0 == 0x22) }
            if clean { out.append(contentsOf: bytes); return }
            for b in bytes {
                switch b {
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x22 where quote: out.append(0x5C); out.append(0x22)
                default: out.append(b)
                }
            }
        }
    }

    private static func appendDecimal(_ n: UInt64, to out: inout [UInt8]) {
        var divisor: UInt64 = 1
        while n / divisor >= 10 { divisor *= 10 }
        var v = n
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(v / divisor))
            v %= divisor
            divisor /= 10
        }
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
