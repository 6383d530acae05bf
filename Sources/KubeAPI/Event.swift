/// core/v1 Event: what Portico posts about objects it cannot serve as written
/// (`kubectl describe ingress` shows them).
public struct Event: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/api/v1"
    public static let resource = "events"
    public static let isNamespaced = true
    public static let apiVersion = "v1"
    public static let kind = "Event"

    public var metadata: ObjectMeta
    /// The object the event is about.
    public var involvedObject: ObjectReference
    /// Short CamelCase reason, e.g. `RouteConflict`.
    public var reason: String?
    /// What happened, for a human.
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    /// How many times this event occurred (deduplicated events bump it).
    public var count: Int32?
    /// First occurrence (`Time`, whole seconds).
    public var firstTimestamp: String?
    /// Latest occurrence (`Time`, whole seconds).
    public var lastTimestamp: String?
    /// Who reported it.
    public var source: EventSource?
    /// The controller name, e.g. `portico.io/ingress-controller`.
    public var reportingComponent: String?
    /// The reporting instance (pod name).
    public var reportingInstance: String?

    public init(metadata: ObjectMeta, involvedObject: ObjectReference, reason: String? = nil,
                message: String? = nil, type: String? = nil, count: Int32? = nil,
                firstTimestamp: String? = nil, lastTimestamp: String? = nil, source: EventSource? = nil,
                reportingComponent: String? = nil, reportingInstance: String? = nil) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.source = source
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, metadata, involvedObject, reason, message, type, count, firstTimestamp
        case lastTimestamp, source, reportingComponent, reportingInstance
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ObjectMeta.self, forKey: .metadata)
        involvedObject = try c.decode(ObjectReference.self, forKey: .involvedObject)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        count = try c.decodeIfPresent(Int32.self, forKey: .count)
        firstTimestamp = try c.decodeIfPresent(String.self, forKey: .firstTimestamp)
        lastTimestamp = try c.decodeIfPresent(String.self, forKey: .lastTimestamp)
        source = try c.decodeIfPresent(EventSource.self, forKey: .source)
        reportingComponent = try c.decodeIfPresent(String.self, forKey: .reportingComponent)
        reportingInstance = try c.decodeIfPresent(String.self, forKey: .reportingInstance)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.apiVersion, forKey: .apiVersion)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(involvedObject, forKey: .involvedObject)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(count, forKey: .count)
        try c.encodeIfPresent(firstTimestamp, forKey: .firstTimestamp)
        try c.encodeIfPresent(lastTimestamp, forKey: .lastTimestamp)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(reportingComponent, forKey: .reportingComponent)
        try c.encodeIfPresent(reportingInstance, forKey: .reportingInstance)
    }
}

/// core/v1 ObjectReference: names the object an Event is about.
public struct ObjectReference: Codable, Hashable, Sendable {
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var apiVersion: String?
    public var resourceVersion: String?

    public init(kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil,
                apiVersion: String? = nil, resourceVersion: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.resourceVersion = resourceVersion
    }
}

/// core/v1 EventSource: the component (and host) that reported an Event.
public struct EventSource: Codable, Hashable, Sendable {
    public var component: String?
    public var host: String?

    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
}
