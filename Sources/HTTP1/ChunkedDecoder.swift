/// An incremental decoder for the chunked transfer coding (RFC 9112 §7.1), correct for any
/// split of its input. Data is handed out as slices of the input, never copied;
/// extensions are checked and ignored; trailers are checked, bounded and dropped.
public struct ChunkedDecoder: Sendable {
    /// The limits in force (chunk-size digits, extension and trailer sizes).
    public var limits: HTTPParserLimits
    var state: State = .size
    var digits = 0
    var size: UInt64 = 0
    var remaining: UInt64 = 0
    var extensionBytes = 0
    var trailerBytes = 0
    var failure: HTTPParseError?

    enum State: Sendable {
        case size
        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
        case extBeforeSemicolon, extBeforeName, extName, extAfterName, extBeforeValue
        case extToken, extAfterValue, extQuoted, extQuotedPair
        case sizeLF
        case data, dataCR, dataLF
        case trailerLineStart, trailerName, trailerValue, trailerLF
        case finalLF
        case done
    }

    /// Creates a decoder positioned at the first chunk-size.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Whether the last chunk and trailer section have been consumed.
    public var isFinished: Bool { state == .done }

    /// Starts over for the next chunked body.
    public mutating func reset() {
        self = ChunkedDecoder(limits: limits)
    }

