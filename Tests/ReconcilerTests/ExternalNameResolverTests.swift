import Controller
import Dispatch
import KubeAPI
import Reconciler
import Routing
import Synchronization
import Telemetry
import Testing

// ExternalName resolution with a fake lookup and a stepped clock: no test here touches
// the network or waits for a refresh interval.

/// A name → addresses table the tests edit, counting lookups per name.
private final class FakeDNS: Sendable {
    private let state = Mutex<(answers: [String: [String]], calls: [String: Int])>(([:], [:]))

    init(_ answers: [String: [String]] = [:]) { state.withLock { $0.answers = answers } }

    func set(_ name: String, _ addresses: [String]?) { state.withLock { $0.answers[name] = addresses } }
    func calls(_ name: String) -> Int { state.withLock { $0.calls[name] ?? 0 } }

    var lookup: @Sendable (String) -> [String]? {
        { [self] name in
            state.withLock { s in
                s.calls[name, default: 0] += 1
                return s.answers[name]
            }
        }
    }
}

/// Monotonic seconds the test moves by hand.
private final class SteppedClock: Sendable {
    private let seconds = Mutex<Double>(1_000)
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
    var read: @Sendable () -> Double { { [self] in seconds.withLock { $0 } } }
}

private func resolver(_ dns: FakeDNS, _ clock: SteppedClock, timeout: Duration = .seconds(5)) -> ExternalNameResolver {
    ExternalNameResolver(options: ExternalNameOptions(resolveTimeout: timeout, tickInterval: .seconds(3600), lookup: dns.lookup),
                         clock: clock.read)
}

private func snapshot(_ backends: Backend...) -> RoutingSnapshot { RoutingSnapshot(backends: backends) }

private let extName = BackendName(namespace: "shop", service: "payments", port: "443")

private func resolved(_ r: ExternalNameResolver, _ s: RoutingSnapshot) -> RoutingSnapshot {
    r.update(ExternalNameResolver.names(in: s))
    return r.apply(to: s)
}

@Test func aDNSNameEndpointIsReplacedByItsAddressesWithTheSamePortAndWeight() {
    let dns = FakeDNS(["api.example.test": ["192.0.2.20", "192.0.2.10"]])
    let r = resolver(dns, SteppedClock())
    let s = snapshot(Backend(name: extName, endpoints: [Endpoint(host: "api.example.test", port: 8443, weight: 3)]),
                     Backend(name: BackendName(namespace: "shop", service: "web", port: "80"),
                             endpoints: [Endpoint(host: "10.0.0.1", port: 8080)]))
    let out = resolved(r, s)
    #expect(out.backends[0].endpoints == [Endpoint(host: "192.0.2.10", port: 8443, weight: 3),
                                          Endpoint(host: "192.0.2.20", port: 8443, weight: 3)])
    #expect(out.backends[1] == s.backends[1])
    #expect(out.warnings.isEmpty)
    #expect(dns.calls("10.0.0.1") == 0)
}

@Test func anIPv6AnswerIsPublishedBesideIPv4() {
    let dns = FakeDNS(["dual.example.test": ["2001:db8::7", "192.0.2.7"]])
    let out = resolved(resolver(dns, SteppedClock()),
                       snapshot(Backend(name: extName, endpoints: [Endpoint(host: "dual.example.test", port: 443)])))
    #expect(out.backends[0].endpoints.map(\.description) == ["192.0.2.7:443", "[2001:db8::7]:443"])
}

@Test func theNameBecomesTheUpstreamServerNameUnlessOneIsConfigured() {
    let dns = FakeDNS(["api.example.test": ["192.0.2.1"]])
    let r = resolver(dns, SteppedClock())
    let plain = resolved(r, snapshot(Backend(name: extName, endpoints: [Endpoint(host: "api.example.test.", port: 443)],
                                             upstreamProtocol: .https)))
    #expect(plain.backends[0].settings.upstreamServerName == "api.example.test")
    let configured = resolved(r, snapshot(Backend(name: extName, endpoints: [Endpoint(host: "api.example.test", port: 443)],
                                                  upstreamProtocol: .https,
                                                  settings: BackendSettings(upstreamServerName: "pinned.example.test"))))
    #expect(configured.backends[0].settings.upstreamServerName == "pinned.example.test")
    #expect(configured.backends[0].endpoints == [Endpoint(host: "192.0.2.1", port: 443)])
}

