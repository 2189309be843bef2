/* argsafe.c: helpers for reading arguments whose conversion runs Python
 * code (__index__, __buffer__, __iter__...) that may change what is being
 * read: such code must never leave the binding with a borrowed pointer to
 * an object that is gone. */
#include "glue.h"

/* gs_seq_snapshot is PySequence_Fast(arg, msg) whose items the caller's
 * code cannot take away while they are converted: a list the caller passed
 * is copied into a tuple, so a hook that clears or shrinks it leaves the
 * call with the items it was given (CPython 3.15's sendmsg and
 * recvmsg_into read such a tuple too: gh-143637, gh-143988). A list that
 * PySequence_Fast built from another iterable is private already. */
PyObject *gs_seq_snapshot(PyObject *arg, const char *msg)
{
    PyObject *fast = PySequence_Fast(arg, msg), *t;
    if (fast == NULL || fast != arg || !PyList_Check(fast))
        return fast;
    t = PyList_AsTuple(fast);
    Py_DECREF(fast);
    return t;
}
