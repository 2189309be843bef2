/* lazyssl.c (2.7): what 2.7's socket.py re-exports from _ssl (ssl(),
 * sslerror, the RAND_ functions and the SSL_ERROR_ codes), loaded on first
 * use. _ssl takes its socket type from whatever _socket is when it is first
 * imported (_socket.CAPI), so importing it while gosocket loads would tie it
 * to the built-in _socket before gosocket.install() could put gosocket in
 * its place, and ssl would then refuse gosocket sockets. 2.7 modules have no
 * __getattr__, so the gosocket module is an instance of a module subclass
 * whose attribute lookup imports _ssl the first time one of these names is
 * missing. When _ssl is already imported, the names are added at once. */
#include "glue.h"

#if !GS_PY3
/* ssl_names are the _ssl attributes re-exported under their own names. */
static const char *const ssl_names[] = {
    "RAND_add", "RAND_status", "RAND_egd", "SSL_ERROR_ZERO_RETURN", "SSL_ERROR_WANT_READ",
    "SSL_ERROR_WANT_WRITE", "SSL_ERROR_WANT_X509_LOOKUP", "SSL_ERROR_SYSCALL", "SSL_ERROR_SSL",
    "SSL_ERROR_WANT_CONNECT", "SSL_ERROR_EOF", "SSL_ERROR_INVALID_ERROR_CODE", NULL};

/* ssl_loaded is set once the names were added (or _ssl found missing). */
static int ssl_loaded;

/* fn_ssl is 2.7 socket.py's deprecated ssl(sock, keyfile=None,
 * certfile=None): a DeprecationWarning, then ssl.sslwrap_simple. */
static PyObject *fn_ssl(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sock", "keyfile", "certfile", NULL};
    PyObject *sock, *keyfile = Py_None, *certfile = Py_None, *mod, *r;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:ssl", kwlist, &sock, &keyfile, &certfile))
        return NULL;
    mod = PyImport_ImportModule("ssl");
    if (mod == NULL)
        return NULL;
    if (PyErr_WarnEx(PyExc_DeprecationWarning, "socket.ssl() is deprecated.  Use ssl.wrap_socket() instead.", 1) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    r = PyObject_CallMethod(mod, "sslwrap_simple", "OOO", sock, keyfile, certfile);
    Py_DECREF(mod);
    return r;
}

static PyMethodDef ssl_def = {"ssl", (PyCFunction)fn_ssl, METH_VARARGS | METH_KEYWORDS, NULL};

/* is_ssl_name reports whether name is one of the re-exports. */
static int is_ssl_name(const char *name)
{
    const char *const *n;
    if (strcmp(name, "ssl") == 0 || strcmp(name, "sslerror") == 0)
        return 1;
    for (n = ssl_names; *n != NULL; n++)
        if (strcmp(name, *n) == 0)
            return 1;
    return 0;
}

/* add_ssl_names gives module m socket.py's _ssl re-exports from module ssl. */
static int add_ssl_names(PyObject *m, PyObject *ssl)
{
    const char *const *n;
    PyObject *v, *f;
    for (n = ssl_names; *n != NULL; n++) {
        v = PyObject_GetAttrString(ssl, *n);
        if (v == NULL) {
            PyErr_Clear(); /* RAND_egd is absent under LibreSSL and newer OpenSSL */
            continue;
        }
        if (PyModule_AddObject(m, *n, v) < 0)
            return -1;
    }
    v = PyObject_GetAttrString(ssl, "SSLError");
    if (v == NULL || PyModule_AddObject(m, "sslerror", v) < 0)
        return -1;
    v = PyObject_GetAttrString(m, "__name__");
    f = v != NULL ? PyCFunction_NewEx(&ssl_def, NULL, v) : NULL;
    Py_XDECREF(v);
    if (f == NULL || PyModule_AddObject(m, "ssl", f) < 0)
        return -1;
    ssl_loaded = 1;
    return 0;
}

/* load_ssl imports _ssl and adds the names to m; without _ssl there are
 * none, as with socket.py. */
static int load_ssl(PyObject *m)
{
    PyObject *ssl = PyImport_ImportModule("_ssl");
    int rc;
    if (ssl == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ImportError))
            return -1;
        PyErr_Clear();
        ssl_loaded = 1;
        return 0;
    }
    rc = add_ssl_names(m, ssl);
    Py_DECREF(ssl);
    return rc;
}

/* lazy_getattro is the module's attribute lookup: the module dict's, and
 * for a missing re-export, _ssl imported and the lookup done again. */
static PyObject *lazy_getattro(PyObject *self, PyObject *name)
{
    PyObject *r = PyObject_GenericGetAttr(self, name);
    if (r != NULL || ssl_loaded || !PyString_Check(name) || !is_ssl_name(PyString_AS_STRING(name)) ||
        !PyErr_ExceptionMatches(PyExc_AttributeError))
        return r;
    PyErr_Clear();
    if (load_ssl(self) < 0)
        return NULL;
    return PyObject_GenericGetAttr(self, name);
}

/* lazy_type is the module subclass; its instances are modules in every
 * other way. */
static PyTypeObject lazy_type = {
    PyVarObject_HEAD_INIT(NULL, 0) "gosocket.module", /* tp_name */
};

/* gs_lazyssl_prepare runs before Py_InitModule: it puts an instance of
 * lazy_type in sys.modules['gosocket'] (keeping what an importing package
 * already set there: __path__, __file__), which Py_InitModule then fills and
 * the import returns. */
int gs_lazyssl_prepare(void)
{
    PyObject *modules = PyImport_GetModuleDict(), *old, *m;
    if (lazy_type.tp_base == NULL) {
        lazy_type.tp_base = &PyModule_Type;
        lazy_type.tp_getattro = lazy_getattro;
        lazy_type.tp_flags = Py_TPFLAGS_DEFAULT;
        lazy_type.tp_doc = PyModule_Type.tp_doc;
        if (PyType_Ready(&lazy_type) < 0)
            return -1;
    }
    old = PyDict_GetItemString(modules, "gosocket");
    if (old != NULL && Py_TYPE(old) == &lazy_type)
        return 0;
    m = PyObject_CallFunction((PyObject *)&lazy_type, "s", "gosocket");
    if (m == NULL)
        return -1;
    if (old != NULL && PyModule_Check(old) && PyDict_Update(PyModule_GetDict(m), PyModule_GetDict(old)) < 0) {
        Py_DECREF(m);
        return -1;
    }
    if (PyDict_SetItemString(modules, "gosocket", m) < 0) {
        Py_DECREF(m);
        return -1;
    }
    Py_DECREF(m);
    return 0;
}

/* gs_lazyssl_init adds the re-exports now if _ssl is already imported (no
 * import happens); otherwise the first lookup of one of them loads them. */
int gs_lazyssl_init(PyObject *m)
{
    PyObject *ssl = PyDict_GetItemString(PyImport_GetModuleDict(), "_ssl");
    if (ssl == NULL)
        return 0;
    return add_ssl_names(m, ssl);
}
#endif
