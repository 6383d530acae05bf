// MARK: - Flow collections `[...]` and `{...}` (YAML 1.2 §7.4), which include JSON

/// One node read inside a flow collection, kept raw until its role (key or value) is known.
private enum FlowItem {
    /// A plain scalar: its first line's bytes (its text when used as a key) and its resolved value.
    case plain(firstLine: Range<Int>, node: YAMLNode, multiLine: Bool)
    case quoted(String, multiLine: Bool)
    case collection(YAMLNode)
}

extension YAMLParser {
    /// Parses the flow collection starting at `pos` (`[` or `{`), across lines if needed.
    mutating func parseFlowCollection() throws(YAMLError) -> YAMLNode {
        try refuseTemplate(at: pos)
        return current == UInt8(ascii: "[") ? try parseFlowSequence() : try parseFlowMapping()
    }

    /// Skips whitespace, line breaks and comments between flow tokens.
    mutating func skipFlowSpace() throws(YAMLError) {
        while true {
            switch current {
            case .space, .tab:
                pos += 1
            case .lineFeed:
                pos += 1
                if isDocumentMarker(at: pos) {
                    throw error("the document ends inside a flow collection; close it with ']' or '}'", at: pos)
                }
            case UInt8(ascii: "#") where pos == 0 || isBlankOrBreak(byte(pos - 1)):
                skipRestOfLine()
            default:
                return
            }
        }
    }

    private mutating func parseFlowSequence() throws(YAMLError) -> YAMLNode {
        let open = pos
        try enterCollection()
        defer { depth -= 1 }
        pos += 1
        let base = itemStack.count
        while true {
            try skipFlowSpace()
            if current == UInt8(ascii: "]") { pos += 1; break }
            if current == .nul { throw error("a flow sequence is not closed; add ']'", at: open) }
            let itemStart = pos
            enterPath(.index(itemStack.count - base), at: itemStart)
            defer { leavePath() }
            let item = try parseFlowItem()
            try skipFlowSpace()
            if current == UInt8(ascii: ":") && isValueIndicator(after: item) {
                // `[key: value]`: a single-pair mapping as a sequence entry (§7.4.1).
                let key = try flowKey(item, at: itemStart)
                pos += 1
                try skipFlowSpace()
                let value: YAMLNode
                if current == UInt8(ascii: ",") || current == UInt8(ascii: "]") {
                    value = .null
                } else {
                    let valueStart = pos
                    let item = try parseFlowItem()
                    value = node(for: item, at: valueStart)
                }
                itemStack.append(.mapping([(key: key, value: value)]))
                try skipFlowSpace()
            } else {
                let value = node(for: item, at: itemStart)
                itemStack.append(value)
            }
            switch current {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"): pos += 1; return finishSequence(from: base)
            case .nul: throw error("a flow sequence is not closed; add ']'", at: open)
            default: throw error("expected ',' or ']' in a flow sequence", at: pos)
            }
        }
        return finishSequence(from: base)
    }

    private mutating func parseFlowMapping() throws(YAMLError) -> YAMLNode {
        let open = pos
        try enterCollection()
        defer { depth -= 1 }
        pos += 1
        var mapping = beginMapping()
        while true {
            try skipFlowSpace()
            if current == UInt8(ascii: "}") { pos += 1; break }
            if current == .nul { throw error("a flow mapping is not closed; add '}'", at: open) }
            let keyStart = pos
            let item = try parseFlowItem()
            let key = try flowKey(item, at: keyStart)
            try skipFlowSpace()
            var value = YAMLNode.null
            enterPath(.key(key), at: keyStart)
            if current == UInt8(ascii: ":") {
                pos += 1
                try skipFlowSpace()
                if current != UInt8(ascii: ",") && current != UInt8(ascii: "}") {
                    let valueStart = pos
                    let item = try parseFlowItem()
                    value = node(for: item, at: valueStart)
                    try skipFlowSpace()
                }
            }
            leavePath()
            try add(key: key, value: value, at: keyStart, to: &mapping)
            switch current {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"): pos += 1; return finish(mapping)
            case .nul: throw error("a flow mapping is not closed; add '}'", at: open)
            default: throw error("expected ',' or '}' in a flow mapping (after a key, ': ' needs a space)", at: pos)
            }
        }
        return finish(mapping)
    }

    /// Reads one flow node: a nested collection, a quoted scalar or a (possibly multi-line) plain scalar.
    private mutating func parseFlowItem() throws(YAMLError) -> FlowItem {
        switch current {
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            return .collection(try parseFlowCollection())
        case UInt8(ascii: "\""):
            let (text, multiLine) = try scanDoubleQuoted()
            return .quoted(text, multiLine: multiLine)
        case UInt8(ascii: "'"):
            let (text, multiLine) = try scanSingleQuoted()
            return .quoted(text, multiLine: multiLine)
        default:
            if current == UInt8(ascii: "?") {
                if isBlankOrBreak(byte(pos + 1)) { throw error(Self.complexKeyMessage, at: pos) }
                // YAML 1.2 reads `[?x]` as the string "?x", libyaml (and so go-yaml) as the
                // complex key "x": refuse rather than pick one.
                throw error("a value inside a flow collection cannot start with '?'; quote it", at: pos)
            }
            guard plainCanStart(at: pos, inFlow: true) else { throw nodeStartError(at: pos, inFlow: true) }
            let firstLine = scanPlainLine(inFlow: true)
            let node = try plainNode(firstLine: firstLine, parentIndent: -1, inFlow: true)
            return .plain(firstLine: firstLine, node: node, multiLine: pos > firstLine.upperBound)
        }
    }

    /// Whether a `:` at `pos` after `item` separates a key from its value: after a plain
    /// scalar it must be followed by whitespace or a flow indicator; after JSON-like nodes
    /// (quoted scalars, collections) it may be adjacent (§7.4.1, `{"a":1}`).
    private func isValueIndicator(after item: FlowItem) -> Bool {
        let next = byte(pos + 1)
        if isBlankOrBreak(next) || isFlowIndicator(next) { return true }
        if case .plain = item { return false }
        return true
    }

    private func flowKey(_ item: FlowItem, at start: Int) throws(YAMLError) -> String {
        switch item {
        case .collection:
            throw error(Self.complexKeyMessage, at: start)
        case .quoted(let text, let multiLine):
            if multiLine { throw error("a mapping key must fit on one line", at: start) }
            return text
        case .plain(let firstLine, _, let multiLine):
            if multiLine { throw error("a mapping key must fit on one line", at: start) }
            return try plainKey(firstLine)
        }
    }

    private func node(for item: FlowItem, at start: Int) -> YAMLNode {
        switch item {
        case .collection(let node), .plain(_, let node, _): return node
        case .quoted(let text, _): return .string(text)
        }
    }
}
