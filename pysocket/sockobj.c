/* sockobj.c: the socket type. Each method parses its arguments, makes one
 * call into Go with the GIL released when the call can block, and turns
 * the status into a result or the built-in module's exception. */
#include "glue.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>

/* GS_TYPE_SHOWS_NONBLOCK: on 3.x before 3.7, socket.type carries
 * SOCK_NONBLOCK while the socket is non-blocking or has a timeout. */
#define GS_TYPE_SHOWS_NONBLOCK (GS_PY3 && GS_PYVER < 0x0307)


#if GS_PY3 && GS_PYVER >= 0x030C
#define GS_HEAP_BASE 1
#else
#define GS_HEAP_BASE 0
#endif

#define SELF ((gs_sock *)self)


/* set_timeout applies a timeout: O_NONBLOCK on the fd exactly when the
 * timeout is not None, as CPython's internal_setblocking. 2.7 ignores a
 * failing fcntl (a closed socket takes any timeout); 3.x raises. */
static int set_timeout(gs_sock *s, gs_tmo t)
{
    int rc, nonblock = !(t < 0);
    GS_SET_TIMEOUT(s, t);
#if GS_TYPE_SHOWS_NONBLOCK
    if (nonblock)
        s->type |= SOCK_NONBLOCK;
    else
        s->type &= ~SOCK_NONBLOCK;
#endif
    rc = gs_setnonblock(s->fd, nonblock);
#if GS_PY3
    if (rc != 0) {
        gs_raise(rc);
        return -1;
    }
#else
    (void)rc;
#endif
    return 0;
}

/* init_fields is CPython's init_sockobject. */
static int init_fields(gs_sock *s, int fd, int family, int type, int proto)
{
    s->fd = fd;
    s->family = family;
#if GS_MASK_TYPE
    s->type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
    s->type = type;
#endif
    s->proto = proto;
    s->errorhandler = NULL;
#if GS_PY3
    /* 3.x: a type with SOCK_NONBLOCK means non-blocking mode; 2.7 does not
     * look (its default timeout applies, whatever the fd's mode). */
    if (type & SOCK_NONBLOCK) {
        GS_SET_TIMEOUT(s, 0);
        return 0;
    }
#endif
    GS_SET_TIMEOUT(s, gs_default_timeout);
    if (gs_default_timeout >= 0)
        return set_timeout(s, gs_default_timeout);
    return 0;
}

static PyObject *sock_tp_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    gs_sock *s = (gs_sock *)type->tp_alloc(type, 0);
    if (s != NULL) {
        s->fd = -1;
        s->family = AF_UNSPEC;
        GS_SET_TIMEOUT(s, -1);
    }
    return (PyObject *)s;
}

/* gs_sock_new_fd wraps an fd already open (accept, dup, fromfd). */
PyObject *gs_sock_new_fd(PyTypeObject *type, int fd, int family, int sotype, int proto)
{
    gs_sock *s = (gs_sock *)sock_tp_new(type, NULL, NULL);
    if (s == NULL)
        return NULL;
    if (type != GS_SOCK_TYPE && gs_audit_new((PyObject *)s, type, 1, family, sotype, proto) < 0) { Py_DECREF(s); return NULL; }
    if (init_fields(s, fd, family, sotype, proto) < 0) {
        s->fd = -1;
        Py_DECREF(s);
        return NULL;
    }
    return (PyObject *)s;
}

/* INIT_NAME is how a Python function's argument errors name socket.py's
 * socket.__init__: qualified from 3.10. */
#if GS_PYVER >= 0x030A
#define INIT_NAME "socket.__init__()"
#else
#define INIT_NAME "__init__()"
#endif

/* check_keywords: socket.py's socket.__init__ is a Python function, so an
 * unknown keyword, or one also given by position, is a TypeError before
 * any argument is converted (PyArg_ParseTupleAndKeywords would convert the
 * positional ones first). */
static int check_keywords(PyObject *args, PyObject *kw, char **kwlist)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0, nargs = PyTuple_GET_SIZE(args);
    while (PyDict_Next(kw, &pos, &key, &value)) {
        Py_ssize_t i;
        for (i = 0; kwlist[i] != NULL; i++) {
            PyObject *name = GS_Str_FromString(kwlist[i]);
            int eq = name != NULL ? PyObject_RichCompareBool(key, name, Py_EQ) : -1;
            Py_XDECREF(name);
            if (eq < 0)
                return -1;
            if (eq)
                break;
        }
        if (kwlist[i] == NULL) {
#if GS_PY3
            PyErr_Format(PyExc_TypeError, INIT_NAME " got an unexpected keyword argument %R", key);
#else
            PyObject *r = PyObject_Repr(key);
            if (r != NULL)
                PyErr_Format(PyExc_TypeError, "__init__() got an unexpected keyword argument %s", PyString_AsString(r));
            Py_XDECREF(r);
#endif
            return -1;
        }
        if (i < nargs) {
            PyErr_Format(PyExc_TypeError, INIT_NAME " got multiple values for argument '%s'", kwlist[i]);
            return -1;
        }
    }
    return 0;
}

#if GS_PYVER >= 0x0307
/* socketpy_defaults: socket.py's socket.__init__ (3.7+) replaces a family,
 * type or proto equal to -1 (by ==, so -1.0 too) with AF_INET, SOCK_STREAM
 * or 0 when no fileno is given, before _socket sees them. The C code maps
 * the int -1 itself; for another object equal to -1 this gives copies of
 * args and kw (*a2, *k2) with the default in its place, or leaves them
 * NULL when nothing changes. */
