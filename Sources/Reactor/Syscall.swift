import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// The one place syscalls are made: retries EINTR, turns EAGAIN into `.wouldBlock`,
/// and throws `IOError` with the errno read immediately after the failing call.
///
/// Marked `@inline(never)` where errno is read so nothing the optimizer moves between
/// the call and `clinux_errno()` can clobber it.
public enum Syscall {
    @inline(never)
    @usableFromInline
    static func retrying(_ function: StaticString, _ body: () -> Int) throws(IOError) -> IOResult<Int> {
        while true {
            let r = body()
            if r >= 0 { return .processed(r) }
            let e = clinux_errno()
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK || e == EINPROGRESS { return .wouldBlock }
            throw IOError(errno: e, function: "\(function)")
        }
    }

    @inline(never)
    @usableFromInline
    static func blocking(_ function: StaticString, _ body: () -> Int) throws(IOError) -> Int {
        while true {
            let r = body()
            if r >= 0 { return r }
            let e = clinux_errno()
            if e == EINTR { continue }
            throw IOError(errno: e, function: "\(function)")
        }
    }

    /// read(2) into raw memory; `.processed(0)` is end of stream.
    @inlinable
    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) throws(IOError) -> IOResult<Int> {
        try retrying("read") { Glibc.read(fd, buffer, count) }
    }

    /// write(2) from raw memory.
    @inlinable
    public static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) throws(IOError) -> IOResult<Int> {
        try retrying("write") { Glibc.write(fd, buffer, count) }
    }

    /// writev(2): one syscall for a head and a body slice.
    @inlinable
    public static func writev(_ fd: Int32, _ iov: UnsafePointer<iovec>, _ count: Int32) throws(IOError) -> IOResult<Int> {
        try retrying("writev") { Glibc.writev(fd, iov, count) }
    }

    /// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC; returns the new fd and the peer address.
    public static func accept(_ fd: Int32) throws(IOError) -> IOResult<(Int32, SocketAddress?)> {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let r = try withUnsafeMutablePointer(to: &storage) { p throws(IOError) -> IOResult<Int> in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(IOError) in
                try retrying("accept4") { Int(clinux_accept4(fd, sa, &len, clinux_sock_nonblock_cloexec())) }
            }
        }
        switch r {
        case .wouldBlock: return .wouldBlock
        case .processed(let newFD): return .processed((Int32(newFD), SocketAddress(storage: storage)))
        }
    }

    /// close(2); EINTR is not retried (Linux closes the fd anyway).
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// shutdown(2) of the write side, ignoring errors (the peer may be gone already).
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }
}

extension Syscall {
    /// Writes two byte ranges with one writev(2) (a head and a body slice); either may be empty.
    public static func write(_ fd: Int32, _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        if b.count == 0 {
            guard a.count > 0 else { return .processed(0) }
            return try write(fd, a.baseAddress!, a.count)
        }
        if a.count == 0 { return try write(fd, b.baseAddress!, b.count) }
        var iov = (iovec(iov_base: UnsafeMutableRawPointer(mutating: a.baseAddress), iov_len: a.count),
                   iovec(iov_base: UnsafeMutableRawPointer(mutating: b.baseAddress), iov_len: b.count))
        return try withUnsafePointer(to: &iov) { p throws(IOError) in
            try p.withMemoryRebound(to: iovec.self, capacity: 2) { v throws(IOError) in
                try writev(fd, v, 2)
            }
        }
    }
}
