"""Stress probes: threads.

Many threads using gosocket at once on their own sockets; close() from
another thread waking a thread blocked in recv or accept with an error,
never acting on a descriptor number reused meanwhile; a blocked call never
holding up the other Python threads (the GIL is released around it).
"""

import errno
import threading
import time

from common import load_gosocket


def many_threads(short):
    """16 threads x 10,000 operations at once, each on its own socket
    pair, with data checked."""
    gs = load_gosocket()
    nthreads = 16
    nops = 1000 if short else 10000
    errors = []
    counts = [0] * nthreads
    start = threading.Event()

    def work(k):
        try:
            a, b = gs.socketpair()
            a.settimeout(10)
            b.settimeout(10)
            start.wait()
            for i in range(nops // 2):
                msg = ('%d:%d;' % (k, i)).encode()
                a.sendall(msg)
                got = b.recv(len(msg))
                while len(got) < len(msg):
                    got += b.recv(len(msg) - len(got))
                if got != msg:
                    raise AssertionError('thread %d got %r for %r' % (k, got, msg))
                counts[k] += 2
            a.close()
            b.close()
        except Exception as e:
            errors.append('%s: %s' % (type(e).__name__, e))
    threads = [threading.Thread(target=work, args=(k,)) for k in range(nthreads)]
    for t in threads:
        t.start()
    t0 = time.time()
    start.set()
    for t in threads:
        t.join(120)
    secs = time.time() - t0
    if errors:
        raise AssertionError('%d thread errors, first: %s' % (len(errors), errors[0]))
    if sum(counts) != nthreads * (nops // 2) * 2:
        raise AssertionError('%d operations of %d' % (sum(counts), nthreads * nops))
    return '%d threads x %d ops in %.1fs, all checked' % (nthreads, nops, secs)


def _close_wakes(gs, kind, rounds):
    """A thread blocks in recv or accept; another closes the socket and
    opens new sockets at once (likely reusing the number). The blocked
    thread must end with an error, and nothing may arrive on the new
    sockets from it."""
    worst = 0.0
    for _ in range(rounds):
        if kind == 'recv':
            s, peer = gs.socketpair()
            call = lambda: s.recv(100)
        else:
            s = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
            s.bind(('127.0.0.1', 0))
            s.listen(4)
            peer = None
            call = s.accept
        outcome = []

        def blocked():
            try:
                outcome.append(('returned', call()))
            except (IOError, OSError) as e:
                outcome.append(('error', e))
            except Exception as e:
                outcome.append(('other', e))
        t = threading.Thread(target=blocked)
        t.start()
        time.sleep(0.05)
        fd = s.fileno()
        t0 = time.time()
        s.close()
        # reuse the number: a new socket pair likely gets fd
        a, b = gs.socketpair()
        t.join(5)
        took = time.time() - t0
        alive = t.is_alive()
        if alive:
            b.close()
            a.close()
            if peer is not None:
                peer.close()
            t.join(5)
            raise AssertionError('%s still blocked %.1fs after close() from another thread' % (kind, took))
        # the reused descriptor is intact: its data goes through untouched
        a.sendall(b'intact')
        b.settimeout(2)
        got = b.recv(100)
        a.close()
        b.close()
        if peer is not None:
            peer.close()
        if got != b'intact':
            raise AssertionError('socket reusing fd %d got %r' % (fd, got))
        what, val = outcome[0]
        if what != 'error' or val.args[0] not in (errno.EBADF,):
            raise AssertionError('%s after close(): %s %r, expected OSError(EBADF)' % (kind, what, val))
        worst = max(worst, took)
    return worst


def close_wakes_blocked(short):
    """close() from another thread wakes recv and accept with EBADF."""
    gs = load_gosocket()
    rounds = 5 if short else 50
    w1 = _close_wakes(gs, 'recv', rounds)
    w2 = _close_wakes(gs, 'accept', rounds)
    return 'recv and accept x %d woken by close() with EBADF, worst %.0f ms' % (rounds, max(w1, w2) * 1000)


def blocked_recv_frees_gil(short):
    """While threads block in recv (no timeout), another Python thread keeps
    running Python code at full pace."""
    gs = load_gosocket()
    pairs = [gs.socketpair() for _ in range(4)]

    def blocked(a):
        try:
            a.recv(10)
        except (IOError, OSError):
            pass
    threads = [threading.Thread(target=blocked, args=(a,)) for a, b in pairs]
    for t in threads:
        t.start()
    time.sleep(0.05)
    n = 0
    t0 = time.time()
    while time.time() - t0 < (0.3 if short else 2.0):
        n += 1
    for a, b in pairs:
        b.sendall(b'x')
    for t in threads:
        t.join(5)
    for a, b in pairs:
        a.close()
        b.close()
    if any(t.is_alive() for t in threads):
        raise AssertionError('a recv did not return after data came')
    if n < 10000:
        raise AssertionError('the counting thread made only %d rounds' % n)
    return '4 threads blocked in recv; the main thread counted %d rounds meanwhile' % n


PROBES = [
    {'name': 'many_threads', 'func': many_threads, 'timeout': 180, 'short_timeout': 30},
    {'name': 'close_wakes_blocked', 'func': close_wakes_blocked, 'timeout': 120, 'short_timeout': 30},
    {'name': 'blocked_recv_frees_gil', 'func': blocked_recv_frees_gil, 'timeout': 30, 'short_timeout': 20},
]