static int socketpy_defaults(PyObject *args, PyObject *kw, PyObject **a2, PyObject **k2)
{
    static const char *names[] = {"family", "type", "proto"};
    static const long defaults[] = {AF_INET, SOCK_STREAM, 0};
    Py_ssize_t nargs = PyTuple_GET_SIZE(args), i;
    PyObject *fileno = nargs > 3 ? PyTuple_GET_ITEM(args, 3) : kw != NULL ? PyDict_GetItemString(kw, "fileno") : NULL;
    *a2 = *k2 = NULL;
    if (nargs > 4 || (fileno != NULL && fileno != Py_None))
        return 0;
    for (i = 0; i < 3; i++) {
        PyObject *v = i < nargs ? PyTuple_GET_ITEM(args, i) : kw != NULL ? PyDict_GetItemString(kw, names[i]) : NULL;
        PyObject *m1, *d;
        int eq;
        if (v == NULL || PyLong_Check(v))
            continue;
        m1 = PyLong_FromLong(-1);
        eq = m1 != NULL ? PyObject_RichCompareBool(v, m1, Py_EQ) : -1;
        Py_XDECREF(m1);
        if (eq < 0)
            goto fail;
        if (!eq)
            continue;
        if (*a2 == NULL) {
            Py_ssize_t j;
            if ((*a2 = PyTuple_New(nargs)) == NULL)
                goto fail;
            for (j = 0; j < nargs; j++) {
                Py_INCREF(PyTuple_GET_ITEM(args, j));
                PyTuple_SET_ITEM(*a2, j, PyTuple_GET_ITEM(args, j));
            }
            if (kw != NULL && (*k2 = PyDict_Copy(kw)) == NULL)
                goto fail;
        }
        if ((d = PyLong_FromLong(defaults[i])) == NULL)
            goto fail;
        if (i < nargs) {
            Py_DECREF(PyTuple_GET_ITEM(*a2, i));
            PyTuple_SET_ITEM(*a2, i, d);
        } else {
            int r = PyDict_SetItemString(*k2, names[i], d);
            Py_DECREF(d);
            if (r < 0)
                goto fail;
        }
    }
    return 0;
fail:
    Py_CLEAR(*a2);
    Py_CLEAR(*k2);
    return -1;
}
#endif

static int sock_init_args(PyObject *self, PyObject *args, PyObject *kw);

/* sock_tp_init is __init__: the base type's is _socket.socket's; the 3.x
 * class's first does what socket.py's __init__ does with its arguments. */
static int sock_tp_init(PyObject *self, PyObject *args, PyObject *kw)
{
#if GS_PY3
    static char *kwlist[] = {"family", "type", "proto", "fileno", NULL};
    if (Py_TYPE(self) != GS_SOCK_TYPE) {
        if (PyTuple_GET_SIZE(args) > 4) {
            PyErr_Format(PyExc_TypeError, INIT_NAME " takes from 1 to 5 positional arguments but %zd were given",
                         PyTuple_GET_SIZE(args) + 1);
            return -1;
        }
        if (kw != NULL && check_keywords(args, kw, kwlist) < 0)
            return -1;
#if GS_PYVER >= 0x0307
        {
            PyObject *a2, *k2;
            int r;
            if (socketpy_defaults(args, kw, &a2, &k2) < 0)
                return -1;
            if (a2 != NULL) {
                r = sock_init_args(self, a2, k2);
                Py_DECREF(a2);
                Py_XDECREF(k2);
                return r;
            }
        }
#endif
    }
#endif
    return sock_init_args(self, args, kw);
}

static int sock_init_args(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"family", "type", "proto", "fileno", NULL};
#if GS_MASK_TYPE
    int family = -1, type = -1, proto = -1;
#else
    int family = AF_INET, type = SOCK_STREAM, proto = 0;
#endif
    PyObject *fdobj = NULL;
    int fd = -1, rc;

    if (kw != NULL && check_keywords(args, kw, kwlist) < 0)
        return -1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|iiiO:socket", kwlist, &family, &type, &proto, &fdobj))
        return -1;
    if (gs_audit_new(self, Py_TYPE(self), fdobj != NULL && fdobj != Py_None, family, type, proto) < 0)
        return -1;
    if (fdobj != NULL && fdobj != Py_None) {
        long v;
        if (PyFloat_Check(fdobj)) {
            PyErr_SetString(PyExc_TypeError, "integer argument expected, got float");
            return -1;
        }
        v = PyLong_AsLong(fdobj);
        if (v == -1 && PyErr_Occurred())
            return -1;
        if (v < 0) {
            PyErr_SetString(PyExc_ValueError, "negative file descriptor");
            return -1;
        }
        if (v > 0x7fffffff) {
            PyErr_SetString(PyExc_OverflowError, "file descriptor out of range");
            return -1;
        }
        fd = (int)v;
#if GS_PYVER >= 0x0308
        /* 3.8+ validates the descriptor with getsockname: EBADF and
         * ENOTSOCK fail even when the family was given. */
        {
            gs_addr a;
            rc = gs_getsockname(fd, &a);
            if (rc == EBADF || rc == ENOTSOCK || (rc != 0 && family == -1)) {
                gs_raise(rc);
                return -1;
            }
            if (rc == 0 && family == -1)
                family = a.raw.ss.ss_family;
        }
#endif
#if GS_MASK_TYPE
        if (family == -1 || type == -1 || proto == -1) {
            int f, t, p;
            rc = gs_info(fd, &f, &t, &p);
            if (rc != 0 && !(rc == ENOPROTOOPT && family != -1 && type != -1)) {
                gs_raise(rc);
                return -1;
            }
            if (family == -1)
                family = f;
            if (type == -1)
                type = t;
            if (proto == -1)
                proto = rc == 0 ? p : 0;
        }
#endif
    } else {
#if GS_MASK_TYPE
        if (family == -1)
            family = AF_INET;
        if (type == -1)
            type = SOCK_STREAM;
        if (proto == -1)
            proto = 0;
#endif
        rc = gs_socket(family, type, proto, GS_CLOEXEC, &fd);
        if (rc != 0) {
            gs_raise(rc);
            return -1;
        }
    }
    if (SELF->fd != -1) {
        /* __init__ called twice: drop the old descriptor as CPython would leak it; we close it. */
#if !GS_PY3
        /* 2.7: makefile()'s file objects hold the old descriptor number
         * (io_refs) and close it after us: the new socket takes that
         * number, so nothing is closed twice (2.7's files would keep the
         * old socket; here they follow the new one, as 3.x's do). */
        if (SELF->io_refs > 0) {
            rc = gs_dup_onto(fd, SELF->fd, 1);
            gs_close(fd);
            if (rc != 0) {
                gs_raise(rc);
                return -1;
            }
            fd = SELF->fd;
        } else
#endif
        gs_close(SELF->fd);
    }
    return init_fields(SELF, fd, family, type, proto);
}

/* close_fd closes the socket's descriptor once; ECONNRESET is ignored, as
 * CPython's sock_close does (the peer reset the connection: it is closed). */
