/* sockextra.c: what the standard library's socket.py adds to the socket
 * class, on the C type itself (3.x):
 *
 *   family, type       the AddressFamily / SocketKind member (or the int)
 *   get_inheritable(), set_inheritable(inheritable)
 *   sendfile(file, offset=0, count=None) and its parts _sendfile_use_sendfile
 *                      (os.sendfile's zero-copy loop, in Go: gs_sendfile),
 *                      _sendfile_use_send (the send() fallback) and
 *                      _check_sendfile_params
 *
 * sockobj.c's method table lists them (in place of the plain family and
 * type members, as socket.py's subclass overrides them), and dup() there
 * is socket.py's. 2.7's socket.py adds none of these; there the repr is
 * _socket's and _sock is the socket itself (2.7's socket objects wrap the
 * C one as _sock). */
#include "glue.h"
#include <poll.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#define SELF ((gs_sock *)self)


#if GS_PY3

/* gs_sock_c_repr is the base type's repr, _socket's: "<socket object,
 * fd=N, family=F, type=T, proto=P>", with the family and type as the
 * attributes show them. */
PyObject *gs_sock_c_repr(PyObject *self)
{
    PyObject *f = gs_enum_family(SELF->family), *t, *r;
    if (f == NULL)
        return NULL;
    t = gs_enum_socktype(SELF->type);
    if (t == NULL) {
        Py_DECREF(f);
        return NULL;
    }
    r = PyUnicode_FromFormat("<socket object, fd=%ld, family=%S, type=%S, proto=%d>", (long)SELF->fd, f, t, SELF->proto);
    Py_DECREF(f);
    Py_DECREF(t);
    return r;
}

/* add_addr appends ", <label>=<str(addr)>" for a true sock.<meth>(); an
 * OSError or AttributeError leaves it out. */
static int add_addr(PyObject *self, PyObject **s, const char *meth, const char *label)
{
    PyObject *a = PyObject_CallMethod(self, meth, NULL), *part;
    int t;
    if (a == NULL) {
        if (PyErr_ExceptionMatches(gs_error) || PyErr_ExceptionMatches(PyExc_AttributeError)) {
            PyErr_Clear();
            return 0;
        }
        return -1;
    }
    t = PyObject_IsTrue(a);
    if (t <= 0) {
        Py_DECREF(a);
        return t;
    }
    part = PyUnicode_FromFormat(", %s=%S", label, a);
    Py_DECREF(a);
    if (part == NULL)
        return -1;
    PyUnicode_AppendAndDel(s, part);
    return *s == NULL ? -1 : 0;
}

/* gs_sock_repr is socket.py's socket.__repr__:
 * <module.qualname [closed] fd=N, family=F, type=T, proto=P, laddr=..., raddr=...> */
PyObject *gs_sock_repr(PyObject *self)
{
    PyObject *cls = (PyObject *)Py_TYPE(self), *mod, *qual, *fam, *typ, *fd, *proto, *s;
    int closed = SELF->fd == -1 || SELF->io_closed;
    mod = PyObject_GetAttrString(cls, "__module__");
    qual = mod ? PyObject_GetAttrString(cls, "__qualname__") : NULL;
    fd = qual ? PyObject_CallMethod(self, "fileno", NULL) : NULL;
    fam = fd ? PyObject_GetAttrString(self, "family") : NULL;
    typ = fam ? PyObject_GetAttrString(self, "type") : NULL;
    proto = typ ? PyObject_GetAttrString(self, "proto") : NULL;
    s = proto ? PyUnicode_FromFormat("<%S.%S%s fd=%S, family=%S, type=%S, proto=%S", mod, qual,
                                     closed ? " [closed]" : "", fd, fam, typ, proto)
              : NULL;
    Py_XDECREF(mod);
    Py_XDECREF(qual);
    Py_XDECREF(fd);
    Py_XDECREF(fam);
    Py_XDECREF(typ);
    Py_XDECREF(proto);
    if (s == NULL)
        return NULL;
    if (!closed && (add_addr(self, &s, "getsockname", "laddr") < 0 || add_addr(self, &s, "getpeername", "raddr") < 0)) {
        Py_XDECREF(s);
        return NULL;
    }
    PyUnicode_AppendAndDel(&s, PyUnicode_FromString(">"));
    return s;
}

