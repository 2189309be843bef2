/* makefile.c: socket.makefile over a native raw I/O object. */
#include "glue.h"

PyObject *gs_sock_makefile(PyObject *self, PyObject *args, PyObject *kw)
{
    PyErr_SetString(PyExc_NotImplementedError, "gosocket: makefile is not implemented yet");
    return NULL;
}

int gs_makefile_init(PyObject *m)
{
    return 0;
}
