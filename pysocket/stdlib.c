/* stdlib.c: what the standard library's socket.py adds to _socket, in the
 * extension itself, so that `import gosocket as socket` is the socket module
 * of the running interpreter without socket.py:
 *
 *   3.x   the AddressFamily and SocketKind IntEnums and the MsgFlag and
 *         AddressInfo IntFlags, made at init by enum's own _convert_ over the
 *         module's constants as socket.py makes them (on 3.6-3.10 the
 *         module's AF_*, SOCK_*, MSG_* and AI_* become their members; see
 *         plain_constants for 3.11+), and gs_enum_family / gs_enum_socktype,
 *         socket.py's _intenum_converter;
 *         EBADF, EAGAIN, EWOULDBLOCK, _LOCALHOST, _LOCALHOST_V6 and the
 *         _GiveupOnSendfile exception;
 *   3.8+  has_dualstack_ipv6() and create_server();
 *   3.9+  send_fds() and recv_fds();
 *   3.13  _fallback_socketpair();
 *   2.7   EBADF and EINTR.
 *
 * The socket class's own additions (repr, dup, inheritability, sendfile,
 * enum family/type) are in sockextra.c. */
#include "glue.h"
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <netinet/in.h>

PyObject *gs_modobj;          /* the module, for sockextra.c's repr */
PyObject *gs_giveup_sendfile; /* _GiveupOnSendfile (3.x) */

#if GS_PY3

/* ---- the enums ---- */

static PyObject *family_map; /* AddressFamily._value2member_map_ */
static PyObject *kind_map;   /* SocketKind._value2member_map_ */

/* enum_member is socket.py's _intenum_converter: the member of the enum
 * whose value map is map, or the int itself when there is none. */
static PyObject *enum_member(PyObject *map, int v)
{
    PyObject *k = PyLong_FromLong(v), *r;
    if (k == NULL || map == NULL)
        return k;
    r = PyDict_GetItemWithError(map, k);
    if (r == NULL) {
        if (PyErr_Occurred()) {
            Py_DECREF(k);
            return NULL;
        }
        return k;
    }
    Py_DECREF(k);
    Py_INCREF(r);
    return r;
}

PyObject *gs_enum_family(int family)
{
    return enum_member(family_map, family);
}

PyObject *gs_enum_socktype(int type)
{
    return enum_member(kind_map, type);
}

/* name_filter is socket.py's `lambda C: C.isupper() and C.startswith(P)`,
 * with the prefix P as self. */
static PyObject *name_filter(PyObject *prefix, PyObject *name)
{
    PyObject *r = PyObject_CallMethod(name, "isupper", NULL);
    int t;
    if (r == NULL)
        return NULL;
    t = PyObject_IsTrue(r);
    if (t <= 0) {
        if (t < 0) {
            Py_DECREF(r);
            return NULL;
        }
        return r;
    }
    Py_DECREF(r);
    return PyObject_CallMethod(name, "startswith", "O", prefix);
}

static PyMethodDef name_filter_def = {"_name_filter", name_filter, METH_O, NULL};

#if GS_PYVER >= 0x030B
/* plain_constants puts the enum's values back in the module as plain ints.
 * From 3.11 on, _convert_ keeps the value it finds as the member's value:
 * with gosocket installed as _socket, socket.py's own AF_INET.value would
 * be gosocket's member (repr <AddressFamily.AF_INET: <AddressFamily...>>)
 * where the built-in module gives 2. So from 3.11 on the module's
 * constants stay ints, as _socket's (their str() and format() are those of
 * the members there), while the enums, family/type and getaddrinfo give
 * members; 3.6-3.10's _convert_ takes int(value), and there the constants
 * are the members, as in socket.py. */
