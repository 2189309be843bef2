/* clinic.c: argument conversions as CPython's Argument Clinic makes them
 * where a version's built-in module took them up: 3.14's unsigned
 * converters (ntohs & co, if_indextoname), and for the methods 3.15 newly
 * converted (send, sendall, sendmsg) the positional argument count
 * checked up front with its own wording, and C int arguments read with
 * PyLong_AsInt. */
#include "glue.h"

/* gs_unsigned_arg converts o as 3.14's argument converters for C unsigned
 * types do (ntohs/htons: uint16_t, ntohl/htonl: uint32_t, if_indextoname:
 * unsigned int): through __index__; a negative int is ValueError('Cannot
 * convert negative int'), one above max OverflowError('Python int too
 * large for C <ctype>'). */
int gs_unsigned_arg(PyObject *o, unsigned long long max, const char *ctype, unsigned long long *out)
{
    int overflow = 0;
    long long v;
    PyObject *idx = PyNumber_Index(o);
    if (idx == NULL)
        return -1;
    v = PyLong_AsLongLongAndOverflow(idx, &overflow);
    Py_DECREF(idx);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (overflow < 0 || (overflow == 0 && v < 0)) {
        PyErr_SetString(PyExc_ValueError, "Cannot convert negative int");
        return -1;
    }
    if (overflow > 0 || (unsigned long long)v > max) {
        PyErr_Format(PyExc_OverflowError, "Python int too large for C %s", ctype);
        return -1;
    }
    *out = (unsigned long long)v;
    return 0;
}

#if GS_PYVER >= 0x030F
/* gs_clinic_nargs is _PyArg_CheckPositional: "send expected at least 1
 * argument, got 0", "... at most 2 arguments, got 3". */
int gs_clinic_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max)
{
    if (nargs < min) {
        PyErr_Format(PyExc_TypeError, "%.200s expected %s%zd argument%s, got %zd", name,
                     min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        PyErr_Format(PyExc_TypeError, "%.200s expected %s%zd argument%s, got %zd", name,
                     min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

/* gs_clinic_int reads a C int as the clinic's int converter does
 * (PyLong_AsInt: __index__, "Python int too large to convert to C int"
 * either way out of range). */
int gs_clinic_int(PyObject *o, int *out)
{
    int v = PyLong_AsInt(o);
    if (v == -1 && PyErr_Occurred())
        return -1;
    *out = v;
    return 0;
}
#endif
