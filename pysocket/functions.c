/* functions.c: the module-level functions of the socket module. */
#include "glue.h"
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>

/* ---- timeouts ---- */

static PyObject *fn_getdefaulttimeout(PyObject *self, PyObject *unused)
{
    return gs_timeout_obj(gs_default_timeout);
}

static PyObject *fn_setdefaulttimeout(PyObject *self, PyObject *arg)
{
    gs_tmo t;
    if (gs_parse_timeout(arg, &t) < 0)
        return NULL;
    gs_default_timeout = t;
    Py_RETURN_NONE;
}

/* ---- sockets from descriptors ---- */

#if GS_PY3
/* pair_convert is one of socketpair's socket(family, type, proto, fd)
 * calls: family (AF_UNIX for None), type and proto converted as
 * _socket.socket.__init__ converts them. */
static int pair_convert(PyObject *fam, PyObject *typ, PyObject *pro, int *family, int *type, int *proto)
{
    if (fam != Py_None && !PyArg_Parse(fam, "i;socket", family))
        return -1;
    if (typ != NULL && !PyArg_Parse(typ, "i;socket", type))
        return -1;
    if (pro != NULL && !PyArg_Parse(pro, "i;socket", proto))
        return -1;
    return 0;
}
#endif

/* fn_socketpair is 3.x socket.py's socketpair(family=None, type=SOCK_STREAM,
 * proto=0), None meaning AF_UNIX; 2.7's _socket.socketpair takes positions
 * only. */
static PyObject *fn_socketpair(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"family", "type", "proto", NULL};
    int family = AF_UNIX, type = SOCK_STREAM, proto = 0, fds[2], rc;
    PyObject *a, *b, *fam = Py_None;
    PyTypeObject *tp;
#if GS_PY3
    /* socket.py's socketpair(family=None, ...): None is AF_UNIX; then
     * _socket.socketpair's "iii", converted in that order. */
    PyObject *typ = NULL, *pro = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOO:socketpair", kwlist, &fam, &typ, &pro))
        return NULL;
    if (fam != Py_None && !PyArg_Parse(fam, "i;socketpair", &family))
        return NULL;
    if (typ != NULL && !PyArg_Parse(typ, "i;socketpair", &type))
        return NULL;
    if (pro != NULL && !PyArg_Parse(pro, "i;socketpair", &proto))
        return NULL;
#else
    (void)kwlist;
    (void)fam;
    if (kw != NULL && PyDict_Size(kw) != 0) {
        PyErr_SetString(PyExc_TypeError, "socketpair() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "|iii:socketpair", &family, &type, &proto))
        return NULL;
#endif
    Py_BEGIN_ALLOW_THREADS
    rc = gs_socketpair(family, type, proto, GS_CLOEXEC, fds);
    Py_END_ALLOW_THREADS
    if (rc != 0)
        return gs_raise(rc);
#if GS_PY3
    /* socket.py then makes each socket with socket(family, type, proto,
     * fd), whose _socket.socket.__init__ converts the three again: a
     * conversion hook runs three times, and each socket keeps the values
     * of its own conversion. */
    if (pair_convert(fam, typ, pro, &family, &type, &proto) < 0) {
        gs_close(fds[0]);
        gs_close(fds[1]);
        return NULL;
    }
#endif
    /* gosocket._socket's socketpair gives base sockets, as _socket's does
     * (socket.py wraps them in its class); gosocket's, socket.py's class */
    tp = self != gs_modobj ? GS_SOCK_TYPE : GS_SOCK_CLASS;
    a = gs_sock_new_fd(tp, fds[0], family, type, proto);
    if (a == NULL) {
        gs_close(fds[0]);
        gs_close(fds[1]);
        return NULL;
    }
#if GS_PY3
    if (pair_convert(fam, typ, pro, &family, &type, &proto) < 0) {
        Py_DECREF(a);
        gs_close(fds[1]);
        return NULL;
    }
#endif
    b = gs_sock_new_fd(tp, fds[1], family, type, proto);
    if (b == NULL) {
        Py_DECREF(a);
        gs_close(fds[1]);
        return NULL;
    }
    return Py_BuildValue("(NN)", a, b);
}

/* fn_fromfd duplicates fd into a new socket object, as 2.7's _socket.fromfd
 * and 3.x's socket.fromfd do. 3.x's is Python: keywords are accepted, and
 * the descriptor is duplicated before family, type and proto are converted
 * (socket(family, type, proto, dup(fd))); the duplicate is closed when they
 * are bad. */
static PyObject *fn_fromfd(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"fd", "family", "type", "proto", NULL};
    int fd, family, type, proto = 0, nfd, rc;
    PyObject *o;
#if GS_PY3
    PyObject *fdo, *fam, *typ, *pro = NULL;
    /* A Python function binds all its arguments (missing ones are a
     * TypeError) before dup(fd) reads the first. */
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|O:fromfd", kwlist, &fdo, &fam, &typ, &pro))
        return NULL;
    if (!PyArg_Parse(fdo, "i;fromfd", &fd))
        return NULL;
    rc = gs_dup(fd, GS_CLOEXEC, &nfd);
    if (rc != 0)
        return gs_raise(rc);
    if (!PyArg_Parse(fam, "i;fromfd", &family) || !PyArg_Parse(typ, "i;fromfd", &type) ||
        (pro != NULL && !PyArg_Parse(pro, "i;fromfd", &proto))) {
        gs_close(nfd);
        return NULL;
    }
#else
    (void)kwlist;
    if (kw != NULL && PyDict_Size(kw) != 0) {
        PyErr_SetString(PyExc_TypeError, "fromfd() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "iii|i:fromfd", &fd, &family, &type, &proto))
        return NULL;
    rc = gs_dup(fd, GS_CLOEXEC, &nfd);
    if (rc != 0)
        return gs_raise(rc);
#endif
    o = gs_sock_new_fd(GS_SOCK_CLASS, nfd, family, type, proto);
    if (o == NULL)
        gs_close(nfd);
    return o;
}

#if GS_PY3
static int parse_fd(PyObject *arg, int *fd)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < INT32_MIN || v > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *fd = (int)v;
    return 0;
}

/* fn_dup is 3.x's _socket.dup(fd): a non-inheritable duplicate. */
static PyObject *fn_dup(PyObject *self, PyObject *arg)
{
    int fd, nfd, rc;
    if (parse_fd(arg, &fd) < 0)
        return NULL;
    rc = gs_dup(fd, 1, &nfd);
    if (rc != 0)
        return gs_raise(rc);
    return PyLong_FromLong(nfd);
}

#if GS_PYVER >= 0x0307
/* fn_close is _socket.close(fd) (3.7+): ECONNRESET ignored. */
static PyObject *fn_close(PyObject *self, PyObject *arg)
{
    int fd, rc;
    if (parse_fd(arg, &fd) < 0)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    rc = gs_close(fd);
    Py_END_ALLOW_THREADS
    if (rc != 0 && rc != ECONNRESET)
        return gs_raise(rc);
    Py_RETURN_NONE;
}
#endif
#endif

/* ---- byte order ---- */

#if GS_PYVER >= 0x030E

/* 3.14+: ntohs/htons/ntohl/htonl take one argument (METH_O) converted to
 * uint16_t or uint32_t by gs_unsigned_arg. */
#define GS_BYTEORDER(fname, conv, max, ctype)                  \
    static PyObject *fn_##fname(PyObject *self, PyObject *arg) \
    {                                                          \
        unsigned long long v;                                  \
        if (gs_unsigned_arg(arg, max, ctype, &v) < 0)          \
            return NULL;                                       \
        return PyLong_FromUnsignedLong(conv(v));               \
    }
GS_BYTEORDER(ntohs, ntohs, 0xffffULL, "uint16_t")
GS_BYTEORDER(htons, htons, 0xffffULL, "uint16_t")
GS_BYTEORDER(ntohl, ntohl, 0xffffffffULL, "uint32_t")
GS_BYTEORDER(htonl, htonl, 0xffffffffULL, "uint32_t")
#else
/* short_arg parses ntohs/htons's argument as the running interpreter's
 * built-in module does: a C int ("i", with the interpreter's own errors),
 * not negative; above 0xffff 3.10+ raises OverflowError, 3.7-3.9 warn
 * (DeprecationWarning) and truncate, 2.7 and 3.6 truncate silently. */
static int short_arg(PyObject *args, const char *fmt, const char *who, unsigned short *out)
{
    int x;
    if (!PyArg_ParseTuple(args, fmt, &x))
        return -1;
    if (x < 0) {
#if GS_PYVER >= 0x0307
        PyErr_Format(PyExc_OverflowError, "%s: can't convert negative Python int to C 16-bit unsigned integer", who);
#else
        PyErr_SetString(PyExc_OverflowError, "can't convert negative number to unsigned long");
#endif
        return -1;
    }
    if (x > 0xffff) {
#if GS_PYVER >= 0x030A
        PyErr_Format(PyExc_OverflowError, "%s: Python int too large to convert to C 16-bit unsigned integer", who);
        return -1;
#elif GS_PYVER >= 0x0307
        if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                             "%s: Python int too large to convert to C 16-bit unsigned integer "
                             "(The silent truncation is deprecated)", who) < 0)
            return -1;
#endif
    }
    *out = (unsigned short)x;
    return 0;
}

