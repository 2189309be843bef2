/* module.c: module init for Python 2.7 (initgosocket) and 3.x
 * (PyInit_gosocket), and the loop over the generated constants table. */
#include "glue.h"
#include "constants_table.h"
#include "version.h"

extern PyObject *gs_default_timeout_sentinel;

static const char module_doc[] =
    "gosocket: the socket module, implemented in Go.\n\n"
    "A drop-in for the built-in socket module: use it as `import gosocket as socket`,\n"
    "or install it as `_socket` under the standard library's socket.py.";

/* add_constants adds every generated constant that the running interpreter's
 * built-in module exports. */
static int add_constants(PyObject *m)
{
    int i, v = GS_PYVER;
    for (i = 0; i < GS_NCONSTANTS; i++) {
        const gs_constant *c = &gs_constants[i];
        PyObject *o;
        if (v < c->minver || v > c->maxver)
            continue;
#if GS_PY3
        o = PyLong_FromLongLong(c->value);
#else
        o = (c->value >= LONG_MIN && c->value <= LONG_MAX) ? PyInt_FromLong((long)c->value) : PyLong_FromLongLong(c->value);
#endif
        if (o == NULL || PyModule_AddObject(m, c->name, o) < 0)
            return -1;
    }
#if GS_PY3
    /* BDADDR_ANY and BDADDR_LOCAL: the two string constants the built-in
     * module adds beside AF_BLUETOOTH (the table has it for 3.14+, where
     * the interpreters here were built with the Bluetooth headers). */
    if (PyObject_HasAttrString(m, "AF_BLUETOOTH")) {
        if (PyModule_AddStringConstant(m, "BDADDR_ANY", "00:00:00:00:00:00") < 0 ||
            PyModule_AddStringConstant(m, "BDADDR_LOCAL", "00:00:00:FF:FF:FF") < 0)
            return -1;
    }
#endif
    return 0;
}

/* gs_capi is what _socket.CAPI points to: the layout of CPython's
 * PySocketModule_APIObject, which the ssl module imports. */
static struct {
    PyTypeObject *Sock_Type;
    PyObject *error;
    PyObject *timeout_error;
} gs_capi;

static int add_capi(PyObject *m)
{
    PyObject *cap;
    gs_capi.Sock_Type = GS_SOCK_TYPE;
    gs_capi.error = gs_error;
    gs_capi.timeout_error = gs_timeout;
    cap = PyCapsule_New(&gs_capi, "_socket.CAPI", NULL);
    if (cap == NULL)
        return -1;
    return PyModule_AddObject(m, "CAPI", cap);
}

/* add_underscore_module makes gosocket._socket: the module as the built-in
 * _socket presents it, for sys.modules['_socket'] = gosocket._socket under
 * the standard library's socket.py. Same functions, constants and
 * exceptions; socket is the base type, which socket.py subclasses (adding
 * __weakref__ and its repr) as it does the built-in one. Registered in
 * sys.modules so that `import gosocket._socket` works. */
static int add_underscore_module(PyObject *m)
{
    PyObject *sub = PyModule_New("gosocket._socket"), *d, *name, *f;
    PyMethodDef *def;
    if (sub == NULL)
        return -1;
#ifdef Py_GIL_DISABLED
    if (PyUnstable_Module_SetGIL(sub, Py_MOD_GIL_USED) < 0) {
        Py_DECREF(sub);
        return -1;
    }
#endif
    d = PyModule_GetDict(sub);
    name = PyObject_GetAttrString(sub, "__name__");
    if (name == NULL || PyDict_Update(d, PyModule_GetDict(m)) < 0 || PyDict_SetItemString(d, "__name__", name) < 0 ||
        PyDict_SetItemString(d, "socket", (PyObject *)GS_SOCK_TYPE) < 0 ||
        PyDict_SetItemString(PyImport_GetModuleDict(), "gosocket._socket", sub) < 0) {
        Py_XDECREF(name);
        Py_DECREF(sub);
        return -1;
    }
    /* socketpair: its own function, bound to _socket (functions.c) */
    for (def = gs_functions; def->ml_name != NULL; def++) {
        if (strcmp(def->ml_name, "socketpair") != 0)
            continue;
        f = PyCFunction_NewEx(def, sub, name);
        if (f == NULL || PyDict_SetItemString(d, "socketpair", f) < 0) {
            Py_XDECREF(f);
            Py_DECREF(name);
            Py_DECREF(sub);
            return -1;
        }
        Py_DECREF(f);
    }
    Py_DECREF(name);
    /* what an importing package put in the module (2.7: before init) is
     * not _socket's */
    if ((PyDict_GetItemString(d, "__path__") != NULL && PyDict_DelItemString(d, "__path__") < 0) ||
        (PyDict_GetItemString(d, "__file__") != NULL && PyDict_DelItemString(d, "__file__") < 0)) {
        Py_DECREF(sub);
        return -1;
    }
    return PyModule_AddObject(m, "_socket", sub);
}

static int fill_module(PyObject *m)
{
    gs_sigmask_restore(); /* sigmask.c: the loading thread's own mask again */
    if (gs_init_errors(m) < 0 || gs_sock_init_type(m) < 0 || add_constants(m) < 0 || add_capi(m) < 0 ||
        gs_makefile_init(m) < 0 || gs_sockextra_init() < 0)
        return -1;
    if (PyModule_AddObject(m, "has_ipv6", PyBool_FromLong(1)) < 0)
        return -1;
    gs_default_timeout_sentinel = PyObject_CallObject((PyObject *)&PyBaseObject_Type, NULL);
    if (gs_default_timeout_sentinel == NULL)
        return -1;
    Py_INCREF(gs_default_timeout_sentinel);
    if (PyModule_AddObject(m, "_GLOBAL_DEFAULT_TIMEOUT", gs_default_timeout_sentinel) < 0)
        return -1;
    if (gs_stdlib_init(m) < 0 || gs_install_init(m) < 0) /* stdlib.c: socket.py's additions, over the above */
        return -1;
    if (add_underscore_module(m) < 0)
        return -1;
    /* __version__ after _socket's copy: the built-in _socket has none */
    return PyModule_AddStringConstant(m, "__version__", GS_VERSION);
}

#if GS_PY3
static struct PyModuleDef gs_module = {
    PyModuleDef_HEAD_INIT, "gosocket", module_doc, -1, gs_functions,
};

PyMODINIT_FUNC PyInit_gosocket(void)
{
    PyObject *m = PyModule_Create(&gs_module);
    if (m == NULL)
        return NULL;
#ifdef Py_GIL_DISABLED
    /* A free-threaded build (3.13t+): gosocket declares that it needs the
     * GIL (its socket objects and the C side's state are not made safe for
     * calls without it), so the interpreter turns the GIL on when it loads
     * gosocket, as it does for any module that has not declared otherwise. */
    if (PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED) < 0) {
        Py_DECREF(m);
        return NULL;
    }
#endif
    if (fill_module(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
#else
PyMODINIT_FUNC initgosocket(void)
{
    PyObject *m;
    if (gs_lazyssl_prepare() < 0) /* lazyssl.c: _ssl's re-exports on first use */
        return;
    m = Py_InitModule3("gosocket", gs_functions, module_doc);
    if (m == NULL)
        return;
    fill_module(m);
}
#endif