static int plain_constants(PyObject *m, PyObject *cls)
{
    PyObject *members = PyObject_GetAttrString(cls, "__members__"), *items, *it, *kv;
    if (members == NULL)
        return -1;
    items = PyMapping_Items(members);
    Py_DECREF(members);
    if (items == NULL)
        return -1;
    it = PyObject_GetIter(items);
    Py_DECREF(items);
    if (it == NULL)
        return -1;
    while ((kv = PyIter_Next(it)) != NULL) {
        PyObject *v = PyNumber_Long(PyTuple_GET_ITEM(kv, 1));
        int rc = v == NULL ? -1 : PyObject_SetAttr(m, PyTuple_GET_ITEM(kv, 0), v);
        Py_XDECREF(v);
        Py_DECREF(kv);
        if (rc < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}
#endif

/* convert is `<base>._convert_(name, <module name>, filter)`: the enum
 * module's own conversion (3.6/3.7 call it _convert), which builds the enum
 * from the module's constants and puts its members in the module. It
 * returns the new class's _value2member_map_. */
static PyObject *convert(PyObject *m, PyObject *enum_mod, const char *base, const char *name, const char *prefix,
                         PyObject *modname)
{
    PyObject *cls, *conv = NULL, *pfx = NULL, *filt = NULL, *res = NULL, *map = NULL;
    cls = PyObject_GetAttrString(enum_mod, base);
    if (cls == NULL)
        return NULL;
    conv = PyObject_GetAttrString(cls, "_convert_");
    if (conv == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        conv = PyObject_GetAttrString(cls, "_convert");
    }
    if (conv == NULL)
        goto out;
    pfx = PyUnicode_FromString(prefix);
    if (pfx == NULL)
        goto out;
    filt = PyCFunction_New(&name_filter_def, pfx);
    if (filt == NULL)
        goto out;
    res = PyObject_CallFunction(conv, "sOO", name, modname, filt);
#if GS_PYVER >= 0x030B
    if (res != NULL && plain_constants(m, res) < 0)
        goto out;
#endif
    if (res != NULL)
        map = PyObject_GetAttrString(res, "_value2member_map_");
out:
    Py_DECREF(cls);
    Py_XDECREF(conv);
    Py_XDECREF(pfx);
    Py_XDECREF(filt);
    Py_XDECREF(res);
    return map;
}

/* add_enums makes the four enums. _convert_ finds the module in
 * sys.modules, where the import system puts it only after init: it is put
 * there for the call (and taken out again if it was not there). */
static int add_enums(PyObject *m)
{
    PyObject *modules = PyImport_GetModuleDict(), *modname, *enum_mod = NULL, *map;
    int inserted = 0, rc = -1;
    modname = PyModule_GetNameObject(m);
    if (modname == NULL)
        return -1;
    if (PyDict_GetItemWithError(modules, modname) == NULL) {
        if (PyErr_Occurred() || PyDict_SetItem(modules, modname, m) < 0)
            goto out;
        inserted = 1;
    }
    enum_mod = PyImport_ImportModule("enum");
    if (enum_mod == NULL)
        goto out;
    if ((family_map = convert(m, enum_mod, "IntEnum", "AddressFamily", "AF_", modname)) == NULL ||
        (kind_map = convert(m, enum_mod, "IntEnum", "SocketKind", "SOCK_", modname)) == NULL)
        goto out;
    if ((map = convert(m, enum_mod, "IntFlag", "MsgFlag", "MSG_", modname)) == NULL)
        goto out;
    Py_DECREF(map);
    if ((map = convert(m, enum_mod, "IntFlag", "AddressInfo", "AI_", modname)) == NULL)
        goto out;
    Py_DECREF(map);
    rc = 0;
out:
    if (inserted) {
        PyObject *et, *ev, *tb;
        PyErr_Fetch(&et, &ev, &tb);
        if (PyDict_DelItem(modules, modname) < 0)
            PyErr_Clear();
        PyErr_Restore(et, ev, tb);
    }
    Py_XDECREF(enum_mod);
    Py_DECREF(modname);
    return rc;
}

#else

/* 2.7 has no enums: the ints. */
PyObject *gs_enum_family(int family)
{
    return PyInt_FromLong(family);
}

PyObject *gs_enum_socktype(int type)
{
    return PyInt_FromLong(type);
}

#endif /* GS_PY3 */

/* ---- module functions ---- */

#if GS_PYVER >= 0x0308

/* dualstack is has_dualstack_ipv6(): whether an AF_INET6 stream socket can
 * also take IPv4 connections (IPV6_V6ONLY can be cleared). */
static int dualstack(void)
{
    int fd, rc = gs_socket(AF_INET6, SOCK_STREAM, 0, 1, &fd);
    if (rc != 0)
        return 0;
    rc = gs_setsockopt_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
    gs_close(fd);
    return rc == 0;
}

static PyObject *fn_has_dualstack_ipv6(PyObject *self, PyObject *unused)
{
    return PyBool_FromLong(dualstack());
}

/* call_method calls sock.name(*args) and drops the result. */
static int call_method(PyObject *sock, const char *name, const char *fmt, ...)
{
    PyObject *meth, *args, *r;
    va_list va;
    meth = PyObject_GetAttrString(sock, name);
    if (meth == NULL)
        return -1;
    va_start(va, fmt);
    args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL) {
        Py_DECREF(meth);
        return -1;
    }
    if (!PyTuple_Check(args)) {
        PyObject *t = PyTuple_Pack(1, args);
        Py_DECREF(args);
        if (t == NULL) {
            Py_DECREF(meth);
            return -1;
        }
        args = t;
    }
    r = PyObject_Call(meth, args, NULL);
    Py_DECREF(meth);
    Py_DECREF(args);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

/* bind_error re-raises the pending bind error as socket.py's create_server
 * does: error(errno, '<strerror> (while attempting to bind on address
 * <address>)') from None. */
static void bind_error(PyObject *address)
{
    PyObject *et, *ev, *tb, *eno = NULL, *str = NULL, *msg = NULL, *exc;
    PyErr_Fetch(&et, &ev, &tb);
    PyErr_NormalizeException(&et, &ev, &tb);
    if (ev == NULL)
        goto restore;
    eno = PyObject_GetAttrString(ev, "errno");
    str = eno != NULL ? PyObject_GetAttrString(ev, "strerror") : NULL;
    msg = str != NULL ? PyUnicode_FromFormat("%S (while attempting to bind on address %R)", str, address) : NULL;
    if (msg == NULL)
        goto fail;
    exc = PyObject_CallFunction(gs_error, "OO", eno, msg);
    if (exc == NULL)
        goto fail;
    PyException_SetCause(exc, NULL); /* from None */
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    Py_XDECREF(et);
    Py_XDECREF(ev);
    Py_XDECREF(tb);
    goto out;
fail:
    Py_XDECREF(et);
    Py_XDECREF(ev);
    Py_XDECREF(tb);
    goto out;
restore:
    PyErr_Restore(et, ev, tb);
out:
    Py_XDECREF(eno);
    Py_XDECREF(str);
    Py_XDECREF(msg);
}

/* fn_create_server is socket.create_server (3.8+). */
static PyObject *fn_create_server(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"address", "family", "backlog", "reuse_port", "dualstack_ipv6", NULL};
    PyObject *address, *family = NULL, *backlog = Py_None, *sock, *af6 = NULL;
    PyObject *reuse_obj = Py_False, *dual_obj = Py_False;
    int reuse_port, dual, is6;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$OOOO:create_server", kwlist, &address, &family, &backlog,
                                     &reuse_obj, &dual_obj))
        return NULL;
    af6 = PyLong_FromLong(AF_INET6);
    if (af6 == NULL)
        return NULL;
    if (family == NULL)
        family = PyDict_GetItemString(PyModule_GetDict(gs_modobj), "AF_INET");
    if (family == NULL) {
        Py_DECREF(af6);
        return PyErr_Format(PyExc_SystemError, "gosocket: AF_INET missing");
    }
    /* socket.py tests reuse_port and dualstack_ipv6 for truth, and family
     * against AF_INET6, where its lines do: each test runs the object's
     * __bool__ or __eq__/__ne__ again. */
    reuse_port = PyObject_IsTrue(reuse_obj);
    dual = reuse_port < 0 ? -1 : PyObject_IsTrue(dual_obj);
    if (dual < 0) {
        Py_DECREF(af6);
        return NULL;
    }
    if (dual) {
        if (!dualstack()) {
            Py_DECREF(af6);
            PyErr_SetString(PyExc_ValueError, "dualstack_ipv6 not supported on this platform");
            return NULL;
        }
        is6 = PyObject_RichCompareBool(family, af6, Py_NE);
        if (is6 != 0) {
            Py_DECREF(af6);
            if (is6 > 0)
                PyErr_SetString(PyExc_ValueError, "dualstack_ipv6 requires AF_INET6 family");
            return NULL;
        }
    }
    sock = PyObject_CallFunction((PyObject *)GS_SOCK_CLASS, "Oi", family, SOCK_STREAM);
    if (sock == NULL) {
        Py_DECREF(af6);
        return NULL;
    }
    /* SO_REUSEADDR; a failure is left to bind() */
    if (call_method(sock, "setsockopt", "(iii)", SOL_SOCKET, SO_REUSEADDR, 1) < 0) {
        if (!PyErr_ExceptionMatches(gs_error))
            goto fail6;
        PyErr_Clear();
    }
    reuse_port = PyObject_IsTrue(reuse_obj);
    if (reuse_port < 0 || (reuse_port && call_method(sock, "setsockopt", "(iii)", SOL_SOCKET, SO_REUSEPORT, 1) < 0))
        goto fail6;
    is6 = PyObject_RichCompareBool(family, af6, Py_EQ);
    Py_CLEAR(af6);
    if (is6 < 0 || (is6 && (dual = PyObject_IsTrue(dual_obj)) < 0))
        goto fail;
    if (is6 && call_method(sock, "setsockopt", "(iii)", IPPROTO_IPV6, IPV6_V6ONLY, dual ? 0 : 1) < 0)
        goto fail;
    if (call_method(sock, "bind", "(O)", address) < 0) {
        if (PyErr_ExceptionMatches(gs_error))
            bind_error(address);
        goto fail;
    }
    if ((backlog == Py_None ? call_method(sock, "listen", "()") : call_method(sock, "listen", "(O)", backlog)) < 0)
        goto fail;
    return sock;