/* long_arg parses ntohl/htonl's argument: an int that fits 32 bits. 2.7
 * takes a negative-checked int as it is (truncating it) and range-checks
 * only a long. */
static int long_arg(PyObject *arg, uint32_t *out)
{
    unsigned long x;
#if GS_PY3
    if (!PyLong_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "expected int, %s found", Py_TYPE(arg)->tp_name);
        return -1;
    }
#else
    if (PyInt_Check(arg)) {
        long v = PyInt_AS_LONG(arg);
        if (v < 0) {
            PyErr_SetString(PyExc_OverflowError, "can't convert negative number to unsigned long");
            return -1;
        }
        *out = (uint32_t)v;
        return 0;
    }
    if (!PyLong_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "expected int/long, %s found", Py_TYPE(arg)->tp_name);
        return -1;
    }
#endif
    x = PyLong_AsUnsignedLong(arg);
    if (x == (unsigned long)-1 && PyErr_Occurred())
        return -1;
    if (x > 0xffffffffUL) {
        PyErr_SetString(PyExc_OverflowError, GS_PY3 ? "int larger than 32 bits" : "long int larger than 32 bits");
        return -1;
    }
    *out = (uint32_t)x;
    return 0;
}

static PyObject *fn_ntohs(PyObject *self, PyObject *args)
{
    unsigned short v;
    if (short_arg(args, "i:ntohs", "ntohs", &v) < 0)
        return NULL;
    return GS_Int_FromLong(ntohs(v));
}

static PyObject *fn_htons(PyObject *self, PyObject *args)
{
    unsigned short v;
    if (short_arg(args, "i:htons", "htons", &v) < 0)
        return NULL;
    return GS_Int_FromLong(htons(v));
}

static PyObject *fn_ntohl(PyObject *self, PyObject *arg)
{
    uint32_t v;
    if (long_arg(arg, &v) < 0)
        return NULL;
    return PyLong_FromUnsignedLong(ntohl(v));
}

static PyObject *fn_htonl(PyObject *self, PyObject *arg)
{
    uint32_t v;
    if (long_arg(arg, &v) < 0)
        return NULL;
    return PyLong_FromUnsignedLong(htonl(v));
}

#endif

/* ---- text and packed addresses (libc's conversions, no I/O) ---- */

static PyObject *fn_inet_aton(PyObject *self, PyObject *args)
{
    const char *s;
    struct in_addr a;
    if (!PyArg_ParseTuple(args, "s:inet_aton", &s))
        return NULL;
    if (inet_aton(s, &a) == 0) {
        PyErr_SetString(gs_error, "illegal IP address string passed to inet_aton");
        return NULL;
    }
    return GS_Bytes_FromStringAndSize((const char *)&a, sizeof a);
}

/* packed_arg reads the packed address argument of inet_ntoa/inet_ntop as
 * the built-in module does: any bytes-like object on 3.x ("y*"), a string
 * or read-only buffer on 2.7 ("s#": no bytearray). The bytes are copied to
 * out (up to 16), their number to *len. */
static int packed_arg(PyObject *args, const char *fmt, int *af, unsigned char *out, Py_ssize_t *len)
{
#if GS_PY3
    Py_buffer b;
    int ok = af ? PyArg_ParseTuple(args, fmt, af, &b) : PyArg_ParseTuple(args, fmt, &b);
    if (!ok)
        return -1;
    *len = b.len;
    memcpy(out, b.buf, b.len < 16 ? b.len : 16);
    PyBuffer_Release(&b);
#else
    const char *p;
    int ok = af ? PyArg_ParseTuple(args, fmt, af, &p, len) : PyArg_ParseTuple(args, fmt, &p, len);
    if (!ok)
        return -1;
    memcpy(out, p, *len < 16 ? *len : 16);
#endif
    return 0;
}

