// MARK: - Core schema resolution of plain scalars (YAML 1.2 §10.3.2)
//
// Only plain (unquoted) scalars are resolved; quoted scalars are always strings. YAML 1.1's
// `yes`/`no`/`on`/`off` booleans and sexagesimal numbers are deliberately not recognised.

extension YAMLParser {
    /// The core-schema value of the plain scalar in `range`.
    func resolvePlain(_ range: Range<Int>) throws(YAMLError) -> YAMLNode {
        let s = bytes[range]
        guard let first = s.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let number = try resolveNumber(s) { return number }
        case UInt8(ascii: "~"):
            if s.count == 1 { return .null }
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if Self.matches(s, "null", "Null", "NULL") { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if Self.matches(s, "true", "True", "TRUE") { return .bool(true) }
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if Self.matches(s, "false", "False", "FALSE") { return .bool(false) }
        default:
            break
        }
        return .string(String(decoding: s, as: UTF8.self))
    }

    private static func matches(_ s: ArraySlice<UInt8>, _ a: StaticString, _ b: StaticString, _ c: StaticString) -> Bool {
        for candidate in [a, b, c] where candidate.utf8CodeUnitCount == s.count {
            let equal = candidate.withUTF8Buffer { buffer in buffer.elementsEqual(s) }
            if equal { return true }
        }
        return false
    }

    /// An int or a float if `s` matches the core schema's number forms, else nil.
    private func resolveNumber(_ s: ArraySlice<UInt8>) throws(YAMLError) -> YAMLNode? {
        let start = s.startIndex
        let end = s.endIndex
        // 0o777 and 0xFF: unsigned in the core schema.
        if s.count > 2 && s[start] == UInt8(ascii: "0") {
            let marker = s[start + 1]
            let radix: UInt64 = marker == UInt8(ascii: "o") ? 8 : marker == UInt8(ascii: "x") ? 16 : 0
            if radix != 0 {
                var value: UInt64 = 0
                for i in (start + 2)..<end {
                    guard let digit = hexValue(s[i]), UInt64(digit) < radix else { return nil }
                    let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
                    guard !overflow, shifted <= UInt64(Int64.max) - UInt64(digit) else {
                        throw error("integer \(String(decoding: s, as: UTF8.self)) does not fit in 64 bits; quote it to keep it as a string", at: start)
                    }
                    value = shifted + UInt64(digit)
                }
                return .int(Int64(value))
            }
        }
        // Decimal int: [-+]? [0-9]+
        var i = start
        let negative = s[i] == UInt8(ascii: "-")
        if negative || s[i] == UInt8(ascii: "+") { i += 1 }
        let digitsStart = i
        while i < end && isDigit(s[i]) { i += 1 }
        let intDigits = i - digitsStart
        if i == end && intDigits > 0 {
            if intDigits > 1 && s[digitsStart] == UInt8(ascii: "0") {
                // `0644` is 644 in YAML 1.2 but octal 420 in YAML 1.1, which Kubernetes reads
                // (file modes like `defaultMode: 0644`); no answer is safe, so ask.
                let text = String(decoding: s, as: UTF8.self)
                throw error("the integer \(text) has a leading zero, which YAML 1.1 (and so Kubernetes) reads as octal "
                            + "but YAML 1.2 as decimal; write 0o\(text.drop { $0 == "-" || $0 == "+" || $0 == "0" }) for octal, "
                            + "drop the leading zero for decimal, or quote it for a string", at: start)
            }
            var value: Int64 = 0
            for j in digitsStart..<end {
                let digit = Int64(s[j] - UInt8(ascii: "0"))
                let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                if o1 || o2 {
                    throw error("integer \(String(decoding: s, as: UTF8.self)) does not fit in 64 bits; quote it to keep it as a string", at: start)
                }
                value = next
            }
            return .int(value)
        }
        // .inf, -.inf, +.inf, .nan in their three spellings.
        if i < end && s[i] == UInt8(ascii: ".") && intDigits == 0 {
            let rest = s[(i + 1)...]
            if Self.matches(rest, "inf", "Inf", "INF") { return .double(negative ? -.infinity : .infinity) }
            if i == start && Self.matches(rest, "nan", "NaN", "NAN") { return .double(.nan) }
        }
        // Float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var fractionDigits = 0
        if i < end && s[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < end && isDigit(s[i]) { i += 1 }
            fractionDigits = i - fractionStart
        }
        guard intDigits > 0 || fractionDigits > 0 else { return nil }
        if i < end && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) { i += 1 }
            let exponentStart = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == end, let value = Double(String(decoding: s, as: UTF8.self)) else { return nil }
        return .double(value)
    }
}
