// MARK: - Literal `|` and folded `>` block scalars (YAML 1.2 §8.1)

/// What happens to a block scalar's final line break and trailing empty lines (§8.1.1.2).
enum Chomping {
    /// `-`: no final line break.
    case strip
    /// The default: one final line break.
    case clip
    /// `+`: the final line break and every trailing empty line.
    case keep
}

extension YAMLParser {
    /// Reads a block scalar from its `|` or `>` header; `parentIndent` is the indentation of the
    /// enclosing collection (-1 at the top), so content must be indented more than it.
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        let folded = current == UInt8(ascii: ">")
        pos += 1
        var chomping = Chomping.clip
        var chompingSet = false
        var explicitIndent: Int? = nil
        for _ in 0..<2 {
            let c = current
            if !chompingSet && (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) {
                chomping = c == UInt8(ascii: "-") ? .strip : .keep
                chompingSet = true
                pos += 1
            } else if explicitIndent == nil && c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") {
                explicitIndent = Int(c - UInt8(ascii: "0"))
                pos += 1
            } else if c == UInt8(ascii: "0") {
                throw error("a block scalar's indentation indicator must be 1 to 9", at: pos)
            }
        }
        guard isBlankOrBreak(current) else {
            throw error("invalid block scalar header; after '\(folded ? ">" : "|")' only a chomping indicator "
                        + "('-' or '+'), an indentation indicator (1-9) and a comment may follow", at: pos)
        }
        try finishLine()

        // Content indentation: explicit, or that of the first non-empty line (§8.1.1.1).
        let base = max(parentIndent, -1)
        var indent: Int
        if let explicitIndent {
            indent = base + explicitIndent
        } else {
            var p = pos
            var longestEmpty = 0
            var longestEmptyAt = pos
            indent = base + 1
            while true {
                let start = p
                while byte(p) == .space { p += 1 }
                if byte(p) == .lineFeed {
                    if p - start > longestEmpty { longestEmpty = p - start; longestEmptyAt = start }
                    p += 1
                    continue
                }
                if byte(p) == .nul {
                    indent = max(indent, longestEmpty)
                    break
                }
                let detected = p - start
                if detected > base && !(detected == 0 && isDocumentMarker(at: start)) {
                    indent = detected
                    if longestEmpty > indent {
                        throw error("a leading empty line of a block scalar has more spaces than its first line; "
                                    + "remove them or use an indentation indicator", at: longestEmptyAt)
                    }
                }
                break
            }
        }
        indent = max(indent, 0)

        var out: [UInt8] = []
        var breaks = scanBlockScalarBreaks(indent: indent)
        var lineBreak = false
        while lineColumn() == indent && current != .nul && !(indent == 0 && isDocumentMarker(at: pos)) {
            out.append(contentsOf: repeatElement(.lineFeed, count: breaks))
            let leadingNonBlank = !isBlank(current)
            let textStart = pos
            skipRestOfLine()
            out.append(contentsOf: bytes[textStart..<pos])
            lineBreak = current == .lineFeed
            if lineBreak { pos += 1 }
            breaks = scanBlockScalarBreaks(indent: indent)
            guard lineColumn() == indent && current != .nul && !(indent == 0 && isDocumentMarker(at: pos)) else { break }
            // Folding joins two adjacent "normal" lines with a space; lines that start with
            // whitespace ("more indented") keep their line breaks (§8.1.3).
            if folded && lineBreak && leadingNonBlank && !isBlank(current) {
                if breaks == 0 { out.append(.space) }
            } else if lineBreak {
                out.append(.lineFeed)
            }
        }
        switch chomping {
        case .strip: break
        case .clip: if lineBreak { out.append(.lineFeed) }
        case .keep:
            if lineBreak { out.append(.lineFeed) }
            out.append(contentsOf: repeatElement(.lineFeed, count: breaks))
        }
        // Leave `pos` at the start of the line that ended the scalar.
        if current != .nul { pos = lineStart(of: pos) }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// Counts empty lines from the start of a line, consuming up to `indent` spaces of each;
    /// stops on the first line with content (or fewer spaces than `indent` before content).
    private mutating func scanBlockScalarBreaks(indent: Int) -> Int {
        var breaks = 0
        while true {
            let start = pos
            while pos - start < indent && current == .space { pos += 1 }
            if current == .lineFeed {
                breaks += 1
                pos += 1
                continue
            }
            // A line of only spaces shorter than the indentation is still an empty line.
            if current == .space || current == .nul { return breaks }
            return breaks
        }
    }

    private func lineColumn() -> Int { pos - lineStart(of: pos) }
}
