/* sigmask.c: Python's signal handlers run on Python's threads, never on
 * the Go runtime's. The kernel hands a process-directed signal (kill,
 * setitimer, Ctrl-C) to any thread that does not block it; Python before
 * 3.10 installs its handlers without SA_ONSTACK, so one running on a Go
 * thread would run on whatever stack that thread is on, possibly a small
 * goroutine stack. CPython runs its handlers' Python code on the main
 * thread anyway; only the C part (noting the signal) runs where the kernel
 * chose.
 *
 * The Go runtime of a c-shared library starts from a constructor that
 * creates its first thread with pthread_create; that thread's signal mask
 * becomes the runtime's initSigmask, which every later Go thread starts
 * with (Go unblocks the synchronous signals it needs, SIGSEGV and the like,
 * itself). gs_sigmask_block runs before that constructor (a constructor
 * with a priority comes first in .init_array) and blocks the asynchronous
 * signals in the loading thread; gs_sigmask_restore, called from module
 * init, gives the loading thread its own mask back. Python's threads that
 * call into Go keep their masks (Go saves and restores them). */
#include "glue.h"
#include <pthread.h>
#include <signal.h>

static sigset_t gs_saved_mask;
static int gs_mask_saved;

/* gs_async_signals are blocked in Go's threads: the signals a program
 * handles or sends for its own purposes. Not SIGURG (Go's preemption),
 * SIGPROF (profiling), SIGPIPE or the synchronous ones. SIGCHLD is listed
 * but Go unblocks it in its threads anyway (its signal table marks it so). */
static const int gs_async_signals[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGALRM, SIGUSR1, SIGUSR2, SIGCHLD, SIGVTALRM,
    SIGWINCH, SIGIO, SIGPWR, SIGXCPU, SIGXFSZ, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT,
};

__attribute__((constructor(101))) static void gs_sigmask_block(void)
{
    sigset_t set;
    int i;
    sigemptyset(&set);
    for (i = 0; i < (int)(sizeof gs_async_signals / sizeof gs_async_signals[0]); i++)
        sigaddset(&set, gs_async_signals[i]);
    for (i = SIGRTMIN; i <= SIGRTMAX; i++)
        sigaddset(&set, i);
    if (pthread_sigmask(SIG_BLOCK, &set, &gs_saved_mask) == 0)
        gs_mask_saved = 1;
}

/* gs_sigmask_restore gives the thread that loaded the library its signal
 * mask back (once, from module init). */
void gs_sigmask_restore(void)
{
    if (gs_mask_saved) {
        gs_mask_saved = 0;
        pthread_sigmask(SIG_SETMASK, &gs_saved_mask, NULL);
    }
}
