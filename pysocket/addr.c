/* addr.c: Python address objects <-> gs_addr fields, with the checks and
 * messages of CPython's getsockaddrarg and makesockaddr. Go does the kernel
 * encoding and the name resolution. */
#include "glue.h"
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <linux/if_packet.h>
#include <linux/tipc.h>
#include <linux/can.h>
#include <net/if.h>
#include <errno.h>
#include <netdb.h>

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

/* tuple_error raises CPython's "must be tuple" TypeError. */
static int tuple_error(const char *fam, PyObject *obj, const char *caller)
{
    PyErr_Format(PyExc_TypeError, GS_CALLER_FMT "%s address must be tuple, not %.500s", GS_CALLER_ARG(caller), fam,
                 Py_TYPE(obj)->tp_name);
    return -1;
}

/* The PyArg_ParseTuple formats of getsockaddrarg, so that arity, type and
 * int-range errors are the interpreter's own: 3.8+ replace the arity and
 * type messages with one line per family. */
#if GS_PYVER >= 0x0308
#define INET_FMT "O&i;AF_INET address must be a pair (host, port)"
#define INET6_FMT "O&i|II;AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"
#define NETLINK_FMT "II;AF_NETLINK address must be a pair (pid, groups)"
#elif GS_PY3
#define INET_FMT "O&i:getsockaddrarg"
#define INET6_FMT "O&i|II"
#define NETLINK_FMT "II:getsockaddrarg"
#else
#define INET_FMT "eti:getsockaddrarg"
#define INET6_FMT "eti|II"
#define NETLINK_FMT "II:getsockaddrarg"
#endif

#if GS_PY3
/* host_converter is CPython 3's idna_converter for "O&". */
static int host_converter(PyObject *obj, void *out)
{
    if (gs_parse_host(obj, (PyObject **)out) == 0)
        return 1;
    /* idna_converter: a host the idna codec cannot encode (a lone
     * surrogate, a label too long) is a TypeError in an address. */
    if (PyErr_ExceptionMatches(PyExc_UnicodeError)) {
        PyErr_Clear();
        PyErr_SetString(PyExc_TypeError, "encoding of hostname failed");
    }
    return 0;
}
#else
/* gs_dotted_quad is the shortcut 2.7's setipaddr takes before anything else
 * but "" and "<broadcast>": what sscanf's "%d.%d.%d.%d%c" reads as exactly
 * four numbers 0-255 (so " 1.2.3.4", "+1.2.3.4" and "01.2.3.4" too) is
 * that IPv4 address, written to text in canonical form. */
int gs_dotted_quad(const char *name, char *text, size_t n)
{
    int d1, d2, d3, d4;
    char ch;
    if (sscanf(name, "%d.%d.%d.%d%c", &d1, &d2, &d3, &d4, &ch) != 4)
        return 0;
    if (d1 < 0 || d1 > 255 || d2 < 0 || d2 > 255 || d3 < 0 || d3 > 255 || d4 < 0 || d4 > 255)
        return 0;
    PyOS_snprintf(text, n, "%d.%d.%d.%d", d1, d2, d3, d4);
    return 1;
}

/* setipaddr27 rewrites the host of an AF_INET or AF_INET6 address the way
 * 2.7's setipaddr sees it: a dotted quad is canonical text for AF_INET. On
 * AF_INET6 2.7 writes the IPv4 address into a sockaddr_in6 it then fills
 * around: the four bytes land in sin6_flowinfo (overwritten) and sin6_addr
 * keeps 8 zero bytes followed by whatever was on the stack. In connect and
 * connect_ex that residue is zero, so the address is "::" (this host); in
 * bind and sendto it is a pointer, never a local address, which gosocket
 * stands in for with ::1:0:0:0. */
static int setipaddr27(gs_addrkeep *keep, int family, const char *caller)
{
    char text[32];
    const char *host = PyString_AS_STRING(keep->host), *use;
    if (!gs_dotted_quad(host, text, sizeof text))
        return 0;
    if (family == AF_INET)
        use = text;
    else if (strncmp(caller, "connect", 7) == 0)
        use = "::";
    else
        use = "::1:0:0:0";
    Py_DECREF(keep->host);
    keep->host = PyString_FromString(use);
    return keep->host == NULL ? -1 : 0;
}
#endif

#if !GS_PY3
/* canonical_quad: s is four decimal numbers 0-255 without leading zeros,
 * dot-separated: text that 2.7's setipaddr leaves as it is. */
