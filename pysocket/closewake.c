/* closewake.c: close() while another thread is blocked on the socket.
 *
 * CPython's close() releases the descriptor at once; on Linux a thread
 * blocked in recv or accept on it stays blocked (the kernel keeps the file
 * open for the call), and a call that reads the number after close() may
 * act on another file that got the same number. gosocket counts the calls
 * running with the GIL released on each socket (GS_SOCK_BLOCKING in
 * glue.h). close() during such a call shuts the socket down, which wakes
 * recv, accept, send and poll, sets fd to -1 so no new call starts, and
 * leaves the descriptor open until the last running call returns: only
 * then is the number released. A call the shutdown ended reports EBADF,
 * as a call on a closed socket does (an error becomes EBADF, and a recv
 * that the shutdown ended with no data, see GS_CLOSED_EOF); one that had
 * completed anyway keeps its result. All of this runs with the GIL held. */
#include "glue.h"

/* gs_sock_close_busy closes s while calls are running on it. */
int gs_sock_close_busy(gs_sock *s)
{
    int fd = s->fd;
    s->fd = -1;
    s->closing_fd1 = fd + 1;
    Py_BEGIN_ALLOW_THREADS
    gs_shutdown(fd, SHUT_RDWR);
    Py_END_ALLOW_THREADS
    return 0;
}

/* gs_sock_leave ends one call counted on s: it returns the call's status,
 * or EBADF for an error when close() ran meanwhile (unless a Python
 * exception is set), and the last call out closes the descriptor close()
 * left. */
int gs_sock_leave(gs_sock *s, int rc)
{
    int fd1 = s->closing_fd1;
    s->busy--;
    if (fd1 == 0)
        return rc;
    if (s->busy == 0) {
        s->closing_fd1 = 0;
        gs_close(fd1 - 1);
    }
    return (rc == 0 || rc == GS_EPYERR) ? rc : EBADF;
}
