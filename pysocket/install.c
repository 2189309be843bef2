/* install.c: gosocket.install(socket=False), which puts gosocket in the
 * place of the built-in module for what is imported afterwards: as _socket
 * (the standard library's socket.py, ssl, asyncio... then run over it)
 * and, with socket=True, as socket too (3.x; 2.7: socket.py over it). */
#include "glue.h"

/* refers_to reports whether module mod's namespace holds one of the n
 * targets (the built-in modules and their socket classes, as `import
 * socket` or `from socket import socket` leave them). */
static int refers_to(PyObject *mod, PyObject **targets, int n)
{
    PyObject *d, *k, *v;
    Py_ssize_t pos = 0;
    int i;
    if (!PyModule_Check(mod) || (d = PyModule_GetDict(mod)) == NULL)
        return 0;
    while (PyDict_Next(d, &pos, &k, &v))
        for (i = 0; i < n; i++)
            if (v == targets[i])
                return 1;
    return 0;
}

/* add_name appends name to the list unless it is there. */
static int add_name(PyObject *list, PyObject *name)
{
    int has = PySequence_Contains(list, name);
    if (has != 0)
        return has < 0 ? -1 : 0;
    return PyList_Append(list, name);
}

/* late_error raises install()'s RuntimeError naming the modules in list
 * (the first twelve) that hold the built-in module. */
static PyObject *late_error(PyObject *list)
{
    PyObject *sep = GS_Str_FromString(", "), *head, *joined;
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (sep == NULL)
        return NULL;
    head = PyList_GetSlice(list, 0, n > 12 ? 12 : n);
    joined = head != NULL ? PyObject_CallMethod(sep, "join", "O", head) : NULL;
    Py_DECREF(sep);
    Py_XDECREF(head);
    if (joined == NULL)
        return NULL;
#if GS_PY3
    PyErr_Format(PyExc_RuntimeError,
                 "gosocket.install(): the built-in socket module is already imported and in use by %U%s "
                 "(they would keep it, and _ssl would refuse gosocket sockets); call gosocket.install() "
                 "before anything imports socket, ssl or asyncio, or run the program with "
                 "`python -m gosocket script.py`",
                 joined, n > 12 ? ", ..." : "");
#else
    PyErr_Format(PyExc_RuntimeError,
                 "gosocket.install(): the built-in socket module is already imported and in use by %s%s "
                 "(they would keep it, and _ssl would refuse gosocket sockets); call gosocket.install() "
                 "before anything imports socket, ssl or httplib, or run the program with "
                 "`python -m gosocket script.py`",
                 PyString_AS_STRING(joined), n > 12 ? ", ..." : "");
#endif
    Py_DECREF(joined);
    return NULL;
}

/* find_users lists in bad the modules that hold the built-in _socket
 * (builtin), a socket module over it (sock), or their socket classes:
 * socket and _ssl first, then the others sorted. */
static int find_users(PyObject *bad, PyObject *builtin, PyObject *sock)
{
    PyObject *modules = PyImport_GetModuleDict(), *k, *v, *rest = PyList_New(0), *targets[4];
    Py_ssize_t pos = 0;
    int rc = 0, n = 0, i;
    if (rest == NULL)
        return -1;
    if (builtin != NULL)
        targets[n++] = builtin;
    if (sock != NULL)
        targets[n++] = sock;
    for (i = n - 1; i >= 0; i--) {
        PyObject *cls = PyObject_GetAttrString(targets[i], "socket");
        if (cls == NULL) {
            PyErr_Clear();
            continue;
        }
        Py_DECREF(cls); /* the module keeps it */
        if (PyType_Check(cls))
            targets[n++] = cls;
    }
    while (PyDict_Next(modules, &pos, &k, &v)) {
        if (v == builtin || v == sock || !refers_to(v, targets, n))
            continue;
        if (PyList_Append(rest, k) < 0) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && PyList_Sort(rest) == 0) {
        Py_ssize_t j;
        for (j = 0; j < PyList_GET_SIZE(rest) && rc == 0; j++)
            rc = add_name(bad, PyList_GET_ITEM(rest, j));
    } else {
        rc = -1;
    }
    Py_DECREF(rest);
    return rc;
}

/* fn_install is gosocket.install(socket=False): sys.modules['_socket']
 * becomes gosocket._socket (and with socket=True sys.modules['socket']
 * gosocket itself). A RuntimeError naming the modules concerned, and
 * nothing changed, when the built-in module is already in use: a socket
 * module over the built-in _socket, modules holding either, or _ssl, which
 * took the built-in socket type when it was imported. Calling it again is
 * harmless. */
