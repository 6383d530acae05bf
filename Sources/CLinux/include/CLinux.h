// Linux syscalls and constants that Glibc does not export to Swift cleanly.
// Everything here is a thin, static inline shim: no logic lives in C.
#ifndef PORTICO_CLINUX_H
#define PORTICO_CLINUX_H

// No _GNU_SOURCE here: it would give these headers different definitions from the ones
// Swift's Glibc module sees, and clang refuses the mix. GNU-only calls are declared below.

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
#include <time.h>
#include <pthread.h>
#include <sched.h>
#include <sys/random.h>

// errno is a macro over a thread-local; Swift cannot read it portably.
static inline int clinux_errno(void) { return errno; }

extern int accept4(int, struct sockaddr *, socklen_t *, int);

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

// Index into an array of packed epoll_event (Swift would stride by its own idea of the size).
static inline struct epoll_event *clinux_epoll_event_at(struct epoll_event *base, int i) { return base + i; }
static inline size_t clinux_epoll_event_size(void) { return sizeof(struct epoll_event); }

static inline int clinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

// Flags and constants that glibc declares as enums or macros of enums.
static inline int clinux_sock_stream_flags(void) { return SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC; }
static inline int clinux_sock_nonblock_cloexec(void) { return SOCK_NONBLOCK | SOCK_CLOEXEC; }
static inline uint32_t clinux_epollin(void) { return EPOLLIN; }
static inline uint32_t clinux_epollout(void) { return EPOLLOUT; }
static inline uint32_t clinux_epollerr(void) { return EPOLLERR; }
static inline uint32_t clinux_epollhup(void) { return EPOLLHUP; }
static inline uint32_t clinux_epollrdhup(void) { return EPOLLRDHUP; }
static inline uint32_t clinux_epollet(void) { return EPOLLET; }
static inline int clinux_efd_flags(void) { return EFD_NONBLOCK | EFD_CLOEXEC; }
static inline int clinux_msg_nosignal(void) { return MSG_NOSIGNAL; }

static inline int clinux_setsockopt_int(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof(value));
}
static inline int clinux_getsockopt_int(int fd, int level, int name, int *value) {
    socklen_t len = sizeof(*value);
    return getsockopt(fd, level, name, value, &len);
}

static inline int64_t clinux_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
static inline int64_t clinux_realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// Blocks SIGTERM, SIGINT (and ignores SIGPIPE) for the calling thread and the threads it
// starts afterwards, so a dedicated thread can sigwait for them.
static inline int clinux_block_termination_signals(void) {
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}
static inline int clinux_wait_termination_signal(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return -1;
    return sig;
}
static inline void clinux_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

#endif
