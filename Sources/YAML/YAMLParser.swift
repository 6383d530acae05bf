/// The reader's cursor over the UTF-8 bytes of one stream; `YAMLReader` is its public face.
///
/// Invariants: `bytes` holds no NUL and no carriage return (see `init(text:)`), so byte 0
/// is a safe end-of-input sentinel and `\n` is the only line break. Functions that parse a
/// block-level construct return with `pos` at the start of a line (or at the end of input).
struct YAMLParser {
    /// Nesting deeper than this is refused so hostile input cannot exhaust the stack.
    static let maximumDepth = 256

    let bytes: [UInt8]
    var pos = 0
    var depth = 0
    /// Byte offsets where each non-empty document's content starts, for errors about documents.
    var documentStarts: [Int] = []
    /// Key offsets and sequence items of the collections being read, innermost last
    /// (see `MappingBuilder`).
    var keyOffsetStack: [Int] = []
    /// Field paths and offsets of the document being read, when a source map was asked for.
    var sourceMap: SourceMapRecorder? = nil {
        didSet { recordsLocations = sourceMap != nil }
    }
    /// Whether `sourceMap` is set, as a plain flag the hot paths can test without touching it.
    private(set) var recordsLocations = false
    /// The source maps of the documents read so far, in step with the documents.
    var sourceMaps: [YAMLSourceMap] = []
    var itemStack: [YAMLNode] = []

    /// Takes the stream's bytes, dropping a UTF-8 byte order mark, normalising line breaks to
    /// `\n` (YAML 1.2 §5.4) and refusing control characters outside the printable set (§5.1).
    init(text: String) throws(YAMLError) {
        // One memcpy for a native string; the generic path copies byte by byte.
        var bytes = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var sawCarriageReturn = false
        var sawLineStartMark = false
        var badControl = -1
        bytes.withUnsafeBufferPointer { buffer in
            for i in buffer.indices {
                let c = buffer[i]
                if c == 0xEF && i > 0 && buffer[i - 1] == .lineFeed && i + 2 < buffer.count
                    && buffer[i + 1] == 0xBB && buffer[i + 2] == 0xBF {
                    sawLineStartMark = true
                }
                guard c < 0x20 || c == 0x7F else { continue }
                if c == .carriageReturn {
                    sawCarriageReturn = true
                } else if c != .tab && c != .lineFeed {
                    badControl = i
                    return
                }
            }
        }
        if badControl >= 0 {
            self.bytes = bytes
            let hex = String(bytes[badControl], radix: 16, uppercase: true)
            throw error("control character U+\(hex.count < 2 ? "000" : "00")\(hex) is not allowed in YAML; "
                        + "write it as an escape inside a double-quoted string", at: badControl)
        }
        if sawCarriageReturn {
            var normalised: [UInt8] = []
            normalised.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c == .carriageReturn {
                    normalised.append(.lineFeed)
                    if i + 1 < bytes.count && bytes[i + 1] == .lineFeed { i += 1 }
                } else {
                    normalised.append(c)
                }
                i += 1
            }
            bytes = normalised
        }
        if sawLineStartMark {
            // Files joined into one stream keep their byte order marks at line starts; a mark
            // may open any document (§9.1.1), and is never content, so drop them.
            var cleaned: [UInt8] = []
            cleaned.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0xEF && i > 0 && bytes[i - 1] == .lineFeed && i + 2 < bytes.count
                    && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF {
                    i += 3
                    continue
                }
                cleaned.append(bytes[i])
                i += 1
            }
            bytes = cleaned
        }
        self.bytes = bytes
    }

    // MARK: - Looking at bytes

    /// The byte at `i`, or 0 past the end.
    @inline(__always) func byte(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : .nul }

    @inline(__always) var current: UInt8 { byte(pos) }

    /// The index of the first byte of the line holding `i`.
    func lineStart(of i: Int) -> Int {
        var j = min(i, bytes.count)
        while j > 0 && bytes[j - 1] != .lineFeed { j -= 1 }
        return j
    }

    /// True when a `---` or `...` document marker starts at `i`, which must be a line start.
    func isDocumentMarker(at i: Int) -> Bool {
        let c = byte(i)
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        return byte(i + 1) == c && byte(i + 2) == c && isBlankOrBreak(byte(i + 3))
    }

    // MARK: - Errors

    /// An error at byte offset `i`, with the 1-based line and column (in characters) computed here
    /// so the hot paths never track them.
    func error(_ message: String, at i: Int) -> YAMLError {
        let end = min(max(i, 0), bytes.count)
        var line = 1
        var start = 0
        for j in 0..<end where bytes[j] == .lineFeed {
            line += 1
            start = j + 1
        }
        var column = 1
        for j in start..<end where bytes[j] & 0xC0 != 0x80 { column += 1 }
        return YAMLError(line: line, column: column, message: message)
    }

    /// Enters one level of collection nesting, refusing input nested deeper than `maximumDepth`.
    mutating func enterCollection() throws(YAMLError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("collections are nested more than \(Self.maximumDepth) levels deep", at: pos)
        }
    }

    // MARK: - Whitespace, comments and line ends in block context

    /// From the start of a line, skips lines holding only whitespace or a comment. Returns the
    /// indentation of the next line with content, leaving `pos` on its first content byte, or
    /// nil at the end of input.
    mutating func skipToContentLine() throws(YAMLError) -> Int? {
        while true {
            let start = pos
            while byte(pos) == .space { pos += 1 }
            var tabAt = -1
            while isBlank(byte(pos)) {
                if tabAt < 0 && byte(pos) == .tab { tabAt = pos }
                pos += 1
            }
            switch byte(pos) {
            case .lineFeed:
                pos += 1
                continue
            case .nul:
                return nil
            case UInt8(ascii: "#"):
                skipRestOfLine()
                continue
            default:
                if tabAt >= 0 {
                    throw error("a tab character cannot indent a block; indent with spaces", at: tabAt)
                }
                return pos - start
            }
        }
    }

    /// Moves `pos` to the line feed ending the current line (or the end of input).
    @inline(__always) mutating func skipRestOfLine() {
        while true {
            let c = byte(pos)
            if c == .lineFeed || c == .nul { return }
            pos += 1
        }
    }

    /// After a value: allows trailing whitespace and a comment, then consumes the line break.
    mutating func finishLine() throws(YAMLError) {
        let start = pos
        while isBlank(byte(pos)) { pos += 1 }
        if byte(pos) == UInt8(ascii: "#") {
            if pos == start && pos > 0 && !isBlankOrBreak(byte(pos - 1)) {
                throw error("a comment needs whitespace before '#'", at: pos)
            }
            skipRestOfLine()
        }
        switch byte(pos) {
        case .lineFeed: pos += 1
        case .nul: return
        case UInt8(ascii: ":") where isBlankOrBreak(byte(pos + 1)):
            throw error("a mapping value cannot start here; a plain value cannot contain ': ', "
                        + "so quote the value, or put the nested mapping on its own line", at: pos)
        default:
            throw error("unexpected text after the value; quote the whole value if it is one string", at: pos)
        }
    }

    /// Skips spaces and tabs on the current line; returns whether a tab was among them.
    @discardableResult
    @inline(__always) mutating func skipBlanks() -> Bool {
        var sawTab = false
        while isBlank(byte(pos)) {
            if byte(pos) == .tab { sawTab = true }
            pos += 1
        }
        return sawTab
    }
}
