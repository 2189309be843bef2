/* iface.c (3.x): the network interface functions if_nameindex,
 * if_nametoindex and if_indextoname, and sethostname, with the argument
 * handling and errors of the running interpreter's built-in module. 2.7
 * has none of them. */
#include "glue.h"
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#if GS_PY3

#define IF_FIRST 32

/* gs_fn_if_nameindex is if_nameindex(): [(index, name), ...], names
 * decoded with the filesystem encoding; a failure is OSError(errno). */
PyObject *gs_fn_if_nameindex(PyObject *self, PyObject *unused)
{
    gs_ifname first[IF_FIRST], *res = first;
    int max = IF_FIRST, n = 0, rc, i;
    PyObject *list = NULL;

    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        rc = gs_if_nameindex(res, max, &n);
        Py_END_ALLOW_THREADS
        if (rc != 0 || n <= max)
            break;
        if (res != first)
            PyMem_Free(res);
        max = n;
        res = PyMem_Malloc(sizeof(gs_ifname) * max);
        if (res == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    if (rc != 0) {
        gs_raise(rc);
        goto out;
    }
    list = PyList_New(0);
    if (list == NULL)
        goto out;
    /* CPython stops at an index of 0, if_nameindex's terminator. */
    for (i = 0; i < n && res[i].index != 0; i++) {
        PyObject *t = Py_BuildValue("(IO&)", res[i].index, PyUnicode_DecodeFSDefault, res[i].name);
        if (t == NULL || PyList_Append(list, t) < 0) {
            Py_XDECREF(t);
            Py_CLEAR(list);
            goto out;
        }
        Py_DECREF(t);
    }
out:
    if (res != first)
        PyMem_Free(res);
    return list;
}

/* if_nametoindex(name): name is str, bytes or os.PathLike (the
 * filesystem converter); 3.6-3.12 parse it as a one-item tuple, 3.13 as
 * the single argument (METH_O). No such interface is OSError without
 * errno before 3.14; 3.14+ raises it from errno, ENODEV as the C library
 * sets it. */
static PyObject *if_nametoindex(PyObject *oname)
{
    unsigned int index = 0;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = gs_if_nametoindex(PyBytes_AS_STRING(oname), (long)PyBytes_GET_SIZE(oname), &index);
    Py_END_ALLOW_THREADS
    Py_DECREF(oname);
    if (rc != 0)
        return gs_raise(rc);
    if (index == 0) {
#if GS_PYVER >= 0x030E
        errno = ENODEV;
        PyErr_SetFromErrno(PyExc_OSError);
#else
        PyErr_SetString(PyExc_OSError, "no interface with this name");
#endif
        return NULL;
    }
    return PyLong_FromUnsignedLong(index);
}

#if GS_PYVER >= 0x030D
PyObject *gs_fn_if_nametoindex(PyObject *self, PyObject *arg)
{
    PyObject *oname;
    if (!PyUnicode_FSConverter(arg, &oname))
        return NULL;
    return if_nametoindex(oname);
}
#else
PyObject *gs_fn_if_nametoindex(PyObject *self, PyObject *args)
{
    PyObject *oname;
    if (!PyArg_ParseTuple(args, "O&:if_nametoindex", PyUnicode_FSConverter, &oname))
        return NULL;
    return if_nametoindex(oname);
}
#endif

/* gs_fn_if_indextoname is if_indextoname(index): an int read as a C
 * unsigned long. 3.13 refuses one above UINT_MAX; earlier versions
 * truncate it to unsigned int, and for 2**64-1 (which reads as the error
 * value with no error set) return NULL without an exception, which the
 * interpreter reports as SystemError: gosocket does the same. No such
 * interface is OSError(ENXIO). 3.14 converts it as a C unsigned int
 * (gs_unsigned_arg: __index__, ValueError for a negative one). */
PyObject *gs_fn_if_indextoname(PyObject *self, PyObject *arg)
{
#if GS_PYVER >= 0x030E
    unsigned long long index;
#else
    unsigned long index = PyLong_AsUnsignedLong(arg);
#endif
    char name[16];
    int rc;
#if GS_PYVER >= 0x030E
    if (gs_unsigned_arg(arg, UINT_MAX, "unsigned int", &index) < 0)
        return NULL;
#elif GS_PYVER >= 0x030D
    if (index == (unsigned long)-1 && PyErr_Occurred())
        return NULL;
    if (index > UINT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "index is too large");
        return NULL;
    }
#else
    if (index == (unsigned long)-1)
        return NULL;
#endif
    Py_BEGIN_ALLOW_THREADS
    rc = gs_if_indextoname((unsigned int)index, name, (int)sizeof name);
    Py_END_ALLOW_THREADS
    if (rc != 0)
        return gs_raise(rc);
    return PyUnicode_DecodeFSDefault(name);
}

/* gs_fn_sethostname is sethostname(name): bytes as they are (a NUL
 * included), else str or os.PathLike through the filesystem converter.
 * Like gethostname it calls the C library directly. */
PyObject *gs_fn_sethostname(PyObject *self, PyObject *args)
{
    PyObject *hnobj;
    Py_buffer buf;
    int res, flag = 0;
    if (!PyArg_ParseTuple(args, "S:sethostname", &hnobj)) {
        PyErr_Clear();
        if (!PyArg_ParseTuple(args, "O&:sethostname", PyUnicode_FSConverter, &hnobj))
            return NULL;
        flag = 1;
    }
    res = gs_audit("socket.sethostname", "(O)", hnobj) < 0 ? -1 : PyObject_GetBuffer(hnobj, &buf, PyBUF_SIMPLE);
    if (res == 0) {
        res = sethostname(buf.buf, buf.len);
        if (res < 0)
            res = errno;
        PyBuffer_Release(&buf);
    }
    if (flag)
        Py_DECREF(hnobj);
    if (res < 0)
        return NULL;
    if (res > 0)
        return gs_raise_errno(res);
    Py_RETURN_NONE;
}

#endif
