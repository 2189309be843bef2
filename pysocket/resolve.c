/* resolve.c: the resolver's lookups (getaddrinfo, getnameinfo,
 * gethostbyname2_r, gethostbyaddr_r), made here with the GIL released, as
 * CPython makes them. A lookup can wait for seconds, and nothing waits
 * inside Go: Go answers what needs no lookup (numeric addresses, the
 * special names) and decodes the answers (resolver.go, core.FirstAddrInfo);
 * GS_ELOOKUP from Go asks for the lookup made here. */
#include "glue.h"
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

/* gai_status is the status of a failed getaddrinfo/getnameinfo: EAI_SYSTEM
 * reports errno instead, as CPython's set_gaierror does. */
static int gai_status(int rc, int err)
{
    return (rc == EAI_SYSTEM && err != 0) ? err : GS_EGAI_BASE + rc;
}

/* lookup runs getaddrinfo with the GIL released. */
static int lookup(const char *host, const char *port, int family, int socktype, int proto, int flags,
                  struct addrinfo **res)
{
    struct addrinfo hints;
    int rc, err;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = proto;
    hints.ai_flags = flags;
    Py_BEGIN_ALLOW_THREADS
    errno = 0;
    rc = getaddrinfo(host, port, &hints, res);
    err = errno;
    Py_END_ALLOW_THREADS
    return rc == 0 ? 0 : gai_status(rc, err);
}

/* gs_lookup is setipaddr's lookup of a->host for family: the wildcard
 * address for "" (AI_PASSIVE), else the first result for the name; the
 * address goes into a->raw (decoded when decode is set) and a is marked
 * resolved. */
int gs_lookup(gs_addr *a, int family, int decode)
{
    struct addrinfo *res = NULL;
    int wildcard = a->host[0] == 0, rc;
    if (wildcard)
        rc = lookup(NULL, "0", family, SOCK_DGRAM, 0, AI_PASSIVE, &res);
    else
        rc = lookup(a->host, NULL, family, 0, 0, 0, &res);
    if (rc != 0)
        return rc;
    rc = gs_lookup_result(res, wildcard, a, decode);
    freeaddrinfo(res);
    return rc;
}

/* gs_addr_prelookup looks a's host up now when it is a name (not a numeric
 * address, "" or "<broadcast>"), as CPython's getsockaddrarg does before
 * sendto's audit event; a numeric host is left for Go to encode with the
 * send itself (one call into Go). */
int gs_addr_prelookup(gs_addr *a)
{
    unsigned char buf[sizeof(struct in6_addr)];
    if ((a->family != AF_INET && a->family != AF_INET6) || a->host == NULL || a->resolved)
        return 0;
    if (a->host[0] == 0 || strcmp(a->host, "<broadcast>") == 0 || inet_pton(a->family, a->host, buf) == 1)
        return 0;
    return gs_lookup(a, a->family, 0);
}

/* gs_addr_encode encodes a into a->raw (Go), looking its host up first
 * when it is a name (bind, connect, sendmsg, sendmmsg). */
int gs_addr_encode(gs_addr *a)
{
    int rc = gs_encode_addr(a);
    if (rc == GS_ELOOKUP) {
        rc = gs_lookup(a, a->family, 0);
        if (rc == 0)
            rc = gs_encode_addr(a);
    }
    return rc;
}

/* gs_ipaddr is CPython's setipaddr for host and family: the address into
 * a, decoded (gethostbyname and friends). */
int gs_ipaddr(const char *host, int family, gs_addr *a)
{
    int rc = gs_setipaddr((char *)host, family, a);
    if (rc == GS_ELOOKUP) {
        a->host = host;
        rc = gs_lookup(a, family, 1);
    }
    return rc;
}

/* gs_addrinfo is the getaddrinfo() function's query: answered by Go when
 * it needs no lookup, else looked up here and decoded by Go (see
 * gs_getaddrinfo for out, max, n and canon). */
