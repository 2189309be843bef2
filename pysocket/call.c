/* call.c: the call layer, the bottom of the binding. Every socket operation
 * that can wait goes through gs_call, and nothing else in gosocket waits on
 * a socket: Go makes one attempt per call into it (core.once: a system call
 * that cannot block) and says EAGAIN or EINPROGRESS; this file waits with
 * poll(2), with the GIL released, and calls again. So no thread ever waits
 * inside the Go runtime, and a fork (fork.c) only has to keep out the calls
 * in flight, which last microseconds.
 *
 * The loop is CPython's sock_call_ex in behaviour, but it tries first:
 *  1. the attempt, with the GIL held (op->try; GS_OP_UNLOCKED attempts,
 *     which may take long, release it and count as a wait, below);
 *  2. EAGAIN on a socket with a timeout or a blocking one: wait for
 *     op->events with poll, GIL released, until the deadline (none when
 *     blocking), then 1; the deadline passing is GS_ETIMEOUT (timeout);
 *  3. EINTR in the wait (or the attempt): Python's signal handlers run with
 *     the GIL held; one that raised ends the call (GS_EPYERR); otherwise
 *     3.5+ waits again with the time left (PEP 475) and 2.7 reports EINTR,
 *     as their built-in modules do;
 *  4. anything else is the call's outcome.
 * A non-blocking socket (timeout 0) and MSG_DONTWAIT answer EAGAIN at 1.
 *
 * Data already there costs one system call; a call that waits costs two
 * (poll and the attempt after it): once a socket's attempt in one direction
 * has had to wait, its next call that way polls first, until a poll shows
 * the data was there already (it returned within GS_QUICK_NS).
 *
 * A wait that the socket's last wait that way suggests will be short spins
 * first (spin, below): a thread put to sleep and woken costs far more than
 * a few polls that do not sleep (measured on a 2-CPU VM: 25-30 us a wake-up,
 * wall clock and CPU time).
 *
 * close() from another thread (gs_call_close, the model is Go's fdMutex):
 * the waits running on a socket are counted (busy). close() during one
 * shuts the socket down, which wakes poll, sets fd to -1 so no new call
 * starts, and leaves the descriptor open until the last wait returns: only
 * then is its number released, so no call ever acts on a reused number.
 * A call woken that way reports EBADF, as a call on a closed socket does. */
#include "glue.h"
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* GS_QUICK_NS: a poll that returned within this time did not wait. */
#define GS_QUICK_NS 5000

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* enter and leave bracket a stretch with the GIL released on op's socket;
 * leave returns 1 when close() ran meanwhile (and the last one out closes
 * the descriptor close() left). */
static void enter(gs_sock *s)
{
    s->busy++;
}

static int leave(gs_sock *s)
{
    int fd1 = s->closing_fd1;
    s->busy--;
    if (fd1 == 0)
        return 0;
    if (s->busy == 0) {
        s->closing_fd1 = 0;
        gs_close(fd1 - 1);
    }
    return 1;
}

/* gs_call_close closes s while waits are running on it (see the top). */
void gs_call_close(gs_sock *s)
{
    int fd = s->fd;
    s->fd = -1;
    s->closing_fd1 = fd + 1;
    gs_shutdown(fd, SHUT_RDWR);
}

/* PARTIAL (call.c only): a signal interrupted a wait after some data
 * moved in a GS_OP_PARTIAL operation; the call ends with that data, as the
 * kernel's blocking call would (the handlers run at the interpreter's next
 * check). */
#define PARTIAL (-99)

/* interrupted handles EINTR: 0 to go on, or the call's status. 3.5+
 * goes on (PEP 475); 2.7 reports EINTR, except in an operation that goes
 * on after EINTR there too (GS_OP_RETRY: 2.7's sendall). */
static int interrupted(gs_op *op)
{
    if (PyErr_CheckSignals())
        return GS_EPYERR;
    return (GS_RETRY_EINTR || (op->opts & GS_OP_RETRY)) ? 0 : EINTR;
}

/* The threads in a GS_OP_UNLOCKED attempt. Such an attempt can block inside
 * Go in one case: a blocking listener's accept after poll said a
 * connection was waiting, when another thread or process took it first. A
 * fork must not find a thread inside Go, so fork.c interrupts them
 * (gs_call_kick): a signal whose handler does nothing makes the blocked
 * system call return EINTR, and the call goes back to waiting with poll,
 * outside Go, as if nothing had happened (not an EINTR for Python). */