static PyObject *fn_inet_ntoa(PyObject *self, PyObject *args)
{
    unsigned char b[16];
    Py_ssize_t n;
    struct in_addr a;
    if (packed_arg(args, GS_PY3 ? "y*:inet_ntoa" : "s#:inet_ntoa", NULL, b, &n) < 0)
        return NULL;
    if (n != 4) {
        PyErr_SetString(gs_error, "packed IP wrong length for inet_ntoa");
        return NULL;
    }
    memcpy(&a, b, 4);
    return GS_Str_FromString(inet_ntoa(a));
}

static PyObject *fn_inet_pton(PyObject *self, PyObject *args)
{
    int af, r;
    const char *s;
    unsigned char buf[16];
    if (!PyArg_ParseTuple(args, "is:inet_pton", &af, &s))
        return NULL;
    errno = 0;
    r = inet_pton(af, s, buf);
    if (r < 0)
        return gs_raise_errno(errno ? errno : EAFNOSUPPORT);
    if (r == 0) {
        PyErr_SetString(gs_error, "illegal IP address string passed to inet_pton");
        return NULL;
    }
    return GS_Bytes_FromStringAndSize((const char *)buf, af == AF_INET ? 4 : 16);
}

static PyObject *fn_inet_ntop(PyObject *self, PyObject *args)
{
    int af;
    unsigned char b[16];
    Py_ssize_t n;
    char out[INET6_ADDRSTRLEN];
    const char *r;
    if (packed_arg(args, GS_PY3 ? "iy*:inet_ntop" : "is#:inet_ntop", &af, b, &n) < 0)
        return NULL;
    if (af == AF_INET || af == AF_INET6) {
        if (n != (af == AF_INET ? 4 : 16)) {
            PyErr_SetString(PyExc_ValueError, "invalid length of packed IP address string");
            return NULL;
        }
    } else {
        PyErr_Format(PyExc_ValueError, "unknown address family %d", af);
        return NULL;
    }
    r = inet_ntop(af, b, out, sizeof out);
    if (r == NULL)
        return gs_raise_errno(errno);
    return GS_Str_FromString(out);
}

/* ---- the resolver ---- */

static PyObject *fn_gethostname(PyObject *self, PyObject *unused)
{
    char buf[1024];
    int r;
    if (gs_audit("socket.gethostname", NULL) < 0) return NULL;
    Py_BEGIN_ALLOW_THREADS
    r = gethostname(buf, sizeof buf - 1);
    Py_END_ALLOW_THREADS
    if (r < 0)
        return gs_raise_errno(errno);
    buf[sizeof buf - 1] = 0;
#if GS_PY3
    return PyUnicode_DecodeFSDefault(buf);
#else
    return PyString_FromString(buf);
#endif
}

/* host_arg parses the host name argument of gethostbyname, _ex and
 * gethostbyaddr into a NUL-terminated bytes object, with the built-in
 * module's format: 3.x "et" with the "idna" codec (str encoded, bytes and
 * bytearray as they are); 2.7 "s" (a unicode in the default encoding, no
 * IDNA). With dotted set, 2.7's setipaddr shortcut applies: a name sscanf
 * reads as a dotted quad becomes its canonical text. */
static PyObject *host_arg(PyObject *args, const char *fmt, int dotted)
{
#if GS_PY3
    char *name = NULL;
    PyObject *b;
    (void)dotted;
    if (!PyArg_ParseTuple(args, fmt, "idna", &name))
        return NULL;
    b = PyBytes_FromString(name);
    PyMem_Free(name);
    return b;
#else
    const char *name;
    char text[32];
    if (!PyArg_ParseTuple(args, fmt, &name))
        return NULL;
    if (dotted && gs_dotted_quad(name, text, sizeof text))
        name = text;
    return PyString_FromString(name);
#endif
}

static PyObject *fn_gethostbyname(PyObject *self, PyObject *args)
{
    gs_addr a;
    int rc;
    PyObject *b = host_arg(args, GS_PY3 ? "et:gethostbyname" : "s:gethostbyname", 1);
    if (b == NULL)
        return NULL;
    if (gs_audit("socket.gethostbyname", "O", args) < 0) { Py_DECREF(b); return NULL; }
    memset(&a, 0, sizeof a);
    rc = gs_ipaddr(GS_Bytes_AS_STRING(b), AF_INET, &a); /* resolve.c */
    Py_DECREF(b);
    if (rc != 0)
        return gs_raise(rc);
    return gs_make_ipaddr(&a);
}

/* hostent_result builds (name, aliases, addresses) from a struct hostent,
 * as CPython's gethost_common. */
static PyObject *hostent_result(struct hostent *h, int af)
{
    PyObject *aliases = NULL, *addrs = NULL, *res = NULL;
    char **p;
    char text[INET6_ADDRSTRLEN];
    if (h->h_addrtype != af) {
        errno = EAFNOSUPPORT;
        return PyErr_SetFromErrno(gs_error);
    }
    aliases = PyList_New(0);
    addrs = PyList_New(0);
    if (aliases == NULL || addrs == NULL)
        goto out;
    for (p = h->h_aliases; p && *p; p++) {
        PyObject *s = GS_Str_FromString(*p);
        if (s == NULL || PyList_Append(aliases, s) < 0) {
            Py_XDECREF(s);
            goto out;
        }
        Py_DECREF(s);
    }
    for (p = h->h_addr_list; p && *p; p++) {
        PyObject *s;
        if (inet_ntop(h->h_addrtype, *p, text, sizeof text) == NULL)
            continue;
        s = GS_Str_FromString(text);
        if (s == NULL || PyList_Append(addrs, s) < 0) {
            Py_XDECREF(s);
            goto out;
        }
        Py_DECREF(s);
    }
    res = Py_BuildValue("(sOO)", h->h_name, aliases, addrs);
out:
    Py_XDECREF(aliases);
    Py_XDECREF(addrs);
    return res;
}

/* herror_status words a failed gethost*_r lookup as CPython does: it
 * raises herror with the thread's h_errno, which the reentrant functions
 * do not set (they report through their own argument), so the code is
 * whatever the thread's last resolver call left there, 0 at first (the
 * lookups ran on this thread). */
