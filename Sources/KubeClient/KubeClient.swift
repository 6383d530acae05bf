import Foundation
import KubeAPI
import Telemetry

/// Typed access to the Kubernetes API over libcurl: list, watch, get, create, replace, patch.
/// Every call blocks its thread; informers run each watch on a thread of their own.
public final class KubeClient: Sendable {
    /// The server and credentials this client uses.
    public let connection: KubeConnection
    let transport: CurlTransport
    private let metrics: PorticoMetrics?

    /// `metrics` counts requests by verb and status (`portico_kube_requests_total`).
    public init(connection: KubeConnection, metrics: PorticoMetrics? = nil) {
        self.connection = connection
        self.transport = CurlTransport(connection: connection)
        self.metrics = metrics
    }

    /// Counts one request; `code` nil when no answer arrived.
    private func count(_ verb: String, _ code: Int?) {
        metrics?.kubeRequests.labels(verb, code.map(String.init) ?? "error").increment()
    }

    /// Runs a transport call, counting it under `verb`.
    private func counted<R>(_ verb: String, _ body: () throws(KubeClientError) -> (status: Int, errorBody: R)) throws(KubeClientError) -> (status: Int, errorBody: R) {
        do {
            let result = try body()
            count(verb, result.status)
            return result
        } catch {
            if error.kind != .cancelled { count(verb, error.kind == .transport ? nil : error.status) }
            throw error
        }
    }

    // MARK: - Paths

    /// The collection path of `Object` in `namespace` (all namespaces when nil).
    public static func collectionPath<Object: KubeObject>(_ type: Object.Type, namespace: String?) -> String {
        if Object.isNamespaced, let namespace, !namespace.isEmpty {
            return "\(Object.apiGroupVersionPath)/namespaces/\(escape(namespace))/\(Object.resource)"
        }
        return "\(Object.apiGroupVersionPath)/\(Object.resource)"
    }