#else

/* 2.7: _socket's repr (2.7's socket.py does not change it); base and class
 * are one type there. */
PyObject *gs_sock_c_repr(PyObject *self)
{
    char buf[256];
    PyOS_snprintf(buf, sizeof buf, "<socket object, fd=%ld, family=%d, type=%d, protocol=%d>", (long)SELF->fd,
                  SELF->family, SELF->type, SELF->proto);
    return PyString_FromString(buf);
}

#endif

#if GS_PY3

/* ---- family, type ---- */

PyObject *gs_sock_get_family(PyObject *self, void *closure)
{
    return gs_enum_family(SELF->family);
}

PyObject *gs_sock_get_type(PyObject *self, void *closure)
{
    return gs_enum_socktype(SELF->type);
}

/* ---- inheritability ---- */

PyObject *gs_sock_get_inheritable(PyObject *self, PyObject *unused)
{
    int v, rc = gs_get_inheritable(SELF->fd, &v);
    if (rc != 0)
        return gs_raise(rc);
    return PyBool_FromLong(v);
}

/* sock_set_inheritable takes os.set_inheritable's int argument. */
PyObject *gs_sock_set_inheritable(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"inheritable", NULL};
    int on, rc;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "i:set_inheritable", kwlist, &on))
        return NULL;
    rc = gs_set_inheritable(SELF->fd, on);
    if (rc != 0)
        return gs_raise(rc);
    Py_RETURN_NONE;
}

/* ---- sendfile ---- */

static PyObject *unsupported_op; /* io.UnsupportedOperation */

static char *sendfile_kwlist[] = {"file", "offset", "count", NULL};

/* check_params is socket.py's _check_sendfile_params. */
static int check_params(PyObject *self, PyObject *file, PyObject *count)
{
    PyObject *mode = PyObject_GetAttrString(file, "mode");
    if (mode == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return -1;
        PyErr_Clear();
    } else {
        PyObject *b = PyUnicode_FromString("b");
        int has = b ? PySequence_Contains(mode, b) : -1;
        Py_XDECREF(b);
        Py_DECREF(mode);
        if (has < 0)
            return -1;
        if (!has) {
            PyErr_SetString(PyExc_ValueError, "file should be opened in binary mode");
            return -1;
        }
    }
    if (!(SELF->type & SOCK_STREAM)) {
        PyErr_SetString(PyExc_ValueError, "only SOCK_STREAM type sockets are supported");
        return -1;
    }
    if (count != Py_None) {
        int pos;
        if (!PyLong_Check(count)) {
            PyErr_Format(PyExc_TypeError, "count must be a positive integer (got %R)", count);
            return -1;
        }
        {
            PyObject *zero = PyLong_FromLong(0);
            if (zero == NULL)
                return -1;
            pos = PyObject_RichCompareBool(count, zero, Py_GT);
            Py_DECREF(zero);
            if (pos < 0)
                return -1;
        }
        if (!pos) {
            PyErr_Format(PyExc_ValueError, "count must be a positive integer (got %R)", count);
            return -1;
        }
    }
    return 0;
}

/* count_value reads a count checked by check_params: 0 for None, a huge
 * count as LLONG_MAX (it is never reached). */
static long long count_value(PyObject *count)
{
    int overflow;
    long long v;
    if (count == Py_None)
        return 0;
    v = PyLong_AsLongLongAndOverflow(count, &overflow);
    return overflow ? LLONG_MAX : v;
}

/* try_sendfile is one sendfile(2) of op->n bytes of the file op->flags from
 * the offset op->ctx points at. A blocking socket's descriptor is made
 * non-blocking for the call (core.SendFile), so a full send buffer says
 * EAGAIN and the call layer waits. */
static int try_sendfile(gs_op *op)
{
    return gs_sendfile(op->fd, op->flags, (int64_t *)op->ctx, (long)op->n, GS_TIMEOUT(op->s) < 0, &op->done);
}

