import HTTP1
import Testing

/// One valid request and what the parser must make of it.
struct AcceptedRequest: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    var method: HTTPMethod = .get
    var methodName = "GET"
    var path = "/"
    var query: String? = nil
    var host: String? = "a.example"
    var version: HTTPVersion = .http1_1
    var form: RequestTargetForm = .origin
    var framing: BodyFraming = .none
    var keepAlive = true
    var expectsContinue = false
    var upgrade: String? = nil
    var testDescription: String { name }
}

@Suite struct RequestAcceptanceTests {
    static let h = "Host: a.example\r\n"

    static let accepted: [AcceptedRequest] = [
        // RFC 9112 §3.2.1, §3.2.2, §3.2.3, §3.2.4 examples.
        .init(name: "the RFC 9112 origin-form example",
              input: "GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n",
              path: "/where", query: "q=now", host: "www.example.org"),
        .init(name: "the RFC 9112 absolute-form example",
              input: "GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n",
              path: "/pub/WWW/TheProject.html", host: "www.example.org", form: .absolute),
        .init(name: "the RFC 9112 authority-form example",
              input: "CONNECT www.example.com:80 HTTP/1.1\r\nHost: www.example.com\r\n\r\n",
              method: .connect, methodName: "CONNECT", path: "", host: "www.example.com:80", form: .authority),
        .init(name: "the RFC 9112 asterisk-form example",
              input: "OPTIONS * HTTP/1.1\r\nHost: www.example.org:8001\r\n\r\n",
              method: .options, methodName: "OPTIONS", path: "", host: "www.example.org:8001", form: .asterisk),
        .init(name: "an absolute-form target overrides Host (RFC 9112 §3.2.2)",
              input: "GET http://b.example:8080?x=1 HTTP/1.1\r\n\(h)\r\n",
              query: "x=1", host: "b.example:8080", form: .absolute),
        .init(name: "an empty line before the request line is ignored (RFC 9112 §2.2)",
              input: "\r\n\r\nGET / HTTP/1.1\r\n\(h)\r\n"),
        .init(name: "an HTTP/1.0 request without Host closes by default",
              input: "GET / HTTP/1.0\r\n\r\n", host: nil, version: .http1_0, keepAlive: false),
        .init(name: "an HTTP/1.0 request may ask for keep-alive",
              input: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", host: nil, version: .http1_0),
        .init(name: "Connection: close ends an HTTP/1.1 connection",
              input: "GET / HTTP/1.1\r\n\(h)Connection: close\r\n\r\n", keepAlive: false),
        .init(name: "close wins over keep-alive",
              input: "GET / HTTP/1.1\r\n\(h)Connection: keep-alive, CLOSE\r\n\r\n", keepAlive: false),
        .init(name: "a WebSocket upgrade (RFC 6455 §1.2)",
              input: "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
              path: "/chat", host: "server.example.com", upgrade: "websocket"),
        .init(name: "Upgrade without Connection: upgrade is not an upgrade",
              input: "GET / HTTP/1.1\r\n\(h)Upgrade: websocket\r\n\r\n"),
        .init(name: "Expect: 100-continue (RFC 9110 §10.1.1)",
              input: "PUT /f HTTP/1.1\r\n\(h)Content-Length: 10\r\nExpect: 100-Continue\r\n\r\n",
              method: .put, methodName: "PUT", path: "/f", framing: .contentLength(10), expectsContinue: true),
        .init(name: "Expect: 100-continue is ignored in HTTP/1.0",
              input: "PUT /f HTTP/1.0\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n",
              method: .put, methodName: "PUT", path: "/f", host: nil, version: .http1_0,
              framing: .contentLength(10), keepAlive: false),
        .init(name: "a chunked request",
              input: "POST /u HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n",
              method: .post, methodName: "POST", path: "/u", framing: .chunked),
        .init(name: "chunked in any case with empty list elements",
              input: "POST /u HTTP/1.1\r\n\(h)Transfer-Encoding: , Chunked ,\r\n\r\n",
              method: .post, methodName: "POST", path: "/u", framing: .chunked),
        .init(name: "a zero Content-Length",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 0\r\n\r\n", method: .post, methodName: "POST",
              framing: .contentLength(0)),
        .init(name: "the largest Content-Length",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 18446744073709551615\r\n\r\n",
              method: .post, methodName: "POST", framing: .contentLength(.max)),
        .init(name: "a Content-Length with leading zeros",
              input: "POST / HTTP/1.1\r\n\(h)content-length: 007\r\n\r\n", method: .post, methodName: "POST",
              framing: .contentLength(7)),
        .init(name: "an unknown method token",
              input: "PURGE /c HTTP/1.1\r\n\(h)\r\n", method: .other, methodName: "PURGE", path: "/c"),
        .init(name: "methods are case-sensitive",
              input: "get / HTTP/1.1\r\n\(h)\r\n", method: .other, methodName: "get"),
        .init(name: "tabs and obs-text are allowed in values",
              input: "GET / HTTP/1.1\r\n\(h)X-A: a\tb \u{00E9}\r\n\r\n"),
        .init(name: "an empty field value",
              input: "GET / HTTP/1.1\r\n\(h)X-Empty:\r\n\r\n"),
        .init(name: "an IPv6 Host with a port",
              input: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", host: "[::1]:8080"),
        .init(name: "an empty Host (RFC 9112 §3.2 allows it)",
              input: "GET / HTTP/1.1\r\nHost:\r\n\r\n", host: ""),
        .init(name: "a query with URI delimiters",
              input: "GET /s?a=b&c=%20d/e?f HTTP/1.1\r\n\(h)\r\n", path: "/s", query: "a=b&c=%20d/e?f"),
        .init(name: "an empty query",
              input: "GET /s? HTTP/1.1\r\n\(h)\r\n", path: "/s", query: ""),
    ]

    @Test(arguments: accepted)
    func aValidRequestParsesTheSameHoweverItArrives(_ c: AcceptedRequest) throws {
        let input = Feeding.bytes(c.input)
        let whole = Feeding.request(input)
        guard case .head(let head) = whole else {
            Issue.record("expected a head, got \(whole)")
            return
        }
        #expect(head.method == c.method)
        #expect(head.methodName == c.methodName)
        #expect(head.path == c.path)
        #expect(head.query == c.query)
        #expect(head.host == c.host)
        #expect(head.version == c.version)
        #expect(head.targetForm == c.form)
        #expect(head.framing == c.framing)
        #expect(head.keepAlive == c.keepAlive)
        #expect(head.expectsContinue == c.expectsContinue)
        #expect(head.upgrade == c.upgrade)
        #expect(head.headLength == input.count)
        #expect(head.bytes == input)
        #expect(Feeding.requestByteByByte(input) == whole)
        for outcome in Feeding.requestSplits(input) { #expect(outcome == whole) }
    }

    @Test func fieldValuesAreTrimmedOfSurroundingWhitespace() throws {
        var parser = RequestHeadParser()
        let head = try #require(try parser.parse(Feeding.bytes("GET / HTTP/1.1\r\n\(Self.h)X-A: \t a b \t\r\n\r\n")))
        #expect(head.value(forName: "x-a") == "a b")
        #expect(head.name(of: head.fields[1]) == "X-A")
    }

    @Test func lookupsIgnoreCaseAndReturnEveryValueInOrder() throws {
        var parser = RequestHeadParser()
        let input = "GET / HTTP/1.1\r\n\(Self.h)Accept: a\r\nX: 0\r\nACCEPT: b\r\naccept: c\r\n\r\n"
        let head = try #require(try parser.parse(Feeding.bytes(input)))
        #expect(head.values(forName: "Accept") == ["a", "b", "c"])
        #expect(head.value(forName: "aCCept") == "a")
        #expect(head.value(forName: "Accep") == nil)
        #expect(!head.contains(name: "Accepts"))
        #expect(head.firstIndex(ofName: "accept", from: 2) == 3)
    }

    @Test func connectionTokensAreListedLowercased() throws {
        var parser = RequestHeadParser()
        let input = "GET / HTTP/1.1\r\n\(Self.h)Connection: Keep-Alive, X-Trace\r\nConnection: ,upgrade\r\n\r\n"
        let head = try #require(try parser.parse(Feeding.bytes(input)))
        #expect(head.connectionTokens == ["keep-alive", "x-trace", "upgrade"])
    }

    @Test func bytesAfterTheHeadAreLeftForTheBody() throws {
        var parser = RequestHeadParser()
        let headText = "POST / HTTP/1.1\r\n\(Self.h)Content-Length: 5\r\n\r\n"
        let head = try #require(try parser.parse(Feeding.bytes(headText + "hello")))
        #expect(head.headLength == headText.utf8.count)
        #expect(head.bytes.count == headText.utf8.count)
    }

    @Test func pipelinedRequestsParseOneAfterAnother() throws {
        let one = "GET /1 HTTP/1.1\r\n\(Self.h)\r\n"
        let two = "GET /2 HTTP/1.1\r\n\(Self.h)\r\n"
        var buffer = Feeding.bytes(one + two)
        var parser = RequestHeadParser()
        let first = try #require(try parser.parse(buffer))
        buffer.removeFirst(first.headLength)
        let second = try #require(try parser.parse(buffer))
        #expect(first.path == "/1")
        #expect(second.path == "/2")
    }

    @Test func aMultiKilobyteTokenPassesTheDefaultLimits() throws {
        var parser = RequestHeadParser()
        let jwt = String(repeating: "eyJhbGciOiJSUzI1NiJ9.", count: 600)  // 12.6 KB
        let head = try #require(try parser.parse(Feeding.bytes("GET / HTTP/1.1\r\n\(Self.h)Authorization: Bearer \(jwt)\r\n\r\n")))
        #expect(head.value(forName: "authorization")?.utf8.count == jwt.utf8.count + 7)
    }

    @Test func anEmptyBufferNeedsMoreBytes() throws {
        var parser = RequestHeadParser()
        #expect(try parser.parse([]) == nil)
        #expect(try parser.parse(Feeding.bytes("\r\n")) == nil)
    }
}

@Suite struct HeadOwnershipTests {
    @Test func aHeadKeptAliveIsUnchangedByTheNextParse() throws {
        var parser = RequestHeadParser()
        let first = try #require(try parser.parse(Feeding.bytes("GET /first HTTP/1.1\r\nHost: one\r\nX-A: 1\r\n\r\n")))
        let second = try #require(try parser.parse(Feeding.bytes("POST /second/longer HTTP/1.1\r\nHost: two\r\nContent-Length: 2\r\n\r\n")))
        #expect(first.path == "/first")
        #expect(first.host == "one")
        #expect(first.value(forName: "x-a") == "1")
        #expect(first.bytes.count == first.headLength)
        #expect(second.path == "/second/longer")
        #expect(second.host == "two")
        #expect(second.fields.count == 2)
    }

    @Test func aResponseHeadKeptAliveIsUnchangedByTheNextParse() throws {
        var parser = ResponseHeadParser()
        let first = try #require(try parser.parse(Feeding.bytes("HTTP/1.1 100 Continue\r\nX: a\r\n\r\n"), requestMethod: .put))
        let second = try #require(try parser.parse(Feeding.bytes("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"), requestMethod: .put))
        #expect(first.status == 100)
        #expect(first.value(forName: "x") == "a")
        #expect(second.status == 201)
        #expect(second.fields.count == 1)
    }
}

@Suite struct ParserContractTests {
    @Test func aShorterBufferIsParsedFromScratch() throws {
        var parser = RequestHeadParser()
        #expect(try parser.parse(Feeding.bytes("GET /a-long-path-that-is-not-finished HTTP/1.1\r\nHost: a\r\nX-Long: 1234567")) == nil)
        let head = try #require(try parser.parse(Feeding.bytes("GET /b HTTP/1.1\r\nHost: b\r\n\r\n")))
        #expect(head.path == "/b")
        #expect(head.host == "b")
    }

    @Test func aResponseParserTakesAShorterBufferFromScratch() throws {
        var parser = ResponseHeadParser()
        #expect(try parser.parse(Feeding.bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX: 1"), requestMethod: .get) == nil)
        let head = try #require(try parser.parse(Feeding.bytes("HTTP/1.1 204 No Content\r\n\r\n"), requestMethod: .get))
        #expect(head.status == 204)
    }
}
