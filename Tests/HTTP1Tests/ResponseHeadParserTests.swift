import HTTP1
import Testing

/// One malformed upstream response and its error.
struct RejectedResponse: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let error: HTTPParseError
    var testDescription: String { name }
}

/// One valid upstream response and what it means for the proxy.
struct AcceptedResponse: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    var method: HTTPMethod = .get
    var status = 200
    var reason = "OK"
    var version: HTTPVersion = .http1_1
    var framing: BodyFraming
    var keepAlive = true
    var upgrade: String? = nil
    var testDescription: String { name }
}

@Suite struct ResponseHeadParserTests {
    static let rejected: [RejectedResponse] = [
        .init(name: "a bare LF after the status line",
              input: "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", error: .bareLineFeed),
        .init(name: "a four-digit status", input: "HTTP/1.1 2000 OK\r\n\r\n", error: .invalidStatusLine),
        .init(name: "a two-digit status", input: "HTTP/1.1 20 OK\r\n\r\n", error: .invalidStatusLine),
        .init(name: "a status below 100", input: "HTTP/1.1 099 X\r\n\r\n", error: .invalidStatusLine),
        .init(name: "a status above 599", input: "HTTP/1.1 600 X\r\n\r\n", error: .invalidStatusLine),
        .init(name: "a status with a letter", input: "HTTP/1.1 2x0 X\r\n\r\n", error: .invalidStatusLine),
        .init(name: "two spaces before the status", input: "HTTP/1.1  200 OK\r\n\r\n", error: .invalidStatusLine),
        .init(name: "an HTTP/2 status line", input: "HTTP/2 200\r\n\r\n", error: .invalidStatusLine),
        .init(name: "HTTP/1.2", input: "HTTP/1.2 200 OK\r\n\r\n", error: .unsupportedVersion),
        .init(name: "a lowercase protocol name", input: "http/1.1 200 OK\r\n\r\n", error: .invalidVersion),
        .init(name: "a NUL in the reason", input: "HTTP/1.1 200 O\u{0}K\r\n\r\n", error: .invalidStatusLine),
        .init(name: "a bare CR in the reason", input: "HTTP/1.1 200 O\rK\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "an empty line before the status line", input: "\r\nHTTP/1.1 200 OK\r\n\r\n",
              error: .invalidStatusLine),
        .init(name: "Content-Length and Transfer-Encoding together",
              input: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
              error: .contentLengthWithTransferEncoding),
        .init(name: "two Content-Length fields",
              input: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", error: .invalidContentLength),
        .init(name: "a malformed Content-Length",
              input: "HTTP/1.1 200 OK\r\nContent-Length: 3a\r\n\r\n", error: .invalidContentLength),
        .init(name: "a final coding other than chunked",
              input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", error: .transferEncodingNotChunked),
        .init(name: "gzip before chunked",
              input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", error: .unsupportedTransferCoding),
        .init(name: "Transfer-Encoding in HTTP/1.0",
              input: "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", error: .transferEncodingInHTTP10),
        .init(name: "obs-fold", input: "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", error: .obsoleteLineFolding),
        .init(name: "whitespace before a colon", input: "HTTP/1.1 200 OK\r\nX : a\r\n\r\n", error: .whitespaceBeforeColon),
        .init(name: "a control byte in a value", input: "HTTP/1.1 200 OK\r\nX: a\u{8}\r\n\r\n", error: .invalidFieldValue),
    ]

    static let accepted: [AcceptedResponse] = [
        .init(name: "the RFC 9110 §6 hello-world response",
              input: "HTTP/1.1 200 OK\r\nDate: Mon, 27 Jul 2009 12:28:53 GMT\r\nServer: Apache\r\nLast-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\nETag: \"34aa387-d-1568eb00\"\r\nAccept-Ranges: bytes\r\nContent-Length: 51\r\nVary: Accept-Encoding\r\nContent-Type: text/plain\r\n\r\n",
              framing: .contentLength(51)),
        .init(name: "a status line without a reason or its space",
              input: "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", reason: "", framing: .contentLength(0)),
        .init(name: "a status line with an empty reason",
              input: "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", status: 404, reason: "", framing: .contentLength(0)),
        .init(name: "a reason with spaces and obs-text",
              input: "HTTP/1.1 500 Tr\u{00E8}s mal\tparti\r\nContent-Length: 0\r\n\r\n", status: 500,
              reason: "Tr\u{00E8}s mal\tparti", framing: .contentLength(0)),
        .init(name: "no length means the body runs until close (RFC 9112 §6.3 rule 8)",
              input: "HTTP/1.1 200 OK\r\n\r\n", framing: .untilClose, keepAlive: false),
        .init(name: "a chunked response", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
              framing: .chunked),
        .init(name: "a response to HEAD has no body whatever its length says",
              input: "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", method: .head, framing: .none),
        .init(name: "204 has no body", input: "HTTP/1.1 204 No Content\r\n\r\n", status: 204, reason: "No Content",
              framing: .none),
        .init(name: "304 has no body even with a length",
              input: "HTTP/1.1 304 Not Modified\r\nContent-Length: 12\r\n\r\n", status: 304, reason: "Not Modified",
              framing: .none),
        .init(name: "100 Continue is an interim response", input: "HTTP/1.1 100 Continue\r\n\r\n", status: 100,
              reason: "Continue", framing: .none),
        .init(name: "101 switches protocols (RFC 6455 §1.3)",
              input: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
              status: 101, reason: "Switching Protocols", framing: .none, upgrade: "websocket"),
        .init(name: "a 2xx to CONNECT starts a tunnel", input: "HTTP/1.1 200 Connection established\r\n\r\n",
              method: .connect, reason: "Connection established", framing: .none),
        .init(name: "HTTP/1.0 closes by default",
              input: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", version: .http1_0, framing: .contentLength(2),
              keepAlive: false),
        .init(name: "HTTP/1.0 with keep-alive",
              input: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n", version: .http1_0,
              framing: .contentLength(2)),
        .init(name: "Connection: close", input: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n",
              framing: .contentLength(2), keepAlive: false),
    ]

    @Test(arguments: rejected)
    func aMalformedResponseIsRejectedHoweverItArrives(_ c: RejectedResponse) {
        let input = Feeding.bytes(c.input)
        #expect(Feeding.response(input) == .error(c.error), "whole")
        #expect(Feeding.responseByteByByte(input) == .error(c.error), "byte by byte")
        for (k, outcome) in Feeding.responseSplits(input).enumerated() {
            #expect(outcome == .error(c.error), "split at \(k)")
        }
    }

    @Test(arguments: accepted)
    func aValidResponseParsesTheSameHoweverItArrives(_ c: AcceptedResponse) {
        let input = Feeding.bytes(c.input)
        let whole = Feeding.response(input, method: c.method)
        guard case .head(let head) = whole else {
            Issue.record("expected a head, got \(whole)")
            return
        }
        #expect(head.status == c.status)
        #expect(head.reason == c.reason)
        #expect(head.version == c.version)
        #expect(head.framing == c.framing)
        #expect(head.keepAlive == c.keepAlive)
        #expect(head.upgrade == c.upgrade)
        #expect(head.isInformational == (c.status < 200))
        #expect(head.isSwitchingProtocols == (c.status == 101))
        #expect(head.headLength == input.count)
        #expect(Feeding.responseByteByByte(input, method: c.method) == whole)
        for outcome in Feeding.responseSplits(input, method: c.method) { #expect(outcome == whole) }
    }

    @Test func anInterimResponseIsFollowedByTheFinalOne() throws {
        var buffer = Feeding.bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
        var parser = ResponseHeadParser()
        let interim = try #require(try parser.parse(buffer, requestMethod: .post))
        #expect(interim.isInformational)
        buffer.removeFirst(interim.headLength)
        let final = try #require(try parser.parse(buffer, requestMethod: .post))
        #expect(final.status == 201)
        #expect(final.framing == .contentLength(0))
    }

    @Test func anOversizedResponseHeadIsRejectedWhileArriving() {
        var parser = ResponseHeadParser(limits: .init(maxHeaderBytes: 256, maxFieldBytes: 64))
        let long = Feeding.bytes("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 100))
        #expect(throws: HTTPParseError.fieldTooLarge) { try parser.parse(long, requestMethod: .get) }
    }
}
