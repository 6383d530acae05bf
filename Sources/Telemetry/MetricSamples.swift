/// The kind of a metric family, as written on its `# TYPE` line.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram, untyped
}

/// One sample value: exact integers for counts, doubles for everything else.
public enum SampleValue: Sendable, Equatable {
    case count(UInt64)
    case real(Double)
}

/// One line of exposition: `name{labels} value`.
public struct MetricSample: Sendable, Equatable {
    /// Full sample name, e.g. `portico_http_request_duration_seconds_bucket`.
    public var name: String
    /// Label pairs in order (for histogram buckets, `le` comes last).
    public var labels: [LabelPair]
    /// The value.
    public var value: SampleValue

    /// A sample named `name` with `labels` and `value`.
    public init(name: String, labels: [LabelPair] = [], value: SampleValue) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

/// A label name and its value.
public struct LabelPair: Sendable, Equatable {
    /// Label name (validated at registration).
    public var name: String
    /// Label value (any UTF-8; escaped on output).
    public var value: String

    /// A label `name="value"`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A family as read at scrape time: what one `# HELP`/`# TYPE` block renders.
public struct MetricFamilySamples: Sendable, Equatable {
    /// Family name.
    public var name: String
    /// Help text (escaped on output).
    public var help: String
    /// Family type.
    public var type: MetricType
    /// Samples, in output order.
    public var samples: [MetricSample]

    /// A family snapshot.
    public init(name: String, help: String, type: MetricType, samples: [MetricSample]) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }
}

/// Anything that contributes metric families to a scrape (families, `ProcessMetrics`, ...).
public protocol MetricsCollector: Sendable {
    /// The families this collector exposes right now.
    func collect() -> [MetricFamilySamples]
}