static int canonical_quad(const char *s)
{
    int i, v, n;
    for (i = 0; i < 4; i++) {
        for (v = 0, n = 0; s[n] >= '0' && s[n] <= '9' && n < 4; n++)
            v = v * 10 + (s[n] - '0');
        if (n == 0 || n > 3 || v > 255 || (n > 1 && s[0] == '0') || s[n] != (i < 3 ? '.' : 0))
            return 0;
        s += n + 1;
    }
    return 1;
}
#endif

/* fast_inet takes the common AF_INET address, an exact (str, int) tuple,
 * without converting the host: its own characters (3.x: an ASCII str; 2.7:
 * a str that is a canonical dotted quad) when they hold no NUL. It returns
 * 1 when done, 0 to leave obj to the general path (which raises). */
static int fast_inet(int family, PyObject *obj, gs_addr *a, gs_addrkeep *keep)
{
    PyObject *h, *p;
    const char *s;
    Py_ssize_t len;
    long port;
    if (family != AF_INET || !PyTuple_CheckExact(obj) || PyTuple_GET_SIZE(obj) != 2)
        return 0;
    h = PyTuple_GET_ITEM(obj, 0);
    p = PyTuple_GET_ITEM(obj, 1);
#if GS_PY3
    if (!PyUnicode_CheckExact(h) || PyUnicode_READY(h) < 0 || !PyUnicode_IS_COMPACT_ASCII(h) || !PyLong_CheckExact(p)) {
        PyErr_Clear();
        return 0;
    }
    s = (const char *)PyUnicode_DATA(h);
    len = PyUnicode_GET_LENGTH(h);
    port = PyLong_AsLong(p);
    if (port == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
#else
    if (!PyString_CheckExact(h) || !PyInt_CheckExact(p))
        return 0;
    s = PyString_AS_STRING(h);
    len = PyString_GET_SIZE(h);
    port = PyInt_AS_LONG(p);
    if (!canonical_quad(s))
        return 0;
#endif
    if (port < INT_MIN || port > INT_MAX || (Py_ssize_t)strlen(s) != len)
        return 0;
    a->port = (int)port;
    Py_INCREF(h);
    keep->host = h;
    a->host = s;
    return 1;
}

/* parse_inet reads an AF_INET or AF_INET6 address tuple into a; the host
 * is resolved and the port and flowinfo ranges are checked by Go. */
static int parse_inet(int family, PyObject *obj, gs_addr *a, gs_addrkeep *keep, const char *caller)
{
    const char *fam = family == AF_INET ? "AF_INET" : "AF_INET6";
    int ok;
    if (fast_inet(family, obj, a, keep))
        return 0;
    if (!PyTuple_Check(obj))
        return tuple_error(fam, obj, caller);
#if GS_PY3
    if (family == AF_INET)
        ok = PyArg_ParseTuple(obj, INET_FMT, host_converter, &keep->host, &a->port);
    else
        ok = PyArg_ParseTuple(obj, INET6_FMT, host_converter, &keep->host, &a->port, &a->flowinfo, &a->scope_id);
#else
    {
        char *host = NULL;
        if (family == AF_INET)
            ok = PyArg_ParseTuple(obj, INET_FMT, "idna", &host, &a->port);
        else
            ok = PyArg_ParseTuple(obj, INET6_FMT, "idna", &host, &a->port, &a->flowinfo, &a->scope_id);
        if (ok) {
            keep->host = PyString_FromString(host);
            PyMem_Free(host);
            if (keep->host == NULL || setipaddr27(keep, family, caller) < 0)
                goto fail;
        }
    }
#endif
    if (!ok) {
#if GS_PYVER >= 0x0308
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            gs_raise_addr(GS_EADDR_PORT, caller);
        }
#endif
        goto fail;
    }
    a->host = GS_Bytes_AS_STRING(keep->host);
    return 0;
fail:
    gs_addr_release(keep);
    return -1;
}

/* parse_unix_path takes what AF_UNIX's getsockaddrarg does: on 3.x a str
 * (filesystem-encoded) or any bytes-like object ("y*"); on 2.7 a string or
 * read-only character buffer ("t#": a unicode is encoded to ASCII, a
 * bytearray refused). */