PyObject *gs_sock_check_sendfile_params(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"file", "offset", "count", NULL};
    PyObject *file, *offset, *count;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:_check_sendfile_params", kwlist, &file, &offset, &count))
        return NULL;
    if (check_params(self, file, count) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* giveup raises _GiveupOnSendfile(<the pending exception>), chained to it
 * as socket.py's `raise _GiveupOnSendfile(err)` in an except clause is. */
static void giveup(void)
{
    PyObject *et, *ev, *tb, *exc;
    PyErr_Fetch(&et, &ev, &tb);
    PyErr_NormalizeException(&et, &ev, &tb);
    if (tb != NULL && ev != NULL)
        PyException_SetTraceback(ev, tb);
    exc = PyObject_CallFunctionObjArgs(gs_giveup_sendfile, ev ? ev : Py_None, NULL);
    if (exc != NULL) {
        if (ev != NULL) {
            Py_INCREF(ev);
            PyException_SetContext(exc, ev);
        }
        PyErr_SetObject(gs_giveup_sendfile, exc);
        Py_DECREF(exc);
    }
    Py_XDECREF(et);
    Py_XDECREF(ev);
    Py_XDECREF(tb);
}

/* seek_back is the finally clause of both loops: when something was sent
 * and the file has seek, file.seek(pos). An error of seek replaces the
 * pending one, chained to it, as in Python. */
static void seek_back(PyObject *file, long long total, PyObject *pos)
{
    PyObject *et, *ev, *tb, *r;
    int has;
    if (total <= 0)
        return;
    PyErr_Fetch(&et, &ev, &tb);
    has = PyObject_HasAttrString(file, "seek");
    r = has ? PyObject_CallMethod(file, "seek", "(O)", pos) : NULL;
    if (!has || r != NULL) {
        Py_XDECREF(r);
        PyErr_Restore(et, ev, tb);
        return;
    }
    if (et != NULL) {
        PyObject *et2, *ev2, *tb2;
        PyErr_NormalizeException(&et, &ev, &tb);
        PyErr_Fetch(&et2, &ev2, &tb2);
        PyErr_NormalizeException(&et2, &ev2, &tb2);
        if (ev2 != NULL && ev != NULL) {
            PyException_SetContext(ev2, ev);
            ev = NULL;
        }
        PyErr_Restore(et2, ev2, tb2);
        Py_XDECREF(et);
        Py_XDECREF(ev);
        Py_XDECREF(tb);
    }
}

/* use_sendfile is socket.py's _sendfile_use_sendfile, each os.sendfile call
 * one Go call (gs_sendfile) with the GIL released: a timeout bounds each
 * wait for the socket to become writable, as socket.py's select before
 * each call does. */
static PyObject *use_sendfile(PyObject *self, PyObject *file, PyObject *offobj, PyObject *count)
{
    PyObject *fno, *r;
    int infd, rc;
    struct stat st;
    long long cnt, blocksize, total = 0;
    int64_t off = 0;
    gs_tmo tmo;
    PyObject *offpy = NULL;

    if (check_params(self, file, count) < 0)
        return NULL;
    fno = PyObject_CallMethod(file, "fileno", NULL);
    if (fno == NULL) {
        if (PyErr_ExceptionMatches(PyExc_AttributeError) || PyErr_ExceptionMatches(unsupported_op))
            giveup();
        return NULL;
    }
    /* os.fstat(fileno): its int conversion, then OSError means no file */
    rc = PyArg_Parse(fno, "i;fstat", &infd);
    Py_DECREF(fno);
    if (!rc)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    rc = fstat(infd, &st);
    Py_END_ALLOW_THREADS
    if (rc != 0) {
        PyErr_SetFromErrno(PyExc_OSError);
        giveup();
        return NULL;
    }
    if (st.st_size == 0)
        return PyLong_FromLong(0);
    cnt = count_value(count);
    blocksize = cnt ? cnt : (long long)st.st_size;
    if (blocksize > (1LL << 30)) /* bpo-38319 */
        blocksize = 1LL << 30;
    tmo = GS_TIMEOUT(SELF);
    if (tmo == 0) {
        PyErr_SetString(PyExc_ValueError, "non-blocking sockets are not supported");
        return NULL;
    }
    if (SELF->fd == -1) { /* socket.py: selector.register(-1) */
        PyErr_SetString(PyExc_ValueError, "Invalid file descriptor: -1");
        return NULL;
    }
    /* offpy is socket.py's offset variable when it is not an exact int:
     * os.sendfile converts it before each call and the loop
     * adds what was sent to it (offset += sent), which raises TypeError
     * for a type without addition, after the data went out. */
    if (!PyLong_CheckExact(offobj)) {
        offpy = offobj;
        Py_INCREF(offpy);
    }
    for (;;) {
        gs_op op;
        if (cnt) {
            if (cnt - total < blocksize)
                blocksize = cnt - total;
            if (blocksize <= 0)
                break;
        }
        if (offpy != NULL || total == 0) {
            /* os.sendfile's conversion: __index__ (3.8, 3.9: or __int__) */
            off = PyLong_AsLongLong(offpy != NULL ? offpy : offobj);
            if (off == -1 && PyErr_Occurred())
                goto fail;
        }
        /* One os.sendfile of socket.py's loop, each with the whole timeout
         * (socket.py selects before each); the copy runs with the GIL
         * released. */
        gs_op_init(&op, SELF, POLLOUT, try_sendfile, 0);
        op.opts = GS_OP_UNLOCKED;
        op.n = (Py_ssize_t)blocksize;
        op.flags = infd;
        op.ctx = &off;
        rc = gs_call(&op);
        if (rc != 0) {
            if (rc > 0 && total == 0) {
                gs_raise(rc);
                giveup();
            } else
                gs_raise(rc);
            goto fail;
        }
        if (op.done == 0)
            break; /* EOF */
        if (offpy != NULL) {
            PyObject *n = PyLong_FromLong(op.done), *sum;
            sum = n != NULL ? PyNumber_InPlaceAdd(offpy, n) : NULL;
            Py_XDECREF(n);
            if (sum == NULL)
                goto fail;
            Py_DECREF(offpy);
            offpy = sum;
        }
        total += op.done;
    }
    r = offpy != NULL ? offpy : PyLong_FromLongLong(off);
    offpy = NULL;
    if (r == NULL)
        goto fail;
    seek_back(file, total, r);
    Py_DECREF(r);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLongLong(total);
fail:
    if (total <= 0) {
        Py_XDECREF(offpy);
        return NULL;
    }
    r = offpy != NULL ? offpy : PyLong_FromLongLong(off);
    if (r == NULL)
        return NULL;
    seek_back(file, total, r);
    Py_DECREF(r);
    return NULL;
}

PyObject *gs_sock_sendfile_use_sendfile(PyObject *self, PyObject *args, PyObject *kw)
{
    PyObject *file, *offset = NULL, *count = Py_None, *r;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:_sendfile_use_sendfile", sendfile_kwlist, &file, &offset, &count))
        return NULL;
    if (offset != NULL)
        return use_sendfile(self, file, offset, count);
    offset = PyLong_FromLong(0);
    if (offset == NULL)
        return NULL;
    r = use_sendfile(self, file, offset, count);
    Py_DECREF(offset);
    return r;
}

/* use_send is socket.py's _sendfile_use_send: file.read() and self.send()
 * in blocks of 8192 bytes. */
static PyObject *use_send(PyObject *self, PyObject *file, PyObject *offset, PyObject *count)
{
    PyObject *read = NULL, *send = NULL, *pos;
    long long cnt, blocksize, total = 0;
    int t;

    if (check_params(self, file, count) < 0)
        return NULL;
    if (GS_TIMEOUT(SELF) == 0) {
        PyErr_SetString(PyExc_ValueError, "non-blocking sockets are not supported");
        return NULL;
    }
    t = PyObject_IsTrue(offset);
    if (t < 0)
        return NULL;
    if (t) {
        PyObject *r = PyObject_CallMethod(file, "seek", "(O)", offset);
        if (r == NULL)
            return NULL;
        Py_DECREF(r);
    }
    cnt = count_value(count);
    blocksize = cnt && cnt < 8192 ? cnt : 8192;
    read = PyObject_GetAttrString(file, "read");
    if (read == NULL)
        return NULL;
    send = PyObject_GetAttrString(self, "send");
    if (send == NULL)
        goto fail;
    for (;;) {
        PyObject *chunk, *data;
        Py_buffer view;
        Py_ssize_t done = 0;
        if (cnt) {
            if (cnt - total < blocksize)
                blocksize = cnt - total;
            if (blocksize <= 0)
                break;
        }
        chunk = PyObject_CallFunction(read, "(L)", blocksize);
        if (chunk == NULL)
            goto fail;
        data = PyMemoryView_FromObject(chunk);
        Py_DECREF(chunk);
        if (data == NULL)
            goto fail;
        if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
            Py_DECREF(data);
            goto fail;
        }
        if (view.len == 0) {
            PyBuffer_Release(&view);
            Py_DECREF(data);
            break; /* EOF */
        }
        while (done < view.len) {
            PyObject *part = PySequence_GetSlice(data, done, view.len), *r;
            Py_ssize_t sent;
            if (part == NULL)
                break;
            r = PyObject_CallFunctionObjArgs(send, part, NULL);
            Py_DECREF(part);
            if (r == NULL) {
                if (PyErr_ExceptionMatches(PyExc_BlockingIOError)) {
                    PyErr_Clear();
                    continue;
                }
                break;
            }
            sent = PyLong_AsSsize_t(r);
            Py_DECREF(r);
            if (sent == -1 && PyErr_Occurred())
                break;
            total += sent;
            done += sent;
        }
        PyBuffer_Release(&view);
        Py_DECREF(data);
        if (PyErr_Occurred())
            goto fail;
    }
    Py_DECREF(read);
    Py_DECREF(send);
    pos = PyLong_FromLongLong(total);
    if (pos != NULL) {
        PyObject *p = PyNumber_Add(offset, pos);
        Py_DECREF(pos);
        if (p == NULL)
            return NULL;
        seek_back(file, total, p);
        Py_DECREF(p);
    }
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLongLong(total);
fail:
    Py_XDECREF(read);
    Py_XDECREF(send);
    pos = PyLong_FromLongLong(total);
    if (pos != NULL) {
        PyObject *p = PyNumber_Add(offset, pos);
        Py_DECREF(pos);
        if (p != NULL) {
            seek_back(file, total, p);
            Py_DECREF(p);
        }
    }
    return NULL;
}

