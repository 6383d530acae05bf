import Foundation
import Testing
@testable import Telemetry

/// Checks a full Portico registry with `promtool check metrics` when promtool is installed
/// (Debian package `prometheus`); skipped otherwise.
@Suite struct PromtoolTests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: promtool != nil, "promtool is not installed"))
    func aRenderedPorticoRegistryPassesPromtoolCheckMetrics() throws {
        let r = MetricsRegistry(workerCount: 2)
        let m = PorticoMetrics(registry: r, version: "1.0.0-test")
        m.route(RouteLabels(namespace: "shop", ingress: "web", host: "shop.example.com", path: "/api",
                            service: "api"))
            .record(method: .get, statusCode: 200, durationSeconds: 0.012, upstreamSeconds: 0.01,
                    requestBytes: 0, responseBytes: 512, worker: 1)
        m.listener("http").activeConnections.increment(worker: 0)
        m.backend(BackendLabels(namespace: "shop", service: "api", port: "http")).connectFailures.increment(worker: 0)
        m.readyEndpoints.setProvider { [LabeledValue(["shop", "api", "http"], 3)] }
        m.configWarnings.setProvider { [LabeledValue(["InvalidPath"], 1)] }
        m.snapshotPublished(generation: 4, buildSeconds: 0.003)
        m.kubeEvents.labels("Ingress", "ADDED").increment()
        m.tlsHandshakeFailures.labels("protocol").increment()
        r.counter("portico_test_odd_labels_total", help: "Help with \\ backslash,\nnewline and \"quotes\".",
                  labelNames: ["value"])
            .labels("quote \" backslash \\ newline \n unicode ü ✓ {}=,").increment()
        let text = r.render()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.promtool!)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool said: \(report)\n\(text)")
        #expect(report.isEmpty, "promtool lint findings: \(report)")
    }
}
