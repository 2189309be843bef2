/* fork.c: what gosocket does about fork(). The Go runtime is not made to
 * survive fork without exec: the child has the runtime's memory but only the
 * thread that forked. gosocket keeps the Go side usable there as far as it
 * can (no per-call allocation, so no garbage collection in the child; procs.go
 * keeps idle Go processors), and where it cannot, every gosocket call in
 * the child raises RuntimeError naming the cause instead of hanging:
 *  - a call was inside Go in another thread at the moment of fork (goguard.h
 *    counts them; the count the child inherits is the one at fork);
 *  - the first call into Go in the child, or one made then from a new
 *    thread, does not come back within GS_PROBE_SECONDS (fork.go says why
 *    that happens): a watchdog thread signals the stuck thread, whose
 *    handler jumps out of Go (a stuck new thread is left behind); the
 *    runtime is never entered again in that process. */
#include "glue.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GS_PROBE_SECONDS 2

int gs_go_inflight;
int gs_fork_unsafe;
int gs_fork_check;

/* gs_after_fork_child runs in the child inside fork(): the count it reads
 * is the parent's at the moment of fork, the threads it counted are gone. */
static void gs_after_fork_child(void)
{
    int n = __atomic_load_n(&gs_go_inflight, __ATOMIC_SEQ_CST);
    if (n > 0 && gs_fork_unsafe == 0)
        gs_fork_unsafe = n;
    gs_go_inflight = 0;
    if (gs_fork_unsafe == 0)
        gs_fork_check = 1;
}

/* gs_fork_register installs the handler when the library is loaded. */
__attribute__((constructor)) static void gs_fork_register(void)
{
    pthread_atfork(NULL, NULL, gs_after_fork_child);
}

static sigjmp_buf gs_probe_jmp;
static volatile sig_atomic_t gs_probe_armed;

static void gs_probe_alarm(int sig)
{
    (void)sig;
    if (gs_probe_armed) {
        gs_probe_armed = 0;
        siglongjmp(gs_probe_jmp, 1);
    }
}

typedef struct {
    pthread_t target;
    int sig;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done;
} gs_watch;

/* gs_watchdog signals the probing thread unless it finishes in time. */
static void *gs_watchdog(void *arg)
{
    gs_watch *w = arg;
    struct timespec ts;
    int fire;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += GS_PROBE_SECONDS;
    pthread_mutex_lock(&w->mu);
    while (!w->done && pthread_cond_timedwait(&w->cv, &w->mu, &ts) == 0)
        ;
    fire = !w->done;
    pthread_mutex_unlock(&w->mu);
    if (fire)
        pthread_kill(w->target, w->sig);
    return NULL;
}

/* gs_probe_other calls into Go from a new thread: that needs the
 * scheduler lock, which the forking thread's own calls may never touch. */
static void *gs_probe_other(void *arg)
{
    gs_watch *w = arg;
    (gs_fork_probe)();
    pthread_mutex_lock(&w->mu);
    w->done = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* gs_other_thread_answers reports whether a new thread's call into Go
 * comes back within GS_PROBE_SECONDS (a stuck thread is left behind). */
static int gs_other_thread_answers(void)
{
    static gs_watch w; /* outlives this call if the thread is stuck */
    struct timespec ts;
    pthread_attr_t attr;
    pthread_t th;
    int ok;
    memset(&w, 0, sizeof w);
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    ok = pthread_create(&th, &attr, gs_probe_other, &w) == 0;
    pthread_attr_destroy(&attr);
    if (!ok)
        return 1; /* no thread to test with: nothing learnt */
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += GS_PROBE_SECONDS;
    pthread_mutex_lock(&w.mu);
    while (!w.done && pthread_cond_timedwait(&w.cv, &w.mu, &ts) == 0)
        ;
    ok = w.done;
    pthread_mutex_unlock(&w.mu);
    return ok;
}

/* gs_fork_check_now runs the child's first call into Go under the
 * watchdog, then one from a new thread; returns 1 when Go answered both,
 * 0 when not (the child is then marked unusable). */
int gs_fork_check_now(void)
{
    static gs_watch w;
    struct sigaction sa, old;
    pthread_t th;
    int ok = 0, started;
    gs_fork_check = 0;
    memset(&w, 0, sizeof w);
    w.target = pthread_self();
    w.sig = SIGRTMIN + 2;
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = gs_probe_alarm;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(w.sig, &sa, &old);
    started = pthread_create(&th, NULL, gs_watchdog, &w) == 0;
    if (sigsetjmp(gs_probe_jmp, 1) == 0) {
        gs_probe_armed = 1;
        ok = (gs_fork_probe)() == 0; /* the export itself, not the GS_GO macro */
        gs_probe_armed = 0;
    }
    pthread_mutex_lock(&w.mu);
    w.done = 1;
    pthread_cond_signal(&w.cv);
    pthread_mutex_unlock(&w.mu);
    if (started)
        pthread_join(th, NULL);
    sigaction(w.sig, &old, NULL);
    if (ok)
        ok = gs_other_thread_answers();
    if (!ok)
        gs_fork_unsafe = -1;
    return ok;
}

/* gs_close_forked closes fd with the C library (an unusable child). */
int gs_close_forked(int fd)
{
    return close(fd) == 0 ? 0 : errno;
}

/* gs_raise_forked sets the RuntimeError for GS_EFORKED. */
PyObject *gs_raise_forked(void)
{
    if (gs_fork_unsafe < 0)
        PyErr_Format(PyExc_RuntimeError,
                     "gosocket cannot be used in this process: it was forked at a moment when the Go "
                     "runtime's scheduler was busy, and Go did not answer in this child within %d s; "
                     "use the 'spawn' or 'forkserver' start method, or fork again",
                     GS_PROBE_SECONDS);
    else
        PyErr_Format(PyExc_RuntimeError,
                     "gosocket cannot be used in this process: it was forked while %d other thread(s) were "
                     "inside gosocket calls, and the Go runtime does not survive fork() in that state; "
                     "fork before those threads use gosocket, or use the 'spawn' or 'forkserver' start method",
                     gs_fork_unsafe);
    return NULL;
}
