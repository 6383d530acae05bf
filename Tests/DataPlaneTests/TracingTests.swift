import HTTP1
import Reactor
import Testing
@testable import DataPlane
#if canImport(Glibc)
import Glibc
#endif

private func head(_ text: String) throws -> RequestHead {
    var p = RequestHeadParser()
    return try p.parse(Array(text.utf8))!
}

private let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
private let fixedRandom: @Sendable () -> (UInt64, UInt64, UInt64) = { (0x0af7_6519_16cd_43dd, 0x8448_eb21_1c80_319c, 0xb7ad_6b71_6920_3331) }

private func forwarded(_ h: RequestHead, trace: RequestTrace) -> String {
    let f = HeadRewriter.Forwarding(forwardedFor: "1.2.3.4", proto: "http", host: ArraySlice("example.test".utf8),
                                    port: "80", requestID: RequestIDValue(text: "rid"), keepIncomingForwarded: false,
                                    upgrade: nil, startedTrace: trace.started ? trace.parent : nil)
    var out: [UInt8] = []
    HeadRewriter.request(h, f, into: &out)
    return String(decoding: out, as: UTF8.self)
}

@Test func aValidTraceparentIsContinuedAndForwardedAsReceived() throws {
    let h = try head("GET / HTTP/1.1\r\nHost: a\r\nTraceparent: \(incoming)\r\nTracestate: k=v\r\n\r\n")
    let t = RequestTrace.of(h, random: fixedRandom)
    #expect(!t.started && t.parent.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    let text = forwarded(h, trace: t)
    #expect(text.contains("Traceparent: \(incoming)\r\n") && text.contains("Tracestate: k=v\r\n"))
    #expect(!text.contains("traceparent: "))
}

@Test("A missing or invalid traceparent starts a new trace and drops the incoming fields",
      arguments: ["", "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01\r\ntracestate: k=v\r\n",
                  "traceparent: \(incoming)\r\ntraceparent: \(incoming)\r\n"])
func startsATrace(extra: String) throws {
    let h = try head("GET / HTTP/1.1\r\nHost: a\r\n\(extra)\r\n")
    let t = RequestTrace.of(h, random: fixedRandom)
    #expect(t.started)
    let text = forwarded(h, trace: t)
    #expect(text.hasSuffix("x-request-id: rid\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n\r\n"))
    #expect(!text.contains("tracestate") && text.split(separator: "traceparent", omittingEmptySubsequences: false).count == 2)
}

@Test func theWrittenHeaderValueMatchesTheSpecExampleByteForByte() {
    let t = TraceParent.parse(Array("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".utf8))!
    let bytes = ByteWriter.collect { t.write(to: &$0) }
    #expect(bytes == t.headerValue)
    var id: [UInt8] = []
    t.appendTraceID(to: &id)
    #expect(String(decoding: id, as: UTF8.self) == t.traceID)
}

@Test func theResponseCarriesTheRequestIDUnlessTheBackendSentOne() throws {
    var p = ResponseHeadParser()
    let plain = try p.parse(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8), requestMethod: .get)!
    var out: [UInt8] = []
    out += ByteWriter.collect { HeadRewriter.response(plain, close: false, requestID: RequestIDValue(text: "rid"), into: &$0) }
    #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nx-request-id: rid\r\n\r\n")
    var q = ResponseHeadParser()
    let own = try q.parse(Array("HTTP/1.1 200 OK\r\nX-Request-ID: up\r\n\r\n".utf8), requestMethod: .get)!
    let text = String(decoding: ByteWriter.collect { HeadRewriter.response(own, close: false, requestID: RequestIDValue(text: "rid"), into: &$0) }, as: UTF8.self)
    #expect(text == "HTTP/1.1 200 OK\r\nX-Request-ID: up\r\n\r\n")
}

@Test func theAccessLogLineHasTheTraceID() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer { close(fds[0]); close(fds[1]) }
    let log = AccessLog(fd: fds[1])
    let trace = TraceParent.parse(Array(incoming.utf8))
    log.append(AccessLogEntry(wallStartNs: 0, client: "1.2.3.4", method: "GET", host: "a", path: "/", status: 200,
                              bytesIn: 0, bytesOut: 2, durationNs: 1000, upstream: nil, upstreamDurationNs: nil,
                              requestID: "rid", traceID: trace))
    log.append(AccessLogEntry(wallStartNs: 0, client: "1.2.3.4", method: "GET", host: "a", path: "/", status: 200,
                              bytesIn: 0, bytesOut: 2, durationNs: 1000, upstream: nil, upstreamDurationNs: nil,
                              requestID: "rid"))
    log.flush()
    var buf = [UInt8](repeating: 0, count: 4096)
    let n = read(fds[0], &buf, buf.count)
    let lines = String(decoding: buf[0..<max(0, n)], as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.hasSuffix(#","request_id":"rid","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#) == true)
    #expect(lines.last?.hasSuffix(#","trace_id":null}"#) == true)
}

@Test func anyTraceparentValueYieldsAValidTraceToSendUpstream() throws {
    // Bounded fuzz: mutations of a valid value (the interesting neighbourhood) and random
    // printable strings; whatever arrives, the trace sent upstream is valid.
    var rng = SystemRandomNumberGenerator()
    let alphabet = Array("0123456789abcdefABCDEF-xz ".utf8)
    for i in 0..<2000 {
        var value = Array(incoming.utf8)
        if i % 2 == 0 {
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                value[Int.random(in: 0..<value.count, using: &rng)] = alphabet.randomElement(using: &rng)!
            }
        } else {
            value = (0..<Int.random(in: 1...70, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        }
        let text = String(decoding: value, as: UTF8.self).trimmingCharacters(in: " ")
        guard !text.isEmpty, let h = try? head("GET / HTTP/1.1\r\nHost: a\r\ntraceparent: \(text)\r\n\r\n") else { continue }
        let t = RequestTrace.of(h, random: fixedRandom)
        #expect(TraceParent.parse(t.parent.headerValue) != nil)
        #expect(t.started == (TraceParent.parse(Array(text.utf8)) == nil))
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
