/* goguard.h: every call from the C glue into a Go export passes through
 * GS_GO, which counts the calls in flight. fork.c reads that count in a
 * forked child: the child inherits the Go runtime without its threads, and
 * when a call was inside Go at the moment of fork (a thread holding a Go
 * processor, a scheduler lock, or about to block in the kernel) the child's
 * first Go call can wait forever. Such a child is marked unusable and
 * every gosocket call there raises RuntimeError naming the cause
 * (GS_EFORKED) instead of hanging (so does a child whose first call into
 * Go does not come back, see fork.c); the built-in module has no such limit.
 * Included by glue.h after _cgo_export.h: each macro below has the name of
 * the export it wraps (a macro does not expand itself again), so call
 * sites stay as they are. A new //export must get a line here
 * (tests/stress/probe_fork.py checks that every export has one). */
#ifndef GS_GOGUARD_H
#define GS_GOGUARD_H


/* gs_go_inflight: calls inside Go now; gs_go_forking: a fork is being
 * prepared (fork.c), so no new call may enter; gs_fork_unsafe: in a child
 * forked while calls were in flight, their number (else 0). fork.c. */
extern int gs_go_inflight;
extern int gs_go_forking;
extern int gs_fork_unsafe;
extern int gs_fork_check; /* a forked child whose first Go call is still to come */
extern __thread int gs_go_thread; /* this thread has called into Go */
int gs_close_forked(int fd);
int gs_fork_check_now(void);
void gs_go_wait_fork(void);

static inline int gs_go_enter(void)
{
    if (__atomic_load_n(&gs_fork_unsafe, __ATOMIC_RELAXED))
        return 0;
    if (__builtin_expect(gs_fork_check, 0) && !gs_fork_check_now())
        return 0;
    __atomic_add_fetch(&gs_go_inflight, 1, __ATOMIC_SEQ_CST);
    gs_go_thread = 1;
    if (__builtin_expect(__atomic_load_n(&gs_go_forking, __ATOMIC_SEQ_CST), 0)) {
        /* A fork is being prepared: stay out of Go until it is done. */
        __atomic_sub_fetch(&gs_go_inflight, 1, __ATOMIC_SEQ_CST);
        gs_go_wait_fork();
        return gs_go_enter();
    }
    return 1;
}

static inline int gs_go_leave(int rc)
{
    __atomic_sub_fetch(&gs_go_inflight, 1, __ATOMIC_SEQ_CST);
    return rc;
}

#define GS_GO(call) (gs_go_enter() ? gs_go_leave(call) : GS_EFORKED)

/* gs_close in an unusable child closes with the C library, so descriptors
 * are still released there. */
#define gs_close(fd) (gs_go_enter() ? gs_go_leave(gs_close(fd)) : gs_close_forked(fd))
#define gs_accept(...) GS_GO(gs_accept(__VA_ARGS__))
#define gs_addr_bluetooth(...) GS_GO(gs_addr_bluetooth(__VA_ARGS__))
#define gs_addr_ifindex(...) GS_GO(gs_addr_ifindex(__VA_ARGS__))
#define gs_addr_ifname(...) GS_GO(gs_addr_ifname(__VA_ARGS__))
#define gs_bind(...) GS_GO(gs_bind(__VA_ARGS__))
#define gs_connect(...) GS_GO(gs_connect(__VA_ARGS__))
#define gs_connect_result(...) GS_GO(gs_connect_result(__VA_ARGS__))
#define gs_dup(...) GS_GO(gs_dup(__VA_ARGS__))
#define gs_dup_onto(...) GS_GO(gs_dup_onto(__VA_ARGS__))
#define gs_encode_addr(...) GS_GO(gs_encode_addr(__VA_ARGS__))
#define gs_fork_probe(...) GS_GO(gs_fork_probe(__VA_ARGS__))
#define gs_get_inheritable(...) GS_GO(gs_get_inheritable(__VA_ARGS__))
#define gs_getaddrinfo(...) GS_GO(gs_getaddrinfo(__VA_ARGS__))
#define gs_gethostbyaddr(...) GS_GO(gs_gethostbyaddr(__VA_ARGS__))
#define gs_gethostbyname_ex(...) GS_GO(gs_gethostbyname_ex(__VA_ARGS__))
#define gs_getnameinfo(...) GS_GO(gs_getnameinfo(__VA_ARGS__))
#define gs_getpeername(...) GS_GO(gs_getpeername(__VA_ARGS__))
#define gs_getsockname(...) GS_GO(gs_getsockname(__VA_ARGS__))
#define gs_getsockopt_buf(...) GS_GO(gs_getsockopt_buf(__VA_ARGS__))
#define gs_getsockopt_int(...) GS_GO(gs_getsockopt_int(__VA_ARGS__))
#define gs_if_indextoname(...) GS_GO(gs_if_indextoname(__VA_ARGS__))
#define gs_if_nameindex(...) GS_GO(gs_if_nameindex(__VA_ARGS__))
#define gs_if_nametoindex(...) GS_GO(gs_if_nametoindex(__VA_ARGS__))
#define gs_info(...) GS_GO(gs_info(__VA_ARGS__))
#define gs_listen(...) GS_GO(gs_listen(__VA_ARGS__))
#define gs_recv(...) GS_GO(gs_recv(__VA_ARGS__))
#define gs_recvfrom(...) GS_GO(gs_recvfrom(__VA_ARGS__))
#define gs_recvmsg_from(...) GS_GO(gs_recvmsg_from(__VA_ARGS__))
#define gs_recvmmsg(...) GS_GO(gs_recvmmsg(__VA_ARGS__))
#define gs_send(...) GS_GO(gs_send(__VA_ARGS__))
#define gs_sendfile(...) GS_GO(gs_sendfile(__VA_ARGS__))
#define gs_sendmsg_to(...) GS_GO(gs_sendmsg_to(__VA_ARGS__))
#define gs_sendmmsg(...) GS_GO(gs_sendmmsg(__VA_ARGS__))
#define gs_sendto(...) GS_GO(gs_sendto(__VA_ARGS__))
#define gs_set_inheritable(...) GS_GO(gs_set_inheritable(__VA_ARGS__))
#define gs_setipaddr(...) GS_GO(gs_setipaddr(__VA_ARGS__))
#define gs_setnonblock(...) GS_GO(gs_setnonblock(__VA_ARGS__))
#define gs_setsockopt_buf(...) GS_GO(gs_setsockopt_buf(__VA_ARGS__))
#define gs_setsockopt_int(...) GS_GO(gs_setsockopt_int(__VA_ARGS__))
#define gs_shutdown(...) GS_GO(gs_shutdown(__VA_ARGS__))
#define gs_socket(...) GS_GO(gs_socket(__VA_ARGS__))
#define gs_socketpair(...) GS_GO(gs_socketpair(__VA_ARGS__))

#endif
