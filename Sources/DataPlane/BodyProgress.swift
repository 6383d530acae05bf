import HTTP1

/// Where a forwarded body stands: how much of it is still to come, found without decoding
/// it (the proxy forwards the bytes as received, chunk framing included).
struct BodyProgress {
    enum State {
        /// Complete (or there never was one).
        case done
        /// This many bytes still to come.
        case length(UInt64)
        /// A chunked body: the decoder finds where it ends.
        case chunked
        /// Until the peer closes (responses only).
        case untilClose
    }

    /// The chunked decoder, boxed so a connection's idle exchange state stays small
    /// (the decoder is ~110 bytes; only chunked bodies pay for it).
    final class ChunkedBox {
        var decoder: ChunkedDecoder
        init(_ limits: HTTPParserLimits) { decoder = ChunkedDecoder(limits: limits) }
    }

    var state: State
    private var box: ChunkedBox?

    init(_ framing: BodyFraming, limits: HTTPParserLimits) {
        switch framing {
        case .none, .contentLength(0): state = .done
        case .contentLength(let n): state = .length(n)
        case .chunked:
            state = .chunked
            box = ChunkedBox(limits)
        case .untilClose: state = .untilClose
        }
    }

    /// No body (a value made per use: the struct may hold a decoder box).
    static var none: BodyProgress { BodyProgress(.none, limits: HTTPParserLimits()) }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    var isUntilClose: Bool {
        if case .untilClose = state { return true }
        return false
    }

    /// How many of `bytes` (the next input) belong to this body; updates the state.
    mutating func advance(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var ignored = 0
        return try advance(bytes, payload: &ignored)
    }

    /// For a chunked body: decodes `bytes`, handing each run of payload to `emit`; returns
    /// how many input bytes belong to the body (the proxy de-chunks for HTTP/1.0 clients).
    mutating func decode(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(HTTPParseError) -> Int {
        guard case .chunked = state, let box else { return 0 }
        let (consumed, finished) = try box.decoder.decode(bytes, emit: emit)
        if finished { state = .done }
        return consumed
    }

    var isChunked: Bool {
        if case .chunked = state { return true }
        return false
    }

    /// Like `advance(_:)`, also adding the decoded payload size (chunk framing excluded).
    mutating func advance(_ bytes: UnsafeRawBufferPointer, payload: inout Int) throws(HTTPParseError) -> Int {
        switch state {
        case .done:
            return 0
        case .length(let remaining):
            let n = Int(min(UInt64(bytes.count), remaining))
            state = remaining == UInt64(n) ? .done : .length(remaining - UInt64(n))
            payload += n
            return n
        case .untilClose:
            payload += bytes.count
            return bytes.count
        case .chunked:
            guard let box else { return 0 }
            var decoded = 0
            let (consumed, finished) = try box.decoder.decode(bytes, emit: { decoded += $0.count })
            payload += decoded
            if finished { state = .done }
            return consumed
        }
    }
}
