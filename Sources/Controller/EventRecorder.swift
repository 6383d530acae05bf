import Dispatch
import Foundation
import KubeAPI
import KubeClient
import Reconciler
import Routing
import Synchronization
import Telemetry

/// Posts the builder's warnings as core/v1 Events (type Warning) on the objects they are
/// about, so `kubectl describe ingress` shows why a route is not served.
///
/// A warning is reported when it appears, not on every rebuild: while it persists nothing
/// is sent. When the same object+reason+message comes back after going away, the existing
/// Event's `count` is bumped with a merge patch instead of creating another one (a new
/// Event only if that one has expired). Reports pass a token bucket; what is refused is
/// retried on a later rebuild. Runs on a private queue; `record` never blocks.
public final class EventRecorder: Sendable {
    /// Who reports and how fast.
    public struct Configuration: Sendable {
        /// `source.component`.
        public var component: String
        /// `reportingComponent`, e.g. `portico.io/ingress-controller`.
        public var controllerName: String
        /// `reportingInstance` and `source.host`: the pod name.
        public var instance: String
        /// Token bucket size and refill interval.
        public var burst: Int
        public var refillInterval: Duration

        public init(component: String = "portico", controllerName: String = "portico.io/ingress-controller",
                    instance: String = ProcessInfo.processInfo.hostName, burst: Int = 25,
                    refillInterval: Duration = .seconds(1)) {
            self.component = component
            self.controllerName = controllerName
            self.instance = instance
            self.burst = burst
            self.refillInterval = refillInterval
        }
    }

    /// What the recorder did, for tests and the debug endpoint.
    public struct Statistics: Sendable, Hashable {
        public var created = 0
        public var updated = 0
        public var rateLimited = 0
        public var failed = 0
    }

    /// Identity of a reported warning: object, reason and message (the field is left out).
    struct Key: Hashable, Sendable {
        var object: ObjectRef
        var reason: String
        var message: String
    }

    private struct Posted: Sendable {
        var namespace: String
        var name: String
        var count: Int32
    }

    private struct State: Sendable {
        var latest: ([ConfigWarning], ClusterState)?
        var scheduled = false
        /// Warnings reported and still present in the last build.
        var active: Set<Key> = []
        /// Events created, for count bumps (bounded).
        var posted: [Key: Posted] = [:]
        var limiter: EventRateLimiter
        var statistics = Statistics()
    }

    private let client: KubeClient
    private let configuration: Configuration
    private let logger: Logger
    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "portico.events")

    public init(client: KubeClient, configuration: Configuration = .init(), logger: Logger = Logger(label: "events")) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(limiter: EventRateLimiter(burst: configuration.burst, interval: configuration.refillInterval)))
    }

    /// Counters since start.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Schedules reporting of `warnings` (the full current set) about objects in `objects`.
    public func record(_ warnings: [ConfigWarning], objects: ClusterState) {
        let schedule = state.withLock { s -> Bool in
            s.latest = (warnings, objects)
            if s.scheduled { return false }
            s.scheduled = true
            return true
        }
        if schedule { queue.async { [self] in drain() } }
    }

    /// Waits until scheduled work has run.
    public func flush() { queue.sync {} }

    private func drain() {
        guard let (warnings, objects) = state.withLock({ s -> ([ConfigWarning], ClusterState)? in
            s.scheduled = false
            defer { s.latest = nil }
            return s.latest
        }) else { return }
        var current: [Key: ConfigWarning] = [:]
        for w in warnings { current[Key(object: w.object, reason: w.reason, message: w.message)] = w }
        let fresh = state.withLock { s -> [Key] in
            s.active.formIntersection(current.keys)
            return current.keys.filter { !s.active.contains($0) }
                .sorted { ($0.object, $0.reason, $0.message) < ($1.object, $1.reason, $1.message) }
        }
        for key in fresh {
            let allowed = state.withLock { s -> Bool in
                let ok = s.limiter.allow(now: .now)
                if !ok { s.statistics.rateLimited += 1 }
                return ok
            }
            guard allowed else { continue }  // stays inactive: retried on a later build
            if report(key, uid: Self.uid(of: key.object, in: objects)) {
                state.withLock { _ = $0.active.insert(key) }
            }
        }
    }

    /// Creates the Event or bumps the existing one; true when the server accepted it.
    private func report(_ key: Key, uid: String?) -> Bool {
        let now = Date()
        let stamp = MicroTime.timeString(from: now)
        if let existing = state.withLock({ $0.posted[key] }) {
            let count = existing.count + 1
            let patch = Array(#"{"count":\#(count),"lastTimestamp":"\#(stamp)"}"#.utf8)
            do {
                _ = try client.mergePatch(Event.self, namespace: existing.namespace, name: existing.name, patch: patch)
                state.withLock {
                    $0.posted[key]?.count = count
                    $0.statistics.updated += 1
                }
                return true
            } catch where error.isNotFound {
                state.withLock { _ = $0.posted.removeValue(forKey: key) }  // expired: create anew
            } catch {
                logger.debug("cannot update event", ["error": error])
                state.withLock { $0.statistics.failed += 1 }
                return false
            }
        }
        let namespace = key.object.namespace.isEmpty ? "default" : key.object.namespace
        let nanos = UInt64(now.timeIntervalSince1970 * 1e9)
        let name = "\(key.object.name).\(String(nanos, radix: 16))"
        let event = Event(
            metadata: ObjectMeta(name: name, namespace: namespace),
            involvedObject: ObjectReference(kind: key.object.kind, namespace: key.object.namespace.isEmpty ? nil : key.object.namespace,
                                            name: key.object.name, uid: uid, apiVersion: Self.apiVersion(of: key.object.kind)),
            reason: key.reason, message: key.message, type: "Warning", count: 1,
            firstTimestamp: stamp, lastTimestamp: stamp,
            source: EventSource(component: configuration.component, host: configuration.instance),
            reportingComponent: configuration.controllerName, reportingInstance: configuration.instance)
        do {
            _ = try client.create(event)
            state.withLock { s in
                if s.posted.count >= 4096 { s.posted.removeAll() }
                s.posted[key] = Posted(namespace: namespace, name: name, count: 1)
                s.statistics.created += 1
            }
            return true
        } catch {
            logger.debug("cannot create event", ["error": error])
            state.withLock { $0.statistics.failed += 1 }
            return false
        }
    }

    static func apiVersion(of kind: String) -> String {
        switch kind {
        case "Ingress", "IngressClass": return "networking.k8s.io/v1"
        case "EndpointSlice": return "discovery.k8s.io/v1"
        default: return "v1"
        }
    }

    static func uid(of ref: ObjectRef, in state: ClusterState) -> String? {
        let key = ref.namespace.isEmpty ? ref.name : "\(ref.namespace)/\(ref.name)"
        switch ref.kind {
        case "Ingress": return state.ingresses[key]?.metadata.uid
        case "IngressClass": return state.ingressClasses[key]?.metadata.uid
        case "Service": return state.services[key]?.metadata.uid
        case "Secret": return state.secrets[key]?.metadata.uid
        case "ConfigMap": return state.configMaps[key]?.metadata.uid
        default: return nil
        }
    }
}
