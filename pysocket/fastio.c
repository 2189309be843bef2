/* fastio.c: the per-call fast paths of recv, recv_into, recvfrom, send,
 * sendall and sendto, installed over sockobj.c's methods of the same names.
 *
 * Arguments: METH_FASTCALL on 3.7+ (no argument tuple) and exact ints,
 * bytes and buffers read directly; anything else (wrong count, other
 * types, out-of-range values) goes to sockobj.c's method, which parses as
 * the built-in module does and raises its exceptions.
 *
 * The operations themselves (try_recv, try_send...) are attempts for the
 * call layer (call.c): one call into Go with MSG_DONTWAIT, the GIL held;
 * call.c waits when they say EAGAIN. An operation whose data is there costs
 * one system call and no GIL hand-off, where the built-in module releases
 * and re-takes the GIL every time (and, with a timeout, polls first). On a
 * blocking socket, MSG_WAITALL and stream sends go on after a partial
 * transfer, as the kernel's blocking calls do.
 *
 * recv(n) with n > 64 KiB receives into a per-thread scratch buffer and
 * returns a bytes object of the exact size, instead of allocating n bytes
 * and shrinking them: a 100-byte message read with recv(1 MiB) costs a
 * 100-byte object. The kernel sees the same call (same size and flags), so
 * datagram truncation, MSG_PEEK and the rest behave as before; MSG_TRUNC,
 * which may return more than n, keeps the direct path. */
#include "glue.h"
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>

#define SELF ((gs_sock *)self)

#if GS_PYVER >= 0x0307
#define GS_FASTCALL 1
#define FAST_ARGS PyObject *self, PyObject *const *args, Py_ssize_t nargs
#define FAST_KW_ARGS PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames
#else
#define GS_FASTCALL 0
#define FAST_ARGS PyObject *self, PyObject *targs
#define FAST_KW_ARGS PyObject *self, PyObject *targs, PyObject *kw
#endif

/* The scratch buffer's range: recv sizes above MIN and up to MAX use it. */
#define SCRATCH_MIN 65536
#define SCRATCH_MAX 1048576

static PyCFunction orig_recv, orig_recvfrom, orig_send, orig_sendto, orig_sendall;
static PyCFunctionWithKeywords orig_recv_into;

/* ---- arguments ---- */

#if GS_FASTCALL
/* slow passes fastcall arguments to sockobj.c's METH_VARARGS method. */
static PyObject *slow(PyCFunction f, PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t i;
    PyObject *r, *t = PyTuple_New(nargs);
    if (t == NULL)
        return NULL;
    for (i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(t, i, args[i]);
    }
    r = f(self, t);
    Py_DECREF(t);
    return r;
}

