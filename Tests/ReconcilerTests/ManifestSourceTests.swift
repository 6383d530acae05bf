import Controller
import Foundation
import KubeAPI
import Reconciler
import Routing
import Telemetry
import Testing

/// A fresh temporary folder per test, removed at the end.
final class TempFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "portico-manifests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) {
        let full = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try? text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    func remove(_ name: String) { try? FileManager.default.removeItem(atPath: path + "/" + name) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

let classJSON = #"{"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "portico"}, "spec": {"controller": "portico.io/ingress-controller"}}"#

func serviceJSON(_ name: String) -> String {
    #"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "\#(name)"}, "spec": {"ports": [{"name": "http", "port": 80, "targetPort": 8080}]}}"#
}

func sliceJSON(_ service: String, _ ip: String) -> String {
    #"{"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "\#(service)-1", "labels": {"kubernetes.io/service-name": "\#(service)"}}, "addressType": "IPv4", "endpoints": [{"addresses": ["\#(ip)"]}], "ports": [{"name": "http", "port": 8080}]}"#
}

func ingressJSON(host: String, service: String) -> String {
    #"{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"ingressClassName": "portico", "rules": [{"host": "\#(host)", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "\#(service)", "port": {"number": 80}}}}]}}]}}"#
}

/// Polls `condition` every 10 ms for at most 5 s; bounded so a broken watcher fails the test.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}

@Test func aFolderLoadsRecursivelyAndIgnoresOtherFiles() {
    let dir = TempFolder()
    dir.write("class.json", classJSON)
    dir.write("apps/web/svc.json", serviceJSON("web"))
    dir.write("apps/web/slice.json", sliceJSON("web", "127.0.0.1"))
    dir.write("apps/web/ingress.json", ingressJSON(host: "a.test", service: "web"))
    dir.write("README.md", "not a manifest")
    dir.write(".hidden/x.json", "{ broken")
    let result = ManifestFolder.load(dir.path)
    #expect(result.errors.isEmpty)
    #expect(result.objects.count == 4)
    #expect(ManifestFolder.load(dir.path + "/nope").errors.count == 1)
}

@Test func theSourcePublishesWatchesAndKeepsTheLastGoodSnapshotOnErrors() {
    let dir = TempFolder()
    dir.write("class.json", classJSON)
    dir.write("svc.json", "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [\(serviceJSON("web")), \(serviceJSON("api"))]}")
    dir.write("slices.json", "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [\(sliceJSON("web", "127.0.0.1")), \(sliceJSON("api", "127.0.0.2"))]}")
    dir.write("ingress.json", ingressJSON(host: "a.test", service: "web"))
    let store = SnapshotStore()
    let sink = CapturingLogSink()
    let source = ManifestSource(directory: dir.path, options: .init(pollIntervalMilliseconds: 20),
                                store: store, log: Logger(label: "test", sink: sink))
    source.start()
    defer { source.stop() }

    #expect(eventually { store.load().lookup(host: "a.test", path: "/")?.backend?.name.service == "web" })

    // An edit is picked up.
    dir.write("ingress.json", ingressJSON(host: "a.test", service: "api"))
    #expect(eventually { store.load().lookup(host: "a.test", path: "/")?.backend?.name.service == "api" })

    // An endpoint-only change takes the fast path.
    let generation = store.generation
    dir.write("slices.json", "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [\(sliceJSON("web", "127.0.0.1")), \(sliceJSON("api", "127.0.0.9"))]}")
    #expect(eventually { store.load().lookup(host: "a.test", path: "/")?.backend?.endpoints.first?.host == "127.0.0.9" })
    #expect(store.generation > generation)
    #expect(source.lastReport?.published?.endpointsOnly == true)

    // A broken file keeps the previous snapshot serving and names the file.
    let before = store.generation
    dir.write("ingress.json", "{ \"kind\": ")
    #expect(eventually { sink.lines.contains { $0.contains("ingress.json") && $0.contains("level=error") } })
    #expect(store.generation == before)
    #expect(store.load().lookup(host: "a.test", path: "/") != nil)

    // Removing the broken file recovers; the Ingress is gone with it.
    dir.remove("ingress.json")
    #expect(eventually { store.generation > before && store.load().lookup(host: "a.test", path: "/") == nil })
}

@Test func stopReturnsWhenTheSourceWasNeverStarted() {
    let dir = TempFolder()
    let source = ManifestSource(directory: dir.path, store: SnapshotStore(), log: Logger(label: "t", sink: CapturingLogSink()))
    source.stop()
    #expect(source.reload().published != nil, "an empty folder is a valid, empty configuration")
}

@Test func inotifyServesAChangeLongBeforeTheNextPoll() {
    let dir = TempFolder()
    dir.write("class.json", classJSON)
    dir.write("svc.json", serviceJSON("web"))
    dir.write("sub/ingress.json", ingressJSON(host: "a.test", service: "web"))
    let store = SnapshotStore()
    let source = ManifestSource(directory: dir.path, options: .init(pollIntervalMilliseconds: 1_000),
                                store: store, log: Logger(label: "t", sink: CapturingLogSink()))
    source.start()
    defer { source.stop() }
    #expect(eventually { store.load().lookup(host: "a.test", path: "/") != nil })
    let before = store.generation
    // Behaviour, not timing: with a 1 s poll the change still shows up; with inotify it
    // comes well before the next poll (the bench reports the figure).
    dir.write("sub/ingress.json", ingressJSON(host: "b.test", service: "web"))
    #expect(eventually { store.load().lookup(host: "b.test", path: "/") != nil })
    #expect(store.generation > before)
    // A new subfolder is watched too.
    dir.write("more/deeper/x.json", ingressJSON(host: "c.test", service: "web").replacingOccurrences(of: "\"web\"}", with: "\"web2\"}"))
    #expect(eventually { store.load().lookup(host: "c.test", path: "/") != nil })
}