static int herror_status(int rc)
{
    if (GS_IS_HERR(rc))
        return GS_EHERR_BASE - h_errno;
    return rc;
}

/* HOSTBUF is the first scratch size for gethost*_r; ERANGE doubles it. */
#define HOSTBUF 16384

/* hostent_lookup runs gethostbyname_ex's (by_addr 0) or gethostbyaddr's
 * (by_addr 1) lookup (resolve.c), doubling the scratch buffer
 * while it reports ERANGE, and builds the (name, aliases, addresses)
 * result. It consumes the host bytes object b. */
static PyObject *hostent_lookup(PyObject *b, int by_addr)
{
    gs_addr a;
    int rc;
    long size = HOSTBUF;
    struct hostent *h = NULL;
    char *buf = NULL;
    PyObject *res = NULL;
    for (;;) {
        char *nb = PyMem_Realloc(buf, size);
        if (nb == NULL) {
            PyErr_NoMemory();
            goto out;
        }
        buf = nb;
        rc = gs_hostent(GS_Bytes_AS_STRING(b), by_addr, &a, buf, (size_t)size, &h); /* resolve.c */
        if (rc != ERANGE || size > (1 << 24))
            break;
        size *= 2;
    }
    if (rc != 0)
        gs_raise(herror_status(rc));
    else
        res = hostent_result(h, a.family);
out:
    PyMem_Free(buf);
    Py_DECREF(b);
    return res;
}

static PyObject *fn_gethostbyname_ex(PyObject *self, PyObject *args)
{
    PyObject *b = host_arg(args, GS_PY3 ? "et:gethostbyname_ex" : "s:gethostbyname_ex", 0);
    if (b != NULL && gs_audit("socket.gethostbyname", "O", args) < 0) Py_CLEAR(b);
    return b == NULL ? NULL : hostent_lookup(b, 0);
}

static PyObject *fn_gethostbyaddr(PyObject *self, PyObject *args)
{
    PyObject *b = host_arg(args, GS_PY3 ? "et:gethostbyaddr" : "s:gethostbyaddr", 1);
    if (b != NULL && gs_audit("socket.gethostbyaddr", "O", args) < 0) Py_CLEAR(b);
    return b == NULL ? NULL : hostent_lookup(b, 1);
}

/* port_arg turns getaddrinfo's port into a NUL-terminated service string
 * in buf, *keep or NULL, as the built-in module takes it: None; an int (3.x:
 * exactly int, formatted as a C long, or from 3.12 on as str() does, so any
 * size reaches getaddrinfo; 2.7: int or long); a str or bytes (2.7: str
 * only), taken up to its first NUL. */
static int port_arg(PyObject *o, char *buf, size_t n, const char **out, PyObject **keep)
{
    *keep = NULL;
    if (o == Py_None) {
        *out = NULL;
        return 0;
    }
#if GS_PY3
    if (PyLong_CheckExact(o)) {
#if GS_PYVER >= 0x030C
        *keep = PyObject_Str(o);
        if (*keep == NULL)
            return -1;
        *out = PyUnicode_AsUTF8(*keep);
        return *out == NULL ? -1 : 0;
#else
        long v = PyLong_AsLong(o);
        if (v == -1 && PyErr_Occurred())
            return -1;
        PyOS_snprintf(buf, n, "%ld", v);
        *out = buf;
        return 0;
#endif
    }
    if (PyUnicode_Check(o)) {
        *out = PyUnicode_AsUTF8(o);
        return *out == NULL ? -1 : 0;
    }
    if (PyBytes_Check(o)) {
        *out = PyBytes_AS_STRING(o);
        return 0;
    }
#if GS_PYVER >= 0x030E
    /* 3.14 takes any object with __index__, as its decimal text */
    if (PyIndex_Check(o)) {
        PyObject *i = PyNumber_Index(o);
        if (i == NULL)
            return -1;
        *keep = PyObject_Str(i);
        Py_DECREF(i);
        if (*keep == NULL)
            return -1;
        *out = PyUnicode_AsUTF8(*keep);
        return *out == NULL ? -1 : 0;
    }
#endif
    PyErr_SetString(gs_error, "Int or String expected");
#else
    if (PyInt_Check(o) || PyLong_Check(o)) {
        long v = PyLong_AsLong(o);
        if (v == -1 && PyErr_Occurred())
            return -1;
        PyOS_snprintf(buf, n, "%ld", v);
        *out = buf;
        return 0;
    }
    if (PyString_Check(o)) {
        *out = PyString_AS_STRING(o);
        return 0;
    }
    PyErr_SetString(gs_error, "getaddrinfo() argument 2 must be integer or string");
#endif
    return -1;
}

/* gai_host_arg turns getaddrinfo's host into a NUL-terminated string in
 * *keep (NULL for None): a str (2.7: unicode) is encoded with the "idna"
 * codec, bytes (2.7: str) taken as they are, up to a NUL. */
static int gai_host_arg(PyObject *o, PyObject **keep)
{
    *keep = NULL;
    if (o == Py_None)
        return 0;
    if (PyUnicode_Check(o)) {
        *keep = PyUnicode_AsEncodedString(o, "idna", NULL);
        return *keep == NULL ? -1 : 0;
    }
    if (GS_Bytes_Check(o)) {
        Py_INCREF(o);
        *keep = o;
        return 0;
    }
    PyErr_SetString(PyExc_TypeError, "getaddrinfo() argument 1 must be string or None");
    return -1;
}

#define AI_FIRST 16

static PyObject *fn_getaddrinfo(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"host", "port", "family", "type", "proto", "flags", NULL};
    PyObject *hobj, *pobj = NULL, *hkeep = NULL, *pkeep = NULL, *list = NULL;
    int family = AF_UNSPEC, socktype = 0, proto = 0, flags = 0, rc, n = 0, i, max = AI_FIRST;
    const char *host = NULL, *port = NULL;
    char pbuf[32], canon[1025];
    gs_ai first[AI_FIRST], *res = first;

#if GS_PY3
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|iiii:getaddrinfo", kwlist, &hobj, &pobj,
                                     &family, &socktype, &proto, &flags))
        return NULL;
