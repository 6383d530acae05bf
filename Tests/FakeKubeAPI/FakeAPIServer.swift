import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An in-memory Kubernetes API server on 127.0.0.1 for tests: lists with pagination,
/// chunked watch streams with bookmarks and server-side timeouts, simulated compaction,
/// create / replace / merge-patch (including `/status`), 409 on stale resourceVersions,
/// bearer-token checks, and hooks to cut streams, stop and restart.
/// One thread per connection; every connection is closed after one exchange.
/// `@unchecked Sendable`: mutable fields are guarded by `lock` (or by the store's condition).
public final class FakeAPIServer: @unchecked Sendable {
    /// One request as received, for assertions.
    public struct Record {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var authorization: String?
    }

    public let store = FakeAPIStore()
    private let lock = NSLock()
    private var listenFD: Int32 = -1
    private var openFDs: Set<Int32> = []
    private var records: [Record] = []
    private var running = false
    private var _expectedToken: String?
    private var _bookmarkInterval: Double = 0.25
    private var _failing: Set<String> = []
    private var _conflicts = 0
    public private(set) var port: UInt16 = 0

    public init(expectedToken: String? = nil) {
        _expectedToken = expectedToken
    }

    /// Requests without `Authorization: Bearer <this>` get 401 (nil: no check).
    public var expectedToken: String? {
        get { lock.withLock { _expectedToken } }
        set { lock.withLock { _expectedToken = newValue } }
    }

    /// Seconds between BOOKMARK events on watches that allow them.
    public var bookmarkInterval: Double {
        get { lock.withLock { _bookmarkInterval } }
        set { lock.withLock { _bookmarkInterval = newValue } }
    }

    /// Collections (e.g. `/api/v1/services`) whose requests get 500, to hold an informer unsynced.
    public var failingCollections: Set<String> {
        get { lock.withLock { _failing } }
        set { lock.withLock { _failing = newValue } }
    }

    /// The next this-many PUT/PATCH requests get 409 Conflict, as if someone wrote first.
    public var conflictsOnNextWrites: Int {
        get { lock.withLock { _conflicts } }
        set { lock.withLock { _conflicts = newValue } }
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public var requests: [Record] { lock.withLock { records } }

    /// First-page lists (no `continue`) of a collection path suffix, e.g. `/api/v1/services`.
    public func listCount(_ collection: String) -> Int {
        requests.filter { $0.method == "GET" && $0.query["watch"] == nil && $0.query["continue"] == nil
            && FakeAPIServer.collectionOf($0.path) == collection }.count
    }

    public func watchCount(_ collection: String) -> Int {
        requests.filter { $0.query["watch"] != nil && FakeAPIServer.collectionOf($0.path) == collection }.count
    }

    // MARK: - Lifecycle

    /// Binds 127.0.0.1 (the same port again after a restart) and starts accepting.
    public func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        lock.withLock {
            listenFD = fd
            running = true
        }
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.start()
    }

    /// Stops accepting and drops every open connection (watches end without a final chunk).
    public func stop() {
        // Shut connections down while holding the lock: their threads close them under the
        // same lock, so a descriptor number is never reused (by libcurl, say) in between.
        lock.withLock {
            running = false
            // Only shut the listener down: its accept thread closes it, so the descriptor
            // number cannot be reused (by another server's listener) while that thread
            // might still call accept on it.
            if listenFD >= 0 {
                shutdown(listenFD, Int32(SHUT_RDWR))
                listenFD = -1
            }
            for c in openFDs { shutdown(c, Int32(SHUT_RDWR)) }
        }
        store.cutWatches()
    }

