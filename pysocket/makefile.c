/* makefile.c: socket.makefile, natively, with the semantics of the running
 * interpreter's socket.py.
 *
 * 3.x: makefile() as socket.socket.makefile, over gosocket.SocketIO: a raw
 * I/O type derived from _io._RawIOBase (and registered with io.RawIOBase),
 * whose readinto and write call gs_recv / gs_send on the caller's buffer
 * with the GIL released; the io module's BufferedReader/BufferedWriter/
 * BufferedRWPair and TextIOWrapper do the buffering and the text.
 * 2.7: makefile() returns gosocket._fileobject, socket._fileobject in C.
 *
 * Both keep socket.py's count of the file objects using the descriptor
 * (gs_sock.io_refs): the socket's close() leaves the descriptor open while
 * one is, and the last one to close closes it. The count only ever moves
 * through makefile() and these objects, so a socket whose makefile is the
 * standard library's (gosocket installed as _socket, where socket.py keeps
 * its own _io_refs) always closes at once. */
#include "glue.h"
#include <errno.h>
#include <string.h>

/* own_methods: sock is a gosocket socket whose type keeps gosocket's own
 * methods of these names, so the file objects may go straight to its
 * descriptor instead of calling them (an ssl or user subclass that
 * overrides recv gets its methods called). */
static int own_methods(PyObject *sock, const char *const *names)
{
    if (Py_TYPE(sock) == GS_SOCK_TYPE)
        return 1;
    if (!PyObject_TypeCheck(sock, GS_SOCK_TYPE))
        return 0;
    for (; *names != NULL; names++) {
        PyObject *a = PyObject_GetAttrString((PyObject *)Py_TYPE(sock), *names);
        PyObject *b = PyObject_GetAttrString((PyObject *)GS_SOCK_TYPE, *names);
        int same = a != NULL && a == b;
        Py_XDECREF(a);
        Py_XDECREF(b);
        PyErr_Clear();
        if (!same)
            return 0;
    }
    return 1;
}

/* exc_errno is the errno of the exception being raised when it is one of
 * cls, else 0. */
static long exc_errno(PyObject *cls)
{
    PyObject *et, *ev, *tb, *args = NULL, *v = NULL;
    long err = 0;
    if (!PyErr_ExceptionMatches(cls))
        return 0;
    PyErr_Fetch(&et, &ev, &tb);
    PyErr_NormalizeException(&et, &ev, &tb);
    if (ev != NULL)
        args = PyObject_GetAttrString(ev, "args");
    if (args != NULL && PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0)
        v = PyTuple_GET_ITEM(args, 0);
    if (v != NULL && GS_Int_Check(v))
        err = PyLong_AsLong(v);
    Py_XDECREF(args);
    PyErr_Clear();
    PyErr_Restore(et, ev, tb);
    return err;
}

#if GS_PY3

/* ======================================================================
 * 3.x: SocketIO and makefile
 * ====================================================================== */

static PyObject *io_mod;          /* the io module */
static PyTypeObject *sio_base;    /* _io._RawIOBase */
static PyObject *sio_base_close;  /* _io._RawIOBase.close */
static PyObject *unsupported;     /* io.UnsupportedOperation */
static PyObject *sio_type;        /* gosocket.SocketIO */
static PyObject *mode_chars;      /* {"r", "w", "b"} */
static Py_ssize_t sio_off;        /* where sio_fields starts in an instance */

/* An instance is the base's layout (the _io object: dict, weakrefs)
 * followed by these fields, at an offset known when the type is made. */
typedef struct {
    PyObject *sock;  /* the socket (socket.py: _sock); None once closed */
    PyObject *mode;  /* "rb", "wb" or "rwb" */
    char reading, writing;
    char timed_out;  /* a read timed out: no more reads */
    char direct;     /* gs_recv/gs_send on the descriptor, not the methods */
} sio_fields;

#define SIO(o) ((sio_fields *)((char *)(o) + sio_off))

static const char *const sio_direct_names[] = {"recv_into", "send", "fileno", NULL};

/* sio_closed is self.closed: 1, 0, or -1 with an exception set. */
static int sio_closed(PyObject *self)
{
    static PyObject *name;
    PyObject *v;
    int r;
    if (name == NULL && (name = PyUnicode_InternFromString("closed")) == NULL)
        return -1;
    v = PyObject_GetAttr(self, name);
    if (v == NULL)
        return -1;
    r = PyObject_IsTrue(v);
    Py_DECREF(v);
    return r;
}

/* sio_check_closed is IOBase._checkClosed(). */
static int sio_check_closed(PyObject *self)
{
    int c = sio_closed(self);
    if (c > 0)
        PyErr_SetString(PyExc_ValueError, "I/O operation on closed file.");
    if (c == 0 && (SIO(self)->sock == NULL || SIO(self)->sock == Py_None)) {
        PyErr_SetString(PyExc_AttributeError, "SocketIO has no socket");
        return -1;
    }
    return c == 0 ? 0 : -1;
}

/* sio_check is _checkClosed() then _checkReadable() or _checkWritable(). */
static int sio_check(PyObject *self, int reading)
{
    if (sio_check_closed(self) < 0)
        return -1;
    if (!(reading ? SIO(self)->reading : SIO(self)->writing)) {
        PyErr_SetString(unsupported, reading ? "File or stream is not readable." : "File or stream is not writable.");
        return -1;
    }
    return 0;
}

/* sio_blocking_error: the exception being raised is an OSError for EAGAIN
 * or EWOULDBLOCK, which SocketIO turns into None. */
static int sio_blocking_error(void)
{
    long e = exc_errno(PyExc_OSError);
    return e == EAGAIN || e == EWOULDBLOCK;
}

/* buffer_arg parses one argument as the socket method would, so errors
 * read the same ("recv_into() argument 1 must be read-write bytes-like
 * object, not bytes"). */
static int buffer_arg(PyObject *obj, const char *fmt, Py_buffer *buf)
{
    PyObject *t;
    int ok;
    /* The usual case first: a contiguous buffer of the kind asked for, from
     * a type whose export runs no Python code (a class's __buffer__, 3.12+,
     * must run once: the parse below exports it). */
    if ((PyBytes_CheckExact(obj) || PyByteArray_CheckExact(obj) || PyMemoryView_Check(obj)) &&
        PyObject_GetBuffer(obj, buf, fmt[0] == 'w' ? PyBUF_WRITABLE : PyBUF_SIMPLE) == 0) {
        if (PyBuffer_IsContiguous(buf, 'C'))
            return 0;
        PyBuffer_Release(buf);
    }
    PyErr_Clear();
    t = PyTuple_Pack(1, obj);
    if (t == NULL)
        return -1;
    ok = PyArg_ParseTuple(t, fmt, buf);
    Py_DECREF(t);
    return ok ? 0 : -1;
}