fail6:
    Py_XDECREF(af6);
fail:
    /* socket.py closes the socket on OSError only */
    if (PyErr_ExceptionMatches(gs_error)) {
        PyObject *et, *ev, *tb, *r;
        PyErr_Fetch(&et, &ev, &tb);
        r = PyObject_CallMethod(sock, "close", NULL);
        if (r == NULL) {
            Py_XDECREF(et);
            Py_XDECREF(ev);
            Py_XDECREF(tb);
        } else {
            Py_DECREF(r);
            PyErr_Restore(et, ev, tb);
        }
    }
    Py_DECREF(sock);
    return NULL;
}
#endif /* 3.8+ */

#if GS_PYVER >= 0x0309

/* fn_send_fds is socket.send_fds: sock.sendmsg(buffers, [(SOL_SOCKET,
 * SCM_RIGHTS, array("i", fds))]), with the array module's own array, so
 * fds is read exactly as there (ints, or bytes whose length is a multiple
 * of 4, ...). As in socket.py, flags and address are accepted and not
 * used. */
static PyObject *fn_send_fds(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sock", "buffers", "fds", "flags", "address", NULL};
    static PyObject *array_type; /* array.array */
    PyObject *sock, *buffers, *fds, *flags = NULL, *address = NULL, *arr, *r, *meth;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|OO:send_fds", kwlist, &sock, &buffers, &fds, &flags, &address))
        return NULL;
    if (array_type == NULL) {
        PyObject *mod = PyImport_ImportModule("array");
        if (mod == NULL)
            return NULL;
        array_type = PyObject_GetAttrString(mod, "array");
        Py_DECREF(mod);
        if (array_type == NULL)
            return NULL;
    }
    /* socket.py evaluates sock.sendmsg before array("i", fds). */
    meth = PyObject_GetAttrString(sock, "sendmsg");
    if (meth == NULL)
        return NULL;
    arr = PyObject_CallFunction(array_type, "sO", "i", fds);
    if (arr == NULL) {
        Py_DECREF(meth);
        return NULL;
    }
    r = PyObject_CallFunction(meth, "(O[(iiO)])", buffers, SOL_SOCKET, SCM_RIGHTS, arr);
    Py_DECREF(meth);
    Py_DECREF(arr);
    return r;
}

