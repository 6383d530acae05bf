import Reactor

/// Idle keep-alive connections per endpoint on one worker: bounded per endpoint, most
/// recently used first (warm connections, and the cold tail ages out by idle timeout).
struct UpstreamPool {
    private var idle: [SocketAddress: [UpstreamConnection]] = [:]
    let limitPerEndpoint: Int

    init(limitPerEndpoint: Int) { self.limitPerEndpoint = limitPerEndpoint }

    /// An idle connection to `address`, if one is pooled.
    mutating func take(_ address: SocketAddress) -> UpstreamConnection? {
        guard var list = idle[address], let c = list.popLast() else { return nil }
        idle[address] = list
        c.deadline = 0
        return c
    }

    /// Pools a connection whose exchange ended cleanly; false when the endpoint's list is
    /// full (the caller closes it).
    mutating func put(_ c: UpstreamConnection, idleDeadline: Int64) -> Bool {
        var list = idle[c.address, default: []]
        guard list.count < limitPerEndpoint else { return false }
        c.owner = nil
        c.deadline = idleDeadline
        list.append(c)
        idle[c.address] = list
        return true
    }

    mutating func remove(_ c: UpstreamConnection) {
        guard var list = idle[c.address], let i = list.firstIndex(where: { $0 === c }) else { return }
        list.remove(at: i)
        idle[c.address] = list
    }

    /// Closes every idle connection (shutdown).
    mutating func closeAll() {
        for (_, list) in idle { for c in list { c.close() } }
        idle.removeAll()
    }

    var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }
}
