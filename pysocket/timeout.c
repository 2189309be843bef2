/* timeout.c: socket timeouts as CPython keeps them: None (-1), 0, or a
 * positive duration, held in nanoseconds; deadlines on CLOCK_MONOTONIC. */
#include "glue.h"
#include <math.h>
#include <time.h>

/* gs_default_timeout is setdefaulttimeout's value, for new sockets. */
int64_t gs_default_timeout = -1;

/* gs_parse_timeout reads a timeout argument: None, or a non-negative real
 * number of seconds. Errors match CPython's socket_parse_timeout:
 * ValueError "Timeout value out of range" for negatives, TypeError for
 * non-numbers, ValueError "Invalid value NaN (not a number)" for NaN. */
int gs_parse_timeout(PyObject *obj, int64_t *ns)
{
    double d;
    if (obj == Py_None) {
        *ns = -1;
        return 0;
    }
#if GS_PY3
    if (PyLong_Check(obj)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (v == -1 && PyErr_Occurred())
            return -1;
        if (overflow < 0 || (!overflow && v < 0)) {
            PyErr_SetString(PyExc_ValueError, "Timeout value out of range");
            return -1;
        }
        if (overflow > 0 || v > INT64_MAX / 1000000000LL) {
            PyErr_SetString(PyExc_OverflowError, "timestamp too large to convert to C _PyTime_t");
            return -1;
        }
        *ns = (int64_t)v * 1000000000LL;
        return 0;
    }
#endif
    d = PyFloat_AsDouble(obj);
    if (d == -1.0 && PyErr_Occurred()) {
#if !GS_PY3
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_SetString(PyExc_TypeError, "a float is required");
        }
#endif
        return -1;
    }
    if (isnan(d)) {
        PyErr_SetString(PyExc_ValueError, "Invalid value NaN (not a number)");
        return -1;
    }
    if (d < 0) {
        PyErr_SetString(PyExc_ValueError, "Timeout value out of range");
        return -1;
    }
    if (d * 1e9 >= 9.2e18) {
        PyErr_SetString(PyExc_OverflowError, "timeout doesn't fit into C timeval");
        return -1;
    }
    /* Round up, as CPython's _PyTime_ROUND_TIMEOUT does, so a tiny positive
     * timeout never becomes non-blocking mode. */
    *ns = (int64_t)ceil(d * 1e9);
    return 0;
}

/* gs_timeout_obj returns the Python value of a timeout: None or seconds. */
PyObject *gs_timeout_obj(int64_t ns)
{
    if (ns < 0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble((double)ns / 1e9);
}

/* gs_deadline_after returns the deadline ns from now, or none for ns <= 0. */
gs_deadline gs_deadline_after(int64_t ns)
{
    struct timespec ts;
    if (ns <= 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec + ns;
}
