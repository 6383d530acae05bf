import Testing
@testable import Routing

private let src = ObjectRef(kind: "Ingress", namespace: "default", name: "x")

/// A small deterministic generator (xorshift), so failures reproduce.
private struct Rand {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(n))
    }
}

private let segments = ["a", "b", "api", "v1", "users", "", "a.b"]

private func randomPath(_ r: inout Rand) -> String {
    let n = r.next(4)
    var p = ""
    for _ in 0..<n { p += "/" + segments[r.next(segments.count)] }
    if p.isEmpty || r.next(5) == 0 { p += "/" }
    return p
}

@Test("The route index finds the same route as trying every route in order", arguments: 1...40)
func indexAgreesWithALinearScan(seed: UInt64) {
    var r = Rand(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
    var routes: [Route] = []
    var seen = Set<PathMatch>()
    for _ in 0..<(9 + r.next(30)) {
        let p = randomPath(&r)
        let m: PathMatch
        switch r.next(7) {
        case 0, 1: m = .exact(p)
        case 2: m = .regex(p.split(separator: "a", omittingEmptySubsequences: false).joined(separator: "[ab]") + "(/.*)?")
        default: m = .prefix(p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p)
        }
        if seen.insert(m).inserted { routes.append(Route(match: m, backend: routes.count, source: src)) }
    }
    routes.sort(by: Route.matchOrder)
    let vh = VirtualHost(name: "h", routes: routes)
    #expect(vh.index.isIndexed == (routes.count > 8))
    for _ in 0..<200 {
        let path = randomPath(&r)
        let expected = routes.firstIndex { $0.match.matches(path: path) }
        #expect(vh.index.firstMatch(in: routes, path: path) == expected, "path \(path)")
    }
}

@Test func lookupStaysCorrectWithThousandsOfRoutesOnOneHost() {
    var routes: [Route] = []
    for i in 0..<5000 {
        routes.append(Route(match: .prefix("/svc\(i)"), backend: 0, source: src))
        routes.append(Route(match: .exact("/svc\(i)/health"), backend: 1, source: src))
    }
    routes.append(Route(match: .prefix("/"), backend: 2, source: src))
    routes.sort(by: Route.matchOrder)
    let s = RoutingSnapshot(hosts: ["big.test": VirtualHost(name: "big.test", routes: routes)],
                            backends: [Backend(name: .init(namespace: "d", service: "a", port: "80")),
                                       Backend(name: .init(namespace: "d", service: "b", port: "80")),
                                       Backend(name: .init(namespace: "d", service: "c", port: "80"))])
    #expect(s.lookup(host: "big.test", path: "/svc4321/x/y")?.route.match == .prefix("/svc4321"))
    #expect(s.lookup(host: "big.test", path: "/svc4321/health")?.route.match == .exact("/svc4321/health"))
    #expect(s.lookup(host: "big.test", path: "/svc43210")?.route.match == .prefix("/"))
}

@Test("Hosts already in canonical form are used without a copy; others are normalized", arguments: [
    ("foo.test", "foo.test"), ("FOO.test", "foo.test"), ("foo.test:80", "foo.test"), ("foo.test.", "foo.test"),
    ("[::1]:8080", "[::1]"), ("ÉTÉ.test", "été.test"),
])
func hostNormalization(raw: String, expected: String) {
    #expect(RoutingSnapshot.normalizedHost(raw) == expected)
}
