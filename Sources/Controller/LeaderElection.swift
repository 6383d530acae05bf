import Dispatch
import Foundation
import KubeAPI
import KubeClient
import Synchronization
import Telemetry

/// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does:
/// every `retryPeriod` try to acquire or renew with an optimistic write (the Lease's
/// resourceVersion; 409 means someone else wrote first, so re-read next time); another
/// holder's lease counts as expired only after `leaseDuration` has passed on *our* clock
/// since we last saw its record change (no trust in remote clocks); a leader that fails to
/// renew for `renewDeadline` stops leading and becomes a candidate again.
public final class LeaderElection: Sendable {
    private struct Observed: Sendable {
        var spec: LeaseSpec?
        var resourceVersion: String?
        var at: ContinuousClock.Instant = .now
    }

    private let client: KubeClient
    /// Lease name, namespace, identity and timings.
    public let configuration: LeaderElectionConfiguration
    private let onStartedLeading: @Sendable () -> Void
    private let onStoppedLeading: @Sendable () -> Void
    private let metrics: PorticoMetrics?
    private let logger: Logger
    private let leading = Atomic<Bool>(false)
    private let observed = Mutex(Observed())
    private let cancellation = RequestCancellation()
    private let started = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// The callbacks run on the election thread; they must not block for long.
    public init(client: KubeClient, configuration: LeaderElectionConfiguration, metrics: PorticoMetrics? = nil,
                logger: Logger = Logger(label: "leader-election"),
                onStartedLeading: @escaping @Sendable () -> Void = {},
                onStoppedLeading: @escaping @Sendable () -> Void = {}) {
        self.client = client
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.onStartedLeading = onStartedLeading
        self.onStoppedLeading = onStoppedLeading
    }

    /// Whether this replica holds the lease now.
    public var isLeader: Bool { leading.load(ordering: .acquiring) }

    /// The holder last seen in the Lease (nil before the first read).
    public var observedHolder: String? { observed.withLock { $0.spec?.holderIdentity } }

    /// Starts campaigning on a thread of its own.
    public func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "leader-election"
        thread.start()
    }

    /// Stops campaigning; a leader stops leading (and releases the lease if configured).
    public func stop() {
        cancellation.cancel()
        if started.load(ordering: .acquiring) {
            finished.wait()
            finished.signal()
        }
    }

    // MARK: - The loop

    private func run() {
        var lastRenew = ContinuousClock.now
        while !cancellation.isCancelled {
            let now = ContinuousClock.now
            let ok = tryAcquireOrRenew()
            if ok {
                lastRenew = now
                if !leading.exchange(true, ordering: .acquiringAndReleasing) {
                    logger.info("became leader", ["lease": "\(configuration.namespace)/\(configuration.leaseName)",
                                                  "identity": configuration.identity])
                    metrics?.leader.set(1)
                    onStartedLeading()
                }
            } else if leading.load(ordering: .acquiring) {
                let someoneElse = observed.withLock { o in
                    o.spec?.holderIdentity.map { !$0.isEmpty && $0 != configuration.identity } ?? false
                }
                if someoneElse || ContinuousClock.now - lastRenew >= configuration.renewDeadline {
                    stepDown(reason: someoneElse ? "lease taken by another replica" : "renew deadline passed")
                }
            }
            // client-go jitters the acquire retries by up to 20 %; renewals keep the period.
            let jitter = leading.load(ordering: .acquiring) ? 0 : Double.random(in: 0...0.2)
            cancellation.sleep(configuration.retryPeriod * (1 + jitter))
        }
        if leading.load(ordering: .acquiring) {
            if configuration.releaseOnStop { release() }
            stepDown(reason: "stopped")
        }
    }

    private func stepDown(reason: String) {
        guard leading.exchange(false, ordering: .acquiringAndReleasing) else { return }
        logger.warning("stopped leading", ["reason": reason])
        metrics?.leader.set(0)
        onStoppedLeading()
    }

    private var leaseSeconds: Int32 {
        Int32(max(1, configuration.leaseDuration.components.seconds))
    }

    /// One attempt; true when we hold the lease afterwards.
    private func tryAcquireOrRenew() -> Bool {
        let now = MicroTime.string(from: Date())
        let current: Lease
        do {
            current = try client.get(Lease.self, namespace: configuration.namespace, name: configuration.leaseName)
        } catch where error.isNotFound {
            let lease = Lease(metadata: ObjectMeta(name: configuration.leaseName, namespace: configuration.namespace),
                              spec: LeaseSpec(holderIdentity: configuration.identity, leaseDurationSeconds: leaseSeconds,
                                              acquireTime: now, renewTime: now, leaseTransitions: 0))
            do {
                let created = try client.create(lease)
                remember(created)
                return true
            } catch {
                if !error.isConflict { logger.debug("cannot create lease", ["error": error]) }
                return false
            }
        } catch {
            logger.debug("cannot read lease", ["error": error])
            return false
        }

        observed.withLock { o in
            // The expiry clock restarts only when the record changes (a renewal by the holder).
            if o.spec != current.spec || o.resourceVersion != current.metadata.resourceVersion {
                o.spec = current.spec
                o.resourceVersion = current.metadata.resourceVersion
                o.at = .now
            }
        }
        let holder = current.spec.holderIdentity ?? ""
        let isMine = holder == configuration.identity
        if !holder.isEmpty && !isMine {
            let (seenAt, duration) = observed.withLock { o in
                (o.at, Duration.seconds(Int(o.spec?.leaseDurationSeconds ?? leaseSeconds)))
            }
            if ContinuousClock.now - seenAt < duration { return false }  // another live leader
        }

        var updated = current
        updated.spec.holderIdentity = configuration.identity
        updated.spec.leaseDurationSeconds = leaseSeconds
        updated.spec.renewTime = now
        if !isMine {
            updated.spec.acquireTime = now
            updated.spec.leaseTransitions = (current.spec.leaseTransitions ?? 0) + 1
        }
        do {
            let written = try client.replace(updated)
            remember(written)
            return true
        } catch {
            // 409: someone wrote since our read; the next attempt re-reads.
            if !error.isConflict { logger.debug("cannot update lease", ["error": error]) }
            return false
        }
    }

    private func remember(_ lease: Lease) {
        observed.withLock { o in
            o.spec = lease.spec
            o.resourceVersion = lease.metadata.resourceVersion
            o.at = .now
        }
    }

    /// Gives the lease up so a candidate need not wait for it to expire.
    private func release() {
        guard var lease = try? client.get(Lease.self, namespace: configuration.namespace, name: configuration.leaseName),
              lease.spec.holderIdentity == configuration.identity else { return }
        let now = MicroTime.string(from: Date())
        lease.spec.holderIdentity = ""
        lease.spec.leaseDurationSeconds = 1
        lease.spec.renewTime = now
        lease.spec.acquireTime = now
        _ = try? client.replace(lease)
    }
}
