import Testing
@testable import Telemetry

@Suite struct PorticoMetricsTests {
    @Test(arguments: [("GET", MethodClass.get), ("POST", .post), ("OPTIONS", .options), ("get", .other),
                      ("PROPFIND", .other), ("", .other), ("GETX", .other)])
    func methodsAreClassifiedIntoABoundedSet(method: String, expected: MethodClass) {
        #expect(MethodClass(method) == expected)
    }

    @Test(arguments: [(101, "1xx"), (200, "2xx"), (204, "2xx"), (301, "3xx"), (404, "4xx"), (499, "4xx"),
                      (503, "5xx"), (0, "none"), (600, "none"), (-1, "none")])
    func statusCodesAreClassified(code: Int, label: String) {
        #expect(StatusClass(code: code).label == label)
    }

    @Test func aRouteRecordsRequestsUnderItsIngressLabelsAndOnlyForSeenCombinations() {
        let r = MetricsRegistry(workerCount: 2)
        let m = PorticoMetrics(registry: r)
        let labels = RouteLabels(namespace: "shop", ingress: "web", host: "shop.example.com", path: "/api",
                                 service: "api")
        let route = m.route(labels)
        #expect(m.route(labels) === route)
        route.record(method: .get, statusCode: 200, durationSeconds: 0.02, upstreamSeconds: 0.015,
                     requestBytes: 10, responseBytes: 2000, worker: 0)
        route.record(method: .get, statusCode: 201, durationSeconds: 0.02, upstreamSeconds: nil,
                     requestBytes: 10, responseBytes: 2000, worker: 1)
        let text = r.render()
        #expect(text.contains("""
            portico_http_requests_total{namespace="shop",ingress="web",host="shop.example.com",path="/api",\
            service="api",method="GET",status_class="2xx"} 2
            """))
        #expect(!text.contains("status_class=\"5xx\""))
        #expect(text.contains("portico_http_upstream_duration_seconds_count{namespace=\"shop\",ingress=\"web\",host=\"shop.example.com\",path=\"/api\",service=\"api\"} 1"))
        #expect(text.contains("portico_http_request_duration_seconds_count{namespace=\"shop\",ingress=\"web\",host=\"shop.example.com\",path=\"/api\",service=\"api\"} 2"))
    }

    @Test func aPublishedSnapshotUpdatesGenerationSwapTimeAndRebuilds() {
        let m = PorticoMetrics(registry: MetricsRegistry())
        m.snapshotPublished(generation: 9, buildSeconds: 0.004, at: 1_700_000_000)
        #expect(m.snapshotGeneration.value == 9)
        #expect(m.snapshotLastSwapTimestamp.value == 1_700_000_000)
        #expect(m.snapshotRebuilds.value == 1)
        #expect(m.snapshotBuildDuration.state.count == 1)
    }

    @Test func everyPorticoFamilyIsPrefixedAndTheProcessFamiliesAreStandard() {
        let names = PorticoMetrics(registry: MetricsRegistry()).registry.collect().map(\.name)
        #expect(names.filter { !$0.hasPrefix("process_") }.allSatisfy { $0.hasPrefix("portico_") })
        #expect(names.contains("process_cpu_seconds_total"))
        #expect(names.contains("portico_kube_connected"))
        #expect(names == names.sorted())
    }
}

@Suite struct SeriesRetentionTests {
    @Test func routesAndBackendsMissingFromTheSnapshotStopBeingExported() {
        let m = PorticoMetrics(registry: MetricsRegistry())
        let kept = RouteLabels(namespace: "shop", ingress: "web", host: "a", path: "/", service: "web")
        let gone = RouteLabels(namespace: "shop", ingress: "old", host: "b", path: "/", service: "old")
        for labels in [kept, gone] {
            m.route(labels).record(method: .post, statusCode: 502, durationSeconds: 0.1, upstreamSeconds: 0.1,
                                   requestBytes: 1, responseBytes: 1, worker: 0)
        }
        let keptBackend = BackendLabels(namespace: "shop", service: "web", port: "80")
        let goneBackend = BackendLabels(namespace: "shop", service: "old", port: "80")
        m.backend(keptBackend).connectFailures.increment(worker: 0)
        m.backend(goneBackend).connectFailures.increment(worker: 0)

        m.retain(routes: [kept], backends: [keptBackend])
        let text = m.registry.render()
        #expect(text.contains("ingress=\"web\""))
        #expect(!text.contains("ingress=\"old\""))
        #expect(text.contains("service=\"web\",port=\"80\""))
        #expect(!text.contains("service=\"old\""))
        // A route that comes back starts from zero.
        #expect(m.route(gone).requests(method: .post, status: .serverError).value == 0)
    }
}
