// MARK: - Streams, directives and documents (YAML 1.2 §9)

extension YAMLParser {
    /// Reads every document of the stream; documents with no content at all are dropped.
    mutating func parseStream() throws(YAMLError) -> [YAMLNode] {
        var documents: [YAMLNode] = []
        // Directives may open the stream or follow an explicit `...` end (§9.1.2).
        var directivesAllowed = true
        var sawDirective = false
        while true {
            guard let indent = try skipToContentLine() else {
                if sawDirective { throw error("a directive must be followed by a document starting with ---", at: pos) }
                return documents
            }
            if indent == 0 && current == UInt8(ascii: "%") {
                guard directivesAllowed else {
                    throw error("a directive must come before the document's '---'; end the previous document with '...' first", at: pos)
                }
                try parseDirective()
                sawDirective = true
                continue
            }
            if indent == 0 && isDocumentMarker(at: pos) && current == UInt8(ascii: ".") {
                if sawDirective { throw error("a directive must be followed by a document starting with ---", at: pos) }
                pos += 3
                try finishLine()
                directivesAllowed = true
                continue
            }
            let explicitStart = indent == 0 && isDocumentMarker(at: pos)
            if sawDirective && !explicitStart {
                throw error("a directive must be followed by a document starting with ---", at: pos)
            }
            sawDirective = false
            directivesAllowed = false
            let documentStart = pos
            // parseDocument measures the first line's indentation itself, from its start.
            pos = lineStart(of: pos)
            if recordsLocations { sourceMap!.record(at: documentStart) }
            if let node = try parseDocument(explicitStart: explicitStart) {
                documents.append(node)
                documentStarts.append(documentStart)
                if recordsLocations { sourceMaps.append(sourceMap!.finishDocument(bytes: bytes)) }
            } else if recordsLocations {
                _ = sourceMap!.finishDocument(bytes: bytes)
            }
            // Where the document stopped: the end, the next `---`, or an explicit `...`.
            guard let next = try skipToContentLine() else { return documents }
            if next == 0 && isDocumentMarker(at: pos) {
                if current == UInt8(ascii: ".") {
                    pos += 3
                    try finishLine()
                    directivesAllowed = true
                }
                continue
            }
            if next == 0 && current == UInt8(ascii: "%") {
                throw error("a directive must come before the document's '---'; end the previous document with '...' first", at: pos)
            }
            throw error("unexpected content after the end of the document; fix its indentation, "
                        + "or start a new document with '---'", at: pos)
        }
    }

    /// Reads one document's content, starting at its `---` marker if it has one.
    /// Returns nil for a document with no content.
    mutating func parseDocument(explicitStart: Bool) throws(YAMLError) -> YAMLNode? {
        if explicitStart {
            pos += 3
            skipBlanks()
            let c = current
            if c != .lineFeed && c != .nul && c != UInt8(ascii: "#") {
                // Content on the `---` line itself: a scalar, a flow collection or a block scalar header.
                return try parseBlockNode(parentIndent: -1, column: pos - lineStart(of: pos), context: .afterDocumentStart)
            }
            try finishLine()
        }
        guard let indent = try skipToContentLine() else { return nil }
        if indent == 0 && isDocumentMarker(at: pos) {
            pos = lineStart(of: pos)
            return nil
        }
        return try parseBlockNode(parentIndent: -1, column: indent, context: .lineStart)
    }

    /// Accepts `%YAML 1.1` and `%YAML 1.2` (this reader reads the 1.2 core schema either way),
    /// refuses `%TAG` because tags are not supported, and ignores reserved directives (§6.8).
    mutating func parseDirective() throws(YAMLError) {
        let start = pos
        pos += 1
        let nameStart = pos
        while !isBlankOrBreak(current) { pos += 1 }
        let name = String(decoding: bytes[nameStart..<pos], as: UTF8.self)
        switch name {
        case "YAML":
            skipBlanks()
            let versionStart = pos
            while !isBlankOrBreak(current) { pos += 1 }
            let version = String(decoding: bytes[versionStart..<pos], as: UTF8.self)
            guard version == "1.2" || version == "1.1" else {
                throw error("unsupported YAML version '\(version)'; this reader reads YAML 1.2 (and 1.1 documents that use its common subset)", at: versionStart)
            }
            try finishLine()
        case "TAG":
            throw error("the %TAG directive is not supported because tags are not supported", at: start)
        default:
            skipRestOfLine()
            try finishLine()
        }
    }
}