@Test func answersAreCachedUntilTheRefreshIntervalPasses() {
    let dns = FakeDNS(["api.example.test": ["192.0.2.1"]])
    let clock = SteppedClock()
    let r = resolver(dns, clock)
    let names: Set = ["api.example.test"]
    r.update(names)
    r.update(names, waitForRefreshes: true)
    clock.advance(29)
    r.update(names, waitForRefreshes: true)
    #expect(dns.calls("api.example.test") == 1)
    clock.advance(2)
    r.update(names, waitForRefreshes: true)
    #expect(dns.calls("api.example.test") == 2)
}

@Test func aNameThatNeverResolvesLeavesTheBackendEmptyWithAWarningNamingServiceAndName() {
    let dns = FakeDNS()
    let out = resolved(resolver(dns, SteppedClock()),
                       snapshot(Backend(name: extName, endpoints: [Endpoint(host: "nowhere.invalid", port: 443)])))
    #expect(out.backends[0].endpoints.isEmpty)
    #expect(out.warnings.count == 1)
    let w = out.warnings[0]
    #expect(w.reason == "ExternalNameUnresolved")
    #expect(w.object == ObjectRef(kind: "Service", namespace: "shop", name: "payments"))
    #expect(w.field == "spec.externalName")
    #expect(w.message.contains("nowhere.invalid") && w.message.contains("shop/payments") && w.message.contains("503"))
}

@Test func aLookupSlowerThanTheTimeoutDoesNotHoldTheCallerAndIsPublishedLater() {
    let gate = DispatchSemaphore(value: 0)
    let r = ExternalNameResolver(options: ExternalNameOptions(
        resolveTimeout: .milliseconds(50), tickInterval: .seconds(3600),
        lookup: { _ in gate.wait(); return ["192.0.2.9"] }))
    let s = snapshot(Backend(name: extName, endpoints: [Endpoint(host: "slow.example.test", port: 443)]))
    let before = r.answerGeneration
    r.update(ExternalNameResolver.names(in: s))  // returns after about 50 ms, the lookup still blocked
    let pending = r.apply(to: s)
    #expect(pending.backends[0].endpoints.isEmpty)
    #expect(pending.warnings.first?.message.contains("not resolved yet") == true)
    gate.signal()
    for _ in 0..<500 where r.answerGeneration == before { usleepMillis(10) }
    #expect(r.apply(to: s).backends[0].endpoints == [Endpoint(host: "192.0.2.9", port: 443)])
}

private func usleepMillis(_ ms: Int) { _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(ms)) }

// MARK: - Through the publisher

private func externalWorld(_ host: String) -> ClusterState {
    world(externalService("payments", ns: "default", host: host, ports: [ServicePort(name: "https", port: 443)]),
          ingress("a").rule("a.test", path("/", to: "payments", port: 443)))
}

private func publisher(_ dns: FakeDNS, _ clock: SteppedClock, store: SnapshotStore) -> SnapshotPublisher {
    SnapshotPublisher(store: store, log: Logger(label: "t", level: .error, sink: CapturingLogSink()), clock: { 1_000 },
                      externalNames: resolver(dns, clock))
}

private func published(_ store: SnapshotStore) -> [String] {
    store.load().lookup(host: "a.test", path: "/")?.backend?.endpoints.map(\.description) ?? []
}