static int close_fd(gs_sock *s)
{
    int fd = s->fd, rc;
    if (fd == -1)
        return 0;
    if (s->busy > 0) {
        gs_call_close(s); /* call.c: the last wait closes it */
        return 0;
    }
    s->fd = -1;
    Py_BEGIN_ALLOW_THREADS
    rc = gs_close(fd);
    Py_END_ALLOW_THREADS
    if (rc != 0 && rc != ECONNRESET) {
        gs_raise(rc);
        return -1;
    }
    return 0;
}

#if GS_PY3
/* sock_finalize warns about a socket that was never closed, as CPython's
 * sock_finalize does with ResourceWarning, then closes it. */
static void sock_finalize(PyObject *self)
{
    PyObject *et, *ev, *tb;
    if (SELF->fd == -1)
        return;
    PyErr_Fetch(&et, &ev, &tb);
    if (PyErr_ResourceWarning(self, 1, "unclosed %R", self) && PyErr_ExceptionMatches(PyExc_Warning))
        PyErr_WriteUnraisable(self);
    PyErr_Clear();
    {
        int fd = SELF->fd;
        SELF->fd = -1;
        gs_close(fd);
    }
    PyErr_Restore(et, ev, tb);
}
#endif

/* sock_dealloc frees a socket. On 3.12+ the base type is a heap type, as the
 * built-in _socket.socket is there, so the instance's reference to its type
 * (the base or a subclass: subtype_dealloc leaves it to us) is dropped here. */
static void sock_dealloc(PyObject *self)
{
#if GS_HEAP_BASE
    PyTypeObject *tp = Py_TYPE(self);
#endif
#if GS_PY3
    if (PyObject_CallFinalizerFromDealloc(self) < 0)
        return;
#else
    if (SELF->fd != -1) {
        gs_close(SELF->fd);
        SELF->fd = -1;
    }
    if (SELF->weakreflist != NULL)
        PyObject_ClearWeakRefs(self);
#endif
    Py_TYPE(self)->tp_free(self);
#if GS_HEAP_BASE
    Py_DECREF(tp);
#endif
}

/* ---- addresses ---- */

static PyObject *sock_bind(PyObject *self, PyObject *addro)
{
    gs_addr a;
    gs_addrkeep keep;
    int rc;
    if (gs_parse_addr(SELF, addro, &a, &keep, "bind") < 0)
        return NULL;
    /* resolve.c: a host name's lookup releases the GIL; the audit event
     * comes after it, before the system call, as the built-in module's */
    rc = gs_addr_encode(&a);
    if (rc == 0 && gs_audit_addr(&a, "socket.bind", "OO", self, addro) < 0) {
        gs_addr_release(&keep);
        return NULL;
    }
    if (rc == 0)
        rc = gs_bind(SELF->fd, &a);
    gs_addr_release(&keep);
    if (rc != 0)
        return gs_raise_addr(rc, "bind");
    Py_RETURN_NONE;
}

static PyObject *sock_getsockname(PyObject *self, PyObject *unused)
{
    gs_addr a;
    int rc = gs_getsockname(SELF->fd, &a);
    if (rc != 0)
        return gs_raise(rc);
    return gs_make_addr(&a, SELF);
}

static PyObject *sock_getpeername(PyObject *self, PyObject *unused)
{
    gs_addr a;
    int rc = gs_getpeername(SELF->fd, &a);
    if (rc != 0)
        return gs_raise(rc);
    return gs_make_addr(&a, SELF);
}

/* try_connect_result reads the outcome of the connect going on in the
 * background (SO_ERROR) once the socket is writable. */
static int try_connect_result(gs_op *op)
{
    int rc = gs_connect_result(op->fd);
    return rc == EISCONN ? 0 : rc;
}

/* try_connect_again is a blocking AF_UNIX connect to a listener whose
 * backlog is full, tried again (the kernel's blocking connect waits). */
static int try_connect_again(gs_op *op)
{
    return gs_connect(op->fd, op->a, 1, 1);
}

/* do_connect is CPython's internal_connect: it returns 0, an errno value
 * (when raise_ is 0), or -1 with an exception set. The connect itself
 * cannot wait (core.Connect: a blocking socket's descriptor is made
 * non-blocking for the one call); the call layer waits for it to finish
 * wherever CPython would: with a timeout, and in blocking mode, where
 * CPython's connect blocks in the kernel. */
static int do_connect(gs_sock *s, PyObject *addro, int raise_)
{
    const char *caller = raise_ ? "connect" : "connect_ex";
    gs_addr a;
    gs_addrkeep keep;
    gs_op op;
    int rc, blocking = GS_TIMEOUT(s) < 0, wait;
    if (gs_parse_addr(s, addro, &a, &keep, caller) < 0)
        return -1;
    /* resolve.c: a host name's lookup releases the GIL; an address that
     * cannot be used raises (connect_ex too), then the audit event comes,
     * before the system call, as the built-in module's */
    rc = gs_addr_encode(&a);
    if (rc != 0) {
        gs_addr_release(&keep);
        gs_raise_addr(rc, caller);
        return -1;
    }
    if (gs_audit_addr(&a, "socket.connect", "OO", (PyObject *)s, addro) < 0) {
        gs_addr_release(&keep);
        return -1;
    }
    rc = gs_connect(s->fd, &a, 1, blocking);
    gs_op_init(&op, s, POLLOUT, try_connect_result, 0);
    op.opts = GS_OP_POLL_FIRST;
#if GS_PY3
    wait = rc == EINPROGRESS && GS_TIMEOUT(s) != 0;
#else
    /* 2.7's internal_connect waits only for a timeout > 0.0 (not NaN); a
     * blocking one waited in the kernel. */
    wait = rc == EINPROGRESS && (GS_TIMEOUT(s) > 0 || blocking);
#endif
    if (rc == EAGAIN && blocking && s->family == AF_UNIX) {
        op.events = 0; /* nothing to poll for: try again after a while */
        op.try = try_connect_again;
        op.a = &a;
        op.opts = 0;
        wait = 1;
    }
    if (wait)
        rc = gs_call(&op);
    gs_addr_release(&keep);
    if (rc == 0)
        return 0;
    if (rc == GS_EPYERR)
        return -1;
    if (!raise_) {
        if (rc > 0)
            return rc;
        if (rc == GS_ETIMEOUT)
            return EWOULDBLOCK;
    }
    gs_raise_addr(rc, caller);
    return -1;
}

