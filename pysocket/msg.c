/* msg.c: sendmsg, recvmsg and recvmsg_into (3.x) and the CMSG_LEN and
 * CMSG_SPACE functions, with the argument checks, messages and ancillary
 * data handling of CPython's socketmodule.c. The struct msghdr, its iovecs
 * and its control buffer live in C memory; one Go call (msg.go) encodes the
 * destination or decodes the sender's address and runs the system call
 * through core's retry loop with the socket's deadline. */
#include "glue.h"
#include <poll.h>

#if GS_PY3
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>


/* The largest value CPython stores in a socklen_t for ancillary data. */
#if INT_MAX > 0x7fffffff
#define SOCKLEN_T_LIMIT 0x7fffffff
#else
#define SOCKLEN_T_LIMIT INT_MAX
#endif

/* cmsg_len_of sets *out to CMSG_LEN(n) when that is in range. */
static int cmsg_len_of(size_t n, size_t *out)
{
    size_t v;
    if (n > (size_t)SOCKLEN_T_LIMIT - CMSG_LEN(0))
        return 0;
    v = CMSG_LEN(n);
    if (v > SOCKLEN_T_LIMIT || v < n)
        return 0;
    *out = v;
    return 1;
}

/* cmsg_space_of sets *out to CMSG_SPACE(n) when that is in range;
 * CMSG_SPACE(1) counts the padding before and after the data. */
static int cmsg_space_of(size_t n, size_t *out)
{
    size_t v;
    if (n > (size_t)SOCKLEN_T_LIMIT - CMSG_SPACE(1))
        return 0;
    v = CMSG_SPACE(n);
    if (v > SOCKLEN_T_LIMIT || v < n)
        return 0;
    *out = v;
    return 1;
}

/* has_room: h is a header inside msg's control buffer with at least need
 * bytes (and its cmsg_len member) before the buffer's end. */
static int has_room(const struct msghdr *msg, const struct cmsghdr *h, size_t need)
{
    size_t off;
    const size_t len_end = offsetof(struct cmsghdr, cmsg_len) + sizeof(h->cmsg_len);
    if (h == NULL || msg->msg_control == NULL)
        return 0;
    if (need < len_end)
        need = len_end;
    off = (size_t)((const char *)h - (const char *)msg->msg_control);
    return off <= (size_t)-1 - need && off + need <= (size_t)msg->msg_controllen;
}

/* data_room sets *room to the bytes from CMSG_DATA(h) to the buffer's end. */
static int data_room(struct msghdr *msg, struct cmsghdr *h, size_t *room)
{
    size_t off = (size_t)((char *)CMSG_DATA(h) - (char *)msg->msg_control);
    if (off > (size_t)msg->msg_controllen)
        return 0;
    *room = (size_t)msg->msg_controllen - off;
    return 1;
}

/* item_len: -1 if h is not a valid header inside the buffer; else *len is
 * the length of its data that the buffer holds, and the result 0 when that
 * is all of it, 1 when the item was truncated. */
static int item_len(struct msghdr *msg, struct cmsghdr *h, size_t *len)
{
    size_t room, want;
    if (!has_room(msg, h, CMSG_LEN(0)) || h->cmsg_len < CMSG_LEN(0))
        return -1;
    want = h->cmsg_len - CMSG_LEN(0);
    if (!data_room(msg, h, &room))
        return -1;
    if (room >= want) {
        *len = want;
        return 0;
    }
    *len = room;
    return 1;
}

/* try_sendmsg sends the message in op->ctx (op->n data bytes in all). On a
 * blocking stream socket (GS_OP_PARTIAL) it goes on after a partial send,
 * as the kernel's blocking sendmsg does: the iovecs are advanced past what
 * went, and the ancillary data, which went with the first part, is not sent
 * again. The first attempt encodes (resolves) the address. */
