import Testing
@testable import Telemetry

/// The examples of the text format documentation
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-example),
/// reproduced through the registry.
@Suite struct SpecExampleTests {
    @Test func theEscapingExampleRendersAsTheSpecWritesIt() {
        let r = MetricsRegistry()
        r.gauge("msdos_file_access_time_seconds", help: "File access time.", labelNames: ["path", "error"])
            .labels("C:\\DIR\\FILE.TXT", "Cannot find file:\n\"FILE.TXT\"").set(1.458255915e9)
        #expect(r.render().contains(
            #"msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1458255915"#
            + "\n"))
    }

    @Test func theHistogramExampleRendersAsTheSpecWritesIt() {
        let r = MetricsRegistry()
        let h = r.histogram("http_request_duration_seconds", help: "A histogram of the request duration.",
                            buckets: [0.05, 0.1, 0.2, 0.5, 1]).labels()
        // Per-bucket counts that add up to the example's cumulative ones.
        let perBucket: [(Double, Int)] = [(0.05, 24054), (0.1, 9390), (0.2, 66948), (0.5, 28997), (1, 4599), (2, 10332)]
        for (value, count) in perBucket { for _ in 0..<count { h.observe(value) } }
        let text = r.render()
        #expect(text.hasPrefix("""
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="0.2"} 100392
            http_request_duration_seconds_bucket{le="0.5"} 129389
            http_request_duration_seconds_bucket{le="1"} 133988
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 
            """))
        #expect(text.hasSuffix("http_request_duration_seconds_count 144320\n"))
    }

    @Test func theCounterExampleRendersWithoutTimestamps() {
        let r = MetricsRegistry()
        let f = r.counter("http_requests_total", help: "The total number of HTTP requests.", labelNames: ["method", "code"])
        f.labels("post", "200").increment(by: 1027)
        f.labels("post", "400").increment(by: 3)
        #expect(r.render() == """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027
            http_requests_total{method="post",code="400"} 3

            """)
    }
}
