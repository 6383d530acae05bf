import Testing
@testable import Telemetry

@Suite struct LoggerTests {
    @Test func aLineHasTimeLevelLoggerMessageContextAndMetadataInOrder() {
        let log = Logger(label: "controller", sink: CapturingLogSink()).with(["node": "gw-1"])
        let line = log.line(.info, "snapshot published", ["generation": 7, "routes": "12"], time: 1_764_642_859.123)
        #expect(line == "ts=2025-12-02T02:34:19.123Z level=info logger=controller msg=\"snapshot published\" node=gw-1 generation=7 routes=12\n")
    }

    @Test func eventsBelowTheLevelAreNotWrittenNorEvaluated() {
        let sink = CapturingLogSink()
        let log = Logger(label: "x", level: .warning, sink: sink)
        var evaluated = false
        func expensive() -> String { evaluated = true; return "costly" }
        log.debug(expensive())
        log.info("no")
        log.warning("yes", ["k": 1])
        log.error("also")
        #expect(!evaluated)
        #expect(sink.lines.count == 2)
        #expect(sink.lines[0].contains("level=warn logger=x msg=yes k=1\n"))
        #expect(sink.lines[1].contains("level=error"))
    }

    @Test(arguments: [
        ("plain", "plain"), ("", "\"\""), ("two words", "\"two words\""), ("a=b", "\"a=b\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""), ("back\\slash", "\"back\\\\slash\""),
        ("line\nbreak", "\"line\\nbreak\""), ("tab\there", "\"tab\\there\""), ("bell\u{7}", "\"bell\\u{7}\""),
        ("ünïcode", "ünïcode"),
    ])
    func logfmtValuesAreQuotedAndEscapedWhenNeeded(value: String, encoded: String) {
        var out = ""
        Logfmt.appendValue(value, to: &out)
        #expect(out == encoded)
    }

    @Test(arguments: [("ok_key", "ok_key"), ("k8s.io/name", "k8s.io/name"), ("bad key=", "bad_key_"), ("", "_")])
    func logfmtKeysAreSanitized(key: String, encoded: String) {
        #expect(Logfmt.sanitizeKey(key) == encoded)
    }

    @Test(arguments: [("trace", LogLevel.trace), ("DEBUG", .debug), ("info", .info), ("warn", .warning),
                      ("warning", .warning), ("error", .error)])
    func logLevelsParseFromFlagValues(name: String, level: LogLevel) {
        #expect(LogLevel(name: name) == level)
    }

    @Test func anUnknownLogLevelIsRejected() {
        #expect(LogLevel(name: "verbose") == nil)
    }

    @Test(arguments: [(0.0, "1970-01-01T00:00:00.000Z"), (951_782_400.5, "2000-02-29T00:00:00.500Z"),
                      (4_102_444_799.999, "2099-12-31T23:59:59.999Z")])
    func timestampsAreRFC3339InUTC(seconds: Double, text: String) {
        #expect(WallClock.rfc3339(seconds) == text)
    }
}