    /// Starts again on the same port.
    public func restart() throws {
        var lastError: (any Error)?
        for _ in 0..<50 {
            do { try start(); return } catch { lastError = error; usleep(20_000) }
        }
        throw lastError!
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(fd)
                return
            }
            let accepted = lock.withLock { () -> Bool in
                guard running, listenFD == fd else { return false }
                openFDs.insert(client)
                return true
            }
            guard accepted else {
                close(client)
                continue  // the listener is shut down: the next accept fails and closes it
            }
            let thread = Thread { [self] in
                serve(client)
                lock.withLock {
                    openFDs.remove(client)
                    close(client)
                }
            }
            thread.start()
        }
    }

    // MARK: - Routing

    /// The collection path without the namespace, e.g. `/apis/networking.k8s.io/v1/ingresses`.
    public static func collectionOf(_ path: String) -> String? {
        parse(path)?.collection
    }

    struct Target {
        var collection: String
        var namespace: String?
        var name: String?
        var subresource: String?
    }

    static func parse(_ path: String) -> Target? {
        var parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let groupVersion: String
        if parts.first == "api", parts.count >= 2 {
            groupVersion = "/api/\(parts[1])"
            parts.removeFirst(2)
        } else if parts.first == "apis", parts.count >= 3 {
            groupVersion = "/apis/\(parts[1])/\(parts[2])"
            parts.removeFirst(3)
        } else { return nil }
        var namespace: String?
        if parts.count >= 3, parts[0] == "namespaces" {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard let resource = parts.first else { return nil }
        return Target(collection: "\(groupVersion)/\(resource)", namespace: namespace,
                      name: parts.count > 1 ? parts[1] : nil, subresource: parts.count > 2 ? parts[2] : nil)
    }

    private func serve(_ fd: Int32) {
        guard let request = FakeHTTPRequest.read(from: fd) else { return }
        let writer = FakeHTTPWriter(fd: fd)
        let expected = lock.withLock { () -> String? in
            records.append(Record(method: request.method, path: request.path, query: request.query,
                                  authorization: request.headers["authorization"]))
            return _expectedToken
        }
        if let expected, request.headers["authorization"] != "Bearer \(expected)" {
            writer.respond(status: 401, json: FakeHTTPWriter.status(401, reason: "Unauthorized", message: "Unauthorized"))
            return
        }
        guard let target = Self.parse(request.path) else {
            writer.respond(status: 404, json: FakeHTTPWriter.status(404, reason: "NotFound", message: "no such path"))
            return
        }
        if failingCollections.contains(target.collection) {
            writer.respond(status: 500, json: FakeHTTPWriter.status(500, reason: "InternalError", message: "injected failure"))
            return
        }
        switch (request.method, target.name) {
        case ("GET", nil) where request.query["watch"] == "1" || request.query["watch"] == "true":
            watch(target, request, writer)
        case ("GET", nil):
            list(target, request, writer)
        case ("GET", .some(let name)):
            let key = FakeAPIStore.key(namespace: target.namespace, name: name)
            if let object = store.locked({ store.getLocked(collection: target.collection, key: key) }) {
                writer.respond(status: 200, json: object)
            } else {
                writer.respond(status: 404, json: FakeHTTPWriter.status(404, reason: "NotFound", message: "\(key) not found"))
            }
        case ("POST", nil):
            create(target, request, writer)
        case ("PUT", .some), ("PATCH", .some):
            write(target, request, writer)
        case ("DELETE", .some(let name)):
            let key = FakeAPIStore.key(namespace: target.namespace, name: name)
            if let object = store.locked({ store.deleteLocked(collection: target.collection, key: key) }) {
                writer.respond(status: 200, json: object)
            } else {
                writer.respond(status: 404, json: FakeHTTPWriter.status(404, reason: "NotFound", message: "\(key) not found"))
            }
        default:
            writer.respond(status: 405, json: FakeHTTPWriter.status(405, reason: "MethodNotAllowed", message: request.method))
        }
    }

    private func inScope(_ target: Target, _ object: [String: Any], _ request: FakeHTTPRequest) -> Bool {
        if let ns = target.namespace, (object["metadata"] as? [String: Any])?["namespace"] as? String != ns { return false }
        return fieldSelectorMatches(request.query["fieldSelector"], object)
    }

    // MARK: - List

    private func list(_ target: Target, _ request: FakeHTTPRequest, _ writer: FakeHTTPWriter) {
        let limit = Int(request.query["limit"] ?? "") ?? 0
        var listRV = 0
        var after: String?
        let answer: (Int, Any) = store.locked {
            if let token = request.query["continue"], !token.isEmpty {
                let parts = token.split(separator: ":", maxSplits: 1)
                listRV = Int(parts.first ?? "") ?? 0
                after = parts.count > 1 ? String(parts[1]) : nil
                if listRV < store.compactedBelow {
                    return (410, FakeHTTPWriter.status(410, reason: "Expired",
                                                       message: "The provided continue parameter is too old"))
                }
            } else {
                if let rv = Int(request.query["resourceVersion"] ?? ""), rv > 0, rv < store.compactedBelow {
                    return (410, FakeHTTPWriter.status(410, reason: "Expired", message: "too old resource version: \(rv)"))
                }
                listRV = store.resourceVersion
            }
            var items = store.allLocked(collection: target.collection).filter { inScope(target, $0.object, request) }
            if let after { items = items.filter { $0.key > after } }
            var meta: [String: Any] = ["resourceVersion": String(listRV)]
            if limit > 0, items.count > limit {
                items = Array(items.prefix(limit))
                meta["continue"] = "\(listRV):\(items.last!.key)"
            }
            return (200, ["kind": "List", "apiVersion": "v1", "metadata": meta, "items": items.map(\.object)] as [String: Any])
        }
        writer.respond(status: answer.0, json: answer.1)
    }

    // MARK: - Watch

    private func watch(_ target: Target, _ request: FakeHTTPRequest, _ writer: FakeHTTPWriter) {
        let timeout = Double(request.query["timeoutSeconds"] ?? "") ?? 300
        let bookmarks = request.query["allowWatchBookmarks"] == "true"
        let interval = bookmarkInterval
        let deadline = Date().addingTimeInterval(timeout)
        guard writer.startChunked() else { return }

        let from = Int(request.query["resourceVersion"] ?? "") ?? 0
        var cursor: Int
        var initial: [[String: Any]] = []
        let (compacted, generation) = store.locked { () -> (Bool, Int) in
            if from > 0 && from < store.compactedBelow { return (true, store.cutGeneration) }
            return (false, store.cutGeneration)
        }
        if compacted {
            writer.chunk(json: ["type": "ERROR", "object": FakeHTTPWriter.status(
                410, reason: "Expired", message: "too old resource version: \(from) (\(store.compactedBelow))")])
            writer.endChunked()
            return
        }
        if from == 0 {
            // "Start at most recent": synthetic ADDED for everything, then changes.
            cursor = store.locked {
                initial = store.allLocked(collection: target.collection).map(\.object).filter { inScope(target, $0, request) }
                return store.resourceVersion
            }
            for object in initial where !writer.chunk(json: ["type": "ADDED", "object": object]) { return }
        } else {
            cursor = from
        }

        var nextBookmark = Date().addingTimeInterval(interval)
        while true {
            var pending: [FakeAPIStore.Change] = []
            var cut = false
            store.condition.lock()
            while true {
                if store.cutGeneration != generation { cut = true; break }
                pending = store.log.filter { $0.resourceVersion > cursor && $0.collection == target.collection
                    && inScope(target, $0.object, request) }
                if !pending.isEmpty { break }
                let wake = min(deadline, bookmarks ? nextBookmark : deadline)
                if Date() >= wake { break }
                _ = store.condition.wait(until: wake)
            }
            let current = store.resourceVersion
            store.condition.unlock()
            if cut { return }  // abrupt close: no terminating chunk
            for change in pending {
                guard writer.chunk(json: ["type": change.type, "object": change.object]) else { return }
                cursor = change.resourceVersion
            }
            let now = Date()
            if now >= deadline {
                writer.endChunked()
                return
            }
            if bookmarks, now >= nextBookmark {
                cursor = max(cursor, current)
                let bookmark: [String: Any] = ["type": "BOOKMARK", "object": [
                    "kind": "Bookmark", "metadata": ["resourceVersion": String(cursor)]]]
                guard writer.chunk(json: bookmark) else { return }
                nextBookmark = now.addingTimeInterval(interval)
            }
        }
    }

    // MARK: - Writes

    private func decodeBody(_ request: FakeHTTPRequest, _ writer: FakeHTTPWriter) -> [String: Any]? {
        guard let json = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
            writer.respond(status: 400, json: FakeHTTPWriter.status(400, reason: "BadRequest", message: "body is not a JSON object"))
            return nil
        }
        return json
    }

    /// MicroTime fields must carry exactly six fractional digits (the real server answers 400 otherwise).
    private func microTimeProblem(_ collection: String, _ object: [String: Any]) -> String? {
        guard collection.hasSuffix("/leases"), let spec = object["spec"] as? [String: Any] else { return nil }
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$"#
        for field in ["renewTime", "acquireTime"] {
            if let value = spec[field] as? String, value.range(of: pattern, options: .regularExpression) == nil {
                return "spec.\(field): invalid MicroTime \"\(value)\""
            }
        }
        return nil
    }

    private func create(_ target: Target, _ request: FakeHTTPRequest, _ writer: FakeHTTPWriter) {
        guard var object = decodeBody(request, writer) else { return }
        if let problem = microTimeProblem(target.collection, object) {
            writer.respond(status: 400, json: FakeHTTPWriter.status(400, reason: "BadRequest", message: problem))
            return
        }
        var meta = object["metadata"] as? [String: Any] ?? [:]
        if let ns = target.namespace { meta["namespace"] = ns }
        if meta["name"] == nil, let prefix = meta["generateName"] as? String {
            meta["name"] = prefix + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        }
        meta.removeValue(forKey: "resourceVersion")
        object["metadata"] = meta
        let key = FakeAPIStore.key(namespace: meta["namespace"] as? String, name: meta["name"] as? String ?? "")
        let answer: (Int, Any) = store.locked {
            if store.getLocked(collection: target.collection, key: key) != nil {
                return (409, FakeHTTPWriter.status(409, reason: "AlreadyExists", message: "\(key) already exists"))
            }
            return (201, store.putLocked(collection: target.collection, object: object))
        }
        writer.respond(status: answer.0, json: answer.1)
    }

    private func write(_ target: Target, _ request: FakeHTTPRequest, _ writer: FakeHTTPWriter) {
        guard let body = decodeBody(request, writer) else { return }
        let injectConflict = lock.withLock { () -> Bool in
            guard _conflicts > 0 else { return false }
            _conflicts -= 1
            return true
        }
        if injectConflict {
            writer.respond(status: 409, json: FakeHTTPWriter.status(409, reason: "Conflict", message: "injected conflict"))
            return
        }
        let key = FakeAPIStore.key(namespace: target.namespace, name: target.name ?? "")
        let answer: (Int, Any) = store.locked {
            guard let current = store.getLocked(collection: target.collection, key: key) else {
                return (404, FakeHTTPWriter.status(404, reason: "NotFound", message: "\(key) not found"))
            }
            let currentRV = (current["metadata"] as? [String: Any])?["resourceVersion"] as? String
            let givenRV = (body["metadata"] as? [String: Any])?["resourceVersion"] as? String
            if let givenRV, !givenRV.isEmpty, givenRV != currentRV {
                return (409, FakeHTTPWriter.status(409, reason: "Conflict",
                    message: "Operation cannot be fulfilled on \(key): the object has been modified; please apply your changes to the latest version and try again"))
            }
            var proposed = request.method == "PATCH" ? (mergePatch(current, body) as? [String: Any] ?? current) : body
            if target.subresource == "status" {
                // Only status changes through /status; everything else stays as stored.
                var updated = current
                updated["status"] = proposed["status"]
                proposed = updated
            } else if target.subresource == nil, current["status"] != nil, !target.collection.hasSuffix("/leases") {
                // The main resource ignores status changes, as for kinds with a status subresource.
                proposed["status"] = current["status"]
            }
            if let problem = microTimeProblem(target.collection, proposed) {
                return (400, FakeHTTPWriter.status(400, reason: "BadRequest", message: problem))
            }
            var meta = proposed["metadata"] as? [String: Any] ?? [:]
            let currentMeta = current["metadata"] as? [String: Any] ?? [:]
            meta["name"] = currentMeta["name"]
            meta["namespace"] = currentMeta["namespace"]
            meta["uid"] = currentMeta["uid"]
            meta["creationTimestamp"] = currentMeta["creationTimestamp"]
            proposed["metadata"] = meta
            return (200, store.putLocked(collection: target.collection, object: proposed))
        }
        writer.respond(status: answer.0, json: answer.1)
    }
}
