"""Stress probes: signals.

A Python signal handler that raises must interrupt a blocking gosocket call
(recv, accept, connect, sendall) promptly; one that returns lets the call go
on and complete (PEP 475, 3.5+; 2.7 raises error(EINTR) as its built-in
module does); SIGINT gives KeyboardInterrupt; and a storm of signals while
threads run inside Go never crashes the process. gosocket blocks the
asynchronous signals in the Go runtime's own threads (pysocket/sigmask.c),
so the kernel hands process-directed signals to Python's threads: before
3.10 Python installs its handlers without SA_ONSTACK, and such a handler
running on a Go thread's small goroutine stack could overflow it.
"""

import errno
import os
import signal
import sys
import threading
import time

from common import PY2, load_gosocket, thread_sigmasks

PROMPT = 1.0  # a raising handler must end the call within this many seconds of the signal


class Interrupted(Exception):
    pass


def _raise(signum, frame):
    raise Interrupted('signal %d' % signum)


def _blocked_cases(gs):
    """[(name, setup)] where setup() returns (call, cleanup): call blocks
    until interrupted."""
    def recv():
        a, b = gs.socketpair()
        return (lambda: a.recv(10)), (lambda: (a.close(), b.close()))

    def accept():
        s = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
        s.bind(('127.0.0.1', 0))
        s.listen(1)
        return s.accept, s.close

    def connect():
        # a listener whose accept queue is full drops SYNs: connect blocks
        s = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
        s.bind(('127.0.0.1', 0))
        s.listen(0)
        fill = []
        for _ in range(8):
            c = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
            c.setblocking(False)
            try:
                c.connect(s.getsockname())
            except (IOError, OSError):
                pass
            fill.append(c)
        time.sleep(0.05)
        c = gs.socket(gs.AF_INET, gs.SOCK_STREAM)

        def cleanup():
            for x in fill + [c, s]:
                x.close()
        return (lambda: c.connect(s.getsockname())), cleanup

    def sendall():
        a, b = gs.socketpair()
        return (lambda: a.sendall(b'x' * (32 << 20))), (lambda: (a.close(), b.close()))

    return [('recv', recv), ('accept', accept), ('connect', connect), ('sendall', sendall)]


def raising_handler(short):
    """setitimer(ITIMER_REAL) with a handler that raises interrupts each
    blocking call within PROMPT seconds."""
    gs = load_gosocket()
    rounds = 2 if short else 10
    old = signal.signal(signal.SIGALRM, _raise)
    worst = 0.0
    try:
        for name, setup in _blocked_cases(gs):
            for _ in range(rounds):
                call, cleanup = setup()
                try:
                    # repeating: a signal that lands just before the call blocks
                    # is noted, and the next one interrupts the blocked call
                    signal.setitimer(signal.ITIMER_REAL, 0.1, 0.1)
                    t0 = time.time()
                    try:
                        call()
                        raise AssertionError('%s returned instead of blocking' % name)
                    except Interrupted:
                        late = time.time() - t0 - 0.1
                    if late > PROMPT:
                        raise AssertionError('%s: the handler\'s exception came %.2fs after the signal' % (name, late))
                    worst = max(worst, late)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    cleanup()
    finally:
        signal.signal(signal.SIGALRM, old)
    return 'recv, accept, connect, sendall x %d interrupted, worst %.0f ms after the signal' % (rounds, worst * 1000)


def returning_handler(short):
    """A handler that returns: on 3.5+ the call goes on and completes (the
    data a thread sends after the signals arrives); on 2.7 it raises
    error(EINTR), as the built-in module does there."""
    gs = load_gosocket()
    rounds = 3 if short else 20
    hits = [0]

    def count(signum, frame):
        hits[0] += 1
    old = signal.signal(signal.SIGALRM, count)
    try:
        for i in range(rounds):
            a, b = gs.socketpair()
            a.settimeout(5.0 if i % 2 else None)  # both the blocking and the deadline path
            sender = threading.Timer(0.25, lambda: b.sendall(b'done'))
            sender.start()
            signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
            try:
                got = a.recv(10)
                if PY2:
                    raise AssertionError('2.7: recv was not interrupted (got %r)' % got)
                if got != b'done':
                    raise AssertionError('recv returned %r' % got)
            except gs.error as e:
                if not PY2 or e.args[0] != errno.EINTR:
                    raise
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                sender.join()
                a.close()
                b.close()
    finally:
        signal.signal(signal.SIGALRM, old)
    if hits[0] < rounds:
        raise AssertionError('only %d signals handled' % hits[0])
    return '%d calls, %d signals: %s' % (rounds, hits[0], 'EINTR as 2.7 does' if PY2 else 'completed')


def sigint(short):
    """SIGINT from another thread while the main thread is blocked in recv
    gives KeyboardInterrupt, promptly."""
    gs = load_gosocket()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rounds = 3 if short else 20
    for _ in range(rounds):
        a, b = gs.socketpair()
        killer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
        t0 = time.time()
        killer.start()
        try:
            a.recv(10)
            raise AssertionError('recv returned')
        except KeyboardInterrupt:
            took = time.time() - t0
        finally:
            killer.join()
            a.close()
            b.close()
        if took > 0.1 + PROMPT:
            raise AssertionError('KeyboardInterrupt came after %.2fs' % took)
    return '%d x KeyboardInterrupt out of a blocked recv' % rounds