static PyObject *slow_kw(PyCFunctionWithKeywords f, PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                         PyObject *kwnames)
{
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *r = NULL, *kw = NULL, *t = PyTuple_New(nargs);
    if (t == NULL)
        return NULL;
    for (i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(t, i, args[i]);
    }
    if (nkw > 0) {
        kw = PyDict_New();
        if (kw == NULL)
            goto done;
        for (i = 0; i < nkw; i++)
            if (PyDict_SetItem(kw, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0)
                goto done;
    }
    r = f(self, t, kw);
done:
    Py_DECREF(t);
    Py_XDECREF(kw);
    return r;
}
#define ARGC nargs
#define ARG(i) args[i]
#define SLOW(f) slow(f, self, args, nargs)
#define SLOW_KW(f) slow_kw(f, self, args, nargs, kwnames)
#define HAS_KW (kwnames != NULL && PyTuple_GET_SIZE(kwnames) > 0)
#else
#define ARGC PyTuple_GET_SIZE(targs)
#define ARG(i) PyTuple_GET_ITEM(targs, i)
#define SLOW(f) f(self, targs)
#define SLOW_KW(f) f(self, targs, kw)
#define HAS_KW (kw != NULL && PyDict_Size(kw) > 0)
#endif

/* exact_long reads an exact int into *v; 0 (and no exception) when o is
 * not one or does not fit a long, for the slow path to deal with. */
static int exact_long(PyObject *o, long *v)
{
#if !GS_PY3
    if (PyInt_CheckExact(o)) {
        *v = PyInt_AS_LONG(o);
        return 1;
    }
#endif
    if (PyLong_CheckExact(o)) {
        int overflow;
        *v = PyLong_AsLongAndOverflow(o, &overflow);
        if (overflow == 0 && !(*v == -1 && PyErr_Occurred()))
            return 1;
        PyErr_Clear();
    }
    return 0;
}

static int exact_int(PyObject *o, int *v)
{
    long l;
    if (!exact_long(o, &l) || l < INT_MIN || l > INT_MAX)
        return 0;
    *v = (int)l;
    return 1;
}

#if GS_PY3
#define BYTES_EXACT PyBytes_CheckExact
#else
#define BYTES_EXACT PyString_CheckExact
#endif

/* data_buf gets a read-only view of bytes, bytearray or memoryview data;
 * 0 for anything else (str on 2.7, other buffer types), which the slow
 * path takes. Bytes need no buffer export (they are immutable and the
 * caller holds them); the others are exported so they cannot be resized
 * while the GIL is released. */
static int data_buf(PyObject *o, Py_buffer *b, int *exported)
{
    *exported = 0;
    if (BYTES_EXACT(o)) {
        b->buf = GS_Bytes_AS_STRING(o);
        b->len = Py_SIZE(o);
        return 1;
    }
    if (PyByteArray_CheckExact(o) || PyMemoryView_Check(o)) {
        if (PyObject_GetBuffer(o, b, PyBUF_SIMPLE) < 0) {
            PyErr_Clear();
            return 0;
        }
        *exported = 1;
        return 1;
    }
    return 0;
}

/* ---- the operations (call.c runs them) ---- */

/* blocking_stream: a send on s behaves as the kernel's blocking send, which
 * queues everything unless an error or a signal stops it (and then reports
 * what it sent): the attempts go on until all is sent (GS_OP_PARTIAL). */
static int blocking_stream(gs_sock *s, int flags)
{
    return GS_TIMEOUT(s) < 0 && s->type == SOCK_STREAM && !(flags & MSG_DONTWAIT);
}

/* nowait: the caller's MSG_DONTWAIT makes EAGAIN the answer. */
#define NOWAIT(flags) (((flags)&MSG_DONTWAIT) ? GS_OP_NOWAIT : 0)

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
    memset(op, 0, sizeof *op);
    op->s = s;
    op->fd = fd;
    op->events = POLLIN;
    op->try = try_recv;
    op->p = p;
    op->n = n;
    op->flags = flags;
    op->opts = NOWAIT(flags);
    if ((flags & MSG_WAITALL) && GS_TIMEOUT(s) < 0)
        op->opts |= GS_OP_PARTIAL;
}

/* gs_fast_recv (and _fd: on a descriptor a 2.7 file object keeps) is recv
 * on s into p[:n]; the status for gs_raise, the count in *got. */
int gs_fast_recv_fd(gs_sock *s, int fd, char *p, Py_ssize_t n, int flags, long *got)
{
    gs_op op;
    int rc;
    recv_op(&op, s, fd, p, n, flags);
    rc = gs_call(&op);
    *got = op.done;
    return rc;
}

int gs_fast_recv(gs_sock *s, char *p, Py_ssize_t n, int flags, long *got)
{
    return gs_fast_recv_fd(s, s->fd, p, n, flags, got);
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
        if (op->ctx != NULL && PyErr_CheckSignals())
            return GS_EPYERR;
    }
}