static int parse_unix_path(PyObject *obj, gs_addr *a, gs_addrkeep *keep)
{
#if GS_PY3
    PyObject *b = NULL;
    if (PyUnicode_Check(obj)) {
        b = PyUnicode_EncodeFSDefault(obj);
        if (b == NULL)
            return -1;
        obj = b;
    }
    if (!PyArg_Parse(obj, "y*", &keep->path)) {
        Py_XDECREF(b);
        return -1;
    }
    keep->has_path = 1;
    keep->host = b; /* keeps the encoded str alive with the buffer */
    a->path = (const char *)keep->path.buf;
    a->pathlen = (long)keep->path.len;
#else
    const char *p;
    Py_ssize_t n;
    if (!PyArg_Parse(obj, "t#", &p, &n))
        return -1;
    a->path = p;
    a->pathlen = (long)n;
#endif
    return 0;
}

/* ---- AF_PACKET, AF_TIPC, AF_CAN, AF_ALG, AF_QIPCRTR, AF_RDS ----
 * The tuple rules of getsockaddrarg for each family in the interpreter's
 * version: 2.7 knows AF_PACKET and AF_TIPC; 3.6 adds AF_CAN (raw, BCM),
 * AF_ALG and AF_RDS; 3.7 CAN_ISOTP; 3.8 AF_QIPCRTR; 3.9 CAN_J1939.
 * Older versions name getsockaddrarg in their messages, 3.8+ the method;
 * 3.8+ also give each family a one-line arity/type message. An interface
 * name is looked up through an ioctl on the socket itself, as there. */

#if GS_PYVER >= 0x0308
#define PACKET_FMT "si|iiy*;AF_PACKET address must be a tuple of two to five elements"
#define TIPC_FMT "IIII|I;AF_TIPC address must be a tuple (addr_type, v1, v2, v3[, scope])"
#define CAN_FMT "O&;AF_CAN address must be a tuple (interface, )"
#define ALG_FMT "ss|HH;AF_ALG address must be a tuple (type, name[, feat[, mask]])"
#elif GS_PY3
#define PACKET_FMT "si|iiy*"
#define TIPC_FMT "IIII|I;Invalid TIPC address format"
#define CAN_FMT "O&"
#define ALG_FMT "ss|HH:getsockaddrarg"
#else
#define PACKET_FMT "si|iis#"
#define TIPC_FMT "IIII|I;Invalid TIPC address format"
#endif

/* ifindex_of resolves name as getsockaddrarg does, through an
 * SIOCGIFINDEX ioctl on the socket (its errno raised as the socket's
 * errors are). */
static int ifindex_of(gs_sock *s, const char *name, gs_addr *a)
{
    int idx = 0, rc = gs_addr_ifindex(s->fd, (char *)name, &idx);
    if (rc != 0) {
        gs_raise(rc);
        return -1;
    }
    a->ifindex = idx;
    return 0;
}

/* parse_packet reads AF_PACKET's (ifname, proto[, pkttype[, hatype[,
 * addr]]]): the interface first (an unknown name is the ioctl's OSError),
 * then the hardware address length (ValueError), then the protocol range
 * (OverflowError). */
static int parse_packet(gs_sock *s, PyObject *obj, gs_addr *a, const char *caller)
{
    const char *ifname;
    int proto, pkttype = PACKET_HOST, hatype = 0, ok;
#if GS_PY3
    Py_buffer hw = {NULL, NULL};
#else
    struct { char *buf; Py_ssize_t len; } hw = {NULL, 0};
#endif
    if (!PyTuple_Check(obj))
        return tuple_error("AF_PACKET", obj, caller);
#if GS_PY3
    ok = PyArg_ParseTuple(obj, PACKET_FMT, &ifname, &proto, &pkttype, &hatype, &hw);
#else
    ok = PyArg_ParseTuple(obj, PACKET_FMT, &ifname, &proto, &pkttype, &hatype, &hw.buf, &hw.len);
#endif
    if (!ok) {
#if GS_PYVER >= 0x0308
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_OverflowError, "%s(): address argument out of range", caller);
        }
#endif
        return -1;
    }
    if (ifindex_of(s, ifname, a) < 0)
        goto fail;
    if (hw.buf != NULL && hw.len > 8) {
        PyErr_SetString(PyExc_ValueError, "Hardware address must be 8 bytes or less");
        goto fail;
    }
    if (proto < 0 || proto > 0xffff) {
#if GS_PYVER >= 0x0308
        PyErr_Format(PyExc_OverflowError, "%s(): proto must be 0-65535.", caller);
#elif GS_PY3
        PyErr_SetString(PyExc_OverflowError, "getsockaddrarg: proto must be 0-65535.");
#else
        PyErr_SetString(PyExc_OverflowError, "getsockaddrarg: protoNumber must be 0-65535.");
#endif
        goto fail;
    }
    a->pkt_proto = (unsigned int)proto;
    a->pkttype = (unsigned char)pkttype;
    a->hatype = (unsigned short)hatype;
    a->hwlen = hw.buf != NULL ? (int)hw.len : 0;
    memset(a->hwaddr, 0, sizeof a->hwaddr);
    if (a->hwlen > 0)
        memcpy(a->hwaddr, hw.buf, a->hwlen);
