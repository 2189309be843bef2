/* ops.c: the socket I/O operations over the call layer (call.c): recv,
 * send, sendall, recvfrom and sendto on a socket's descriptor, each an
 * attempt (try_*) that makes one call into Go with MSG_DONTWAIT and the GIL
 * held, and a gs_fast_* function that runs it through gs_call, which waits
 * when the attempt says EAGAIN. sockio.c's methods and makefile.c's file
 * objects share them. On a blocking socket, MSG_WAITALL and stream sends
 * go on after a partial transfer, as the kernel's blocking calls do. */
#include "glue.h"
#include <poll.h>
#include <string.h>

/* blocking_stream: a send on s behaves as the kernel's blocking send, which
 * queues everything unless an error or a signal stops it (and then reports
 * what it sent): the attempts go on until all is sent (GS_OP_PARTIAL). */
static int blocking_stream(gs_sock *s, int flags)
{
    return GS_TIMEOUT(s) < 0 && s->type == SOCK_STREAM && !(flags & MSG_DONTWAIT);
}

/* try_recv receives into what is left of p[:n]. With MSG_WAITALL on a
 * blocking socket it goes on until n bytes, end of file or an error, as the
 * kernel's blocking MSG_WAITALL does (a socket with a timeout returns what
 * is there once it is readable, as CPython's poll-then-recv does). */
static int try_recv(gs_op *op)
{
    long k = 0;
    int rc = gs_recv(op->fd, op->p + op->done, (long)(op->n - op->done), op->flags | MSG_DONTWAIT, &k);
    if (rc != 0)
        return (op->done > 0 && rc != EAGAIN) ? 0 : rc;
    op->done += k;
    if ((op->opts & GS_OP_PARTIAL) && k > 0 && op->done < op->n)
        return EAGAIN;
    return 0;
}

static void recv_op(gs_op *op, gs_sock *s, int fd, char *p, Py_ssize_t n, int flags)
{
    gs_op_init(op, s, POLLIN, try_recv, flags);
    op->fd = fd;
    op->p = p;
    op->n = n;
    if ((flags & MSG_WAITALL) && GS_TIMEOUT(s) < 0)
        op->opts |= GS_OP_PARTIAL;
}

/* gs_fast_recv (and _fd: on a descriptor a 2.7 file object keeps, with
 * the call layer's opts, GS_OP_RETRY there) is recv on s into p[:n]; the
 * status for gs_raise, the count in *got. */
int gs_fast_recv_fd(gs_sock *s, int fd, char *p, Py_ssize_t n, int flags, int opts, long *got)
{
    gs_op op;
    int rc;
    recv_op(&op, s, fd, p, n, flags);
    op.opts |= opts;
    rc = gs_call(&op);
    *got = op.done;
    return rc;
}

int gs_fast_recv(gs_sock *s, char *p, Py_ssize_t n, int flags, long *got)
{
    return gs_fast_recv_fd(s, s->fd, p, n, flags, 0, got);
}

/* try_send sends what is left of p[:n]; with GS_OP_PARTIAL (a blocking
 * stream send) or ctx set (sendall) it goes on until all is sent. sendall
 * runs the signal handlers after each short send, as CPython's does. */
static int try_send(gs_op *op)
{
    for (;;) {
        long k = 0;
        int rc = gs_send(op->fd, op->p + op->done, (long)(op->n - op->done), op->flags | MSG_DONTWAIT, &k);
        if (rc != 0)
            return (op->done > 0 && rc != EAGAIN && (op->opts & GS_OP_PARTIAL)) ? 0 : rc;
        op->done += k;
        if (op->done >= op->n || !((op->opts & GS_OP_PARTIAL) || op->ctx != NULL))
            return 0;
        if (op->ctx != NULL && !(op->opts & GS_OP_RELEASED) && PyErr_CheckSignals())
            return GS_EPYERR;
    }
}

static void send_op(gs_op *op, gs_sock *s, int fd, const char *p, Py_ssize_t n, int flags)
{
    gs_op_init(op, s, POLLOUT, try_send, flags);
    op->fd = fd;
    op->p = (char *)p;
    op->n = n;
}

int gs_fast_send(gs_sock *s, const char *p, Py_ssize_t n, int flags, long *sent)
{
    gs_op op;
    int rc;
    send_op(&op, s, s->fd, p, n, flags);
    if (blocking_stream(s, flags))
        op.opts |= GS_OP_PARTIAL;
    rc = gs_call(&op);
    *sent = op.done;
    return rc;
}

/* gs_fast_sendall sends all of p[:n] (one deadline for the whole call, as
 * in CPython 3.5+); sendall(b'') is still one send(2), so a broken socket
 * reports its error. */
int gs_fast_sendall_fd(gs_sock *s, int fd, const char *p, Py_ssize_t n, int flags, long *sent)
{
    gs_op op;
    int rc;
    send_op(&op, s, fd, p, n, flags);
    op.ctx = &op; /* sendall */
    op.opts |= GS_OP_RETRY; /* 2.7's sendall goes on after EINTR too */
    rc = gs_call(&op);
    *sent = op.done;
    return rc;
}

int gs_fast_sendall(gs_sock *s, const char *p, Py_ssize_t n, int flags)
{
    long sent;
    return gs_fast_sendall_fd(s, s->fd, p, n, flags, &sent);
}

/* try_recvfrom receives into p[:n] and the sender's address into op->a. */
static int try_recvfrom(gs_op *op)
{
    return gs_recvfrom(op->fd, op->p, (long)op->n, op->flags | MSG_DONTWAIT, op->a, &op->done);
}

/* gs_fast_recvfrom is recvfrom on s into p[:n], the sender's address in a
 * (recvfrom, recvfrom_into). */
int gs_fast_recvfrom(gs_sock *s, char *p, Py_ssize_t n, int flags, gs_addr *a, long *got)
{
    gs_op op;
    int rc;
    gs_op_init(&op, s, POLLIN, try_recvfrom, flags);
    op.p = p;
    op.n = n;
    op.a = a;
    rc = gs_call(&op);
    *got = op.done;
    return rc;
}

/* try_sendto sends p[:n] to op->a; the first attempt encodes the address,
 * looking a host name up first when Go asks for it (GS_ELOOKUP: resolve.c,
 * the GIL released), and the later ones reuse it. */
static int try_sendto(gs_op *op)
{
    int rc = gs_sendto(op->fd, op->p, (long)op->n, op->flags | MSG_DONTWAIT, op->a, op->enc, &op->done);
    if (rc == GS_ELOOKUP && !op->enc) {
        rc = gs_lookup(op->a, op->a->family, 0);
        if (rc == 0)
            rc = gs_sendto(op->fd, op->p, (long)op->n, op->flags | MSG_DONTWAIT, op->a, 0, &op->done);
    }
    op->enc = 1;
    op->opts &= ~GS_OP_GIL;
    return rc;
}

int gs_fast_sendto(gs_sock *s, const char *p, Py_ssize_t n, int flags, gs_addr *a, long *sent)
{
    gs_op op;
    int rc;
    send_op(&op, s, s->fd, p, n, flags);
    op.try = try_sendto;
    op.a = a;
    op.opts |= GS_OP_GIL; /* until the address is encoded */
    rc = gs_call(&op);
    *sent = op.done;
    return rc;
}
