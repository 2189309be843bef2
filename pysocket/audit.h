/* audit.h: PEP 578 audit events (3.8+), raised where the built-in module
 * raises them (Modules/socketmodule.c), with the same names and arguments,
 * before the system call, so a hook that raises stops the call.
 *
 * gs_audit(event, format, ...) is PySys_Audit on 3.8+ (which returns at once
 * when no hook is installed, before building the arguments) and 0 before. */
#ifndef GS_AUDIT_H
#define GS_AUDIT_H

#if GS_PYVER >= 0x0308
#define gs_audit(...) PySys_Audit(__VA_ARGS__)
#else
#define gs_audit(...) 0
#endif

/* gs_audit_addr is gs_audit for the events raised once an address argument
 * is read (bind, connect, sendto, sendmsg): CPython's getsockaddrarg fails
 * on a port or flowinfo out of range before the event, so none is raised
 * then (here the OverflowError comes from the call, which checks them after
 * resolving the host, in CPython's order). */
#define gs_audit_addr(a, ...) (gs_addr_in_range(a) ? gs_audit(__VA_ARGS__) : 0)
static inline int gs_addr_in_range(const gs_addr *a)
{
    if (a->family != AF_INET && a->family != AF_INET6)
        return 1;
    return a->port >= 0 && a->port <= 0xffff && a->flowinfo <= 0xfffff;
}

/* gs_audit_new raises socket.__new__ (audit.c). */
int gs_audit_new(PyObject *s, PyTypeObject *type, int has_fd, int family, int sotype, int proto);

#endif