PyObject *gs_sock_sendfile_use_send(PyObject *self, PyObject *args, PyObject *kw)
{
    PyObject *file, *offset = NULL, *count = Py_None, *r;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:_sendfile_use_send", sendfile_kwlist, &file, &offset, &count))
        return NULL;
    if (offset != NULL)
        return use_send(self, file, offset, count);
    offset = PyLong_FromLong(0);
    if (offset == NULL)
        return NULL;
    r = use_send(self, file, offset, count);
    Py_DECREF(offset);
    return r;
}

/* sock_sendfile is socket.py's sendfile: the zero-copy path, and the
 * send() fallback when it gives up (through the methods, which a subclass
 * may override). */
PyObject *gs_sock_sendfile(PyObject *self, PyObject *args, PyObject *kw)
{
    PyObject *file, *offset = NULL, *count = Py_None, *r, *zero = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:sendfile", sendfile_kwlist, &file, &offset, &count))
        return NULL;
    if (offset == NULL) {
        offset = zero = PyLong_FromLong(0);
        if (zero == NULL)
            return NULL;
    }
    r = PyObject_CallMethod(self, "_sendfile_use_sendfile", "(OOO)", file, offset, count);
    if (r == NULL && PyErr_ExceptionMatches(gs_giveup_sendfile)) {
        PyErr_Clear();
        r = PyObject_CallMethod(self, "_sendfile_use_send", "(OOO)", file, offset, count);
    }
    Py_XDECREF(zero);
    return r;
}

