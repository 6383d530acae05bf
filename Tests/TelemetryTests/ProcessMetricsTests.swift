import Testing
@testable import Telemetry

@Suite struct ProcessMetricsTests {
    @Test func theStatLineIsParsedFromAfterTheLastParenthesis() {
        let line = "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194560 1200 0 0 0 150 75 0 0 20 0 9 0 "
            + "123456 987654321 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        #expect(ProcSelfStat.parse(line) == ProcSelfStat(utime: 150, stime: 75, startTicks: 123456,
                                                          vsizeBytes: 987654321, rssPages: 2048))
    }

    @Test func aTruncatedStatLineIsRejected() {
        #expect(ProcSelfStat.parse("1 (x) S 1 2 3") == nil)
        #expect(ProcSelfStat.parse("garbage") == nil)
    }

    @Test func theCurrentProcessReportsEveryStandardMetric() {
        let names = ProcessMetrics().collect().map(\.name)
        #expect(names == ["process_cpu_seconds_total", "process_resident_memory_bytes",
                          "process_virtual_memory_bytes", "process_start_time_seconds",
                          "process_open_fds", "process_max_fds"])
        let values = Dictionary(uniqueKeysWithValues: ProcessMetrics().collect().map {
            ($0.name, $0.samples.first?.value)
        })
        if case .real(let fds)? = values["process_open_fds"] { #expect(fds >= 3) }
        if case .real(let start)? = values["process_start_time_seconds"] { #expect(start > 1_600_000_000) }
    }
}
