import HTTP1
import Testing

@Suite struct RequestHeadParserTests {
    static let simple = "GET /index.html?q=1 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: t\r\n\r\n"

    @Test func aSimpleRequestParsesIntoItsParts() throws {
        guard case .head(let head) = Feeding.request(Feeding.bytes(Self.simple)) else {
            Issue.record("no head")
            return
        }
        #expect(head.method == .get)
        #expect(head.methodName == "GET")
        #expect(head.target == "/index.html?q=1")
        #expect(head.path == "/index.html")
        #expect(head.query == "q=1")
        #expect(head.version == .http1_1)
        #expect(head.host == "www.example.com")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(!head.expectsContinue)
        #expect(head.headLength == Self.simple.utf8.count)
        #expect(head.fields.count == 2)
        #expect(head.value(forName: "user-agent") == "t")
        #expect(head.contains(name: "HOST"))
        #expect(head.targetForm == .origin)
    }

    @Test func feedingOneByteAtATimeGivesTheSameHead() {
        let input = Feeding.bytes(Self.simple)
        let whole = Feeding.request(input)
        #expect(Feeding.requestByteByByte(input) == whole)
        for outcome in Feeding.requestSplits(input) { #expect(outcome == whole) }
    }
}
