/* fork.c: what gosocket does about fork(). The Go runtime is not made to
 * survive fork without exec: the child has the runtime's memory but only the
 * thread that forked. A child is usable when, at the instant of fork, no
 * thread was running Go code or held one of the runtime's locks. gosocket
 * makes that so before every fork (gs_before_fork, a pthread_atfork
 * prepare handler):
 *  1. no call is inside Go: new calls wait (gs_go_forking, goguard.h) and
 *     the calls in flight drain; since no gosocket call waits inside Go
 *     (call.c), they take microseconds; an accept that blocked after all
 *     (another acceptor took the connection poll announced) is
 *     interrupted (gs_call_kick) and goes back to poll;
 *  2. and 3. are for a runtime without build.py's changes
 *     (RUNTIME_PATCHES), the first of which marks no call from a C thread
 *     for preemption; with them (gs_patched) they have nothing to clear
 *     and are skipped.
 *  2. the forking thread settles its own Go state (gs_fork_settle: one
 *     yield through Go's scheduler) if it has called into Go since its
 *     last fork: Go's sysmon marks the goroutine of a thread that calls
 *     from C for preemption whenever it catches it in Go with the same
 *     scheduling tick for 10 ms (a call from C never passes the
 *     scheduler), and a mark left pending would be acted on at the
 *     child's first call, which needs another Go thread to hand off to:
 *     the child has none, and the call would never return. The yield
 *     clears the mark and starts a new tick; the thread then stays in C.
 *  3. the Go thread states (Ms) that exited threads gave back, which
 *     sysmon marks the same way (gs_clean_exited), are taken and given
 *     back clean by short-lived cleaner threads;
 *  4. the runtime's own threads are all asleep in futex(2): Go's parked
 *     threads sleep there holding no lock, and sysmon, which visits a
 *     thread for 10 ms after its last call into Go (taking the scheduler's
 *     lock every 20 us or so), sleeps there only once every Go processor
 *     is idle. A thread that sleeps in futex holds no runtime lock that a
 *     running thread could be waiting for, and none of them wakes without
 *     a running thread to wake it (sysmon's own time-out is a minute).
 *     With build.py's changes sysmon leaves a Python thread's processor
 *     alone until the thread has sat in C for 10 ms, so it sleeps in its
 *     nanosleep(2) between passes rather than in futex; it skips its
 *     passes while gs_go_forking is up (the third change), so there too
 *     it holds no lock, and nanosleep counts as asleep (gs_patched).
 *     The runtime's threads are known exactly: every thread the library
 *     starts goes through gs_thread_create (the link wraps pthread_create).
 * Step 4 reads each such thread's /proc/self/task/TID/syscall, every
 * GS_SPIN_NS, for up to GS_QUIET_MAX_NS: until sysmon has taken the
 * forking thread's processor and gone to sleep (about 1.6 ms; after step 2
 * 10-20 ms, since the yield starts a new scheduling tick). gs_fork_stats reports the waits. A forked child (which has no
 * sysmon, and no other Go thread to yield to) only drains (step 1).
 *
 * What is left to chance is said in the child: every gosocket call there
 * raises RuntimeError naming the cause, instead of hanging, when
 *  - a call was inside Go in another thread at the moment of fork (step 1
 *    gave up after GS_DRAIN_MAX_NS: a resolver call can take that long);
 *  - the first call into Go in the child, or one made then from a new
 *    thread, does not come back within GS_PROBE_SECONDS (a watchdog thread
 *    signals the stuck thread, whose handler jumps out of Go); the runtime
 *    is never entered again in that process. */
#include "glue.h"
#include "threads.h"
#include <dirent.h>
#include <stdint.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define GS_PROBE_SECONDS 2
#define GS_DRAIN_MAX_NS (2000 * 1000000LL)
#define GS_QUIET_MAX_NS (500 * 1000000LL)
#define GS_SPIN_NS (500 * 1000LL)
#define GS_MAX_THREADS 512
#define GS_MAX_CLEANERS 128