    /// Decodes as much of `input` as possible.
    ///
    /// - Parameter emit: called with each run of body data, a slice of `input` valid only
    ///   during the call.
    /// - Returns: how many bytes of `input` belong to the chunked body (bytes after the
    ///   end are the next message's), and whether the body is complete.
    public mutating func decode(
        _ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void
    ) throws(HTTPParseError) -> (consumed: Int, finished: Bool) {
        if let failure { throw failure }
        if state == .done { return (0, true) }
        do throws(HTTPParseError) {
            return try run(input, emit: emit)
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func run(
        _ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void
    ) throws(HTTPParseError) -> (consumed: Int, finished: Bool) {
        let n = input.count
        var i = 0
        while i < n {
            if state == .data {
                let take = Int(min(remaining, UInt64(n - i)))
                emit(UnsafeRawBufferPointer(rebasing: input[i..<(i + take)]))
                i += take
                remaining -= UInt64(take)
                if remaining == 0 { state = .dataCR }
                continue
            }
            let b = input[i]
            i += 1
            try step(b)
            if state == .done { return (i, true) }
        }
        return (n, false)
    }

    @inline(__always)
    private mutating func step(_ b: UInt8) throws(HTTPParseError) {
        switch state {
        case .size:
            if let v = ASCII.hexValue(b) {
                digits += 1
                if digits > limits.maxChunkSizeDigits || size > UInt64.max >> 4 { throw .invalidChunkSize }
                size = size << 4 | UInt64(v)
                return
            }
            if b == ASCII.lf { throw .invalidChunkFraming }
            guard digits > 0 else { throw .invalidChunkSize }
            switch b {
            case ASCII.cr: state = .sizeLF
            case ASCII.semicolon: try enterExtension(.extBeforeName)
            case ASCII.sp, ASCII.htab: try enterExtension(.extBeforeSemicolon)
            default: throw .invalidChunkSize
            }

        case .extBeforeSemicolon, .extBeforeName, .extName, .extAfterName, .extBeforeValue,
            .extToken, .extAfterValue, .extQuoted, .extQuotedPair:
            try stepExtension(b)

        case .sizeLF:
            guard b == ASCII.lf else { throw .invalidChunkFraming }
            if size == 0 {
                state = .trailerLineStart
            } else {
                remaining = size
                state = .data
            }

        case .data:
            preconditionFailure("data is consumed in bulk")

        case .dataCR:
            guard b == ASCII.cr else { throw .invalidChunkFraming }
            state = .dataLF

        case .dataLF:
            guard b == ASCII.lf else { throw .invalidChunkFraming }
            state = .size
            digits = 0
            size = 0
            extensionBytes = 0

        case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .finalLF:
            trailerBytes += 1
            if trailerBytes > limits.maxTrailerBytes { throw .trailerTooLarge }
            try stepTrailer(b)

        case .done:
            break
        }
    }

    private mutating func enterExtension(_ next: State) throws(HTTPParseError) {
        extensionBytes = 1
        if extensionBytes > limits.maxChunkExtensionBytes { throw .invalidChunkExtension }
        state = next
    }

    /// One byte of a chunk extension; the grammar is checked, the content ignored.
    private mutating func stepExtension(_ b: UInt8) throws(HTTPParseError) {
        if b == ASCII.lf { throw .invalidChunkFraming }
        extensionBytes += 1
        if extensionBytes > limits.maxChunkExtensionBytes { throw .invalidChunkExtension }
        let ws = ASCII.isWhitespace(b)
        switch state {
        case .extBeforeSemicolon:
            if ws { return }
            guard b == ASCII.semicolon else { throw .invalidChunkExtension }
            state = .extBeforeName
        case .extBeforeName:
            if ws { return }
            guard ASCII.isTokenChar(b) else { throw .invalidChunkExtension }
            state = .extName
        case .extName, .extAfterName:
            if ASCII.isTokenChar(b) && state == .extName { return }
            if ws { state = .extAfterName; return }
            try endOfElement(b, allowEquals: true)
        case .extBeforeValue:
            if ws { return }
            if b == UInt8(ascii: "\"") { state = .extQuoted; return }
            guard ASCII.isTokenChar(b) else { throw .invalidChunkExtension }
            state = .extToken
        case .extToken, .extAfterValue:
            if ASCII.isTokenChar(b) && state == .extToken { return }
            if ws { state = .extAfterValue; return }
            try endOfElement(b, allowEquals: false)
        case .extQuoted:
            // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text (RFC 9110 §5.6.4)
            if b == UInt8(ascii: "\"") { state = .extAfterValue; return }
            if b == UInt8(ascii: "\\") { state = .extQuotedPair; return }
            guard ASCII.isFieldValueByte(b) else { throw .invalidChunkExtension }
        case .extQuotedPair:
            guard ASCII.isFieldValueByte(b) else { throw .invalidChunkExtension }
            state = .extQuoted
        default:
            preconditionFailure("not an extension state")
        }
    }

    @inline(__always)
    private mutating func endOfElement(_ b: UInt8, allowEquals: Bool) throws(HTTPParseError) {
        switch b {
        case ASCII.semicolon: state = .extBeforeName
        case ASCII.cr: state = .sizeLF
        case UInt8(ascii: "=") where allowEquals: state = .extBeforeValue
        default: throw .invalidChunkExtension
        }
    }

    /// One byte of the trailer section: `*( field-line CRLF ) CRLF`, strict like a head.
    private mutating func stepTrailer(_ b: UInt8) throws(HTTPParseError) {
        switch state {
        case .trailerLineStart:
            if b == ASCII.cr { state = .finalLF; return }
            if b == ASCII.lf { throw .invalidChunkFraming }
            guard ASCII.isTokenChar(b) else { throw .invalidTrailer }
            state = .trailerName
        case .trailerName:
            if ASCII.isTokenChar(b) { return }
            guard b == ASCII.colon else { throw .invalidTrailer }
            state = .trailerValue
        case .trailerValue:
            if b == ASCII.cr { state = .trailerLF; return }
            guard ASCII.isFieldValueByte(b) else { throw .invalidTrailer }
        case .trailerLF:
            guard b == ASCII.lf else { throw .invalidTrailer }
            state = .trailerLineStart
        case .finalLF:
            guard b == ASCII.lf else { throw .invalidChunkFraming }
            state = .done
        default:
            preconditionFailure("not a trailer state")
        }
    }
}
