import KubeAPI
import Reconciler
import Routing
import Testing

@Test("Hosts that the API refuses warn and skip only their rule",
      arguments: ["10.0.0.1", "[::1]", "::1", "foo.*.com", "*foo.com", "*", "a..b", "-a.com", "a_b.com", "*.*.com"])
func invalidHostsWarnAndSkipTheRule(host: String) {
    let ing = ingress("a").rule(host, path("/")).rule("good.test", path("/"))
    let (snapshot, warnings) = build(world(ing))
    #expect(warnings.reasons == ["InvalidHost"])
    #expect(warnings.first?.field == "spec.rules[0].host")
    #expect(snapshot.lookup(host: "good.test", path: "/x") != nil, "the other rule keeps serving")
    #expect(snapshot.hosts.count == 1 && snapshot.wildcardHosts.isEmpty)
}

/// (rule host, request host, matches)
let hostCases: [(String, String, Bool)] = [
    ("foo.bar.com", "foo.bar.com", true),
    ("foo.bar.com", "FOO.Bar.COM", true),
    ("foo.bar.com", "foo.bar.com:8443", true),
    ("foo.bar.com", "foo.bar.com.", true),
    ("foo.bar.com", "bar.com", false),
    ("*.foo.com", "bar.foo.com", true),
    ("*.foo.com", "BAR.foo.com:80", true),
    ("*.foo.com", "baz.bar.foo.com", false),
    ("*.foo.com", "foo.com", false),
    ("*.foo.com", ".foo.com", false),
    ("Foo.Example.COM", "foo.example.com", true),
]

@Test("Host matching: exact, one-label wildcards, case and port ignored", arguments: hostCases)
func hostMatching(rule: String, request: String, matches: Bool) {
    let (snapshot, warnings) = build(world(ingress("a").rule(rule, path("/"))))
    #expect(warnings.isEmpty)
    #expect((snapshot.lookup(host: request, path: "/") != nil) == matches)
}

@Test func anExactHostBeatsAWildcardForTheSameName() {
    let s = world(service("other"), slice("o", service: "other", [("10.0.0.9", true)]),
                  ingress("a").rule("*.example.com", path("/", to: "other")).rule("www.example.com", path("/")))
    let snap = build(s).snapshot
    #expect(snap.lookup(host: "www.example.com", path: "/")?.backend?.name.service == "web")
    #expect(snap.lookup(host: "api.example.com", path: "/")?.backend?.name.service == "other")
}

@Test func rulesOfSeveralIngressesOnOneHostMerge() {
    let s = world(service("api"), ingress("a").rule("shop.test", path("/")),
                  ingress("b").rule("shop.test", path("/api", to: "api")))
    let (snap, warnings) = build(s)
    #expect(warnings.isEmpty)
    #expect(snap.hosts["shop.test"]?.routes.count == 2)
    #expect(snap.lookup(host: "shop.test", path: "/api/v1")?.backend?.name.service == "api")
    #expect(snap.lookup(host: "shop.test", path: "/other")?.backend?.name.service == "web")
}

@Test func rulesWithoutAHostServeEveryHost() {
    let snap = build(world(ingress("a").rule(nil, path("/")))).snapshot
    #expect(snap.lookup(host: "anything.test", path: "/x")?.backend?.name.service == "web")
    #expect(snap.defaultHost?.routes.count == 1)
}
