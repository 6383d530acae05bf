import Reactor

/// A connection to one endpoint, owned by a downstream connection while it carries an
/// exchange and by the worker's pool while idle. Confined to its loop.
final class UpstreamConnection: EventHandler, DeadlineTarget {
    let fd: Int32
    let address: SocketAddress
    /// See `DownstreamConnection.worker`.
    unowned(unsafe) let worker: Worker
    /// Bytes from the endpoint (response heads and bodies), reused across requests.
    let input: IOBuffer
    /// The exchange using this connection; nil while pooled. `unowned(unsafe)` because the
    /// owner always clears it before letting go (pooling, `close()`, or closing itself closes
    /// this connection), and a weak reference costs a side-table lookup per event.
    unowned(unsafe) var owner: DownstreamConnection?
    var connecting: Bool
    var readable = false
    var writable = false
    var closed = false
    /// Epoll reported the peer's FIN, a hangup or an error: reads must go on until they
    /// see it (a drained-looking short read is not the end).
    var hangupSeen = false
    /// Requests completed on this connection (0 = fresh).
    var served = 0
    /// Re-encryption to an HTTPS backend; nil for plain HTTP (see UpstreamTLS.swift).
    var tls: UpstreamTLS?

    // Idle-in-pool deadline.
    var deadline: Int64 = 0
    var armedDeadline: Int64 = 0
    var timerSlot: Int32 = -1

    init(fd: Int32, address: SocketAddress, worker: Worker, connecting: Bool) {
        self.fd = fd
        self.address = address
        self.worker = worker
        self.connecting = connecting
        input = IOBuffer(pool: worker.readBuffers)
    }

    func handleEvent(_ events: Readiness) {
        if events.contains(.writable) { writable = true }
        if !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) { readable = true }
        if !events.isDisjoint(with: [.readHangup, .hangup, .error]) { hangupSeen = true }
        // TLS: ciphertext left by a short write goes out when the socket drains, even after
        // the request is complete (no later write would carry it).
        if let tls, writable, !tls.isDrained { flushTLS(tls) }
        if let owner {
            owner.upstreamEvent(self, events)
        } else {
            // Idle in the pool: any readiness means the endpoint closed it or sent junk.
            if !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) {
                worker.pool.remove(self)
                close()
            }
        }
    }

    func deadlineExpired(now: Int64) {
        deadline = 0
        guard owner == nil, !closed else { return }
        worker.pool.remove(self)
        close()
    }

    func close() {
        guard !closed else { return }
        closed = true
        deadline = 0
        worker.loop.disarm(self)
        owner = nil
        if let tls { closeTLS(tls) }
        worker.loop.deregister(fd)
        Syscall.close(fd)
        input.clear()
        input.releaseIfEmpty()
    }
}
