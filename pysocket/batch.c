/* batch.c: sendmmsg and recvmmsg, gosocket's batch datagram methods
 * (beyond the built-in module, which has neither). Each is one Go call and
 * one system call for many datagrams.
 *
 *   sock.sendmmsg(messages[, flags]) -> number of datagrams sent
 *       messages: an iterable whose items are bytes-like objects (for a
 *       connected socket) or (data, address) tuples, address as sendto
 *       takes it. At most 1024 (UIO_MAXIOV) are sent per call; the count
 *       sent may be smaller than len(messages), as send may send less.
 *   sock.recvmmsg(count, bufsize[, flags]) -> [(data, address), ...]
 *       waits for the first datagram (blocking, or up to the timeout) and
 *       returns it with every datagram already queued, at most count
 *       (1-1024); each is truncated to bufsize bytes, as recvfrom does.
 *
 * On UDP sockets sendmmsg lets core coalesce runs of equal-size datagrams
 * to one destination into UDP GSO sends (UDP_SEGMENT): the kernel splits
 * them back into the same datagrams, and the stack is crossed once per run
 * instead of once per datagram.
 *
 * Arguments are checked as sendto/recvfrom check theirs, with the same
 * exception types and messages (naming sendmmsg/recvmmsg). */
#include "glue.h"
#include <poll.h>
#include <string.h>

#define GS_MAX_BATCH 1024

#if GS_PY3
#define DATA_FMT "y*"
#else
#define DATA_FMT "s*"
#endif

#define SELF ((gs_sock *)self)

/* sendmmsg's per-call storage, in one allocation. */
typedef struct {
    struct mmsghdr *vec;
    struct mmsghdr *gsovec; /* UDP sockets: room for core to coalesce into */
    char *gsoctl;
    struct iovec *iov;
    Py_buffer *bufs;
    gs_addr *addrs;
    gs_addrkeep *keeps;
    Py_ssize_t naddr; /* addresses parsed into addrs */
    void *block;
} send_space;

/* GS_GSO_CTL is core.GSOControlSize: CMSG_SPACE(sizeof(uint16_t)). */
#define GS_GSO_CTL CMSG_SPACE(sizeof(uint16_t))

/* use_gso: UDP over IPv4/IPv6, which UDP GSO (UDP_SEGMENT) applies to. */
static int use_gso(gs_sock *s)
{
    return (s->family == AF_INET || s->family == AF_INET6) && (s->type & 0xf) == SOCK_DGRAM &&
           (s->proto == 0 || s->proto == IPPROTO_UDP);
}

static int send_alloc(send_space *sp, Py_ssize_t n, int gso)
{
    size_t m = n > 0 ? (size_t)n : 1;
    size_t sz = m * (sizeof(struct mmsghdr) + sizeof(struct iovec) + sizeof(Py_buffer) + sizeof(gs_addr) +
                     sizeof(gs_addrkeep) + (gso ? sizeof(struct mmsghdr) + GS_GSO_CTL : 0));
    char *p = PyMem_Malloc(sz);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memset(p, 0, sz);
    sp->block = p;
    sp->addrs = (gs_addr *)p; /* the largest alignment first */
    p += m * sizeof(gs_addr);
    sp->vec = (struct mmsghdr *)p;
    p += m * sizeof(struct mmsghdr);
    sp->iov = (struct iovec *)p;
    p += m * sizeof(struct iovec);
    sp->bufs = (Py_buffer *)p;
    p += m * sizeof(Py_buffer);
    sp->keeps = (gs_addrkeep *)p;
    p += m * sizeof(gs_addrkeep);
    sp->gsovec = NULL;
    sp->gsoctl = NULL;
    if (gso) {
        sp->gsovec = (struct mmsghdr *)p;
        p += m * sizeof(struct mmsghdr);
        sp->gsoctl = p;
    }
    return 0;
}

/* try_sendmmsg sends the datagrams of op->ctx (a send_space) from
 * op->done on; the first attempt encodes (resolves) the addresses. A
 * blocking socket (GS_OP_PARTIAL) goes on until all are sent, as the
 * kernel's blocking sendmmsg does; otherwise the count so far is the
 * answer. */
