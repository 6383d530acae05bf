import Foundation
import Glibc
import KubeAPI
import Reconciler

/// The manifest files of a folder: which ones there are, whether they changed, and what
/// they hold.
public enum ManifestFolder {
    /// The extensions read; others (README.md, ...) are ignored.
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// What identifies a version of a file without reading it.
    public struct Stamp: Hashable, Sendable {
        public var modifiedNanoseconds: Int64
        public var size: Int64
        public var inode: UInt64
    }

    /// Manifest files under `directory`, recursively, sorted, with their stamps. Hidden
    /// files and folders are skipped (a ConfigMap volume's `..data` links are followed
    /// through the visible names).
    public static func scan(_ directory: String) -> [String: Stamp] {
        var files: [String: Stamp] = [:]
        let url = URL(fileURLWithPath: directory)
        guard let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil,
                                                     options: [.skipsHiddenFiles]) else { return files }
        for case let file as URL in e {
            guard extensions.contains(file.pathExtension.lowercased()) else { continue }
            var st = stat()
            guard stat(file.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            files[file.path] = Stamp(
                modifiedNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                size: Int64(st.st_size), inode: UInt64(st.st_ino))
        }
        return files
    }

    /// Loads every manifest file under `directory` (sorted by path, so later files win
    /// when two define the same object). A missing folder is one error.
    public static func load(_ directory: String, loader: ManifestLoader = .init()) -> ManifestLoadResult {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            return ManifestLoadResult(errors: [ManifestError(file: directory, message: "not a readable folder")])
        }
        var result = ManifestLoadResult()
        for path in scan(directory).keys.sorted() {
            result.merge(loader.load(contentsOf: path))
        }
        return result
    }

    /// `portico check DIR`: loads the folder, builds the snapshot and returns the report
    /// to print (`renderText()`) and the verdict (`hasErrors`, the exit status).
    /// `options.now` of 0 means "now" (so expired certificates are reported).
    public static func check(_ directory: String, options: SnapshotBuilderOptions = .init(),
                             loader: ManifestLoader = .init()) -> RoutingTableReport {
        let load = load(directory, loader: loader)
        var options = options
        if options.now == 0 { options.now = Int64(Date().timeIntervalSince1970) }
        let (snapshot, warnings) = SnapshotBuilder.build(ClusterState(objects: load.objects), options: options)
        return RoutingTableReport(snapshot: snapshot, warnings: warnings, loadErrors: load.errors)
    }
}
