import Foundation
import KubeAPI

/// The state of the fake API server: objects by collection, a global resourceVersion,
/// the event log watches replay, and the compaction point.
/// `@unchecked Sendable`: every field is read and written only while holding `condition`.
public final class FakeAPIStore: @unchecked Sendable {
    /// One change, as watches see it.
    struct Change {
        var resourceVersion: Int
        var collection: String
        var type: String
        var object: [String: Any]
    }

    let condition = NSCondition()
    public private(set) var resourceVersion = 1000
    private var objects: [String: [String: [String: Any]]] = [:]
    private(set) var log: [Change] = []
    /// Watches from below this resourceVersion get `ERROR 410`; lists below it get HTTP 410.
    public private(set) var compactedBelow = 0
    /// Bumped to cut every open watch stream.
    private(set) var cutGeneration = 0
    private var uidCounter = 0

    /// `apiGroupVersionPath/resource`, the name of a collection across namespaces.
    public static func collection<T: KubeObject>(_ type: T.Type) -> String {
        "\(T.apiGroupVersionPath)/\(T.resource)"
    }

    public static func key(namespace: String?, name: String) -> String {
        if let namespace, !namespace.isEmpty { return "\(namespace)/\(name)" }
        return name
    }

    public func locked<R>(_ body: () throws -> R) rethrows -> R {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    // MARK: - Mutations (callers hold the lock)

    /// Stores `object` (creating or replacing it), stamps a new resourceVersion, logs the change.
    @discardableResult
    public func putLocked(collection: String, object: [String: Any], type: String? = nil) -> [String: Any] {
        var object = object
        var meta = object["metadata"] as? [String: Any] ?? [:]
        let key = Self.key(namespace: meta["namespace"] as? String, name: meta["name"] as? String ?? "")
        let exists = objects[collection]?[key] != nil
        resourceVersion += 1
        meta["resourceVersion"] = String(resourceVersion)
        if meta["uid"] == nil {
            uidCounter += 1
            meta["uid"] = "uid-\(uidCounter)"
        }
        if meta["creationTimestamp"] == nil { meta["creationTimestamp"] = "2026-01-01T00:00:00Z" }
        object["metadata"] = meta
        objects[collection, default: [:]][key] = object
        log.append(Change(resourceVersion: resourceVersion, collection: collection,
                          type: type ?? (exists ? "MODIFIED" : "ADDED"), object: object))
        condition.broadcast()
        return object
    }

    @discardableResult
    func deleteLocked(collection: String, key: String) -> [String: Any]? {
        guard var object = objects[collection]?.removeValue(forKey: key) else { return nil }
        resourceVersion += 1
        var meta = object["metadata"] as? [String: Any] ?? [:]
        meta["resourceVersion"] = String(resourceVersion)
        object["metadata"] = meta
        log.append(Change(resourceVersion: resourceVersion, collection: collection, type: "DELETED", object: object))
        condition.broadcast()
        return object
    }

    func getLocked(collection: String, key: String) -> [String: Any]? {
        objects[collection]?[key]
    }

    func allLocked(collection: String) -> [(key: String, object: [String: Any])] {
        (objects[collection] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    // MARK: - Test hooks

    /// Forgets history: watches and lists from an older resourceVersion now get 410.
    public func compact() {
        locked {
            compactedBelow = resourceVersion
            log.removeAll()
        }
    }

    /// Makes every open watch stream end abruptly (no final chunk).
    public func cutWatches() {
        locked {
            cutGeneration += 1
            condition.broadcast()
        }
    }

    /// Creates or replaces an object of a test's choosing.
    @discardableResult
    public func apply<T: KubeObject>(_ object: T) -> T {
        let json = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(object)) as! [String: Any]
        let stored = locked { putLocked(collection: Self.collection(T.self), object: json) }
        return try! JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: stored))
    }

    /// Deletes an object; returns whether it existed.
    @discardableResult
    public func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) -> Bool {
        locked { deleteLocked(collection: Self.collection(T.self), key: Self.key(namespace: namespace, name: name)) != nil }
    }

    /// Reads an object back, decoded.
    public func object<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) -> T? {
        guard let json = locked({ getLocked(collection: Self.collection(T.self), key: Self.key(namespace: namespace, name: name)) })
        else { return nil }
        return try? JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: json))
    }

    /// Every object of a kind, decoded.
    public func objects<T: KubeObject>(_ type: T.Type) -> [T] {
        locked { allLocked(collection: Self.collection(T.self)) }.compactMap {
            try? JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: $0.object))
        }
    }
}

/// RFC 7386 JSON merge patch.
func mergePatch(_ target: Any?, _ patch: Any) -> Any {
    guard let patch = patch as? [String: Any] else { return patch }
    var result = target as? [String: Any] ?? [:]
    for (k, v) in patch {
        if v is NSNull { result.removeValue(forKey: k) } else { result[k] = mergePatch(result[k], v) }
    }
    return result
}

/// Evaluates a simple field selector (`a.b=value,c!=other`) against an object.
func fieldSelectorMatches(_ selector: String?, _ object: [String: Any]) -> Bool {
    guard let selector, !selector.isEmpty else { return true }
    for term in selector.split(separator: ",") {
        let negate = term.contains("!=")
        let parts = term.components(separatedBy: negate ? "!=" : "=")
        guard parts.count == 2 else { return false }
        var value: Any? = object
        for segment in parts[0].split(separator: ".") { value = (value as? [String: Any])?[String(segment)] }
        let actual = value as? String ?? ""
        if (actual == parts[1]) == negate { return false }
    }
    return true
}
