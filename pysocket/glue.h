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
    /* call.c: waits running on this socket with the GIL released, the
     * descriptor (plus one) that close() left to the last of them, the
     * directions (POLLIN, POLLOUT) whose last call had to wait, and those
     * whose last wait was short enough to spin the next time. */
    int busy;
    int closing_fd1;
    int waited;
    int quick;
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

/* sigmask.c */
void gs_sigmask_restore(void);

/* fork.c */
PyObject *gs_raise_forked(void);
PyObject *gs_fork_stats(void);

/* call.c: the call layer. gs_op is one socket operation: the attempt
 * (one call into Go that cannot wait), what a wait waits for, and the
 * operation's own arguments and progress. gs_call runs it to its outcome:
 * a status for gs_raise (0, an errno value, GS_ETIMEOUT, GS_EPYERR). An
 * attempt after a wait runs with the GIL released (as CPython's system
 * calls do), unless the operation says GS_OP_GIL. */
typedef struct gs_op gs_op;
struct gs_op {
    gs_sock *s;
    int fd;                /* s->fd, or the descriptor a 2.7 file object keeps */
    short events;          /* POLLIN or POLLOUT; 0: nothing to poll for, sleep */
    short opts;            /* GS_OP_* */
    int (*try)(gs_op *op); /* one attempt; 0, an errno value (EAGAIN: wait), ... */
    char *p;               /* data */
    Py_ssize_t n;
    int flags;             /* the caller's MSG_* flags */
    int enc;               /* the address in a is encoded (resolved) already */
    long done;             /* bytes (messages, the new fd) moved so far */
    gs_addr *a;
    void *ctx;             /* anything else the attempt needs */
};
#define GS_OP_NOWAIT 1     /* the caller asked for MSG_DONTWAIT: EAGAIN is the answer */
#define GS_OP_POLL_FIRST 2 /* wait before the first attempt, which could block */
#define GS_OP_UNLOCKED 4   /* attempt with the GIL released: it may take long */
#define GS_OP_PARTIAL 8    /* a signal during a wait after some data moved ends the call with it */
#define GS_OP_GIL 16       /* the attempt needs the GIL (it may look a name up) */
#define GS_OP_RELEASED 32  /* set by call.c while an attempt runs with the GIL released */
#define GS_OP_RETRY 64     /* goes on after EINTR on 2.7 too (2.7's sendall) */
void gs_op_init(gs_op *op, gs_sock *s, short events, int (*try)(gs_op *), int flags);
int gs_call(gs_op *op);
void gs_call_close(gs_sock *s);
void gs_call_kick(void);
/* GS_KICK_SIGNAL interrupts an attempt blocked inside Go before a fork
 * (call.c); fork.c's own watchdog uses SIGRTMIN + 2. */
#define GS_KICK_SIGNAL (SIGRTMIN + 3)

/* GS_CALLER_FMT/GS_CALLER_ARG begin getsockaddrarg's error messages: 3.8+
 * name the method (bind, connect, connect_ex, sendto); older versions say
 * getsockaddrarg. */
#if GS_PYVER >= 0x0308
#define GS_CALLER_FMT "%s(): "
#define GS_CALLER_ARG(c) (c)
#else
#define GS_CALLER_FMT "getsockaddrarg: %s"
#define GS_CALLER_ARG(c) ""
#endif

/* errors.c */
extern PyObject *gs_error, *gs_herror, *gs_gaierror, *gs_timeout;
int gs_init_errors(PyObject *m);
PyObject *gs_raise(int rc);
PyObject *gs_raise_errno(int err);

/* resolve.c: the lookups, with the GIL released */
struct hostent;
int gs_lookup(gs_addr *a, int family, int decode);
int gs_addr_prelookup(gs_addr *a);
int gs_addr_encode(gs_addr *a);
int gs_ipaddr(const char *host, int family, gs_addr *a);
int gs_addrinfo(const char *host, const char *port, int family, int socktype, int proto, int flags, gs_ai *out,
                int max, int *n, char *canon, int canonlen);
int gs_nameinfo(gs_addr *a, const char *port, int nargs, int aiflags, int flags, char *host, size_t hostlen,
                char *serv, size_t servlen);
int gs_hostent(const char *name, int by_addr, gs_addr *a, char *buf, size_t size, struct hostent **h);

/* addr.c */
typedef struct {
    PyObject *host;  /* owns the encoded host name */
    Py_buffer path;  /* AF_UNIX path */
    int has_path;
} gs_addrkeep;
int gs_parse_addr(gs_sock *s, PyObject *obj, gs_addr *a, gs_addrkeep *keep, const char *caller);
PyObject *gs_raise_addr(int rc, const char *caller);
#if !GS_PY3
int gs_dotted_quad(const char *name, char *text, size_t n);
#endif
int gs_parse_host(PyObject *obj, PyObject **out);
void gs_addr_release(gs_addrkeep *keep);
PyObject *gs_make_addr(const gs_addr *a, const gs_sock *s);
PyObject *gs_make_ipaddr(const gs_addr *a);

