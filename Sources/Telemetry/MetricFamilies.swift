import Synchronization

/// Children of a labeled family, created once per label-value tuple.
///
/// The lookup takes a lock and hashes strings, so callers do it once (at startup, or when
/// a snapshot introduces a new route) and keep the child: the request path never comes here.
///
/// A family holds at most `limit` children: past it, new label sets share one child whose
/// every label is `overflow`, so a label fed with unbounded values (a bug) costs a wrong
/// series, never unbounded memory.
final class LabeledChildren<Child: Sendable>: Sendable {
    let name: String
    let labelNames: [String]
    let limit: Int
    private let children = Mutex<[[String]: Child]>([:])
    private let make: @Sendable () -> Child

    /// The label value of the shared child past the limit.
    static var overflowValue: String { "overflow" }

    init(name: String, labelNames: [String], limit: Int, make: @escaping @Sendable () -> Child) {
        self.name = name
        self.labelNames = labelNames
        self.limit = limit
        self.make = make
    }

    func child(_ values: [String]) -> Child {
        precondition(values.count == labelNames.count,
                     "metric \(name) takes labels \(labelNames), got \(values.count) values")
        return children.withLock { map in
            if let existing = map[values] { return existing }
            var key = values
            if map.count >= limit {
                key = Array(repeating: Self.overflowValue, count: values.count)
                if let overflow = map[key] { return overflow }
            }
            let c = make()
            map[key] = c
            return c
        }
    }

    func remove(_ values: [String]) {
        _ = children.withLock { $0.removeValue(forKey: values) }
    }

    func removeAll() {
        children.withLock { $0.removeAll() }
    }

    /// Children sorted by label values, for stable output.
    func sorted() -> [(values: [String], child: Child)] {
        let all = children.withLock { map in map.map { (values: $0.key, child: $0.value) } }
        return all.sorted { $0.values.lexicographicallyPrecedes($1.values) }
    }

    func pairs(_ values: [String]) -> [LabelPair] {
        zip(labelNames, values).map { LabelPair($0, $1) }
    }
}

/// A counter metric with a fixed list of label names; `labels(...)` gives the child to keep.
public final class CounterFamily: MetricsCollector {
    /// Family name.
    public let name: String
    /// Help text.
    public let help: String
    let children: LabeledChildren<Counter>

    init(name: String, help: String, labelNames: [String], workerCount: Int, limit: Int) {
        self.name = name
        self.help = help
        children = LabeledChildren(name: name, labelNames: labelNames, limit: limit) {
            Counter(workerCount: workerCount)
        }
    }

    /// Label names, in the order `labels(...)` takes values.
    public var labelNames: [String] { children.labelNames }

    /// The child for these label values (one per label name, in order). Cache it.
    public func labels(_ values: String...) -> Counter { children.child(values) }

    /// The child for these label values (one per label name, in order). Cache it.
    public func labels(_ values: [String]) -> Counter { children.child(values) }

    /// Stops exposing a child (e.g. a route that no longer exists).
    public func remove(_ values: [String]) { children.remove(values) }

    public func collect() -> [MetricFamilySamples] {
        let samples = children.sorted().map {
            MetricSample(name: name, labels: children.pairs($0.values), value: .count($0.child.value))
        }
        return [MetricFamilySamples(name: name, help: help, type: .counter, samples: samples)]
    }
}

/// A gauge metric with a fixed list of label names; `labels(...)` gives the child to keep.
public final class GaugeFamily: MetricsCollector {
    /// Family name.
    public let name: String
    /// Help text.
    public let help: String
    let children: LabeledChildren<Gauge>

    init(name: String, help: String, labelNames: [String], workerCount: Int, limit: Int) {
        self.name = name
        self.help = help
        children = LabeledChildren(name: name, labelNames: labelNames, limit: limit) {
            Gauge(workerCount: workerCount)
        }
    }

    /// Label names, in the order `labels(...)` takes values.
    public var labelNames: [String] { children.labelNames }

    /// The child for these label values (one per label name, in order). Cache it.
    public func labels(_ values: String...) -> Gauge { children.child(values) }

    /// The child for these label values (one per label name, in order). Cache it.
    public func labels(_ values: [String]) -> Gauge { children.child(values) }

