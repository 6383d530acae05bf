/// What a proxy's connections hold at one moment, summed over workers: for tests that idle
/// keep-alive connections gave their memory back, and for diagnosing memory growth.
public struct ConnectionMemory: Sendable, Equatable {
    /// Open client connections.
    public var connections = 0
    /// Of those, the ones waiting for their next request with nothing buffered.
    public var idleConnections = 0
    /// Idle connections that still hold buffers, an exchange record or a parser
    /// (0 unless something leaks per-request memory into the idle state).
    public var idleConnectionsHoldingMemory = 0
    /// Buffer blocks held by client and upstream connections (taken from the loops'
    /// pools and not returned).
    public var buffersInUse = 0
    /// Buffer blocks pooled for reuse.
    public var buffersPooled = 0
    /// Exchange records held by connections (one per request in flight).
    public var exchangesInUse = 0
    /// Request-head parsers held by connections (a head arriving or being served).
    public var parsersInUse = 0
    /// Request-head parsers (with their storage) pooled for reuse.
    public var parsersPooled = 0

    public init() {}
}

extension Worker {
    /// This worker's share of `ConnectionMemory`; on its loop only.
    func connectionMemory() -> ConnectionMemory {
        var m = ConnectionMemory()
        m.connections = connections.count
        for c in connections where c.isIdle {
            m.idleConnections += 1
            if c.holdsRequestMemory { m.idleConnectionsHoldingMemory += 1 }
        }
        for p in [readBuffers, writeBuffers, headBuffers] {
            m.buffersInUse += p.inUse
            m.buffersPooled += p.freeCount
        }
        m.exchangesInUse = exchanges.inUse
        m.parsersInUse = parsers.inUse
        m.parsersPooled = parsers.freeCount
        return m
    }
}

extension ConnectionMemory {
    mutating func add(_ o: ConnectionMemory) {
        connections += o.connections
        idleConnections += o.idleConnections
        idleConnectionsHoldingMemory += o.idleConnectionsHoldingMemory
        buffersInUse += o.buffersInUse
        buffersPooled += o.buffersPooled
        exchangesInUse += o.exchangesInUse
        parsersInUse += o.parsersInUse
        parsersPooled += o.parsersPooled
    }
}
