/* audit.c: the socket.__new__ audit event for sockets that socket.py's
 * class makes (see audit.h for the others). */
#include "glue.h"

/* gs_audit_new raises socket.__new__ (socket, family, type, proto) for a
 * socket object of type type being made, as _socket.socket.__init__ does
 * right after parsing its arguments. The base type passes what it was
 * given. For socket.py's class (GS_SOCK_CLASS and subclasses), socket.py's
 * __init__ first replaces -1 with AF_INET, SOCK_STREAM and 0 when no fileno
 * is given (3.7+), and its accept, dup, socketpair, fromfd and
 * create_connection make their sockets through it: those callers pass the
 * values socket.py passes. */
int gs_audit_new(PyObject *s, PyTypeObject *type, int has_fd, int family, int sotype, int proto)
{
#if GS_PYVER >= 0x0308
    if (PyType_IsSubtype(type, GS_SOCK_CLASS) && !has_fd) {
        if (family == -1)
            family = AF_INET;
        if (sotype == -1)
            sotype = SOCK_STREAM;
        if (proto == -1)
            proto = 0;
    }
    return gs_audit("socket.__new__", "Oiii", s, family, sotype, proto);
#else
    (void)s, (void)type, (void)has_fd, (void)family, (void)sotype, (void)proto;
    return 0;
#endif
}
