import Foundation
import YAML

/// Turns the text of a manifest file (YAML or JSON, one or many documents, `List` kinds)
/// into typed objects of the kinds Portico reads.
///
/// Objects of other kinds (Deployments, ...) are counted and skipped; each document that
/// fails to decode is reported with the file, the document index and the field path, and
/// the file's other documents still load. Namespaced objects without a namespace get
/// `defaultNamespace`, as `kubectl apply` would give them.
public struct ManifestLoader: Sendable {
    /// The namespace for namespaced objects that name none.
    public var defaultNamespace: String

    public init(defaultNamespace: String = "default") {
        self.defaultNamespace = defaultNamespace
    }

    /// Loads every document of a file's text; `file` is only used in error messages and to
    /// recognise `.json`.
    public func load(text: String, file: String) -> ManifestLoadResult {
        var result = ManifestLoadResult()
        let documents: [Any?]
        do {
            documents = try Self.documents(text: text, file: file)
        } catch let e as YAMLError {
            result.errors.append(ManifestError(file: file, line: e.line, column: e.column, message: e.message))
            return result
        } catch {
            result.errors.append(ManifestError(file: file, message: Self.describe(error)))
            return result
        }
        let lines = DocumentLines.starts(in: text, documentCount: documents.count)
        for (i, doc) in documents.enumerated() {
            guard let doc else { continue }  // `~` or `null` documents hold nothing
            add(doc, file: file, index: i, line: lines?[i], pathPrefix: "", into: &result)
        }
        return result
    }

