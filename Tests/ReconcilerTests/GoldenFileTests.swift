import Controller
import Foundation
import KubeAPI
import Reconciler
import Routing
import Testing

/// Golden files: each `Golden/NAME.yaml` is loaded as a manifests folder would be, built,
/// and rendered with `RoutingTableReport`; the text must equal `Golden/NAME.out`.
/// Run with `PORTICO_UPDATE_GOLDEN=1` to rewrite the `.out` files after a deliberate change.
private let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

@Test("Golden manifests render the expected routing table and warnings",
      arguments: ["conflicts-and-merge", "broken-objects", "nginx-migration"])
func goldenManifests(name: String) throws {
    let input = goldenDir + "/\(name).yaml"
    let load = ManifestLoader().load(contentsOf: input)
    let (snapshot, warnings) = SnapshotBuilder.build(ClusterState(objects: load.objects))
    let text = RoutingTableReport(snapshot: snapshot, warnings: warnings, loadErrors: load.errors).renderText()
    let outPath = goldenDir + "/\(name).out"
    if ProcessInfo.processInfo.environment["PORTICO_UPDATE_GOLDEN"] == "1" {
        try text.write(toFile: outPath, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOfFile: outPath, encoding: .utf8)
    #expect(text == expected)
}
