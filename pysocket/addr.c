/* addr.c: Python address objects <-> gs_addr fields, with the checks and
 * messages of CPython's getsockaddrarg and makesockaddr. Go does the kernel
 * encoding and the name resolution. */
#include "glue.h"
#include <string.h>
#include <sys/un.h>
#include <linux/netlink.h>

void gs_addr_release(gs_addrkeep *keep)
{
    Py_CLEAR(keep->host);
    if (keep->has_path) {
        PyBuffer_Release(&keep->path);
        keep->has_path = 0;
    }
}

/* gs_parse_host turns a host argument into a NUL-terminated bytes object:
 * str is encoded as ASCII or, failing that, with the "idna" codec (as
 * CPython's idna_converter); bytes and bytearray are taken as they are. */
int gs_parse_host(PyObject *obj, PyObject **out)
{
    PyObject *b = NULL;
#if GS_PY3
    if (PyUnicode_Check(obj)) {
        if (PyUnicode_READY(obj) < 0)
            return -1;
        if (PyUnicode_IS_COMPACT_ASCII(obj))
            b = PyBytes_FromStringAndSize((const char *)PyUnicode_DATA(obj), PyUnicode_GET_LENGTH(obj));
        else
            b = PyUnicode_AsEncodedString(obj, "idna", NULL);
    } else if (PyBytes_Check(obj)) {
        b = obj;
        Py_INCREF(b);
    } else if (PyByteArray_Check(obj)) {
        b = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(obj), PyByteArray_GET_SIZE(obj));
    } else {
        PyErr_Format(PyExc_TypeError, "str, bytes or bytearray expected, not %s", Py_TYPE(obj)->tp_name);
        return -1;
    }
#else
    if (PyUnicode_Check(obj)) {
        b = PyUnicode_AsEncodedString(obj, "idna", NULL);
    } else if (PyString_Check(obj)) {
        b = obj;
        Py_INCREF(b);
    } else {
        PyErr_Format(PyExc_TypeError, "coercing to Unicode: need string or buffer, %.80s found", Py_TYPE(obj)->tp_name);
        return -1;
    }
#endif
    if (b == NULL)
        return -1;
    if (strlen(GS_Bytes_AS_STRING(b)) != (size_t)PyBytes_GET_SIZE(b)) {
        Py_DECREF(b);
#if GS_PY3
        PyErr_SetString(PyExc_TypeError, "host name must not contain null character");
#else
        PyErr_SetString(PyExc_TypeError, "must be string without null bytes, not str");
#endif
        return -1;
    }
    *out = b;
    return 0;
}

/* port_error replaces an OverflowError from port parsing with CPython's. */
static int port_error(const char *caller)
{
#if GS_PY3
    PyErr_Format(PyExc_OverflowError, "%s(): port must be 0-65535.", caller);
#else
    (void)caller;
    PyErr_SetString(PyExc_OverflowError, "getsockaddrarg: port must be 0-65535.");
#endif
    return -1;
}

/* parse_port reads an int port in 0..65535. */
static int parse_port(PyObject *obj, int *port, const char *caller)
{
    long v;
    if (PyFloat_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "integer argument expected, got float");
        return -1;
    }
#if GS_PY3
    v = PyLong_AsLong(obj);
#else
    v = PyInt_AsLong(obj);
#endif
    if (v == -1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            return port_error(caller);
        }
        return -1;
    }
    if (v < 0 || v > 0xffff)
        return port_error(caller);
    *port = (int)v;
    return 0;
}

/* parse_uint reads an unsigned 32-bit int (flowinfo, scope_id, pid...). */
static int parse_uint(PyObject *obj, unsigned int *out)
{
    unsigned long v;
    if (PyFloat_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "integer argument expected, got float");
        return -1;
    }
#if GS_PY3
    v = PyLong_AsUnsignedLongMask(obj);
#else
    v = PyInt_Check(obj) ? (unsigned long)PyInt_AsLong(obj) : PyLong_AsUnsignedLongMask(obj);
#endif
    if (v == (unsigned long)-1 && PyErr_Occurred())
        return -1;
    *out = (unsigned int)v;
    return 0;
}

/* parse_unix_path takes a str (filesystem-encoded) or bytes-like path. */
static int parse_unix_path(PyObject *obj, gs_addr *a, gs_addrkeep *keep)
{
    PyObject *b = NULL;
#if GS_PY3
    if (PyUnicode_Check(obj)) {
        b = PyUnicode_EncodeFSDefault(obj);
        if (b == NULL)
            return -1;
        obj = b;
    }
    if (PyObject_GetBuffer(obj, &keep->path, PyBUF_SIMPLE) < 0) {
        Py_XDECREF(b);
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "a bytes-like object is required, not '%.200s'", Py_TYPE(obj)->tp_name);
        }
        return -1;
    }
#else
    if (PyUnicode_Check(obj)) {
        b = PyUnicode_AsEncodedString(obj, Py_FileSystemDefaultEncoding ? Py_FileSystemDefaultEncoding : "utf-8", NULL);
        if (b == NULL)
            return -1;
        obj = b;
    }
    if (PyObject_GetBuffer(obj, &keep->path, PyBUF_SIMPLE) < 0) {
        Py_XDECREF(b);
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_SetString(PyExc_TypeError, "getsockaddrarg: AF_UNIX address must be a string");
        }
        return -1;
    }
