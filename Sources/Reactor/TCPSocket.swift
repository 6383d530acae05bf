import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Creates and configures non-blocking TCP sockets (listeners and outgoing connections).
public enum TCPSocket {
    /// A bound, listening, non-blocking socket. With `reusePort`, several listeners (one per
    /// worker loop) share the address and the kernel spreads connections across them.
    public static func listen(on address: SocketAddress, reusePort: Bool, backlog: Int32 = 1024) throws(IOError) -> Int32 {
        let fd = try Syscall.blocking("socket") { Int(socket(address.family, clinux_sock_stream_flags(), 0)) }
        do {
            _ = try Syscall.blocking("setsockopt(SO_REUSEADDR)") { Int(clinux_setsockopt_int(Int32(fd), SOL_SOCKET, SO_REUSEADDR, 1)) }
            if reusePort {
                _ = try Syscall.blocking("setsockopt(SO_REUSEPORT)") { Int(clinux_setsockopt_int(Int32(fd), SOL_SOCKET, SO_REUSEPORT, 1)) }
            }
            if address.family == AF_INET6 {
                // A v6 listener is v6 only; listen on 0.0.0.0 separately for v4.
                _ = try Syscall.blocking("setsockopt(IPV6_V6ONLY)") { Int(clinux_setsockopt_int(Int32(fd), Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1)) }
            }
            _ = try address.withSockAddr { (sa, len) throws(IOError) in
                try Syscall.blocking("bind") { Int(bind(Int32(fd), sa, len)) }
            }
            _ = try Syscall.blocking("listen") { Int(Glibc.listen(Int32(fd), backlog)) }
        } catch {
            Syscall.close(Int32(fd))
            throw error
        }
        return Int32(fd)
    }

    /// Starts a non-blocking connect; the fd becomes writable when the connection is made
    /// or failed (check `pendingError`).
    public static func connect(to address: SocketAddress) throws(IOError) -> Int32 {
        let fd = try Syscall.blocking("socket") { Int(socket(address.family, clinux_sock_stream_flags(), 0)) }
        do {
            setNoDelay(Int32(fd))
            _ = try address.withSockAddr { (sa, len) throws(IOError) in
                try Syscall.retrying("connect") { Int(Glibc.connect(Int32(fd), sa, len)) }
            }
        } catch {
            Syscall.close(Int32(fd))
            throw error
        }
        return Int32(fd)
    }

    /// SO_ERROR: nil when a non-blocking connect succeeded, else why it failed.
    public static func pendingError(_ fd: Int32) -> IOError? {
        var v: Int32 = 0
        if clinux_getsockopt_int(fd, SOL_SOCKET, SO_ERROR, &v) != 0 {
            return IOError(errno: clinux_errno(), function: "getsockopt(SO_ERROR)")
        }
        return v == 0 ? nil : IOError(errno: v, function: "connect")
    }

    /// Disables Nagle: a proxy forwards what it has at once.
    public static func setNoDelay(_ fd: Int32) {
        _ = clinux_setsockopt_int(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// The address a socket is bound to (to learn an ephemeral port).
    public static func localAddress(_ fd: Int32) throws(IOError) -> SocketAddress {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { p throws(IOError) in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(IOError) in
                try Syscall.blocking("getsockname") { Int(getsockname(fd, sa, &len)) }
            }
        }
        guard let a = SocketAddress(storage: storage) else { throw IOError(errno: EAFNOSUPPORT, function: "getsockname") }
        return a
    }
}
