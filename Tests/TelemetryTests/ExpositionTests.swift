import Testing
@testable import Telemetry

@Suite struct ExpositionTests {
    @Test func aCounterFamilyRendersHelpTypeAndSortedChildren() {
        let r = MetricsRegistry(workerCount: 2)
        let f = r.counter("demo_requests_total", help: "Requests handled.", labelNames: ["code", "method"])
        f.labels("200", "GET").increment(worker: 0)
        f.labels("200", "GET").increment(by: 2, worker: 1)
        f.labels("404", "GET").increment()
        f.labels("200", "DELETE").increment(by: 5)
        #expect(r.render() == """
            # HELP demo_requests_total Requests handled.
            # TYPE demo_requests_total counter
            demo_requests_total{code="200",method="DELETE"} 5
            demo_requests_total{code="200",method="GET"} 3
            demo_requests_total{code="404",method="GET"} 1

            """)
    }

    @Test func aGaugeCombinesTheSetValueAndWorkerDeltas() {
        let r = MetricsRegistry(workerCount: 2)
        let g = r.gauge("demo_temperature_celsius", help: "Temperature.").labels()
        g.set(21.5)
        let c = r.gauge("demo_connections", help: "Open connections.", labelNames: ["listener"]).labels("http")
        c.increment(worker: 0)
        c.increment(worker: 0)
        c.increment(worker: 1)
        c.decrement(worker: 0)
        c.add(-3, worker: 1)
        #expect(r.render() == """
            # HELP demo_connections Open connections.
            # TYPE demo_connections gauge
            demo_connections{listener="http"} -1
            # HELP demo_temperature_celsius Temperature.
            # TYPE demo_temperature_celsius gauge
            demo_temperature_celsius 21.5

            """)
    }

    @Test func aHistogramRendersCumulativeBucketsSumAndCount() {
        let r = MetricsRegistry(workerCount: 1)
        let h = r.histogram("demo_duration_seconds", help: "Durations.", labelNames: ["route"],
                            buckets: [0.1, 0.5, 1]).labels("a")
        h.observe(0.0625, worker: 0)
        h.observe(0.1, worker: 0)   // `le` is inclusive
        h.observe(0.75)
        h.observe(3, worker: 0)
        h.observe(.nan, worker: 0)  // ignored
        #expect(r.render() == """
            # HELP demo_duration_seconds Durations.
            # TYPE demo_duration_seconds histogram
            demo_duration_seconds_bucket{route="a",le="0.1"} 2
            demo_duration_seconds_bucket{route="a",le="0.5"} 2
            demo_duration_seconds_bucket{route="a",le="1"} 3
            demo_duration_seconds_bucket{route="a",le="+Inf"} 4
            demo_duration_seconds_sum{route="a"} 3.9125
            demo_duration_seconds_count{route="a"} 4

            """)
    }

    @Test func aCallbackGaugeIsEvaluatedAtEachScrape() {
        let r = MetricsRegistry()
        let f = r.callbackGauge("demo_ready_endpoints", help: "Ready.", labelNames: ["service"])
        #expect(r.render() == "# HELP demo_ready_endpoints Ready.\n# TYPE demo_ready_endpoints gauge\n")
        f.setProvider { [LabeledValue(["web"], 3), LabeledValue(["api"], 2), LabeledValue(["bad", "arity"], 1)] }
        #expect(r.render() == """
            # HELP demo_ready_endpoints Ready.
            # TYPE demo_ready_endpoints gauge
            demo_ready_endpoints{service="api"} 2
            demo_ready_endpoints{service="web"} 3

            """)
    }

    @Test func labelValuesEscapeBackslashQuoteAndNewlineAndHelpEscapesBackslashAndNewline() {
        let r = MetricsRegistry()
        r.counter("demo_total", help: "Line one\nsays \"hi\" \\ bye", labelNames: ["path"])
            .labels("a\\b\"c\nd").increment()
        #expect(r.render() == """
            # HELP demo_total Line one\\nsays "hi" \\\\ bye
            # TYPE demo_total counter
            demo_total{path="a\\\\b\\"c\\nd"} 1

            """)
    }

    @Test(arguments: [
        (1.0, "1"), (0.0, "0"), (-2.0, "-2"), (0.001, "0.001"), (2.5, "2.5"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (1e20, "1e+20"),
    ])
    func numbersAreFormattedAsPrometheusParsesThem(value: Double, text: String) {
        #expect(Exposition.formatNumber(value) == text)
    }

    @Test func registeringTheSameFamilyTwiceReturnsTheSameChildren() {
        let r = MetricsRegistry()
        r.counter("demo_total", help: "x", labelNames: ["a"]).labels("1").increment()
        r.counter("demo_total", help: "x", labelNames: ["a"]).labels("1").increment()
        #expect(r.counter("demo_total", help: "x", labelNames: ["a"]).labels("1").value == 2)
    }

    @Test func removedChildrenDisappearFromTheScrape() {
        let r = MetricsRegistry()
        let f = r.gauge("demo_gauge", help: "x", labelNames: ["a"])
        f.labels("1").set(1)
        f.labels("2").set(2)
        f.remove(["1"])
        #expect(r.render().contains("demo_gauge{a=\"2\"} 2"))
        #expect(!r.render().contains("a=\"1\""))
    }

    @Test(arguments: [
        ("portico_http_requests_total", true), ("a:b_c", true), ("_x", true),
        ("", false), ("1abc", false), ("a-b", false), ("a b", false), ("é", false),
    ])
    func metricNamesFollowThePrometheusDataModel(name: String, valid: Bool) {
        #expect(MetricName.isValidMetricName(name) == valid)
    }

    @Test(arguments: [("namespace", true), ("status_class", true), ("__name__", false), ("a:b", false), ("", false)])
    func labelNamesFollowThePrometheusDataModel(name: String, valid: Bool) {
        #expect(MetricName.isValidLabelName(name) == valid)
    }
}

@Suite struct SeriesLimitTests {
    @Test func labelSetsPastTheLimitShareOneOverflowSeries() {
        let r = MetricsRegistry(maxSeriesPerFamily: 2)
        let f = r.counter("demo_total", help: "x", labelNames: ["path", "code"])
        f.labels("/a", "200").increment()
        f.labels("/b", "200").increment()
        f.labels("/c", "200").increment()
        f.labels("/d", "500").increment()
        f.labels("/a", "200").increment()
        #expect(r.render() == """
            # HELP demo_total x
            # TYPE demo_total counter
            demo_total{path="/a",code="200"} 2
            demo_total{path="/b",code="200"} 1
            demo_total{path="overflow",code="overflow"} 2

            """)
    }
}

@Suite struct CallbackGaugeTests {
    @Test func anUnlabeledCallbackGaugeTakesAPlainValue() {
        let r = MetricsRegistry()
        r.callbackGauge("demo_generation", help: "Generation.").setProvider { 7.0 }
        #expect(r.render().hasSuffix("demo_generation 7\n"))
    }

    @Test func theLatestProviderReplacesTheEarlierOne() {
        let r = MetricsRegistry()
        let f = r.callbackGauge("demo_value", help: "Value.")
        f.setProvider { 1.0 }
        f.setProvider { 2.5 }
        #expect(r.render().hasSuffix("demo_value 2.5\n"))
    }
}
