/* timeout.c: socket timeouts as the running interpreter keeps them (see
 * gs_tmo in glue.h): None (negative), 0, or a positive duration;
 * deadlines on CLOCK_MONOTONIC. */
#include "glue.h"
#include <limits.h>
#include <math.h>
#include <time.h>

/* gs_default_timeout is setdefaulttimeout's value, for new sockets. */
gs_tmo gs_default_timeout = GS_TMO_NONE;

#if GS_PY3
/* The OverflowError messages of CPython's pytime.c: a float timeout out of
 * _PyTime_t's range says time_t from 3.11 on; an int one names the type,
 * which lost its underscore in 3.13; 3.14 words both "out of range for C
 * PyTime_t". */
#if GS_PYVER >= 0x030E
#define FLOAT_OVERFLOW "timestamp out of range for C PyTime_t"
#elif GS_PYVER >= 0x030B
#define FLOAT_OVERFLOW "timestamp out of range for platform time_t"
#else
#define FLOAT_OVERFLOW "timestamp too large to convert to C _PyTime_t"
#endif
#if GS_PYVER >= 0x030E
#define INT_OVERFLOW "timestamp out of range for C PyTime_t"
#elif GS_PYVER >= 0x030D
#define INT_OVERFLOW "timestamp too large to convert to C PyTime_t"
#else
#define INT_OVERFLOW "timestamp too large to convert to C _PyTime_t"
#endif

/* gs_parse_timeout reads a timeout argument as CPython 3's
 * socket_parse_timeout: None; a float, which must not be NaN, is scaled to
 * nanoseconds rounding away from zero (so a tiny positive timeout never
 * becomes non-blocking mode) and must fit _PyTime_t; anything else goes
 * through PyLong_AsLongLong, whose errors are the interpreter's own (what
 * objects it accepts and its TypeError differ between versions). 3.14
 * takes an int or an object with __index__ and refuses the rest ("'T'
 * object cannot be interpreted as an integer or float"); 3.15 reads any
 * other real number (Decimal, Fraction, __float__) as a float. Only then
 * is a negative value "out of range". */
int gs_parse_timeout(PyObject *obj, gs_tmo *t)
{
    int64_t ns;
    double d = 0;
    int as_float = PyFloat_Check(obj);
    if (obj == Py_None) {
        *t = GS_TMO_NONE;
        return 0;
    }
#if GS_PYVER >= 0x030E
    if (!as_float && !PyIndex_Check(obj)) {
#if GS_PYVER >= 0x030F
        d = PyFloat_AsDouble(obj);
        if (d == -1.0 && PyErr_Occurred())
            return -1;
        as_float = 2;
#else
        PyErr_Format(PyExc_TypeError, "'%T' object cannot be interpreted as an integer or float", obj);
        return -1;
#endif
    }
#endif
    if (as_float) {
        if (as_float == 1)
            d = PyFloat_AsDouble(obj);
        if (d == -1.0 && PyErr_Occurred())
            return -1;
        if (isnan(d)) {
            PyErr_SetString(PyExc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        d *= 1e9;
        d = d >= 0 ? ceil(d) : floor(d);
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
            PyErr_SetString(PyExc_OverflowError, FLOAT_OVERFLOW);
            return -1;
        }
        ns = (int64_t)d;
    } else {
        long long sec = PyLong_AsLongLong(obj);
        if (sec == -1 && PyErr_Occurred()) {
            if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
                PyErr_Clear();
                PyErr_SetString(PyExc_OverflowError, INT_OVERFLOW);
            }
            return -1;
        }
        if (sec > INT64_MAX / 1000000000LL || sec < INT64_MIN / 1000000000LL) {
            PyErr_SetString(PyExc_OverflowError, INT_OVERFLOW);
            return -1;
        }
        ns = (int64_t)sec * 1000000000LL;
    }
    if (ns < 0) {
        PyErr_SetString(PyExc_ValueError, "Timeout value out of range");
        return -1;
    }
    *t = ns;
    return 0;
}

/* gs_timeout_obj returns the Python value of a timeout: None or seconds. */
PyObject *gs_timeout_obj(gs_tmo t)
{
    if (t < 0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble((double)t / 1e9);
}

/* gs_deadline_after returns the deadline t from now; none (-1) for None
 * and for non-blocking mode, which never wait. */
gs_deadline gs_deadline_after(gs_tmo t)
{
    struct timespec ts;
    if (t <= 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec + t;
}
#else
/* gs_parse_timeout reads a timeout argument as 2.7's sock_settimeout: None,
 * or anything PyFloat_AsDouble takes that is not negative. 2.7 checks
 * nothing else: NaN, infinity and -0.0 are kept as they are. */
int gs_parse_timeout(PyObject *obj, gs_tmo *t)
{
    double d;
    if (obj == Py_None) {
        *t = GS_TMO_NONE;
        return 0;
    }
    d = PyFloat_AsDouble(obj);
    if (d < 0.0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "Timeout value out of range");
        else if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_SetString(PyExc_TypeError, "a float is required");
        }
        return -1;
    }
    *t = d;
    return 0;
}

/* gs_timeout_obj returns the Python value of a timeout: None or the
 * double itself. */
PyObject *gs_timeout_obj(gs_tmo t)
{
    if (t < 0.0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(t);
}

/* gs_deadline_after returns the deadline of an operation starting now that
 * waits as 2.7's internal_select does: not at all for None and for 0 (or
 * -0.0), else for poll's (int)(timeout * 1000 + 0.5) milliseconds, where a
 * value beyond int (NaN, infinity, more than about 24 days) waits forever. */
gs_deadline gs_deadline_after(gs_tmo t)
{
    struct timespec ts;
    double ms;
    if (t < 0.0 || t == 0.0)
        return -1;
    ms = t * 1000 + 0.5;
    if (!(ms < 2147483648.0))
        return INT64_MAX;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec + (int64_t)(int)ms * 1000000LL;
}
#endif
