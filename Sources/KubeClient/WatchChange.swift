import Foundation
import KubeAPI

/// One event of a watch stream, decoded.
public enum WatchChange<Object: KubeObject>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Progress marker: nothing changed up to this resourceVersion (`allowWatchBookmarks`).
    case bookmark(resourceVersion: String)
    /// The server ended the watch with a Status; code 410 means "too old, relist".
    case error(code: Int, reason: String, message: String)
    /// An ADDED/MODIFIED/DELETED event whose object does not decode as `Object`: skipped,
    /// but its resourceVersion still counts as progress.
    case undecodable(type: String, resourceVersion: String?, message: String)

    /// The resourceVersion this event moves the watch to, if any.
    public var resourceVersion: String? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o.metadata.resourceVersion
        case .bookmark(let rv): return rv
        case .undecodable(_, let rv, _): return rv
        case .error: return nil
        }
    }

    private struct Envelope: Decodable {
        var type: String
        var object: Probe
    }
    /// Decodes just enough of `object` for bookmarks and errors, whose objects are not
    /// full instances of the kind (a bookmark carries only metadata.resourceVersion).
    private struct Probe: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
        var code: Int?
        var reason: String?
        var message: String?
    }
    private struct Full: Decodable { var object: Object }

    /// Decodes one line of a watch stream; `request` names the watch in errors.
    public static func decode(line: [UInt8], decoder: JSONDecoder, request: String) throws(KubeClientError) -> WatchChange {
        let data = Data(line)
        let envelope: Envelope
        do { envelope = try decoder.decode(Envelope.self, from: data) } catch {
            throw KubeClientError(kind: .decoding, message: "watch line is not an event: \(error)", request: request)
        }
        func object(_ make: (Object) -> WatchChange) -> WatchChange {
            do { return make(try decoder.decode(Full.self, from: data).object) } catch {
                return .undecodable(type: envelope.type, resourceVersion: envelope.object.metadata?.resourceVersion,
                                    message: "\(Object.kind) in \(envelope.type) event: \(error)")
            }
        }
        switch envelope.type {
        case "ADDED": return object { .added($0) }
        case "MODIFIED": return object { .modified($0) }
        case "DELETED": return object { .deleted($0) }
        case "BOOKMARK": return .bookmark(resourceVersion: envelope.object.metadata?.resourceVersion ?? "")
        case "ERROR":
            return .error(code: envelope.object.code ?? 0, reason: envelope.object.reason ?? "",
                          message: envelope.object.message ?? "")
        default:
            throw KubeClientError(kind: .decoding, message: "unknown watch event type \(envelope.type)", request: request)
        }
    }
}
