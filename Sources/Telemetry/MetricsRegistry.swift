import Synchronization

/// Owns the metric families of one process and renders them for a Prometheus scrape.
///
/// Create one at startup with the number of data-plane workers, register families (see
/// `PorticoMetrics`), hand the children to the code that updates them, and serve `render()`
/// on `/metrics` with `contentType`.
///
/// Registering an invalid name, or the same name twice with a different type or label
/// names, is a programming error and traps; registering the same family twice returns the
/// existing one.
public final class MetricsRegistry: Sendable {
    /// The `Content-Type` of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Number of worker shards every counter, gauge and histogram has.
    public let workerCount: Int
    /// Most label sets one family holds; further ones share a child labeled `overflow`.
    public let maxSeriesPerFamily: Int

    private enum Entry {
        case counter(CounterFamily)
        case gauge(GaugeFamily)
        case histogram(HistogramFamily)
        case callbackGauge(CallbackGaugeFamily)

        var collector: any MetricsCollector {
            switch self {
            case .counter(let f): f
            case .gauge(let f): f
            case .histogram(let f): f
            case .callbackGauge(let f): f
            }
        }
    }

    private let families = Mutex<[String: Entry]>([:])
    private let collectors = Mutex<[any MetricsCollector]>([])

    /// A registry whose metrics have `workerCount` single-writer shards (one per data-plane
    /// worker thread, so at least the data plane's worker count) plus one shared shard for
    /// every other thread. `maxSeriesPerFamily` bounds the memory of a family whose label
    /// values turn out unbounded.
    public init(workerCount: Int = 1, maxSeriesPerFamily: Int = 100_000) {
        precondition(workerCount >= 0, "workerCount must not be negative")
        precondition(maxSeriesPerFamily > 0, "maxSeriesPerFamily must be positive")
        self.workerCount = workerCount
        self.maxSeriesPerFamily = maxSeriesPerFamily
    }

    /// Registers (or finds) a counter family. By convention the name ends in `_total`.
    public func counter(_ name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        validate(name, labelNames)
        return families.withLock { map in
            if let e = map[name] {
                guard case .counter(let f) = e, f.labelNames == labelNames else { conflict(name) }
                return f
            }
            let f = CounterFamily(name: name, help: help, labelNames: labelNames, workerCount: workerCount,
                                  limit: maxSeriesPerFamily)
            map[name] = .counter(f)
            return f
        }
    }

    /// Registers (or finds) a gauge family.
    public func gauge(_ name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        validate(name, labelNames)
        return families.withLock { map in
            if let e = map[name] {
                guard case .gauge(let f) = e, f.labelNames == labelNames else { conflict(name) }
                return f
            }
            let f = GaugeFamily(name: name, help: help, labelNames: labelNames, workerCount: workerCount,
                                limit: maxSeriesPerFamily)
            map[name] = .gauge(f)
            return f
        }
    }

    /// Registers (or finds) a histogram family; `buckets` are finite, strictly increasing
    /// upper bounds (`+Inf` is added on output).
    public func histogram(_ name: String, help: String, labelNames: [String] = [],
                          buckets: [Double] = HistogramBuckets.latency) -> HistogramFamily {
        validate(name, labelNames)
        precondition(!labelNames.contains("le"), "histogram \(name) must not use the label name le")
        precondition(!buckets.isEmpty && buckets.allSatisfy(\.isFinite)
                     && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 },
                     "histogram \(name) needs finite, strictly increasing buckets")
        return families.withLock { map in
            if let e = map[name] {
                guard case .histogram(let f) = e, f.labelNames == labelNames,
                      f.upperBounds == buckets else { conflict(name) }
                return f
            }
            let f = HistogramFamily(name: name, help: help, labelNames: labelNames,
                                    upperBounds: buckets, workerCount: workerCount, limit: maxSeriesPerFamily)
            map[name] = .histogram(f)
            return f
        }
    }

    /// Registers (or finds) a gauge family whose samples a closure produces at scrape time.
    public func callbackGauge(_ name: String, help: String,
                              labelNames: [String] = []) -> CallbackGaugeFamily {
        validate(name, labelNames)
        return families.withLock { map in
            if let e = map[name] {
                guard case .callbackGauge(let f) = e, f.labelNames == labelNames else { conflict(name) }
                return f
            }
            let f = CallbackGaugeFamily(name: name, help: help, labelNames: labelNames)
            map[name] = .callbackGauge(f)
            return f
        }
    }

    /// Adds a collector whose families join every scrape (e.g. `ProcessMetrics`). A family
    /// name that is already registered wins over the collector's.
    public func register(_ collector: some MetricsCollector) {
        collectors.withLock { $0.append(collector) }
    }

    /// Adds a collector given as a closure, e.g. to expose counters another module keeps in
    /// its own structures as proper families (with help text) at scrape time.
    public func register(collect: @escaping @Sendable () -> [MetricFamilySamples]) {
        register(ClosureCollector(produce: collect))
    }

    /// Every family, sorted by name, read now.
    public func collect() -> [MetricFamilySamples] {
        let registered = families.withLock { map in map.values.map(\.collector) }
        let extra = collectors.withLock { $0 }
        var byName: [String: MetricFamilySamples] = [:]
        for c in registered + extra {
            for family in c.collect() where byName[family.name] == nil {
                byName[family.name] = family
            }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// The Prometheus text exposition (format 0.0.4) of every family.
    public func render() -> String {
        Exposition.render(collect())
    }

    private func validate(_ name: String, _ labelNames: [String]) {
        precondition(MetricName.isValidMetricName(name), "invalid metric name \(name)")
        for l in labelNames {
            precondition(MetricName.isValidLabelName(l), "invalid label name \(l) in metric \(name)")
        }
        precondition(Set(labelNames).count == labelNames.count, "duplicate label names in metric \(name)")
    }

    private func conflict(_ name: String) -> Never {
        preconditionFailure("metric \(name) is already registered with another type, labels or buckets")
    }
}

/// A collector backed by a closure (see `MetricsRegistry.register(collect:)`).
struct ClosureCollector: MetricsCollector {
    let produce: @Sendable () -> [MetricFamilySamples]
    func collect() -> [MetricFamilySamples] { produce() }
}
