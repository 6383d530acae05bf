// MARK: - Single- and double-quoted scalars (YAML 1.2 §7.3.1, §7.3.2)

extension YAMLParser {
    /// Reads a double-quoted scalar starting at its `"`, applying escapes (§5.7) and line
    /// folding (§7.3.1). Returns the text and whether it spanned more than one line.
    mutating func scanDoubleQuoted() throws(YAMLError) -> (String, Bool) {
        let open = pos
        pos += 1
        // Fast path: no escape and no line break before the closing quote.
        var i = pos
        while true {
            let c = byte(i)
            if c == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[pos..<i], as: UTF8.self)
                pos = i + 1
                return (text, false)
            }
            if c == UInt8(ascii: "\\") || c == .lineFeed || c == .nul { break }
            i += 1
        }
        var out = Array(bytes[pos..<i])
        pos = i
        // Literal blanks at the end of `out`, which a line fold trims; escaped ones are kept.
        var trimmable = out.reversed().prefix(while: isBlank).count
        var multiLine = false
        while true {
            let c = current
            switch c {
            case .nul:
                throw error("a double-quoted string is not closed; add the closing '\"'", at: open)
            case UInt8(ascii: "\""):
                pos += 1
                return (String(decoding: out, as: UTF8.self), multiLine)
            case .lineFeed:
                multiLine = true
                out.removeLast(trimmable)
                trimmable = 0
                let empty = try foldLineBreak(quoteStart: open)
                if empty == 0 { out.append(.space) } else { out.append(contentsOf: repeatElement(.lineFeed, count: empty)) }
            case UInt8(ascii: "\\"):
                trimmable = 0
                if byte(pos + 1) == .lineFeed {
                    // An escaped line break joins the lines without a space (§7.3.1, example 7.5).
                    multiLine = true
                    pos += 1
                    let empty = try foldLineBreak(quoteStart: open)
                    out.append(contentsOf: repeatElement(.lineFeed, count: empty))
                } else {
                    try appendEscape(to: &out)
                }
            default:
                out.append(c)
                trimmable = isBlank(c) ? trimmable + 1 : 0
                pos += 1
            }
        }
    }

    /// Reads a single-quoted scalar starting at its `'`; `''` stands for one quote (§7.3.2).
    mutating func scanSingleQuoted() throws(YAMLError) -> (String, Bool) {
        let open = pos
        pos += 1
        var i = pos
        while true {
            let c = byte(i)
            if c == UInt8(ascii: "'") && byte(i + 1) != UInt8(ascii: "'") {
                let text = String(decoding: bytes[pos..<i], as: UTF8.self)
                pos = i + 1
                return (text, false)
            }
            if c == UInt8(ascii: "'") || c == .lineFeed || c == .nul { break }
            i += 1
        }
        var out = Array(bytes[pos..<i])
        pos = i
        var trimmable = out.reversed().prefix(while: isBlank).count
        var multiLine = false
        while true {
            let c = current
            switch c {
            case .nul:
                throw error("a single-quoted string is not closed; add the closing \"'\"", at: open)
            case UInt8(ascii: "'"):
                if byte(pos + 1) == UInt8(ascii: "'") {
                    out.append(c)
                    trimmable = 0
                    pos += 2
                } else {
                    pos += 1
                    return (String(decoding: out, as: UTF8.self), multiLine)
                }
            case .lineFeed:
                multiLine = true
                out.removeLast(trimmable)
                trimmable = 0
                let empty = try foldLineBreak(quoteStart: open)
                if empty == 0 { out.append(.space) } else { out.append(contentsOf: repeatElement(.lineFeed, count: empty)) }
            default:
                out.append(c)
                trimmable = isBlank(c) ? trimmable + 1 : 0
                pos += 1
            }
        }
    }

    /// At a line break inside a quoted scalar: consumes it, the empty lines after it and the
    /// next line's leading whitespace. Returns how many empty lines there were.
    mutating func foldLineBreak(quoteStart: Int) throws(YAMLError) -> Int {
        var empty = 0
        pos += 1
        while true {
            if isDocumentMarker(at: pos) {
                throw error("the document ends inside a quoted string; add the closing quote", at: quoteStart)
            }
            while isBlank(current) { pos += 1 }
            guard current == .lineFeed else { return empty }
            empty += 1
            pos += 1
        }
    }

    /// Decodes the escape sequence at `pos` (a backslash) into `out` (YAML 1.2 §5.7).
    private mutating func appendEscape(to out: inout [UInt8]) throws(YAMLError) {
        let start = pos
        let c = byte(pos + 1)
        pos += 2
        switch c {
        case UInt8(ascii: "0"): out.append(0x00)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"), .tab: out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case .space, UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): out.append(c)
        case UInt8(ascii: "N"): Self.append(scalar: 0x85, to: &out)
        case UInt8(ascii: "_"): Self.append(scalar: 0xA0, to: &out)
        case UInt8(ascii: "L"): Self.append(scalar: 0x2028, to: &out)
        case UInt8(ascii: "P"): Self.append(scalar: 0x2029, to: &out)
        case UInt8(ascii: "x"): Self.append(scalar: try hexEscape(digits: 2, at: start), to: &out)
        case UInt8(ascii: "U"): Self.append(scalar: try hexEscape(digits: 8, at: start), to: &out)
        case UInt8(ascii: "u"):
            var value = try hexEscape(digits: 4, at: start, allowSurrogate: true)
            // JSON writes characters outside the BMP as a UTF-16 surrogate pair of \u escapes.
            if (0xD800...0xDBFF).contains(value) && current == UInt8(ascii: "\\") && byte(pos + 1) == UInt8(ascii: "u") {
                let lowStart = pos
                pos += 2
                let low = try hexEscape(digits: 4, at: lowStart, allowSurrogate: true)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("a \\u escape of a high surrogate must be followed by a low surrogate (\\uDC00-\\uDFFF)", at: lowStart)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            if (0xD800...0xDFFF).contains(value) {
                throw error("a \\u escape names a lone UTF-16 surrogate, which is not a character", at: start)
            }
            Self.append(scalar: value, to: &out)
        case .nul:
            throw error("a double-quoted string is not closed; add the closing '\"'", at: start)
        default:
            throw error("unknown escape sequence '\\\(Character(Unicode.Scalar(c)))' in a double-quoted string; "
                        + "write '\\\\' for a backslash, or use a single-quoted string", at: start)
        }
    }

    /// Reads `digits` hex digits at `pos` as a Unicode scalar value.
    private mutating func hexEscape(digits: Int, at start: Int, allowSurrogate: Bool = false) throws(YAMLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = hexValue(current) else {
                throw error("an escape '\\\(Character(Unicode.Scalar(byte(start + 1))))' needs exactly \(digits) hex digits", at: start)
            }
            value = value << 4 | digit
            pos += 1
        }
        // Surrogates from \u are paired (or refused) by the caller.
        if value > 0x10FFFF || (!allowSurrogate && (0xD800...0xDFFF).contains(value)) {
            throw error("escape '\\\(Character(Unicode.Scalar(byte(start + 1))))' does not name a Unicode character", at: start)
        }
        return value
    }

    private static func append(scalar value: UInt32, to out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        UTF8.encode(scalar) { out.append($0) }
    }
}
