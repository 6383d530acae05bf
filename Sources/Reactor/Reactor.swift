// Module Reactor: syscall wrapper, sockets, one epoll loop per thread, timers.
import CLinux
