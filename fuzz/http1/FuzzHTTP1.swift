// libFuzzer harness for the HTTP1 module: compiled together with Sources/HTTP1/*.swift by
// fuzz/run.sh. Every input goes through the request parser, the response parser and the
// chunked decoder; any crash, sanitizer report or broken invariant below is a finding.

/// Stops the run with a message libFuzzer records next to the crashing input.
func invariant(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

enum FuzzOutcome<Head: Equatable>: Equatable {
    case head(Head)
    case error(HTTPParseError)
    case incomplete
}

func feedRequest(_ parser: inout RequestHeadParser, _ data: [UInt8], _ k: Int) -> FuzzOutcome<RequestHead> {
    do {
        if let h = try parser.parse(Array(data[0..<k])) { return .head(h) }
        return .incomplete
    } catch {
        return .error(error)
    }
}

func feedResponse(
    _ parser: inout ResponseHeadParser, _ data: [UInt8], _ k: Int, _ method: HTTPMethod
) -> FuzzOutcome<ResponseHead> {
    do {
        if let h = try parser.parse(Array(data[0..<k]), requestMethod: method) { return .head(h) }
        return .incomplete
    } catch {
        return .error(error)
    }
}

/// Fields must lie inside the head, names be tokens, values hold no CR, LF or NUL.
func checkFields<Head: HTTPMessageHead>(_ head: Head) {
    for f in head.fields {
        invariant(f.name.upperBound <= head.bytes.count && f.value.upperBound <= head.bytes.count, "field out of range")
        invariant(!f.name.isEmpty, "empty field name")
        for b in head.bytes[f.value] { invariant(b != 0x0D && b != 0x0A && b != 0, "control byte in value") }
    }
}

func checkRequest(_ data: [UInt8], limits: HTTPParserLimits) {
    var whole = RequestHeadParser(limits: limits)
    let expected = feedRequest(&whole, data, data.count)
    // The same bytes split in two, at a point the input chooses, must give the same result.
    for k in [data.count / 2, data.count / 3, Int(data.first ?? 0) % (data.count + 1)] {
        var split = RequestHeadParser(limits: limits)
        var outcome = feedRequest(&split, data, k)
        if outcome == .incomplete { outcome = feedRequest(&split, data, data.count) }
        invariant(outcome == expected, "request split at \(k) differs")
    }
    if data.count <= 200 {
        // One byte more each time, as a slow client delivers it.
        var slow = RequestHeadParser(limits: limits)
        var outcome: FuzzOutcome<RequestHead> = .incomplete
        for k in 0...data.count where outcome == .incomplete { outcome = feedRequest(&slow, data, k) }
        invariant(outcome == expected, "request byte by byte differs")
    }
    guard case .head(let head) = expected else { return }
    invariant(head.headLength <= data.count && head.bytes == Array(data[0..<head.headLength]), "head bytes")
    checkFields(head)
    // What we parsed, written back out, parses to the same request. The writer speaks
    // HTTP/1.1 only, so HTTP/1.0 heads (no Host needed, close by default) are skipped.
    guard head.version == .http1_1 else { return }
    var out: [UInt8] = []
    HeadWriter.appendRequestLine(method: head.methodName, target: head.target, into: &out)
    HeadWriter.appendFields(of: head, droppingHopByHop: false, into: &out)
    HeadWriter.appendEndOfHead(into: &out)
    var again = RequestHeadParser(limits: HTTPParserLimits(maxHeaderBytes: 1 << 20, maxFieldBytes: 1 << 20))
    switch feedRequest(&again, out, out.count) {
    case .head(let h2):
        invariant(h2.method == head.method && h2.target == head.target, "rewritten request line")
        invariant(h2.framing == head.framing && h2.keepAlive == head.keepAlive, "rewritten framing")
        invariant(h2.host == head.host && h2.fields.count == head.fields.count, "rewritten fields")
    case .error(let e):
        invariant(false, "rewritten request rejected: \(e)")
    case .incomplete:
        invariant(false, "rewritten request incomplete")
    }
}

func checkResponse(_ data: [UInt8], limits: HTTPParserLimits) {
    let methods: [HTTPMethod] = [.get, .head, .connect, .post]
    let method = methods[Int(data.last ?? 0) % methods.count]
    var whole = ResponseHeadParser(limits: limits)
    let expected = feedResponse(&whole, data, data.count, method)
    for k in [data.count / 2, Int(data.first ?? 0) % (data.count + 1)] {
        var split = ResponseHeadParser(limits: limits)
        var outcome = feedResponse(&split, data, k, method)
        if outcome == .incomplete { outcome = feedResponse(&split, data, data.count, method) }
        invariant(outcome == expected, "response split at \(k) differs")
    }
    if data.count <= 200 {
        var slow = ResponseHeadParser(limits: limits)
        var outcome: FuzzOutcome<ResponseHead> = .incomplete
        for k in 0...data.count where outcome == .incomplete { outcome = feedResponse(&slow, data, k, method) }
        invariant(outcome == expected, "response byte by byte differs")
    }
    guard case .head(let head) = expected else { return }
    invariant((100...599).contains(head.status), "status range")
    checkFields(head)
    if head.framing == .untilClose { invariant(!head.keepAlive, "until-close response kept alive") }
}

struct Decoded: Equatable {
    var data: [UInt8] = []
    var consumed = 0
    var finished = false
    var error: HTTPParseError?
}

func dechunk(_ data: [UInt8], pieces: [Range<Int>], limits: HTTPParserLimits) -> Decoded {
    var decoder = ChunkedDecoder(limits: limits)
    var result = Decoded()
    for r in pieces {
        let piece = Array(data[r])
        let step: Result<(consumed: Int, finished: Bool), HTTPParseError> = piece.withUnsafeBytes { b in
            do throws(HTTPParseError) {
                return .success(try decoder.decode(b) { result.data.append(contentsOf: $0) })
            } catch {
                return .failure(error)
            }
        }
        switch step {
        case .failure(let e):
            // Bytes consumed before an error mean nothing: the connection is closed.
            result.error = e
            result.consumed = 0
            return result
        case .success(let s):
            invariant(s.consumed <= piece.count, "consumed more than given")
            result.consumed += s.consumed
            if s.finished {
                result.finished = true
                return result
            }
            invariant(s.consumed == piece.count, "stopped early without finishing")
        }
    }
    return result
}

func checkChunked(_ data: [UInt8], limits: HTTPParserLimits) {
    let n = data.count
    let whole = dechunk(data, pieces: [0..<n], limits: limits)
    let k = Int(data.first ?? 0) % (n + 1)
    invariant(dechunk(data, pieces: [0..<k, k..<n], limits: limits) == whole, "chunked split at \(k)")
    if n <= 512 {
        invariant(dechunk(data, pieces: (0..<n).map { $0..<($0 + 1) }, limits: limits) == whole, "chunked byte by byte")
    }
    invariant(whole.data.count <= n, "more data than input")
    if whole.finished {
        var out: [UInt8] = []
        whole.data.withUnsafeBytes { ChunkedEncoder.appendChunk($0, into: &out) }
        ChunkedEncoder.appendLastChunk(into: &out)
        let again = dechunk(out, pieces: [0..<out.count], limits: limits)
        invariant(again.finished && again.data == whole.data && again.consumed == out.count, "re-encoded chunks")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP1(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Array(UnsafeBufferPointer(start: start, count: count))
    // Small limits so the fuzzer reaches every limit path with short inputs.
    let small = HTTPParserLimits(
        maxHeaderBytes: 512, maxFieldBytes: 128, maxTargetBytes: 64, maxHeaderCount: 8,
        maxMethodBytes: 12, maxChunkSizeDigits: 6, maxChunkExtensionBytes: 32, maxTrailerBytes: 64)
    for limits in [HTTPParserLimits(), small] {
        checkRequest(data, limits: limits)
        checkResponse(data, limits: limits)
        checkChunked(data, limits: limits)
    }
    return 0
}
