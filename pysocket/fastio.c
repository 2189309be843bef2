/* fastio.c: the per-call fast paths of recv, recv_into, recvfrom, send,
 * sendall and sendto, installed over sockobj.c's methods of the same names.
 *
 * Arguments: METH_FASTCALL on 3.7+ (no argument tuple) and exact ints,
 * bytes and buffers read directly; anything else (wrong count, other
 * types, out-of-range values) goes to sockobj.c's method, which parses as
 * the built-in module does and raises its exceptions.
 *
 * Try first, with the GIL held: each call first makes one attempt that
 * cannot block (MSG_DONTWAIT on a blocking descriptor; a socket with a
 * timeout has a non-blocking descriptor anyway). Only when that says EAGAIN
 * does it release the GIL and wait (block, or poll until the deadline) as
 * sockobj.c does. An operation whose data is there costs one system call
 * and no GIL hand-off, where the built-in module releases and re-takes the
 * GIL every time (and, with a timeout, polls first). MSG_WAITALL is not
 * tried that way (MSG_DONTWAIT would return part of the data early). A
 * blocking stream send that the attempt sent only part of goes on blocking
 * for the rest, as the kernel's blocking send does.
 *
 * recv(n) with n > 64 KiB receives into a per-thread scratch buffer and
 * returns a bytes object of the exact size, instead of allocating n bytes
 * and shrinking them: a 100-byte message read with recv(1 MiB) costs a
 * 100-byte object. The kernel sees the same call (same size and flags), so
 * datagram truncation, MSG_PEEK and the rest behave as before; MSG_TRUNC,
 * which may return more than n, keeps the direct path. */
#include "glue.h"
#include <limits.h>
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

/* ---- try first, then wait ---- */

/* go_slow: after the attempt, whether the call goes on the way sockobj.c
 * does it, with the GIL released: after EINTR (whose signal handlers that
 * path runs), and after EAGAIN when the socket has a timeout or blocks and
 * the caller did not ask for MSG_DONTWAIT. */
#define go_slow(s, flags, rc) ((rc) == EINTR || ((rc) == EAGAIN && GS_TIMEOUT(s) != 0 && !((flags)&MSG_DONTWAIT)))

/* gs_fast_recv and gs_fast_send are recv and send on s's descriptor into
 * or from p[:n], trying first (see the top of the file); makefile.c's file
 * objects use them too (gs_fast_recv_fd: a descriptor and timeout of the
 * caller's). They return a status for gs_raise. */
int gs_fast_recv_fd(int fd, gs_tmo t, char *p, Py_ssize_t n, int flags, long *got)
{
    int rc = EAGAIN;
    if (!(flags & MSG_WAITALL))
        rc = gs_recv(fd, p, (long)n, flags | MSG_DONTWAIT, -1, got);
    if ((flags & MSG_WAITALL) || rc == EINTR || (rc == EAGAIN && t != 0 && !(flags & MSG_DONTWAIT))) {
        gs_deadline dl = gs_deadline_after(t);
        GS_BLOCKING(rc, gs_recv(fd, p, (long)n, flags, dl, got));
    }
    return rc;
}

/* gs_fast_recv waits as GS_SOCK_BLOCKING does, so that close() from
 * another thread wakes it (closewake.c). */
int gs_fast_recv(gs_sock *s, char *p, Py_ssize_t n, int flags, long *got)
{
    int rc = EAGAIN;
    if (!(flags & MSG_WAITALL))
        rc = gs_recv(s->fd, p, (long)n, flags | MSG_DONTWAIT, -1, got);
    if ((flags & MSG_WAITALL) || go_slow(s, flags, rc)) {
        gs_deadline dl = gs_deadline_after(GS_TIMEOUT(s));
        GS_SOCK_BLOCKING(s, rc, gs_recv(s->fd, p, (long)n, flags, dl, got));
        GS_CLOSED_EOF(s, rc, *got);
    }
    return rc;
}