static int try_sendmsg(gs_op *op)
{
    struct msghdr *m = op->ctx;
    for (;;) {
        long k = 0;
        int rc = gs_sendmsg_to(op->fd, m, op->a, op->enc, op->flags | MSG_DONTWAIT, &k);
        op->enc = 1;
        if (rc != 0)
            return (op->done > 0 && rc != EAGAIN) ? 0 : rc;
        op->done += k;
        if (!(op->opts & GS_OP_PARTIAL) || op->done >= op->n)
            return 0;
        while (k > 0 && m->msg_iovlen > 0) {
            if ((size_t)k >= m->msg_iov[0].iov_len) {
                k -= (long)m->msg_iov[0].iov_len;
                m->msg_iov++;
                m->msg_iovlen--;
            } else {
                m->msg_iov[0].iov_base = (char *)m->msg_iov[0].iov_base + k;
                m->msg_iov[0].iov_len -= (size_t)k;
                k = 0;
            }
        }
        m->msg_control = NULL;
        m->msg_controllen = 0;
    }
}

/* try_recvmsg receives into the message in op->ctx (op->n: its control
 * buffer's size), the sender's address into op->a. */
static int try_recvmsg(gs_op *op)
{
    return gs_recvmsg_from(op->fd, op->ctx, (size_t)op->n, op->a, op->flags | MSG_DONTWAIT, &op->done);
}


/* ---- sendmsg ---- */

typedef struct {
    int level, type;
    Py_buffer data;
} cmsg_item;

