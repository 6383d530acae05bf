import Telemetry

/// Metric names Portico exposes (families and their histogram series), for checking that the
/// alerts and the dashboard query only real metrics.
enum ExposedMetrics {
    static let names: Set<String> = Set(PorticoMetrics(registry: MetricsRegistry()).registry.collect().flatMap { family in
        [family.name, family.name + "_bucket", family.name + "_sum", family.name + "_count"]
    })

    /// `portico_*` and `process_*` identifiers in a PromQL expression.
    static func referenced(in expr: String) -> [String] {
        expr.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            .filter { $0.hasPrefix("portico_") || $0.hasPrefix("process_") }.map(String.init)
    }
}
