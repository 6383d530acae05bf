import Foundation
import KubeAPI
import Reconciler
import Routing
import Synchronization
import Telemetry

/// Settings of the manifests-folder mode.
public struct ManifestSourceOptions: Sendable {
    /// Builder settings (class, default backend, certificate validator).
    public var builder: SnapshotBuilderOptions
    /// How often file stamps (mtime, size, inode) are compared: a change is served within
    /// about this plus one build.
    public var pollIntervalMilliseconds: Int
    /// At most one rebuild per this interval, so a burst of writes costs one build.
    public var minRebuildIntervalMilliseconds: Int
    /// How files are read (default namespace).
    public var loader: ManifestLoader
    /// Also wake on inotify events (changes served in milliseconds); polling stays on as
    /// the fallback for filesystems without it.
    public var useInotify: Bool
    /// Where rebuilds and their durations are counted (`portico_snapshot_*`); nil: nowhere.
    public var metrics: PorticoMetrics? = nil
    /// How ExternalName Services are resolved (refresh, grace, timeout, lookup function).
    public var externalNames: ExternalNameOptions

    public init(builder: SnapshotBuilderOptions = .init(), pollIntervalMilliseconds: Int = 100,
                minRebuildIntervalMilliseconds: Int = 50, loader: ManifestLoader = .init(),
                useInotify: Bool = true, externalNames: ExternalNameOptions = .init()) {
        self.builder = builder
        self.externalNames = externalNames
        self.useInotify = useInotify
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
        self.minRebuildIntervalMilliseconds = minRebuildIntervalMilliseconds
        self.loader = loader
    }
}

/// Feeds the controller from a folder of Kubernetes manifests (`portico serve --manifests DIR`).
///
/// Reads the folder recursively (`.yaml`, `.yml`, `.json`), builds and publishes a snapshot,
/// then rebuilds when a file's stamp (mtime, size, inode) changes, or a file appears or
/// disappears. inotify wakes the loop as soon as something changes; polling the stamps
/// every interval stays on underneath, because it works on every filesystem (including
/// ConfigMap volumes whose files change by symlink swap) and costs one `stat` per file.
/// A folder with any file that fails to parse keeps the previous snapshot serving and logs
/// each error with its file, line or document, and reason.
public final class ManifestSource: Sendable {
    /// The outcome of one load of the folder.
    public struct Report: Sendable {
        /// Objects Portico read, files' errors, kinds skipped.
        public var load: ManifestLoadResult
        /// The publish, or nil when errors kept the previous snapshot.
        public var published: SnapshotPublisher.Outcome?
    }

    public let directory: String
    private let options: ManifestSourceOptions
    private let publisher: SnapshotPublisher
    private let log: Logger
    private let stopping = Atomic<Bool>(false)
    /// Whether `run()` is looping; `stop()` waits for it to become false.
    private let running = Mutex<Bool>(false)
    private let lastReportBox = Mutex<Report?>(nil)
    /// Parsed files by path with the stamp they were read at: a change re-reads only the
    /// files whose stamp moved.
    private let parsed = Mutex<[String: (stamp: ManifestFolder.Stamp, result: ManifestLoadResult)]>([:])

    public init(directory: String, options: ManifestSourceOptions = .init(), store: SnapshotStore, log: Logger) {
        self.directory = directory
        self.options = options
        self.log = log.with(["source": directory])
        self.publisher = SnapshotPublisher(store: store, options: options.builder, log: self.log,
                                           externalNames: ExternalNameResolver(options: options.externalNames))
    }

    /// Loads the folder once (re-reading only changed files) and publishes unless it has errors.
    @discardableResult
    public func reload() -> Report {
        let load = loadChanged()
        var report = Report(load: load, published: nil)
        if load.errors.isEmpty {
            let began = ContinuousClock.now
            report.published = publisher.publish(ClusterState(objects: load.objects))
            if let metrics = options.metrics {
                let d = (ContinuousClock.now - began).components
                metrics.snapshotRebuilds.increment()
                metrics.snapshotBuildDuration.observe(Double(d.seconds) + Double(d.attoseconds) / 1e18)
            }
        } else {
            for e in load.errors {
                log.error("manifest not loaded; the previous routes (if any) keep serving", [
                    "file": e.file, "line": e.line.map(String.init) ?? "-",
                    "document": e.documentIndex.map(String.init) ?? "-",
                    "field": e.fieldPath ?? "-", "reason": e.message,
                ])
            }
        }
        if load.ignoredCount > 0 {
            log.debug("objects of other kinds ignored", ["count": load.ignoredCount])
        }
        lastReportBox.withLock { $0 = report }
        return report
    }

    private func loadChanged() -> ManifestLoadResult {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            return ManifestLoadResult(errors: [ManifestError(file: directory, message: "not a readable folder")])
        }
        let stamps = ManifestFolder.scan(directory)
        return parsed.withLock { cache in
            var result = ManifestLoadResult()
            var next: [String: (stamp: ManifestFolder.Stamp, result: ManifestLoadResult)] = [:]
            for path in stamps.keys.sorted() {
                let stamp = stamps[path]!
                let file: ManifestLoadResult
                if let hit = cache[path], hit.stamp == stamp {
                    file = hit.result
                } else {
                    file = options.loader.load(contentsOf: path)
                }
                next[path] = (stamp, file)
                result.merge(file)
            }
            cache = next
            return result
        }
    }

    /// The outcome of the latest load, if any.
    public var lastReport: Report? { lastReportBox.withLock { $0 } }

    /// Loads, publishes, then watches the folder until `stop()`; blocks the calling thread.
    public func run() {
        running.withLock { $0 = true }
        defer { running.withLock { $0 = false } }
        log.info("watching manifests folder", ["poll_ms": options.pollIntervalMilliseconds])
        let watcher = options.useInotify ? ManifestFolderWatcher(directory: directory) : nil
        var stamps = ManifestFolder.scan(directory)
        reload()
        var lastBuild = ContinuousClock.now
        let minGap = Duration.milliseconds(options.minRebuildIntervalMilliseconds)
        var pending = false
        while !stopping.load(ordering: .acquiring) {
            // Sleep until a change (inotify) or the poll interval; while a rebuild is held
            // back by minRebuildInterval, only until it is due.
            var timeout = options.pollIntervalMilliseconds
            if pending {
                let due = minGap - (ContinuousClock.now - lastBuild)
                timeout = max(0, min(timeout, Int(due.components.seconds * 1000 + due.components.attoseconds / 1_000_000_000_000_000)))
            }
            if let watcher {
                if watcher.wait(milliseconds: timeout) { watcher.refreshWatches() }
            } else {
                Thread.sleep(forTimeInterval: Double(timeout) / 1000)
            }
            let now = ManifestFolder.scan(directory)
            if now != stamps {
                stamps = now
                pending = true
            }
            if pending && ContinuousClock.now - lastBuild >= minGap {
                pending = false
                lastBuild = ContinuousClock.now
                reload()
            }
        }
        log.info("stopped watching manifests folder")
    }

    /// Runs `run()` on a thread of its own.
    public func start() {
        running.withLock { $0 = true }  // so a stop() right after start() waits for the loop
        let t = Thread { [self] in run() }
        t.name = "portico-manifests"
        t.start()
    }

    /// Asks the loop to stop and waits for it (at most about one poll interval).
    public func stop() {
        stopping.store(true, ordering: .releasing)
        publisher.stop()
        for _ in 0..<400 {
            if !running.withLock({ $0 }) { return }
            Thread.sleep(forTimeInterval: Double(options.pollIntervalMilliseconds) / 1000 / 4)
        }
    }
}