/* gs_sock_sendmsg is sendmsg(buffers[, ancdata[, flags[, address]]]). */
PyObject *gs_sock_sendmsg(PyObject *self, PyObject *args)
{
    gs_sock *s = (gs_sock *)self;
    PyObject *data_arg, *cmsg_arg = NULL, *addr_arg = NULL;
    PyObject *data_fast = NULL, *cmsg_fast = NULL, *ret = NULL;
    Py_buffer *bufs = NULL;
    struct iovec *iovs = NULL;
    cmsg_item *items = NULL;
    void *control = NULL;
    Py_ssize_t i, nparts = 0, nbufs = 0, ncmsgs = 0, nitems = 0;
    size_t controllen = 0, last = 0;
    struct msghdr msg;
    gs_addr a;
    gs_addrkeep keep;
    int have_addr = 0, flags = 0, rc, enc = 0;
    long got = 0;
    gs_op op;

#if GS_PYVER >= 0x030F
    {
        /* 3.15 (Argument Clinic): flags by PyLong_AsInt. */
        PyObject *flags_arg = NULL;
        if (!PyArg_ParseTuple(args, "O|OOO:sendmsg", &data_arg, &cmsg_arg, &flags_arg, &addr_arg))
            return NULL;
        if (flags_arg != NULL && gs_clinic_int(flags_arg, &flags) < 0)
            return NULL;
    }
#else
    if (!PyArg_ParseTuple(args, "O|OiO:sendmsg", &data_arg, &cmsg_arg, &flags, &addr_arg))
        return NULL;
#endif
    memset(&msg, 0, sizeof msg);

    if (addr_arg != NULL && addr_arg != Py_None) {
        if (gs_parse_addr(s, addr_arg, &a, &keep, "sendmsg") < 0)
            return NULL;
        have_addr = 1;
        /* Resolve the host now, before the data and the ancillary items are
         * read, as the built-in module does: a name that does not resolve
         * raises gaierror whatever else is wrong. */
        rc = gs_addr_encode(&a); /* resolve.c: a host name's lookup releases the GIL */
        if (rc != 0) {
            gs_raise_addr(rc, "sendmsg");
            goto out;
        }
        enc = 1;
    }
    if ((have_addr ? gs_audit_addr(&a, "socket.sendmsg", "OO", (PyObject *)s, addr_arg) : gs_audit("socket.sendmsg", "OO", (PyObject *)s, Py_None)) < 0) goto out;

    /* The data: one iovec per bytes-like object. */
    data_fast = gs_seq_snapshot(data_arg, "sendmsg() argument 1 must be an iterable");
    if (data_fast == NULL)
        goto out;
    nparts = PySequence_Fast_GET_SIZE(data_fast);
    if (nparts > INT_MAX) {
        PyErr_SetString(PyExc_OSError, "sendmsg() argument 1 is too long");
        goto out;
    }
    if (nparts > 0) {
        iovs = PyMem_New(struct iovec, nparts);
        bufs = PyMem_New(Py_buffer, nparts);
        if (iovs == NULL || bufs == NULL) {
            PyErr_NoMemory();
            goto out;
        }
    }
    for (; nbufs < nparts; nbufs++) {
        if (!PyArg_Parse(PySequence_Fast_GET_ITEM(data_fast, nbufs),
                         "y*;sendmsg() argument 1 must be an iterable of bytes-like objects", &bufs[nbufs]))
            goto out;
        iovs[nbufs].iov_base = bufs[nbufs].buf;
        iovs[nbufs].iov_len = bufs[nbufs].len;
    }
    msg.msg_iov = iovs;
    msg.msg_iovlen = nparts;

    /* The ancillary data: (level, type, data) items, then their total size. */
    if (cmsg_arg != NULL) {
        cmsg_fast = gs_seq_snapshot(cmsg_arg, "sendmsg() argument 2 must be an iterable");
        if (cmsg_fast == NULL)
            goto out;
        ncmsgs = PySequence_Fast_GET_SIZE(cmsg_fast);
    }
    if (ncmsgs > 0 && (items = PyMem_New(cmsg_item, ncmsgs)) == NULL) {
        PyErr_NoMemory();
        goto out;
    }
    while (nitems < ncmsgs) {
        size_t space;
        cmsg_item *it = &items[nitems];
        if (!PyArg_Parse(PySequence_Fast_GET_ITEM(cmsg_fast, nitems), "(iiy*):[sendmsg() ancillary data items]",
                         &it->level, &it->type, &it->data))
            goto out;
        nitems++;
        if (!cmsg_space_of((size_t)it->data.len, &space)) {
            PyErr_SetString(PyExc_OSError, "ancillary data item too large");
            goto out;
        }
        controllen += space;
        if (controllen > SOCKLEN_T_LIMIT || controllen < last) {
            PyErr_SetString(PyExc_OSError, "too much ancillary data");
            goto out;
        }
        last = controllen;
    }
    if (nitems > 0) {
        struct cmsghdr *h = NULL;
        control = PyMem_Malloc(controllen);
        if (control == NULL) {
            PyErr_NoMemory();
            goto out;
        }
        /* zeroed, since glibc's CMSG_NXTHDR reads the next cmsg_len */
        memset(control, 0, controllen);
        msg.msg_control = control;
        msg.msg_controllen = controllen;
        for (i = 0; i < nitems; i++) {
            size_t len, room, n = (size_t)items[i].data.len;
            int fits = 0;
            h = i == 0 ? CMSG_FIRSTHDR(&msg) : CMSG_NXTHDR(&msg, h);
            if (h == NULL) {
                PyErr_Format(PyExc_RuntimeError, "unexpected NULL result from %s()",
                             i == 0 ? "CMSG_FIRSTHDR" : "CMSG_NXTHDR");
                goto out;
            }
            if (!cmsg_len_of(n, &len)) {
                PyErr_SetString(PyExc_RuntimeError, "item size out of range for CMSG_LEN()");
                goto out;
            }
            if (has_room(&msg, h, len)) {
                h->cmsg_len = len;
                if (data_room(&msg, h, &room))
                    fits = room >= n;
            }
            if (!fits) {
                PyErr_SetString(PyExc_RuntimeError, "ancillary data does not fit in calculated space");
                goto out;
            }
            h->cmsg_level = items[i].level;
            h->cmsg_type = items[i].type;
            memcpy(CMSG_DATA(h), items[i].data.buf, n);
        }
    }

    gs_op_init(&op, s, POLLOUT, try_sendmsg, flags);
    op.ctx = &msg;
    op.a = have_addr ? &a : NULL;
    op.enc = enc;
    for (i = 0; i < nbufs; i++)
        op.n += bufs[i].len;
    if (GS_TIMEOUT(s) < 0 && s->type == SOCK_STREAM && !(flags & MSG_DONTWAIT))
        op.opts |= GS_OP_PARTIAL;
    rc = gs_call(&op);
    got = op.done;
    if (rc != 0)
        gs_raise_addr(rc, "sendmsg");
    else
        ret = PyLong_FromLong(got);

out:
    PyMem_Free(control);
    for (i = 0; i < nitems; i++)
        PyBuffer_Release(&items[i].data);
    PyMem_Free(items);
    Py_XDECREF(cmsg_fast);
    for (i = 0; i < nbufs; i++)
        PyBuffer_Release(&bufs[i]);
    PyMem_Free(bufs);
    PyMem_Free(iovs);
    Py_XDECREF(data_fast);
    if (have_addr)
        gs_addr_release(&keep);
    return ret;
}

