/* glue.h: what the C files of the binding share. */
#ifndef GS_GLUE_H
#define GS_GLUE_H

#include "compat.h"
#include "gs.h"
#include "_cgo_export.h"

/* gs_sock is the socket object. Its layout is CPython's PySocketSockObject
 * (fd, family, type, proto, errorhandler, timeout), so the ssl module, which
 * reaches through _socket.CAPI, works over gosocket sockets. The timeout is
 * a _PyTime_t in nanoseconds on 3.x and a double in seconds on 2.7, as
 * there; negative means None (blocking), 0 non-blocking. */
typedef struct {
    PyObject_HEAD
    int fd;
    int family;
    int type;
    int proto;
    PyObject *(*errorhandler)(void);
#if GS_PY3
    int64_t sock_timeout;
#else
    double sock_timeout;
#endif
} gs_sock;

/* GS_TIMEOUT reads a socket's timeout in nanoseconds (-1: None);
 * GS_SET_TIMEOUT stores one. */
#if GS_PY3
#define GS_TIMEOUT(s) ((s)->sock_timeout)
#define GS_SET_TIMEOUT(s, ns) ((s)->sock_timeout = (ns))
#else
#define GS_TIMEOUT(s) ((s)->sock_timeout < 0 ? (int64_t)-1 : (int64_t)((s)->sock_timeout * 1e9 + 0.5))
#define GS_SET_TIMEOUT(s, ns) ((s)->sock_timeout = (ns) < 0 ? -1.0 : (double)(ns) / 1e9)
#endif

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

/* makefile.c */
PyObject *gs_sock_makefile(PyObject *self, PyObject *args, PyObject *kw);
int gs_makefile_init(PyObject *m);

/* functions.c */
extern PyMethodDef gs_functions[];

#endif
