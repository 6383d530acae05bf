import HTTP1

/// What feeding some bytes to a parser ended with.
enum Outcome<Head: Equatable>: Equatable {
    case head(Head)
    case error(HTTPParseError)
    case incomplete
}

/// Feeds bytes to parsers in every way the network could deliver them.
enum Feeding {
    /// The bytes of a string whose lines are written with `\r\n` explicitly.
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func request(_ input: [UInt8], limits: HTTPParserLimits = .init()) -> Outcome<RequestHead> {
        var parser = RequestHeadParser(limits: limits)
        return requestPrefix(&parser, input, input.count)
    }

    static func requestPrefix(_ parser: inout RequestHeadParser, _ input: [UInt8], _ k: Int) -> Outcome<RequestHead> {
        do {
            if let head = try parser.parse(Array(input[0..<k])) { return .head(head) }
            return .incomplete
        } catch {
            return .error(error)
        }
    }

    /// The outcome of feeding the input one byte more each time (the picohttpparser
    /// contract: the whole prefix is passed every time).
    static func requestByteByByte(_ input: [UInt8], limits: HTTPParserLimits = .init()) -> Outcome<RequestHead> {
        var parser = RequestHeadParser(limits: limits)
        var last: Outcome<RequestHead> = .incomplete
        for k in 0...input.count {
            last = requestPrefix(&parser, input, k)
            if last != .incomplete { return last }
        }
        return last
    }

    /// Outcomes of feeding the input in two parts, for every split point.
    static func requestSplits(_ input: [UInt8], limits: HTTPParserLimits = .init()) -> [Outcome<RequestHead>] {
        (0...input.count).map { k in
            var parser = RequestHeadParser(limits: limits)
            let first = requestPrefix(&parser, input, k)
            if first != .incomplete { return first }
            return requestPrefix(&parser, input, input.count)
        }
    }

    static func responsePrefix(
        _ parser: inout ResponseHeadParser, _ input: [UInt8], _ k: Int, _ method: HTTPMethod
    ) -> Outcome<ResponseHead> {
        do {
            if let head = try parser.parse(Array(input[0..<k]), requestMethod: method) { return .head(head) }
            return .incomplete
        } catch {
            return .error(error)
        }
    }

    static func response(_ input: [UInt8], method: HTTPMethod = .get) -> Outcome<ResponseHead> {
        var parser = ResponseHeadParser()
        return responsePrefix(&parser, input, input.count, method)
    }

    static func responseByteByByte(_ input: [UInt8], method: HTTPMethod = .get) -> Outcome<ResponseHead> {
        var parser = ResponseHeadParser()
        var last: Outcome<ResponseHead> = .incomplete
        for k in 0...input.count {
            last = responsePrefix(&parser, input, k, method)
            if last != .incomplete { return last }
        }
        return last
    }

    static func responseSplits(_ input: [UInt8], method: HTTPMethod = .get) -> [Outcome<ResponseHead>] {
        (0...input.count).map { k in
            var parser = ResponseHeadParser()
            let first = responsePrefix(&parser, input, k, method)
            if first != .incomplete { return first }
            return responsePrefix(&parser, input, input.count, method)
        }
    }

    /// Decodes a chunked body fed in the given pieces; returns the data and how many bytes
    /// were consumed, or the error.
    static func dechunk(
        _ pieces: [[UInt8]], limits: HTTPParserLimits = .init()
    ) -> Result<(data: [UInt8], consumed: Int, finished: Bool), HTTPParseError> {
        var decoder = ChunkedDecoder(limits: limits)
        var data: [UInt8] = []
        var consumed = 0
        for piece in pieces {
            let step = piece.withUnsafeBytes { b -> Result<(consumed: Int, finished: Bool), HTTPParseError> in
                do throws(HTTPParseError) {
                    return .success(try decoder.decode(b) { data.append(contentsOf: $0) })
                } catch {
                    return .failure(error)
                }
            }
            switch step {
            case .failure(let error): return .failure(error)
            case .success(let r):
                consumed += r.consumed
                if r.finished { return .success((data, consumed, true)) }
            }
        }
        return .success((data, consumed, false))
    }
}
