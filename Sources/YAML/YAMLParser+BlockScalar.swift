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
            // Relative to the enclosing collection's column; at the top level relative to
            // column 0, as libyaml and go-yaml (which Kubernetes uses) read it.
            indent = max(base, 0) + explicitIndent
        } else {
            // Leading empty lines (spaces only) do not set the indentation, but it must cover
            // them; with no content line at all it is the longest of them. Content must be
            // indented at least one space even at the top level: YAML 1.2 would allow column 0
            // there, but libyaml and go-yaml (which Kubernetes uses) end the scalar instead, and
            // a value that depends on the reader is worse than an error.
            let minimum = max(base + 1, 1)
            var p = pos
            var longestEmpty = 0
            var longestEmptyAt = pos
            var detected: Int? = nil
            while true {
                let start = p
                while byte(p) == .space { p += 1 }
                let c = byte(p)
                if c == .lineFeed || c == .nul {
                    if p - start > longestEmpty { longestEmpty = p - start; longestEmptyAt = start }
                    if c == .nul { break }
                    p += 1
                    continue
                }
                let spaces = p - start
                if spaces >= minimum { detected = spaces }
                break
            }
            if let detected {
                if longestEmpty > detected {
                    throw error("a leading empty line of a block scalar has more spaces than its first line; "
                                + "remove them or use an indentation indicator", at: longestEmptyAt)
                }
                indent = detected
            } else {
                indent = max(minimum, longestEmpty)
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

    /// Counts empty lines from the start of a line, consuming up to `indent` spaces of each (a
    /// line of fewer spaces is empty too); stops on the first line with anything else on it.
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
            return breaks
        }
    }

    private func lineColumn() -> Int { pos - lineStart(of: pos) }
}