static PyObject *sio_readinto(PyObject *self, PyObject *b)
{
    sio_fields *f = SIO(self);
    PyObject *sock, *r;
    if (sio_check(self, 1) < 0)
        return NULL;
    if (f->timed_out) {
        PyErr_SetString(PyExc_OSError, "cannot read from timed out object");
        return NULL;
    }
    sock = f->sock;
    Py_INCREF(sock);
    if (f->direct && PyObject_TypeCheck(sock, GS_SOCK_TYPE)) {
        gs_sock *s = (gs_sock *)sock;
        Py_buffer buf;
        long got = 0;
        int rc;
        if (buffer_arg(b, "w*:recv_into", &buf) < 0) {
            Py_DECREF(sock);
            return NULL;
        }
        rc = gs_fast_recv(s, buf.buf, buf.len, 0, &got); /* ops.c: try first */
        PyBuffer_Release(&buf);
        Py_DECREF(sock);
        if (rc == 0)
            return PyLong_FromLong(got);
        if (rc == EAGAIN || rc == EWOULDBLOCK)
            Py_RETURN_NONE;
        if (rc == GS_ETIMEOUT)
            f->timed_out = 1;
        return gs_raise(rc);
    }
    r = PyObject_CallMethod(sock, "recv_into", "O", b);
    Py_DECREF(sock);
    if (r == NULL) {
        if (PyErr_ExceptionMatches(gs_timeout))
            f->timed_out = 1;
        else if (sio_blocking_error()) {
            PyErr_Clear();
            Py_RETURN_NONE;
        }
    }
    return r;
}

static PyObject *sio_write(PyObject *self, PyObject *b)
{
    sio_fields *f = SIO(self);
    PyObject *sock, *r;
    if (sio_check(self, 0) < 0)
        return NULL;
    sock = f->sock;
    Py_INCREF(sock);
    if (f->direct && PyObject_TypeCheck(sock, GS_SOCK_TYPE)) {
        gs_sock *s = (gs_sock *)sock;
        Py_buffer buf;
        long got = 0;
        int rc;
        if (buffer_arg(b, "y*:send", &buf) < 0) {
            Py_DECREF(sock);
            return NULL;
        }
        rc = gs_fast_send(s, buf.buf, buf.len, 0, &got); /* ops.c: try first */
        PyBuffer_Release(&buf);
        Py_DECREF(sock);
        if (rc == 0)
            return PyLong_FromLong(got);
        if (rc == EAGAIN || rc == EWOULDBLOCK)
            Py_RETURN_NONE;
        return gs_raise(rc);
    }
    r = PyObject_CallMethod(sock, "send", "O", b);
    Py_DECREF(sock);
    if (r == NULL && sio_blocking_error()) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    return r;
}

/* sio_flag answers readable()/writable()/seekable(). */
static PyObject *sio_flag(PyObject *self, int v)
{
    int c = sio_closed(self);
    if (c < 0)
        return NULL;
    if (c) {
        PyErr_SetString(PyExc_ValueError, "I/O operation on closed socket.");
        return NULL;
    }
    return PyBool_FromLong(v);
}

static PyObject *sio_readable(PyObject *self, PyObject *unused)
{
    return sio_flag(self, SIO(self)->reading);
}

static PyObject *sio_writable(PyObject *self, PyObject *unused)
{
    return sio_flag(self, SIO(self)->writing);
}

static PyObject *sio_seekable(PyObject *self, PyObject *unused)
{
    return sio_flag(self, 0);
}

static PyObject *sio_fileno(PyObject *self, PyObject *unused)
{
    if (sio_check_closed(self) < 0)
        return NULL;
    if (SIO(self)->direct && PyObject_TypeCheck(SIO(self)->sock, GS_SOCK_TYPE))
        return PyLong_FromLong(((gs_sock *)SIO(self)->sock)->fd);
    return PyObject_CallMethod(SIO(self)->sock, "fileno", NULL);
}

/* sio_close closes the raw object, then tells the socket
 * (_decref_socketios), which closes the descriptor if the socket was
 * closed and this was the last file object. */
static PyObject *sio_close(PyObject *self, PyObject *unused)
{
    sio_fields *f = SIO(self);
    PyObject *r;
    int c = sio_closed(self);
    if (c < 0)
        return NULL;
    if (c)
        Py_RETURN_NONE;
    r = PyObject_CallFunctionObjArgs(sio_base_close, self, NULL);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    if (f->sock != NULL) {
        /* self._sock._decref_socketios(); self._sock = None */
        r = PyObject_CallMethod(f->sock, "_decref_socketios", NULL);
        if (r == NULL)
            return NULL;
        Py_DECREF(r);
        Py_INCREF(Py_None);
        Py_XSETREF(f->sock, Py_None);
    }
    Py_RETURN_NONE;
}

static PyObject *sio_get_name(PyObject *self, void *closure)
{
    int c = sio_closed(self);
    if (c < 0)
        return NULL;
    if (c)
        return PyLong_FromLong(-1);
    return sio_fileno(self, NULL);
}

static PyObject *sio_get_mode(PyObject *self, void *closure)
{
    if (SIO(self)->mode == NULL) {
        PyErr_SetString(PyExc_AttributeError, "'SocketIO' object has no attribute '_mode'");
        return NULL;
    }
    Py_INCREF(SIO(self)->mode);
    return SIO(self)->mode;
}