static int try_sendmmsg(gs_op *op)
{
    send_space *sp = op->ctx;
    for (;;) {
        long k = 0;
        int rc = gs_sendmmsg(op->fd, sp->vec + op->done, (int)(op->n - op->done), sp->addrs, (int)sp->naddr, op->enc,
                             op->flags | MSG_DONTWAIT, sp->gsovec, sp->gsoctl, &k);
        op->enc = 1;
        if (rc != 0)
            return (op->done > 0 && rc != EAGAIN) ? 0 : rc;
        op->done += k;
        if (op->done >= op->n || !(op->opts & GS_OP_PARTIAL))
            return 0;
    }
}

/* try_recvmmsg receives up to op->n datagrams into the vector op->ctx,
 * their senders into op->a. */
static int try_recvmmsg(gs_op *op)
{
    return gs_recvmmsg(op->fd, op->ctx, (int)op->n, op->a, op->flags | MSG_DONTWAIT, &op->done);
}


PyObject *gs_sock_sendmmsg(PyObject *self, PyObject *args)
{
    PyObject *arg, *fast, *prev = NULL, *res = NULL;
    int flags = 0, rc;
    Py_ssize_t n, i, nbufs = 0, naddr = 0;
    send_space sp;
    gs_op op;

    if (!PyArg_ParseTuple(args, "O|i:sendmmsg", &arg, &flags))
        return NULL;
    fast = gs_seq_snapshot(arg, "sendmmsg() argument 1 must be an iterable");
    if (fast == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(fast);
    if (n > GS_MAX_BATCH)
        n = GS_MAX_BATCH;
    if (send_alloc(&sp, n, n > 1 && use_gso(SELF)) < 0) {
        Py_DECREF(fast);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i), *data = item, *addr = NULL;
        struct msghdr *h = &sp.vec[i].msg_hdr;
        if (PyTuple_Check(item)) {
            if (PyTuple_GET_SIZE(item) != 2) {
                PyErr_SetString(PyExc_TypeError,
                                "sendmmsg() items must be bytes-like objects or (data, address) tuples");
                goto done;
            }
            data = PyTuple_GET_ITEM(item, 0);
            addr = PyTuple_GET_ITEM(item, 1);
        }
        if (!PyArg_Parse(data, DATA_FMT ":sendmmsg", &sp.bufs[i]))
            goto done;
        nbufs = i + 1;
        sp.iov[i].iov_base = sp.bufs[i].buf;
        sp.iov[i].iov_len = (size_t)sp.bufs[i].len;
        h->msg_iov = &sp.iov[i];
        h->msg_iovlen = 1;
        if (addr == NULL)
            continue;
        /* The same address object as the message before: the same slot,
         * parsed and resolved once. */
        if (addr != prev) {
            if (gs_parse_addr(SELF, addr, &sp.addrs[naddr], &sp.keeps[naddr], "sendmmsg") < 0)
                goto done;
            naddr++;
            prev = addr;
        }
        h->msg_name = &sp.addrs[naddr - 1].raw.ss;
    }
    sp.naddr = naddr;
    /* Host names are looked up now (resolve.c, the GIL released); the
     * first attempt encodes every address (then with its host in place). */
    for (i = 0; i < naddr; i++) {
        rc = gs_addr_encode(&sp.addrs[i]);
        if (rc != 0) {
            gs_raise_addr(rc, "sendmmsg");
            goto done;
        }
    }
    gs_op_init(&op, SELF, POLLOUT, try_sendmmsg, flags);
    op.ctx = &sp;
    op.n = n;
    if (GS_TIMEOUT(SELF) < 0 && !(flags & MSG_DONTWAIT))
        op.opts |= GS_OP_PARTIAL;
    rc = gs_call(&op);
    if (rc != 0)
        gs_raise_addr(rc, "sendmmsg");
    else
        res = GS_Int_FromLong(op.done);
done:
    for (i = 0; i < nbufs; i++)
        PyBuffer_Release(&sp.bufs[i]);
    for (i = 0; i < naddr; i++)
        gs_addr_release(&sp.keeps[i]);
    PyMem_Free(sp.block);
    Py_DECREF(fast);
    return res;
}