#if GS_PY3
    PyBuffer_Release(&hw);
#endif
    return 0;
fail:
#if GS_PY3
    PyBuffer_Release(&hw);
#endif
    return -1;
}

/* parse_tipc reads AF_TIPC's (addr_type, v1, v2, v3[, scope]), unsigned
 * ints without range checks; an address type other than
 * TIPC_ADDR_NAMESEQ, TIPC_ADDR_NAME and TIPC_ADDR_ID is a TypeError. */
static int parse_tipc(PyObject *obj, gs_addr *a, const char *caller)
{
    unsigned int atype, v1, v2, v3, scope = TIPC_CLUSTER_SCOPE;
    if (!PyTuple_Check(obj))
        return tuple_error("AF_TIPC", obj, caller);
    if (!PyArg_ParseTuple(obj, TIPC_FMT, &atype, &v1, &v2, &v3, &scope))
        return -1;
    if (atype != TIPC_ADDR_NAMESEQ && atype != TIPC_ADDR_NAME && atype != TIPC_ADDR_ID) {
        PyErr_SetString(PyExc_TypeError, "Invalid address type");
        return -1;
    }
    a->tipc_type = atype;
    a->tipc_v1 = v1;
    a->tipc_v2 = v2;
    a->tipc_v3 = v3;
    a->tipc_scope = (signed char)scope;
    return 0;
}

#if GS_PY3
/* can_ifindex resolves an AF_CAN interface (already through
 * PyUnicode_FSConverter): "" is index 0, a name of 16 bytes or more is
 * OSError("AF_CAN interface name too long"), the rest goes to the ioctl. */
static int can_ifindex(gs_sock *s, PyObject *name, gs_addr *a)
{
    Py_ssize_t len = PyBytes_GET_SIZE(name);
    int rc = 0;
    if (len == 0)
        a->ifindex = 0;
    else if ((size_t)len < IF_NAMESIZE)
        rc = ifindex_of(s, PyBytes_AS_STRING(name), a);
    else {
        PyErr_SetString(PyExc_OSError, "AF_CAN interface name too long");
        rc = -1;
    }
    Py_DECREF(name);
    return rc;
}

/* parse_can reads AF_CAN's address by the socket's protocol: (interface,)
 * for CAN_RAW and CAN_BCM, (interface, rx_addr, tx_addr) for CAN_ISOTP
 * (3.7+), (interface, name, pgn, addr) for CAN_J1939 (3.9+), with
 * PyArg_ParseTuple's masking conversions; another protocol is OSError. */
static int parse_can(gs_sock *s, PyObject *obj, gs_addr *a, const char *caller)
{
    PyObject *name = NULL;
    switch (s->proto) {
    case CAN_RAW:
    case CAN_BCM:
#if GS_PYVER >= 0x0308
        if (!PyTuple_Check(obj))
            return tuple_error("AF_CAN", obj, caller);
#endif
        if (!PyArg_ParseTuple(obj, CAN_FMT, PyUnicode_FSConverter, &name))
            return -1;
        return can_ifindex(s, name, a);
#if GS_PYVER >= 0x0307
    case CAN_ISOTP: {
        unsigned long rx, tx;
        if (!PyArg_ParseTuple(obj, "O&kk", PyUnicode_FSConverter, &name, &rx, &tx))
            return -1;
        a->can_rx = (unsigned int)rx;
        a->can_tx = (unsigned int)tx;
        return can_ifindex(s, name, a);
    }
#endif
#if GS_PYVER >= 0x0309
    case CAN_J1939: {
        unsigned long long jname;
        unsigned int pgn;
        unsigned char addr;
        if (!PyArg_ParseTuple(obj, "O&KIB", PyUnicode_FSConverter, &name, &jname, &pgn, &addr))
            return -1;
        a->can_name = jname;
        a->can_pgn = pgn;
        a->can_addr = addr;
        return can_ifindex(s, name, a);
    }
#endif
    default:
        PyErr_Format(PyExc_OSError, GS_CALLER_FMT "unsupported CAN protocol", GS_CALLER_ARG(caller));
        return -1;
    }
}

