import Reactor

/// Idle keep-alive connections per endpoint on one worker: bounded per endpoint, most
/// recently used first (warm connections, and the cold tail ages out by idle timeout).
struct UpstreamPool {
    /// One endpoint's idle connections; a class so taking and returning mutate in place.
    final class IdleList {
        var connections: [UpstreamConnection] = []
    }

    private var idle: [SocketAddress: IdleList] = [:]
    /// The lists used last, searched before `idle`: a proxy usually cycles through a few
    /// endpoints, and comparing an address costs far less than hashing it (twice per request).
    private var recentAddresses: [SocketAddress] = []
    private var recentLists: [IdleList] = []
    private var nextRecent = 0
    private static let recentLimit = 4
    let limitPerEndpoint: Int

    init(limitPerEndpoint: Int) { self.limitPerEndpoint = limitPerEndpoint }

    private mutating func list(_ address: SocketAddress) -> IdleList {
        if let l = find(address) { return l }
        let l = IdleList()
        l.connections.reserveCapacity(min(limitPerEndpoint, 16))
        idle[address] = l
        remember(address, l)
        return l
    }

    @inline(__always)
    private mutating func find(_ address: SocketAddress) -> IdleList? {
        var i = 0
        while i < recentAddresses.count {
            if recentAddresses[i] == address { return recentLists[i] }
            i += 1
        }
        guard let l = idle[address] else { return nil }
        remember(address, l)
        return l
    }

    private mutating func remember(_ address: SocketAddress, _ l: IdleList) {
        if recentAddresses.count < Self.recentLimit {
            recentAddresses.append(address)
            recentLists.append(l)
        } else {
            recentAddresses[nextRecent] = address
            recentLists[nextRecent] = l
            nextRecent = (nextRecent + 1) % Self.recentLimit
        }
    }

    /// An idle connection to `address`, if one is pooled.
    mutating func take(_ address: SocketAddress) -> UpstreamConnection? {
        guard let l = find(address) else { return nil }
        while let c = l.connections.popLast() {
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
        let l = list(c.address)
        guard !c.hangupSeen, l.connections.count < limitPerEndpoint else { return false }
        c.owner = nil
        c.deadline = idleDeadline
        l.connections.append(c)
        return true
    }

    mutating func remove(_ c: UpstreamConnection) {
        guard let l = find(c.address), let i = l.connections.firstIndex(where: { $0 === c }) else { return }
        l.connections.remove(at: i)
    }

    /// Closes every idle connection (shutdown).
    mutating func closeAll() {
        for (_, l) in idle { for c in l.connections { c.close() } }
        idle.removeAll()
        recentAddresses.removeAll()
        recentLists.removeAll()
        nextRecent = 0
    }

    var idleCount: Int { idle.values.reduce(0) { $0 + $1.connections.count } }
}