/* sio_init is SocketIO.__init__(sock, mode). */
static int sio_init(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sock", "mode", NULL};
    static const char *const modes[] = {"r", "w", "rw", "rb", "wb", "rwb", NULL};
    sio_fields *f = SIO(self);
    PyObject *sock, *mode, *m;
    const char *s = NULL;
    int i, ok = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:SocketIO", kwlist, &sock, &mode))
        return -1;
    if (PyUnicode_Check(mode)) {
        s = PyUnicode_AsUTF8(mode);
        if (s == NULL)
            PyErr_Clear();
        for (i = 0; s != NULL && modes[i] != NULL; i++)
            if (strcmp(s, modes[i]) == 0 && strlen(s) == (size_t)PyUnicode_GET_LENGTH(mode))
                ok = 1;
    }
    if (!ok) {
        /* socket.py's "invalid mode: %r" % mode: a tuple mode is the
         * format's argument list (a TypeError when it does not fit). */
        PyObject *fmt = PyUnicode_FromString("invalid mode: %r"), *msg;
        msg = fmt != NULL ? PyUnicode_Format(fmt, mode) : NULL;
        Py_XDECREF(fmt);
        if (msg != NULL) {
            PyErr_SetObject(PyExc_ValueError, msg);
            Py_DECREF(msg);
        }
        return -1;
    }
    m = strchr(s, 'b') != NULL ? (Py_INCREF(mode), mode) : PyUnicode_FromFormat("%sb", s);
    if (m == NULL)
        return -1;
    Py_INCREF(sock);
    Py_XSETREF(f->sock, sock);
    Py_XSETREF(f->mode, m);
    f->reading = strchr(s, 'r') != NULL;
    f->writing = strchr(s, 'w') != NULL;
    f->timed_out = 0;
    f->direct = (char)own_methods(sock, sio_direct_names);
    return 0;
}

static int sio_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(SIO(self)->sock);
#if GS_PYVER >= 0x0309
    /* Instances of a heap type refer to it; a heap base visits it for us. */
    if (!(sio_base->tp_flags & Py_TPFLAGS_HEAPTYPE))
        Py_VISIT(Py_TYPE(self));
#endif
    return sio_base->tp_traverse(self, visit, arg);
}

static int sio_clear(PyObject *self)
{
    Py_CLEAR(SIO(self)->sock);
    Py_CLEAR(SIO(self)->mode);
    return sio_base->tp_clear(self);
}

#if GS_PYVER < 0x0308
/* sio_dealloc: before 3.8 a type made from a spec without a dealloc takes
 * its base's (the _io object's), which knows nothing of our fields; so,
 * as subtype_dealloc does: the finalizer (IOBase's: close()), our fields,
 * the base's dealloc, and the reference instances hold on a heap type. */
static void sio_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (PyObject_CallFinalizerFromDealloc(self) < 0)
        return; /* resurrected */
    PyObject_GC_UnTrack(self);
    Py_CLEAR(SIO(self)->sock);
    Py_CLEAR(SIO(self)->mode);
    PyObject_GC_Track(self);
    sio_base->tp_dealloc(self);
    Py_DECREF(tp);
}
#endif

