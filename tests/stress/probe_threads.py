"""Stress probes: threads.

Many threads using gosocket at once on their own sockets; close() from
another thread waking a thread blocked in recv or accept with an error,
never acting on a descriptor number reused meanwhile; a blocked call never
holding up the other Python threads (the GIL is released around it).
"""

import errno
import threading
import time

from common import big_file, fill_buffer, full_backlog, load_gosocket


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


WAKE_LIMIT = 0.1  # seconds from close() to the woken call's return


def _waiting_call(gs, kind, keep):
    """(socket, call) for a call of kind that waits on socket until it is
    closed; whatever else must stay open meanwhile goes into keep."""
    if kind in ('recv', 'sendall', 'sendfile', 'sendmsg'):
        s, peer = gs.socketpair()
        keep.append(peer)
        if kind == 'recv':
            return s, lambda: s.recv(100)
        fill_buffer(s)
        if kind == 'sendall':
            return s, lambda: s.sendall(b's' * (1 << 20))
        if kind == 'sendmsg':
            return s, lambda: s.sendmsg([b'm' * 65536, b'n' * 65536])
        f = big_file(1 << 20)
        keep.append(f)
        return s, lambda: s.sendfile(f)
    if kind == 'accept':
        s = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
        s.bind(('127.0.0.1', 0))
        s.listen(4)
        return s, s.accept
    if kind in ('recvfrom', 'recvmmsg'):
        s = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        if kind == 'recvfrom':
            return s, lambda: s.recvfrom(100)
        return s, lambda: s.recvmmsg(8, 2048)
    if kind in ('connect timeout', 'connect blocking'):
        lst, fillers = full_backlog(gs)
        keep.append(lst)
        keep.extend(fillers)
        s = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
        if kind == 'connect timeout':
            s.settimeout(100)
        addr = lst.getsockname()
        return s, lambda: s.connect(addr)
    raise ValueError(kind)


def _close_wakes(gs, kind, rounds):
    """A thread waits in a call of kind (see _waiting_call); another
    closes the socket and at once opens a socket pair (which gets the
    number as soon as it is free). The waiting call must end within
    WAKE_LIMIT with EBADF (2.7: socket.error(EBADF)), and must not act on
    the new pair: data sent across it arrives intact, and nothing else is
    queued on either end. Returns the slowest wake in seconds."""
    worst = 0.0
    for _ in range(rounds):
        keep = []
        s, call = _waiting_call(gs, kind, keep)
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
        if outcome:
            raise AssertionError('%s did not wait: %r' % (kind, outcome[0]))
        fd = s.fileno()
        t0 = time.time()
        s.close()
        # reuse the number: a new socket pair gets fd once it is free
        a, b = gs.socketpair()
        t.join(5)
        took = time.time() - t0
        alive = t.is_alive()
        if alive:
            b.close()
            a.close()
            for x in keep:
                x.close()
            t.join(5)
            raise AssertionError('%s still waiting %.1fs after close() from another thread' % (kind, took))
        # the new pair is intact: its data goes through untouched, and the
        # woken call sent nothing into it
        a.sendall(b'intact')
        b.settimeout(2)
        got = b.recv(100)
        extra = []
        for x in (a, b):
            x.setblocking(False)
            try:
                extra.append(x.recv(100))
            except (IOError, OSError) as e:
                if e.args[0] not in (errno.EAGAIN, errno.EWOULDBLOCK):
                    raise
        reused = fd in (a.fileno(), b.fileno())
        a.close()
        b.close()
        for x in keep:
            x.close()
        if got != b'intact' or extra:
            raise AssertionError('%s: the socket pair that got fd %d (reused: %s) received %r, then %r'
                                 % (kind, fd, reused, got, extra))
        what, val = outcome[0]
        if what != 'error' or val.args[0] not in (errno.EBADF,):
            raise AssertionError('%s after close(): %s %r, expected OSError(EBADF)' % (kind, what, val))
        if took > WAKE_LIMIT:
            raise AssertionError('%s woken %.0f ms after close(), more than %.0f ms'
                                 % (kind, took * 1e3, WAKE_LIMIT * 1e3))
        worst = max(worst, took)
    return worst


def close_wakes_blocked(short):
    """close() from another thread wakes, within 100 ms and with EBADF, a
    thread waiting in recv, accept, sendall (full buffer), recvfrom and
    recvmmsg (UDP), connect to a full backlog (with a timeout and
    blocking), and on 3.x sendfile and sendmsg (full buffer); none acts on
    the descriptor number reused right after."""
    gs = load_gosocket()
    rounds = 5 if short else 40
    kinds = ['recv', 'accept', 'sendall', 'recvfrom', 'recvmmsg', 'connect timeout', 'connect blocking']
    probe = gs.socket()
    kinds += [k for k in ('sendfile', 'sendmsg') if hasattr(probe, k)]
    probe.close()
    worst = dict((k, _close_wakes(gs, k, rounds)) for k in kinds)
    return '%d kinds x %d woken by close() with EBADF, fd reuse intact; worst %s' % (
        len(kinds), rounds, ', '.join('%s %.1f ms' % (k, worst[k] * 1e3) for k in kinds))


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