static void send_op(gs_op *op, gs_sock *s, int fd, const char *p, Py_ssize_t n, int flags)
{
    memset(op, 0, sizeof *op);
    op->s = s;
    op->fd = fd;
    op->events = POLLOUT;
    op->try = try_send;
    op->p = (char *)p;
    op->n = n;
    op->flags = flags;
    op->opts = NOWAIT(flags);
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
    memset(&op, 0, sizeof op);
    op.s = s;
    op.fd = s->fd;
    op.events = POLLIN;
    op.try = try_recvfrom;
    op.p = p;
    op.n = n;
    op.flags = flags;
    op.opts = NOWAIT(flags);
    op.a = a;
    rc = gs_call(&op);
    *got = op.done;
    return rc;
}

/* try_sendto sends p[:n] to op->a; the first attempt encodes (resolves)
 * the address, the later ones reuse it. */
static int try_sendto(gs_op *op)
{
    int rc = gs_sendto(op->fd, op->p, (long)op->n, op->flags | MSG_DONTWAIT, op->a, op->enc, &op->done);
    op->enc = 1;
    return rc;
}

int gs_fast_sendto(gs_sock *s, const char *p, Py_ssize_t n, int flags, gs_addr *a, long *sent)
{
    gs_op op;
    int rc;
    send_op(&op, s, s->fd, p, n, flags);
    op.try = try_sendto;
    op.a = a;
    rc = gs_call(&op);
    *sent = op.done;
    return rc;
}

/* ---- the per-thread scratch buffer ---- */

static __thread char *scratch;
static __thread size_t scratch_len;
static __thread int scratch_busy; /* in use by a recv of this thread */
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_key_init(void)
{
    (void)pthread_key_create(&scratch_key, free); /* frees it at thread exit */
}

/* scratch_get returns this thread's scratch buffer with room for n bytes,
 * or NULL (and no exception) when it cannot have one. */
static char *scratch_get(size_t n)
{
    if (scratch_len < n) {
        char *p;
        pthread_once(&scratch_once, scratch_key_init);
        p = malloc(SCRATCH_MAX);
        if (p == NULL)
            return NULL;
        free(scratch);
        scratch = p;
        scratch_len = SCRATCH_MAX;
        (void)pthread_setspecific(scratch_key, p);
    }
    return scratch;
}

/* ---- recv ---- */

static PyObject *recv_direct(gs_sock *s, Py_ssize_t n, int flags)
{
    long got = 0;
    int rc;
    PyObject *b = GS_Bytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        return NULL;
    rc = gs_fast_recv(s, GS_Bytes_AS_STRING(b), n, flags, &got);
    if (rc != 0) {
        Py_DECREF(b);
        return gs_raise(rc);
    }
    if (got != n)
        GS_Bytes_Resize(&b, got);
    return b;
}

static PyObject *recv_scratch(gs_sock *s, Py_ssize_t n, int flags)
{
    long got = 0;
    int rc;
    PyObject *b;
    char *p = scratch_get((size_t)n);
    if (p == NULL)
        return recv_direct(s, n, flags);
    /* Busy until copied out: a signal handler or finalizer that runs
     * meanwhile on this thread and calls recv takes the direct path. */
    scratch_busy = 1;
    rc = gs_fast_recv(s, p, n, flags, &got);
    if (rc != 0) {
        scratch_busy = 0;
        return gs_raise(rc);
    }
    b = GS_Bytes_FromStringAndSize(p, got);
    scratch_busy = 0;
    return b;
}

/* gs_sock_recv_bytes is recv(n, flags) once the arguments are read (n >= 0):
 * the bytes received. */
PyObject *gs_sock_recv_bytes(gs_sock *s, Py_ssize_t n, int flags)
{
#if GS_PY3
    /* 3.x answers recv(0) with b'' and no system call. */
    if (n == 0)
        return PyBytes_FromStringAndSize(NULL, 0);
#endif
    if (n > SCRATCH_MIN && n <= SCRATCH_MAX && !(flags & MSG_TRUNC) && !scratch_busy)
        return recv_scratch(s, n, flags);
    return recv_direct(s, n, flags);
}