/* alg_cmsg appends (SOL_ALG, type, data) to the list anc. */
static int alg_cmsg(PyObject *anc, int type, const void *data, Py_ssize_t len)
{
    PyObject *t = Py_BuildValue("(iiy#)", SOL_ALG, type, (const char *)data, len);
    int r = t == NULL ? -1 : PyList_Append(anc, t);
    Py_XDECREF(t);
    return r;
}

/* sock_sendmsg_afalg is _socket's sendmsg_afalg([msg], *, op[, iv[,
 * assoclen[, flags]]]): sendmsg with the AF_ALG control messages
 * ALG_SET_OP, ALG_SET_IV and ALG_SET_AEAD_ASSOCLEN, with the built-in
 * module's argument checks. */
PyObject *gs_sock_sendmsg_afalg(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"msg", "op", "iv", "assoclen", "flags", NULL};
    PyObject *msg = NULL, *opobj = NULL, *assocobj = NULL, *anc = NULL, *r = NULL;
    Py_buffer iv = {NULL, NULL};
    int flags = 0;
    unsigned int op;

    /* The family first, before any argument is looked at, as the built-in
     * module does. */
    if (((gs_sock *)self)->family != AF_ALG) {
        PyErr_SetString(PyExc_OSError, "algset is only supported for AF_ALG");
        return NULL;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O$O!y*O!i:sendmsg_afalg", kwlist, &msg, &PyLong_Type, &opobj, &iv,
                                     &PyLong_Type, &assocobj, &flags))
        return NULL;
    anc = PyList_New(0);
    if (anc == NULL)
        goto done;
    if (opobj == NULL) {
        PyErr_SetString(PyExc_TypeError, "Invalid or missing argument 'op'");
        goto done;
    }
    op = (unsigned int)PyLong_AsUnsignedLong(opobj);
    if (PyErr_Occurred() || alg_cmsg(anc, ALG_SET_OP, &op, sizeof op) < 0)
        goto done;
    if (iv.buf != NULL) {
        struct af_alg_iv *a;
        if ((size_t)iv.len > UINT_MAX) {
            PyErr_Format(PyExc_OverflowError, "iv is too large: %zd", iv.len);
            goto done;
        }
        a = PyMem_Malloc(sizeof *a + iv.len);
        if (a == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        a->ivlen = (unsigned int)iv.len;
        memcpy(a->iv, iv.buf, iv.len);
        if (alg_cmsg(anc, ALG_SET_IV, a, (Py_ssize_t)(sizeof *a + iv.len)) < 0) {
            PyMem_Free(a);
            goto done;
        }
        PyMem_Free(a);
    }
    if (assocobj != NULL) {
        long n = PyLong_AsLong(assocobj);
        unsigned int u;
        if (n == -1 && PyErr_Occurred())
            goto done;
        if (n < 0 || n > INT_MAX) {
            PyErr_SetString(PyExc_TypeError, "assoclen must be positive");
            goto done;
        }
        u = (unsigned int)n;
        if (alg_cmsg(anc, ALG_SET_AEAD_ASSOCLEN, &u, sizeof u) < 0)
            goto done;
    }
    if (msg == NULL) {
        PyObject *none = PyTuple_New(0); /* no data */
        if (none != NULL)
            r = PyObject_CallMethod(self, "sendmsg", "(OOi)", none, anc, flags);
        Py_XDECREF(none);
    } else
        r = PyObject_CallMethod(self, "sendmsg", "(OOi)", msg, anc, flags);
done:
    Py_XDECREF(anc);
    if (iv.buf != NULL)
        PyBuffer_Release(&iv);
    return r;
}