#else
    /* 2.7's getaddrinfo takes positional arguments only. */
    (void)kwlist;
    if (kw != NULL && PyDict_Size(kw) > 0) {
        PyErr_SetString(PyExc_TypeError, "getaddrinfo() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "OO|iiii:getaddrinfo", &hobj, &pobj, &family, &socktype, &proto, &flags))
        return NULL;
#endif
    if (gai_host_arg(hobj, &hkeep) < 0)
        return NULL;
    if (hkeep != NULL)
        host = GS_Bytes_AS_STRING(hkeep);
    if (port_arg(pobj, pbuf, sizeof pbuf, &port, &pkeep) < 0)
        goto out;
    if (gs_audit("socket.getaddrinfo", "OOiii", hobj, pobj, family, socktype, proto) < 0) goto out;
    for (;;) {
        /* resolve.c: Go answers a query that needs no lookup with the GIL
         * held; a lookup releases it */
        rc = gs_addrinfo(host, port, family, socktype, proto, flags, res, max, &n, canon, sizeof canon);
        if (rc != 0 || n <= max)
            break;
        if (res != first)
            PyMem_Free(res);
        max = n;
        res = PyMem_Malloc(sizeof(gs_ai) * max);
        if (res == NULL) {
            PyErr_NoMemory();
            goto out;
        }
    }
    if (rc != 0) {
        gs_raise(rc);
        goto out;
    }
    list = PyList_New(0);
    if (list == NULL)
        goto out;
    for (i = 0; i < n; i++) {
        PyObject *addr = gs_make_addr(&res[i].addr, NULL), *t;
        if (addr == NULL)
            goto fail;
        /* family and type as socket.py's getaddrinfo gives them (stdlib.c) */
        t = Py_BuildValue("(NNisN)", gs_enum_family(res[i].family), gs_enum_socktype(res[i].socktype), res[i].protocol,
                          i == 0 ? canon : "", addr);
        if (t == NULL || PyList_Append(list, t) < 0) {
            Py_XDECREF(t);
            goto fail;
        }
        Py_DECREF(t);
    }
    goto out;
fail:
    Py_CLEAR(list);
out:
    if (res != first && res != NULL)
        PyMem_Free(res);
    Py_XDECREF(hkeep);
    Py_XDECREF(pkeep);
    return list;
}

/* The sockaddr format of getnameinfo: 3.7+ word every error in it as one;
 * 2.7 and 3.6 leave the interpreter's own. 2.7 resolves the host as a
 * name; 3.x takes only a numeric address (AI_NUMERICHOST). */
#if GS_PYVER >= 0x0307
#define NI_SA_FMT "si|II;getnameinfo(): illegal sockaddr argument"
#define NI_FLOWINFO_MSG "getnameinfo(): flowinfo must be 0-1048575."
#else
#define NI_SA_FMT "si|II"
#define NI_FLOWINFO_MSG "getsockaddrarg: flowinfo must be 0-1048575."
#endif
#if GS_PY3
#define NI_HINTS AI_NUMERICHOST
#else
#define NI_HINTS 0
#endif

static PyObject *fn_getnameinfo(PyObject *self, PyObject *args)
{
    PyObject *sa;
    const char *hostp;
    int flags, port, rc;
    unsigned int flowinfo = 0, scope_id = 0;
    char pbuf[16], host[1025], serv[32];
    gs_addr a;

    if (!PyArg_ParseTuple(args, "Oi:getnameinfo", &sa, &flags))
        return NULL;
    if (!PyTuple_Check(sa)) {
        PyErr_SetString(PyExc_TypeError, "getnameinfo() argument 1 must be a tuple");
        return NULL;
    }
    if (!PyArg_ParseTuple(sa, NI_SA_FMT, &hostp, &port, &flowinfo, &scope_id))
        return NULL;
    if (flowinfo > 0xfffff) {
        PyErr_SetString(PyExc_OverflowError, NI_FLOWINFO_MSG);
        return NULL;
    }
    if (gs_audit("socket.getnameinfo", "(O)", sa) < 0) return NULL;
    memset(&a, 0, sizeof a);
    a.host = hostp;
    a.flowinfo = flowinfo;
    a.scope_id = scope_id;
    PyOS_snprintf(pbuf, sizeof pbuf, "%d", port);
    rc = gs_nameinfo(&a, pbuf, (int)PyTuple_GET_SIZE(sa), NI_HINTS, flags, host, sizeof host, serv, sizeof serv);
    if (rc != 0)
        return gs_raise(rc);
    return Py_BuildValue("(ss)", host, serv);
}

static PyObject *fn_getservbyname(PyObject *self, PyObject *args)
{
    const char *name, *proto = NULL;
    struct servent se, *r = NULL;
    char buf[4096];
    if (!PyArg_ParseTuple(args, "s|s:getservbyname", &name, &proto))
        return NULL;
    if (gs_audit("socket.getservbyname", "ss", name, proto) < 0) return NULL;
    Py_BEGIN_ALLOW_THREADS
    getservbyname_r(name, proto, &se, buf, sizeof buf, &r);
    Py_END_ALLOW_THREADS
    if (r == NULL) {
        PyErr_SetString(gs_error, "service/proto not found");
        return NULL;
    }
    return GS_Int_FromLong((long)ntohs((unsigned short)r->s_port));
}

static PyObject *fn_getservbyport(PyObject *self, PyObject *args)
{
    int port;
    const char *proto = NULL;
    struct servent se, *r = NULL;
    char buf[4096];
    if (!PyArg_ParseTuple(args, "i|s:getservbyport", &port, &proto))
        return NULL;
    if (port < 0 || port > 0xffff) {
        PyErr_SetString(PyExc_OverflowError, "getservbyport: port must be 0-65535.");
        return NULL;
    }
    if (gs_audit("socket.getservbyport", "is", port, proto) < 0) return NULL;
    Py_BEGIN_ALLOW_THREADS
    getservbyport_r(htons((unsigned short)port), proto, &se, buf, sizeof buf, &r);
    Py_END_ALLOW_THREADS
    if (r == NULL) {
        PyErr_SetString(gs_error, "port/proto not found");
        return NULL;
    }
    return GS_Str_FromString(r->s_name);
}

static PyObject *fn_getprotobyname(PyObject *self, PyObject *args)
{
    const char *name;
    struct protoent pe, *r = NULL;
    char buf[4096];
    if (!PyArg_ParseTuple(args, "s:getprotobyname", &name))
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    getprotobyname_r(name, &pe, buf, sizeof buf, &r);
    Py_END_ALLOW_THREADS
    if (r == NULL) {
        PyErr_SetString(gs_error, "protocol not found");
        return NULL;
    }
    return GS_Int_FromLong((long)r->p_proto);
}

/* ---- what Lib/socket.py adds: getfqdn, create_connection ---- */

/* str_equal is socket.py's `name == s` (any object, any string type; a
 * str that UTF-8 cannot encode, such as a lone surrogate, is just unequal);
 * -1 with an exception set on failure. */
static int str_equal(PyObject *name, const char *s)
{
    PyObject *c = GS_Str_FromString(s);
    int r;
    if (c == NULL)
        return -1;
    r = PyObject_RichCompareBool(name, c, Py_EQ);
    Py_DECREF(c);
    return r;
}

/* fn_getfqdn is socket.getfqdn: the first name with a dot among the
 * canonical name and aliases of gethostbyaddr(name), else the canonical
 * name; name itself when the lookup fails. */
static PyObject *fn_getfqdn(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"name", NULL};
    PyObject *name = NULL, *stripped, *t, *result;
    Py_ssize_t i, n;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:getfqdn", kwlist, &name))
        return NULL;
    if (name == NULL)
        stripped = GS_Str_FromString("");
    else
        stripped = PyObject_CallMethod(name, "strip", NULL);
    if (stripped == NULL)
        return NULL;
    i = PyObject_IsTrue(stripped);
    if (i == 1)
        i = str_equal(stripped, "0.0.0.0");
    else if (i == 0)
        i = 1;
#if GS_PYVER >= 0x030A /* socket.py of 3.10.x/3.11.x patch releases too */
    if (i == 0)
        i = str_equal(stripped, "::");
#endif
    if (i < 0) {
        Py_DECREF(stripped);
        return NULL;
    }
    if (i) {
        Py_DECREF(stripped);
        stripped = fn_gethostname(self, NULL);
        if (stripped == NULL)
            return NULL;
    }
    args = PyTuple_Pack(1, stripped);
    if (args == NULL) {
        Py_DECREF(stripped);
        return NULL;
    }
    t = fn_gethostbyaddr(self, args);
    Py_DECREF(args);
    if (t == NULL) {
        if (!PyErr_ExceptionMatches(gs_error)) {
            Py_DECREF(stripped);
            return NULL;
        }
        PyErr_Clear();
        return stripped;
    }
    Py_DECREF(stripped);
    result = PyTuple_GET_ITEM(t, 0);
    {
        PyObject *aliases = PyTuple_GET_ITEM(t, 1);
        PyObject *cands = PySequence_List(aliases);
        if (cands == NULL || PyList_Insert(cands, 0, result) < 0) {
            Py_XDECREF(cands);
            Py_DECREF(t);
            return NULL;
        }
        n = PyList_GET_SIZE(cands);
        for (i = 0; i < n; i++) {
            PyObject *c = PyList_GET_ITEM(cands, i);
            const char *s = GS_Str_AsUTF8(c);
            if (s == NULL)
                PyErr_Clear();
            if (s && strchr(s, '.')) {
                result = c;
                break;
            }
        }
        Py_INCREF(result);
        Py_DECREF(cands);
    }
    Py_DECREF(t);
    return result;
}

