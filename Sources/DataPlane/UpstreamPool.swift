import Reactor

/// Idle keep-alive connections per endpoint on one worker: bounded per endpoint, most
/// recently used first (warm connections, and the cold tail ages out by idle timeout).
struct UpstreamPool {
    private var idle: [SocketAddress: [UpstreamConnection]] = [:]
    let limitPerEndpoint: Int

    init(limitPerEndpoint: Int) { self.limitPerEndpoint = limitPerEndpoint }

    /// An idle connection to `address`, if one is pooled.
    mutating func take(_ address: SocketAddress) -> UpstreamConnection? {
        while let c = idle[address]?.popLast() {
            c.deadline = 0
            // The endpoint already closed it (FIN seen with the last response): drop it.
            if c.hangupSeen { c.close(); continue }
            return c
        }
        return nil
    }

    /// Pools a connection whose exchange ended cleanly; false when the endpoint's list is
    /// full (the caller closes it).
    mutating func put(_ c: UpstreamConnection, idleDeadline: Int64) -> Bool {
        guard !c.hangupSeen, idle[c.address, default: []].count < limitPerEndpoint else { return false }
        c.owner = nil
        c.deadline = idleDeadline
        idle[c.address, default: []].append(c)
        return true
    }

    mutating func remove(_ c: UpstreamConnection) {
        guard let i = idle[c.address]?.firstIndex(where: { $0 === c }) else { return }
        idle[c.address]?.remove(at: i)
    }

    /// Closes every idle connection (shutdown).
    mutating func closeAll() {
        for (_, list) in idle { for c in list { c.close() } }
        idle.removeAll()
    }

    var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }
}