/* sock_getstate refuses pickling, as socket.py's __getstate__ does. */
PyObject *gs_sock_getstate(PyObject *self, PyObject *unused)
{
#if GS_PYVER >= 0x0308
    PyObject *name = PyObject_GetAttrString((PyObject *)Py_TYPE(self), "__name__");
    if (name != NULL) {
        PyErr_Format(PyExc_TypeError, "cannot pickle %R object", name);
        Py_DECREF(name);
    }
#else
    PyErr_SetString(PyExc_TypeError, "Cannot serialize socket object");
#endif
    return NULL;
}

/* gs_sockextra_init finds io.UnsupportedOperation, which sendfile needs. */
int gs_sockextra_init(void)
{
    PyObject *io;

    io = PyImport_ImportModule("io");
    if (io == NULL)
        return -1;
    unsupported_op = PyObject_GetAttrString(io, "UnsupportedOperation");
    Py_DECREF(io);
    if (unsupported_op == NULL)
        return -1;
    return 0;
}

#else

/* 2.7: socket.py's socket objects keep the C socket as _sock; here the
 * object is both, so _sock is the socket itself. */
PyObject *gs_sock_get_sock(PyObject *self, void *closure)
{
    Py_INCREF(self);
    return self;
}

int gs_sockextra_init(void)
{
    return 0;
}


#endif