/* gs_default_timeout_sentinel is _GLOBAL_DEFAULT_TIMEOUT. */
PyObject *gs_default_timeout_sentinel;

/* is_default_timeout accepts our sentinel and, when socket.py is loaded,
 * its _GLOBAL_DEFAULT_TIMEOUT, so http.client can pass either. */
static int is_default_timeout(PyObject *o)
{
    PyObject *mods, *sock, *std;
    if (o == gs_default_timeout_sentinel)
        return 1;
    mods = PySys_GetObject("modules");
    sock = mods ? PyDict_GetItemString(mods, "socket") : NULL;
    if (sock == NULL)
        return 0;
    std = PyObject_GetAttrString(sock, "_GLOBAL_DEFAULT_TIMEOUT");
    if (std == NULL) {
        PyErr_Clear();
        return 0;
    }
    Py_DECREF(std);
    return std == o;
}

/* call_method1 calls o.name(arg) with arg as the one argument, even when
 * arg is a tuple. */
static PyObject *call_method1(PyObject *o, const char *name, PyObject *arg)
{
    PyObject *meth = PyObject_GetAttrString(o, name), *r;
    if (meth == NULL)
        return NULL;
    r = PyObject_CallFunctionObjArgs(meth, arg, NULL);
    Py_DECREF(meth);
    return r;
}

/* module_attr is the module's attribute name (a new reference), else dflt:
 * socket.py's create_connection looks up socket and getaddrinfo at call
 * time, so a program (or a test) may replace them. */
static PyObject *module_attr(const char *name, PyObject *dflt)
{
    PyObject *d = gs_modobj != NULL ? PyModule_GetDict(gs_modobj) : NULL;
    PyObject *o = d != NULL ? PyDict_GetItemString(d, name) : NULL;
    if (o == NULL)
        o = dflt;
    Py_XINCREF(o);
    return o;
}

/* unpack2 is socket.py's `host, port = address`: any iterable of exactly
 * two items, with the exceptions (TypeError, ValueError) and messages of
 * the interpreter's unpacking. New references in *a and *b, or -1. */
static int unpack2(PyObject *o, PyObject **a, PyObject **b)
{
    PyObject *it, *extra;
    *a = *b = NULL;
    it = PyObject_GetIter(o);
    if (it == NULL) {
#if GS_PY3
        if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(o)->tp_iter == NULL && !PySequence_Check(o)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %.200s object", Py_TYPE(o)->tp_name);
        }
#endif
        return -1;
    }
    *a = PyIter_Next(it);
    if (*a != NULL)
        *b = PyIter_Next(it);
    if (*b == NULL) {
        if (!PyErr_Occurred())
#if GS_PY3
            PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected 2, got %d)", *a != NULL);
#else
            PyErr_Format(PyExc_ValueError, "need more than %d value%s to unpack", *a != NULL, *a != NULL ? "" : "s");
#endif
        goto fail;
    }
    extra = PyIter_Next(it);
    if (extra != NULL || PyErr_Occurred()) {
        if (extra != NULL) {
            Py_DECREF(extra);
#if GS_PY3
            PyErr_SetString(PyExc_ValueError, "too many values to unpack (expected 2)");
#else
            PyErr_SetString(PyExc_ValueError, "too many values to unpack");
#endif
        }
        goto fail;
    }
    Py_DECREF(it);
    return 0;
fail:
    Py_DECREF(it);
    Py_CLEAR(*a);
    Py_CLEAR(*b);
    return -1;
}