static PyObject *fast_recv(FAST_ARGS)
{
    long n;
    int flags = 0;
    if (ARGC < 1 || ARGC > 2 || !exact_long(ARG(0), &n) || n < 0 || (ARGC == 2 && !exact_int(ARG(1), &flags)))
        return SLOW(orig_recv);
    return gs_sock_recv_bytes(SELF, n, flags);
}

/* ---- recv_into ---- */

static PyObject *fast_recv_into(FAST_KW_ARGS)
{
    Py_buffer buf;
    long n = 0, got = 0;
    int flags = 0, rc;
    if (HAS_KW || ARGC < 1 || ARGC > 3 || (ARGC >= 2 && (!exact_long(ARG(1), &n) || n < 0)) ||
        (ARGC == 3 && !exact_int(ARG(2), &flags)))
        return SLOW_KW(orig_recv_into);
    /* only a bytearray or memoryview: another type's buffer export may run
     * Python code (__buffer__, 3.12+), which the slow path would run again */
    if (!PyByteArray_CheckExact(ARG(0)) && !PyMemoryView_Check(ARG(0)))
        return SLOW_KW(orig_recv_into);
    if (PyObject_GetBuffer(ARG(0), &buf, PyBUF_WRITABLE) < 0) {
        PyErr_Clear();
        return SLOW_KW(orig_recv_into);
    }
    if (!PyBuffer_IsContiguous(&buf, 'C') || buf.len < n) {
        PyBuffer_Release(&buf);
        return SLOW_KW(orig_recv_into);
    }
    if (n == 0)
        n = (long)buf.len;
    rc = gs_fast_recv(SELF, buf.buf, n, flags, &got);
    PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    return GS_Int_FromLong(got);
}

/* ---- recvfrom ---- */

/* gs_sock_recvfrom_bytes is recvfrom(n, flags) once the arguments are read
 * (n >= 0): the (bytes, address) tuple. */
PyObject *gs_sock_recvfrom_bytes(gs_sock *s, Py_ssize_t n, int flags)
{
    long got = 0;
    int rc;
    PyObject *b, *addr, *t;
    gs_addr a;
    b = GS_Bytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        return NULL;
    rc = gs_fast_recvfrom(s, GS_Bytes_AS_STRING(b), n, flags, &a, &got);
    if (rc != 0) {
        Py_DECREF(b);
        return gs_raise(rc);
    }
    if (got != n && GS_Bytes_Resize(&b, got) < 0)
        return NULL;
    addr = gs_make_addr(&a, s);
    if (addr == NULL) {
        Py_DECREF(b);
        return NULL;
    }
    t = PyTuple_New(2);
    if (t == NULL) {
        Py_DECREF(b);
        Py_DECREF(addr);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, b);
    PyTuple_SET_ITEM(t, 1, addr);
    return t;
}

static PyObject *fast_recvfrom(FAST_ARGS)
{
    long n;
    int flags = 0;
    if (ARGC < 1 || ARGC > 2 || !exact_long(ARG(0), &n) || n < 0 || (ARGC == 2 && !exact_int(ARG(1), &flags)))
        return SLOW(orig_recvfrom);
    return gs_sock_recvfrom_bytes(SELF, n, flags);
}

/* ---- send ---- */

static PyObject *fast_send(FAST_ARGS)
{
    Py_buffer buf;
    int flags = 0, rc, exported;
    long sent = 0;
    if (ARGC < 1 || ARGC > 2 || (ARGC == 2 && !exact_int(ARG(1), &flags)) || !data_buf(ARG(0), &buf, &exported))
        return SLOW(orig_send);
    rc = gs_fast_send(SELF, buf.buf, buf.len, flags, &sent);
    if (exported)
        PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    return GS_Int_FromLong(sent);
}

/* ---- sendall ---- */