    /// Reads and loads a file; an unreadable file is one error.
    public func load(contentsOf path: String) -> ManifestLoadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ManifestLoadResult(errors: [ManifestError(file: path, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return ManifestLoadResult(errors: [ManifestError(file: path, message: "the file is not UTF-8 text")])
        }
        return load(text: text, file: path)
    }

    // MARK: - Documents

    /// JSON is a subset of YAML 1.2, so both go through our YAML reader: one parser, with
    /// line and column in its errors and a nesting limit that keeps hostile input from
    /// exhausting the stack. A JSON file holding an array is read as one document per item.
    static func documents(text: String, file: String) throws -> [Any?] {
        var nodes: [YAMLNode] = []
        for node in try YAMLReader.documents(from: text) {
            if case .sequence(let items) = node, file.hasSuffix(".json") { nodes += items } else { nodes.append(node) }
        }
        return nodes.map { node -> Any? in
            if case .null = node { return nil }
            return jsonValue(node)
        }
    }

    /// A YAML node as the value `JSONSerialization` would have produced.
    static func jsonValue(_ node: YAMLNode) -> Any {
        switch node {
        case .null: return NSNull()
        case .bool(let b): return b
        case .int(let n): return Int(n)
        case .double(let d): return d.isFinite ? d : String(d)
        case .string(let s): return s
        case .sequence(let items): return items.map(jsonValue)
        case .mapping(let pairs):
            var d: [String: Any] = [:]
            for (k, v) in pairs { d[k] = jsonValue(v) }
            return d
        }
    }

    // MARK: - Objects

    private func add(_ doc: Any, file: String, index: Int, line: Int?, pathPrefix: String,
                     into result: inout ManifestLoadResult) {
        func fail(_ field: String?, _ message: String) {
            let path = [pathPrefix, field ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
            result.errors.append(ManifestError(file: file, documentIndex: index, line: line, fieldPath: path,
                                               message: message))
        }
        guard let object = doc as? [String: Any] else {
            fail(nil, "a document must be a mapping with apiVersion and kind")
            return
        }
        guard let kind = object["kind"] as? String, !kind.isEmpty else {
            fail("kind", "required field is missing")
            return
        }
        let apiVersion = object["apiVersion"] as? String ?? ""
        if kind.hasSuffix("List"), let items = object["items"] as? [Any] {
            for (i, item) in items.enumerated() {
                add(item, file: file, index: index, line: line, pathPrefix: pathPrefix + (pathPrefix.isEmpty ? "" : ".") + "items[\(i)]",
                    into: &result)
            }
            return
        }
        guard let type = Self.kinds[kind] else {
            result.ignoredKinds[kind, default: 0] += 1
            return
        }
        guard apiVersion == type.apiVersion else {
            fail("apiVersion", "\(kind) apiVersion \"\(apiVersion)\" is not supported; use \(type.apiVersion)")
            return
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object)
            let decoded = try type.decode(data, defaultNamespace)
            result.objects.append(decoded)
        } catch let e as DecodingError {
            let (path, message) = Self.describe(e)
            fail(path, message)
        } catch {
            fail(nil, Self.describe(error))
        }
    }

    /// How to decode one kind.
    private struct Kind: Sendable {
        var apiVersion: String
        var decode: @Sendable (Data, String) throws -> ManifestObject
    }

    private static func kind<T: KubeObject>(_ type: T.Type, _ wrap: @escaping @Sendable (T) -> ManifestObject,
                                            _ fix: @escaping @Sendable (inout T, String) -> Void) -> Kind {
        Kind(apiVersion: T.apiVersion) { data, ns in
            var o = try JSONDecoder().decode(T.self, from: data)
            fix(&o, ns)
            return wrap(o)
        }
    }

    private static func namespaced(_ meta: inout ObjectMeta, _ ns: String) {
        if meta.namespace?.isEmpty ?? true { meta.namespace = ns }
    }

    /// The kinds Portico reads, by `kind`.
    private static let kinds: [String: Kind] = [
        Ingress.kind: kind(Ingress.self, { .ingress($0) }, { namespaced(&$0.metadata, $1) }),
        IngressClass.kind: kind(IngressClass.self, { .ingressClass($0) }, { o, _ in o.metadata.namespace = nil }),
        Service.kind: kind(Service.self, { .service($0) }, { namespaced(&$0.metadata, $1) }),
        EndpointSlice.kind: kind(EndpointSlice.self, { .endpointSlice($0) }, { namespaced(&$0.metadata, $1) }),
        Secret.kind: kind(Secret.self, { .secret($0) }, { namespaced(&$0.metadata, $1) }),
        ConfigMap.kind: kind(ConfigMap.self, { .configMap($0) }, { namespaced(&$0.metadata, $1) }),
    ]

    // MARK: - Error text

    /// A decoding error as (field path, message).
    static func describe(_ error: DecodingError) -> (String, String) {
        switch error {
        case .typeMismatch(let type, let ctx):
            return (path(ctx.codingPath), "expected \(typeName(type)): \(ctx.debugDescription)")
        case .valueNotFound(let type, let ctx):
            return (path(ctx.codingPath), "expected \(typeName(type)) but found null")
        case .keyNotFound(let key, let ctx):
            return (path(ctx.codingPath + [key]), "required field is missing")
        case .dataCorrupted(let ctx):
            return (path(ctx.codingPath), ctx.debugDescription)
        @unknown default:
            return ("", String(describing: error))
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int32.Type, is Int64.Type, is Int.Type: return "an integer"
        case is IntOrString.Type: return "an integer or a string"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a \(name) mapping"
        }
    }

    /// `spec.rules[0].http`, with keys containing dots or slashes bracketed:
    /// `metadata.annotations[portico.io/use-regex]`.
    static func path(_ keys: [any CodingKey]) -> String {
        var s = ""
        for k in keys {
            if let i = k.intValue {
                s += "[\(i)]"
            } else if k.stringValue.contains(".") || k.stringValue.contains("/") {
                s += "[\(k.stringValue)]"
            } else {
                s += (s.isEmpty ? "" : ".") + k.stringValue
            }
        }
        return s
    }

    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return "not valid JSON: \(detail)" }
        return "\(error)"
    }
}

/// What a manifest file (or folder) held: the objects, what was skipped, what failed.
public struct ManifestLoadResult: Sendable {
    /// Objects of the kinds Portico reads, in file order.
    public var objects: [ManifestObject]
    /// Kinds Portico does not read, with how many objects of each were skipped.
    public var ignoredKinds: [String: Int]
    /// Documents (or whole files) that could not be read.
    public var errors: [ManifestError]

    public init(objects: [ManifestObject] = [], ignoredKinds: [String: Int] = [:], errors: [ManifestError] = []) {
        self.objects = objects
        self.ignoredKinds = ignoredKinds
        self.errors = errors
    }

    /// Total number of skipped objects of other kinds.
    public var ignoredCount: Int { ignoredKinds.values.reduce(0, +) }

    /// Appends another file's result.
    public mutating func merge(_ other: ManifestLoadResult) {
        objects += other.objects
        ignoredKinds.merge(other.ignoredKinds, uniquingKeysWith: +)
        errors += other.errors
    }
}