/* fn_create_connection is socket.create_connection: try each getaddrinfo
 * result for (host, port) with SOCK_STREAM in turn, and raise the last
 * error if none connects (3.11+ with all_errors: an ExceptionGroup of
 * them all). */
static PyObject *fn_create_connection(PyObject *self, PyObject *args, PyObject *kw)
{
#if GS_PYVER >= 0x030B
    static char *kwlist[] = {"address", "timeout", "source_address", "all_errors", NULL};
#else
    static char *kwlist[] = {"address", "timeout", "source_address", NULL};
#endif
    PyObject *address, *timeout = NULL, *source = Py_None, *host, *port, *infos, *it, *res, *errors, *sockcls;
    int all_errors = 0, bind_src;
#if GS_PYVER >= 0x030B
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO$p:create_connection", kwlist, &address, &timeout, &source,
                                     &all_errors))
        return NULL;
#else
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:create_connection", kwlist, &address, &timeout, &source))
        return NULL;
#endif
    if (unpack2(address, &host, &port) < 0)
        return NULL;
    bind_src = PyObject_IsTrue(source); /* socket.py: `if source_address:` */
    if (bind_src < 0) {
        Py_DECREF(host);
        Py_DECREF(port);
        return NULL;
    }
    {
        PyObject *gai = module_attr("getaddrinfo", NULL);
        infos = gai != NULL ? PyObject_CallFunction(gai, "OOii", host, port, 0, SOCK_STREAM) : NULL;
        if (gai == NULL)
            PyErr_SetString(PyExc_AttributeError, "getaddrinfo");
        Py_XDECREF(gai);
    }
    Py_DECREF(host);
    Py_DECREF(port);
    if (infos == NULL)
        return NULL;
    it = PyObject_GetIter(infos);
    Py_DECREF(infos);
    if (it == NULL)
        return NULL;
    errors = PyList_New(0);
    sockcls = module_attr("socket", (PyObject *)GS_SOCK_CLASS);
    if (errors == NULL)
        goto fail;
    while ((res = PyIter_Next(it)) != NULL) {
        PyObject *af, *st, *pr, *cn, *sa, *sock = NULL, *r;
        if (!PyArg_ParseTuple(res, "OOOOO", &af, &st, &pr, &cn, &sa)) {
            Py_DECREF(res);
            goto fail;
        }
        sock = PyObject_CallFunctionObjArgs(sockcls, af, st, pr, NULL);
        if (sock == NULL)
            goto failed;
        if (timeout != NULL && !is_default_timeout(timeout)) {
            r = call_method1(sock, "settimeout", timeout);
            if (r == NULL)
                goto failed;
            Py_DECREF(r);
        }
        if (bind_src) {
            r = call_method1(sock, "bind", source);
            if (r == NULL)
                goto failed;
            Py_DECREF(r);
        }
        r = call_method1(sock, "connect", sa);
        if (r == NULL)
            goto failed;
        Py_DECREF(r);
        Py_DECREF(res);
        Py_DECREF(it);
        Py_DECREF(errors);
        Py_DECREF(sockcls);
        return sock;
    failed:
        Py_DECREF(res);
        if (!PyErr_ExceptionMatches(gs_error)) {
            Py_XDECREF(sock);
            goto fail;
        }
        {
            /* errors holds (type, value, traceback) triples */
            PyObject *et, *ev, *tb, *triple;
            PyErr_Fetch(&et, &ev, &tb);
            PyErr_NormalizeException(&et, &ev, &tb);
#if GS_PY3
            if (tb != NULL)
                PyException_SetTraceback(ev, tb);
#endif
            triple = Py_BuildValue("(OOO)", et, ev, tb != NULL ? tb : Py_None);
            Py_XDECREF(et);
            Py_XDECREF(ev);
            Py_XDECREF(tb);
            if (!all_errors)
                PyList_SetSlice(errors, 0, PyList_GET_SIZE(errors), NULL); /* only the last */
            if (triple == NULL || PyList_Append(errors, triple) < 0) {
                Py_XDECREF(triple);
                Py_XDECREF(sock);
                goto fail;
            }
            Py_DECREF(triple);
        }
        if (sock != NULL) {
            r = PyObject_CallMethod(sock, "close", NULL);
            Py_DECREF(sock);
            if (r == NULL)
                goto fail;
            Py_DECREF(r);
        }
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(it);
    Py_DECREF(sockcls);
    if (PyList_GET_SIZE(errors) == 0) {
        Py_DECREF(errors);
        PyErr_SetString(gs_error, "getaddrinfo returns an empty list");
        return NULL;
    }
#if GS_PYVER >= 0x030B
    if (all_errors) {
        PyObject *excs = PyList_New(0), *eg = NULL;
        Py_ssize_t k;
        for (k = 0; excs != NULL && k < PyList_GET_SIZE(errors); k++)
            if (PyList_Append(excs, PyTuple_GET_ITEM(PyList_GET_ITEM(errors, k), 1)) < 0)
                Py_CLEAR(excs);
        if (excs != NULL)
            eg = PyObject_CallFunction(PyExc_BaseExceptionGroup, "sO", "create_connection failed", excs);
        Py_XDECREF(excs);
        Py_DECREF(errors);
        if (eg != NULL) {
            PyErr_SetObject((PyObject *)Py_TYPE(eg), eg);
            Py_DECREF(eg);
        }
        return NULL;
    }
#endif
    {
        PyObject *e = PyList_GET_ITEM(errors, 0), *tb = PyTuple_GET_ITEM(e, 2);
        Py_INCREF(PyTuple_GET_ITEM(e, 0));
        Py_INCREF(PyTuple_GET_ITEM(e, 1));
        Py_INCREF(tb);
        PyErr_Restore(PyTuple_GET_ITEM(e, 0), PyTuple_GET_ITEM(e, 1), tb);
        if (tb == Py_None) {
            PyObject *a, *b, *c;
            PyErr_Fetch(&a, &b, &c);
            Py_XDECREF(c);
            PyErr_Restore(a, b, NULL);
        }
        Py_DECREF(errors);
    }
    return NULL;
fail:
    Py_DECREF(it);
    Py_XDECREF(errors);
    Py_XDECREF(sockcls);
    return NULL;
}

/* fn__fork_stats is gosocket's own: how long forks waited (fork.c). */
static PyObject *fn__fork_stats(PyObject *self, PyObject *unused)
{
    return gs_fork_stats();
}

