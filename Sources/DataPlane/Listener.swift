import Reactor
import TLS

/// A listening socket on one worker loop; accepted connections stay on that loop for life.
final class Listener: EventHandler {
    let fd: Int32
    let role: ListenerRole
    /// See `DownstreamConnection.worker`.
    unowned(unsafe) let worker: Worker
    private var closed = false
    /// HTTPS: connections accepted here terminate TLS with this context.
    var tls: TLSServerContext?

    init(fd: Int32, role: ListenerRole, worker: Worker) {
        self.fd = fd
        self.role = role
        self.worker = worker
    }

    func handleEvent(_ events: Readiness) {
        // Bounded batch so one busy listener cannot starve the loop's other work.
        for _ in 0..<64 {
            guard !closed else { return }
            let r: IOResult<(Int32, SocketAddress?)>
            do { r = try Syscall.accept(fd) } catch {
                // EMFILE/ENFILE/ECONNABORTED: skip this round; level-triggered, we retry.
                return
            }
            guard case .processed(let (cfd, peer)) = r else { return }
            if case .proxy = role, worker.counters.connectionsOpen >= worker.connectionLimit || worker.draining {
                worker.counters.connectionsRefused += 1
                Syscall.close(cfd)
                continue
            }
            worker.counters.connectionsAccepted += 1
            TCPSocket.setNoDelay(cfd)
            let c = DownstreamConnection(fd: cfd, peer: peer, role: role, worker: worker)
            if let tls {
                guard let session = try? TLSServerSession(context: tls) else {
                    Syscall.close(cfd)
                    continue
                }
                c.tls = TLSTransport(session: session, pool: worker.writeBuffers)
            }
            do {
                try worker.loop.register(connection: cfd, handler: c)
            } catch {
                Syscall.close(cfd)
                continue
            }
            worker.add(c)
            if case .proxy = role, let m = tls == nil ? worker.listenerMetrics : worker.httpsListenerMetrics {
                m.connections.increment(worker: worker.loop.index)
                m.activeConnections.increment(worker: worker.loop.index)
            }
            c.start()
            if let tls { c.startHandshakeDeadline(tls.configuration.handshakeTimeoutMilliseconds) }
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        worker.loop.deregister(fd)
        Syscall.close(fd)
    }
}
