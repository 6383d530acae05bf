import Dispatch
import Foundation
import KubeAPI
import KubeClient
import Reconciler
import Synchronization
import Telemetry

/// Writes `status.loadBalancer.ingress` of the Ingresses Portico serves, while this replica
/// leads. Only Ingresses whose status differs are written (a PUT of the freshly read
/// object to `/status`, carrying its resourceVersion, so a concurrent writer causes 409, a
/// fresh read and a retry); entries written by others are kept, only the ones this writer
/// put there are replaced. Work runs on a private queue and coalesces: only the latest state
/// matters.
public final class IngressStatusWriter: Sendable {
    private struct Work: Sendable {
        var latest: ClusterState?
        var scheduled = false
        /// Addresses this writer last wrote per Ingress key, to tell ours from others'.
        var written: [String: [IngressLoadBalancerIngress]] = [:]
        var writes = 0
    }

    private let client: KubeClient
    private let source: IngressStatusSource
    private let builderOptions: SnapshotBuilderOptions
    private let isLeader: @Sendable () -> Bool
    private let logger: Logger
    private let work = Mutex(Work())
    private let queue = DispatchQueue(label: "portico.ingress-status")

    /// `isLeader` is asked before every write; status is written only while it is true.
    public init(client: KubeClient, source: IngressStatusSource, builderOptions: SnapshotBuilderOptions = .init(),
                logger: Logger = Logger(label: "ingress-status"), isLeader: @escaping @Sendable () -> Bool) {
        self.client = client
        self.source = source
        self.builderOptions = builderOptions
        self.logger = logger
        self.isLeader = isLeader
    }

    /// Status writes done so far (PATCH requests that succeeded).
    public var writes: Int { work.withLock { $0.writes } }

    /// Schedules a status sync for `state` (call after each full rebuild and on becoming leader).
    public func update(_ state: ClusterState) {
        let schedule = work.withLock { w -> Bool in
            w.latest = state
            if w.scheduled { return false }
            w.scheduled = true
            return true
        }
        if schedule { queue.async { [self] in drain() } }
    }

    /// Waits until scheduled work has run (tests, shutdown).
    public func flush() { queue.sync {} }

    private func drain() {
        let state = work.withLock { w -> ClusterState? in
            w.scheduled = false
            defer { w.latest = nil }
            return w.latest
        }
        guard let state, isLeader() else { return }
        guard let desired = desiredAddresses() else { return }
        let mine = ours(state).sorted(by: { $0.key < $1.key })
        for ingress in mine {
            guard isLeader() else { return }
            write(ingress, desired: desired)
        }
        // Ingresses that stopped being ours (class changed) lose the entries we wrote.
        let mineKeys = Set(mine.map(\.key))
        let dropped = work.withLock { $0.written.keys.filter { !mineKeys.contains($0) }.sorted() }
        for key in dropped {
            guard isLeader() else { return }
            if let ingress = state.ingresses[key] { write(ingress, desired: []) }
            work.withLock { _ = $0.written.removeValue(forKey: key) }
        }
    }

    private func desiredAddresses() -> [IngressLoadBalancerIngress]? {
        switch source {
        case .addresses(let list):
            return list.map { Self.isIPAddress($0) ? IngressLoadBalancerIngress(ip: $0) : IngressLoadBalancerIngress(hostname: $0) }
        case .service(let namespace, let name):
            do {
                let service = try client.get(LoadBalancerService.self, namespace: namespace, name: name)
                return (service.status?.loadBalancer?.ingress ?? []).map { IngressLoadBalancerIngress(ip: $0.ip, hostname: $0.hostname) }
            } catch {
                logger.warning("cannot read the --publish-service Service", ["service": "\(namespace)/\(name)", "error": error])
                return nil
            }
        }
    }

    /// The Ingresses of our class (the same rule as the builder's class filter).
    private func ours(_ state: ClusterState) -> [Ingress] {
        let ourClasses = state.ingressClasses.values.filter { $0.spec.controller == builderOptions.controllerName }
        let names = Set(ourClasses.map(\.metadata.name))
        let haveDefault = ourClasses.contains { $0.isDefault }
        return state.ingresses.values.filter { ing in
            if let legacy = ing.metadata.annotations?["kubernetes.io/ingress.class"] {
                return legacy == builderOptions.ingressClassName || names.contains(legacy)
            }
            if let name = ing.spec.ingressClassName { return names.contains(name) }
            return haveDefault
        }
    }

    /// Others' entries first, in their order, then ours; nil when nothing changes.
    public static func merged(current: [IngressLoadBalancerIngress], previouslyOurs: [IngressLoadBalancerIngress],
                       desired: [IngressLoadBalancerIngress]) -> [IngressLoadBalancerIngress]? {
        let others = current.filter { !previouslyOurs.contains($0) && !desired.contains($0) }
        let result = others + desired
        return result == current ? nil : result
    }

    private func write(_ ingress: Ingress, desired: [IngressLoadBalancerIngress]) {
        // The informer's copy says whether a write looks needed; the write itself works on
        // a fresh raw read so fields our models do not know survive the PUT.
        let previous = work.withLock { $0.written[ingress.key] ?? [] }
        guard Self.merged(current: ingress.status?.loadBalancer?.ingress ?? [], previouslyOurs: previous,
                          desired: desired) != nil else {
            work.withLock { $0.written[ingress.key] = desired }
            return
        }
        let path = KubeClient.objectPath(Ingress.self, namespace: ingress.metadata.namespace, name: ingress.metadata.name)
        for _ in 0..<4 {
            guard isLeader() else { return }
            do {
                guard var raw = try JSONSerialization.jsonObject(with: Data(try client.send(method: "GET", path: path)))
                        as? [String: Any] else { return }
                let current = Self.addresses(in: raw)
                guard let merged = Self.merged(current: current, previouslyOurs: previous, desired: desired) else {
                    work.withLock { $0.written[ingress.key] = desired }
                    return
                }
                var status = raw["status"] as? [String: Any] ?? [:]
                var loadBalancer = status["loadBalancer"] as? [String: Any] ?? [:]
                loadBalancer["ingress"] = merged.map { entry -> [String: Any] in
                    var e: [String: Any] = [:]
                    if let ip = entry.ip { e["ip"] = ip }
                    if let hostname = entry.hostname { e["hostname"] = hostname }
                    return e
                }
                status["loadBalancer"] = loadBalancer
                raw["status"] = status
                // PUT (the `update` verb RBAC grants) with the resourceVersion just read:
                // a concurrent writer makes it fail with 409 and we read again.
                let body = Array(try JSONSerialization.data(withJSONObject: raw))
                _ = try client.send(method: "PUT", path: path + "/status", body: body, contentType: "application/json")
                work.withLock {
                    $0.written[ingress.key] = desired
                    $0.writes += 1
                }
                return
            } catch let error as KubeClientError where error.isConflict {
                continue
            } catch let error as KubeClientError where error.isNotFound {
                return
            } catch {
                logger.warning("cannot write Ingress status", ["ingress": ingress.key, "error": "\(error)"])
                return
            }
        }
    }

    /// `status.loadBalancer.ingress` of a raw Ingress.
    static func addresses(in raw: [String: Any]) -> [IngressLoadBalancerIngress] {
        let list = ((raw["status"] as? [String: Any])?["loadBalancer"] as? [String: Any])?["ingress"] as? [[String: Any]] ?? []
        return list.map { IngressLoadBalancerIngress(ip: $0["ip"] as? String, hostname: $0["hostname"] as? String) }
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