int gs_fast_send(gs_sock *s, const char *p, Py_ssize_t n, int flags, long *sent)
{
    int rc = gs_send(s->fd, (void *)p, (long)n, flags | MSG_DONTWAIT, -1, sent);
    if (rc == 0 && *sent > 0 && *sent < n && GS_TIMEOUT(s) < 0 && !(flags & MSG_DONTWAIT)) {
        /* A blocking stream send queues everything unless interrupted, and
         * reports what it sent when an error or signal stops it after some
         * data went: so does this (the signal handlers run at the
         * interpreter's next check, as after the kernel's partial send). */
        long more = 0;
        int rc2;
        s->busy++;
        Py_BEGIN_ALLOW_THREADS
        rc2 = gs_send(s->fd, (void *)(p + *sent), (long)(n - *sent), flags, -1, &more);
        Py_END_ALLOW_THREADS
        rc2 = gs_sock_leave(s, rc2);
        if (rc2 == 0)
            *sent += more;
        return 0;
    }
    if (go_slow(s, flags, rc)) {
        gs_deadline dl = gs_deadline_after(GS_TIMEOUT(s));
        GS_SOCK_BLOCKING(s, rc, gs_send(s->fd, (void *)p, (long)n, flags, dl, sent));
    }
    return rc;
}

/* gs_fast_recvfrom is gs_fast_recv that also stores the sender's address
 * in a (recvfrom, recvfrom_into). */
int gs_fast_recvfrom(gs_sock *s, char *p, Py_ssize_t n, int flags, gs_addr *a, long *got)
{
    int rc = EAGAIN;
    if (!(flags & MSG_WAITALL))
        rc = gs_recvfrom(s->fd, p, (long)n, flags | MSG_DONTWAIT, a, -1, got);
    if ((flags & MSG_WAITALL) || go_slow(s, flags, rc)) {
        gs_deadline dl = gs_deadline_after(GS_TIMEOUT(s));
        GS_SOCK_BLOCKING(s, rc, gs_recvfrom(s->fd, p, (long)n, flags, a, dl, got));
        GS_CLOSED_EOF(s, rc, *got);
    }
    return rc;
}

/* gs_fast_sendall sends all of p[:n]: one attempt with the GIL held, then
 * what is left the way the built-in sendall sends it (the GIL released,
 * signal handlers run after a short write, one deadline for the whole
 * call). sendall(b'') makes its one send with the GIL released, as the
 * built-in module does. */
int gs_fast_sendall(gs_sock *s, const char *p, Py_ssize_t n, int flags)
{
    int rc = 0;
    long sent = 0;
    Py_ssize_t left = n;
    gs_deadline dl;
    if (n > 0) {
        rc = gs_send(s->fd, (void *)p, (long)left, flags | MSG_DONTWAIT, -1, &sent);
        if (rc == 0) {
            p += sent;
            left -= sent;
            if (left == 0)
                return 0;
        } else if (go_slow(s, flags, rc))
            rc = 0;
        else
            return rc;
        if (PyErr_CheckSignals())
            return GS_EPYERR; /* a signal that came during the attempt (see GS_BLOCKING) */
    }
    dl = gs_deadline_after(GS_TIMEOUT(s));
    s->busy++;
    for (;;) {
        sent = 0;
        Py_BEGIN_ALLOW_THREADS
        rc = gs_sendall(s->fd, (void *)p, (long)left, flags, dl, &sent);
        Py_END_ALLOW_THREADS
        p += sent;
        left -= sent;
        if (rc != EINTR && (rc != 0 || left == 0))
            break;
        if (PyErr_CheckSignals()) {
            rc = GS_EPYERR;
            break;
        }
    }
    return gs_sock_leave(s, rc);
}

/* gs_fast_sendto sends p[:n] to the address in a, trying first; the
 * attempt encodes (resolves) the address and a wait reuses it. */
int gs_fast_sendto(gs_sock *s, const char *p, Py_ssize_t n, int flags, gs_addr *a, long *sent)
{
    int rc = gs_sendto(s->fd, (void *)p, (long)n, flags | MSG_DONTWAIT, a, 0, -1, sent);
    if (go_slow(s, flags, rc)) {
        gs_deadline dl = gs_deadline_after(GS_TIMEOUT(s));
        GS_SOCK_BLOCKING(s, rc, gs_sendto(s->fd, (void *)p, (long)n, flags, a, 1, dl, sent));
    }
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
    addr = gs_make_addr(&a);
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
    if (gs_parse_addr(SELF->family, addro, &a, &keep, "sendto") < 0) {
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
    {"send", (PyCFunction)(void (*)(void))fast_send, FAST_FLAGS, "send(data[, flags]) -> count"},
    {"sendto", (PyCFunction)(void (*)(void))fast_sendto, FAST_FLAGS, "sendto(data[, flags], address) -> count"},
    {"sendall", (PyCFunction)(void (*)(void))fast_sendall, FAST_FLAGS, "sendall(data[, flags])"},
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