    /// The path of one object, optionally a subresource such as `status`.
    public static func objectPath<Object: KubeObject>(_ type: Object.Type, namespace: String?, name: String,
                                                      subresource: String? = nil) -> String {
        var path = collectionPath(type, namespace: namespace) + "/" + escape(name)
        if let subresource { path += "/" + subresource }
        return path
    }

    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }

    static func query(_ items: [(String, String?)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+,;/?")
        let parts = items.compactMap { k, v in
            v.map { "\(k)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    // MARK: - Raw requests

    /// Sends a request and returns the 2xx body; a non-2xx answer throws with its Status.
    /// `verb` labels the request in metrics (`list`, `get`, ...); default: the method.
    /// `cancellation` stops the request from another thread.
    public func send(method: String, path: String, body: [UInt8]? = nil,
                     contentType: String? = nil, verb: String? = nil,
                     cancellation: RequestCancellation? = nil) throws(KubeClientError) -> [UInt8] {
        var collected: [UInt8] = []
        let request = TransportRequest(method: method, target: path, body: body, contentType: contentType)
        let verb = verb ?? method.lowercased()
        let (status, errorBody) = try counted(verb) { () throws(KubeClientError) in
            try transport.perform(request, cancellation: cancellation) { collected.append(contentsOf: $0) }
        }
        guard (200..<300).contains(status) else {
            throw Self.statusError(status: status, body: errorBody, request: "\(method) \(path)")
        }
        return collected
    }

    static func statusError(status: Int, body: [UInt8], request: String) -> KubeClientError {
        let decoded = try? JSONDecoder().decode(StatusBody.self, from: Data(body))
        let fallback = String(decoding: body.prefix(300), as: UTF8.self)
        return KubeClientError(kind: .status, status: status, reason: decoded?.reason ?? "",
                               message: decoded?.message ?? fallback, request: request)
    }

    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], request: String) throws(KubeClientError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw KubeClientError(kind: .decoding, message: "\(error)", request: request)
        }
    }

    func encode<T: Encodable>(_ value: T) throws(KubeClientError) -> [UInt8] {
        do { return Array(try JSONEncoder().encode(value)) } catch {
            throw KubeClientError(kind: .decoding, message: "cannot encode \(T.self): \(error)")
        }
    }

    // MARK: - Typed calls

    /// One page of a list. `resourceVersion` nil asks for the most recent (quorum) read.
    /// Items that do not decode are left out (see `listAll(_:namespace:options:cancellation:skipped:)`).
    public func list<Object: KubeObject>(_ type: Object.Type, namespace: String? = nil,
                                         options: ListOptions = .init(),
                                         continue token: String? = nil) throws(KubeClientError) -> ObjectList<Object> {
        var skipped: [String] = []
        return try list(type, namespace: namespace, options: options, continue: token, cancellation: nil, skipped: &skipped)
    }

    func list<Object: KubeObject>(_ type: Object.Type, namespace: String?, options: ListOptions,
                                  continue token: String?, cancellation: RequestCancellation?,
                                  skipped: inout [String]) throws(KubeClientError) -> ObjectList<Object> {
        let path = Self.collectionPath(type, namespace: namespace) + Self.query([
            ("labelSelector", options.labelSelector), ("fieldSelector", options.fieldSelector),
            ("limit", options.limit.map(String.init)), ("continue", token),
        ])
        let bytes = try send(method: "GET", path: path, verb: "list", cancellation: cancellation)
        let page = try decode(LenientList<Object>.self, bytes, request: "GET \(path)")
        skipped.append(contentsOf: page.items.compactMap(\.problem))
        return ObjectList(metadata: page.metadata, items: page.items.compactMap(\.value))
    }

    /// All pages of a list, following `continue`; the result carries the first page's
    /// resourceVersion, which is the consistent point to watch from.
    public func listAll<Object: KubeObject>(_ type: Object.Type, namespace: String? = nil,
                                            options: ListOptions = .init(),
                                            cancellation: RequestCancellation? = nil) throws(KubeClientError) -> ObjectList<Object> {
        var skipped: [String] = []
        return try listAll(type, namespace: namespace, options: options, cancellation: cancellation, skipped: &skipped)
    }

    /// All pages; objects that do not decode as `Object` are left out and described in
    /// `skipped`, so one malformed object cannot keep the rest from syncing.
    public func listAll<Object: KubeObject>(_ type: Object.Type, namespace: String? = nil,
                                            options: ListOptions = .init(),
                                            cancellation: RequestCancellation? = nil,
                                            skipped: inout [String]) throws(KubeClientError) -> ObjectList<Object> {
        var page = try list(type, namespace: namespace, options: options, continue: nil, cancellation: cancellation,
                            skipped: &skipped)
        var all = page
        while let token = page.metadata.continue, !token.isEmpty {
            if cancellation?.isCancelled == true { throw KubeClientError(kind: .cancelled, message: "cancelled") }
            page = try list(type, namespace: namespace, options: options, continue: token, cancellation: cancellation,
                            skipped: &skipped)
            all.items.append(contentsOf: page.items)
        }
        all.metadata.continue = nil
        return all
    }

    /// Reads one object; 404 throws with `isNotFound`.
    public func get<Object: KubeObject>(_ type: Object.Type, namespace: String?, name: String) throws(KubeClientError) -> Object {
        let path = Self.objectPath(type, namespace: namespace, name: name)
        return try decode(type, try send(method: "GET", path: path), request: "GET \(path)")
    }

    /// Creates an object (POST to its collection) and returns what the server stored.
    public func create<Object: KubeObject>(_ object: Object) throws(KubeClientError) -> Object {
        let path = Self.collectionPath(Object.self, namespace: object.metadata.namespace)
        let bytes = try send(method: "POST", path: path, body: try encode(object), contentType: "application/json")
        return try decode(Object.self, bytes, request: "POST \(path)")
    }

    /// Replaces an object (PUT); its `metadata.resourceVersion` makes the write conditional (409 on a stale one).
    public func replace<Object: KubeObject>(_ object: Object, subresource: String? = nil) throws(KubeClientError) -> Object {
        let path = Self.objectPath(Object.self, namespace: object.metadata.namespace,
                                   name: object.metadata.name, subresource: subresource)
        let bytes = try send(method: "PUT", path: path, body: try encode(object), contentType: "application/json")
        return try decode(Object.self, bytes, request: "PUT \(path)")
    }

    /// Applies a JSON merge patch (RFC 7386) to an object or one of its subresources.
    public func mergePatch<Object: KubeObject>(_ type: Object.Type, namespace: String?, name: String,
                                               subresource: String? = nil, patch: [UInt8]) throws(KubeClientError) -> Object {
        let path = Self.objectPath(type, namespace: namespace, name: name, subresource: subresource)
        let bytes = try send(method: "PATCH", path: path, body: patch, contentType: "application/merge-patch+json")
        return try decode(type, bytes, request: "PATCH \(path)")
    }

    /// Opens a watch and calls `onEvent` for every event until the server ends the
    /// stream (routine), the connection drops, or `cancellation` fires (throws `.cancelled`).
    /// The stream is parsed line by line as chunks arrive.
    public func watch<Object: KubeObject>(_ type: Object.Type, namespace: String? = nil,
                                          resourceVersion: String?, options: ListOptions = .init(),
                                          timeoutSeconds: Int = 300,
                                          cancellation: RequestCancellation? = nil,
                                          onOpen: ((Int) -> Void)? = nil,
                                          onEvent: @escaping (WatchChange<Object>) throws -> Void) throws(KubeClientError) {
        let path = Self.collectionPath(type, namespace: namespace) + Self.query([
            ("watch", "1"), ("resourceVersion", resourceVersion), ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", String(timeoutSeconds)),
            ("labelSelector", options.labelSelector), ("fieldSelector", options.fieldSelector),
        ])
        let label = "WATCH \(Self.collectionPath(type, namespace: namespace))"
        var splitter = LineSplitter()
        let decoder = JSONDecoder()
        let handle: ([UInt8]) throws -> Void = { line in
            try onEvent(try WatchChange<Object>.decode(line: line, decoder: decoder, request: label))
        }
        // The client-side limit is a safety net for a silently dead connection; the
        // server ends the stream first at timeoutSeconds.
        let request = TransportRequest(method: "GET", target: path, timeout: .seconds(timeoutSeconds + 30))
        let (status, errorBody) = try counted("watch") { () throws(KubeClientError) in
            try transport.perform(request, cancellation: cancellation, onHeaders: onOpen) { chunk in
                try splitter.append(chunk, line: handle)
            }
        }
        guard (200..<300).contains(status) else {
            throw Self.statusError(status: status, body: errorBody, request: label)
        }
        if let tail = splitter.finish() {
            do { try handle(tail) } catch let error as KubeClientError { throw error } catch {
                throw KubeClientError(kind: .decoding, message: "\(error)", request: label)
            }
        }
    }
}

