/* glue.h: what the C files of the binding share. */
#ifndef GS_GLUE_H
#define GS_GLUE_H

#include "compat.h"
#include "gs.h"
#include "_cgo_export.h"

/* gs_sock is the socket object. Its first fields follow CPython's
 * PySocketSockObject (fd, family, type, proto, errorhandler, timeout). */
typedef struct {
    PyObject_HEAD
    int fd;
    int family;
    int type;
    int proto;
    PyObject *(*errorhandler)(void);
    int64_t timeout_ns; /* -1: None (blocking); 0: non-blocking; > 0: timeout */
} gs_sock;

extern PyTypeObject gs_sock_type;

/* errors.c */
extern PyObject *gs_error, *gs_herror, *gs_gaierror, *gs_timeout;
int gs_init_errors(PyObject *m);
PyObject *gs_raise(int rc);
PyObject *gs_raise_errno(int err);

/* addr.c */
typedef struct {
    PyObject *host;  /* owns the encoded host name */
    Py_buffer path;  /* AF_UNIX path */
    int has_path;
} gs_addrkeep;
int gs_parse_addr(int family, PyObject *obj, gs_addr *a, gs_addrkeep *keep, const char *caller);
int gs_parse_host(PyObject *obj, PyObject **out);
void gs_addr_release(gs_addrkeep *keep);
PyObject *gs_make_addr(const gs_addr *a);
PyObject *gs_make_ipaddr(const gs_addr *a);

/* timeout.c */
extern int64_t gs_default_timeout;
int gs_parse_timeout(PyObject *obj, int64_t *ns);
PyObject *gs_timeout_obj(int64_t ns);
gs_deadline gs_deadline_after(int64_t ns);

/* sockobj.c */
PyObject *gs_sock_new_fd(PyTypeObject *type, int fd, int family, int sotype, int proto);
int gs_sock_init_type(PyObject *m);

/* functions.c */
extern PyMethodDef gs_functions[];

#endif
