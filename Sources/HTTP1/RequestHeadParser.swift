/// An incremental, strict parser for request heads (RFC 9112 §2–§7), reused per connection.
///
/// Pass every byte received so far for the current head, from its first byte, each time
/// more arrive (picohttpparser style); the parser resumes where it stopped, so feeding
/// one byte at a time costs linear time. A returned head owns a copy of its bytes; the
/// body starts at `headLength`. After a head the parser is ready for the next one (whose
/// bytes start at offset 0 of the next buffer passed); after an error it rethrows that
/// error until `reset()`.
public struct RequestHeadParser: Sendable {
    /// The limits in force.
    public var limits: HTTPParserLimits
    @usableFromInline var lines = HeadLineScanner()
    // Request-line spaces found so far (-1: not yet) and how far we looked for them.
    var firstSpace = -1
    var secondSpace = -1
    var spaceScan = 0
    var failure: HTTPParseError?

    /// Creates a parser with the given limits.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Forgets any partial head or error; call between connections or after an error.
    public mutating func reset() {
        lines.reset()
        firstSpace = -1
        secondSpace = -1
        spaceScan = 0
        failure = nil
    }

    /// Parses the head at the start of `buffer`.
    ///
    /// - Returns: the head once complete, nil while more bytes are needed.
    /// - Throws: the first violation; size limits are enforced on incomplete input too.
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) throws(HTTPParseError) -> RequestHead? {
        if let failure { throw failure }
        // Reset lazily: by now the caller has usually dropped the previous head, so the
        // shared field table and storage are reused without copying.
        // A buffer shorter than what was already scanned is not a continuation: the
        // caller started over (or broke the contract); parse it from scratch.
        if lines.finished || buffer.count < lines.scanned { reset() }
        do throws(HTTPParseError) {
            guard let head = try scan(buffer) else { return nil }
            lines.finished = true
            return head
        } catch {
            failure = error
            throw error
        }
    }

    /// Convenience for whole buffers held in arrays (tests, tools).
    public mutating func parse(_ bytes: [UInt8]) throws(HTTPParseError) -> RequestHead? {
        var result: Result<RequestHead?, HTTPParseError> = .success(nil)
        bytes.withUnsafeBytes { b in
            do throws(HTTPParseError) { result = .success(try parse(b)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    private mutating func scan(_ buffer: UnsafeRawBufferPointer) throws(HTTPParseError) -> RequestHead? {
        guard let base = buffer.baseAddress else { return nil }
        let end = buffer.count
        while true {
            if lines.scanned == lines.lineStart {
                if lines.startLineDone {
                    if let lf = lines.appendFieldLineFast(base, end: end, limits: limits) {
                        lines.advance(pastLineFeed: lf)
                        continue
                    }
                } else if let lf = requestLineFast(base, end: end) {
                    lines.advance(pastLineFeed: lf)
                    continue
                }
            }
            switch lines.nextLine(base, end: end) {
            case .incomplete(let contentEnd):
                if lines.startLineDone {
                    try lines.checkLineLimits(contentEnd: contentEnd, limits: limits)
                } else {
                    try checkRequestLineLimits(base, contentEnd: contentEnd)
                }
                return nil
            case .complete(let contentEnd, let lf, let hasCR):
                if !lines.startLineDone {
                    try checkRequestLineLimits(base, contentEnd: contentEnd)
                    guard hasCR else { throw .bareLineFeed }
                    if lf + 1 > limits.maxHeaderBytes { throw .headTooLarge }
                    if contentEnd == lines.lineStart {
                        // RFC 9112 §2.2: ignore empty lines before the request line.
                        lines.advance(pastLineFeed: lf)
                        spaceScan = lf + 1
                        continue
                    }
                    lines.startLineStart = lines.lineStart
                    lines.startLineEnd = contentEnd
                    lines.startLineDone = true
                    try validateRequestLine(base, contentEnd: contentEnd)
                } else {
                    try lines.checkLineLimits(contentEnd: contentEnd, limits: limits)
                    guard hasCR else { throw .bareLineFeed }
                    if contentEnd == lines.lineStart {
                        return try makeHead(buffer, base, headLength: lf + 1)
                    }
                    try lines.appendFieldLine(base, contentEnd: contentEnd, limits: limits)
                }
                lines.advance(pastLineFeed: lf)
            }
        }
    }

    // MARK: - Request line

    /// The fast path for a complete, valid request line within the limits: one pass,
    /// returning its LF; nil (with nothing changed) sends the caller down the exact path,
    /// which accepts every line this does with the same result.
    private mutating func requestLineFast(_ base: UnsafeRawPointer, end: Int) -> Int? {
        @inline(__always) func at(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }
        let s = lines.lineStart
        var i = s
        while i < end, ASCII.isTokenChar(at(i)) { i &+= 1 }
        guard i > s, i &- s <= limits.maxMethodBytes, i < end, at(i) == ASCII.sp else { return nil }
        let sp1 = i
        i &+= 1
        while i < end {
            guard ASCII.isTargetByte(at(i)) else { break }
            i &+= 1
        }
        guard i > sp1 &+ 1, i &- sp1 &- 1 <= limits.maxTargetBytes, i < end, at(i) == ASCII.sp else { return nil }
        let sp2 = i
        let lf = sp2 &+ 10
        guard lf < end, at(lf &- 1) == ASCII.cr, at(lf) == ASCII.lf, lf &+ 1 <= limits.maxHeaderBytes,
            (try? Self.parseVersion(base, sp2 &+ 1, sp2 &+ 9)) != nil
        else { return nil }
        firstSpace = sp1
        secondSpace = sp2
        spaceScan = lf &- 1
        lines.startLineStart = s
        lines.startLineEnd = lf &- 1
        lines.startLineDone = true
        return lf
    }

    /// Size checks on the request line so far, monotone in its length: the method
    /// (`maxMethodBytes`), the target (414) and what may follow the second space.
    private mutating func checkRequestLineLimits(_ base: UnsafeRawPointer, contentEnd e: Int) throws(HTTPParseError) {
        let s = lines.lineStart
        var i = max(spaceScan, s)
        while i < e, secondSpace < 0 {
            if base.load(fromByteOffset: i, as: UInt8.self) == ASCII.sp {
                if firstSpace < 0 { firstSpace = i } else { secondSpace = i }
            }
            i += 1
        }
        spaceScan = i
        guard firstSpace >= 0 else {
            if e - s > limits.maxMethodBytes { throw .invalidMethod }
            return
        }
        if firstSpace - s > limits.maxMethodBytes { throw .invalidMethod }
        let targetEnd = secondSpace < 0 ? e : secondSpace
        if targetEnd - firstSpace - 1 > limits.maxTargetBytes { throw .targetTooLong }
        if secondSpace >= 0, e - secondSpace - 1 > 8 { throw .invalidRequestLine }
    }

    /// `request-line = method SP request-target SP HTTP-version` (RFC 9112 §3), exactly.
    private func validateRequestLine(_ base: UnsafeRawPointer, contentEnd e: Int) throws(HTTPParseError) {
        let s = lines.lineStart
        guard firstSpace > s, secondSpace > firstSpace + 1 else { throw .invalidRequestLine }
        for i in s..<firstSpace where !ASCII.isTokenChar(base.load(fromByteOffset: i, as: UInt8.self)) {
            throw .invalidMethod
        }
        for i in (firstSpace + 1)..<secondSpace {
            // VCHAR without "#": no SP, CTL, DEL or non-ASCII; a fragment is never sent.
            guard ASCII.isTargetByte(base.load(fromByteOffset: i, as: UInt8.self)) else { throw .invalidTarget }
        }
        _ = try Self.parseVersion(base, secondSpace + 1, e)
    }

    /// `HTTP-version = "HTTP/" DIGIT "." DIGIT` (RFC 9112 §2.3); 1.0 and 1.1 only.
    static func parseVersion(_ base: UnsafeRawPointer, _ s: Int, _ e: Int) throws(HTTPParseError) -> HTTPVersion {
        guard e - s == 8, ASCII.equals(base, s, "HTTP/"),
            base.load(fromByteOffset: s + 5, as: UInt8.self) &- 0x30 < 10,
            base.load(fromByteOffset: s + 6, as: UInt8.self) == UInt8(ascii: "."),
            base.load(fromByteOffset: s + 7, as: UInt8.self) &- 0x30 < 10
        else { throw .invalidVersion }
        let major = base.load(fromByteOffset: s + 5, as: UInt8.self)
        let minor = base.load(fromByteOffset: s + 7, as: UInt8.self)
        guard major == UInt8(ascii: "1") else { throw .unsupportedVersion }
        switch minor {
        case UInt8(ascii: "1"): return .http1_1
        case UInt8(ascii: "0"): return .http1_0
        default: throw .unsupportedVersion
        }
    }

    // MARK: - Head

    private mutating func makeHead(
        _ buffer: UnsafeRawBufferPointer, _ base: UnsafeRawPointer, headLength: Int
    ) throws(HTTPParseError) -> RequestHead {
        let s = lines.startLineStart
        let methodRange = s..<firstSpace
        let targetRange = (firstSpace + 1)..<secondSpace
        let method = HTTPMethod.recognise(base, s, firstSpace - s)
        let version = try Self.parseVersion(base, secondSpace + 1, lines.startLineEnd)
        let target = try RequestTarget(base, targetRange, method: method)
        let known = try KnownFields(base, lines.fields)

        if known.hostCount > 1 { throw .duplicateHost }
        if known.hostCount == 0 && version == .http1_1 { throw .missingHost }
        if let h = known.host, !Authority.isValid(base, h.lowerBound, h.upperBound) { throw .invalidHost }

        let framing: BodyFraming
        if try known.checkTransferCoding(version: version) {
            framing = .chunked
        } else if known.contentLengthCount > 0 {
            framing = .contentLength(known.contentLength)
        } else {
            framing = .none
        }
        return RequestHead(
            bytes: lines.takeHeadBytes(buffer, length: headLength),
            fields: lines.fields,
            method: method,
            methodRange: methodRange,
            targetRange: targetRange,
            targetForm: target.form,
            pathRange: target.path,
            queryRange: target.query,
            version: version,
            headLength: headLength,
            framing: framing,
            keepAlive: known.keepAlive(version: version),
            expectsContinue: known.expectsContinue && version == .http1_1,
            hostRange: target.authority ?? known.host,
            upgradeRange: known.connectionUpgrade ? known.upgrade : nil
        )
    }
}
