/* argsafe.c: helpers for reading arguments whose conversion runs Python
 * code (__index__, __buffer__, __iter__...) that may change what is being
 * read: such code must never leave the binding with a borrowed pointer to
 * an object that is gone. */
#include "glue.h"

/* gs_seq_snapshot is PySequence_Fast(arg, msg) whose items the caller's
 * code cannot take away while they are converted: a list the caller passed
 * is copied into a tuple, so a hook that clears or shrinks it leaves the
 * call with the items it was given (CPython 3.14+'s sendmsg and
 * recvmsg_into read such a tuple too: gh-143637, gh-143988). A list that
 * PySequence_Fast built from another iterable is private already. Up to
 * 3.13 the iterable is read as those versions read it (PySequence_Fast:
 * __len__ as a length hint, errors as raised). */
PyObject *gs_seq_snapshot(PyObject *arg, const char *msg)
{
#if PY_VERSION_HEX >= 0x030E0000
    /* 3.14+ (gh-143988, backported): PySequence_Tuple, and a TypeError with
     * msg in place of whatever reading the iterable raised. */
    PyObject *t = PySequence_Tuple(arg);
    if (t == NULL)
        PyErr_SetString(PyExc_TypeError, msg);
    return t;
#else
    PyObject *fast = PySequence_Fast(arg, msg), *t;
    if (fast == NULL || fast != arg || !PyList_Check(fast))
        return fast;
    t = PyList_AsTuple(fast);
    Py_DECREF(fast);
    return t;
#endif
}
