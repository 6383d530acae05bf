import Foundation
import KubeAPI
import Reconciler
import Routing
import Testing

private func sample() -> (RoutingSnapshot, [ConfigWarning]) {
    build(world(service("api"), tlsSecret("a-cert"),
                ingress("a", annotations: ["portico.io/backend-protocol": "HTTPS"])
                    .rule("a.test", path("/api", "Exact", to: "api"), path("/")).tls("a-cert", hosts: ["a.test"]),
                ingress("b").rule("*.b.test", path("/", to: "missing")).defaultBackend("web", port: 80)))
}

@Test func theReportRendersAnAlignedTableWithWarningsAndAVerdict() {
    let (snap, warnings) = sample()
    let report = RoutingTableReport(snapshot: snap, warnings: warnings)
    #expect(report.rows.map(\.host) == ["a.test", "a.test", "*.b.test", "*"])
    #expect(report.rows[0] == .init(host: "a.test", path: "/api", type: "Exact", backend: "default/api:80 (HTTPS)",
                                    endpoints: [], tls: "default/a-cert"))
    #expect(report.rows[2].backend == "(none: 503)")
    #expect(report.hasErrors, "a missing Service breaks a route")
    let text = report.renderText()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0].hasPrefix("HOST      PATH  TYPE    BACKEND"))
    #expect(lines[1] == "a.test    /api  Exact   default/api:80 (HTTPS)  (none)         default/a-cert")
    #expect(text.contains("error: Ingress default/b spec.rules[0].http.paths[0].backend.service.name: ServiceNotFound"))
    #expect(text.hasSuffix("FAILED: 1 error(s), 4 routes\n"))
}

@Test func aCleanConfigurationPassesAndNotesDoNotFailIt() {
    let (snap, warnings) = build(world(ingress("a", annotations: ["nginx.ingress.kubernetes.io/rewrite-target": "/"])
        .rule("a.test", path("/"))))
    let report = RoutingTableReport(snapshot: snap, warnings: warnings)
    #expect(!report.hasErrors)
    #expect(report.renderText().hasSuffix("OK: 1 routes\n"))
    let failed = RoutingTableReport(snapshot: snap, warnings: warnings,
                                    loadErrors: [ManifestError(file: "x.yaml", line: 3, column: 1, message: "bad")])
    #expect(failed.hasErrors)
    #expect(failed.renderText().contains("  x.yaml:3:1: bad\n"))
}

@Test func theSnapshotJSONIsValidAndCarriesNoKeyMaterial() throws {
    let (snap, _) = sample()
    let json = SnapshotJSON.render(snap)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let hosts = parsed?["hosts"] as? [[String: Any]]
    #expect(hosts?.map { $0["name"] as? String } == ["a.test", "*.b.test", "*"])
    #expect((parsed?["warnings"] as? [Any])?.count == 1)
    #expect(!json.contains("PRIVATE KEY"))
    #expect(SnapshotJSON.render(snap) == json, "deterministic")
    #expect(SnapshotJSON.render(.empty).hasPrefix("{\"generation\":0,\"hosts\":[]"))
}
