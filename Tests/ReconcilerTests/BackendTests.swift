import KubeAPI
import Reconciler
import Routing
import Testing

private func endpoints(_ s: ClusterState, host: String = "a.test", path: String = "/") -> [String]? {
    build(s).snapshot.lookup(host: host, path: path)?.backend?.endpoints.map(\.description)
}

@Test func aServicePortByNumberResolvesThroughItsNameToTheSlicePort() {
    let s = world(ingress("a").rule("a.test", path("/", to: "web", port: 80)))
    #expect(endpoints(s) == ["10.0.0.1:8080"])
}

@Test func aServicePortByNameWorks() {
    let s = world(ingress("a").rule("a.test", path("/", to: "web", portName: "http")))
    let m = build(s).snapshot.lookup(host: "a.test", path: "/")
    #expect(m?.backend?.name.description == "default/web:http")
    #expect(m?.backend?.endpoints.map(\.description) == ["10.0.0.1:8080"])
}

@Test func aNamedTargetPortUsesTheSlicesResolvedNumber() {
    let svc = service("api", ports: [ServicePort(name: "grpc", port: 9000, targetPort: .string("grpc-port")),
                                     ServicePort(name: "metrics", port: 9100, targetPort: .int(9100))])
    let sl = slice("api-1", service: "api", ports: [("grpc", 50051), ("metrics", 9100)], [("10.1.0.1", true)])
    let s = world(svc, sl, ingress("a").rule("a.test", path("/", to: "api", port: 9000)))
    #expect(endpoints(s) == ["10.1.0.1:50051"])
}

@Test func anUnnamedSinglePortMatchesAnUnnamedSlicePort() {
    let svc = service("solo", ports: [ServicePort(port: 80, targetPort: .int(3000))])
    let sl = slice("solo-1", service: "solo", ports: [(nil, 3000)], [("10.2.0.1", nil)])
    #expect(endpoints(world(svc, sl, ingress("a").rule("a.test", path("/", to: "solo")))) == ["10.2.0.1:3000"])
}

@Test("Only endpoints whose ready condition is not false get traffic",
      arguments: [(Bool?.none, true), (true, true), (false, false)])
func readiness(ready: Bool?, included: Bool) {
    let sl = slice("web-2", service: "web", [("10.0.0.2", ready)])
    let got = endpoints(world(sl, ingress("a").rule("a.test", path("/")))) ?? []
    #expect(got.contains("10.0.0.2:8080") == included)
    #expect(got.contains("10.0.0.1:8080"))
}

@Test func terminatingEndpointsAreNotReadyAndGetNoNewRequests() {
    var sl = slice("web-2", service: "web", [("10.0.0.2", false)])
    sl.endpoints[0].conditions = EndpointConditions(ready: false, serving: true, terminating: true)
    #expect(endpoints(world(sl, ingress("a").rule("a.test", path("/")))) == ["10.0.0.1:8080"])
}

@Test func severalSlicesMergeDeduplicatedAndDualStack() {
    let s = world(slice("web-2", service: "web", [("10.0.0.1", true), ("10.0.0.3", true)]),
                  slice("web-v6", service: "web", addressType: "IPv6", [("fd00::1", true)]),
                  slice("other", service: "other", [("10.9.9.9", true)]),
                  ingress("a").rule("a.test", path("/")))
    #expect(endpoints(s) == ["10.0.0.1:8080", "10.0.0.3:8080", "[fd00::1]:8080"])
}

@Test func slicesInAnotherNamespaceDoNotCount() {
    let s = world(slice("web-x", ns: "other", service: "web", [("10.7.0.1", true)]),
                  ingress("a").rule("a.test", path("/")))
    #expect(endpoints(s) == ["10.0.0.1:8080"])
}

@Test func anExternalNameServiceRoutesToTheNamedHost() {
    let s = world(externalService("ext", host: "api.example.org", ports: [ServicePort(name: "https", port: 443)]),
                  ingress("a").rule("a.test", path("/", to: "ext", port: 443)))
    #expect(endpoints(s) == ["api.example.org:443"])
    let noPorts = world(externalService("ext", host: "api.example.org"),
                        ingress("a").rule("a.test", path("/", to: "ext", port: 8443)))
    #expect(endpoints(noPorts) == ["api.example.org:8443"])
}

/// A broken backend: the route stays and answers 503 (no backend), with this warning.
struct BrokenBackendCase: CustomTestStringConvertible, Sendable {
    var name: String
    var path: HTTPIngressPath
    var reason: String
    var field: String
    var testDescription: String { name }
}

