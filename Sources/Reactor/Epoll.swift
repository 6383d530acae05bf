import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// The epoll syscalls behind a tiny namespace; every registration is edge-triggered for
/// read, write and read-hangup, or level-triggered read for listeners.
enum Epoll {
    static let edgeTriggeredAll: UInt32 = clinux_epollin() | clinux_epollout() | clinux_epollrdhup() | clinux_epollet()
    static let levelRead: UInt32 = clinux_epollin()

    static func create() throws(IOError) -> Int32 {
        Int32(try Syscall.blocking("epoll_create1") { Int(epoll_create1(Int32(EPOLL_CLOEXEC))) })
    }

    static func add(_ epfd: Int32, fd: Int32, events: UInt32, data: UInt64) throws(IOError) {
        _ = try Syscall.blocking("epoll_ctl(ADD)") { Int(clinux_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data)) }
    }

    static func delete(_ epfd: Int32, fd: Int32) {
        // Ignored failures: the fd may already be closed, which removed it anyway.
        _ = clinux_epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// Waits for events; EINTR counts as zero events (the loop recomputes its timeout).
    static func wait(_ epfd: Int32, _ events: UnsafeMutablePointer<epoll_event>, _ capacity: Int32, timeoutMs: Int32) throws(IOError) -> Int {
        let r = epoll_wait(epfd, events, capacity, timeoutMs)
        if r >= 0 { return Int(r) }
        let e = clinux_errno()
        if e == EINTR { return 0 }
        throw IOError(errno: e, function: "epoll_wait")
    }
}
