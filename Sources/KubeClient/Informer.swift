import Dispatch
import Foundation
import KubeAPI
import Synchronization

/// Keeps a local copy of every object of one kind, as client-go's informers do: list
/// (paginated), then watch from the list's resourceVersion; a dropped watch resumes from
/// the last resourceVersion seen (bookmarks advance it); 410 Gone relists and delivers
/// what vanished meanwhile as deletes. Runs on a thread of its own; the handler is called
/// on that thread, one event at a time, after the store has been updated.
public final class Informer<Object: KubeObject>: Sendable {
    /// What to watch and how patiently.
    public struct Configuration: Sendable {
        /// Limit to one namespace; nil watches all (ignored for cluster-scoped kinds).
        public var namespace: String?
        /// Label and field selectors (e.g. `type=kubernetes.io/tls` for Secrets).
        public var options: ListOptions
        /// `limit` for list pages.
        public var pageSize: Int
        /// `timeoutSeconds` the server ends each watch after (routine; the watch is reopened).
        public var watchTimeoutSeconds: Int
        /// Delays between failed attempts.
        public var backoff: Backoff

        public init(namespace: String? = nil, options: ListOptions = .init(), pageSize: Int = 500,
                    watchTimeoutSeconds: Int = 300, backoff: Backoff = .init()) {
            self.namespace = namespace
            self.options = options
            self.pageSize = pageSize
            self.watchTimeoutSeconds = watchTimeoutSeconds
            self.backoff = backoff
        }
    }

    private struct State: Sendable {
        var store: [String: Object] = [:]
        var synced = false
        var connected = false
        var resourceVersion: String?
        var statistics = InformerStatistics()
        var lastError: KubeClientError?
    }

    private let client: KubeClient
    /// The configuration this informer runs with.
    public let configuration: Configuration
    private let handler: @Sendable (InformerEvent<Object>) -> Void
    private let cancellation = RequestCancellation()
    private let state = Mutex(State())
    private let started = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    public init(client: KubeClient, configuration: Configuration = .init(),
                handler: @escaping @Sendable (InformerEvent<Object>) -> Void = { _ in }) {
        self.client = client
        self.configuration = configuration
        self.handler = handler
    }

    // MARK: - Observing

    /// Whether the first full list has been delivered.
    public var hasSynced: Bool { state.withLock { $0.synced } }
    /// Whether the last request to the API server succeeded (false during an outage).
    public var isConnected: Bool { state.withLock { $0.connected } }
    /// The resourceVersion the next watch would resume from.
    public var resourceVersion: String? { state.withLock { $0.resourceVersion } }
    /// Counters since start.
    public var statistics: InformerStatistics { state.withLock { $0.statistics } }
    /// The most recent failure, for logs and the debug endpoint.
    public var lastError: KubeClientError? { state.withLock { $0.lastError } }
    /// A copy of the store.
    public var objects: [Object] { state.withLock { Array($0.store.values) } }
    /// One object by `namespace/name` (or `name` for cluster-scoped kinds).
    public func object(forKey key: String) -> Object? { state.withLock { $0.store[key] } }

    // MARK: - Lifecycle