/* fn_recv_fds is socket.recv_fds: sock.recvmsg(bufsize, CMSG_LEN(maxfds *
 * sizeof(int))), then the descriptors of the SCM_RIGHTS messages. As in
 * socket.py, flags is accepted and not used. */
static PyObject *fn_recv_fds(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sock", "bufsize", "maxfds", "flags", NULL};
    PyObject *sock, *bufsize, *maxfds, *flags = NULL, *size, *clen, *cargs, *res, *anc, *list = NULL, *it = NULL, *item;
    PyObject *four, *meth;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|O:recv_fds", kwlist, &sock, &bufsize, &maxfds, &flags))
        return NULL;
    /* socket.py evaluates sock.recvmsg before CMSG_LEN(maxfds * 4). */
    meth = PyObject_GetAttrString(sock, "recvmsg");
    if (meth == NULL)
        return NULL;
    four = PyLong_FromLong(sizeof(int));
    size = four != NULL ? PyNumber_Multiply(maxfds, four) : NULL;
    Py_XDECREF(four);
    cargs = size != NULL ? PyTuple_Pack(1, size) : NULL;
    Py_XDECREF(size);
    clen = cargs != NULL ? gs_fn_CMSG_LEN(gs_modobj, cargs) : NULL;
    Py_XDECREF(cargs);
    if (clen == NULL) {
        Py_DECREF(meth);
        return NULL;
    }
    res = PyObject_CallFunction(meth, "(ON)", bufsize, clen);
    Py_DECREF(meth);
    if (res == NULL)
        return NULL;
    if (!PyTuple_Check(res) || PyTuple_GET_SIZE(res) != 4) {
        PyErr_SetString(PyExc_ValueError, "recvmsg() did not return a 4-tuple");
        goto fail;
    }
    anc = PyTuple_GET_ITEM(res, 1);
    list = PyList_New(0);
    it = PyObject_GetIter(anc);
    if (list == NULL || it == NULL)
        goto fail;
    while ((item = PyIter_Next(it)) != NULL) {
        int level, type;
        Py_buffer b;
        Py_ssize_t i;
        if (!PyArg_ParseTuple(item, "iiy*", &level, &type, &b)) {
            Py_DECREF(item);
            goto fail;
        }
        Py_DECREF(item);
        if (level == SOL_SOCKET && type == SCM_RIGHTS) {
            for (i = 0; i + (Py_ssize_t)sizeof(int) <= b.len; i += sizeof(int)) {
                int fd;
                PyObject *o;
                memcpy(&fd, (char *)b.buf + i, sizeof fd);
                o = PyLong_FromLong(fd);
                if (o == NULL || PyList_Append(list, o) < 0) {
                    Py_XDECREF(o);
                    PyBuffer_Release(&b);
                    goto fail;
                }
                Py_DECREF(o);
            }
        }
        PyBuffer_Release(&b);
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(it);
    item = Py_BuildValue("(ONOO)", PyTuple_GET_ITEM(res, 0), list, PyTuple_GET_ITEM(res, 2), PyTuple_GET_ITEM(res, 3));
    Py_DECREF(res);
    return item;
fail:
    Py_XDECREF(it);
    Py_XDECREF(list);
    Py_DECREF(res);
    return NULL;
}
#endif /* 3.9+ */

#if GS_PYVER >= 0x030D

/* fn_fallback_socketpair is socket.py's _fallback_socketpair (3.13): a
 * connected AF_INET/AF_INET6 TCP pair through a listener on the loopback,
 * for platforms without socketpair(2); the test suite runs it everywhere. */
static PyObject *fn_fallback_socketpair(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"family", "type", "proto", NULL};
    int family = AF_INET, type = SOCK_STREAM, proto = 0, eq;
    PyObject *lsock = NULL, *csock = NULL, *ssock = NULL, *pair = NULL, *name = NULL, *host, *addr = NULL;
    PyObject *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    const char *lo;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "|iii:_fallback_socketpair", kwlist, &family, &type, &proto))
        return NULL;
    if (family == AF_INET)
        lo = "127.0.0.1";
    else if (family == AF_INET6)
        lo = "::1";
    else {
        PyErr_SetString(PyExc_ValueError, "Only AF_INET and AF_INET6 socket address families are supported");
        return NULL;
    }
    if (type != SOCK_STREAM) {
        PyErr_SetString(PyExc_ValueError, "Only SOCK_STREAM socket type is supported");
        return NULL;
    }
    if (proto != 0) {
        PyErr_SetString(PyExc_ValueError, "Only protocol zero is supported");
        return NULL;
    }
    lsock = PyObject_CallFunction((PyObject *)GS_SOCK_CLASS, "iii", family, type, proto);
    if (lsock == NULL)
        return NULL;
    if (call_method(lsock, "bind", "((si))", lo, 0) < 0 || call_method(lsock, "listen", "()") < 0)
        goto close_l;
    name = PyObject_CallMethod(lsock, "getsockname", NULL);
    if (name == NULL)
        goto close_l;
    host = PySequence_GetSlice(name, 0, 2); /* on IPv6, ignore flow_info and scope_id */
    if (host == NULL)
        goto close_l;
    addr = host;
    csock = PyObject_CallFunction((PyObject *)GS_SOCK_CLASS, "iii", family, type, proto);
    if (csock == NULL)
        goto close_l;
    if (call_method(csock, "setblocking", "(O)", Py_False) < 0)
        goto close_c;
    if (call_method(csock, "connect", "(O)", addr) < 0) {
        if (!PyErr_ExceptionMatches(PyExc_BlockingIOError) && !PyErr_ExceptionMatches(PyExc_InterruptedError))
            goto close_c;
        PyErr_Clear();
    }
    if (call_method(csock, "setblocking", "(O)", Py_True) < 0)
        goto close_c;
    pair = PyObject_CallMethod(lsock, "accept", NULL);
    if (pair == NULL)
        goto close_c;
    ssock = PySequence_GetItem(pair, 0);
    Py_DECREF(pair);
    if (ssock == NULL)
        goto close_c;
    {
        PyObject *r = PyObject_CallMethod(lsock, "close", NULL);
        Py_CLEAR(lsock);
        if (r == NULL)
            goto close_sc;
        Py_DECREF(r);
    }
    /* authenticate: the accepted connection must be csock's */
    a = PyObject_CallMethod(ssock, "getsockname", NULL);
    b = a ? PyObject_CallMethod(csock, "getpeername", NULL) : NULL;
    c = b ? PyObject_CallMethod(csock, "getsockname", NULL) : NULL;
    d = c ? PyObject_CallMethod(ssock, "getpeername", NULL) : NULL;
    if (d == NULL)
        goto close_sc;
    eq = PyObject_RichCompareBool(a, b, Py_EQ);
    if (eq > 0)
        eq = PyObject_RichCompareBool(c, d, Py_EQ);
    if (eq < 0)
        goto close_sc;
    if (!eq) {
        PyErr_SetString(PyExc_ConnectionError, "Unexpected peer connection");
        goto close_sc;
    }
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(name);
    Py_DECREF(addr);
    return Py_BuildValue("(NN)", ssock, csock);