@Test("Broken backends warn and their paths answer 503 instead of disappearing", arguments: [
    BrokenBackendCase(name: "missing Service", path: path("/", to: "nope"),
                      reason: "ServiceNotFound", field: "spec.rules[0].http.paths[0].backend.service.name"),
    BrokenBackendCase(name: "missing port number", path: path("/", to: "web", port: 81),
                      reason: "ServicePortNotFound", field: "spec.rules[0].http.paths[0].backend.service.port"),
    BrokenBackendCase(name: "missing port name", path: path("/", to: "web", portName: "grpc"),
                      reason: "ServicePortNotFound", field: "spec.rules[0].http.paths[0].backend.service.port"),
    BrokenBackendCase(name: "resource backend",
                      path: HTTPIngressPath(path: "/", pathType: "Prefix",
                                            backend: IngressBackend(resource: TypedLocalObjectReference(apiGroup: "k8s.example.com", kind: "StorageBucket", name: "static"))),
                      reason: "UnsupportedBackend", field: "spec.rules[0].http.paths[0].backend"),
])
func brokenBackends(_ c: BrokenBackendCase) {
    let (snap, warnings) = build(world(ingress("a").rule("a.test", c.path)))
    #expect(warnings.reasons == [c.reason])
    #expect(warnings.first?.field == c.field)
    #expect(warnings.first?.object == ObjectRef(kind: "Ingress", namespace: "default", name: "a"))
    let m = snap.lookup(host: "a.test", path: "/x")
    #expect(m != nil)
    #expect(m?.route.backend == nil && m?.backend == nil)
}

@Test func aServiceWithoutSlicesIsABackendWithNoEndpoints() {
    let s = world(service("empty"), ingress("a").rule("a.test", path("/", to: "empty")))
    let (snap, warnings) = build(s)
    #expect(warnings.isEmpty)
    #expect(snap.lookup(host: "a.test", path: "/")?.backend?.endpoints == [])
}

@Test func backendsAreSharedSortedAndIndexed() {
    let s = world(service("api"), slice("api-1", service: "api", [("10.3.0.1", true)]),
                  ingress("a").rule("a.test", path("/", to: "web"), path("/api", to: "api")),
                  ingress("b").rule("b.test", path("/", to: "web")))
    let snap = build(s).snapshot
    #expect(snap.backends.map(\.name.description) == ["default/api:80", "default/web:80"])
    #expect(snap.hosts["b.test"]?.routes.first?.backend == 1)
    #expect(snap.backendIndex(named: BackendName(namespace: "default", service: "api", port: "80")) == 0)
}

@Test func anIngressDefaultBackendServesWhatMatchesNoRule() {
    let s = world(service("fallback"), slice("f", service: "fallback", [("10.5.0.1", true)]),
                  ingress("a").rule("a.test", path("/app")).defaultBackend("fallback", port: 80))
    let snap = build(s).snapshot
    #expect(snap.lookup(host: "a.test", path: "/app/x")?.backend?.name.service == "web")
    #expect(snap.lookup(host: "a.test", path: "/other")?.backend?.name.service == "fallback")
    #expect(snap.lookup(host: "unknown.test", path: "/")?.backend?.name.service == "fallback")
}

@Test func theControllerDefaultBackendIsTheLastResort() {
    let s = world(service("fallback"), ingress("a").rule("a.test", path("/app")))
    let opts = SnapshotBuilderOptions(defaultBackend: "default/fallback:80")
    let (snap, warnings) = build(s, opts)
    #expect(warnings.isEmpty)
    #expect(snap.lookup(host: "x.test", path: "/")?.backend?.name.service == "fallback")
    let bad = build(s, SnapshotBuilderOptions(defaultBackend: "fallback")).warnings
    #expect(bad.reasons == ["InvalidOption"])
    let missing = build(s, SnapshotBuilderOptions(defaultBackend: "default/nope:80")).warnings
    #expect(missing.reasons == ["ServiceNotFound"])
}

@Test func anIngressDefaultBackendBeatsTheControllerDefault() {
    let s = world(service("fallback"), ingress("a").defaultBackend("web", port: 80))
    let snap = build(s, SnapshotBuilderOptions(defaultBackend: "default/fallback:80")).snapshot
    #expect(snap.lookup(host: "x.test", path: "/")?.backend?.name.service == "web")
}

@Test func slicesThatDoNotCarryTheServicePortNameWarnEveryPathUsingIt() {
    let sl = slice("web-1", service: "web", ports: [(nil, 9001)], [("127.0.0.1", true)])
    let s = world(sl, ingress("a").rule("a.test", path("/"), path("/x")))
    let (snap, warnings) = build(s)
    #expect(warnings.reasons == ["EndpointPortNotFound", "EndpointPortNotFound"])
    #expect(warnings.first?.message.contains("no port named \"http\" (they have (unnamed))") == true)
    #expect(snap.lookup(host: "a.test", path: "/")?.backend?.endpoints == [])
}
