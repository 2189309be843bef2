/* sockio.c: the socket's I/O methods: recv, recv_into, recvfrom,
 * recvfrom_into, send, sendall and sendto (sockobj.c's method table lists
 * them; ops.c does the I/O).
 *
 * Each reads common arguments directly (METH_FASTCALL on 3.7+, exact ints,
 * bytes and buffers); anything else (wrong count, other types,
 * out-of-range values) goes to its full parser (sock_recv...), which reads
 * the arguments as the built-in module does and raises its exceptions.
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

#define FAST_ARGS GS_FAST_ARGS
#define FAST_KW_ARGS GS_FAST_KW_ARGS

static PyObject *recv_bytes(gs_sock *s, Py_ssize_t n, int flags);
static PyObject *recvfrom_bytes(gs_sock *s, Py_ssize_t n, int flags);

/* The scratch buffer's range: recv sizes above MIN and up to MAX use it. */
#define SCRATCH_MIN 65536
#define SCRATCH_MAX 1048576

/* ---- arguments ---- */

#if GS_FASTCALL
/* slow passes fastcall arguments to a full parser (METH_VARARGS). */
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

/* ---- full parsers ---- */

/* The full parsers: the arguments as the built-in module reads them (its
 * exceptions and messages), for whatever the fast paths leave to them. */

static PyObject *sock_recv(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    int flags = 0;
    if (!PyArg_ParseTuple(args, "n|i:recv", &n, &flags))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "negative buffersize in recv");
        return NULL;
    }
    return recv_bytes(SELF, n, flags);
}

/* parse_into reads recv_into's (buffer[, nbytes[, flags]]). */
static int parse_into(PyObject *args, PyObject *kw, const char *fmt, const char *who, Py_buffer *buf, Py_ssize_t *n, int *flags)
{
    static char *kwlist[] = {"buffer", "nbytes", "flags", NULL};
    *n = 0;
    *flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, fmt, kwlist, buf, n, flags))
        return -1;
    if (*n < 0) {
        PyBuffer_Release(buf);
        PyErr_Format(PyExc_ValueError, "negative buffersize in %s", who);
        return -1;
    }
    if (*n == 0)
        *n = buf->len;
    else if (buf->len < *n) {
        PyBuffer_Release(buf);
        if (strcmp(who, "recvfrom_into") == 0)
            PyErr_SetString(PyExc_ValueError, "nbytes is greater than the length of the buffer");
        else
            PyErr_SetString(PyExc_ValueError, "buffer too small for requested bytes");
        return -1;
    }
    return 0;
}

static PyObject *sock_recv_into(PyObject *self, PyObject *args, PyObject *kw)
{
    Py_buffer buf;
    Py_ssize_t n;
    int flags, rc;
    long got = 0;
    if (parse_into(args, kw, "w*|ni:recv_into", "recv_into", &buf, &n, &flags) < 0)
        return NULL;
    rc = gs_fast_recv(SELF, buf.buf, n, flags, &got);
    PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    return GS_Int_FromLong(got);
}

static PyObject *sock_recvfrom(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    int flags = 0;
    if (!PyArg_ParseTuple(args, "n|i:recvfrom", &n, &flags))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "negative buffersize in recvfrom");
        return NULL;
    }
    return recvfrom_bytes(SELF, n, flags);
}

PyObject *gs_sock_recvfrom_into(PyObject *self, PyObject *args, PyObject *kw)
{
    Py_buffer buf;
    Py_ssize_t n;
    int flags, rc;
    long got = 0;
    gs_addr a;
    PyObject *addr;
    if (parse_into(args, kw, "w*|ni:recvfrom_into", "recvfrom_into", &buf, &n, &flags) < 0)
        return NULL;
    rc = gs_fast_recvfrom(SELF, buf.buf, n, flags, &a, &got);
    PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    addr = gs_make_addr(&a, SELF);
    if (addr == NULL)
        return NULL;
    return Py_BuildValue("(lN)", got, addr);
}

#if GS_PY3
#define DATA_FMT "y*"
#else
#define DATA_FMT "s*"
#endif

/* send_args parses send/sendall's (data[, flags]): 3.15 as its Argument
 * Clinic code (the count first, flags by PyLong_AsInt), before as
 * PyArg_ParseTuple's "y*|i". */
static int send_args(PyObject *args, const char *name, const char *fmt, Py_buffer *buf, int *flags)
{
#if GS_PYVER >= 0x030F
    PyObject *fo = NULL;
    if (gs_clinic_nargs(name, PyTuple_GET_SIZE(args), 1, 2) < 0)
        return -1;
    if (!PyArg_ParseTuple(args, fmt, buf, &fo))
        return -1;
    if (fo != NULL && gs_clinic_int(fo, flags) < 0) {
        PyBuffer_Release(buf);
        return -1;
    }
    return 0;
#else
    return PyArg_ParseTuple(args, fmt, buf, flags) ? 0 : -1;
#endif
}

#if GS_PYVER >= 0x030F
#define SEND_FMT(name) DATA_FMT "|O:" name
#else
#define SEND_FMT(name) DATA_FMT "|i:" name
#endif

static PyObject *sock_send(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    int flags = 0, rc;
    long got = 0;
    if (send_args(args, "send", SEND_FMT("send"), &buf, &flags) < 0)
        return NULL;
    rc = gs_fast_send(SELF, buf.buf, buf.len, flags, &got);
    PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    return GS_Int_FromLong(got);
}

