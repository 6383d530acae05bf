/// The line-by-line scan both head parsers share: finds each line's end, enforces the
/// line and head size limits on complete and incomplete lines alike, and parses field
/// lines into ranges.
///
/// Split invariance: every check looks only at complete lines, except the size limits,
/// which are monotone in the line's length so far (a trailing CR that may start the
/// CRLF is not counted). Feeding a head in any split therefore yields the same head or
/// the same error as feeding it whole.
@usableFromInline
struct HeadLineScanner: Sendable {
    /// Where the current (not yet complete) line starts.
    var lineStart = 0
    /// Bytes of the current line before this offset are known to hold no LF.
    var scanned = 0
    /// Whether the start line has been seen.
    var startLineDone = false
    /// Where the start line begins (after any tolerated leading empty lines).
    var startLineStart = 0
    /// The start line's content end (before CRLF).
    var startLineEnd = 0
    /// Field lines so far; capacity is kept across heads.
    var fields: [HTTPField] = []
    /// The bytes of the last finished head (see `takeHeadBytes`).
    var storage: [UInt8] = []
    /// A head was returned; the next parse starts a new one.
    var finished = false

    /// Allocates nothing: a parser made per message costs no more than one reused.
    init() {}

    mutating func reset() {
        finished = false
        lineStart = 0
        scanned = 0
        startLineDone = false
        startLineStart = 0
        startLineEnd = 0
        fields.removeAll(keepingCapacity: true)
    }

    /// The next line: complete (`lf` is its LF), or incomplete (`contentEnd` is how far
    /// its content provably reaches).
    enum Line {
        case complete(contentEnd: Int, lf: Int, hasCR: Bool)
        case incomplete(contentEnd: Int)
    }

    @inline(__always)
    mutating func nextLine(_ base: UnsafeRawPointer, end: Int) -> Line {
        if let lf = ASCII.firstLineFeed(base, from: scanned, end: end) {
            let hasCR = lf > lineStart && base.load(fromByteOffset: lf - 1, as: UInt8.self) == ASCII.cr
            return .complete(contentEnd: hasCR ? lf - 1 : lf, lf: lf, hasCR: hasCR)
        }
        scanned = end
        var e = end
        if e > lineStart, base.load(fromByteOffset: e - 1, as: UInt8.self) == ASCII.cr { e -= 1 }
        return .incomplete(contentEnd: e)
    }

    @inline(__always)
    mutating func advance(pastLineFeed lf: Int) {
        lineStart = lf + 1
        scanned = lf + 1
    }

    /// The size limits for a field line (or status line) whose content so far is
    /// `[lineStart, contentEnd)`. Whichever limit this line crosses at the smaller length
    /// wins, so the answer does not depend on how much of the line has arrived.
    @inline(__always)
    func checkLineLimits(contentEnd: Int, limits: HTTPParserLimits) throws(HTTPParseError) {
        let length = contentEnd - lineStart
        let fieldThreshold = limits.maxFieldBytes + 1
        // lineStart + length + 2 (its CRLF) > maxHeaderBytes
        let headThreshold = limits.maxHeaderBytes - lineStart - 1
        if length >= min(fieldThreshold, headThreshold) {
            throw headThreshold < fieldThreshold ? .headTooLarge : .fieldTooLarge
        }
    }