/* parse_alg reads AF_ALG's (type, name[, feat[, mask]]): feat and mask
 * are "H" conversions (the low 16 bits, unchecked) as getsockaddrarg
 * stores them; a type of 14 bytes or more, then a name of 64 or more, is
 * a ValueError. */
static int parse_alg(PyObject *obj, gs_addr *a, const char *caller)
{
    const char *type, *name;
    unsigned short feat = 0, mask = 0;
#if GS_PYVER >= 0x0308
    if (!PyTuple_Check(obj))
        return tuple_error("AF_ALG", obj, caller);
#endif
    if (!PyArg_ParseTuple(obj, ALG_FMT, &type, &name, &feat, &mask))
        return -1;
    if (strlen(type) >= sizeof a->alg_type) {
        PyErr_SetString(PyExc_ValueError, "AF_ALG type too long.");
        return -1;
    }
    if (strlen(name) >= sizeof a->alg_name) {
        PyErr_SetString(PyExc_ValueError, "AF_ALG name too long.");
        return -1;
    }
    /* strncpy into the zeroed arrays: the string and zeros after it. */
    memset(a->alg_type, 0, sizeof a->alg_type);
    memset(a->alg_name, 0, sizeof a->alg_name);
    memcpy(a->alg_type, type, strlen(type));
    memcpy(a->alg_name, name, strlen(name));
    a->alg_feat = feat;
    a->alg_mask = mask;
    return 0;
}
#endif /* GS_PY3 */

#if GS_PY3 && defined(HAVE_BLUETOOTH_BLUETOOTH_H)
/* AF_BLUETOOTH, where the interpreter was built with Bluetooth
 * (HAVE_BLUETOOTH_BLUETOOTH_H in its pyconfig.h, as CPython's
 * USE_BLUETOOTH): the forms of CPython 3.14+, picked by the socket's
 * protocol. The protocol numbers are linux/bluetooth.h's. */
#define GS_HAVE_BLUETOOTH 1
#define GS_BTPROTO_L2CAP 0
#define GS_BTPROTO_HCI 1
#define GS_BTPROTO_SCO 2
#define GS_BTPROTO_RFCOMM 3
#define GS_BDADDR_BREDR 0
#define GS_HCI_CHANNEL_RAW 0

/* setbdaddr reads "XX:XX:XX:XX:XX:XX" (hexadecimal, as sscanf's %X reads
 * them, each below 256, nothing after) into bdaddr_t order, last byte
 * first, as CPython's setbdaddr; anything else is OSError("bad bluetooth
 * address"). */
static int setbdaddr(const char *name, unsigned char *bd)
{
    unsigned int b0, b1, b2, b3, b4, b5;
    char ch;
    if (sscanf(name, "%X:%X:%X:%X:%X:%X%c", &b5, &b4, &b3, &b2, &b1, &b0, &ch) != 6 ||
        (b0 | b1 | b2 | b3 | b4 | b5) >= 256) {
        PyErr_SetString(PyExc_OSError, "bad bluetooth address");
        return -1;
    }
    bd[0] = b0;
    bd[1] = b1;
    bd[2] = b2;
    bd[3] = b3;
    bd[4] = b4;
    bd[5] = b5;
    return 0;
}

/* makebdaddr is setbdaddr's inverse: "%02X:..." from the last byte. */
static PyObject *makebdaddr(const unsigned char *bd)
{
    return PyUnicode_FromFormat("%02X:%02X:%02X:%02X:%02X:%02X", bd[5], bd[4], bd[3], bd[2], bd[1], bd[0]);
}

static int bt_wrong_format(const char *caller)
{
    PyErr_Format(PyExc_OSError, "%s(): wrong format", caller);
    return -1;
}

/* parse_bluetooth reads an AF_BLUETOOTH address by the socket's protocol:
 * L2CAP (bdaddr, psm[, cid[, bdaddr_type]]), RFCOMM (bdaddr, channel),
 * HCI dev or (dev[, channel]), SCO bdaddr (str or bytes). A tuple that does
 * not parse is OSError("<method>(): wrong format"), as there. */