static PyObject *sock_sendall(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    int flags = 0, rc;
    if (send_args(args, "sendall", SEND_FMT("sendall"), &buf, &flags) < 0)
        return NULL;
    rc = gs_fast_sendall(SELF, buf.buf, buf.len, flags);
    PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

static PyObject *sock_sendto(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    int flags = 0, rc;
    long got = 0;
    PyObject *addro;
    gs_addr a;
    gs_addrkeep keep;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);

    if (nargs == 2) {
        if (!PyArg_ParseTuple(args, DATA_FMT "O:sendto", &buf, &addro))
            return NULL;
    } else if (nargs == 3) {
        if (!PyArg_ParseTuple(args, DATA_FMT "iO:sendto", &buf, &flags, &addro))
            return NULL;
    } else {
        PyErr_Format(PyExc_TypeError, "sendto() takes 2 or 3 arguments (%zd given)", nargs);
        return NULL;
    }
    if (gs_parse_addr(SELF, addro, &a, &keep, "sendto") < 0) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    rc = gs_addr_prelookup(&a);
    if (rc == 0 && gs_audit_addr(&a, "socket.sendto", "OO", self, addro) < 0) { gs_addr_release(&keep); PyBuffer_Release(&buf); return NULL; }
    if (rc == 0)
        rc = gs_fast_sendto(SELF, buf.buf, buf.len, flags, &a, &got);
    gs_addr_release(&keep);
    PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise_addr(rc, "sendto");
    return GS_Int_FromLong(got);
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

/* recv_bytes is recv(n, flags) once the arguments are read (n >= 0):
 * the bytes received. */
static PyObject *recv_bytes(gs_sock *s, Py_ssize_t n, int flags)
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

PyObject *gs_sock_recv(FAST_ARGS)
{
    long n;
    int flags = 0;
    if (ARGC < 1 || ARGC > 2 || !exact_long(ARG(0), &n) || n < 0 || (ARGC == 2 && !exact_int(ARG(1), &flags)))
        return SLOW(sock_recv);
    return recv_bytes(SELF, n, flags);
}

/* ---- recv_into ---- */

PyObject *gs_sock_recv_into(FAST_KW_ARGS)
{
    Py_buffer buf;
    long n = 0, got = 0;
    int flags = 0, rc;
    if (HAS_KW || ARGC < 1 || ARGC > 3 || (ARGC >= 2 && (!exact_long(ARG(1), &n) || n < 0)) ||
        (ARGC == 3 && !exact_int(ARG(2), &flags)))
        return SLOW_KW(sock_recv_into);
    /* only a bytearray or memoryview: another type's buffer export may run
     * Python code (__buffer__, 3.12+), which the slow path would run again */
    if (!PyByteArray_CheckExact(ARG(0)) && !PyMemoryView_Check(ARG(0)))
        return SLOW_KW(sock_recv_into);
    if (PyObject_GetBuffer(ARG(0), &buf, PyBUF_WRITABLE) < 0) {
        PyErr_Clear();
        return SLOW_KW(sock_recv_into);
    }
    if (!PyBuffer_IsContiguous(&buf, 'C') || buf.len < n) {
        PyBuffer_Release(&buf);
        return SLOW_KW(sock_recv_into);
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

/* recvfrom_bytes is recvfrom(n, flags) once the arguments are read
 * (n >= 0): the (bytes, address) tuple. */
static PyObject *recvfrom_bytes(gs_sock *s, Py_ssize_t n, int flags)
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

PyObject *gs_sock_recvfrom(FAST_ARGS)
{
    long n;
    int flags = 0;
    if (ARGC < 1 || ARGC > 2 || !exact_long(ARG(0), &n) || n < 0 || (ARGC == 2 && !exact_int(ARG(1), &flags)))
        return SLOW(sock_recvfrom);
    return recvfrom_bytes(SELF, n, flags);
}

/* ---- send ---- */

PyObject *gs_sock_send(FAST_ARGS)
{
    Py_buffer buf;
    int flags = 0, rc, exported;
    long sent = 0;
    if (ARGC < 1 || ARGC > 2 || (ARGC == 2 && !exact_int(ARG(1), &flags)) || !data_buf(ARG(0), &buf, &exported))
        return SLOW(sock_send);
    rc = gs_fast_send(SELF, buf.buf, buf.len, flags, &sent);
    if (exported)
        PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    return GS_Int_FromLong(sent);
}

/* ---- sendall ---- */

PyObject *gs_sock_sendall(FAST_ARGS)
{
    Py_buffer buf;
    int flags = 0, rc, exported;
    if (ARGC < 1 || ARGC > 2 || (ARGC == 2 && !exact_int(ARG(1), &flags)) || !data_buf(ARG(0), &buf, &exported))
        return SLOW(sock_sendall);
    rc = gs_fast_sendall(SELF, buf.buf, buf.len, flags);
    if (exported)
        PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

/* ---- sendto ---- */

PyObject *gs_sock_sendto(FAST_ARGS)
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
        return SLOW(sock_sendto);
    if (!data_buf(ARG(0), &buf, &exported))
        return SLOW(sock_sendto);
    if (gs_parse_addr(SELF, addro, &a, &keep, "sendto") < 0) {
        if (exported)
            PyBuffer_Release(&buf);
        return NULL;
    }
    rc = gs_addr_prelookup(&a);
    if (rc == 0 && gs_audit_addr(&a, "socket.sendto", "OO", self, addro) < 0) { gs_addr_release(&keep); if (exported) PyBuffer_Release(&buf); return NULL; }
    if (rc == 0)
        rc = gs_fast_sendto(SELF, buf.buf, buf.len, flags, &a, &sent);
    gs_addr_release(&keep);
    if (exported)
        PyBuffer_Release(&buf);
    if (rc != 0)
        return gs_raise_addr(rc, "sendto");
    return GS_Int_FromLong(sent);
}