int gs_go_inflight;
int gs_go_forking;
int gs_fork_unsafe;
int gs_fork_check;
__thread int gs_go_thread;
__thread int gs_go_dirty;
static int gs_forked; /* this process is a forked child */
/* gs_patched: the runtime carries build.py's change to preemptone, which
 * marks no call from a C thread, so steps 2 and 3 have nothing to clear
 * (-1: not asked yet). */
static int gs_patched = -1;

/* The threads the library started (the Go runtime's), by thread id. */
static pid_t gs_threads[GS_MAX_THREADS];
static int gs_nthreads;

/* gs_fork_waits: forks prepared, and the total and longest time they waited
 * (ns); gs_fork_quiet_missed: forks whose step 2 gave up. */
static long long gs_fork_waits, gs_fork_wait_total, gs_fork_wait_max, gs_fork_quiet_missed, gs_fork_cleanings;

typedef struct {
    void *(*fn)(void *);
    void *arg;
} gs_tstart;


/* gs_thread_start records the new thread's id, then runs it. */
static void *gs_thread_start(void *p)
{
    gs_tstart t = *(gs_tstart *)p;
    int i = __atomic_fetch_add(&gs_nthreads, 1, __ATOMIC_SEQ_CST);
    free(p);
    if (i < GS_MAX_THREADS)
        __atomic_store_n(&gs_threads[i], (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
    return t.fn(t.arg);
}

static void *gs_clean_one(void *arg);
static void *gs_watchdog(void *arg);
static void *gs_probe_other(void *arg);

/* gs_thread_create starts (with create) and counts every thread this
 * library starts: the Go runtime's (threads.h); fork.c's own (cleaners and
 * watchdogs, which come and go) are started uncounted. */
int gs_thread_create(gs_pthread_create_fn create, pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *),
                     void *arg)
{
    int rc;
    gs_tstart *t;
    if (fn == gs_clean_one || fn == gs_watchdog || fn == gs_probe_other)
        return create(th, attr, fn, arg);
    t = malloc(sizeof *t);
    if (t == NULL)
        return create(th, attr, fn, arg);
    t->fn = fn;
    t->arg = arg;
    rc = create(th, attr, gs_thread_start, t);
    if (rc != 0)
        free(t);
    return rc;
}

static long long mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* nap sleeps for up to ns (a signal may end it early: every caller
 * sleeps in a loop that checks what it waits for). */
static void nap(long long ns)
{
    struct timespec ts = {0, (long)ns};
    nanosleep(&ts, NULL);
}

/* read_task_file reads /proc/self/task/TID/name into buf (NUL-ended);
 * 0 when the thread is gone. */
static int read_task_file(pid_t tid, const char *name, char *buf, size_t size)
{
    char path[64];
    int fd;
    ssize_t n;
    snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)tid, name);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    return 1;
}

/* thread_asleep: thread tid is asleep in futex(2), or in nanosleep(2)
 * when nap_too (its state S, so not woken and waiting for a CPU), or
 * gone. */
static int thread_asleep(pid_t tid, int nap_too)
{
    char buf[256];
    const char *st;
    int nr;
    if (!read_task_file(tid, "syscall", buf, sizeof buf))
        return 1;
    nr = atoi(buf);
    if (buf[0] == 'r' || !(nr == SYS_futex || (nap_too && nr == SYS_nanosleep)))
        return 0;
    if (!read_task_file(tid, "stat", buf, sizeof buf))
        return 1;
    st = strrchr(buf, ')');
    return st != NULL && st[1] == ' ' && st[2] == 'S';
}

/* go_asleep: every thread of the Go runtime is asleep in futex(2) (or,
 * with build.py's runtime changes, nanosleep(2): step 4 at the top). */
static int go_asleep(void)
{
    int i, n = __atomic_load_n(&gs_nthreads, __ATOMIC_SEQ_CST);
    pid_t self = (pid_t)syscall(SYS_gettid);
    if (n > GS_MAX_THREADS)
        n = GS_MAX_THREADS;
    for (i = 0; i < n; i++) {
        pid_t tid = __atomic_load_n(&gs_threads[i], __ATOMIC_SEQ_CST);
        if (tid != 0 && tid != self && !thread_asleep(tid, gs_patched > 0))
            return 0;
    }
    return 1;
}