static PyObject *fn_install(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"socket", NULL};
    PyObject *also = Py_False, *modules = PyImport_GetModuleDict(), *sub, *cur, *sock, *ssl, *bad, *low;
    PyObject *builtin = NULL, *builtin_sock = NULL;
    int socket_too, rc = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:install", kwlist, &also))
        return NULL;
    if ((socket_too = PyObject_IsTrue(also)) < 0)
        return NULL;
    sub = PyObject_GetAttrString(gs_modobj, "_socket");
    if (sub == NULL)
        return NULL;
    cur = PyDict_GetItemString(modules, "_socket");
    sock = PyDict_GetItemString(modules, "socket");
    ssl = PyDict_GetItemString(modules, "_ssl");
    if ((bad = PyList_New(0)) == NULL) {
        Py_DECREF(sub);
        return NULL;
    }
    if (cur != NULL && cur != sub)
        builtin = cur;
    if (sock != NULL && sock != gs_modobj) {
        low = PyObject_GetAttrString(sock, "_socket");
        if (low == NULL)
            PyErr_Clear();
        if (low != sub) {
            PyObject *n = GS_Str_FromString("socket");
            builtin_sock = sock;
            rc = n != NULL ? add_name(bad, n) : -1;
            Py_XDECREF(n);
        } else if (socket_too) {
            Py_XDECREF(low);
            Py_DECREF(sub);
            Py_DECREF(bad);
            PyErr_SetString(PyExc_RuntimeError,
                            "gosocket.install(socket=True): socket is already imported (the standard "
                            "library's socket.py, over gosocket); call gosocket.install(socket=True) "
                            "before anything imports socket");
            return NULL;
        }
        Py_XDECREF(low);
    }
    if (rc == 0 && ssl != NULL && cur != sub) {
        PyObject *n = GS_Str_FromString("_ssl");
        rc = n != NULL ? add_name(bad, n) : -1;
        Py_XDECREF(n);
    }
    if (rc == 0 && (builtin != NULL || builtin_sock != NULL))
        rc = find_users(bad, builtin, builtin_sock);
    if (rc == 0 && PyList_GET_SIZE(bad) > 0) {
        late_error(bad);
        rc = -1;
    }
    Py_DECREF(bad);
    if (rc == 0) {
        rc = PyDict_SetItemString(modules, "_socket", sub);
#if GS_PY3
        if (rc == 0 && socket_too)
            rc = PyDict_SetItemString(modules, "socket", gs_modobj);
#else
        /* 2.7's ssl, httplib... subclass and wrap socket.py's own classes
         * (_socketobject, _delegate_methods), which gosocket's one socket
         * type is not: socket becomes socket.py over gosocket. */
        if (rc == 0 && socket_too && sock == NULL) {
            PyObject *std = PyImport_ImportModule("socket");
            rc = std != NULL ? 0 : -1;
            Py_XDECREF(std);
        }
#endif
    }
    Py_DECREF(sub);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef install_def = {
    "install", (PyCFunction)fn_install, METH_VARARGS | METH_KEYWORDS,
    GS_SIG("install($module, /, socket=False)", "install(socket=False)\n\n")
    "Put gosocket in place of the built-in socket module for everything imported\n"
    "from now on: sys.modules['_socket'] becomes gosocket._socket, so the standard\n"
    "library's socket.py, and ssl, asyncio, http.client... over it, use gosocket;\n"
    "with socket=True, sys.modules['socket'] becomes gosocket itself (2.7: the\n"
    "standard library's socket.py over gosocket, which 2.7's ssl needs). Raises\n"
    "RuntimeError, changing nothing, when modules already use the built-in module\n"
    "(socket, ssl, asyncio... imported before): call it first thing, or run the\n"
    "program with `python -m gosocket script.py`. Calling it again does nothing."};

/* gs_install_init adds install() to the module. */
int gs_install_init(PyObject *m)
{
    PyObject *name = PyObject_GetAttrString(m, "__name__"), *f;
    if (name == NULL)
        return -1;
    f = PyCFunction_NewEx(&install_def, m, name);
    Py_DECREF(name);
    if (f == NULL || PyModule_AddObject(m, "install", f) < 0) {
        Py_XDECREF(f);
        return -1;
    }
    return 0;
}
