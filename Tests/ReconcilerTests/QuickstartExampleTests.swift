import Controller
import Foundation
import KubeAPI
import Reconciler
import Routing
import Testing

/// examples/quickstart, found from this file's path.
private let quickstart = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/quickstart").path

@Test func theQuickstartExampleLoadsWithoutWarningsAndRoutesAsItsReadmeSays() throws {
    let load = ManifestFolder.load(quickstart)
    #expect(load.errors.isEmpty, "\(load.errors)")
    let (snap, warnings) = SnapshotBuilder.build(ClusterState(objects: load.objects))
    #expect(warnings.isEmpty, "\(warnings)")
    func target(_ host: String, _ path: String) -> String? {
        snap.lookup(host: host, path: path)?.backend?.endpoints.first?.description
    }
    #expect(target("app.localhost", "/") == "127.0.0.1:9001")
    #expect(target("app.localhost", "/version") == "127.0.0.1:9002")
    #expect(target("app.localhost", "/version/x") == "127.0.0.1:9001", "Exact")
    #expect(target("app.localhost", "/api/users") == "127.0.0.1:9002")
    #expect(target("app.localhost", "/apiary") == "127.0.0.1:9001")
    #expect(target("API.localhost:8443", "/anything") == "127.0.0.1:9002")
    #expect(target("other.localhost", "/") == nil)
    #expect(snap.hosts["app.localhost"]?.tlsSecret?.name == "quickstart-tls")
    #expect(snap.tls.exact.keys.sorted() == ["api.localhost", "app.localhost"])
    let cert = try #require(snap.tls.exact["app.localhost"])
    #expect(String(decoding: cert.certificatePEM, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
    #expect(String(decoding: cert.privateKeyPEM, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
}

@Test func checkingTheQuickstartPassesAndABrokenFolderFails() {
    let ok = ManifestFolder.check(quickstart)
    #expect(!ok.hasErrors)
    #expect(ok.rows.count == 4)
    #expect(ok.renderText().hasSuffix("OK: 4 routes\n"))

    let dir = TempFolder()
    dir.write("ok.json", classJSON)
    dir.write("bad.yaml", "kind: Service\nmetadata: [\n")
    let bad = ManifestFolder.check(dir.path)
    #expect(bad.hasErrors)
    #expect(bad.loadErrors.first?.file.hasSuffix("bad.yaml") == true)
    #expect(bad.loadErrors.first?.line != nil)
}
