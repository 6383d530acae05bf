import Testing
@testable import Telemetry

@Suite struct ClosureCollectorTests {
    @Test func aClosureCollectorJoinsTheScrapeInNameOrder() {
        let r = MetricsRegistry()
        r.counter("b_total", help: "B.").labels().increment()
        r.register {
            [MetricFamilySamples(name: "a_total", help: "A.", type: .counter,
                                 samples: [MetricSample(name: "a_total", value: .count(4))])]
        }
        #expect(r.render() == """
            # HELP a_total A.
            # TYPE a_total counter
            a_total 4
            # HELP b_total B.
            # TYPE b_total counter
            b_total 1

            """)
    }
}
