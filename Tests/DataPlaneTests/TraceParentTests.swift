import Testing
@testable import DataPlane

@Suite("W3C traceparent")
struct TraceParentTests {
    // The specification's own example (§3.2.2.4 / Examples of HTTP traceparent headers).
    static let example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test("The specification's example parses and writes back byte for byte")
    func specExampleRoundTrips() throws {
        let t = try #require(TraceParent.parse(Array(Self.example.utf8)))
        #expect(t.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(t.parentID == 0x00f0_67aa_0ba9_02b7)
        #expect(t.flags == 1)
        #expect(String(decoding: t.headerValue, as: UTF8.self) == Self.example)
    }

    @Test("Invalid values are refused, so the gateway starts a new trace", arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",            // short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",          // v00 with extra
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",           // uppercase
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",           // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",           // zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",           // version ff
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",           // bad separator
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",           // non-hex
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",          // future version, no dash after flags
    ])
    func invalidValuesAreRefused(value: String) {
        #expect(TraceParent.parse(Array(value.utf8)) == nil)
    }

    @Test("A later version with extra fields is understood and rewritten as version 00")
    func futureVersionIsDowngradedOnWrite() throws {
        let v = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-whatever"
        let t = try #require(TraceParent.parse(Array(v.utf8)))
        #expect(String(decoding: t.headerValue, as: UTF8.self) == Self.example)
    }

    @Test("A started trace is sampled and never uses all-zero ids")
    func startedTraceIsValid() throws {
        let t = TraceParent.start(random: (0, 0, 0))
        let reparsed = try #require(TraceParent.parse(t.headerValue))
        #expect(reparsed == t)
        #expect(t.flags == 1)
        #expect(t.headerValue.count == TraceParent.length)
    }
}
