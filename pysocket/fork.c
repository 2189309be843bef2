/* fork.c: what gosocket does about fork(). The Go runtime is not made to
 * survive fork without exec: the child has the runtime's memory but only the
 * thread that forked. gosocket keeps the Go side usable there as far as it
 * can (no per-call allocation, so no garbage collection in the child; procs.go
 * keeps idle Go processors), and where it cannot (a call was inside Go in
 * another thread at the moment of fork, see goguard.h) every gosocket call
 * in the child raises RuntimeError naming the cause, never hangs. */
#include "glue.h"
#include <pthread.h>
#include <unistd.h>

int gs_go_inflight;
int gs_fork_unsafe;

/* gs_after_fork_child runs in the child inside fork(): the count it reads
 * is the parent's at the moment of fork, the threads it counted are gone. */
static void gs_after_fork_child(void)
{
    int n = __atomic_load_n(&gs_go_inflight, __ATOMIC_SEQ_CST);
    if (n > 0 && gs_fork_unsafe == 0)
        gs_fork_unsafe = n;
    gs_go_inflight = 0;
}

/* gs_fork_register installs the handler when the library is loaded. */
__attribute__((constructor)) static void gs_fork_register(void)
{
    pthread_atfork(NULL, NULL, gs_after_fork_child);
}

/* gs_close_forked closes fd with the C library (an unusable child). */
int gs_close_forked(int fd)
{
    return close(fd) == 0 ? 0 : errno;
}

/* gs_raise_forked sets the RuntimeError for GS_EFORKED. */
PyObject *gs_raise_forked(void)
{
    PyErr_Format(PyExc_RuntimeError,
                 "gosocket cannot be used in this process: it was forked while %d other thread(s) were "
                 "inside gosocket calls, and the Go runtime does not survive fork() in that state; "
                 "fork before those threads use gosocket, or use the 'spawn' or 'forkserver' start method",
                 gs_fork_unsafe);
    return NULL;
}
