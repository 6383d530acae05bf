// MARK: - Block collections (YAML 1.2 §8.2)

/// Where a block node begins, which decides whether a block collection may start there.
enum NodeContext {
    /// The node is the first content on its line: any node may start here.
    case lineStart
    /// After `- ` on the entry's own line: compact sequences and mappings are allowed (§8.2.1).
    case afterDash
    /// After `-` followed by separation holding a tab: a compact collection's column would be ambiguous.
    case afterTabbedDash
    /// After `key:` on the same line: a block collection would have to start on the next line.
    case afterKey
    /// After `---` on the same line.
    case afterDocumentStart
}

/// The first token of a block node, read before knowing whether it is a mapping key or a value.
private enum Candidate {
    case plain(Range<Int>)
    case quoted(String, multiLine: Bool)
    case flow(YAMLNode)
}

extension YAMLParser {
    /// Parses the node whose first byte is at `pos`, in column `column`, inside a block
    /// collection indented `parentIndent` (-1 for a document's top node).
    mutating func parseBlockNode(parentIndent: Int, column: Int, context: NodeContext) throws(YAMLError) -> YAMLNode {
        let start = pos
        let next = byte(pos + 1)
        switch current {
        case UInt8(ascii: "-") where isBlankOrBreak(next):
            try requireBlockCollection(context, sequence: true, at: start)
            return try parseBlockSequence(indent: column)
        case UInt8(ascii: "?") where isBlankOrBreak(next):
            throw error(Self.complexKeyMessage, at: start)
        case UInt8(ascii: ":") where isBlankOrBreak(next):
            throw error("a mapping key is missing before ':'", at: start)
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return try parseBlockScalar(parentIndent: parentIndent)
        default:
            break
        }

        let candidate: Candidate
        switch current {
        case UInt8(ascii: "\""):
            let (text, multiLine) = try scanDoubleQuoted()
            candidate = .quoted(text, multiLine: multiLine)
        case UInt8(ascii: "'"):
            let (text, multiLine) = try scanSingleQuoted()
            candidate = .quoted(text, multiLine: multiLine)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            try refuseTemplate(at: pos)
            candidate = .flow(try parseFlowCollection())
        default:
            guard plainCanStart(at: pos, inFlow: false) else { throw nodeStartError(at: pos, inFlow: false) }
            candidate = .plain(scanPlainLine(inFlow: false))
        }

        let afterCandidate = pos
        skipBlanks()
        if current == UInt8(ascii: ":") && isBlankOrBreak(byte(pos + 1)) {
            try requireBlockCollection(context, sequence: false, at: context == .afterKey ? pos : start)
            let key: String
            switch candidate {
            case .plain(let range):
                key = try plainKey(range)
            case .quoted(let text, let multiLine):
                if multiLine { throw error("a mapping key must fit on one line", at: start) }
                key = text
            case .flow:
                throw error(Self.complexKeyMessage, at: start)
            }
            return try parseBlockMapping(indent: column, firstKey: key, firstKeyAt: start)
        }
        pos = afterCandidate
        let node: YAMLNode
        switch candidate {
        case .plain(let range):
            node = try plainNode(firstLine: range, parentIndent: parentIndent, inFlow: false)
            if pos != range.upperBound {
                // The value went on over more-indented lines and then met ': ': almost always
                // a key indented too deeply, so say that rather than only "': ' in a plain value".
                var p = pos
                while isBlank(byte(p)) { p += 1 }
                if byte(p) == UInt8(ascii: ":") && isBlankOrBreak(byte(p + 1)) {
                    let lineStart = lineStart(of: p)
                    var keyStart = lineStart
                    while isBlank(byte(keyStart)) { keyStart += 1 }
                    throw error("this line reads as the continuation of the value above it, and a plain value cannot "
                                + "contain ': '; if it is a key, align it with the keys above (it is indented too deeply), "
                                + "or if it is text, quote the value", at: keyStart)
                }
            }
        case .quoted(let text, _): node = .string(text)
        case .flow(let collection): node = collection
        }
        try finishLine()
        return node
    }

    /// A Helm template (`{{ ... }}`) would otherwise read as nested flow mappings and fail
    /// with a puzzling message about keys.
    func refuseTemplate(at i: Int) throws(YAMLError) {
        if byte(i) == UInt8(ascii: "{") && byte(i + 1) == UInt8(ascii: "{") {
            throw error("'{{' starts a template expression, not YAML; render the chart first (helm template), "
                        + "or quote the value", at: i)
        }
    }

    static let complexKeyMessage =
        "complex mapping keys ('? ' or a collection used as a key) are not supported; keys must be strings"

    /// Refuses a block collection where YAML does not allow one to start.
    func requireBlockCollection(_ context: NodeContext, sequence: Bool, at i: Int) throws(YAMLError) {
        switch context {
        case .lineStart, .afterDash:
            return
        case .afterTabbedDash:
            throw error("a tab character cannot indent a block; use spaces after '-'", at: i)
        case .afterKey where sequence:
            throw error("a block sequence cannot start on the same line as its key; put the '- ' entries on the following lines", at: i)
        case .afterKey:
            throw error("a mapping value cannot start here; a plain value cannot contain ': ', "
                        + "so quote the value, or put the nested mapping on its own line", at: i)
        case .afterDocumentStart:
            throw error("a block \(sequence ? "sequence" : "mapping") cannot start on the '---' line; start it on the next line", at: i)
        }
    }