PyObject *gs_sock_recvmmsg(PyObject *self, PyObject *args)
{
    Py_ssize_t count, bufsize, i;
    int flags = 0, rc;
    long got = 0;
    size_t sz;
    char *block, *data;
    struct mmsghdr *vec;
    struct iovec *iov;
    gs_addr *addrs;
    PyObject *list = NULL, *prev = NULL;
    gs_op op;

    if (!PyArg_ParseTuple(args, "nn|i:recvmmsg", &count, &bufsize, &flags))
        return NULL;
    if (count < 1 || count > GS_MAX_BATCH) {
        PyErr_Format(PyExc_ValueError, "recvmmsg() count must be between 1 and %d", GS_MAX_BATCH);
        return NULL;
    }
    if (bufsize < 0) {
        PyErr_SetString(PyExc_ValueError, "negative buffersize in recvmmsg");
        return NULL;
    }
    if ((size_t)bufsize > (PY_SSIZE_T_MAX - 65536) / (size_t)count)
        return PyErr_NoMemory();
    sz = (size_t)count * (sizeof(gs_addr) + sizeof(struct mmsghdr) + sizeof(struct iovec));
    block = PyMem_Malloc(sz + (size_t)count * (size_t)bufsize + 1);
    if (block == NULL)
        return PyErr_NoMemory();
    memset(block, 0, sz);
    addrs = (gs_addr *)block;
    vec = (struct mmsghdr *)(addrs + count);
    iov = (struct iovec *)(vec + count);
    data = block + sz;
    for (i = 0; i < count; i++) {
        iov[i].iov_base = data + i * bufsize;
        iov[i].iov_len = (size_t)bufsize;
        vec[i].msg_hdr.msg_iov = &iov[i];
        vec[i].msg_hdr.msg_iovlen = 1;
        vec[i].msg_hdr.msg_name = &addrs[i].raw.ss;
    }
    gs_op_init(&op, SELF, POLLIN, try_recvmmsg, flags);
    op.ctx = vec;
    op.n = count;
    op.a = addrs;
    rc = gs_call(&op);
    got = op.done;
    if (rc != 0) {
        gs_raise(rc);
        goto done;
    }
    list = PyList_New(got);
    if (list == NULL)
        goto done;
    for (i = 0; i < got; i++) {
        /* With MSG_TRUNC the kernel reports a datagram's full length; the
         * data is what fitted. */
        Py_ssize_t len = vec[i].msg_len < (unsigned int)bufsize ? (Py_ssize_t)vec[i].msg_len : bufsize;
        PyObject *b = GS_Bytes_FromStringAndSize(data + i * bufsize, len), *addr, *t;
        if (b == NULL) {
            Py_CLEAR(list);
            goto done;
        }
        /* Datagrams from the sender of the one before share its address
         * object (tuples and str are immutable). */
        if (i > 0 && prev != NULL && addrs[i].raw.len == addrs[i - 1].raw.len &&
            memcmp(&addrs[i].raw.ss, &addrs[i - 1].raw.ss, addrs[i].raw.len) == 0) {
            addr = prev;
            Py_INCREF(addr);
        } else
            addr = gs_make_addr(&addrs[i], SELF);
        prev = addr;
        if (addr == NULL) {
            Py_DECREF(b);
            Py_CLEAR(list);
            goto done;
        }
        t = PyTuple_New(2);
        if (t == NULL) {
            Py_DECREF(b);
            Py_DECREF(addr);
            Py_CLEAR(list);
            goto done;
        }
        PyTuple_SET_ITEM(t, 0, b);
        PyTuple_SET_ITEM(t, 1, addr);
        PyList_SET_ITEM(list, i, t);
    }
done:
    PyMem_Free(block);
    return list;
}