@Test func aRefreshRepublishesOnlyWhenTheAddressesChanged() {
    let dns = FakeDNS(["pay.example.test": ["192.0.2.1"]])
    let clock = SteppedClock()
    let store = SnapshotStore()
    let p = publisher(dns, clock, store: store)
    defer { p.stop() }
    p.publish(externalWorld("pay.example.test"))
    #expect(published(store) == ["192.0.2.1:443"])
    #expect(p.refreshExternalNames() == nil)

    clock.advance(31)
    #expect(p.refreshExternalNames() == nil)  // same answer: no new generation
    dns.set("pay.example.test", ["192.0.2.2", "192.0.2.3"])
    #expect(p.refreshExternalNames() == nil)  // still cached
    clock.advance(31)
    let generation = p.refreshExternalNames()
    #expect(generation != nil && generation == store.load().generation)
    #expect(published(store) == ["192.0.2.2:443", "192.0.2.3:443"])
}

@Test func aFailingRefreshKeepsTheLastGoodAddressesForTheGracePeriodThenWarns() {
    let dns = FakeDNS(["pay.example.test": ["192.0.2.1"]])
    let clock = SteppedClock()
    let store = SnapshotStore()
    let p = publisher(dns, clock, store: store)
    defer { p.stop() }
    p.publish(externalWorld("pay.example.test"))
    dns.set("pay.example.test", nil)

    clock.advance(31)
    #expect(p.refreshExternalNames() == nil)
    #expect(published(store) == ["192.0.2.1:443"])
    #expect(store.load().warnings.isEmpty)

    clock.advance(200)  // 231 s after the last good answer: still within 300 s
    p.refreshExternalNames()
    #expect(published(store) == ["192.0.2.1:443"])

    clock.advance(100)  // 331 s: the grace period is over
    #expect(p.refreshExternalNames() != nil)
    #expect(published(store).isEmpty)
    #expect(store.load().warnings.map(\.reason) == ["ExternalNameUnresolved"])
    #expect(p.lastSnapshot?.warnings.first?.object.name == "payments")

    dns.set("pay.example.test", ["192.0.2.5"])
    clock.advance(6)  // failures are retried every 5 s
    #expect(p.refreshExternalNames() != nil)
    #expect(published(store) == ["192.0.2.5:443"])
    #expect(store.load().warnings.isEmpty)
}

@Test func theEndpointFastPathKeepsExternalNamesResolved() {
    let dns = FakeDNS(["pay.example.test": ["192.0.2.1"]])
    let store = SnapshotStore()
    let p = publisher(dns, SteppedClock(), store: store)
    defer { p.stop() }
    var s = externalWorld("pay.example.test")
    s.upsert(service("web"))
    p.publish(s)
    s.upsert(slice("web-1", service: "web", [("10.0.0.7", true)]))
    #expect(p.publish(s).endpointsOnly)
    #expect(published(store) == ["192.0.2.1:443"])
    #expect(dns.calls("pay.example.test") == 1)
}

@Test func aPublisherWithoutResolverPublishesNamesAsBuilt() {
    let store = SnapshotStore()
    let p = SnapshotPublisher(store: store, log: Logger(label: "t", level: .error, sink: CapturingLogSink()),
                              externalNames: nil)
    p.publish(externalWorld("pay.example.test"))
    #expect(published(store) == ["pay.example.test:443"])
}

@Test func theRefreshThreadPublishesAnAnswerThatMissedThePublishTimeout() {
    let gate = DispatchSemaphore(value: 0)
    let store = SnapshotStore()
    let p = SnapshotPublisher(
        store: store, log: Logger(label: "t", level: .error, sink: CapturingLogSink()),
        externalNames: ExternalNameResolver(options: ExternalNameOptions(
            resolveTimeout: .milliseconds(20), tickInterval: .milliseconds(10),
            lookup: { _ in gate.wait(); return ["192.0.2.4"] })))
    defer { p.stop() }
    let first = p.publish(externalWorld("late.example.test"))
    #expect(published(store).isEmpty)
    #expect(store.load().warnings.map(\.reason) == ["ExternalNameUnresolved"])
    gate.signal()
    for _ in 0..<500 where published(store).isEmpty { usleepMillis(10) }
    #expect(published(store) == ["192.0.2.4:443"])
    #expect(store.load().generation > first.generation)
    #expect(store.load().warnings.isEmpty)
}