PyMethodDef gs_functions[] = {
    {"_fork_stats", fn__fork_stats, METH_NOARGS,
     "_fork_stats() -> (forks, total wait, longest wait, forks that gave up waiting for Go to sleep, Go threads, forks that cleaned exited threads' Go state)"},
    {"getdefaulttimeout", fn_getdefaulttimeout, METH_NOARGS, "getdefaulttimeout() -> timeout"},
    {"setdefaulttimeout", fn_setdefaulttimeout, METH_O, "setdefaulttimeout(timeout)"},
    {"socketpair", (PyCFunction)fn_socketpair, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("socketpair($module, /, family=None, type=SOCK_STREAM, proto=0)",
            "socketpair([family[, type[, proto]]]) -> (socket object, socket object)")},
    {"fromfd", (PyCFunction)fn_fromfd, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("fromfd($module, /, fd, family, type, proto=0)", "fromfd(fd, family, type[, proto]) -> socket object")},
#if GS_PY3
    {"CMSG_LEN", gs_fn_CMSG_LEN, METH_VARARGS, "CMSG_LEN(length) -> control message length"},
    {"CMSG_SPACE", gs_fn_CMSG_SPACE, METH_VARARGS, "CMSG_SPACE(length) -> buffer size"},
    {"dup", fn_dup, METH_O, "dup(integer) -> integer"},
#endif
#if GS_PYVER >= 0x0307
    {"close", fn_close, METH_O, "close(integer) -> None"},
#endif
#if GS_PYVER >= 0x030D
#define GS_SIG313(sig, doc) GS_SIG(sig, doc)
#else
#define GS_SIG313(sig, doc) doc
#endif
#if GS_PYVER >= 0x030E
    /* 3.14 names the argument of all four "integer", and if_indextoname's
     * "if_index". */
    {"ntohs", fn_ntohs, METH_O, GS_SIG("ntohs($module, integer, /)", "Convert a 16-bit unsigned integer from network to host byte order.")},
    {"ntohl", fn_ntohl, METH_O, GS_SIG("ntohl($module, integer, /)", "Convert a 32-bit unsigned integer from network to host byte order.")},
    {"htons", fn_htons, METH_O, GS_SIG("htons($module, integer, /)", "Convert a 16-bit unsigned integer from host to network byte order.")},
    {"htonl", fn_htonl, METH_O, GS_SIG("htonl($module, integer, /)", "Convert a 32-bit unsigned integer from host to network byte order.")},
#else
    {"ntohs", fn_ntohs, METH_VARARGS, GS_SIG313("ntohs($module, x, /)", "ntohs(integer) -> integer")},
    {"ntohl", fn_ntohl, METH_O, "ntohl(integer) -> integer"},
    {"htons", fn_htons, METH_VARARGS, GS_SIG313("htons($module, x, /)", "htons(integer) -> integer")},
    {"htonl", fn_htonl, METH_O, "htonl(integer) -> integer"},
#endif
    {"inet_aton", fn_inet_aton, METH_VARARGS,
     GS_SIG313("inet_aton($module, ip_addr, /)", "inet_aton(string) -> bytes giving packed 32-bit IP representation")},
    {"inet_ntoa", fn_inet_ntoa, METH_VARARGS,
     GS_SIG313("inet_ntoa($module, packed_ip, /)", "inet_ntoa(packed_ip) -> ip_address_string")},
    {"inet_pton", fn_inet_pton, METH_VARARGS, "inet_pton(af, ip) -> packed IP address string"},
    {"inet_ntop", fn_inet_ntop, METH_VARARGS, "inet_ntop(af, packed_ip) -> string formatted IP address"},
    {"gethostname", fn_gethostname, METH_NOARGS, "gethostname() -> string"},
#if GS_PY3
    {"sethostname", gs_fn_sethostname, METH_VARARGS, "sethostname(name)"},
    {"if_nameindex", gs_fn_if_nameindex, METH_NOARGS, "if_nameindex() -> list of (index, name)"},
    {"if_nametoindex", gs_fn_if_nametoindex, GS_PYVER >= 0x030D ? METH_O : METH_VARARGS, GS_SIG313("if_nametoindex($module, oname, /)", "if_nametoindex(name) -> index")},
#if GS_PYVER >= 0x030E
    {"if_indextoname", gs_fn_if_indextoname, METH_O,
     GS_SIG("if_indextoname($module, if_index, /)", "Returns the interface name corresponding to the interface index if_index.")},
#else
    {"if_indextoname", gs_fn_if_indextoname, METH_O, "if_indextoname(index) -> name"},
#endif
#endif
    {"gethostbyname", fn_gethostbyname, METH_VARARGS, "gethostbyname(host) -> address"},
    {"gethostbyname_ex", fn_gethostbyname_ex, METH_VARARGS, "gethostbyname_ex(host) -> (name, aliaslist, addresslist)"},
    {"gethostbyaddr", fn_gethostbyaddr, METH_VARARGS, "gethostbyaddr(host) -> (name, aliaslist, addresslist)"},
    {"getaddrinfo", (PyCFunction)fn_getaddrinfo, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("getaddrinfo($module, /, host, port, family=0, type=0, proto=0, flags=0)",
            "getaddrinfo(host, port [, family, type, proto, flags]) -> list of (family, type, proto, canonname, sockaddr)")},
    {"getnameinfo", fn_getnameinfo, METH_VARARGS, "getnameinfo(sockaddr, flags) --> (host, port)"},
    {"getservbyname", fn_getservbyname, METH_VARARGS, "getservbyname(servicename[, protocolname]) -> integer"},
    {"getservbyport", fn_getservbyport, METH_VARARGS, "getservbyport(port[, protocolname]) -> string"},
    {"getprotobyname", fn_getprotobyname, METH_VARARGS, "getprotobyname(name) -> integer"},
    {"getfqdn", (PyCFunction)fn_getfqdn, METH_VARARGS | METH_KEYWORDS,
     GS_SIG("getfqdn($module, /, name='')", "getfqdn([name]) -> fully qualified domain name")},
    /* no text signature: its timeout default (_GLOBAL_DEFAULT_TIMEOUT) is
     * an object, and a text signature spells literal defaults only */
    {"create_connection", (PyCFunction)fn_create_connection, METH_VARARGS | METH_KEYWORDS,
     "create_connection(address[, timeout[, source_address]]) -> socket object"},
    {NULL, NULL, 0, NULL}};
