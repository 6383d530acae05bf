import KubeAPI
import Reconciler
import Routing
import Testing

/// One row of the "Examples" table of the Kubernetes Ingress concept page
/// (kubernetes.io/docs/concepts/services-networking/ingress/#examples): the rule's paths,
/// the request path, and which rule path serves it (nil: no match, the default backend).
struct PathRow: CustomTestStringConvertible, Sendable {
    var paths: [(type: String, path: String)]
    var request: String
    var expected: (type: String, path: String)?
    var testDescription: String {
        "\(paths.map { "\($0.type) \($0.path)" }.joined(separator: ", ")) with request \(request)"
    }
}

let kubernetesDocsPathTable: [PathRow] = [
    PathRow(paths: [("Prefix", "/")], request: "/", expected: ("Prefix", "/")),
    PathRow(paths: [("Prefix", "/")], request: "/anything/at/all", expected: ("Prefix", "/")),
    PathRow(paths: [("Exact", "/foo")], request: "/foo", expected: ("Exact", "/foo")),
    PathRow(paths: [("Exact", "/foo")], request: "/bar", expected: nil),
    PathRow(paths: [("Exact", "/foo")], request: "/foo/", expected: nil),
    PathRow(paths: [("Exact", "/foo/")], request: "/foo", expected: nil),
    PathRow(paths: [("Prefix", "/foo")], request: "/foo", expected: ("Prefix", "/foo")),
    PathRow(paths: [("Prefix", "/foo")], request: "/foo/", expected: ("Prefix", "/foo")),
    PathRow(paths: [("Prefix", "/foo/")], request: "/foo", expected: ("Prefix", "/foo")),
    PathRow(paths: [("Prefix", "/foo/")], request: "/foo/", expected: ("Prefix", "/foo")),
    PathRow(paths: [("Prefix", "/aaa/bb")], request: "/aaa/bbb", expected: nil),
    PathRow(paths: [("Prefix", "/aaa/bbb")], request: "/aaa/bbb", expected: ("Prefix", "/aaa/bbb")),
    PathRow(paths: [("Prefix", "/aaa/bbb/")], request: "/aaa/bbb", expected: ("Prefix", "/aaa/bbb")),
    PathRow(paths: [("Prefix", "/aaa/bbb")], request: "/aaa/bbb/", expected: ("Prefix", "/aaa/bbb")),
    PathRow(paths: [("Prefix", "/aaa/bbb")], request: "/aaa/bbb/ccc", expected: ("Prefix", "/aaa/bbb")),
    PathRow(paths: [("Prefix", "/aaa/bbb")], request: "/aaa/bbbxyz", expected: nil),
    PathRow(paths: [("Prefix", "/"), ("Prefix", "/aaa")], request: "/aaa/ccc", expected: ("Prefix", "/aaa")),
    PathRow(paths: [("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")], request: "/aaa/bbb",
            expected: ("Prefix", "/aaa/bbb")),
    PathRow(paths: [("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")], request: "/ccc",
            expected: ("Prefix", "/")),
    PathRow(paths: [("Prefix", "/aaa")], request: "/ccc", expected: nil),
    PathRow(paths: [("Prefix", "/foo"), ("Exact", "/foo")], request: "/foo", expected: ("Exact", "/foo")),
]

@Test("Every row of the Kubernetes path-matching examples table", arguments: kubernetesDocsPathTable)
func kubernetesPathExamples(_ row: PathRow) {
    var ing = ingress("a")
    ing = ing.rule("example.com", path(row.paths[0].path, row.paths[0].type))
    for p in row.paths.dropFirst() {
        ing.spec.rules![0].http!.paths.append(path(p.path, p.type))
    }
    let (snapshot, warnings) = build(world(ing))
    #expect(warnings.isEmpty)
    let m = snapshot.lookup(host: "example.com", path: row.request)
    if let e = row.expected {
        #expect(m?.route.match.typeName == e.type)
        #expect(m?.route.match.value == e.path)
    } else {
        #expect(m == nil)
    }
}

@Test("Paths the API refuses warn and are skipped", arguments: [
    (String?("foo"), String?("Prefix"), "InvalidPath"),
    (nil, "Exact", "InvalidPath"),
    ("/a//b", "Prefix", "InvalidPath"),
    ("/a/../b", "Exact", "InvalidPath"),
    ("/a/%2fb", "Prefix", "InvalidPath"),
    ("/a/.", "Prefix", "InvalidPath"),
    ("/a", nil, "InvalidPath"),
    ("/a", "Regex", "InvalidPath"),
    ("relative", "ImplementationSpecific", "InvalidPath"),
])
func invalidPaths(p: String?, type: String?, reason: String) {
    let ing = ingress("a").rule("a.test", path(p, type), path("/ok"))
    let (snapshot, warnings) = build(world(ing))
    #expect(warnings.reasons == [reason])
    #expect(warnings.first?.field == "spec.rules[0].http.paths[0]")
    #expect(snapshot.hosts["a.test"]?.routes.map(\.match) == [.prefix("/ok")])
}

@Test func implementationSpecificIsAPrefixAndAnEmptyPathIsTheRoot() {
    let ing = ingress("a").rule("a.test", path("/app/", "ImplementationSpecific"), path(nil, "ImplementationSpecific"))
    let snap = build(world(ing)).snapshot
    #expect(snap.hosts["a.test"]?.routes.map(\.match) == [.prefix("/app"), .prefix("/")])
}

@Test func regexPathsAreAnchoredOrderedByPatternLengthAndLoseToExactPaths() {
    let ing = ingress("a", annotations: ["portico.io/use-regex": "true"])
        .rule("a.test", path("/api/v[0-9]+/.*", "ImplementationSpecific"), path("/.*", "ImplementationSpecific"),
              path("/api/v1/health", "Exact"))
    let (snap, warnings) = build(world(ing))
    #expect(warnings.isEmpty)
    #expect(snap.hosts["a.test"]?.routes.map(\.match.typeName) == ["Exact", "Regex", "Regex"])
    #expect(snap.lookup(host: "a.test", path: "/api/v2/users")?.route.match == .regex("/api/v[0-9]+/.*"))
    #expect(snap.lookup(host: "a.test", path: "/api/v1/health")?.route.match == .exact("/api/v1/health"))
    #expect(snap.lookup(host: "a.test", path: "/x/api/v2/users")?.route.match == .regex("/.*"), "anchored at the start")
}

@Test func anInvalidRegexWarnsAndIsSkipped() {
    let ing = ingress("a", annotations: ["nginx.ingress.kubernetes.io/use-regex": "true"])
        .rule("a.test", path("/api/(v1", "ImplementationSpecific"), path("/ok", "Prefix"))
    let (snap, warnings) = build(world(ing))
    #expect(warnings.reasons == ["InvalidRegex"])
    #expect(snap.hosts["a.test"]?.routes.map(\.match) == [.prefix("/ok")])
}

@Test func useRegexDoesNotTurnPrefixOrExactPathsIntoRegexes() {
    let ing = ingress("a", annotations: ["portico.io/use-regex": "true"]).rule("a.test", path("/a.c", "Prefix"))
    let snap = build(world(ing)).snapshot
    #expect(snap.lookup(host: "a.test", path: "/abc") == nil)
    #expect(snap.lookup(host: "a.test", path: "/a.c/d") != nil)
}
