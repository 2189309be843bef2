/* glue.h: what the C files of the binding share. */
#ifndef GS_GLUE_H
#define GS_GLUE_H

#include "compat.h"
#include "gs.h"
#include "_cgo_export.h"
#include "goguard.h"
#include "audit.h"
#include <errno.h>

/* gs_sock is the socket object. Its layout is CPython's PySocketSockObject
 * (fd, family, type, proto, errorhandler, timeout), so the ssl module, which
 * reaches through _socket.CAPI, works over gosocket sockets. The timeout is
 * a _PyTime_t in nanoseconds on 3.x and a double in seconds on 2.7, as
 * there; negative means None (blocking), 0 non-blocking. */
typedef struct {
    PyObject_HEAD
    int fd;
    int family;
    int type;
    int proto;
    PyObject *(*errorhandler)(void);
#if GS_PY3
    int64_t sock_timeout;
#else
    double sock_timeout;
#endif
    /* makefile.c: file objects from makefile() that still use the
     * descriptor, and (3.x) socket.py's _closed: close() was called while
     * io_refs > 0, so the descriptor is closed when the last one closes.
     * On 2.7 io_closed means close() left the descriptor to them. */
    int io_refs;
    char io_closed;
    /* closewake.c: calls on this socket running with the GIL released, and
     * the descriptor (plus one) that close() left to the last of them. */
    int busy;
    int closing_fd1;
#if !GS_PY3
    /* 2.7's socket objects take weak references (tp_weaklistoffset); 3.x's
     * do not (socket.py's subclass declares __weakref__ itself). */
    PyObject *weakreflist;
#endif
} gs_sock;

/* gs_tmo is a timeout as the interpreter keeps it: nanoseconds on 3.x, the
 * double of seconds on 2.7 (which keeps any value it was given: NaN, -0.0,
 * 1e300). Negative means None (blocking), zero non-blocking. GS_TIMEOUT
 * reads a socket's, GS_SET_TIMEOUT stores one. */
#if GS_PY3
typedef int64_t gs_tmo;
#else
typedef double gs_tmo;
#endif
#define GS_TMO_NONE ((gs_tmo)-1)
#define GS_TIMEOUT(s) ((s)->sock_timeout)
#define GS_SET_TIMEOUT(s, t) ((s)->sock_timeout = (t))

/* GS_SOCK_TYPE is the base socket type (what _socket.socket is to the
 * built-in module): type checks and _socket.CAPI use it. GS_SOCK_CLASS is
 * the socket class users get (socket.py's socket.socket, a subclass of the
 * base on 3.x; the same type on 2.7): new sockets made by accept, dup,
 * socketpair, fromfd and the helpers are of it. Both are set by
 * gs_sock_init_type. */
extern PyTypeObject *gs_sock_typep, *gs_sock_classp;
#define GS_SOCK_TYPE gs_sock_typep
#define GS_SOCK_CLASS gs_sock_classp

/* GS_BLOCKING runs the Go call expr with the GIL released, storing its
 * status in rc. First it runs the signal handlers of signals that arrived
 * while the GIL was held (say, after a try-first syscall): otherwise such a
 * signal would wait until the call returned, and a handler meant to end
 * a blocking call could not. After EINTR it runs Python's signal handlers with the GIL
 * held: a handler that raised ends the call (rc = GS_EPYERR); otherwise 3.5+
 * calls again (PEP 475; the deadline is absolute, so the time left is what
 * remains) and 2.7 reports EINTR as stock 2.7 does. */
#define GS_BLOCKING(rc, expr)                                \
    do {                                                     \
        (rc) = PyErr_CheckSignals() ? GS_EPYERR : EINTR;     \
        while ((rc) == EINTR) {                              \
            Py_BEGIN_ALLOW_THREADS                           \
            (rc) = (expr);                                   \
            Py_END_ALLOW_THREADS                             \
            if ((rc) != EINTR)                               \
                break;                                       \
            if (PyErr_CheckSignals()) {                      \
                (rc) = GS_EPYERR;                            \
                break;                                       \
            }                                                \
            if (!GS_RETRY_EINTR)                             \
                break;                                       \
        }                                                    \
    } while (0)

/* sigmask.c */
void gs_sigmask_restore(void);

/* fork.c */
PyObject *gs_raise_forked(void);

/* closewake.c: GS_SOCK_BLOCKING is GS_BLOCKING for a call on socket s.
 * While it runs, close() from another thread does not release the
 * descriptor: it shuts the socket down, which wakes the blocked call, and
 * the last call to return closes it; that call and any other then running
 * report EBADF. So no call acts on a descriptor number reused meanwhile. */
#define GS_SOCK_BLOCKING(s, rc, expr)          \
    do {                                       \
        gs_sock *gs_bs_ = (s);                 \
        gs_bs_->busy++;                        \
        GS_BLOCKING(rc, expr);                 \
        (rc) = gs_sock_leave(gs_bs_, (rc));    \
    } while (0)
int gs_sock_leave(gs_sock *s, int rc);
/* GS_CLOSED_EOF: a receive that returned no data on a socket closed while
 * it ran was woken by that close: EBADF. */
