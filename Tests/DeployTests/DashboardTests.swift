import Foundation
import Testing
import YAML

/// The chart's Grafana dashboard: valid JSON, shipped in its ConfigMap when enabled, and
/// querying only metrics Portico exposes.
@Suite struct DashboardTests {
    static let file = Manifests.chartDirectory.appendingPathComponent("dashboards/portico.json")

    static func dashboard() throws -> [String: Any] {
        let data = try Data(contentsOf: file)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func expressions(_ dashboard: [String: Any]) -> [String] {
        let panels = dashboard["panels"] as? [[String: Any]] ?? []
        return panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
    }

    @Test func everyPanelQueriesOnlyMetricsPorticoExposes() throws {
        let exprs = Self.expressions(try Self.dashboard())
        #expect(exprs.count >= 15)
        for expr in exprs {
            let used = ExposedMetrics.referenced(in: expr)
            #expect(!used.isEmpty, "panel query \(expr) uses no Portico metric")
            for name in used { #expect(ExposedMetrics.names.contains(name), "unknown metric \(name) in \(expr)") }
        }
    }

    @Test func panelsDoNotOverlapOnTheGrid() throws {
        let panels = try Self.dashboard()["panels"] as? [[String: Any]] ?? []
        var cells: Set<[Int]> = []
        for panel in panels {
            let g = panel["gridPos"] as? [String: Int] ?? [:]
            let (x, y, w, h) = (g["x"] ?? 0, g["y"] ?? 0, g["w"] ?? 0, g["h"] ?? 0)
            #expect(x + w <= 24, "panel \(panel["title"] ?? "?") is wider than the grid")
            for cx in x..<(x + w) { for cy in y..<(y + h) { #expect(cells.insert([cx, cy]).inserted) } }
        }
    }

    @Test(.enabled(if: Manifests.helmPath != nil, "helm is not installed"))
    func theDashboardConfigMapCarriesTheFileAndTheSidecarLabel() throws {
        #expect(try Manifests.renderChart().all("ConfigMap").isEmpty)
        let set = try Manifests.renderChart(set: ["grafanaDashboard.enabled=true"])
        let cm = try #require(set.one("ConfigMap"))
        #expect(cm.labels["grafana_dashboard"] == "1")
        let shipped = try #require(cm.node["data", "portico.json"]?.string)
        let original = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(shipped == original.trimmingCharacters(in: .newlines))
    }
}
