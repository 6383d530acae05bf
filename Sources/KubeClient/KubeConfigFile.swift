import Foundation
import YAML

/// Reads a kubeconfig file (`~/.kube/config` format) into a connection for one context.
public enum KubeConfigFile {
    /// Loads `path`, using `context` or else the file's `current-context`.
    public static func load(path: String, context: String? = nil) throws(KubeConfigError) -> KubeConnection {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: "missing or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(path: path, reason: "not UTF-8 text")
        }
        let baseDirectory = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path, context: context, baseDirectory: baseDirectory)
    }

    /// Parses kubeconfig text; relative file references resolve against `baseDirectory`.
    public static func parse(_ text: String, path: String = "<kubeconfig>", context: String? = nil,
                             baseDirectory: String = ".") throws(KubeConfigError) -> KubeConnection {
        let root = try document(text, path: path)
        guard case .mapping = root else { throw .malformed(path: path, reason: "top level is not a mapping") }

        let contextName: String
        if let context { contextName = context } else {
            guard let current = root["current-context"]?.text, !current.isEmpty else {
                throw .noCurrentContext(path: path)
            }
            contextName = current
        }
        guard let ctx = named(root["contexts"], contextName)?["context"] else {
            throw .contextNotFound(contextName)
        }
        guard let clusterName = ctx["cluster"]?.text, let cluster = named(root["clusters"], clusterName)?["cluster"] else {
            throw .clusterNotFound(ctx["cluster"]?.text ?? "")
        }
        guard let server = cluster["server"]?.text, !server.isEmpty else {
            throw .malformed(path: path, reason: "cluster \"\(clusterName)\" has no `server`")
        }

        var connection = KubeConnection(server: server, namespace: ctx["namespace"]?.text)
        connection.insecureSkipTLSVerify = cluster["insecure-skip-tls-verify"]?.truth ?? false
        connection.certificateAuthority = try bytes(cluster, dataKey: "certificate-authority-data",
                                                    fileKey: "certificate-authority", base: baseDirectory)

        if let userName = ctx["user"]?.text, !userName.isEmpty {
            guard let user = named(root["users"], userName)?["user"] else { throw .userNotFound(userName) }
            for field in ["exec", "auth-provider"] where user[field] != nil && user[field] != .null {
                throw .unsupportedAuth(user: userName, field: field)
            }
            if user["username"]?.text != nil || user["password"]?.text != nil {
                throw .unsupportedAuth(user: userName, field: "username/password")
            }
            if let token = user["token"]?.text, !token.isEmpty {
                connection.token = BearerTokenSource(token: token)
            } else if let file = user["tokenFile"]?.text, !file.isEmpty {
                connection.token = BearerTokenSource(file: resolve(file, base: baseDirectory))
            }
            connection.clientCertificate = try bytes(user, dataKey: "client-certificate-data",
                                                     fileKey: "client-certificate", base: baseDirectory)
            connection.clientKey = try bytes(user, dataKey: "client-key-data",
                                             fileKey: "client-key", base: baseDirectory)
        }
        return connection
    }

    // MARK: - Helpers

    /// YAML when the YAML reader can read it, else JSON (which kubectl also accepts).
    private static func document(_ text: String, path: String) throws(KubeConfigError) -> YAMLNode {
        let yamlError: YAMLError
        do {
            let docs = try YAMLReader.documents(from: text)
            guard let first = docs.first else { throw KubeConfigError.malformed(path: path, reason: "empty file") }
            return first
        } catch let error as YAMLError {
            yamlError = error
        } catch let error as KubeConfigError {
            throw error
        } catch {
            throw .malformed(path: path, reason: "\(error)")
        }
        if let data = text.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data),
           let node = YAMLNode(json: object) {
            return node
        }
        throw .malformed(path: path, reason: yamlError.description)
    }

    /// The entry of a `[{name: ..., <payload>}]` list with the given name.
    private static func named(_ list: YAMLNode?, _ name: String) -> YAMLNode? {
        guard case .sequence(let items)? = list else { return nil }
        return items.first { $0["name"]?.text == name }
    }

    private static func resolve(_ file: String, base: String) -> String {
        file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file)
    }

    private static func bytes(_ node: YAMLNode, dataKey: String, fileKey: String,
                              base: String) throws(KubeConfigError) -> [UInt8]? {
        if let encoded = node[dataKey]?.text, !encoded.isEmpty {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidBase64(field: dataKey)
            }
            return Array(data)
        }
        if let file = node[fileKey]?.text, !file.isEmpty {
            let full = resolve(file, base: base)
            guard let data = FileManager.default.contents(atPath: full) else {
                throw .unreadableFile(path: full, reason: "missing or unreadable (from `\(fileKey)`)")
            }
            return Array(data)
        }
        return nil
    }
}

extension YAMLNode {
    /// A scalar as text (kubeconfig values are strings, but a bare `true` or number may appear).
    fileprivate var text: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d): return String(d)
        default: return nil
        }
    }

    fileprivate var truth: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s): return s == "true"
        case .int(let i): return i != 0
        default: return nil
        }
    }

    /// Converts a `JSONSerialization` value.
    fileprivate init?(json: Any) {
        switch json {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let n as NSNumber:
            // JSON booleans arrive as NSNumber too; `truth` accepts 0/1, so ints suffice.
            if let i = Int64(exactly: n.doubleValue) { self = .int(i) } else { self = .double(n.doubleValue) }
        case let a as [Any]:
            var items: [YAMLNode] = []
            for x in a { guard let n = YAMLNode(json: x) else { return nil }; items.append(n) }
            self = .sequence(items)
        case let d as [String: Any]:
            var pairs: [(key: String, value: YAMLNode)] = []
            for k in d.keys.sorted() { guard let n = YAMLNode(json: d[k]!) else { return nil }; pairs.append((k, n)) }
            self = .mapping(pairs)
        default: return nil
        }
    }
}
