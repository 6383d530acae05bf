import Synchronization

/// Handshake counters for one TLS context, read by Telemetry when it renders /metrics.
///
/// Written once per handshake (not per request or record), so one lock shared by all loop
/// threads costs nothing measurable next to the handshake's own public-key work.
public final class TLSMetrics: Sendable {
    /// The version and cipher a completed handshake negotiated: one label set.
    public struct Negotiated: Hashable, Sendable {
        /// e.g. `TLSv1.3`.
        public var version: String
        /// OpenSSL's cipher name, e.g. `TLS_AES_128_GCM_SHA256`.
        public var cipher: String
    }

    /// A point-in-time copy of every counter, safe to format at leisure.
    public struct Snapshot: Hashable, Sendable {
        /// Handshakes that completed (full or resumed).
        public var handshakes: UInt64
        /// Of those, resumed from a session ticket.
        public var resumedHandshakes: UInt64
        /// Failed handshakes by reason; every reason is present, zero included.
        public var failures: [TLSFailureReason: UInt64]
        /// Completed handshakes per negotiated version and cipher.
        public var negotiated: [Negotiated: UInt64]
    }

    private let state = Mutex(Snapshot(handshakes: 0, resumedHandshakes: 0,
                                       failures: Dictionary(uniqueKeysWithValues: TLSFailureReason.allCases.map { ($0, 0) }),
                                       negotiated: [:]))

    public init() {}

    /// Copies the counters.
    public func snapshot() -> Snapshot { state.withLock { $0 } }

    /// Counts a completed handshake.
    public func recordHandshake(version: String, cipher: String, resumed: Bool) {
        state.withLock { s in
            s.handshakes += 1
            if resumed { s.resumedHandshakes += 1 }
            s.negotiated[Negotiated(version: version, cipher: cipher), default: 0] += 1
        }
    }

    /// Counts a failed handshake; the data plane calls this with `.timeout` itself.
    public func recordFailure(_ reason: TLSFailureReason) {
        state.withLock { $0.failures[reason, default: 0] += 1 }
    }
}