    /// The fast path for the common case: one pass over a field line that is complete,
    /// valid and within the limits, recording it and returning its LF. Returns nil, having
    /// changed nothing, for anything else; the caller then takes the exact path
    /// (`nextLine`, `checkLineLimits`, `appendFieldLine`), which reaches the same result
    /// for every line this accepts. Tried only on a line's first visit (`scanned ==
    /// lineStart`), so input fed a byte at a time still costs linear time.
    @inline(__always)
    mutating func appendFieldLineFast(
        _ base: UnsafeRawPointer, end: Int, limits: HTTPParserLimits
    ) -> Int? {
        let s = lineStart
        var i = s
        while i < end, ASCII.isTokenChar(base.load(fromByteOffset: i, as: UInt8.self)) { i &+= 1 }
        guard i > s, i < end, base.load(fromByteOffset: i, as: UInt8.self) == ASCII.colon else { return nil }
        let nameEnd = i
        i &+= 1
        while i < end, ASCII.isWhitespace(base.load(fromByteOffset: i, as: UInt8.self)) { i &+= 1 }
        let v = i
        // The first byte that is not a value byte must be the CR of a CRLF.
        guard let cr = ASCII.firstInvalidValueByte(base, from: v, end: end), cr &+ 1 < end,
            base.load(fromByteOffset: cr, as: UInt8.self) == ASCII.cr,
            base.load(fromByteOffset: cr &+ 1, as: UInt8.self) == ASCII.lf
        else { return nil }
        let length = cr &- s
        guard length <= limits.maxFieldBytes, s &+ length &+ 2 <= limits.maxHeaderBytes,
            fields.count < limits.maxHeaderCount
        else { return nil }
        var ve = cr
        while ve > v, ASCII.isWhitespace(base.load(fromByteOffset: ve &- 1, as: UInt8.self)) { ve &-= 1 }
        if fields.capacity == 0 { fields.reserveCapacity(24) }
        fields.append(HTTPField(nameStart: s, nameEnd: nameEnd, valueStart: v, valueEnd: ve))
        return cr &+ 1
    }

    /// Parses the complete field line `[lineStart, contentEnd)` and records it.
    @inline(__always)
    mutating func appendFieldLine(
        _ base: UnsafeRawPointer, contentEnd e: Int, limits: HTTPParserLimits
    ) throws(HTTPParseError) {
        let s = lineStart
        let first = base.load(fromByteOffset: s, as: UInt8.self)
        if ASCII.isWhitespace(first) { throw .obsoleteLineFolding }
        var i = s
        while i < e, ASCII.isTokenChar(base.load(fromByteOffset: i, as: UInt8.self)) { i += 1 }
        guard i < e else { throw .invalidFieldName }
        let stop = base.load(fromByteOffset: i, as: UInt8.self)
        if stop != ASCII.colon {
            if ASCII.isWhitespace(stop) && i > s { throw .whitespaceBeforeColon }
            if stop == ASCII.cr { throw .bareCarriageReturn }
            throw .invalidFieldName
        }
        if i == s { throw .invalidFieldName }
        let nameEnd = i
        var v = i + 1
        while v < e, ASCII.isWhitespace(base.load(fromByteOffset: v, as: UInt8.self)) { v += 1 }
        if let bad = ASCII.firstInvalidValueByte(base, from: v, end: e) {
            throw base.load(fromByteOffset: bad, as: UInt8.self) == ASCII.cr ? .bareCarriageReturn : .invalidFieldValue
        }
        var ve = e
        while ve > v, ASCII.isWhitespace(base.load(fromByteOffset: ve - 1, as: UInt8.self)) { ve -= 1 }
        if fields.count >= limits.maxHeaderCount { throw .tooManyFields }
        if fields.capacity == 0 { fields.reserveCapacity(24) }
        fields.append(HTTPField(nameStart: s, nameEnd: nameEnd, valueStart: v, valueEnd: ve))
    }

    /// The head's bytes, copied into storage the parser keeps and hands to the head.
    ///
    /// Heads and the parser share `storage` and `fields` copy-on-write: when the caller
    /// has dropped the previous head by the time the next one completes (the usual case),
    /// both are reused in place and a parse allocates nothing. Storage that grew for a
    /// rare large head is let go once heads are small again.
    mutating func takeHeadBytes(_ buffer: UnsafeRawBufferPointer, length: Int) -> [UInt8] {
        if storage.capacity > 16384 && length < 4096 {
            storage = []
        }
        storage.removeAll(keepingCapacity: true)
        storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
        return storage
    }
}