close_sc:
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    Py_XDECREF(d);
    {
        PyObject *et, *ev, *tb, *r;
        PyErr_Fetch(&et, &ev, &tb);
        r = PyObject_CallMethod(ssock, "close", NULL);
        Py_XDECREF(r);
        PyErr_Clear();
        PyErr_Restore(et, ev, tb);
    }
    Py_CLEAR(ssock);
close_c:
    {
        PyObject *et, *ev, *tb, *r;
        PyErr_Fetch(&et, &ev, &tb);
        r = PyObject_CallMethod(csock, "close", NULL);
        Py_XDECREF(r);
        PyErr_Clear();
        PyErr_Restore(et, ev, tb);
    }
    Py_CLEAR(csock);
close_l:
    if (lsock != NULL) {
        PyObject *et, *ev, *tb, *r;
        PyErr_Fetch(&et, &ev, &tb);
        r = PyObject_CallMethod(lsock, "close", NULL);
        Py_XDECREF(r);
        PyErr_Clear();
        PyErr_Restore(et, ev, tb);
        Py_DECREF(lsock);
    }
    Py_XDECREF(name);
    Py_XDECREF(addr);
    return NULL;
}
#endif /* 3.13+ */

static PyMethodDef stdlib_functions[] = {
#if GS_PYVER >= 0x0308
    {"has_dualstack_ipv6", fn_has_dualstack_ipv6, METH_NOARGS,
     GS_SIG("has_dualstack_ipv6($module, /)", "")
     "Return True if the platform supports creating a SOCK_STREAM socket\n"
     "which can handle both AF_INET and AF_INET6 (IPv4 / IPv6) connections."},
    {"create_server", (PyCFunction)fn_create_server, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("create_server($module, /, address, *, family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False)", "")
     "Convenience function which creates a SOCK_STREAM type socket bound to *address*\n"
     "(a 2-tuple (host, port)) and return the socket object."},
#endif
#if GS_PYVER >= 0x0309
    {"send_fds", (PyCFunction)fn_send_fds, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("send_fds($module, /, sock, buffers, fds, flags=0, address=None)", "send_fds(sock, buffers, fds[, flags[, address]]) -> integer\n\n")
     "Send the list of file descriptors fds over an AF_UNIX socket."},
    {"recv_fds", (PyCFunction)fn_recv_fds, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("recv_fds($module, /, sock, bufsize, maxfds, flags=0)", "recv_fds(sock, bufsize, maxfds[, flags]) -> (data, list of file descriptors, msg_flags, address)\n\n")
     "Receive up to maxfds file descriptors returning the message data and a list\n"
     "containing the descriptors."},
#endif
#if GS_PYVER >= 0x030D
    {"_fallback_socketpair", (PyCFunction)fn_fallback_socketpair, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("_fallback_socketpair($module, /, family=AF_INET, type=SOCK_STREAM, proto=0)", "")},
#endif
    {NULL, NULL, 0, NULL}};

