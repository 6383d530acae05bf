import HTTP1
import Testing

/// Request-smuggling vectors from the published attacks (desync variants of
/// Transfer-Encoding and Content-Length): each must be refused, never reinterpreted.
@Suite struct SmugglingTests {
    static let post = "POST / HTTP/1.1\r\nHost: a.example\r\n"

    static let vectors: [RejectedRequest] = [
        .init(name: "xchunked", input: "\(post)Transfer-Encoding: xchunked\r\n\r\n", error: .transferEncodingNotChunked),
        .init(name: "chunked then a second coding field",
              input: "\(post)Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n", error: .transferEncodingNotChunked),
        .init(name: "chunked then identity", input: "\(post)Transfer-Encoding: chunked, identity\r\n\r\n",
              error: .transferEncodingNotChunked),
        .init(name: "space before the colon of Transfer-Encoding",
              input: "\(post)Transfer-Encoding : chunked\r\n\r\n", error: .whitespaceBeforeColon),
        .init(name: "space before the colon of a second Content-Length",
              input: "\(post)Content-Length: 4\r\nContent-Length : 5\r\n\r\n", error: .whitespaceBeforeColon),
        .init(name: "a vertical tab before chunked",
              input: "\(post)Transfer-Encoding: \u{0B}chunked\r\n\r\n", error: .invalidFieldValue),
        .init(name: "a form feed after chunked",
              input: "\(post)Transfer-Encoding: chunked\u{0C}\r\n\r\n", error: .invalidFieldValue),
        .init(name: "Transfer-Encoding hidden behind a bare LF",
              input: "\(post)X: x\nTransfer-Encoding: chunked\r\n\r\n", error: .bareLineFeed),
        .init(name: "Transfer-Encoding value folded onto the next line",
              input: "\(post)Transfer-Encoding:\r\n chunked\r\n\r\n", error: .obsoleteLineFolding),
        .init(name: "Transfer-Encoding hidden behind a bare CR",
              input: "\(post)X: x\rTransfer-Encoding: chunked\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "a line starting with CR",
              input: "\(post)\rTransfer-Encoding: chunked\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "Transfer-Encoding with an underscore (backends that map _ to - would see it)",
              input: "\(post)Transfer_Encoding: chunked\r\n\r\n", error: .invalidFieldName),
        .init(name: "Content-Length with an underscore",
              input: "\(post)content_length: 5\r\n\r\n", error: .invalidFieldName),
        .init(name: "a Content-Length list that differs",
              input: "\(post)Content-Length: 5, 6\r\n\r\n", error: .invalidContentLength),
        .init(name: "a Content-Length with a trailing letter",
              input: "\(post)Content-Length: 5x\r\n\r\n", error: .invalidContentLength),
        .init(name: "Content-Length and chunked in HTTP/1.0",
              input: "POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
              error: .transferEncodingInHTTP10),
        .init(name: "a NUL in a field name", input: "\(post)X\u{0}Y: 1\r\n\r\n", error: .invalidFieldName),
        .init(name: "a request line ended by CR CR LF", input: "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n",
              error: .invalidRequestLine),
    ]

    @Test(arguments: vectors)
    func aSmugglingVectorIsRefusedHoweverItArrives(_ c: RejectedRequest) {
        let input = Feeding.bytes(c.input)
        #expect(Feeding.request(input) == .error(c.error), "whole")
        #expect(Feeding.requestByteByByte(input) == .error(c.error), "byte by byte")
        for (k, outcome) in Feeding.requestSplits(input).enumerated() {
            #expect(outcome == .error(c.error), "split at \(k)")
        }
    }

    @Test func tabsAroundAValueAreOptionalWhitespaceNotPartOfIt() throws {
        var parser = RequestHeadParser()
        let head = try #require(try parser.parse(Feeding.bytes("\(Self.post)Transfer-Encoding:\tchunked\t\r\n\r\n")))
        #expect(head.framing == .chunked)
    }

    @Test func theBodyOfAChunkedRequestEndsExactlyAtItsLastChunk() throws {
        // The bytes after "0\r\n\r\n" are the next request, not part of this body.
        let body = Feeding.bytes("5\r\nhello\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n")
        let r = try Feeding.dechunk([body]).get()
        #expect(r.finished)
        #expect(r.data == Feeding.bytes("hello"))
        #expect(r.consumed == 15)
    }
}