/* gs_go_wait_fork waits until a fork being prepared is done. */
void gs_go_wait_fork(void)
{
    while (__atomic_load_n(&gs_go_forking, __ATOMIC_SEQ_CST))
        nap(50000);
}

/* The Python threads that have called into Go, and those of them that have
 * exited since: an exited thread gives its Go thread state (an extra M) back
 * to the runtime, and Go 1.26's sysmon, finding that state's processor
 * still wired to it, marks the M's goroutine for preemption
 * (runtime/proc.go: preemptone skips goroutines in a system call but not
 * an extra M's dead one). In the parent the next thread to take that M
 * acts on the mark by handing itself to another of Go's threads and back;
 * in a forked child there is no other thread, and the call never returns.
 * gs_before_fork therefore gives such Ms to short-lived cleaner threads
 * first (gs_clean_exited). */
static pthread_key_t gs_exit_key_before, gs_exit_key_after;
static int gs_exit_keys; /* 1 when both keys exist */
static pthread_mutex_t gs_exit_keys_mu = PTHREAD_MUTEX_INITIALIZER;
static int gs_alive, gs_peak, gs_exits, gs_exits_cleaned, gs_exiting;
static __thread int gs_cleaner;
extern uintptr_t x_cgo_pthread_key_created; /* runtime/cgo: Go's key exists */

/* A thread's exit gives its M back through Go's own thread-specific key
 * destructor (runtime/cgo, gcc_libinit.c: dropm). glibc runs key
 * destructors in the order the keys were made; gosocket makes one key
 * before Go's (at load) and one after (at the first call into Go), so
 * that giving the M back is bracketed like a call into Go: not while a
 * fork is being prepared, and counted (gs_exiting) while it runs, so
 * that the fork waits for it and then sees it in gs_exits. */
static void gs_thread_exiting(void *p)
{
    (void)p;
    if (gs_cleaner)
        return;
    for (;;) {
        __atomic_add_fetch(&gs_exiting, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&gs_go_forking, __ATOMIC_SEQ_CST))
            return;
        __atomic_sub_fetch(&gs_exiting, 1, __ATOMIC_SEQ_CST);
        gs_go_wait_fork();
    }
}

static void gs_thread_exited(void *p)
{
    (void)p;
    if (gs_cleaner)
        return;
    __atomic_sub_fetch(&gs_alive, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&gs_exits, 1, __ATOMIC_SEQ_CST);
    __atomic_sub_fetch(&gs_exiting, 1, __ATOMIC_SEQ_CST);
}

/* gs_go_thread_first runs at a thread's first call into Go (goguard.h,
 * the call counted in flight already). */
void gs_go_thread_first(void)
{
    int n;
    gs_go_thread = 1;
    if (gs_cleaner)
        return;
    if (!__atomic_load_n(&gs_exit_keys, __ATOMIC_ACQUIRE)) {
        pthread_mutex_lock(&gs_exit_keys_mu);
        if (!gs_exit_keys) {
            if (!x_cgo_pthread_key_created)
                (gs_fork_probe)(); /* Go makes its key at the first call */
            if (x_cgo_pthread_key_created && pthread_key_create(&gs_exit_key_after, gs_thread_exited) == 0)
                __atomic_store_n(&gs_exit_keys, 1, __ATOMIC_RELEASE);
        }
        pthread_mutex_unlock(&gs_exit_keys_mu);
    }
    if (__atomic_load_n(&gs_exit_keys, __ATOMIC_ACQUIRE)) {
        pthread_setspecific(gs_exit_key_before, (void *)1);
        pthread_setspecific(gs_exit_key_after, (void *)1);
    }
    n = __atomic_add_fetch(&gs_alive, 1, __ATOMIC_SEQ_CST);
    if (n > __atomic_load_n(&gs_peak, __ATOMIC_SEQ_CST))
        __atomic_store_n(&gs_peak, n, __ATOMIC_SEQ_CST);
}

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int ready, release;
} gs_cleaning;

