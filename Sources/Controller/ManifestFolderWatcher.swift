import Foundation
import Glibc

/// Wakes the manifests loop as soon as something changes under the folder (inotify), so
/// a change is served in milliseconds instead of at the next poll.
///
/// Only a hint: the loop still decides by comparing file stamps, and still polls on a
/// timer, so a missed event (an overflowing queue, a filesystem without inotify such as
/// some network mounts) costs latency, never correctness. Confined to the loop's thread.
final class ManifestFolderWatcher {
    private let fd: Int32
    private let root: String
    private var watched: Set<String> = []
    private var buffer = [UInt8](repeating: 0, count: 16 * 1024)

    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
                                     | IN_DELETE_SELF | IN_ATTRIB)

    /// Nil when inotify is unavailable; the loop then relies on polling alone.
    init?(directory: String) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.root = directory
        refreshWatches()
    }

    deinit { close(fd) }

    /// Watches the folder and every visible subfolder not yet watched (new folders appear
    /// between scans). Watches of removed folders vanish on their own (IN_IGNORED).
    func refreshWatches() {
        var dirs = [root]
        if let e = FileManager.default.enumerator(at: URL(fileURLWithPath: root),
                                                  includingPropertiesForKeys: [.isDirectoryKey],
                                                  options: [.skipsHiddenFiles]) {
            for case let url as URL in e where (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                dirs.append(url.path)
            }
        }
        for d in dirs where !watched.contains(d) {
            if inotify_add_watch(fd, d, Self.mask) >= 0 { watched.insert(d) }
        }
    }

    /// Waits up to `milliseconds` for a change; returns whether one was seen. After the
    /// first event it lets a burst settle for `settleMilliseconds` and drains it, so an
    /// editor's create-write-close sequence wakes the loop once, and a file written
    /// continuously (a log beside the manifests) costs at most one scan per settle period.
    func wait(milliseconds: Int, settleMilliseconds: Int = 15) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let n = poll(&p, 1, Int32(max(0, milliseconds)))
        guard n > 0 else { return false }
        drain()
        if settleMilliseconds > 0 {
            usleep(useconds_t(settleMilliseconds * 1000))
            drain()
        }
        return true
    }

    private func drain() {
        buffer.withUnsafeMutableBytes { raw in
            while read(fd, raw.baseAddress, raw.count) > 0 {}
        }
    }
}