# SIGCHLD is not here: Go unblocks it in its threads whatever the mask.
ASYNC = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGALRM', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT', 'SIGWINCH']
SYNC = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGURG']


def _bits(names):
    return [(n, 1 << (getattr(signal, n) - 1)) for n in names]


def _mask_problem(masks, gos):
    """What is wrong with the signal masks, or None."""
    if not gos:
        return 'no Go runtime threads found'
    for tid in gos:
        blk = masks[tid][1]
        open_ = [n for n, b in _bits(ASYNC) if not blk & b]
        if open_:
            return 'Go thread %d does not block %s' % (tid, ', '.join(open_))
        shut = [n for n, b in _bits(SYNC) if blk & b]
        if shut:
            return 'Go thread %d blocks %s, which Go needs' % (tid, ', '.join(shut))
    main_blk = masks[os.getpid()][1]
    shut = [n for n, b in _bits(ASYNC) if main_blk & b]
    if shut:
        return 'the main thread still blocks %s after import' % ', '.join(shut)
    return None


def go_threads_mask(short):
    """The Go runtime's threads block the asynchronous signals (so Python's
    handlers never run on them) and leave the ones Go needs open; Python's
    threads keep their own masks."""
    import threading as _t
    if 'gosocket' in sys.modules or len(_t.enumerate()) > 1:
        raise AssertionError('this probe must load gosocket itself, with no other thread running')
    before = set(thread_sigmasks())  # e.g. faulthandler's watchdog thread
    gs = load_gosocket()
    for _ in range(100):
        a, b = gs.socketpair()
        a.sendall(b'x')
        b.recv(1)
        a.close()
        b.close()
    # a thread Go is just starting has every signal blocked until it sets
    # its mask: judge a settled snapshot, retrying for up to a second
    for attempt in range(20):
        problem = None
        masks = thread_sigmasks()
        gos = [t for t in masks if t not in before]
        problem = _mask_problem(masks, gos)
        if problem is None:
            break
        time.sleep(0.05)
    if problem:
        raise AssertionError(problem)
    return '%d Go threads block %s; the main thread blocks none' % (len(gos), '/'.join(s[3:] for s in ASYNC))


def storm(short):
    """16,000 process-directed signals (SIGUSR1 from another process, SIGALRM
    from an interval timer) while threads run gosocket calls: the process
    lives, the handler counts them, every exchange completes."""
    import subprocess
    gs = load_gosocket()
    nsig = 4000 if short else 16000
    hits = [0]

    def count(signum, frame):
        hits[0] += 1
    signal.signal(signal.SIGUSR1, count)
    signal.signal(signal.SIGALRM, count)
    stop = []
    ops = [0] * 4
    errors = []

    def work(k):
        a, b = gs.socketpair()
        try:
            while not stop:
                a.sendall(b'0123456789')
                got = b''
                while len(got) < 10:
                    got += b.recv(10 - len(got))
                if got != b'0123456789':
                    raise AssertionError('corrupted: %r' % got)
                gs.getaddrinfo('127.0.0.1', 80)
                ops[k] += 1
        except Exception as e:
            errors.append('%s: %s' % (type(e).__name__, e))
        finally:
            a.close()
            b.close()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    signal.setitimer(signal.ITIMER_REAL, 0.001, 0.001)
    killer = subprocess.Popen([sys.executable, '-c',
                               'import os, signal, sys\n'
                               'pid, n = int(sys.argv[1]), int(sys.argv[2])\n'
                               'for i in range(n): os.kill(pid, signal.SIGUSR1)\n',
                               str(os.getpid()), str(nsig)])
    while killer.poll() is None:
        time.sleep(0.01)  # the main thread runs the handlers
    signal.setitimer(signal.ITIMER_REAL, 0)
    time.sleep(0.05)
    stop.append(1)
    for t in threads:
        t.join(10)
    if killer.returncode != 0:
        raise AssertionError('the signal sender failed')
    if errors:
        raise AssertionError('%d thread errors, first: %s' % (len(errors), errors[0]))
    return '%d SIGUSR1 sent (%d signals handled) while 4 threads made %d gosocket exchanges' % (nsig, hits[0], sum(ops))


PROBES = [
    {'name': 'raising_handler', 'func': raising_handler, 'timeout': 120, 'short_timeout': 30},
    {'name': 'returning_handler', 'func': returning_handler, 'timeout': 60, 'short_timeout': 20},
    {'name': 'sigint', 'func': sigint, 'timeout': 60, 'short_timeout': 20},
    {'name': 'go_threads_mask', 'func': go_threads_mask, 'timeout': 30, 'short_timeout': 20},
    {'name': 'storm', 'func': storm, 'timeout': 120, 'short_timeout': 30},
]