    /// Stops exposing a child (e.g. a Secret that was deleted).
    public func remove(_ values: [String]) { children.remove(values) }

    /// Stops exposing every child.
    public func removeAll() { children.removeAll() }

    public func collect() -> [MetricFamilySamples] {
        let samples = children.sorted().map {
            MetricSample(name: name, labels: children.pairs($0.values), value: .real($0.child.value))
        }
        return [MetricFamilySamples(name: name, help: help, type: .gauge, samples: samples)]
    }
}

/// A histogram metric with a fixed list of label names and bucket bounds.
public final class HistogramFamily: MetricsCollector {
    /// Family name.
    public let name: String
    /// Help text.
    public let help: String
    /// Finite upper bounds of the buckets.
    public let upperBounds: [Double]
    let children: LabeledChildren<Histogram>

    init(name: String, help: String, labelNames: [String], upperBounds: [Double], workerCount: Int,
         limit: Int) {
        self.name = name
        self.help = help
        self.upperBounds = upperBounds
        children = LabeledChildren(name: name, labelNames: labelNames, limit: limit) {
            Histogram(upperBounds: upperBounds, workerCount: workerCount)
        }
    }

    /// Label names, in the order `labels(...)` takes values.
    public var labelNames: [String] { children.labelNames }

    /// The child for these label values (one per label name, in order). Cache it.
    public func labels(_ values: String...) -> Histogram { children.child(values) }

    /// The child for these label values (one per label name, in order). Cache it.
    public func labels(_ values: [String]) -> Histogram { children.child(values) }

    /// Stops exposing a child.
    public func remove(_ values: [String]) { children.remove(values) }

    public func collect() -> [MetricFamilySamples] {
        let les = upperBounds.map(Exposition.formatNumber) + ["+Inf"]
        var samples: [MetricSample] = []
        for (values, child) in children.sorted() {
            let base = children.pairs(values)
            let state = child.state
            for (le, count) in zip(les, state.cumulativeCounts) {
                samples.append(MetricSample(name: name + "_bucket", labels: base + [LabelPair("le", le)],
                                            value: .count(count)))
            }
            samples.append(MetricSample(name: name + "_sum", labels: base, value: .real(state.sum)))
            samples.append(MetricSample(name: name + "_count", labels: base, value: .count(state.count)))
        }
        return [MetricFamilySamples(name: name, help: help, type: .histogram, samples: samples)]
    }
}

/// A gauge family whose samples come from a closure evaluated at each scrape (ready
/// endpoints per backend, snapshot generation, certificate expiry): no stale children.
public final class CallbackGaugeFamily: MetricsCollector {
    /// Family name.
    public let name: String
    /// Help text.
    public let help: String
    /// Label names; each sample's values come in this order.
    public let labelNames: [String]
    private let provider = Mutex<(@Sendable () -> [LabeledValue])?>(nil)

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Sets the closure that produces the samples; it runs on the scraping thread, must be
    /// quick and must not call back into the registry.
    public func setProvider(_ provider: @escaping @Sendable () -> [LabeledValue]) {
        self.provider.withLock { $0 = provider }
    }

    /// Sets a provider for an unlabeled gauge.
    public func setProvider(_ value: @escaping @Sendable () -> Double) {
        setProvider { [LabeledValue([], value())] }
    }

    public func collect() -> [MetricFamilySamples] {
        let produce = provider.withLock { $0 }
        var rows = (produce?() ?? []).filter { $0.labelValues.count == labelNames.count }
        rows.sort { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
        let samples = rows.map {
            MetricSample(name: name, labels: zip(labelNames, $0.labelValues).map { LabelPair($0, $1) },
                         value: .real($0.value))
        }
        return [MetricFamilySamples(name: name, help: help, type: .gauge, samples: samples)]
    }
}

/// One sample from a callback: label values (in the family's label-name order) and a value.
public struct LabeledValue: Sendable, Equatable {
    /// Values for the family's labels, in order.
    public var labelValues: [String]
    /// The value.
    public var value: Double

    /// A sample with these label values.
    public init(_ labelValues: [String], _ value: Double) {
        self.labelValues = labelValues
        self.value = value
    }
}
