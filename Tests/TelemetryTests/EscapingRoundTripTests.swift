import Testing
@testable import Telemetry

/// Escaping is lossless: label values rendered and read back by a reader that follows the
/// text format's unescaping rules come out as they went in.
@Suite struct EscapingRoundTripTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [Character] = ["a", "Z", "0", " ", "\\", "\"", "\n", "\t", "{", "}", ",", "=", "é", "✓", "😀", "\r", "n"]

    /// Reads `name{l="v",...} value` lines; returns the label values of each sample line.
    static func labelValues(in text: String) -> [[String]] {
        var rows: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            var values: [String] = []
            var chars = Array(line)[...]
            while let q = chars.firstIndex(of: "\"") {
                chars = chars[(q + 1)...]
                var value = ""
                while let c = chars.first {
                    chars = chars.dropFirst()
                    if c == "\\" {
                        let e = chars.first
                        chars = chars.dropFirst()
                        switch e {
                        case "n": value.append("\n")
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        default: value.append("?")  // not produced by a correct writer
                        }
                    } else if c == "\"" {
                        break
                    } else {
                        value.append(c)
                    }
                }
                values.append(value)
            }
            rows.append(values)
        }
        return rows
    }

    @Test func randomLabelValuesSurviveRenderingAndReading() {
        var rng = SplitMix(state: 42)
        for _ in 0..<200 {
            let r = MetricsRegistry()
            let a = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! })
            let b = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! })
            r.counter("demo_total", help: "x", labelNames: ["a", "b"]).labels(a, b).increment()
            let text = r.render()
            #expect(Self.labelValues(in: text) == [[a, b]], "rendered: \(text)")
            #expect(text.split(separator: "\n").count == 3, "a raw newline leaked into: \(text)")
        }
    }
}