/// Selectors and page size for lists and watches.
public struct ListOptions: Sendable, Hashable {
    /// e.g. `app=web`.
    public var labelSelector: String?
    /// e.g. `type=kubernetes.io/tls` for Secrets.
    public var fieldSelector: String?
    /// Page size for lists (`limit`); nil lists everything in one answer.
    public var limit: Int?

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
    }
}

/// A list page whose items decode one by one: a bad item becomes a `problem`, not a failed list.
struct LenientList<Object: KubeObject>: Decodable {
    struct Item: Decodable {
        var value: Object?
        var problem: String?

        init(from decoder: any Decoder) throws {
            do { value = try Object(from: decoder) } catch {
                let named = try? NamedObject(from: decoder)
                let name = [named?.metadata?.namespace, named?.metadata?.name].compactMap { $0 }.joined(separator: "/")
                problem = "\(Object.kind) \(name.isEmpty ? "(unnamed)" : name): \(error)"
            }
        }
    }

    var metadata: ListMeta
    var items: [Item]

    private enum CodingKeys: String, CodingKey { case metadata, items }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = try c.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

/// Just the name of an object, to say which one did not decode.
struct NamedObject: Decodable {
    struct Meta: Decodable { var name: String?; var namespace: String? }
    var metadata: Meta?
}

/// The fields of a `meta/v1 Status` the client reads from error answers and ERROR events.
struct StatusBody: Decodable {
    var code: Int?
    var reason: String?
    var message: String?
}