#define KICK_SLOTS 64
static pthread_t kick_threads[KICK_SLOTS];
static int kick_used[KICK_SLOTS];
static __thread volatile sig_atomic_t kicked;

static void on_kick(int sig)
{
    (void)sig;
    kicked = 1;
}

/* kick_init installs the handler (no SA_RESTART: the call returns EINTR;
 * SA_ONSTACK: the thread may be running on a small Go stack). */
__attribute__((constructor)) static void kick_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_kick;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(GS_KICK_SIGNAL, &sa, NULL);
}

/* kick_register claims a free slot (0 -> KICK_CLAIMED), writes the thread
 * into it, then marks it ready (KICK_READY); gs_call_kick signals ready
 * slots only. Claiming before writing keeps two threads that register at
 * once (both acceptors woken by one connection) from writing one slot. */
#define KICK_CLAIMED 2
#define KICK_READY 1
static int kick_register(void)
{
    int i;
    for (i = 0; i < KICK_SLOTS; i++) {
        int zero = 0;
        if (__atomic_compare_exchange_n(&kick_used[i], &zero, KICK_CLAIMED, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            kick_threads[i] = pthread_self();
            __atomic_store_n(&kick_used[i], KICK_READY, __ATOMIC_SEQ_CST);
            return i;
        }
    }
    return -1; /* no slot: not interruptible, as before */
}

/* gs_call_kick interrupts every thread in a GS_OP_UNLOCKED attempt. One
 * that registered but had not yet entered its system call misses the
 * signal; fork.c kicks again until none is left inside Go. */
void gs_call_kick(void)
{
    int i;
    for (i = 0; i < KICK_SLOTS; i++)
        if (__atomic_load_n(&kick_used[i], __ATOMIC_SEQ_CST) == KICK_READY)
            pthread_kill(kick_threads[i], GS_KICK_SIGNAL);
}

/* try_released makes op's attempt on a thread that has released the GIL;
 * one that gs_call_kick interrupted says EAGAIN, so the call waits with
 * poll again. */
static int try_released(gs_op *op)
{
    int rc, slot;
    kicked = 0;
    slot = kick_register();
    op->opts |= GS_OP_RELEASED;
    rc = op->try(op);
    op->opts &= ~GS_OP_RELEASED;
    if (slot >= 0)
        __atomic_store_n(&kick_used[slot], 0, __ATOMIC_SEQ_CST);
    if (rc == EINTR && kicked)
        rc = EAGAIN;
    return rc;
}

/* Spinning. A wait polls without sleeping for up to spin_ns before it
 * sleeps, when the last wait on the socket that way (s->quick) was short,
 * as the other end of a local request/response answers: the sleeping
 * thread's wake-up would cost more than the spin, in wall clock and in CPU
 * time. Short: a spin that found the socket ready, or a sleep that ended
 * within twice spin_ns (the sleep's own wake-up, tens of microseconds, is
 * part of it). A spin that had to sleep after all ends the spinning on
 * that socket until a wait is short again, so a slow peer costs at most
 * one spin_ns in two waits. At most spin_cap threads spin at once (half
 * the CPUs the process may use, none on one CPU), so spinners never crowd
 * out the thread that holds the GIL. GOSOCKET_SPIN_US sets spin_ns in
 * microseconds (0: never spin).
 *
 * Signals. The spin leaves the signal mask alone: a thread that blocked
 * signals would send the kernel's process-wide signals (SIGINT, SIGALRM,
 * SIGCHLD) to another thread, whose blocking call they would interrupt
 * instead (with the built-in module, the main thread takes them). A signal
 * that comes during the spin runs its C handler at once but cannot end the
 * sleep that follows, so that sleep lasts at most GS_RECHECK_MS; then the
 * call takes the GIL, runs the handlers (PyErr_CheckSignals) and waits on
 * without a spin. CPython's own blocking call has the same window between
 * its signal check and the system call, nanoseconds long; here it is the
 * spin's, and the handler runs GS_RECHECK_MS late at worst
 * (tests/unit/test_spin.py). */
#define GS_SPIN_US 50
#define GS_RECHECK_MS 10
static int64_t spin_ns;
static int spin_cap;
static int spinners;

/* spin_after_fork: a forked child has only the forking thread, which was
 * not spinning; the others' places are free. */
static void spin_after_fork(void)
{
    spinners = 0;
}

__attribute__((constructor)) static void spin_init(void)
{
    const char *env = getenv("GOSOCKET_SPIN_US");
    cpu_set_t cpus;
    spin_ns = (int64_t)(env && *env ? atoi(env) : GS_SPIN_US) * 1000;
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
        spin_cap = CPU_COUNT(&cpus) / 2;
    pthread_atfork(NULL, NULL, spin_after_fork);
}

/* spin_start claims a spinner's place for a wait on s for events; 0 when
 * the wait should sleep at once. */
static int spin_start(gs_sock *s, short events, int ms)
{
    if (spin_ns <= 0 || ms == 0 || !(s->quick & events))
        return 0;
    if (__atomic_add_fetch(&spinners, 1, __ATOMIC_RELAXED) <= spin_cap)
        return 1;
    __atomic_sub_fetch(&spinners, 1, __ATOMIC_RELAXED);
    return 0;
}

/* spin polls pfd without sleeping from t0 until it is ready, spin_ns have
 * passed or dl comes, and gives the spinner's place back. Returns what
 * poll returned: >0 ready, 0 not yet, -1 an error. */
static int spin(struct pollfd *pfd, int64_t t0, gs_deadline dl)
{
    int64_t end = t0 + spin_ns;
    int n;
    if (dl >= 0 && dl < end)
        end = dl;
    do {
        if ((n = poll(pfd, 1, 0)) != 0)
            break;
    } while (now_ns() < end);
    __atomic_sub_fetch(&spinners, 1, __ATOMIC_RELAXED);
    return n;
}

/* sleep_after_spin waits on pfd until dl (-1: forever), GS_RECHECK_MS at
 * most; *recheck says the sleep was cut short there. */
static int sleep_after_spin(struct pollfd *pfd, gs_deadline dl, int *recheck)
{
    int ms = GS_RECHECK_MS;
    *recheck = 1;
    if (dl >= 0) {
        int64_t left = dl - now_ns();
        left = left <= 0 ? 0 : (left + 999999) / 1000000;
        if (left <= GS_RECHECK_MS) {
            ms = (int)left;
            *recheck = 0;
        }
    }
    return poll(pfd, 1, ms);
}

/* TRIED (call.c only): wait_ready made the attempt itself, right after
 * the poll and before taking the GIL back (as CPython makes the system
 * call with the GIL released): its status is in *tried. */
#define TRIED (-98)

/* wait_ready polls op's descriptor for op->events until dl (-1: forever).
 * 0: ready (or in an error state the next attempt reports); TRIED: ready,
 * and the attempt made (its status in *tried). probe: the call did not try
 * first, so a quick answer means it need not have polled. */
static int wait_ready(gs_op *op, gs_deadline dl, int probe, int *tried)
{
    gs_sock *s = op->s;
    struct pollfd pfd;
    int n, err, ms, closed, rc, backoff = 0, attempted, spun, recheck;
    int64_t t0, t1;
    /* A closed socket (fd -1): poll would ignore the entry and wait
     * forever; the built-in module's call fails with EBADF. */
    if (op->fd < 0)
        return EBADF;
    /* Signals caught during the attempt: a handler meant to end a blocking
     * call must not wait for the call to end. */
    if (PyErr_CheckSignals())
        return GS_EPYERR;
    for (;;) {
        ms = -1;
        if (dl >= 0) {
            int64_t left = dl - now_ns();
            if (left <= 0)
                return GS_ETIMEOUT;
            left = (left + 999999) / 1000000;
            ms = left > INT_MAX ? INT_MAX : (int)left;
        }
        if (op->events == 0) {
            /* Nothing to poll for (a blocking AF_UNIX connect to a full
             * backlog): sleep a little, then try again. */
            backoff = backoff ? backoff * 2 : 1;
            if (backoff > 50)
                backoff = 50;
            if (ms < 0 || ms > backoff)
                ms = backoff;
        }
        pfd.fd = op->fd;
        pfd.events = op->events;
        pfd.revents = 0;
        attempted = 0;
        enter(s);
        Py_BEGIN_ALLOW_THREADS
        t0 = now_ns();
        n = 0;
        recheck = 0;
        spun = op->events && spin_start(s, op->events, ms);
        if (spun && (n = spin(&pfd, t0, dl)) == 0)
            n = sleep_after_spin(&pfd, dl, &recheck);
        else if (!spun)
            n = op->events ? poll(&pfd, 1, ms) : poll(NULL, 0, ms);
        err = errno;
        t1 = now_ns();
        if (n > 0 && !(op->opts & GS_OP_GIL)) {
            *tried = try_released(op);
            attempted = 1;
        }
        Py_END_ALLOW_THREADS
        closed = leave(s);
        /* close() woke the wait: EBADF, unless the attempt moved data (a
         * receive that the shutdown ended with nothing was woken by it) */
        if (closed && !(attempted && *tried == 0 && op->done > 0))
            return EBADF;
        if (n > 0) {
            if (probe && t1 - t0 < GS_QUICK_NS)
                s->waited &= ~op->events;
            if (spun ? t1 - t0 <= spin_ns : t1 - t0 <= 2 * spin_ns)
                s->quick |= op->events;
            else
                s->quick &= ~op->events;
            return attempted ? TRIED : 0;
        }
        s->quick &= ~op->events;
        if (n == 0 && recheck) {
            /* the sleep after a spin ended early: handlers of signals
             * that came during the spin run now, then the wait goes on */
            if (PyErr_CheckSignals())
                return GS_EPYERR;
            continue;
        }
        if (n == 0)
            return op->events == 0 && (dl < 0 || now_ns() < dl) ? 0 : GS_ETIMEOUT;
        if (err != EINTR)
            return err;
        if (kicked) {
            /* a kick meant for this thread's attempt came after it: not
             * an interruption for Python (signals that came with it are
             * still handled) */
            kicked = 0;
            if (PyErr_CheckSignals())
                return GS_EPYERR;
            continue;
        }
        if ((op->opts & GS_OP_PARTIAL) && op->done > 0)
            return PARTIAL;
        if ((rc = interrupted(op)) != 0)
            return rc;
        probe = 0;
    }
}

/* attempt makes one attempt of op, with the GIL released when the
 * operation says it may take long. */
static int attempt(gs_op *op)
{
    int rc;
    if (!(op->opts & GS_OP_UNLOCKED))
        return op->try(op);
    enter(op->s);
    Py_BEGIN_ALLOW_THREADS
    rc = try_released(op);
    Py_END_ALLOW_THREADS
    if (leave(op->s) && rc != 0)
        rc = EBADF;
    return rc;
}

/* gs_op_init prepares op for an operation on s: its descriptor, what a
 * wait waits for, the attempt and the caller's flags (MSG_DONTWAIT among
 * them makes EAGAIN the answer). */
void gs_op_init(gs_op *op, gs_sock *s, short events, int (*try)(gs_op *), int flags)
{
    memset(op, 0, sizeof *op);
    op->s = s;
    op->fd = s->fd;
    op->events = events;
    op->try = try;
    op->flags = flags;
    op->opts = (flags & MSG_DONTWAIT) ? GS_OP_NOWAIT : 0;
}

int gs_call(gs_op *op)
{
    gs_sock *s = op->s;
    gs_tmo t = GS_TIMEOUT(s);
    gs_deadline dl = -1;
    int rc, tried = 0, dl_set = 0, nowait = (t == 0 || (op->opts & GS_OP_NOWAIT));
    int wait = !nowait && ((op->opts & GS_OP_POLL_FIRST) || (s->waited & op->events));
    int probe = !(op->opts & GS_OP_POLL_FIRST);
    for (;;) {
        if (wait) {
            /* Wait before this attempt: it could block (GS_OP_POLL_FIRST),
             * this socket's last call had to wait (probe), or the last
             * attempt said EAGAIN. */
            if (!dl_set) {
                dl = gs_deadline_after(t);
                dl_set = 1;
            }
            rc = wait_ready(op, dl, probe, &tried);
            if (rc == PARTIAL)
                return GS_OK;
            if (rc == TRIED)
                rc = tried;
            else if (rc != 0)
                return rc;
            else
                rc = attempt(op);
        } else
            rc = attempt(op);
        if (rc == EINTR) {
            if ((rc = interrupted(op)) != 0)
                return rc;
            wait = probe = 0;
            continue;
        }
        if (rc != EAGAIN || nowait)
            return rc;
        s->waited |= op->events;
        wait = 1;
        probe = 0;
    }
}