    /// Starts the list/watch loop on a new thread; a second call does nothing.
    public func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "informer-\(Object.resource)"
        thread.start()
    }

    /// Stops the loop (cancelling a watch in progress) and waits for its thread to end.
    public func stop() {
        cancellation.cancel()
        if started.load(ordering: .acquiring) {
            finished.wait()
            finished.signal()  // a second stop() returns too
        }
    }

    // MARK: - The loop

    private func run() {
        var attempt = 0
        while !cancellation.isCancelled {
            if state.withLock({ $0.resourceVersion }) == nil {
                do {
                    try relist()
                    attempt = 0
                } catch {
                    if error.kind == .cancelled { return }
                    record(failure: error)
                    // A 410 here is an expired continue token: list again from the start.
                    if !error.isGone {
                        cancellation.sleep(configuration.backoff.delay(attempt: attempt))
                        attempt += 1
                    }
                    continue
                }
            }
            let outcome = watchOnce()
            switch outcome {
            case .cancelled:
                return
            case .gone:
                state.withLock {
                    $0.resourceVersion = nil
                    $0.statistics.relistsAfterGone += 1
                }
                attempt = 0
            case .ended(let productive):
                if productive { attempt = 0 } else {
                    cancellation.sleep(configuration.backoff.delay(attempt: attempt))
                    attempt += 1
                }
            case .failed(let error):
                record(failure: error)
                cancellation.sleep(configuration.backoff.delay(attempt: attempt))
                attempt += 1
            }
        }
    }

    private func record(failure error: KubeClientError) {
        state.withLock {
            $0.statistics.failures += 1
            $0.lastError = error
            // Any failed list or watch means the view is not being kept current.
            $0.connected = false
        }
    }

    /// Lists every page and reconciles the store with the result.
    private func relist() throws(KubeClientError) {
        var options = configuration.options
        options.limit = configuration.pageSize
        var skipped: [String] = []
        let list = try client.listAll(Object.self, namespace: configuration.namespace, options: options,
                                      cancellation: cancellation, skipped: &skipped)
        var fresh: [String: Object] = [:]
        for item in list.items { fresh[item.key] = item }
        var events: [InformerEvent<Object>] = []
        let firstSync = state.withLock { s -> Bool in
            for (key, new) in fresh.sorted(by: { $0.key < $1.key }) {
                if let old = s.store[key] {
                    if old.metadata.resourceVersion != new.metadata.resourceVersion {
                        events.append(.updated(old: old, new: new))
                    }
                } else {
                    events.append(.added(new))
                }
            }
            for (key, old) in s.store.sorted(by: { $0.key < $1.key }) where fresh[key] == nil {
                events.append(.deleted(old))
            }
            s.store = fresh
            s.resourceVersion = list.metadata.resourceVersion ?? ""
            s.statistics.lists += 1
            s.statistics.undecodable += skipped.count
            s.connected = true
            s.lastError = skipped.last.map { KubeClientError(kind: .decoding, message: $0, request: "LIST \(Object.resource)") }
            let first = !s.synced
            s.synced = true
            return first
        }
        for event in events { handler(event) }
        if firstSync { handler(.synced) }
    }

    private enum WatchOutcome {
        case cancelled
        case gone
        /// The server closed the stream cleanly; productive if it delivered something or lasted.
        case ended(productive: Bool)
        case failed(KubeClientError)
    }

    private struct GoneSignal: Error {}

    private func watchOnce() -> WatchOutcome {
        let from = state.withLock { s -> String? in
            s.statistics.watches += 1
            return s.resourceVersion
        }
        let began = ContinuousClock.now
        var received = 0
        var gone = false
        do {
            try client.watch(Object.self, namespace: configuration.namespace, resourceVersion: from,
                             options: configuration.options, timeoutSeconds: configuration.watchTimeoutSeconds,
                             cancellation: cancellation,
                             onOpen: { [self] status in
                                 if (200..<300).contains(status) {
                                     state.withLock { $0.connected = true; $0.lastError = nil }
                                 }
                             },
                             onEvent: { [self] change in
                                 received += 1
                                 if case .error(let code, let reason, let message) = change {
                                     if code == 410 { gone = true; throw GoneSignal() }
                                     throw KubeClientError(kind: .status, status: code, reason: reason,
                                                           message: message, request: "WATCH \(Object.resource)")
                                 }
                                 apply(change)
                             })
        } catch {
            if gone { return .gone }
            switch error.kind {
            case .cancelled: return .cancelled
            case .status where error.isGone: return .gone
            default:
                // A cut stream after real progress resumes at once; the first retry of a
                // failing server waits.
                return .failed(error)
            }
        }
        return .ended(productive: received > 0 || ContinuousClock.now - began > .seconds(1))
    }

    private func apply(_ change: WatchChange<Object>) {
        var event: InformerEvent<Object>?
        state.withLock { s in
            s.statistics.events += 1
            s.connected = true
            switch change {
            case .added(let o), .modified(let o):
                if let old = s.store[o.key] { event = .updated(old: old, new: o) } else { event = .added(o) }
                s.store[o.key] = o
            case .deleted(let o):
                if let old = s.store.removeValue(forKey: o.key) { event = .deleted(old) }
            case .bookmark:
                s.statistics.bookmarks += 1
            case .undecodable(_, _, let message):
                s.statistics.undecodable += 1
                s.lastError = KubeClientError(kind: .decoding, message: message, request: "WATCH \(Object.resource)")
            case .error:
                break
            }
            if let rv = change.resourceVersion, !rv.isEmpty { s.resourceVersion = rv }
        }
        if let event { handler(event) }
    }
}