/* ---- recvmsg, recvmsg_into ---- */

/* close_rights closes the descriptors that SCM_RIGHTS items brought, so
 * that an error after the system call does not leak them. */
static void close_rights(struct msghdr *msg)
{
    struct cmsghdr *h;
    size_t len;
    int st;
    for (h = msg->msg_controllen > 0 ? CMSG_FIRSTHDR(msg) : NULL; h != NULL; h = CMSG_NXTHDR(msg, h)) {
        st = item_len(msg, h, &len);
        if (st < 0)
            break;
        if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
            size_t k, n = len / sizeof(int);
            int fd;
            for (k = 0; k < n; k++) {
                memcpy(&fd, (char *)CMSG_DATA(h) + k * sizeof(int), sizeof fd);
                close(fd);
            }
        }
        if (st != 0)
            break;
    }
}

/* ancillary_list turns the control messages into (level, type, data)
 * tuples; an item cut short by the buffer's end comes with the part that
 * was received, after a RuntimeWarning, and ends the list. */
static PyObject *ancillary_list(struct msghdr *msg)
{
    struct cmsghdr *h;
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    for (h = msg->msg_controllen > 0 ? CMSG_FIRSTHDR(msg) : NULL; h != NULL; h = CMSG_NXTHDR(msg, h)) {
        PyObject *t;
        size_t len = 0;
        int st = item_len(msg, h, &len), bad;
        if (st != 0 && PyErr_WarnEx(PyExc_RuntimeWarning,
                                    "received malformed or improperly-truncated ancillary data", 1) == -1)
            goto fail;
        if (st < 0)
            break;
        if (len > PY_SSIZE_T_MAX) {
            PyErr_SetString(PyExc_OSError, "control message too long");
            goto fail;
        }
        t = Py_BuildValue("(iiy#)", (int)h->cmsg_level, (int)h->cmsg_type, (const char *)CMSG_DATA(h),
                          (Py_ssize_t)len);
        if (t == NULL)
            goto fail;
        bad = PyList_Append(list, t);
        Py_DECREF(t);
        if (bad)
            goto fail;
        if (st != 0)
            break;
    }
    return list;
fail:
    Py_DECREF(list);
    return NULL;
}

/* recvmsg_common receives into iov with a control buffer of controllen
 * bytes and returns (first, ancdata, msg_flags, address), where first is
 * the data (recvmsg: *data, trimmed to what was received) or the count
 * (recvmsg_into: data NULL). */
static PyObject *recvmsg_common(gs_sock *s, struct iovec *iov, int iovlen, int flags, Py_ssize_t controllen,
                                PyObject **data)
{
    struct msghdr msg;
    void *control = NULL;
    PyObject *first = NULL, *anc = NULL, *addr = NULL, *ret = NULL;
    gs_addr a;
    int rc;
    long got = 0;
    gs_op op;

    if (controllen < 0 || controllen > SOCKLEN_T_LIMIT) {
        PyErr_SetString(PyExc_ValueError, "invalid ancillary data buffer length");
        return NULL;
    }
    if (controllen > 0 && (control = PyMem_Malloc(controllen)) == NULL)
        return PyErr_NoMemory();
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = iov;
    msg.msg_iovlen = iovlen;
    msg.msg_control = control;
    a.family = AF_UNSPEC;

    gs_op_init(&op, s, POLLIN, try_recvmsg, flags);
    op.ctx = &msg;
    op.a = &a;
    op.n = controllen;
    rc = gs_call(&op);
    got = op.done;
    if (rc != 0) {
        PyMem_Free(control);
        return gs_raise(rc);
    }

    anc = ancillary_list(&msg);
    if (anc == NULL)
        goto closefds;
    if (data != NULL) {
        if (got < PyBytes_GET_SIZE(*data) && _PyBytes_Resize(data, got) < 0)
            goto closefds;
        first = *data;
        Py_INCREF(first);
    } else {
        first = PyLong_FromLong(got);
        if (first == NULL)
            goto closefds;
    }
    addr = gs_make_addr(&a, s);
    if (addr == NULL)
        goto closefds;
    ret = Py_BuildValue("(NNiN)", first, anc, (int)msg.msg_flags, addr);
    if (ret == NULL) {
        first = anc = addr = NULL; /* "N" took them */
        goto closefds;
    }
    PyMem_Free(control);
    return ret;

closefds:
    Py_XDECREF(first);
    Py_XDECREF(anc);
    Py_XDECREF(addr);
    close_rights(&msg);
    PyMem_Free(control);
    return NULL;
}