static PyObject *fast_sendall(FAST_ARGS)
{
    Py_buffer buf;
    int flags = 0, rc, exported;
    if (ARGC < 1 || ARGC > 2 || (ARGC == 2 && !exact_int(ARG(1), &flags)) || !data_buf(ARG(0), &buf, &exported))
        return SLOW(orig_sendall);
    rc = gs_fast_sendall(SELF, buf.buf, buf.len, flags);
    if (exported)
        PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

/* ---- sendto ---- */

static PyObject *fast_sendto(FAST_ARGS)
{
    Py_buffer buf;
    int flags = 0, rc, exported;
    long sent = 0;
    PyObject *addro;
    gs_addr a;
    gs_addrkeep keep;
    if (ARGC == 2)
        addro = ARG(1);
    else if (ARGC == 3 && exact_int(ARG(1), &flags))
        addro = ARG(2);
    else
        return SLOW(orig_sendto);
    if (!data_buf(ARG(0), &buf, &exported))
        return SLOW(orig_sendto);
    if (gs_parse_addr(SELF, addro, &a, &keep, "sendto") < 0) {
        if (exported)
            PyBuffer_Release(&buf);
        return NULL;
    }
    if (gs_audit_addr(&a, "socket.sendto", "OO", self, addro) < 0) { gs_addr_release(&keep); if (exported) PyBuffer_Release(&buf); return NULL; }
    rc = gs_fast_sendto(SELF, buf.buf, buf.len, flags, &a, &sent);
    gs_addr_release(&keep);
    if (exported)
        PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise_addr(rc, "sendto");
    return GS_Int_FromLong(sent);
}

/* ---- installation ---- */

#if GS_FASTCALL
#define FAST_FLAGS METH_FASTCALL
#define FAST_KW_FLAGS (METH_FASTCALL | METH_KEYWORDS)
#else
#define FAST_FLAGS METH_VARARGS
#define FAST_KW_FLAGS (METH_VARARGS | METH_KEYWORDS)
#endif

static PyMethodDef fast_methods[] = {
    {"recv", (PyCFunction)(void (*)(void))fast_recv, FAST_FLAGS, "recv(buffersize[, flags]) -> data"},
    {"recv_into", (PyCFunction)(void (*)(void))fast_recv_into, FAST_KW_FLAGS,
     "recv_into(buffer, [nbytes[, flags]]) -> nbytes_read"},
    {"recvfrom", (PyCFunction)(void (*)(void))fast_recvfrom, FAST_FLAGS,
     "recvfrom(buffersize[, flags]) -> (data, address info)"},
    {"send", (PyCFunction)(void (*)(void))fast_send, FAST_FLAGS, GS_DOC_SEND},
    {"sendto", (PyCFunction)(void (*)(void))fast_sendto, FAST_FLAGS, "sendto(data[, flags], address) -> count"},
    {"sendall", (PyCFunction)(void (*)(void))fast_sendall, FAST_FLAGS, GS_DOC_SENDALL},
    {NULL, NULL, 0, NULL},
};

/* original returns sockobj.c's C function for method name. */
static PyCFunction original(const char *name)
{
    PyObject *d = PyDict_GetItemString(GS_SOCK_TYPE->tp_dict, name);
    if (d == NULL || strcmp(Py_TYPE(d)->tp_name, "method_descriptor") != 0) {
        PyErr_Format(PyExc_SystemError, "gosocket: socket.%s is not a C method", name);
        return NULL;
    }
    return ((PyMethodDescrObject *)d)->d_method->ml_meth;
}

/* gs_fastio_init puts the fast paths in place of sockobj.c's methods,
 * keeping those for the arguments the fast paths leave to them. */
int gs_fastio_init(void)
{
    if ((orig_recv = original("recv")) == NULL || (orig_recvfrom = original("recvfrom")) == NULL ||
        (orig_send = original("send")) == NULL || (orig_sendto = original("sendto")) == NULL ||
        (orig_sendall = original("sendall")) == NULL)
        return -1;
    orig_recv_into = (PyCFunctionWithKeywords)(void (*)(void))original("recv_into");
    if (orig_recv_into == NULL)
        return -1;
    return gs_sock_add_attrs(fast_methods, NULL, NULL);
}
