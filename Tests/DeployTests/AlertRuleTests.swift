import Foundation
import Testing
import YAML

/// The chart's PrometheusRule: valid for `promtool check rules`, and every metric it queries
/// is one that `PorticoMetrics` exposes.
@Suite(.enabled(if: Manifests.helmPath != nil, "helm is not installed"))
struct AlertRuleTests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func ruleGroups() throws -> YAMLNode {
        let set = try Manifests.renderChart(set: ["metrics.prometheusRule.enabled=true"])
        let rule = try #require(set.one("PrometheusRule"))
        #expect(rule.apiVersion == "monitoring.coreos.com/v1")
        return try #require(rule.node["spec"])
    }

    @Test func thePrometheusRuleIsOffByDefault() throws {
        #expect(try Manifests.renderChart().all("PrometheusRule").isEmpty)
    }

    @Test func everyAlertQueriesOnlyMetricsPorticoExposes() throws {
        let exposed = ExposedMetrics.names
        let rules = try Self.ruleGroups()["groups"]?.array.flatMap { $0["rules"]?.array ?? [] } ?? []
        #expect(rules.count >= 5)
        for rule in rules {
            let expr = rule["expr"]?.string ?? ""
            let used = ExposedMetrics.referenced(in: expr)
            #expect(!used.isEmpty, "rule \(rule["alert"]?.string ?? "?") queries no Portico metric")
            for name in used { #expect(exposed.contains(name), "rule \(rule["alert"]?.string ?? "?") uses unknown metric \(name)") }
        }
    }

    @Test(.enabled(if: promtool != nil, "promtool is not installed"))
    func theRulesPassPromtoolCheckRules() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portico-rules.json")
        // JSON is YAML, so the spec serialized as JSON is a valid rules file.
        // YAMLNode's description is JSON (promtool reads YAML or JSON); rules hold no .inf/.nan.
        try (try Self.ruleGroups()).description.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.promtool!)
        p.arguments = ["check", "rules", file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
    }
}
