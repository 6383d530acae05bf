import HTTP1
import Testing

@Suite struct HeadWriterTests {
    @Test func aRequestHeadIsWrittenAsHTTP11() {
        var out: [UInt8] = []
        HeadWriter.appendRequestHead(
            method: "GET", target: "/a?b", fields: [("Host", "x.example"), ("Accept", "*/*")], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "GET /a?b HTTP/1.1\r\nHost: x.example\r\nAccept: */*\r\n\r\n")
    }

    @Test func aResponseHeadUsesTheStandardReasonPhrase() {
        var out: [UInt8] = []
        HeadWriter.appendResponseHead(status: 404, fields: [("Content-Length", "0")], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    }

    @Test(arguments: [
        (200, "OK"), (101, "Switching Protocols"), (204, "No Content"), (400, "Bad Request"),
        (414, "URI Too Long"), (431, "Request Header Fields Too Large"), (502, "Bad Gateway"),
        (504, "Gateway Timeout"), (505, "HTTP Version Not Supported"), (599, "Unknown"),
    ])
    func standardReasonPhrasesComeFromRFC9110(_ status: Int, _ phrase: String) {
        #expect(HTTPStatus.reasonPhrase(for: status) == phrase)
    }

    @Test func aValueCannotInjectAFieldLine() throws {
        var out: [UInt8] = []
        HeadWriter.appendStatusLine(status: 200, into: &out)
        HeadWriter.appendField(name: "X-A", value: "1\r\nSet-Cookie: evil", into: &out)
        HeadWriter.appendEndOfHead(into: &out)
        var parser = ResponseHeadParser()
        let head = try #require(try parser.parse(out, requestMethod: .get))
        #expect(head.fields.count == 1)
        #expect(head.value(forName: "x-a") == "1  Set-Cookie: evil")
    }

    @Test func aFieldWhoseNameIsNotATokenIsNotWritten() {
        var out: [UInt8] = []
        #expect(!HeadWriter.appendField(name: "Bad Name", value: "v", into: &out))
        #expect(!HeadWriter.appendField(name: "", value: "v", into: &out))
        #expect(out.isEmpty)
    }

    @Test func writtenHeadsParseBackToTheSameFields() throws {
        var out: [UInt8] = []
        let fields = [("Host", "h.example"), ("Content-Length", "12"), ("X-Tab", "a\tb")]
        HeadWriter.appendRequestHead(method: "PUT", target: "/up", fields: fields, into: &out)
        var parser = RequestHeadParser()
        let head = try #require(try parser.parse(out))
        #expect(head.method == .put)
        #expect(head.framing == .contentLength(12))
        #expect(head.fields.map { head.name(of: $0) } == fields.map(\.0))
        #expect(head.fields.map { head.value(of: $0) } == fields.map(\.1))
    }

    @Test func forwardingDropsHopByHopFieldsAndThoseListedInConnection() throws {
        var parser = RequestHeadParser()
        let input = """
            GET / HTTP/1.1\r
            Host: a\r
            Connection: keep-alive, X-Secret\r
            Keep-Alive: timeout=5\r
            TE: trailers\r
            Trailer: X-Sum\r
            Upgrade: h2c\r
            Proxy-Connection: keep-alive\r
            x-secret: 1\r
            Accept: */*\r
            \r

            """
        let head = try #require(try parser.parse(Feeding.bytes(input)))
        var out: [UInt8] = []
        HeadWriter.appendFields(of: head, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "Host: a\r\nAccept: */*\r\n")
        #expect(HopByHop.isHopByHop(head.fields[7], in: head))
        #expect(!HopByHop.isHopByHop(head.fields[8], in: head))
    }

    @Test(arguments: [
        ("Connection", true), ("keep-alive", true), ("TE", true), ("Trailer", true),
        ("Transfer-Encoding", true), ("UPGRADE", true), ("Proxy-Connection", true),
        ("Trailers", false), ("Host", false), ("Content-Length", false), ("T", false),
    ])
    func theFixedHopByHopSetIsRecognisedInAnyCase(_ name: String, _ hop: Bool) {
        #expect(HopByHop.isFixedHopByHop(name) == hop)
    }

    @Test(arguments: [(1, "1"), (15, "f"), (16, "10"), (255, "ff"), (4096, "1000"), (0x7fff_ffff, "7fffffff")])
    func aChunkHeaderIsTheSizeInLowercaseHex(_ size: Int, _ hex: String) {
        var out: [UInt8] = []
        ChunkedEncoder.appendChunkHeader(size: size, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == hex + "\r\n")
    }

    @Test func encodedChunksDecodeBackToTheSameData() throws {
        var out: [UInt8] = []
        let parts = ["hello", String(repeating: "x", count: 300), "", "!"]
        for p in parts {
            Feeding.bytes(p).withUnsafeBytes { ChunkedEncoder.appendChunk($0, into: &out) }
        }
        ChunkedEncoder.appendLastChunk(into: &out)
        let r = try Feeding.dechunk([out]).get()
        #expect(r.finished)
        #expect(r.consumed == out.count)
        #expect(r.data == Feeding.bytes(parts.joined()))
    }
}

@Suite struct RequestLineWriterTests {
    @Test func aMethodOrTargetCannotBreakTheRequestLine() throws {
        var out: [UInt8] = []
        HeadWriter.appendRequestLine(method: "GET /x HTTP/1.1\r\nX:", target: "/a b\r\n", into: &out)
        HeadWriter.appendField(name: "Host", value: "h", into: &out)
        HeadWriter.appendEndOfHead(into: &out)
        var parser = RequestHeadParser()
        let head = try #require(try parser.parse(out))
        #expect(head.methodName == "GET__x_HTTP_1.1__X_")
        #expect(head.target == "/a_b__")
        #expect(head.fields.count == 1)
    }
}

@Suite struct ChunkedEncoderEdgeTests {
    @Test func aZeroSizeChunkHeaderIsNeverWritten() {
        var out: [UInt8] = []
        ChunkedEncoder.appendChunkHeader(size: 0, into: &out)
        ChunkedEncoder.appendChunkHeader(size: -5, into: &out)
        #expect(out.isEmpty)
    }
}
