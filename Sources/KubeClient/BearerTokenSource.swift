import Foundation
import Synchronization

/// A bearer token, either fixed or read from a file that is re-read when it changes
/// (projected service-account tokens are rotated by the kubelet, roughly hourly).
public final class BearerTokenSource: Sendable {
    private enum Origin: Sendable { case fixed(String), file(String) }
    private struct Cached: Sendable {
        var token: String
        var modified: Date?
        var size: Int
    }

    private let origin: Origin
    private let cache = Mutex<Cached?>(nil)

    /// A token that never changes.
    public init(token: String) { origin = .fixed(token) }

    /// A token read from `path`, re-read whenever its modification time or size changes.
    public init(file path: String) { origin = .file(path) }

    /// The token to send with the next request.
    public func current() throws(KubeConfigError) -> String {
        switch origin {
        case .fixed(let token):
            return token
        case .file(let path):
            let attributes: [FileAttributeKey: Any]
            do {
                attributes = try FileManager.default.attributesOfItem(atPath: path)
            } catch {
                // Keep using the last good token if the file is briefly missing during a
                // rotation (the kubelet swaps a symlink).
                if let cached = cache.withLock({ $0 }) { return cached.token }
                throw .unreadableFile(path: path, reason: "\(error.localizedDescription)")
            }
            let modified = attributes[.modificationDate] as? Date
            let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
            if let cached = cache.withLock({ $0 }), cached.modified == modified, cached.size == size {
                return cached.token
            }
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else {
                if let cached = cache.withLock({ $0 }) { return cached.token }
                throw .unreadableFile(path: path, reason: "not readable as UTF-8 text")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            cache.withLock { $0 = Cached(token: token, modified: modified, size: size) }
            return token
        }
    }
}
