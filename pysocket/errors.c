/* errors.c: the exception classes and the three mappers CPython has:
 * errno -> OSError (socket.error on 2.7), EAI_* -> gaierror, h_errno ->
 * herror. Messages come from the C library, as the built-in module's do. */
#include "glue.h"
#include <errno.h>
#include <netdb.h>
#include <string.h>

PyObject *gs_error, *gs_herror, *gs_gaierror, *gs_timeout;

/* gs_init_errors creates the classes with the running interpreter's
 * hierarchy: 2.7: error < IOError, herror/gaierror/timeout < error;
 * 3.3+: error is OSError, herror/gaierror < OSError, timeout < OSError
 * until 3.10, where it is TimeoutError itself. */
int gs_init_errors(PyObject *m)
{
#if GS_PY3
    gs_error = PyExc_OSError;
    Py_INCREF(gs_error);
#else
    gs_error = PyErr_NewException("socket.error", PyExc_IOError, NULL);
    if (gs_error == NULL)
        return -1;
#endif
    gs_herror = PyErr_NewException("socket.herror", gs_error, NULL);
    gs_gaierror = PyErr_NewException("socket.gaierror", gs_error, NULL);
    if (gs_herror == NULL || gs_gaierror == NULL)
        return -1;
#if GS_PYVER >= 0x030A
    gs_timeout = PyExc_TimeoutError;
    Py_INCREF(gs_timeout);
#else
    gs_timeout = PyErr_NewException("socket.timeout", gs_error, NULL);
    if (gs_timeout == NULL)
        return -1;
#endif
    Py_INCREF(gs_error);
    Py_INCREF(gs_herror);
    Py_INCREF(gs_gaierror);
    Py_INCREF(gs_timeout);
    if (PyModule_AddObject(m, "error", gs_error) < 0 ||
        PyModule_AddObject(m, "herror", gs_herror) < 0 ||
        PyModule_AddObject(m, "gaierror", gs_gaierror) < 0 ||
        PyModule_AddObject(m, "timeout", gs_timeout) < 0)
        return -1;
    return 0;
}

/* gs_raise_errno raises OSError(err, strerror(err)); on 3.3+ OSError's
 * constructor picks the errno subclass (ConnectionRefusedError...). */
PyObject *gs_raise_errno(int err)
{
    errno = err;
    return PyErr_SetFromErrno(gs_error);
}

/* set_pair raises cls(code, message). */
static PyObject *set_pair(PyObject *cls, int code, const char *msg)
{
    PyObject *v = Py_BuildValue("(is)", code, msg);
    if (v != NULL) {
        PyErr_SetObject(cls, v);
        Py_DECREF(v);
    }
    return NULL;
}

/* gs_addr_messages are core.AddrError's messages, by GS_EADDR_* code
 * (status.h, generated from core). */
static const char *const gs_addr_messages[] = {GS_ADDR_MESSAGES};

/* gs_raise_addr raises the exception for status rc of a call that encoded
 * the address parsed for caller: an out-of-range port or flowinfo, which
 * Go checks once the host has resolved (CPython's order), or the rest as
 * gs_raise does. */
PyObject *gs_raise_addr(int rc, const char *caller)
{
    if (rc == GS_EADDR_PORT) {
        PyErr_Format(PyExc_OverflowError, GS_CALLER_FMT "port must be 0-65535.", GS_CALLER_ARG(caller));
        return NULL;
    }
    if (rc == GS_EADDR_FLOWINFO) {
        PyErr_Format(PyExc_OverflowError, GS_CALLER_FMT "flowinfo must be 0-1048575.", GS_CALLER_ARG(caller));
        return NULL;
    }
    return gs_raise(rc);
}

/* gs_raise sets the Python exception for a non-zero status from Go and
 * returns NULL. */
PyObject *gs_raise(int rc)
{
    if (rc > 0)
        return gs_raise_errno(rc);
    if (rc == GS_EPYERR)
        return NULL;
    if (rc == GS_EFORKED)
        return gs_raise_forked();
    if (rc == GS_ETIMEOUT) {
        PyErr_SetString(gs_timeout, "timed out");
        return NULL;
    }
    if (GS_IS_HERR(rc))
        return set_pair(gs_herror, GS_HERR_CODE(rc), hstrerror(GS_HERR_CODE(rc)));
    if (GS_IS_GAI(rc))
        return set_pair(gs_gaierror, GS_GAI_CODE(rc), gai_strerror(GS_GAI_CODE(rc)));
    if (rc == GS_EADDR_PORT || rc == GS_EADDR_FLOWINFO) /* callers that know the method use gs_raise_addr */
        return gs_raise_addr(rc, "getsockaddrarg");
    if (rc <= GS_EADDR_FIRST && rc >= GS_EADDR_LAST) {
        PyErr_SetString(gs_error, gs_addr_messages[GS_EADDR_FIRST - rc]);
        return NULL;
    }
    PyErr_SetString(PyExc_SystemError, "gosocket: internal error in the Go core (panic recovered)");
    return NULL;
}
