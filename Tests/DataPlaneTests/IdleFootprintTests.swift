import HTTP1
import Reactor
import Routing
import Testing
@testable import DataPlane

// glibc's, from <malloc.h> (not in the Glibc module map): the bytes an allocation really holds.
@_silgen_name("malloc_usable_size")
private func mallocUsableSize(_ p: UnsafeMutableRawPointer?) -> Int

/// What an idle keep-alive connection costs in user space: its objects' allocations,
/// measured with malloc_usable_size. Bounds here guard against per-request state creeping
/// back into the connection (figures are reported in bench/README.md).
@Suite struct IdleFootprintTests {
    private func usable(_ o: AnyObject) -> Int {
        mallocUsableSize(Unmanaged.passUnretained(o).toOpaque())
    }

    @Test func anIdleConnectionsObjectsStaySmall() throws {
        let loop = try EventLoop()
        let worker = Worker(loop: loop, config: ProxyConfiguration(), store: SnapshotStore(), admin: AdminRegistry(),
                            isReady: { true })
        // The connection releases into the worker's pools as it goes: the worker outlives it.
        withExtendedLifetime(worker) { check(DownstreamConnection(fd: -1, peer: nil, role: .proxy, worker: worker)) }
    }

    private func check(_ c: DownstreamConnection) {
        let connection = usable(c)
        let buffers = usable(c.input) + usable(c.output) + usable(c.upstreamHead)
        print("idle footprint: DownstreamConnection \(connection) B, 3 IOBuffer \(buffers) B,",
              "Exchange \(MemoryLayout<Exchange>.size) B (pooled), RequestHeadParser \(MemoryLayout<RequestHeadParser>.size) B,",
              "(pooled)")
        #expect(!c.holdsRequestMemory)
        #expect(connection <= 512)
        #expect(buffers <= 3 * 48)
    }
}