static PyMethodDef sio_methods[] = {
    {"readinto", sio_readinto, METH_O,
     "Read up to len(b) bytes into the writable buffer *b* and return\n"
     "the number of bytes read.  If the socket is non-blocking and no bytes\n"
     "are available, None is returned.\n\n"
     "If *b* is non-empty, a 0 return value indicates that the connection\n"
     "was shutdown at the other end."},
    {"write", sio_write, METH_O,
     "Write the given bytes or bytearray object *b* to the socket\n"
     "and return the number of bytes written.  This can be less than\n"
     "len(b) if not all data could be written.  If the socket is\n"
     "non-blocking and no bytes could be written None is returned."},
    {"readable", sio_readable, METH_NOARGS, "True if the SocketIO is open for reading."},
    {"writable", sio_writable, METH_NOARGS, "True if the SocketIO is open for writing."},
    {"seekable", sio_seekable, METH_NOARGS, "True if the SocketIO is open for seeking."},
    {"fileno", sio_fileno, METH_NOARGS, "Return the file descriptor of the underlying socket."},
    {"close", sio_close, METH_NOARGS,
     "Close the SocketIO object.  This doesn't close the underlying\n"
     "socket, except if all references to it have disappeared."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef sio_getset[] = {
    {"name", sio_get_name, NULL, NULL, NULL},
    {"mode", sio_get_mode, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

/* SocketIO's attributes, as socket.SocketIO's; the offsets are set at
 * init. Being members, the object fields are released by the heap type's
 * dealloc (subtype_dealloc), which then calls the base's. */
static PyMemberDef sio_members[] = {
    {"_sock", T_OBJECT_EX, offsetof(sio_fields, sock), 0, NULL},
    {"_mode", T_OBJECT_EX, offsetof(sio_fields, mode), 0, NULL},
    {"_reading", T_BOOL, offsetof(sio_fields, reading), 0, NULL},
    {"_writing", T_BOOL, offsetof(sio_fields, writing), 0, NULL},
    {"_timeout_occurred", T_BOOL, offsetof(sio_fields, timed_out), 0, NULL},
    {NULL, 0, 0, 0, NULL}};

static PyType_Slot sio_slots[] = {
    {Py_tp_doc, "Raw I/O implementation for stream sockets.\n\n"
                "This class supports the makefile() method on sockets.  It provides\n"
                "the raw I/O interface on top of a socket object."},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_init, sio_init},
#if GS_PYVER < 0x0308
    {Py_tp_dealloc, sio_dealloc},
#endif
    {Py_tp_traverse, sio_traverse},
    {Py_tp_clear, sio_clear},
    {Py_tp_methods, sio_methods},
    {Py_tp_getset, sio_getset},
    {Py_tp_members, sio_members},
    {0, NULL}};

static PyType_Spec sio_spec = {
    "gosocket.SocketIO",
    0, /* basicsize: set from the base at init */
    0,
#if GS_PYVER < 0x0308
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_FINALIZE,
#else
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
#endif
    sio_slots};

/* ---- the socket's side: socket.py's _io_refs, _closed, _decref_socketios */

/* gs_sock_close_deferred is called by the socket's close(): it records
 * the close (socket.py's _closed) and says whether file objects still use
 * the descriptor, in which case it stays open for them. */
int gs_sock_close_deferred(gs_sock *s)
{
    s->io_closed = 1;
    return s->io_refs > 0;
}

/* gs_sock_detached: socket.py's detach() marks the socket closed. */
void gs_sock_detached(gs_sock *s)
{
    s->io_closed = 1;
}

/* gs_sock_decref_socketios is socket.py's _decref_socketios, which SocketIO
 * and third-party raw objects (socket.SocketIO over a gosocket socket)
 * call; sockobj.c also gives the type socket.py's _io_refs and _closed. */
PyObject *gs_sock_decref_socketios(PyObject *self, PyObject *unused)
{
    gs_sock *s = (gs_sock *)self;
    if (s->io_refs > 0)
        s->io_refs--;
    if (s->io_closed)
        return PyObject_CallMethod(self, "close", NULL);
    Py_RETURN_NONE;
}


/* ---- makefile ---- */

static int contains(PyObject *mode, const char *c)
{
    PyObject *s = PyUnicode_FromString(c);
    int r;
    if (s == NULL)
        return -1;
    r = PySequence_Contains(mode, s);
    Py_DECREF(s);
    return r;
}

/* io_call calls io.<name>(args...). */
static PyObject *io_call(const char *name, PyObject *args)
{
    PyObject *fn, *r;
    if (args == NULL)
        return NULL;
    fn = PyObject_GetAttrString(io_mod, name);
    r = fn != NULL ? PyObject_Call(fn, args, NULL) : NULL;
    Py_XDECREF(fn);
    Py_DECREF(args);
    return r;
}

/* gs_sock_makefile is socket.socket.makefile(mode='r', buffering=None, *,
 * encoding=None, errors=None, newline=None), step by step. */
PyObject *gs_sock_makefile(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"mode", "buffering", "encoding", "errors", "newline", NULL};
    PyObject *mode = NULL, *buffering = Py_None, *encoding = Py_None, *errors = Py_None, *newline = Py_None;
    PyObject *set, *raw = NULL, *buffer = NULL, *text = NULL, *zero = NULL, *bufobj = NULL;
    int writing, reading, binary, r;
    const char *rawmode;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OO$OOO:makefile", kwlist, &mode, &buffering, &encoding,
                                     &errors, &newline))
        return NULL;
    if (mode == NULL)
        mode = PyUnicode_FromString("r");
    else
        Py_INCREF(mode);
    if (mode == NULL)
        return NULL;
    set = PySet_New(mode);
    if (set == NULL)
        goto fail;
    r = PyObject_RichCompareBool(set, mode_chars, Py_LE);
    Py_DECREF(set);
    if (r < 0)
        goto fail;
    if (!r) {
        PyErr_Format(PyExc_ValueError, "invalid mode %R (only r, w, b allowed)", mode);
        goto fail;
    }
    if ((writing = contains(mode, "w")) < 0)
        goto fail;
    reading = !writing;
    if (!reading && (reading = contains(mode, "r")) < 0)
        goto fail;
    if ((binary = contains(mode, "b")) < 0)
        goto fail;
    rawmode = reading && writing ? "rw" : reading ? "r" : "w";
    raw = PyObject_CallFunction(sio_type, "Os", self, rawmode);
    if (raw == NULL)
        goto fail;
    ((gs_sock *)self)->io_refs++;

    zero = PyLong_FromLong(0);
    if (zero == NULL)
        goto fail;
    if (buffering == Py_None)
        bufobj = PyLong_FromLong(-1);
    else {
        Py_INCREF(buffering);
        bufobj = buffering;
    }
    if (bufobj == NULL || (r = PyObject_RichCompareBool(bufobj, zero, Py_LT)) < 0)
        goto fail;
    if (r) {
        Py_DECREF(bufobj);
        bufobj = PyObject_GetAttrString(io_mod, "DEFAULT_BUFFER_SIZE");
        if (bufobj == NULL)
            goto fail;
    }
    if ((r = PyObject_RichCompareBool(bufobj, zero, Py_EQ)) < 0)
        goto fail;
    if (r) {
        if (!binary) {
            PyErr_SetString(PyExc_ValueError, "unbuffered streams must be binary");
            goto fail;
        }
        Py_DECREF(mode);
        Py_DECREF(zero);
        Py_DECREF(bufobj);
        return raw;
    }
    if (reading && writing)
        buffer = io_call("BufferedRWPair", PyTuple_Pack(3, raw, raw, bufobj));
    else if (reading)
        buffer = io_call("BufferedReader", PyTuple_Pack(2, raw, bufobj));
    else
        buffer = io_call("BufferedWriter", PyTuple_Pack(2, raw, bufobj));
    if (buffer == NULL)
        goto fail;
    Py_CLEAR(raw);
    if (binary) {
        text = buffer;
        buffer = NULL;
        goto done;
    }
#if GS_PYVER >= 0x030A
    /* io.text_encoding(encoding): stacklevel 1 is the caller's frame here,
     * as stacklevel 2 is from socket.py's makefile. */
    encoding = io_call("text_encoding", Py_BuildValue("(Oi)", encoding, 1));
    if (encoding == NULL)
        goto fail;
#else
    Py_INCREF(encoding);
#endif
    text = io_call("TextIOWrapper", PyTuple_Pack(4, buffer, encoding, errors, newline));
    Py_DECREF(encoding);
    if (text == NULL)
        goto fail;
    if (PyObject_SetAttrString(text, "mode", mode) < 0)
        goto fail;
done:
    Py_XDECREF(buffer);
    Py_DECREF(mode);
    Py_DECREF(zero);
    Py_DECREF(bufobj);
    return text;
fail:
    /* The raw object's finalizer gives back the reference makefile took. */
    Py_XDECREF(text);
    Py_XDECREF(buffer);
    Py_XDECREF(raw);
    Py_XDECREF(zero);
    Py_XDECREF(bufobj);
    Py_DECREF(mode);
    return NULL;
}

int gs_makefile_init(PyObject *m)
{
    PyObject *iomod_c, *bases, *rawiobase, *r;
    PyMemberDef *md;
    io_mod = PyImport_ImportModule("io");
    iomod_c = PyImport_ImportModule("_io");
    if (io_mod == NULL || iomod_c == NULL) {
        Py_XDECREF(iomod_c);
        return -1;
    }
    sio_base = (PyTypeObject *)PyObject_GetAttrString(iomod_c, "_RawIOBase");
    Py_DECREF(iomod_c);
    if (sio_base == NULL)
        return -1;
    if (!PyType_Check(sio_base)) {
        PyErr_SetString(PyExc_TypeError, "gosocket: _io._RawIOBase is not a type");
        return -1;
    }
    sio_base_close = PyObject_GetAttrString((PyObject *)sio_base, "close");
    unsupported = PyObject_GetAttrString(io_mod, "UnsupportedOperation");
    mode_chars = Py_BuildValue("{sOsOsO}", "r", Py_None, "w", Py_None, "b", Py_None);
    if (sio_base_close == NULL || unsupported == NULL || mode_chars == NULL)
        return -1;
    r = PySet_New(mode_chars); /* the dict's keys */
    Py_SETREF(mode_chars, r);
    if (mode_chars == NULL)
        return -1;

    sio_off = (sio_base->tp_basicsize + (Py_ssize_t)sizeof(void *) - 1) & ~((Py_ssize_t)sizeof(void *) - 1);
    sio_spec.basicsize = (int)(sio_off + (Py_ssize_t)sizeof(sio_fields));
    for (md = sio_members; md->name != NULL; md++)
        md->offset += sio_off;
    bases = PyTuple_Pack(1, (PyObject *)sio_base);
    if (bases == NULL)
        return -1;
    sio_type = PyType_FromSpecWithBases(&sio_spec, bases);
    Py_DECREF(bases);
    if (sio_type == NULL)
        return -1;

    /* isinstance(f, io.RawIOBase) / io.IOBase, as for socket.SocketIO. */
    rawiobase = PyObject_GetAttrString(io_mod, "RawIOBase");
    if (rawiobase == NULL)
        return -1;
    r = PyObject_CallMethod(rawiobase, "register", "O", sio_type);
    Py_DECREF(rawiobase);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    Py_INCREF(sio_type);
    return PyModule_AddObject(m, "SocketIO", sio_type);
}