static int parse_bluetooth(gs_sock *s, PyObject *obj, gs_addr *a, const char *caller)
{
    const char *straddr;
    memset(a->bdaddr, 0, sizeof a->bdaddr);
    switch (s->proto) {
    case GS_BTPROTO_L2CAP: {
        unsigned short psm, cid = 0;
        unsigned char type = GS_BDADDR_BREDR;
        if (!PyArg_ParseTuple(obj, "sH|HB", &straddr, &psm, &cid, &type))
            return bt_wrong_format(caller);
        a->bt_psm = psm;
        a->bt_cid = cid;
        a->bt_type = type;
        return setbdaddr(straddr, a->bdaddr);
    }
    case GS_BTPROTO_RFCOMM: {
        unsigned char channel;
        if (!PyArg_ParseTuple(obj, "sB", &straddr, &channel))
            return bt_wrong_format(caller);
        a->bt_channel = channel;
        return setbdaddr(straddr, a->bdaddr);
    }
    case GS_BTPROTO_HCI: {
        unsigned short dev, channel = GS_HCI_CHANNEL_RAW;
        if (PyIndex_Check(obj)) {
            if (!PyArg_Parse(obj, "H", &dev))
                return -1;
        } else if (!PyArg_ParseTuple(obj, "H|H", &dev, &channel))
            return bt_wrong_format(caller);
        a->bt_dev = dev;
        a->bt_channel = channel;
        return 0;
    }
    case GS_BTPROTO_SCO:
        if (PyBytes_Check(obj)) {
            if (!PyArg_Parse(obj, "y", &straddr))
                return -1;
        } else if (PyUnicode_Check(obj)) {
            if (!PyArg_Parse(obj, "s", &straddr))
                return -1;
        } else
            return bt_wrong_format(caller);
        return setbdaddr(straddr, a->bdaddr);
    default:
        PyErr_Format(PyExc_OSError, "%s(): unknown Bluetooth protocol", caller);
        return -1;
    }
}

/* make_bluetooth is makesockaddr's AF_BLUETOOTH: L2CAP (bdaddr, psm), with
 * the cid when not 0, with cid and type when the type is not BR/EDR;
 * RFCOMM (bdaddr, channel); HCI dev, or (dev, channel) off the raw
 * channel; SCO bdaddr; another protocol ValueError. */
static PyObject *make_bluetooth(const gs_addr *in, int proto)
{
    gs_addr b = *in;
    PyObject *addr, *ret;
    int rc = gs_addr_bluetooth(&b, proto);
    if (rc != 0)
        return gs_raise(rc);
    switch (proto) {
    case GS_BTPROTO_L2CAP:
        if ((addr = makebdaddr(b.bdaddr)) == NULL)
            return NULL;
        if (b.bt_type != GS_BDADDR_BREDR)
            ret = Py_BuildValue("OiiB", addr, (int)b.bt_psm, (int)b.bt_cid, (int)b.bt_type);
        else if (b.bt_cid != 0)
            ret = Py_BuildValue("Oii", addr, (int)b.bt_psm, (int)b.bt_cid);
        else
            ret = Py_BuildValue("Oi", addr, (int)b.bt_psm);
        Py_DECREF(addr);
        return ret;
    case GS_BTPROTO_RFCOMM:
        if ((addr = makebdaddr(b.bdaddr)) == NULL)
            return NULL;
        ret = Py_BuildValue("Oi", addr, (int)b.bt_channel);
        Py_DECREF(addr);
        return ret;
    case GS_BTPROTO_HCI:
        if (b.bt_channel == GS_HCI_CHANNEL_RAW)
            return Py_BuildValue("i", (int)b.bt_dev);
        return Py_BuildValue("ii", (int)b.bt_dev, (int)b.bt_channel);
    case GS_BTPROTO_SCO:
        return makebdaddr(b.bdaddr);
    default:
        PyErr_SetString(PyExc_ValueError, "Unknown Bluetooth protocol");
        return NULL;
    }
}
#endif /* Bluetooth */

/* gs_parse_addr fills a from the Python address obj for socket s (its
 * family, its protocol for AF_CAN and Bluetooth, its descriptor for the
 * interface ioctl), as CPython's getsockaddrarg for caller. keep owns what
 * a points into until gs_addr_release. */