#define GS_CLOSED_EOF(s, rc, got)                          \
    do {                                                   \
        if ((rc) == 0 && (got) == 0 && (s)->fd == -1)      \
            (rc) = EBADF;                                  \
    } while (0)
int gs_sock_close_busy(gs_sock *s);

/* errors.c */
extern PyObject *gs_error, *gs_herror, *gs_gaierror, *gs_timeout;
int gs_init_errors(PyObject *m);
PyObject *gs_raise(int rc);
PyObject *gs_raise_errno(int err);

/* addr.c */
typedef struct {
    PyObject *host;  /* owns the encoded host name */
    Py_buffer path;  /* AF_UNIX path */
    int has_path;
} gs_addrkeep;
int gs_parse_addr(int family, PyObject *obj, gs_addr *a, gs_addrkeep *keep, const char *caller);
PyObject *gs_raise_addr(int rc, const char *caller);
#if !GS_PY3
int gs_dotted_quad(const char *name, char *text, size_t n);
#endif
int gs_parse_host(PyObject *obj, PyObject **out);
void gs_addr_release(gs_addrkeep *keep);
PyObject *gs_make_addr(const gs_addr *a);
PyObject *gs_make_ipaddr(const gs_addr *a);

/* timeout.c */
extern gs_tmo gs_default_timeout;
int gs_parse_timeout(PyObject *obj, gs_tmo *t);
PyObject *gs_timeout_obj(gs_tmo t);
gs_deadline gs_deadline_after(gs_tmo t);

/* sockobj.c */
PyObject *gs_sock_new_fd(PyTypeObject *type, int fd, int family, int sotype, int proto);
int gs_sock_init_type(PyObject *m);
int gs_sock_add_attrs(PyMethodDef *methods, PyMemberDef *members, PyGetSetDef *getsets);

/* makefile.c */
PyObject *gs_sock_makefile(PyObject *self, PyObject *args, PyObject *kw);
int gs_makefile_init(PyObject *m);
int gs_sock_close_deferred(gs_sock *s);
void gs_sock_detached(gs_sock *s);

/* msg.c (3.x): socket methods and module functions */
#if GS_PY3
PyObject *gs_sock_sendmsg(PyObject *self, PyObject *args);
PyObject *gs_sock_recvmsg(PyObject *self, PyObject *args);
PyObject *gs_sock_recvmsg_into(PyObject *self, PyObject *args);
PyObject *gs_fn_CMSG_LEN(PyObject *self, PyObject *args);
PyObject *gs_fn_CMSG_SPACE(PyObject *self, PyObject *args);
#endif

/* iface.c (3.x): module functions */
#if GS_PY3
PyObject *gs_fn_if_nameindex(PyObject *self, PyObject *unused);
PyObject *gs_fn_if_nametoindex(PyObject *self, PyObject *arg);
PyObject *gs_fn_if_indextoname(PyObject *self, PyObject *arg);
PyObject *gs_fn_sethostname(PyObject *self, PyObject *args);
#endif

/* functions.c */
extern PyMethodDef gs_functions[];

/* stdlib.c: what socket.py adds at module level (enums, create_server...);
 * sockextra.c: what it adds to the socket class (repr, dup, sendfile...) */
extern PyObject *gs_modobj, *gs_giveup_sendfile; /* the module object; _GiveupOnSendfile */
int gs_stdlib_init(PyObject *m);
/* install.c */
int gs_install_init(PyObject *m);
/* lazyssl.c (2.7): socket.py's _ssl re-exports, loaded on first use */
int gs_lazyssl_prepare(void);
int gs_lazyssl_init(PyObject *m);
PyObject *gs_enum_family(int family);
PyObject *gs_enum_socktype(int type);
int gs_sockextra_init(void);
PyObject *gs_sock_repr(PyObject *self);   /* 3.x: the class's (socket.py's) */
PyObject *gs_sock_c_repr(PyObject *self); /* the base type's (_socket's) */

/* batch.c: sendmmsg/recvmmsg on the socket type; fastio.c: the bodies of
 * recv, recv_into, recvfrom(_into), send, sendall and sendto (try first,
 * then wait), which sockobj.c's methods share, and their fast paths */
int gs_batch_init(void);
int gs_fastio_init(void);
int gs_fast_recv(gs_sock *s, char *p, Py_ssize_t n, int flags, long *got);
int gs_fast_recv_fd(int fd, gs_tmo t, char *p, Py_ssize_t n, int flags, long *got);
int gs_fast_send(gs_sock *s, const char *p, Py_ssize_t n, int flags, long *sent);
int gs_fast_recvfrom(gs_sock *s, char *p, Py_ssize_t n, int flags, gs_addr *a, long *got);
int gs_fast_sendall(gs_sock *s, const char *p, Py_ssize_t n, int flags);
int gs_fast_sendto(gs_sock *s, const char *p, Py_ssize_t n, int flags, gs_addr *a, long *sent);
PyObject *gs_sock_recv_bytes(gs_sock *s, Py_ssize_t n, int flags);
PyObject *gs_sock_recvfrom_bytes(gs_sock *s, Py_ssize_t n, int flags);

#endif