#else /* 2.7 */

/* ======================================================================
 * 2.7: _fileobject
 * ====================================================================== */

#define FO_DEFAULT_BUFSIZE 8192

/* gbuf is a growable byte buffer. */
typedef struct {
    char *p;
    Py_ssize_t len, cap;
} gbuf;

static int gb_reserve(gbuf *b, Py_ssize_t extra)
{
    Py_ssize_t need;
    char *np;
    if (extra > PY_SSIZE_T_MAX - b->len) {
        PyErr_NoMemory();
        return -1;
    }
    need = b->len + extra;
    if (need <= b->cap)
        return 0;
    if (b->cap > 0 && b->cap <= PY_SSIZE_T_MAX / 2 && need < 2 * b->cap)
        need = 2 * b->cap;
    np = PyMem_Realloc(b->p, need > 0 ? need : 1);
    if (np == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->p = np;
    b->cap = need;
    return 0;
}

static int gb_put(gbuf *b, const char *p, Py_ssize_t n)
{
    if (n <= 0)
        return 0;
    if (gb_reserve(b, n) < 0)
        return -1;
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

static void gb_free(gbuf *b)
{
    PyMem_Free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* gb_string turns the buffer into a str and frees it. */
static PyObject *gb_string(gbuf *b)
{
    PyObject *s = PyString_FromStringAndSize(b->p ? b->p : "", b->len);
    gb_free(b);
    return s;
}

/* fileobj is socket._fileobject: the same fields, with the read buffer
 * (a StringIO there) as rb[rpos:] and the write buffer (a list of
 * strings) as wb. */
typedef struct {
    PyObject_HEAD
    PyObject *sock;      /* _sock; NULL once closed */
    PyObject *mode;
    PyObject *softspace;
    Py_ssize_t bufsize, rbufsize, wbufsize;
    gbuf rb;
    Py_ssize_t rpos;
    gbuf wb;
    int close_sock;      /* _close */
    int direct;          /* a gosocket socket with its own recv/sendall/fileno */
    int counted;         /* holds one of the socket's io_refs */
    int fd;              /* direct: the socket's descriptor when made */
} fileobj;

static PyTypeObject fo_type;

static const char *const fo_direct_names[] = {"recv", "sendall", "fileno", NULL};

static PyObject *no_sock(const char *attr)
{
    PyErr_Format(PyExc_AttributeError, "'NoneType' object has no attribute '%s'", attr);
    return NULL;
}

/* gs_sock_close_deferred is called by the socket's close(): while file
 * objects hold the descriptor, the socket lets go of it (its methods then
 * fail with EBADF, as a closed 2.7 socket's do) and the last file object
 * to close closes it, as the real socket object they share in 2.7 is
 * freed only with the last of them. */
int gs_sock_close_deferred(gs_sock *s)
{
    if (s->io_refs <= 0)
        return 0;
    if (s->fd != -1) {
        s->io_closed = 1;
        s->fd = -1;
    }
    return 1;
}

void gs_sock_detached(gs_sock *s)
{
}

/* fo_release gives back the file object's hold on the descriptor. */
static void fo_release(fileobj *f)
{
    gs_sock *s = (gs_sock *)f->sock;
    if (!f->counted)
        return;
    f->counted = 0;
    if (s->io_refs > 0)
        s->io_refs--;
    if (s->io_refs == 0 && s->io_closed) {
        int fd = f->fd;
        s->io_closed = 0;
        Py_BEGIN_ALLOW_THREADS
        gs_close(fd);
        Py_END_ALLOW_THREADS
    }
}

/* fo_is_eintr: the exception being raised is socket.error(EINTR), which
 * _fileobject retries after. */
static int fo_is_eintr(void)
{
    return exc_errno(gs_error) == EINTR;
}

/* fo_recv is data = self._sock.recv(n), retried after EINTR as
 * _fileobject does, with data written at out->p + out->len (out->len is
 * left to the caller): its length (0 at EOF), or -1. A recv method of
 * another object may return more than n bytes. */
static Py_ssize_t fo_recv(fileobj *f, gbuf *out, Py_ssize_t n)
{
    PyObject *sock = f->sock, *d;
    Py_ssize_t k;
    if (sock == NULL) {
        no_sock("recv");
        return -1;
    }
    if (f->direct) {
        char *p;
        if (gb_reserve(out, n) < 0)
            return -1;
        p = out->p + out->len;
        gs_sock *s = (gs_sock *)sock;
        long got = 0;
        int rc;
        Py_INCREF(sock);
        /* _fileobject retries after EINTR when no handler raised: the call
         * layer does (GS_OP_RETRY). */
        rc = gs_fast_recv_fd(s, f->fd, p, n, 0, GS_OP_RETRY, &got);
        Py_DECREF(sock);
        if (rc != 0) {
            gs_raise(rc);
            return -1;
        }
        return got;
    }
    for (;;) {
        d = PyObject_CallMethod(sock, "recv", "n", n);
        if (d != NULL || !fo_is_eintr())
            break;
        PyErr_Clear();
    }
    if (d == NULL)
        return -1;
    if (!PyString_Check(d)) {
        Py_DECREF(d);
        PyErr_SetString(PyExc_TypeError, "recv() did not return a string");
        return -1;
    }
    k = PyString_GET_SIZE(d);
    if (gb_reserve(out, k) < 0) {
        Py_DECREF(d);
        return -1;
    }
    memcpy(out->p + out->len, PyString_AS_STRING(d), k);
    Py_DECREF(d);
    return k;
}

/* fo_sendall is self._sock.sendall(p[:n]). */
static int fo_sendall(fileobj *f, const char *p, Py_ssize_t n)
{
    PyObject *sock = f->sock, *r;
    if (sock == NULL) {
        no_sock("sendall");
        return -1;
    }
    if (f->direct) {
        gs_sock *s = (gs_sock *)sock;
        long sent = 0;
        int rc;
        Py_INCREF(sock);
        /* 2.7's sendall goes on after EINTR unless a handler raised: the
         * call layer does (ops.c). */
        rc = gs_fast_sendall_fd(s, f->fd, p, n, 0, &sent);
        Py_DECREF(sock);
        if (rc != 0) {
            gs_raise(rc);
            return -1;
        }
        return 0;
    }
    r = PyObject_CallMethod(sock, "sendall", "s#", p, n);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

/* fo_take moves the read buffer's contents into out, leaving it empty
 * ("self._rbuf = StringIO()" with the old one consumed via buf). */
static void fo_take(fileobj *f, gbuf *out)
{
    *out = f->rb;
    if (f->rpos > 0) {
        memmove(out->p, out->p + f->rpos, out->len - f->rpos);
        out->len -= f->rpos;
    }
    f->rb.p = NULL;
    f->rb.len = f->rb.cap = 0;
    f->rpos = 0;
}

/* fo_split returns the first n buffered bytes, keeping the rest. */
static PyObject *fo_split(fileobj *f, Py_ssize_t n)
{
    PyObject *s = PyString_FromStringAndSize(f->rb.p ? f->rb.p + f->rpos : "", n);
    if (s == NULL)
        return NULL;
    f->rpos += n;
    if (f->rpos == f->rb.len)
        f->rpos = f->rb.len = 0;
    return s;
}

static int fo_flush_impl(fileobj *f)
{
    gbuf data;
    Py_ssize_t off = 0, bs = f->rbufsize > FO_DEFAULT_BUFSIZE ? f->rbufsize : FO_DEFAULT_BUFSIZE;
    int rc = 0;
    if (f->wb.len == 0)
        return 0;
    data = f->wb;
    f->wb.p = NULL;
    f->wb.len = f->wb.cap = 0;
    while (off < data.len) {
        Py_ssize_t chunk = data.len - off < bs ? data.len - off : bs;
        if (fo_sendall(f, data.p + off, chunk) < 0) {
            rc = -1;
            break;
        }
        off += bs;
    }
    if (off < data.len) {
        /* what was not sent stays buffered */
        memmove(data.p, data.p + off, data.len - off);
        data.len -= off;
        if (f->wb.len == 0) {
            gb_free(&f->wb);
            f->wb = data;
            return rc;
        }
        if (gb_put(&f->wb, data.p, data.len) < 0)
            rc = -1;
    }
    gb_free(&data);
    return rc;
}

static PyObject *fo_flush(fileobj *f, PyObject *unused)
{
    if (fo_flush_impl(f) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* fo_close_impl is _fileobject.close(): flush, then (close=True) close
 * the socket, then drop it. */
static int fo_close_impl(fileobj *f)
{
    PyObject *et = NULL, *ev = NULL, *tb = NULL, *sock = f->sock;
    int failed = 0;
    if (sock != NULL && fo_flush_impl(f) < 0) {
        PyErr_Fetch(&et, &ev, &tb);
        failed = 1;
    }
    if (f->close_sock) {
        PyObject *r = sock != NULL ? PyObject_CallMethod(sock, "close", NULL) : no_sock("close");
        if (r == NULL) {
            Py_XDECREF(et);
            Py_XDECREF(ev);
            Py_XDECREF(tb);
            return -1;
        }
        Py_DECREF(r);
    }
    if (sock != NULL) {
        fo_release(f);
        f->sock = NULL;
        Py_DECREF(sock);
    }
    if (failed) {
        PyErr_Restore(et, ev, tb);
        return -1;
    }
    return 0;
}

static PyObject *fo_close(fileobj *f, PyObject *unused)
{
    if (fo_close_impl(f) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *fo_fileno(fileobj *f, PyObject *unused)
{
    if (f->sock == NULL)
        return no_sock("fileno");
    if (f->direct) {
        if (f->fd == -1)
            return gs_raise_errno(EBADF);
        return PyInt_FromLong(f->fd);
    }
    return PyObject_CallMethod(f->sock, "fileno", NULL);
}

static PyObject *fo_read(fileobj *f, PyObject *args)
{
    Py_ssize_t size = -1, rbufsize, k;
    gbuf out;
    if (!PyArg_ParseTuple(args, "|n:read", &size))
        return NULL;
    rbufsize = f->rbufsize > FO_DEFAULT_BUFSIZE ? f->rbufsize : FO_DEFAULT_BUFSIZE;
    if (size < 0) {
        /* until EOF */
        fo_take(f, &out);
        for (;;) {
            if ((k = fo_recv(f, &out, rbufsize)) < 0) {
                gb_free(&out);
                return NULL;
            }
            if (k == 0)
                break;
            out.len += k;
        }
        return gb_string(&out);
    }
    /* until size bytes or EOF */
    if (f->rb.len - f->rpos >= size)
        return fo_split(f, size);
    fo_take(f, &out);
    for (;;) {
        Py_ssize_t left = size - out.len;
        if ((k = fo_recv(f, &out, left)) < 0) {
            gb_free(&out);
            return NULL;
        }
        if (k == 0)
            break;
        if (k >= left) {
            /* (only another object's recv returns more than asked) */
            if (gb_put(&f->rb, out.p + out.len + left, k - left) < 0) {
                gb_free(&out);
                return NULL;
            }
            out.len += left;
            break;
        }
        out.len += k;
    }
    return gb_string(&out);
}

static PyObject *fo_readline_impl(fileobj *f, Py_ssize_t size)
{
    Py_ssize_t have = f->rb.len - f->rpos, k;
    gbuf out;
    if (have > 0) {
        /* the line may be buffered already */
        const char *p = f->rb.p + f->rpos, *nl;
        Py_ssize_t lim = size >= 0 && size < have ? size : have;
        nl = memchr(p, '\n', lim);
        if (nl != NULL)
            return fo_split(f, nl - p + 1);
        if (lim == size)
            return fo_split(f, lim);
    }
    if (size < 0) {
        /* until \n or EOF */
        if (f->rbufsize <= 1) {
            /* unbuffered: recv(1) until it gives "\n" */
            int nl = 0;
            fo_take(f, &out);
            while (!nl) {
                if ((k = fo_recv(f, &out, 1)) < 0) {
                    gb_free(&out);
                    return NULL;
                }
                if (k == 0)
                    break;
                nl = k == 1 && out.p[out.len] == '\n';
                out.len += k;
            }
            return gb_string(&out);
        }
        if (have == 0) {
            /* Nothing buffered, the usual case of a line protocol: receive
             * into the read buffer itself, so a line that arrives whole is
             * returned from it and the buffer is kept for the next one
             * (no allocation per line). Otherwise go on below with what
             * came buffered, as _fileobject's StringIO would have it. */
            const char *nl;
            f->rpos = f->rb.len = 0;
            if ((k = fo_recv(f, &f->rb, f->rbufsize)) < 0)
                return NULL;
            if (k == 0)
                return PyString_FromStringAndSize("", 0);
            f->rb.len = k;
            nl = memchr(f->rb.p, '\n', k);
            if (nl != NULL)
                return fo_split(f, nl - f->rb.p + 1);
        }
        fo_take(f, &out);
        for (;;) {
            const char *nl;
            Py_ssize_t n = f->rbufsize;
            if ((k = fo_recv(f, &out, n)) < 0) {
                gb_free(&out);
                return NULL;
            }
            if (k == 0)
                break;
            nl = memchr(out.p + out.len, '\n', k);
            if (nl != NULL) {
                Py_ssize_t used = nl - (out.p + out.len) + 1;
                if (gb_put(&f->rb, nl + 1, k - used) < 0) {
                    gb_free(&out);
                    return NULL;
                }
                out.len += used;
                break;
            }
            out.len += k;
        }
        return gb_string(&out);
    }
    /* until size bytes or \n or EOF */
    if (have >= size)
        return fo_split(f, size);
    fo_take(f, &out);
    for (;;) {
        const char *nl, *data;
        Py_ssize_t left = size - out.len, n = f->rbufsize, used;
        if ((k = fo_recv(f, &out, n)) < 0) {
            gb_free(&out);
            return NULL;
        }
        if (k == 0)
            break;
        data = out.p + out.len;
        nl = memchr(data, '\n', k < left ? k : left);
        used = nl != NULL ? nl - data + 1 : k >= left ? left : k;
        if (nl != NULL || k >= left) {
            if (gb_put(&f->rb, data + used, k - used) < 0) {
                gb_free(&out);
                return NULL;
            }
            out.len += used;
            break;
        }
        out.len += k;
    }
    return gb_string(&out);
}

static PyObject *fo_readline(fileobj *f, PyObject *args)
{
    Py_ssize_t size = -1;
    if (!PyArg_ParseTuple(args, "|n:readline", &size))
        return NULL;
    return fo_readline_impl(f, size);
}

static PyObject *fo_readlines(fileobj *f, PyObject *args)
{
    Py_ssize_t sizehint = 0, total = 0;
    PyObject *list;
    if (!PyArg_ParseTuple(args, "|n:readlines", &sizehint))
        return NULL;
    list = PyList_New(0);
    if (list == NULL)
        return NULL;
    for (;;) {
        PyObject *line = fo_readline_impl(f, -1);
        if (line == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        if (PyString_GET_SIZE(line) == 0) {
            Py_DECREF(line);
            break;
        }
        total += PyString_GET_SIZE(line);
        if (PyList_Append(list, line) < 0) {
            Py_DECREF(line);
            Py_DECREF(list);
            return NULL;
        }
        Py_DECREF(line);
        if (sizehint && total >= sizehint)
            break;
    }
    return list;
}

static PyObject *fo_iternext(fileobj *f)
{
    PyObject *line = fo_readline_impl(f, -1);
    if (line != NULL && PyString_GET_SIZE(line) == 0) {
        Py_DECREF(line);
        return NULL; /* StopIteration */
    }
    return line;
}

static PyObject *fo_write(fileobj *f, PyObject *data)
{
    PyObject *s = PyObject_Str(data);
    Py_ssize_t n;
    int flush;
    if (s == NULL)
        return NULL;
    n = PyString_GET_SIZE(s);
    if (n == 0) {
        Py_DECREF(s);
        Py_RETURN_NONE;
    }
    if (gb_put(&f->wb, PyString_AS_STRING(s), n) < 0) {
        Py_DECREF(s);
        return NULL;
    }
    flush = f->wbufsize == 0 || (f->wbufsize == 1 && memchr(PyString_AS_STRING(s), '\n', n) != NULL) ||
            (f->wbufsize > 1 && f->wb.len >= f->wbufsize);
    Py_DECREF(s);
    if (flush && fo_flush_impl(f) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *fo_writelines(fileobj *f, PyObject *seq)
{
    PyObject *it = PyObject_GetIter(seq), *item;
    gbuf all = {NULL, 0, 0};
    if (it == NULL)
        return NULL;
    /* map(str, list) first: a failure leaves nothing written */
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *s = PyObject_Str(item);
        Py_DECREF(item);
        if (s == NULL || gb_put(&all, PyString_AS_STRING(s), PyString_GET_SIZE(s)) < 0) {
            Py_XDECREF(s);
            break;
        }
        Py_DECREF(s);
    }
    Py_DECREF(it);
    if (PyErr_Occurred() || gb_put(&f->wb, all.p, all.len) < 0) {
        gb_free(&all);
        return NULL;
    }
    gb_free(&all);
    if ((f->wbufsize <= 1 || f->wb.len >= f->wbufsize) && fo_flush_impl(f) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *fo_get_closed(fileobj *f, void *closure)
{
    return PyBool_FromLong(f->sock == NULL);
}

/* fo_attach makes sock (NULL: None) the file object's _sock. */
static void fo_attach(fileobj *f, PyObject *sock)
{
    PyObject *old = f->sock;
    if (old != NULL)
        fo_release(f);
    Py_XINCREF(sock);
    f->sock = sock;
    f->direct = sock != NULL && own_methods(sock, fo_direct_names);
    f->counted = 0;
    f->fd = -1;
    if (f->direct) {
        gs_sock *s = (gs_sock *)sock;
        f->fd = s->fd;
        if (f->fd != -1) {
            f->counted = 1;
            s->io_refs++;
        }
    }
    Py_XDECREF(old);
}

static PyObject *fo_get_sock(fileobj *f, void *closure)
{
    PyObject *s = f->sock != NULL ? f->sock : Py_None;
    Py_INCREF(s);
    return s;
}

static int fo_set_sock(fileobj *f, PyObject *v, void *closure)
{
    fo_attach(f, v == NULL || v == Py_None ? NULL : v);
    return 0;
}

/* fo_setup is _fileobject.__init__(sock, mode, bufsize, close). */
static PyObject *fo_make(PyObject *sock, PyObject *mode, Py_ssize_t bufsize, int close_sock)
{
    fileobj *f = PyObject_New(fileobj, &fo_type);
    if (f == NULL)
        return NULL;
    Py_INCREF(mode);
    Py_INCREF(Py_False);
    f->mode = mode;
    f->softspace = Py_False;
    if (bufsize < 0)
        bufsize = FO_DEFAULT_BUFSIZE;
    f->bufsize = bufsize;
    f->rbufsize = bufsize == 0 ? 1 : bufsize == 1 ? FO_DEFAULT_BUFSIZE : bufsize;
    f->wbufsize = bufsize;
    f->rb.p = f->wb.p = NULL;
    f->rb.len = f->rb.cap = f->wb.len = f->wb.cap = 0;
    f->rpos = 0;
    f->close_sock = close_sock;
    f->sock = NULL;
    fo_attach(f, sock);
    return (PyObject *)f;
}

static PyObject *fo_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sock", "mode", "bufsize", "close", NULL};
    PyObject *sock, *mode = NULL, *close = Py_False, *r;
    Py_ssize_t bufsize = -1;
    int c;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OnO:_fileobject", kwlist, &sock, &mode, &bufsize, &close))
        return NULL;
    if ((c = PyObject_IsTrue(close)) < 0)
        return NULL;
    if (mode == NULL) {
        mode = PyString_FromString("rb");
        if (mode == NULL)
            return NULL;
    } else
        Py_INCREF(mode);
    r = fo_make(sock, mode, bufsize, c);
    Py_DECREF(mode);
    return r;
}

static void fo_dealloc(fileobj *f)
{
    PyObject *et, *ev, *tb;
    /* __del__: close(), errors ignored */
    PyErr_Fetch(&et, &ev, &tb);
    if (fo_close_impl(f) < 0)
        PyErr_Clear();
    PyErr_Restore(et, ev, tb);
    if (f->sock != NULL) {
        fo_release(f);
        Py_CLEAR(f->sock);
    }
    gb_free(&f->rb);
    gb_free(&f->wb);
    Py_XDECREF(f->mode);
    Py_XDECREF(f->softspace);
    PyObject_Del(f);
}

/* gs_sock_makefile is 2.7's socket.makefile([mode[, bufsize]]). */
PyObject *gs_sock_makefile(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"mode", "bufsize", NULL};
    PyObject *mode = NULL, *r;
    Py_ssize_t bufsize = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|On:makefile", kwlist, &mode, &bufsize))
        return NULL;
    if (mode == NULL) {
        mode = PyString_FromString("r");
        if (mode == NULL)
            return NULL;
    } else
        Py_INCREF(mode);
    r = fo_make(self, mode, bufsize, 0);
    Py_DECREF(mode);
    return r;
}

static PyMethodDef fo_methods[] = {
    {"read", (PyCFunction)fo_read, METH_VARARGS, NULL},
    {"readline", (PyCFunction)fo_readline, METH_VARARGS, NULL},
    {"readlines", (PyCFunction)fo_readlines, METH_VARARGS, NULL},
    {"write", (PyCFunction)fo_write, METH_O, NULL},
    {"writelines", (PyCFunction)fo_writelines, METH_O, NULL},
    {"flush", (PyCFunction)fo_flush, METH_NOARGS, NULL},
    {"close", (PyCFunction)fo_close, METH_NOARGS, NULL},
    {"fileno", (PyCFunction)fo_fileno, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}};

static PyMemberDef fo_members[] = {
    {"mode", T_OBJECT, offsetof(fileobj, mode), 0, NULL},
    {"bufsize", T_PYSSIZET, offsetof(fileobj, bufsize), 0, NULL},
    {"softspace", T_OBJECT, offsetof(fileobj, softspace), 0, NULL},
    {"_rbufsize", T_PYSSIZET, offsetof(fileobj, rbufsize), READONLY, NULL},
    {"_wbufsize", T_PYSSIZET, offsetof(fileobj, wbufsize), READONLY, NULL},
    {NULL, 0, 0, 0, NULL}};

static PyGetSetDef fo_getset[] = {
    {"closed", (getter)fo_get_closed, NULL, "True if the file is closed", NULL},
    {"_sock", (getter)fo_get_sock, (setter)fo_set_sock, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject fo_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "gosocket._fileobject",
};

int gs_makefile_init(PyObject *m)
{
    PyObject *v;
    fo_type.tp_basicsize = sizeof(fileobj);
    fo_type.tp_dealloc = (destructor)fo_dealloc;
    fo_type.tp_getattro = PyObject_GenericGetAttr;
    fo_type.tp_setattro = PyObject_GenericSetAttr;
    fo_type.tp_flags = Py_TPFLAGS_DEFAULT;
    fo_type.tp_doc = "Faux file object attached to a socket object.";
    fo_type.tp_iter = PyObject_SelfIter;
    fo_type.tp_iternext = (iternextfunc)fo_iternext;
    fo_type.tp_methods = fo_methods;
    fo_type.tp_members = fo_members;
    fo_type.tp_getset = fo_getset;
    fo_type.tp_new = fo_new;
    if (PyType_Ready(&fo_type) < 0)
        return -1;
    v = PyString_FromString("<socket>");
    if (v == NULL || PyDict_SetItemString(fo_type.tp_dict, "name", v) < 0)
        return -1;
    Py_DECREF(v);
    v = PyInt_FromLong(FO_DEFAULT_BUFSIZE);
    if (v == NULL || PyDict_SetItemString(fo_type.tp_dict, "default_bufsize", v) < 0)
        return -1;
    Py_DECREF(v);
    Py_INCREF(&fo_type);
    return PyModule_AddObject(m, "_fileobject", (PyObject *)&fo_type);
}

#endif
