// MARK: - Plain scalars (YAML 1.2 §7.3.3) and the indicators that cannot start one (§5.3)

extension YAMLParser {
    /// Whether a plain scalar may start at `i`: not an indicator, except `-`, `?` and `:`
    /// followed by a "safe" character (so `-1`, `:x` and `?x` are plain, `- x` is not).
    func plainCanStart(at i: Int, inFlow: Bool) -> Bool {
        let c = byte(i)
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            let next = byte(i + 1)
            return !isBlankOrBreak(next) && !(inFlow && isFlowIndicator(next))
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
             UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return false
        case 0xEF where byte(i + 1) == 0xBB && byte(i + 2) == 0xBF:
            return false  // a byte order mark
        default:
            return !isBlankOrBreak(c)
        }
    }

    /// The error for a node that starts with a character this reader refuses there.
    func nodeStartError(at i: Int, inFlow: Bool) -> YAMLError {
        let c = byte(i)
        let message: String
        switch c {
        case UInt8(ascii: "&"):
            message = "anchors ('&name') are not supported; write the value out in full, or quote it if '&' is part of the text"
        case UInt8(ascii: "*"):
            message = "aliases ('*name') are not supported; write the value out in full, or quote it if '*' is part of the text"
        case UInt8(ascii: "!"):
            message = "tags ('!tag' or '!!type') are not supported; remove the tag, or quote the value if '!' is part of the text"
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            message = "block scalars ('|' and '>') cannot appear inside a flow collection"
        case UInt8(ascii: "%") where i == lineStart(of: i):
            message = "a directive ('%') must come before a document's '---', and a document must end with '...' before the next directive"
        case UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "%"):
            message = "'\(Character(Unicode.Scalar(c)))' cannot start a plain value; quote the value"
        case UInt8(ascii: "-") where isBlankOrBreak(byte(i + 1)):
            message = "a block sequence entry '- ' cannot appear inside a flow collection; separate entries with ','"
        case UInt8(ascii: "?") where isBlankOrBreak(byte(i + 1)):
            message = Self.complexKeyMessage
        case UInt8(ascii: "-"), UInt8(ascii: "?"):
            message = "'\(Character(Unicode.Scalar(c)))' before a flow indicator cannot be a plain value; quote it"
        case UInt8(ascii: ":"):
            message = "a mapping key is missing before ':'"
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"):
            message = inFlow
                ? "expected a value before '\(Character(Unicode.Scalar(c)))'"
                : "'\(Character(Unicode.Scalar(c)))' cannot start a plain value; quote the value"
        case UInt8(ascii: "#"):
            message = "'#' cannot start a value here; a comment needs whitespace before it, and a value starting with '#' must be quoted"
        case 0xEF:
            message = "a byte order mark (U+FEFF) can only start a document; remove it"
        case .nul:
            message = "unexpected end of input; a value is missing"
        default:
            message = "unexpected character; a value is missing here"
        }
        return error(message, at: i)
    }

    /// Scans the rest of a plain scalar's current line, leaving `pos` where it stopped: at
    /// `: `, ` #`, a line break, the end, or (in flow context) a flow indicator. Returns the
    /// text without trailing whitespace.
    mutating func scanPlainLine(inFlow: Bool) -> Range<Int> {
        let start = pos
        var end = pos
        while true {
            let c = byte(pos)
            switch c {
            case .lineFeed, .nul:
                return start..<end
            case .space, .tab:
                pos += 1
                continue
            case UInt8(ascii: ":"):
                let next = byte(pos + 1)
                if isBlankOrBreak(next) || (inFlow && isFlowIndicator(next)) { return start..<end }
            case UInt8(ascii: "#"):
                if pos > start && isBlank(byte(pos - 1)) { return start..<end }
            case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                if inFlow { return start..<end }
            default:
                break
            }
            pos += 1
            end = pos
        }
    }

    /// A plain mapping key, refusing the merge key `<<`, which this reader does not expand.
    func plainKey(_ range: Range<Int>) throws(YAMLError) -> String {
        if range.count == 2 && bytes[range.lowerBound] == UInt8(ascii: "<") && bytes[range.lowerBound + 1] == UInt8(ascii: "<") {
            throw error("merge keys ('<<') are not supported; write the merged keys out in full, or quote '<<' to use it as a plain key", at: range.lowerBound)
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Continues a plain scalar whose first line is `firstLine` over the following lines
    /// (folding each line break into a space, or into `\n`s for empty lines, §6.5), then
    /// resolves it under the core schema. Continuation lines in block context must be indented
    /// more than `parentIndent`. Leaves `pos` just after the scalar's last character.
    mutating func plainNode(firstLine: Range<Int>, parentIndent: Int, inFlow: Bool) throws(YAMLError) -> YAMLNode {
        var folded: [UInt8]? = nil
        var lastEnd = firstLine.upperBound
        while true {
            var p = pos
            while isBlank(byte(p)) { p += 1 }
            guard byte(p) == .lineFeed else { break }
            // Look past empty lines to the next line with content.
            var emptyLines = 0
            var lineStart = p + 1
            var q = lineStart
            var indent = 0
            while true {
                lineStart = q
                while byte(q) == .space { q += 1 }
                indent = q - lineStart
                while isBlank(byte(q)) { q += 1 }
                if byte(q) == .lineFeed {
                    emptyLines += 1
                    q += 1
                    continue
                }
                break
            }
            let c = byte(q)
            if c == .nul || c == UInt8(ascii: "#") { break }
            if indent == 0 && isDocumentMarker(at: lineStart) { break }
            if !inFlow && indent <= parentIndent { break }
            if c == UInt8(ascii: ":") {
                let next = byte(q + 1)
                if isBlankOrBreak(next) || (inFlow && isFlowIndicator(next)) { break }
            }
            if inFlow && isFlowIndicator(c) { break }
            pos = q
            let line = scanPlainLine(inFlow: inFlow)
            if folded == nil { folded = Array(bytes[firstLine]) }
            if emptyLines == 0 {
                folded!.append(.space)
            } else {
                folded!.append(contentsOf: repeatElement(.lineFeed, count: emptyLines))
            }
            folded!.append(contentsOf: bytes[line])
            lastEnd = line.upperBound
        }
        pos = lastEnd
        if let folded { return .string(String(decoding: folded, as: UTF8.self)) }
        return try resolvePlain(firstLine)
    }
}