#endif
    keep->has_path = 1;
    keep->host = b; /* keeps the encoded str alive with the buffer */
    a->path = (const char *)keep->path.buf;
    a->pathlen = (long)keep->path.len;
    return 0;
}

/* tuple_error raises CPython's "must be tuple" TypeError. */
static int tuple_error(const char *fam, PyObject *obj, const char *caller)
{
#if GS_PY3
    PyErr_Format(PyExc_TypeError, "%s(): %s address must be tuple, not %.500s", caller, fam, Py_TYPE(obj)->tp_name);
#else
    (void)caller;
    PyErr_Format(PyExc_TypeError, "getsockaddrarg: %s address must be tuple, not %.500s", fam, Py_TYPE(obj)->tp_name);
#endif
    return -1;
}

/* gs_parse_addr fills a from the Python address obj for a socket of the
 * given family. keep owns what a points into until gs_addr_release. */
int gs_parse_addr(int family, PyObject *obj, gs_addr *a, gs_addrkeep *keep, const char *caller)
{
    memset(a, 0, offsetof(gs_addr, text));
    a->raw.len = 0;
    keep->host = NULL;
    keep->has_path = 0;
    a->family = family;
    switch (family) {
    case AF_INET:
    case AF_INET6: {
        Py_ssize_t n;
        const char *fam = family == AF_INET ? "AF_INET" : "AF_INET6";
        if (!PyTuple_Check(obj))
            return tuple_error(fam, obj, caller);
        n = PyTuple_GET_SIZE(obj);
        if (family == AF_INET && n != 2) {
            PyErr_Format(PyExc_TypeError, "AF_INET address must be a pair (host, port)");
            return -1;
        }
        if (family == AF_INET6 && (n < 2 || n > 4)) {
            PyErr_Format(PyExc_TypeError, "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])");
            return -1;
        }
        if (gs_parse_host(PyTuple_GET_ITEM(obj, 0), &keep->host) < 0)
            return -1;
        a->host = GS_Bytes_AS_STRING(keep->host);
        if (parse_port(PyTuple_GET_ITEM(obj, 1), &a->port, caller) < 0)
            goto fail;
        if (n > 2 && parse_uint(PyTuple_GET_ITEM(obj, 2), &a->flowinfo) < 0)
            goto fail;
        if (n > 3 && parse_uint(PyTuple_GET_ITEM(obj, 3), &a->scope_id) < 0)
            goto fail;
        if (a->flowinfo > 0xfffff) {
#if GS_PY3
            PyErr_Format(PyExc_OverflowError, "%s(): flowinfo must be 0-1048575.", caller);
#else
            PyErr_SetString(PyExc_OverflowError, "getsockaddrarg: flowinfo must be 0-1048575.");
#endif
            goto fail;
        }
        return 0;
    }
    case AF_UNIX:
        return parse_unix_path(obj, a, keep);
    case AF_NETLINK:
        if (!PyTuple_Check(obj))
            return tuple_error("AF_NETLINK", obj, caller);
        if (PyTuple_GET_SIZE(obj) != 2) {
            PyErr_SetString(PyExc_TypeError, "AF_NETLINK address must be a pair (pid, groups)");
            return -1;
        }
        if (parse_uint(PyTuple_GET_ITEM(obj, 0), &a->pid) < 0 ||
            parse_uint(PyTuple_GET_ITEM(obj, 1), &a->groups) < 0)
            return -1;
        return 0;
    default:
#if GS_PY3
        PyErr_Format(PyExc_OSError, "%s(): bad family", caller);
#else
        PyErr_SetString(gs_error, "getsockaddrarg: bad family");
#endif
        return -1;
    }
fail:
    gs_addr_release(keep);
    return -1;
}

/* gs_make_ipaddr returns the host text Go decoded, as a str. */
PyObject *gs_make_ipaddr(const gs_addr *a)
{
    return GS_Str_FromString(a->text);
}

/* gs_make_addr builds the Python form of a decoded address, as CPython's
 * makesockaddr: None for an empty address, tuples for the IP families and
 * netlink, str (bytes for the abstract namespace) for AF_UNIX, and
 * (family, raw bytes) for the rest. */
PyObject *gs_make_addr(const gs_addr *a)
{
    if (a->raw.len == 0)
        Py_RETURN_NONE;
    switch (a->family) {
    case AF_INET:
        return Py_BuildValue("(si)", a->text, a->port);
    case AF_INET6:
        return Py_BuildValue("(siII)", a->text, a->port, a->flowinfo, a->scope_id);
    case AF_UNIX:
        if (a->pathlen > 0 && a->path[0] == 0)
            return GS_Bytes_FromStringAndSize(a->path, a->pathlen);
#if GS_PY3
        return PyUnicode_DecodeFSDefaultAndSize(a->path ? a->path : "", a->pathlen);
#else
        return PyString_FromStringAndSize(a->path ? a->path : "", a->pathlen);
#endif
    case AF_NETLINK:
        return Py_BuildValue("(II)", a->pid, a->groups);
    default: {
        const struct sockaddr *sa = (const struct sockaddr *)&a->raw.ss;
        return Py_BuildValue("(i" GS_BYTES_FMT ")", sa->sa_family, sa->sa_data, (Py_ssize_t)sizeof(sa->sa_data));
    }
    }
}