    /// The value after `key:` or `-`: on the same line, on the following more-indented lines,
    /// a sequence at the key's own indentation (`key:` then `- x` in the same column, which
    /// Kubernetes manifests use everywhere), or empty (null).
    mutating func parseBlockValue(parentIndent: Int, isSequenceEntry: Bool) throws(YAMLError) -> YAMLNode {
        let sawTab = skipBlanks()
        let c = current
        if c == .lineFeed || c == .nul || c == UInt8(ascii: "#") {
            try finishLine()
            guard let next = try skipToContentLine() else { return .null }
            if next == 0 && isDocumentMarker(at: pos) {
                pos = lineStart(of: pos)
                return .null
            }
            if next > parentIndent {
                return try parseBlockNode(parentIndent: parentIndent, column: next, context: .lineStart)
            }
            if next == parentIndent && !isSequenceEntry
                && current == UInt8(ascii: "-") && isBlankOrBreak(byte(pos + 1)) {
                return try parseBlockSequence(indent: next)
            }
            pos = lineStart(of: pos)
            return .null
        }
        let context: NodeContext = isSequenceEntry ? (sawTab ? .afterTabbedDash : .afterDash) : .afterKey
        return try parseBlockNode(parentIndent: parentIndent, column: pos - lineStart(of: pos), context: context)
    }

    /// A block mapping whose keys sit in column `indent`; `pos` is on the first key's `:`.
    mutating func parseBlockMapping(indent: Int, firstKey: String, firstKeyAt: Int) throws(YAMLError) -> YAMLNode {
        try enterCollection()
        defer { depth -= 1 }
        var mapping = beginMapping()
        var key = firstKey
        var keyAt = firstKeyAt
        while true {
            pos += 1  // the ':'
            enterPath(.key(key), at: keyAt)
            let value = try parseBlockValue(parentIndent: indent, isSequenceEntry: false)
            leavePath()
            try add(key: key, value: value, at: keyAt, to: &mapping)
            guard let next = try skipToContentLine() else { break }
            if next < indent || (next == 0 && isDocumentMarker(at: pos)) {
                pos = lineStart(of: pos)
                break
            }
            if next > indent {
                throw error("this line is indented more than the mapping keys above it (column \(indent + 1)); "
                            + "align it with them, or nest it under a key that ends with ':'", at: pos)
            }
            keyAt = pos
            key = try parseBlockMappingKey()
        }
        return finish(mapping)
    }

    /// Reads `key:` at the start of a mapping line, leaving `pos` on the `:`.
    mutating func parseBlockMappingKey() throws(YAMLError) -> String {
        let start = pos
        let next = byte(pos + 1)
        let key: String
        switch current {
        case UInt8(ascii: "-") where isBlankOrBreak(next):
            throw error("expected a mapping key here, found a sequence entry '- '; a sequence must be "
                        + "the value of a key, on the lines after 'key:'", at: start)
        case UInt8(ascii: "?") where isBlankOrBreak(next):
            throw error(Self.complexKeyMessage, at: start)
        case UInt8(ascii: ":") where isBlankOrBreak(next):
            throw error("a mapping key is missing before ':'", at: start)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let (text, multiLine) = current == UInt8(ascii: "\"") ? try scanDoubleQuoted() : try scanSingleQuoted()
            if multiLine { throw error("a mapping key must fit on one line", at: start) }
            key = text
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            try refuseTemplate(at: pos)
            throw error(Self.complexKeyMessage, at: start)
        default:
            guard plainCanStart(at: pos, inFlow: false) else { throw nodeStartError(at: pos, inFlow: false) }
            // Scan first: a non-mutating call whose argument mutates `self` would copy the parser.
            let range = scanPlainLine(inFlow: false)
            key = try plainKey(range)
        }
        skipBlanks()
        guard current == UInt8(ascii: ":") && isBlankOrBreak(byte(pos + 1)) else {
            let hint = key.contains(":") ? " (a ':' separating a key from its value must be followed by a space)" : ""
            throw error("expected ':' after the mapping key '\(key)'; each line of a mapping must be "
                        + "'key: value'\(hint)", at: pos)
        }
        return key
    }

    /// A block sequence whose `- ` entries sit in column `indent`; `pos` is on the first `-`.
    mutating func parseBlockSequence(indent: Int) throws(YAMLError) -> YAMLNode {
        try enterCollection()
        defer { depth -= 1 }
        let base = itemStack.count
        while true {
            enterPath(.index(itemStack.count - base), at: pos)
            pos += 1  // the '-'
            let item = try parseBlockValue(parentIndent: indent, isSequenceEntry: true)
            leavePath()
            itemStack.append(item)
            guard let next = try skipToContentLine() else { break }
            if next < indent || (next == 0 && isDocumentMarker(at: pos)) {
                pos = lineStart(of: pos)
                break
            }
            if next > indent {
                throw error("this line is indented more than the '- ' entries above it (column \(indent + 1)); "
                            + "align it with them, or nest it under an entry", at: pos)
            }
            guard current == UInt8(ascii: "-") && isBlankOrBreak(byte(pos + 1)) else {
                // A key in the sequence's column: the sequence was the value of that key's sibling.
                pos = lineStart(of: pos)
                break
            }
        }
        return finishSequence(from: base)
    }
}
