// Linux syscalls and constants that Glibc does not export to Swift cleanly.
// Everything here is a thin, static inline shim: no logic lives in C.
#ifndef PORTICO_CLINUX_H
#define PORTICO_CLINUX_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <sys/inotify.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

// errno is a macro over a thread-local; Swift cannot read it portably.
static inline int clinux_errno(void) { return errno; }

static inline int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

// The epoll_event struct is packed on x86_64, which Swift imports awkwardly:
// these accessors keep the layout question in C.
static inline uint32_t clinux_epoll_event_events(const struct epoll_event *e) { return e->events; }
static inline uint64_t clinux_epoll_event_u64(const struct epoll_event *e) { return e->data.u64; }
static inline void clinux_epoll_event_set(struct epoll_event *e, uint32_t events, uint64_t data) {
    e->events = events;
    e->data.u64 = data;
}

#endif
