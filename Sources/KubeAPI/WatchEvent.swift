/// One line of a watch stream: `{"type": "ADDED", "object": {...}}`.
///
/// `ERROR` events carry a `Status` instead of an object (e.g. code 410 when the watch
/// resumed from a compacted resourceVersion); `BOOKMARK` events carry an object of the
/// watched kind whose metadata holds only the new resourceVersion.
public enum WatchEvent<Object: KubeObject>: Decodable, Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// The resourceVersion to resume from.
    case bookmark(resourceVersion: String)
    case error(Status)

    enum CodingKeys: String, CodingKey { case type, object }

    /// A bookmark's object: only metadata.resourceVersion is meaningful.
    private struct BookmarkObject: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try c.decode(Object.self, forKey: .object))
        case "MODIFIED": self = .modified(try c.decode(Object.self, forKey: .object))
        case "DELETED": self = .deleted(try c.decode(Object.self, forKey: .object))
        case "BOOKMARK":
            let b = try c.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(resourceVersion: b.metadata?.resourceVersion ?? "")
        case "ERROR": self = .error(try c.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown watch event type \"\(type)\"; expected ADDED, MODIFIED, DELETED, BOOKMARK or ERROR")
        }
    }

    /// The event's object for ADDED/MODIFIED/DELETED.
    public var object: Object? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o
        case .bookmark, .error: return nil
        }
    }
}