/* gs_clean_one takes an M from the runtime's list with one call into Go
 * (acting on a pending preemption mark, here in the parent where Go's
 * other threads can take the hand-off), waits in C until released, then
 * exits and gives the M back clean. */
static void *gs_clean_one(void *arg)
{
    gs_cleaning *c = arg;
    gs_cleaner = 1;
    gs_go_thread = 1;
    (gs_fork_settle)();
    pthread_mutex_lock(&c->mu);
    c->ready++;
    pthread_cond_broadcast(&c->cv);
    while (!c->release)
        pthread_cond_wait(&c->cv, &c->mu);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static int go_quiet(long long *now, long long limit);

/* gs_clean_exited runs cleaner threads, all at once so that each takes a
 * different M, as many as the runtime's list can hold (the most Python
 * threads ever inside Go at once, plus one the runtime keeps in reserve,
 * less those alive now); while they wait in C, sysmon takes their Go
 * processors without marking them (their goroutines are in a system call
 * then), so the Ms they give back carry neither a mark nor a processor. */
static void gs_clean_exited(long long *now, long long limit)
{
    static gs_cleaning c;
    pthread_t th[GS_MAX_CLEANERS];
    int i, n = 0, want = __atomic_load_n(&gs_peak, __ATOMIC_SEQ_CST) - __atomic_load_n(&gs_alive, __ATOMIC_SEQ_CST) + 2;
    struct timespec ts;
    if (want > GS_MAX_CLEANERS)
        want = GS_MAX_CLEANERS;
    memset(&c, 0, sizeof c);
    pthread_mutex_init(&c.mu, NULL);
    pthread_cond_init(&c.cv, NULL);
    for (i = 0; i < want; i++)
        if (pthread_create(&th[n], NULL, gs_clean_one, &c) == 0)
            n++;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 1;
    pthread_mutex_lock(&c.mu);
    while (c.ready < n && pthread_cond_timedwait(&c.cv, &c.mu, &ts) == 0)
        ;
    pthread_mutex_unlock(&c.mu);
    go_quiet(now, limit);
    pthread_mutex_lock(&c.mu);
    c.release = 1;
    pthread_cond_broadcast(&c.cv);
    pthread_mutex_unlock(&c.mu);
    for (i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    gs_fork_cleanings++;
}

/* go_quiet waits until every thread of the Go runtime sleeps in futex(2)
 * at two looks GS_SPIN_NS apart, or until limit; returns 1 when they do. */
static int go_quiet(long long *now, long long limit)
{
    int looks = 0;
    while (looks < 2) {
        looks = go_asleep() ? looks + 1 : 0;
        if (looks == 2)
            break;
        *now = mono_ns();
        if (*now >= limit)
            return 0;
        nap(GS_SPIN_NS);
    }
    return 1;
}

/* gs_before_fork runs in the parent inside fork() (see the top). */
static void gs_before_fork(void)
{
    long long start, now, waited, kicked = 0;
    int exits;
    if (gs_fork_unsafe)
        return;
    start = mono_ns();
    __atomic_store_n(&gs_go_forking, 1, __ATOMIC_SEQ_CST);
    now = start;
    while (__atomic_load_n(&gs_go_inflight, __ATOMIC_SEQ_CST) > 0 && now - start < GS_DRAIN_MAX_NS) {
        /* A call still inside Go after a millisecond is an accept blocked
         * in the kernel (call.c): interrupt it, every 10 ms. */
        if (now - start >= 1000000 && now - kicked >= 10000000) {
            gs_call_kick();
            kicked = now;
        }
        nap(20000);
        now = mono_ns();
    }
    /* A forked child has no sysmon to mark anything, and no other Go
     * thread a yield could be handed to: it only drains. */
    if (__atomic_load_n(&gs_go_inflight, __ATOMIC_SEQ_CST) == 0 && gs_nthreads > 0 && !gs_forked) {
        /* This thread's own M may carry a preemption mark sysmon set
         * during one of its calls since the last fork (or, at its first
         * call, one left by an exited thread): settle it here, in the
         * parent, where acting on it works. */
        if (!gs_go_thread)
            gs_go_thread_first();
        if (gs_patched < 0)
            gs_patched = (gs_go_runtime_patched)();
        if (gs_go_dirty && !gs_patched) {
            (gs_fork_settle)();
            gs_go_dirty = 0;
        }
        /* Threads giving their M back finish doing so (microseconds);
         * others wait for the fork (gs_thread_exiting). */
        while (__atomic_load_n(&gs_exiting, __ATOMIC_SEQ_CST) > 0 && mono_ns() - now < GS_DRAIN_MAX_NS)
            nap(20000);
        exits = __atomic_load_n(&gs_exits, __ATOMIC_SEQ_CST);
        if (exits != gs_exits_cleaned && !gs_patched) {
            gs_clean_exited(&now, now + GS_QUIET_MAX_NS);
            gs_exits_cleaned = exits;
        }
        if (!go_quiet(&now, now + GS_QUIET_MAX_NS))
            gs_fork_quiet_missed++;
    }
    waited = mono_ns() - start;
    gs_fork_waits++;
    gs_fork_wait_total += waited;
    if (waited > gs_fork_wait_max)
        gs_fork_wait_max = waited;
}

/* gs_after_fork_parent lets calls into Go go on. */
static void gs_after_fork_parent(void)
{
    __atomic_store_n(&gs_go_forking, 0, __ATOMIC_SEQ_CST);
}

/* gs_after_fork_child runs in the child inside fork(): the count it reads
 * is the parent's at the moment of fork, the threads it counted are gone. */
static void gs_after_fork_child(void)
{
    int n = __atomic_load_n(&gs_go_inflight, __ATOMIC_SEQ_CST);
    gs_go_forking = 0;
    gs_forked = 1;
    if (n > 0 && gs_fork_unsafe == 0)
        gs_fork_unsafe = n;
    gs_go_inflight = 0;
    if (gs_fork_unsafe == 0)
        gs_fork_check = 1;
}

/* gs_fork_register installs the handlers when the library is loaded. */
__attribute__((constructor)) static void gs_fork_register(void)
{
    pthread_key_create(&gs_exit_key_before, gs_thread_exiting);
    pthread_atfork(gs_before_fork, gs_after_fork_parent, gs_after_fork_child);
}

/* gs_fork_stats returns (forks prepared, total wait in s, longest wait in
 * s, forks whose wait for the Go runtime to sleep gave up, threads the Go
 * runtime started, forks that cleaned the Ms of exited threads). */
PyObject *gs_fork_stats(void)
{
    return Py_BuildValue("(LddLiL)", gs_fork_waits, gs_fork_wait_total / 1e9, gs_fork_wait_max / 1e9,
                         gs_fork_quiet_missed, __atomic_load_n(&gs_nthreads, __ATOMIC_SEQ_CST), gs_fork_cleanings);
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
    if (!ok)
        gs_fork_unsafe = -1;
    else if (!gs_other_thread_answers())
        gs_fork_unsafe = -2;
    return gs_fork_unsafe == 0;
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
                     "runtime's scheduler was busy, and Go did not answer %s in this child within %d s; "
                     "use the 'spawn' or 'forkserver' start method, or fork again",
                     gs_fork_unsafe == -1 ? "the first call" : "a new thread's first call", GS_PROBE_SECONDS);
    else
        PyErr_Format(PyExc_RuntimeError,
                     "gosocket cannot be used in this process: it was forked while %d other thread(s) were "
                     "inside gosocket calls, and the Go runtime does not survive fork() in that state; "
                     "fork before those threads use gosocket, or use the 'spawn' or 'forkserver' start method",
                     gs_fork_unsafe);
    return NULL;
}
