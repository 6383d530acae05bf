/// An incremental, strict parser for upstream response heads (RFC 9112 §4–§6), with the
/// same contract as `RequestHeadParser`. A malformed response is an error: a proxy
/// answers 502 and never forwards it.
public struct ResponseHeadParser: Sendable {
    /// The limits in force.
    public var limits: HTTPParserLimits
    @usableFromInline var lines = HeadLineScanner()
    var failure: HTTPParseError?
    // The parsed status line, kept until the head is complete.
    var version: HTTPVersion = .http1_1
    var status = 0
    var reason = 0..<0

    /// Creates a parser with the given limits.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Forgets any partial head or error.
    public mutating func reset() {
        lines.reset()
        failure = nil
    }

    /// Parses the head at the start of `buffer`.
    ///
    /// - Parameter requestMethod: the method of the request this answers; a response to
    ///   HEAD has no body whatever its fields say, and a 2xx to CONNECT starts a tunnel.
    /// - Returns: the head once complete, nil while more bytes are needed.
    public mutating func parse(
        _ buffer: UnsafeRawBufferPointer, requestMethod: HTTPMethod
    ) throws(HTTPParseError) -> ResponseHead? {
        if let failure { throw failure }
        // Reset lazily: by now the caller has usually dropped the previous head, so the
        // shared field table and storage are reused without copying.
        // A buffer shorter than what was already scanned is not a continuation: the
        // caller started over (or broke the contract); parse it from scratch.
        if lines.finished || buffer.count < lines.scanned { reset() }
        do throws(HTTPParseError) {
            guard let head = try scan(buffer, requestMethod: requestMethod) else { return nil }
            lines.finished = true
            return head
        } catch {
            failure = error
            throw error
        }
    }

    /// Convenience for whole buffers held in arrays (tests, tools).
    public mutating func parse(_ bytes: [UInt8], requestMethod: HTTPMethod) throws(HTTPParseError) -> ResponseHead? {
        var result: Result<ResponseHead?, HTTPParseError> = .success(nil)
        bytes.withUnsafeBytes { b in
            do throws(HTTPParseError) {
                result = .success(try parse(b, requestMethod: requestMethod))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    private mutating func scan(
        _ buffer: UnsafeRawBufferPointer, requestMethod: HTTPMethod
    ) throws(HTTPParseError) -> ResponseHead? {
        guard let base = buffer.baseAddress else { return nil }
        let end = buffer.count
        while true {
            if lines.startLineDone, lines.scanned == lines.lineStart,
                let lf = lines.appendFieldLineFast(base, end: end, limits: limits)
            {
                lines.advance(pastLineFeed: lf)
                continue
            }
            switch lines.nextLine(base, end: end) {
            case .incomplete(let contentEnd):
                try lines.checkLineLimits(contentEnd: contentEnd, limits: limits)
                return nil
            case .complete(let contentEnd, let lf, let hasCR):
                try lines.checkLineLimits(contentEnd: contentEnd, limits: limits)
                guard hasCR else { throw .bareLineFeed }
                if !lines.startLineDone {
                    // No leading empty lines: a server has no excuse for them.
                    lines.startLineStart = lines.lineStart
                    lines.startLineEnd = contentEnd
                    lines.startLineDone = true
                    (version, status, reason) = try parseStatusLine(base, contentEnd: contentEnd)
                } else if contentEnd == lines.lineStart {
                    return try makeHead(buffer, base, headLength: lf + 1, requestMethod: requestMethod)
                } else {
                    try lines.appendFieldLine(base, contentEnd: contentEnd, limits: limits)
                }
                lines.advance(pastLineFeed: lf)
            }
        }
    }

    /// `status-line = HTTP-version SP status-code SP [ reason-phrase ]` (RFC 9112 §4).
    /// The SP before an empty reason may be missing: common, and harmless.
    private func parseStatusLine(
        _ base: UnsafeRawPointer, contentEnd e: Int
    ) throws(HTTPParseError) -> (HTTPVersion, Int, Range<Int>) {
        let s = lines.startLineStart
        @inline(__always) func at(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }
        guard e - s >= 12, at(s + 8) == ASCII.sp else { throw .invalidStatusLine }
        let version = try RequestHeadParser.parseVersion(base, s, s + 8)
        let d0 = at(s + 9) &- 0x30
        let d1 = at(s + 10) &- 0x30
        let d2 = at(s + 11) &- 0x30
        guard d0 < 10, d1 < 10, d2 < 10 else { throw .invalidStatusLine }
        let status = Int(d0) * 100 + Int(d1) * 10 + Int(d2)
        guard (100...599).contains(status) else { throw .invalidStatusLine }
        if e == s + 12 { return (version, status, e..<e) }
        guard at(s + 12) == ASCII.sp else { throw .invalidStatusLine }
        // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
        if let bad = ASCII.firstInvalidValueByte(base, from: s + 13, end: e) {
            throw at(bad) == ASCII.cr ? .bareCarriageReturn : .invalidStatusLine
        }
        return (version, status, (s + 13)..<e)
    }

    private mutating func makeHead(
        _ buffer: UnsafeRawBufferPointer, _ base: UnsafeRawPointer, headLength: Int, requestMethod: HTTPMethod
    ) throws(HTTPParseError) -> ResponseHead {
        let known = try KnownFields(base, lines.fields)
        let chunked = try known.checkTransferCoding(version: version)

        // RFC 9112 §6.3 rules 1–2: these responses end at the head whatever the fields say.
        let bodiless =
            requestMethod == .head || status < 200 || status == 204 || status == 304
            || (requestMethod == .connect && status < 300)
        let framing: BodyFraming
        if bodiless {
            framing = .none
        } else if chunked {
            framing = .chunked
        } else if known.contentLengthCount > 0 {
            framing = .contentLength(known.contentLength)
        } else {
            framing = .untilClose
        }
        return ResponseHead(
            bytes: lines.takeHeadBytes(buffer, length: headLength),
            fields: lines.fields,
            version: version,
            status: status,
            reasonRange: reason,
            headLength: headLength,
            framing: framing,
            keepAlive: framing != .untilClose && known.keepAlive(version: version),
            upgradeRange: known.connectionUpgrade ? known.upgrade : nil
        )
    }
}