/* timeout.c */
extern gs_tmo gs_default_timeout;
int gs_parse_timeout(PyObject *obj, gs_tmo *t);
PyObject *gs_timeout_obj(gs_tmo t);
gs_deadline gs_deadline_after(gs_tmo t);

/* clinic.c: Argument Clinic's conversions where a version took them up */
int gs_unsigned_arg(PyObject *o, unsigned long long max, const char *ctype, unsigned long long *out);
#if GS_PYVER >= 0x030F
int gs_clinic_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max);
int gs_clinic_int(PyObject *o, int *out);
#endif

/* argsafe.c: reading arguments whose conversion runs Python code */
PyObject *gs_seq_snapshot(PyObject *arg, const char *msg);

/* sockobj.c */
PyObject *gs_sock_new_fd(PyTypeObject *type, int fd, int family, int sotype, int proto);
int gs_sock_init_type(PyObject *m);

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

/* The socket type's methods, defined in the files below and listed in
 * sockobj.c's one method table. GS_FAST_ARGS/GS_FAST_FLAGS: METH_FASTCALL
 * on 3.7+, METH_VARARGS before. */
#if GS_PYVER >= 0x0307
#define GS_FASTCALL 1
#define GS_FAST_ARGS PyObject *self, PyObject *const *args, Py_ssize_t nargs
#define GS_FAST_KW_ARGS PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames
#define GS_FAST_FLAGS METH_FASTCALL
#define GS_FAST_KW_FLAGS (METH_FASTCALL | METH_KEYWORDS)
#else
#define GS_FASTCALL 0
#define GS_FAST_ARGS PyObject *self, PyObject *targs
#define GS_FAST_KW_ARGS PyObject *self, PyObject *targs, PyObject *kw
#define GS_FAST_FLAGS METH_VARARGS
#define GS_FAST_KW_FLAGS (METH_VARARGS | METH_KEYWORDS)
#endif
#define GS_METH(f) ((PyCFunction)(void (*)(void))(f))

/* sockio.c: recv, recv_into, recvfrom, recvfrom_into, send, sendall, sendto */
PyObject *gs_sock_recv(GS_FAST_ARGS);
PyObject *gs_sock_recv_into(GS_FAST_KW_ARGS);
PyObject *gs_sock_recvfrom(GS_FAST_ARGS);
PyObject *gs_sock_recvfrom_into(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gs_sock_send(GS_FAST_ARGS);
PyObject *gs_sock_sendall(GS_FAST_ARGS);
PyObject *gs_sock_sendto(GS_FAST_ARGS);

/* ops.c: the I/O operations over the call layer, for sockio.c and the
 * file objects of makefile.c */
int gs_fast_recv(gs_sock *s, char *p, Py_ssize_t n, int flags, long *got);
int gs_fast_recv_fd(gs_sock *s, int fd, char *p, Py_ssize_t n, int flags, int opts, long *got);
int gs_fast_send(gs_sock *s, const char *p, Py_ssize_t n, int flags, long *sent);
int gs_fast_recvfrom(gs_sock *s, char *p, Py_ssize_t n, int flags, gs_addr *a, long *got);
int gs_fast_sendall(gs_sock *s, const char *p, Py_ssize_t n, int flags);
int gs_fast_sendall_fd(gs_sock *s, int fd, const char *p, Py_ssize_t n, int flags, long *sent);
int gs_fast_sendto(gs_sock *s, const char *p, Py_ssize_t n, int flags, gs_addr *a, long *sent);

/* makefile.c (3.x): _decref_socketios; sockextra.c: what socket.py adds
 * to the class on 3.x, _sock on 2.7 */
PyObject *gs_sock_decref_socketios(PyObject *self, PyObject *unused);
#if GS_PY3
PyObject *gs_sock_get_family(PyObject *self, void *closure);
PyObject *gs_sock_get_type(PyObject *self, void *closure);
PyObject *gs_sock_get_inheritable(PyObject *self, PyObject *unused);
PyObject *gs_sock_set_inheritable(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gs_sock_sendfile(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gs_sock_sendfile_use_sendfile(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gs_sock_sendfile_use_send(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gs_sock_check_sendfile_params(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gs_sock_getstate(PyObject *self, PyObject *unused);
PyObject *gs_sock_sendmsg_afalg(PyObject *self, PyObject *args, PyObject *kw);
#else
PyObject *gs_sock_get_sock(PyObject *self, void *closure);
#endif

/* batch.c: sendmmsg, recvmmsg */
PyObject *gs_sock_sendmmsg(PyObject *self, PyObject *args);
PyObject *gs_sock_recvmmsg(PyObject *self, PyObject *args);

#endif
