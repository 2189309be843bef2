/* clinic.c: what CPython 3.15's Argument Clinic does for the socket
 * methods it newly converted (send, sendall, sendmsg): the positional
 * argument count checked up front with its own wording, and C int
 * arguments read with PyLong_AsInt. */
#include "glue.h"

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