int gs_addrinfo(const char *host, const char *port, int family, int socktype, int proto, int flags, gs_ai *out,
                int max, int *n, char *canon, int canonlen)
{
    struct addrinfo *res = NULL;
    int rc = gs_getaddrinfo((char *)host, (char *)port, family, socktype, proto, flags, NULL, out, max, n, canon,
                            canonlen);
    if (rc != GS_ELOOKUP)
        return rc;
    rc = lookup(host, port, family, socktype, proto, flags, &res);
    if (rc != 0)
        return rc;
    rc = gs_getaddrinfo((char *)host, (char *)port, family, socktype, proto, flags, res, out, max, n, canon,
                        canonlen);
    freeaddrinfo(res);
    return rc;
}

/* gs_nameinfo is CPython's socket_getnameinfo once its arguments are read:
 * a->host and port through getaddrinfo (hints flags aiflags), which must
 * give one address (Go checks it, gs_nameinfo_addr), then getnameinfo into
 * host and serv. */
int gs_nameinfo(gs_addr *a, const char *port, int nargs, int aiflags, int flags, char *host, size_t hostlen,
                char *serv, size_t servlen)
{
    struct addrinfo *res = NULL;
    int rc, err;
    rc = lookup(a->host, port, AF_UNSPEC, SOCK_DGRAM, 0, aiflags, &res);
    if (rc != 0)
        return rc;
    rc = gs_nameinfo_addr(res, a, nargs);
    freeaddrinfo(res);
    if (rc != 0)
        return rc;
    Py_BEGIN_ALLOW_THREADS
    errno = 0;
    rc = getnameinfo((const struct sockaddr *)&a->raw.ss, a->raw.len, host, hostlen, serv, servlen, flags);
    err = errno;
    Py_END_ALLOW_THREADS
    return rc == 0 ? 0 : gai_status(rc, err);
}

/* gs_hostent is gethostbyname_ex (by_addr 0: name resolved as setipaddr
 * does for AF_INET, so an unknown name is a gaierror, as in CPython, then
 * gethostbyname2_r) or gethostbyaddr (by_addr 1: setipaddr for AF_UNSPEC,
 * then gethostbyaddr_r for that address), into buf (size bytes: the
 * struct hostent, then scratch space), the result through *h. ERANGE asks
 * for a bigger buffer; an unresolved lookup is an h_errno status. */
int gs_hostent(const char *name, int by_addr, gs_addr *a, char *buf, size_t size, struct hostent **h)
{
    struct hostent *res = NULL, *he = (struct hostent *)buf;
    const void *addr = NULL;
    socklen_t alen = 0;
    int rc, herr = 0;
    if (size <= sizeof(struct hostent))
        return ERANGE;
    memset(a, 0, sizeof *a);
    rc = gs_ipaddr(name, by_addr ? AF_UNSPEC : AF_INET, a);
    if (rc != 0)
        return rc;
    if (by_addr) {
        if (a->family == AF_INET) {
            addr = &((const struct sockaddr_in *)&a->raw.ss)->sin_addr;
            alen = sizeof(struct in_addr);
        } else if (a->family == AF_INET6) {
            addr = &((const struct sockaddr_in6 *)&a->raw.ss)->sin6_addr;
            alen = sizeof(struct in6_addr);
        } else
            return GS_EADDR_UNKNOWN;
    }
    Py_BEGIN_ALLOW_THREADS
    if (by_addr)
        rc = gethostbyaddr_r(addr, alen, a->family, he, buf + sizeof *he, size - sizeof *he, &res, &herr);
    else
        rc = gethostbyname2_r(name, a->family, he, buf + sizeof *he, size - sizeof *he, &res, &herr);
    Py_END_ALLOW_THREADS
    if (rc == ERANGE)
        return ERANGE;
    if (res == NULL)
        return GS_EHERR_BASE - herr;
    *h = res;
    return 0;
}
