import Controller
import KubeAPI
import Reconciler
import Routing
import Telemetry
import Testing

@Test func thePublisherTakesTheFastPathOnlyWhenNothingButEndpointsChanged() {
    let store = SnapshotStore()
    let sink = CapturingLogSink()
    let publisher = SnapshotPublisher(store: store, log: Logger(label: "t", level: .debug, sink: sink), clock: { 1_000 })
    var s = world(ingress("a").rule("a.test", path("/")).rule("b.test", path("/", to: "missing")))

    let first = publisher.publish(s)
    #expect(first == .init(generation: 1, endpointsOnly: false, warningCount: 1))

    s.upsert(slice("web-2", service: "web", [("10.0.0.7", true)]))
    let second = publisher.publish(s)
    #expect(second.endpointsOnly && second.generation == 2)
    #expect(store.load().lookup(host: "a.test", path: "/")?.backend?.endpoints.count == 2)

    s.upsert(ingress("c").rule("c.test", path("/")))
    #expect(!publisher.publish(s).endpointsOnly)
    #expect(store.load().lookup(host: "c.test", path: "/") != nil)

    // The steady warning was logged once, not on every rebuild.
    let warningLines = sink.lines.filter { $0.contains("level=warn ") }
    #expect(warningLines.count == 1)
    #expect(warningLines.first?.contains("reason=ServiceNotFound") == true)

    // Fixing it logs the resolution.
    s.upsert(service("missing"))
    publisher.publish(s)
    #expect(sink.lines.contains { $0.contains("warning resolved") })
    #expect(store.load().warnings.isEmpty)
}

@Test func thePublisherPassesItsClockToTheBuilder() {
    let store = SnapshotStore()
    let opts = SnapshotBuilderOptions(certificateValidator: { _, _ in .success(2_000) })
    let s = world(tlsSecret("c"), ingress("a").rule("a.test", path("/")).tls("c", hosts: ["a.test"]))
    let fresh = SnapshotPublisher(store: store, options: opts, log: Logger(label: "t", sink: CapturingLogSink()), clock: { 1_000 })
    #expect(fresh.publish(s).warningCount == 0)
    let late = SnapshotPublisher(store: store, options: opts, log: Logger(label: "t", sink: CapturingLogSink()), clock: { 3_000 })
    #expect(late.publish(s).warningCount == 1, "expired by the publisher's clock")
}