/* gs_sock_recvmsg is recvmsg(bufsize[, ancbufsize[, flags]]). */
PyObject *gs_sock_recvmsg(PyObject *self, PyObject *args)
{
    Py_ssize_t bufsize, ancbufsize = 0;
    int flags = 0;
    struct iovec iov;
    PyObject *buf, *ret;

    if (!PyArg_ParseTuple(args, "n|ni:recvmsg", &bufsize, &ancbufsize, &flags))
        return NULL;
    if (bufsize < 0) {
        PyErr_SetString(PyExc_ValueError, "negative buffer size in recvmsg()");
        return NULL;
    }
    buf = PyBytes_FromStringAndSize(NULL, bufsize);
    if (buf == NULL)
        return NULL;
    iov.iov_base = PyBytes_AS_STRING(buf);
    iov.iov_len = bufsize;
    ret = recvmsg_common((gs_sock *)self, &iov, 1, flags, ancbufsize, &buf);
    Py_XDECREF(buf);
    return ret;
}

/* gs_sock_recvmsg_into is recvmsg_into(buffers[, ancbufsize[, flags]]). */
PyObject *gs_sock_recvmsg_into(PyObject *self, PyObject *args)
{
    Py_ssize_t ancbufsize = 0, i, n, nbufs = 0;
    int flags = 0;
    struct iovec *iovs = NULL;
    Py_buffer *bufs = NULL;
    PyObject *arg, *fast, *ret = NULL;

    if (!PyArg_ParseTuple(args, "O|ni:recvmsg_into", &arg, &ancbufsize, &flags))
        return NULL;
    fast = gs_seq_snapshot(arg, "recvmsg_into() argument 1 must be an iterable");
    if (fast == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(fast);
    if (n > INT_MAX) {
        PyErr_SetString(PyExc_OSError, "recvmsg_into() argument 1 is too long");
        goto out;
    }
    if (n > 0 && ((iovs = PyMem_New(struct iovec, n)) == NULL || (bufs = PyMem_New(Py_buffer, n)) == NULL)) {
        PyErr_NoMemory();
        goto out;
    }
    for (; nbufs < n; nbufs++) {
        if (!PyArg_Parse(PySequence_Fast_GET_ITEM(fast, nbufs),
                         "w*;recvmsg_into() argument 1 must be an iterable of single-segment read-write buffers",
                         &bufs[nbufs]))
            goto out;
        iovs[nbufs].iov_base = bufs[nbufs].buf;
        iovs[nbufs].iov_len = bufs[nbufs].len;
    }
    ret = recvmsg_common((gs_sock *)self, iovs, (int)n, flags, ancbufsize, NULL);
out:
    for (i = 0; i < nbufs; i++)
        PyBuffer_Release(&bufs[i]);
    PyMem_Free(bufs);
    PyMem_Free(iovs);
    Py_DECREF(fast);
    return ret;
}

/* ---- CMSG_LEN, CMSG_SPACE ---- */

PyObject *gs_fn_CMSG_LEN(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    size_t v;
    if (!PyArg_ParseTuple(args, "n:CMSG_LEN", &n))
        return NULL;
    if (n < 0 || !cmsg_len_of((size_t)n, &v)) {
        PyErr_SetString(PyExc_OverflowError, "CMSG_LEN() argument out of range");
        return NULL;
    }
    return PyLong_FromSize_t(v);
}

PyObject *gs_fn_CMSG_SPACE(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    size_t v;
    if (!PyArg_ParseTuple(args, "n:CMSG_SPACE", &n))
        return NULL;
    if (n < 0 || !cmsg_space_of((size_t)n, &v)) {
        PyErr_SetString(PyExc_OverflowError, "CMSG_SPACE() argument out of range");
        return NULL;
    }
    return PyLong_FromSize_t(v);
}

#endif /* GS_PY3 */