static PyObject *sock_connect(PyObject *self, PyObject *addro)
{
    if (do_connect(SELF, addro, 1) != 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *sock_connect_ex(PyObject *self, PyObject *addro)
{
    int rc = do_connect(SELF, addro, 0);
    if (rc < 0)
        return NULL;
    return GS_Int_FromLong(rc);
}

/* ---- lifecycle ---- */

static PyObject *sock_close(PyObject *self, PyObject *unused)
{
    if (gs_sock_close_deferred(SELF)) /* makefile.c: file objects still use the fd */
        Py_RETURN_NONE;
    if (close_fd(SELF) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *sock_detach(PyObject *self, PyObject *unused)
{
    int fd = SELF->fd;
    SELF->fd = -1;
    gs_sock_detached(SELF); /* makefile.c: socket.py's detach sets _closed */
    return GS_Int_FromLong(fd);
}

static PyObject *sock_fileno(PyObject *self, PyObject *unused)
{
    return GS_Int_FromLong(SELF->fd);
}

/* sock_dup is socket.py's dup() on 3.x: type(self) over a duplicate
 * descriptor, with the same timeout; on 2.7, _socket's: the same class
 * over a duplicate. */
static PyObject *sock_dup(PyObject *self, PyObject *unused)
{
#if GS_PY3
    int fd, rc = gs_dup(SELF->fd, GS_CLOEXEC, &fd);
    PyObject *fam, *typ, *args, *kw, *sock, *r;
    if (rc != 0)
        return gs_raise(rc);
    fam = PyObject_GetAttrString(self, "family");
    typ = fam ? PyObject_GetAttrString(self, "type") : NULL;
    args = typ ? Py_BuildValue("(OOi)", fam, typ, SELF->proto) : NULL;
    kw = args ? Py_BuildValue("{s:i}", "fileno", fd) : NULL;
    sock = kw ? PyObject_Call((PyObject *)Py_TYPE(self), args, kw) : NULL;
    Py_XDECREF(fam);
    Py_XDECREF(typ);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    if (sock == NULL) {
        gs_close(fd);
        return NULL;
    }
    r = gs_timeout_obj(GS_TIMEOUT(SELF));
    if (r != NULL) {
        PyObject *t = r;
        r = PyObject_CallMethod(sock, "settimeout", "(O)", t);
        Py_DECREF(t);
    }
    if (r == NULL) {
        Py_DECREF(sock);
        return NULL;
    }
    Py_DECREF(r);
    return sock;
#else
    int fd, rc = gs_dup(SELF->fd, GS_CLOEXEC, &fd);
    PyObject *o;
    if (rc != 0)
        return gs_raise(rc);
    o = gs_sock_new_fd(GS_SOCK_CLASS, fd, SELF->family, SELF->type, SELF->proto);
    if (o == NULL)
        gs_close(fd);
    return o;
#endif
}

/* as_c_int converts an int argument as CPython's _PyLong_AsInt (2.7:
 * _PyInt_AsInt, which also takes a float) does. */
static int as_c_int(PyObject *arg, int *out)
{
#if GS_PY3
    long v = PyLong_AsLong(arg);
#else
    long v = PyInt_AsLong(arg);
#endif
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v > INT_MAX || v < INT_MIN) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* sock_listen: listen([backlog]) on 3.5+; 2.7's takes exactly one
 * argument (METH_O). */
static PyObject *sock_listen(PyObject *self, PyObject *args)
{
    int backlog = SOMAXCONN < 128 ? SOMAXCONN : 128, rc;
#if GS_PY3
    if (!PyArg_ParseTuple(args, "|i:listen", &backlog))
        return NULL;
#else
    if (as_c_int(args, &backlog) < 0)
        return NULL;
#endif
    if (backlog < 0)
        backlog = 0;
    rc = gs_listen(SELF->fd, backlog); /* cannot wait: the GIL stays */
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

static PyObject *sock_shutdown(PyObject *self, PyObject *arg)
{
    int how, rc;
    if (as_c_int(arg, &how) < 0)
        return NULL;
    rc = gs_shutdown(SELF->fd, how); /* cannot wait: the GIL stays */
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

/* try_accept accepts one connection into *op->ctx (op->done 1 then), its
 * peer's address into op->a. */
static int try_accept(gs_op *op)
{
    int fd = -1, rc = gs_accept(op->fd, GS_CLOEXEC, op->a, &fd);
    if (rc == 0) {
        *(int *)op->ctx = fd;
        op->done = 1;
    }
    return rc;
}

/* do_accept returns the new fd, or -1 with an exception set. A blocking
 * listening socket has no MSG_DONTWAIT: the call layer polls first, and the
 * accept after it runs with the GIL released (it blocks only when another
 * thread or process took the connection in between). */
static int do_accept(gs_sock *s, gs_addr *a)
{
    gs_op op;
    int rc, fd = -1;
    gs_op_init(&op, s, POLLIN, try_accept, 0);
    op.a = a;
    op.ctx = &fd;
    if (GS_TIMEOUT(s) < 0)
        op.opts = GS_OP_POLL_FIRST | GS_OP_UNLOCKED;
    rc = gs_call(&op);
    if (rc != 0) {
        if (fd >= 0) /* accepted, but close() ran meanwhile */
            gs_close(fd);
        gs_raise(rc);
        return -1;
    }
    return fd;
}

/* sock__accept is 3.x's _socket.socket._accept: (fd, address). */
static PyObject *sock__accept(PyObject *self, PyObject *unused)
{
    gs_addr a;
    PyObject *addr, *res;
    int fd = do_accept(SELF, &a);
    if (fd < 0)
        return NULL;
    addr = gs_make_addr(&a, SELF);
    if (addr == NULL) {
        gs_close(fd);
        return NULL;
    }
    res = Py_BuildValue("(iN)", fd, addr);
    if (res == NULL)
        gs_close(fd);
    return res;
}

/* sock_accept returns (socket, address): 2.7's _socket behaviour, and on 3.x
 * what socket.py's accept does (the new socket blocking when there is no
 * default timeout, even if the listener has one). */
static PyObject *sock_accept(PyObject *self, PyObject *unused)
{
    gs_addr a;
    PyObject *addr, *sock;
    int fd = do_accept(SELF, &a);
    if (fd < 0)
        return NULL;
    addr = gs_make_addr(&a, SELF);
    if (addr == NULL) {
        gs_close(fd);
        return NULL;
    }
    /* accept4 gave a blocking descriptor: on 3.x the listener's
     * SOCK_NONBLOCK (3.6 shows it in type while a timeout is set) is not
     * passed on, as socket.py's accept drops it, so the default timeout
     * applies. 2.7's accept passes its type as it is. The new socket is
     * a plain socket, not type(self): socket.py's accept makes a
     * socket(...), 2.7's _socket a socket object. */
    sock = gs_sock_new_fd(GS_SOCK_CLASS, fd, SELF->family, GS_PY3 ? SELF->type & ~SOCK_NONBLOCK : SELF->type,
                          SELF->proto);
    if (sock == NULL) {
        gs_close(fd);
        Py_DECREF(addr);
        return NULL;
    }
    return Py_BuildValue("(NN)", sock, addr);
}

/* ---- timeouts ---- */

static PyObject *sock_settimeout(PyObject *self, PyObject *arg)
{
    gs_tmo t;
    if (gs_parse_timeout(arg, &t) < 0)
        return NULL;
    if (set_timeout(SELF, t) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *sock_gettimeout(PyObject *self, PyObject *unused)
{
    return gs_timeout_obj(GS_TIMEOUT(SELF));
}

/* sock_setblocking takes any object's truth from 3.12 on, an int before
 * (2.7's PyInt_AsLong also takes a float). */
static PyObject *sock_setblocking(PyObject *self, PyObject *arg)
{
#if GS_PYVER >= 0x030C
    int block = PyObject_IsTrue(arg);
    if (block < 0)
        return NULL;
#elif GS_PY3
    long block = PyLong_AsLong(arg);
    if (block == -1 && PyErr_Occurred())
        return NULL;
#else
    long block = PyInt_AsLong(arg);
    if (block == -1 && PyErr_Occurred())
        return NULL;
#endif
    if (set_timeout(SELF, block ? GS_TMO_NONE : 0) < 0)
        return NULL;
    Py_RETURN_NONE;
}

#if GS_PYVER >= 0x0307
static PyObject *sock_getblocking(PyObject *self, PyObject *unused)
{
    if (GS_TIMEOUT(SELF) != 0)
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}
#endif

/* sock_get_timeout_attr is the timeout attribute: like gettimeout() on
 * 3.x; on 2.7 a plain double member, so None reads as -1.0. */
static PyObject *sock_get_timeout_attr(PyObject *self, void *closure)
{
#if GS_PY3
    return gs_timeout_obj(GS_TIMEOUT(SELF));
#else
    return PyFloat_FromDouble(SELF->sock_timeout);
#endif
}

/* ---- options ---- */

/* setopt_u64 sets an AF_VSOCK option: an unsigned 64-bit value, as
 * CPython 3.7+ passes it ("K", masked). */
static __attribute__((unused)) int setopt_u64(gs_sock *s, int level, int opt, unsigned long long value)
{
    uint64_t v = (uint64_t)value;
    return gs_setsockopt_buf(s->fd, level, opt, &v, (int)sizeof v);
}

#if GS_PY3
/* setopt_buffer sets an option to the bytes of buf and releases it; more
 * than INT_MAX bytes is OverflowError, as in CPython. */
static int setopt_buffer(gs_sock *s, int level, int opt, Py_buffer *buf)
{
    int rc;
    if (buf->len > 0x7fffffff) {
        PyBuffer_Release(buf);
        PyErr_SetString(PyExc_OverflowError, "socket option is larger than INT_MAX");
        return GS_EPYERR;
    }
    rc = gs_setsockopt_buf(s->fd, level, opt, buf->buf, (int)buf->len);
    PyBuffer_Release(buf);
    return rc;
}
#endif

/* setopt_done turns an option setter's status into setsockopt's result. */
static PyObject *setopt_done(int rc)
{
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

#if GS_PYVER >= 0x030F
/* sock_setsockopt is 3.15's setsockopt(level, option, value) /
 * setsockopt(level, option, None, optlen): the arguments parsed once
 * ("iiO|I"), then the value by what it is: None only with optlen (and
 * optlen only with None), on AF_VSOCK only an object with __index__ (an
 * unsigned 64-bit "K", None refused too), else an object with __index__ a
 * C int ("i"), a bytes-like object its bytes, anything else TypeError
 * naming its type. */
static PyObject *sock_setsockopt(PyObject *self, PyObject *args)
{
    int level, opt, flag, rc;
    unsigned int optlen = 0;
    PyObject *value;
    Py_buffer buf;

    if (!PyArg_ParseTuple(args, "iiO|I:setsockopt", &level, &opt, &value, &optlen))
        return NULL;
    if (PyTuple_GET_SIZE(args) == 4 && value != Py_None) {
        PyErr_Format(PyExc_TypeError, "setsockopt() only takes 4 arguments when the third argument is None (got %T)",
                     value);
        return NULL;
    }
    if (PyTuple_GET_SIZE(args) == 3 && value == Py_None) {
        PyErr_SetString(PyExc_TypeError, "setsockopt() requires 4 arguments when the third argument is None");
        return NULL;
    }
    if (SELF->family == AF_VSOCK) {
        unsigned long long vflag;
        if (!PyIndex_Check(value)) {
            PyErr_Format(PyExc_TypeError, "setsockopt() argument 3 for AF_VSOCK must be an int (got %T)", value);
            return NULL;
        }
        if (!PyArg_Parse(value, "K", &vflag))
            return NULL;
        rc = setopt_u64(SELF, level, opt, vflag);
    } else if (value == Py_None) {
        rc = gs_setsockopt_buf(SELF->fd, level, opt, NULL, (int)optlen);
    } else if (PyIndex_Check(value)) {
        if (!PyArg_Parse(value, "i", &flag))
            return NULL;
        rc = gs_setsockopt_int(SELF->fd, level, opt, flag);
    } else if (PyObject_CheckBuffer(value)) {
        if (PyObject_GetBuffer(value, &buf, PyBUF_SIMPLE) < 0)
            return NULL;
        rc = setopt_buffer(SELF, level, opt, &buf);
    } else {
        PyErr_Format(PyExc_TypeError, "socket option should be int, bytes-like object or None (got %T)", value);
        return NULL;
    }
    return setopt_done(rc);
}
#else
static PyObject *sock_setsockopt(PyObject *self, PyObject *args)
{
    int level, opt, flag, rc;
    Py_buffer buf;
    PyObject *none;
    unsigned int optlen;

#if GS_PYVER >= 0x0307
    if (SELF->family == AF_VSOCK) {
        /* 3.7+: a vsock option is an unsigned 64-bit int ("K", masked),
         * and nothing else. */
        unsigned long long vflag;
        if (!PyArg_ParseTuple(args, "iiK:setsockopt", &level, &opt, &vflag))
            return NULL;
        rc = setopt_u64(SELF, level, opt, vflag);
        goto done;
    }
#endif
    if (PyArg_ParseTuple(args, "iii:setsockopt", &level, &opt, &flag)) {
        rc = gs_setsockopt_int(SELF->fd, level, opt, flag);
        goto done;
    }
    PyErr_Clear();
#if GS_PYVER >= 0x0306
    if (PyArg_ParseTuple(args, "iiO!I:setsockopt", &level, &opt, Py_TYPE(Py_None), &none, &optlen)) {
        rc = gs_setsockopt_buf(SELF->fd, level, opt, NULL, (int)optlen);
        goto done;
    }
    PyErr_Clear();
#else
    (void)none;
    (void)optlen;
#endif
#if GS_PY3
    if (!PyArg_ParseTuple(args, "iiy*:setsockopt", &level, &opt, &buf))
        return NULL;
    rc = setopt_buffer(SELF, level, opt, &buf);
#else
    {
        /* 2.7 takes a string or read-only buffer ("s#"), not a bytearray. */
        const char *p;
        Py_ssize_t n;
        if (!PyArg_ParseTuple(args, "iis#:setsockopt", &level, &opt, &p, &n))
            return NULL;
        rc = gs_setsockopt_buf(SELF->fd, level, opt, (void *)p, (int)n);
        (void)buf;
    }
#endif
done:
    return setopt_done(rc);
}
#endif

static PyObject *sock_getsockopt(PyObject *self, PyObject *args)
{
    int level, opt, buflen = 0, rc, got;
    PyObject *b;
    if (!PyArg_ParseTuple(args, "ii|i:getsockopt", &level, &opt, &buflen))
        return NULL;
    if (buflen == 0) {
        int v;
#if GS_PYVER >= 0x0307
        if (SELF->family == AF_VSOCK) {
            /* 3.7+ read every option of a vsock socket as 64 bits. */
            uint64_t vflag = 0;
            rc = gs_getsockopt_buf(SELF->fd, level, opt, &vflag, (int)sizeof vflag, &v);
            if (rc != 0)
                return gs_raise(rc);
            return PyLong_FromUnsignedLongLong(vflag);
        }
#endif
        rc = gs_getsockopt_int(SELF->fd, level, opt, &v);
        if (rc != 0)
            return gs_raise(rc);
        return GS_Int_FromLong(v);
    }
#if GS_PYVER >= 0x0307
    if (SELF->family == AF_VSOCK) {
        PyErr_SetString(PyExc_OSError, "getsockopt string buffer not allowed");
        return NULL;
    }
#endif
    if (buflen <= 0 || buflen > 1024) {
        PyErr_SetString(gs_error, "getsockopt buflen out of range");
        return NULL;
    }
    b = GS_Bytes_FromStringAndSize(NULL, buflen);
    if (b == NULL)
        return NULL;
    rc = gs_getsockopt_buf(SELF->fd, level, opt, GS_Bytes_AS_STRING(b), buflen, &got);
    if (rc != 0) {
        Py_DECREF(b);
        return gs_raise(rc);
    }
    if (got < buflen)
        GS_Bytes_Resize(&b, got);
    return b;
}

/* ---- context manager (3.x socket objects) ---- */
#if GS_PY3

static PyObject *sock_enter(PyObject *self, PyObject *unused)
{
    Py_INCREF(self);
    return self;
}

static PyObject *sock_exit(PyObject *self, PyObject *args)
{
    return PyObject_CallMethod(self, "close", NULL);
}
#endif

#if GS_PYVER >= 0x030F
/* sock_sendmsg_fastcall: 3.15's sendmsg is METH_FASTCALL (Argument
 * Clinic), so a keyword argument is refused by the interpreter with its
 * wording ("socket.sendmsg() takes no keyword arguments") and the count is
 * checked first; msg.c's body reads the arguments from a tuple. */
static PyObject *sock_sendmsg_fastcall(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *t, *r;
    Py_ssize_t i;
    if (gs_clinic_nargs("sendmsg", nargs, 1, 4) < 0)
        return NULL;
    if ((t = PyTuple_New(nargs)) == NULL)
        return NULL;
    for (i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(t, i, args[i]);
    }
    r = gs_sock_sendmsg(self, t);
    Py_DECREF(t);
    return r;
}
#endif

/* sock_methods is the socket type's one method table: the methods of this
 * file and of the files that hold the rest (glue.h): sockio.c (receiving
 * and sending), msg.c (sendmsg/recvmsg), batch.c (sendmmsg/recvmmsg),
 * makefile.c and sockextra.c (what socket.py adds to the class). */
static PyMethodDef sock_methods[] = {
    {"_accept", sock__accept, METH_NOARGS, "_accept() -> (fd, address)"},
    {"accept", sock_accept, METH_NOARGS, GS_SIG("accept($self, /)", "accept() -> (socket object, address info)")},
    {"bind", sock_bind, METH_O, "bind(address)"},
    {"close", sock_close, METH_NOARGS, GS_SIG("close($self, /)", "close()")},
    {"connect", sock_connect, METH_O, "connect(address)"},
    {"connect_ex", sock_connect_ex, METH_O, "connect_ex(address) -> errno"},
    {"detach", sock_detach, METH_NOARGS, GS_SIG("detach($self, /)", "detach() -> fd")},
    {"fileno", sock_fileno, METH_NOARGS, "fileno() -> integer"},
    {"getpeername", sock_getpeername, METH_NOARGS, "getpeername() -> address info"},
    {"getsockname", sock_getsockname, METH_NOARGS, "getsockname() -> address info"},
    {"getsockopt", sock_getsockopt, METH_VARARGS, "getsockopt(level, option[, buffersize]) -> value"},
    {"gettimeout", sock_gettimeout, METH_NOARGS, "gettimeout() -> timeout"},
#if GS_PYVER >= 0x0307
    {"getblocking", sock_getblocking, METH_NOARGS, "getblocking()"},
#endif
    {"listen", sock_listen, GS_PY3 ? METH_VARARGS : METH_O, "listen([backlog])"},
    {"makefile", (PyCFunction)gs_sock_makefile, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("makefile($self, /, mode='r', buffering=None, *, encoding=None, errors=None, newline=None)",
            "makefile([mode[, bufsize]]) -> file object")},
    {"recv", GS_METH(gs_sock_recv), GS_FAST_FLAGS, "recv(buffersize[, flags]) -> data"},
    {"recv_into", GS_METH(gs_sock_recv_into), GS_FAST_KW_FLAGS, "recv_into(buffer, [nbytes[, flags]]) -> nbytes_read"},
    {"recvfrom", GS_METH(gs_sock_recvfrom), GS_FAST_FLAGS, "recvfrom(buffersize[, flags]) -> (data, address info)"},
    {"recvfrom_into", GS_METH(gs_sock_recvfrom_into), METH_VARARGS | METH_KEYWORDS,
     "recvfrom_into(buffer[, nbytes[, flags]]) -> (nbytes, address info)"},
    {"send", GS_METH(gs_sock_send), GS_FAST_FLAGS, GS_DOC_SEND},
    {"sendall", GS_METH(gs_sock_sendall), GS_FAST_FLAGS, GS_DOC_SENDALL},
    {"sendto", GS_METH(gs_sock_sendto), GS_FAST_FLAGS, "sendto(data[, flags], address) -> count"},
    {"setblocking", sock_setblocking, METH_O, "setblocking(flag)"},
    {"settimeout", sock_settimeout, METH_O, "settimeout(timeout)"},
    {"setsockopt", sock_setsockopt, METH_VARARGS, "setsockopt(level, option, value)"},
    {"shutdown", sock_shutdown, METH_O, "shutdown(flag)"},
    {"sendmmsg", gs_sock_sendmmsg, METH_VARARGS,
     "sendmmsg(messages[, flags]) -> count\n\nSend datagrams with one sendmmsg(2) call. Each item of messages is\n"
     "a bytes-like object or a (data, address) tuple; at most 1024 are sent.\nReturns the number sent."},
    {"recvmmsg", gs_sock_recvmmsg, METH_VARARGS,
     "recvmmsg(count, bufsize[, flags]) -> [(data, address), ...]\n\nReceive up to count datagrams of at most "
     "bufsize bytes each with one\nrecvmmsg(2) call, waiting only for the first."},
#if GS_PY3
    {"recvmsg", gs_sock_recvmsg, METH_VARARGS, "recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)"},
    {"recvmsg_into", gs_sock_recvmsg_into, METH_VARARGS, "recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address)"},
#if GS_PYVER >= 0x030F
    {"sendmsg", (PyCFunction)(void (*)(void))sock_sendmsg_fastcall, METH_FASTCALL, GS_DOC_SENDMSG},
#else
    {"sendmsg", gs_sock_sendmsg, METH_VARARGS, GS_DOC_SENDMSG},
#endif
    {"__enter__", sock_enter, METH_NOARGS, GS_SIG("__enter__($self, /)", "")},
    {"__exit__", sock_exit, METH_VARARGS, GS_SIG("__exit__($self, /, *args)", "")},
    {"_decref_socketios", gs_sock_decref_socketios, METH_NOARGS, GS_SIG("_decref_socketios($self, /)", "")},
    {"dup", sock_dup, METH_NOARGS, GS_SIG("dup($self, /)", "") "dup() -> socket object\n\nDuplicate the socket. Return a new socket object connected to the same\nsystem resource. The new socket is non-inheritable."},
    {"get_inheritable", gs_sock_get_inheritable, METH_NOARGS, GS_SIG("get_inheritable($self, /)", "Get the inheritable flag of the socket")},
    {"set_inheritable", (PyCFunction)gs_sock_set_inheritable, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("set_inheritable($self, /, inheritable)", "Set the inheritable flag of the socket")},
    {"sendfile", (PyCFunction)gs_sock_sendfile, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("sendfile($self, /, file, offset=0, count=None)", "sendfile(file[, offset[, count]]) -> sent\n\n")
     "Send a file until EOF is reached by using high-performance\n"
     "os.sendfile() and return the total number of bytes which\n"
     "were sent."},
    {"_sendfile_use_sendfile", (PyCFunction)gs_sock_sendfile_use_sendfile, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("_sendfile_use_sendfile($self, /, file, offset=0, count=None)", "")},
    {"_sendfile_use_send", (PyCFunction)gs_sock_sendfile_use_send, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("_sendfile_use_send($self, /, file, offset=0, count=None)", "")},
    {"_check_sendfile_params", (PyCFunction)gs_sock_check_sendfile_params, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("_check_sendfile_params($self, /, file, offset, count)", "")},
    {"__getstate__", gs_sock_getstate, METH_NOARGS, GS_SIG("__getstate__($self, /)", "")},
    {"sendmsg_afalg", (PyCFunction)gs_sock_sendmsg_afalg, METH_VARARGS | METH_KEYWORDS,
     "sendmsg_afalg([msg], *, op[, iv[, assoclen[, flags=MSG_MORE]]])\n\n"
     "Set operation mode, IV and length of associated data for an AF_ALG\n"
     "operation socket."},
#else
    {"dup", sock_dup, METH_NOARGS, "dup() -> socket object"},
#endif
    {NULL, NULL, 0, NULL}};

/* sock_members: on 3.x, family and type are socket.py's properties (the
 * enum members, sock_getset) and _io_refs/_closed its makefile counters. */
static PyMemberDef sock_members[] = {
#if GS_PY3
    {"_io_refs", T_INT, offsetof(gs_sock, io_refs), 0, NULL},
    {"_closed", T_BOOL, offsetof(gs_sock, io_closed), 0, NULL},
#else
    {"family", T_INT, offsetof(gs_sock, family), READONLY, "the socket family"},
    {"type", T_INT, offsetof(gs_sock, type), READONLY, "the socket type"},
#endif
    {"proto", T_INT, offsetof(gs_sock, proto), READONLY, "the socket protocol"},
    {NULL, 0, 0, 0, NULL}};

static PyGetSetDef sock_getset[] = {
    {"timeout", sock_get_timeout_attr, NULL, "the socket timeout", NULL},
#if GS_PY3
    {"family", gs_sock_get_family, NULL, "the socket family", NULL},
    {"type", gs_sock_get_type, NULL, "the socket type", NULL},
#else
    {"_sock", gs_sock_get_sock, NULL, "the socket itself (2.7 socket.py's _sock)", NULL},
#endif
    {NULL, NULL, NULL, NULL, NULL}};

static const char sock_doc[] = "socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None) -> socket object";

PyTypeObject *gs_sock_typep, *gs_sock_classp;

#if GS_HEAP_BASE
/* On 3.12+ the base type is built from a spec: a heap type that is
 * immutable and GC-tracked, as the built-in _socket.socket is
 * (test_socket_type). */
static PyType_Slot base_slots[] = {
    {Py_tp_dealloc, sock_dealloc},
    {Py_tp_repr, gs_sock_c_repr},
    {Py_tp_getattro, PyObject_GenericGetAttr},
    {Py_tp_finalize, sock_finalize},
    {Py_tp_doc, (void *)sock_doc},
    {Py_tp_methods, sock_methods},
    {Py_tp_members, sock_members},
    {Py_tp_getset, sock_getset},
    {Py_tp_init, sock_tp_init},
    {Py_tp_alloc, PyType_GenericAlloc},
    {Py_tp_new, sock_tp_new},
    {Py_tp_free, PyObject_Del},
    {0, NULL}};

static PyType_Spec base_spec = {
    "gosocket._socket.socket", sizeof(gs_sock), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE, base_slots};

static int init_base(void)
{
    gs_sock_typep = (PyTypeObject *)PyType_FromSpec(&base_spec);
    return gs_sock_typep == NULL ? -1 : 0;
}
#else
static PyTypeObject gs_sock_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "gosocket._socket.socket",
};

static int init_base(void)
{
    gs_sock_type.tp_basicsize = sizeof(gs_sock);
    gs_sock_type.tp_dealloc = sock_dealloc;
    gs_sock_type.tp_repr = gs_sock_c_repr; /* sockextra.c */
    gs_sock_type.tp_getattro = PyObject_GenericGetAttr;
    gs_sock_type.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
#if GS_PY3 && GS_PYVER < 0x0308
    gs_sock_type.tp_flags |= Py_TPFLAGS_HAVE_FINALIZE;
#endif
#if GS_PY3
    gs_sock_type.tp_finalize = sock_finalize;
#else
    gs_sock_type.tp_weaklistoffset = offsetof(gs_sock, weakreflist);
#endif
    gs_sock_type.tp_doc = sock_doc;
    gs_sock_type.tp_methods = sock_methods;
    gs_sock_type.tp_members = sock_members;
    gs_sock_type.tp_getset = sock_getset;
    gs_sock_type.tp_init = sock_tp_init;
    gs_sock_type.tp_alloc = PyType_GenericAlloc;
    gs_sock_type.tp_new = sock_tp_new;
    gs_sock_type.tp_free = PyObject_Del;
    if (PyType_Ready(&gs_sock_type) < 0)
        return -1;
    Py_INCREF(&gs_sock_type);
    gs_sock_typep = &gs_sock_type;
    return 0;
}
#endif

#if GS_PY3
/* make_class builds socket.py's layer over the base type, as socket.py's
 * `class socket(_socket.socket)` does: an ordinary (mutable) class whose
 * instances take weak references (__slots__ = ('__weakref__',)), with
 * socket.py's repr. Everything else is inherited from the base. */
static PyObject *class_repr(PyObject *self, PyObject *unused)
{
    return gs_sock_repr(self);
}

static PyMethodDef class_repr_def = {"__repr__", class_repr, METH_NOARGS, GS_SIG("__repr__($self, /)", "Return repr(self).")};

static int make_class(void)
{
    PyObject *dict, *slots, *repr, *mod, *doc, *cls = NULL;
    dict = PyDict_New();
    slots = Py_BuildValue("(s)", "__weakref__");
    repr = PyDescr_NewMethod(gs_sock_typep, &class_repr_def);
    mod = PyUnicode_FromString("gosocket");
    doc = PyUnicode_FromString(sock_doc);
    if (dict != NULL && slots != NULL && repr != NULL && mod != NULL && doc != NULL &&
        PyDict_SetItemString(dict, "__slots__", slots) == 0 && PyDict_SetItemString(dict, "__repr__", repr) == 0 &&
        PyDict_SetItemString(dict, "__module__", mod) == 0 && PyDict_SetItemString(dict, "__doc__", doc) == 0)
        cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)O", "socket", gs_sock_typep, dict);
    Py_XDECREF(dict);
    Py_XDECREF(slots);
    Py_XDECREF(repr);
    Py_XDECREF(mod);
    Py_XDECREF(doc);
    if (cls == NULL)
        return -1;
    gs_sock_classp = (PyTypeObject *)cls;
    return 0;
}
#endif

/* gs_sock_init_type creates the base type (the module's SocketType, the
 * _socket layer) and, on 3.x, the socket class over it (the module's
 * socket). 2.7's socket.py keeps _socket's type as socket, so there the
 * two are one. */
int gs_sock_init_type(PyObject *m)
{
    if (init_base() < 0)
        return -1;
#if GS_PY3
    if (make_class() < 0)
        return -1;
#else
    Py_INCREF(GS_SOCK_TYPE);
    gs_sock_classp = gs_sock_typep;
#endif
    Py_INCREF(GS_SOCK_TYPE);
    if (PyModule_AddObject(m, "SocketType", (PyObject *)GS_SOCK_TYPE) < 0)
        return -1;
    Py_INCREF(GS_SOCK_CLASS);
    return PyModule_AddObject(m, "socket", (PyObject *)GS_SOCK_CLASS);
}