int gs_parse_addr(gs_sock *s, PyObject *obj, gs_addr *a, gs_addrkeep *keep, const char *caller)
{
    int family = s->family;
    memset(a, 0, offsetof(gs_addr, text));
    a->raw.len = 0;
    keep->host = NULL;
    keep->has_path = 0;
    a->family = family;
    a->proto = s->proto;
    switch (family) {
    case AF_INET:
    case AF_INET6:
        return parse_inet(family, obj, a, keep, caller);
#if GS_PY3
    case AF_RDS:
        /* RDS sockets take sockaddr_in, with AF_INET's rules and messages. */
        a->family = AF_INET;
        return parse_inet(AF_INET, obj, a, keep, caller);
    case AF_CAN:
        return parse_can(s, obj, a, caller);
    case AF_ALG:
        return parse_alg(obj, a, caller);
#endif
#if GS_PYVER >= 0x0308
    case AF_QIPCRTR:
        /* (node, port), unsigned ints; every version words the type error
         * as getsockaddrarg. */
        if (!PyTuple_Check(obj)) {
            PyErr_Format(PyExc_TypeError, "getsockaddrarg: AF_QIPCRTR address must be tuple, not %.500s",
                         Py_TYPE(obj)->tp_name);
            return -1;
        }
        if (!PyArg_ParseTuple(obj, "II:getsockaddrarg", &a->node, (unsigned int *)&a->port))
            return -1;
        return 0;
#endif
#ifdef GS_HAVE_BLUETOOTH
    case AF_BLUETOOTH:
        return parse_bluetooth(s, obj, a, caller);
#endif
    case AF_PACKET:
        return parse_packet(s, obj, a, caller);
    case AF_TIPC:
        return parse_tipc(obj, a, caller);
    case AF_UNIX:
        return parse_unix_path(obj, a, keep);
    case AF_NETLINK:
        if (!PyTuple_Check(obj))
            return tuple_error("AF_NETLINK", obj, caller);
        if (!PyArg_ParseTuple(obj, NETLINK_FMT, &a->pid, &a->groups))
            return -1;
        return 0;
#if GS_PYVER >= 0x0307
    case AF_VSOCK:
        /* (cid, port), two unsigned ints without range checks ("II");
         * every version words the type error as getsockaddrarg. */
        if (!PyTuple_Check(obj)) {
            PyErr_Format(PyExc_TypeError, "getsockaddrarg: AF_VSOCK address must be tuple, not %.500s",
                         Py_TYPE(obj)->tp_name);
            return -1;
        }
        if (!PyArg_ParseTuple(obj, "II:getsockaddrarg", &a->cid, (unsigned int *)&a->port))
            return -1;
        return 0;
#endif
    default:
#if GS_PYVER >= 0x0308
        PyErr_Format(PyExc_OSError, "%s(): bad family", caller);
#else
        PyErr_SetString(gs_error, "getsockaddrarg: bad family");
#endif
        return -1;
    }
}

/* gs_make_ipaddr returns the host text Go decoded, as a str. */
PyObject *gs_make_ipaddr(const gs_addr *a)
{
    return GS_Str_FromString(a->text);
}

/* addrlen_check is CPython's getsockaddrlen as a check: the families
 * whose addresses the interpreter's built-in module can take back from
 * the kernel (getsockname, getpeername, accept, recvfrom, recvmsg); any
 * other family of the socket is "getsockaddrlen: bad family". The
 * built-in module checks before its system call; gosocket checks when it
 * builds the address (for getsockname and getpeername the outcome is the
 * same; a recvfrom or accept has then taken its datagram or connection). */
static int addrlen_check(const gs_sock *s)
{
    switch (s->family) {
    case AF_UNIX:
    case AF_NETLINK:
    case AF_INET:
    case AF_INET6:
    case AF_PACKET:
    case AF_TIPC:
#if GS_PY3
    case AF_RDS:
    case AF_CAN:
    case AF_ALG:
#endif
#if GS_PYVER >= 0x0307
    case AF_VSOCK:
#endif
#if GS_PYVER >= 0x0308
    case AF_QIPCRTR:
#endif
        return 0;
#ifdef GS_HAVE_BLUETOOTH
    case AF_BLUETOOTH:
        if (s->proto == GS_BTPROTO_L2CAP || s->proto == GS_BTPROTO_RFCOMM || s->proto == GS_BTPROTO_HCI ||
            s->proto == GS_BTPROTO_SCO)
            return 0;
        PyErr_SetString(PyExc_OSError, "getsockaddrlen: unknown BT protocol");
        return -1;
#endif
    default:
#if GS_PY3
        PyErr_SetString(PyExc_OSError, "getsockaddrlen: bad family");
#else
        PyErr_SetString(gs_error, "getsockaddrlen: bad family");
#endif
        return -1;
    }
}

/* gs_make_addr builds the Python form of a decoded address, as CPython's
 * makesockaddr for socket s (NULL for getaddrinfo's results), after
 * addrlen_check: None for an empty address, tuples for the IP families,
 * netlink, (3.7+) vsock and the families above (AF_PACKET and AF_CAN name
 * the interface through an ioctl on s; AF_CAN and Bluetooth take their
 * form from s's protocol), str (bytes for the abstract namespace) for
 * AF_UNIX, and (family, raw bytes) for the rest. */