/* add_functions adds stdlib_functions to the module. */
static int add_functions(PyObject *m)
{
    PyMethodDef *d;
    PyObject *modname = PyObject_GetAttrString(m, "__name__");
    if (modname == NULL)
        return -1;
    for (d = stdlib_functions; d->ml_name != NULL; d++) {
        PyObject *f = PyCFunction_NewEx(d, m, modname);
        if (f == NULL || PyModule_AddObject(m, d->ml_name, f) < 0) {
            Py_XDECREF(f);
            Py_DECREF(modname);
            return -1;
        }
    }
    Py_DECREF(modname);
    return 0;
}

/* gs_stdlib_init adds all of the above to the module (called last from
 * module init, once the constants are there) and the socket class's
 * additions (sockextra.c). */

int gs_stdlib_init(PyObject *m)
{
    gs_modobj = m;
    Py_INCREF(m);
#if GS_PY3
    if (PyModule_AddIntConstant(m, "EBADF", EBADF) < 0 || PyModule_AddIntConstant(m, "EAGAIN", EAGAIN) < 0 ||
        PyModule_AddIntConstant(m, "EWOULDBLOCK", EWOULDBLOCK) < 0 ||
        PyModule_AddStringConstant(m, "_LOCALHOST", "127.0.0.1") < 0 ||
        PyModule_AddStringConstant(m, "_LOCALHOST_V6", "::1") < 0)
        return -1;
    gs_giveup_sendfile = PyErr_NewException("socket._GiveupOnSendfile", PyExc_Exception, NULL);
    if (gs_giveup_sendfile == NULL)
        return -1;
    Py_INCREF(gs_giveup_sendfile);
    if (PyModule_AddObject(m, "_GiveupOnSendfile", gs_giveup_sendfile) < 0)
        return -1;
#else
    if (PyModule_AddIntConstant(m, "EBADF", EBADF) < 0 || PyModule_AddIntConstant(m, "EINTR", EINTR) < 0 ||
        gs_lazyssl_init(m) < 0)
        return -1;
#endif
    if (add_functions(m) < 0)
        return -1;
#if GS_PY3
    if (add_enums(m) < 0)
        return -1;
#endif
    return 0;
}