PyObject *gs_make_addr(const gs_addr *a, const gs_sock *s)
{
    int fd = s != NULL ? s->fd : -1, proto = s != NULL ? s->proto : 0;
    (void)proto; /* Bluetooth only */
    if (s != NULL && addrlen_check(s) < 0)
        return NULL;
    if (a->raw.len == 0)
        Py_RETURN_NONE;
    switch (a->family) {
#ifdef GS_HAVE_BLUETOOTH
    case AF_BLUETOOTH:
        return make_bluetooth(a, proto);
#endif
    case AF_PACKET: {
        char ifname[IF_NAMESIZE];
        gs_addr_ifname(fd, a->ifindex, ifname);
        return Py_BuildValue("shbh" GS_BYTES_FMT, ifname, (int)a->pkt_proto, (int)a->pkttype, (int)a->hatype,
                             (const char *)a->hwaddr, (Py_ssize_t)a->hwlen);
    }
    case AF_TIPC:
        if (a->tipc_type != TIPC_ADDR_NAMESEQ && a->tipc_type != TIPC_ADDR_NAME && a->tipc_type != TIPC_ADDR_ID) {
            PyErr_SetString(PyExc_ValueError, "Invalid address type");
            return NULL;
        }
        return Py_BuildValue("IIIII", a->tipc_type, a->tipc_v1, a->tipc_v2, a->tipc_v3, (unsigned int)a->tipc_scope);
#if GS_PY3
    case AF_CAN: {
        char ifname[IF_NAMESIZE];
        gs_addr_ifname(fd, a->ifindex, ifname);
#if GS_PYVER >= 0x0307
        if (proto == CAN_ISOTP)
            return Py_BuildValue("O&kk", PyUnicode_DecodeFSDefault, ifname, (unsigned long)a->can_rx,
                                 (unsigned long)a->can_tx);
#endif
#if GS_PYVER >= 0x0309
        if (proto == CAN_J1939)
            return Py_BuildValue("O&KIB", PyUnicode_DecodeFSDefault, ifname, a->can_name, a->can_pgn,
                                 (int)a->can_addr);
#endif
#if GS_PYVER >= 0x0308
        return Py_BuildValue("(O&)", PyUnicode_DecodeFSDefault, ifname);
#elif GS_PYVER >= 0x0307
        /* 3.7 returns the bare name, not a tuple. */
        return Py_BuildValue("O&", PyUnicode_DecodeFSDefault, ifname);
#else
        /* 3.6 returns (name, AF_CAN). */
        return Py_BuildValue("O&h", PyUnicode_DecodeFSDefault, ifname, (int)AF_CAN);
#endif
    }
    case AF_ALG:
        return Py_BuildValue("s#s#HH", a->alg_type, (Py_ssize_t)strnlen(a->alg_type, sizeof a->alg_type), a->alg_name,
                             (Py_ssize_t)strnlen(a->alg_name, sizeof a->alg_name), a->alg_feat, a->alg_mask);
#endif
#if GS_PYVER >= 0x0308
    case AF_QIPCRTR:
        return Py_BuildValue("II", a->node, (unsigned int)a->port);
#endif
    case AF_INET:
        return Py_BuildValue("(si)", a->text, a->port);
    case AF_INET6:
#if GS_PYVER < 0x0307
        /* 2.7 and 3.6 write the host with getnameinfo(NI_NUMERICHOST),
         * which adds the scope ("fe80::1%eth0", "2001:db8::1%7") where
         * inet_ntop does not; the rest is the same text. */
        if (a->scope_id != 0) {
            char host[NI_MAXHOST];
            int err = getnameinfo((const struct sockaddr *)&a->raw.ss, a->raw.len, host, sizeof host, NULL, 0,
                                  NI_NUMERICHOST);
            if (err == EAI_SYSTEM)
                return gs_raise_errno(errno);
            if (err != 0)
                return gs_raise(GS_EGAI_BASE + err);
            return Py_BuildValue("(siII)", host, a->port, a->flowinfo, a->scope_id);
        }
#endif
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
#if GS_PYVER >= 0x0307
    case AF_VSOCK:
        return Py_BuildValue("(II)", a->cid, (unsigned int)a->port);
#endif
    default: {
        const struct sockaddr *sa = (const struct sockaddr *)&a->raw.ss;
        return Py_BuildValue("(i" GS_BYTES_FMT ")", sa->sa_family, sa->sa_data, (Py_ssize_t)sizeof(sa->sa_data));
    }
    }
}
