"""Stress probes: fork.

The Go runtime inside gosocket does not survive fork() the way C code does:
the child has the runtime's memory but only the forking thread. These
probes check what gosocket promises (README, "Safety"): a process that uses
gosocket and then forks gets children that can use it (prefork servers,
fork loops, multiprocessing's fork start method); no gosocket call waits
inside Go, so a fork made while other threads wait in socket calls gets a
usable child too (fork_beside_waiters, forking_server), and one made right
after calls waits until Go is quiet (prefork_exact: every child usable,
the waits reported). A child that still cannot use Go gets RuntimeError
naming the cause on its first call, never a hang. PENDING holds probes of
known limitations that fail today (run.py --pending).
"""

import errno
import os
import re
import select
import signal
import sys
import threading
import time

from common import ROOT, big_file, fill_buffer, full_backlog, load_gosocket, wait_until

CHILD_LIMIT = 20.0  # seconds any forked child may take before it counts as hung


def workout(gs, rounds):
    """Heavy use of gosocket in one process: TCP and Unix socket pairs,
    the resolver, timeouts. Returns the number of operations."""
    ops = 0
    a, b = gs.socketpair()
    srv = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    srv.bind(('127.0.0.1', 0))
    srv.listen(8)
    c = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    c.connect(srv.getsockname())
    d, _ = srv.accept()
    ops += 6
    for i in range(rounds):
        a.sendall(b'ping %d' % i if sys.version_info >= (3, 5) else ('ping %d' % i).encode())
        b.recv(64)
        c.sendall(b'x' * 100)
        got = 0
        while got < 100:
            got += len(d.recv(100 - got))
        ops += 4
    infos = gs.getaddrinfo('localhost', 80, 0, gs.SOCK_STREAM)
    if not infos:
        raise AssertionError('getaddrinfo(localhost) gave nothing')
    gs.getnameinfo(('127.0.0.1', 80), 0)
    gs.gethostbyname('localhost')
    b.settimeout(0.01)
    try:
        b.recv(1)
        raise AssertionError('recv with nothing to read did not time out')
    except gs.timeout:
        pass
    ops += 4
    for s in (a, b, srv, c, d):
        s.close()
    return ops


def wait_child(pid, limit=CHILD_LIMIT):
    """Wait for pid at most limit seconds; kill it and raise if it hangs.
    Returns its exit status (0 when it exited 0)."""
    end = time.time() + limit
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.WIFSIGNALED(status):
                raise AssertionError('child %d died by signal %d' % (pid, os.WTERMSIG(status)))
            return os.WEXITSTATUS(status)
        if time.time() > end:
            if os.environ.get('GS_HANG_GDB'):  # debugging aid: every thread's stack
                os.system('gdb -p %d -batch -ex "thread apply all bt" >&2 2>/dev/null' % pid)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError('child %d hung (killed after %gs)' % (pid, limit))
        time.sleep(0.005)


def in_child(body):
    """Fork; the child runs body() and exits 0 when it returns, 1 when it
    raises (the error on stderr). Returns the child's pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            body()
            code = 0
        except BaseException as e:
            try:
                sys.stderr.write('child %d: %s: %s\n' % (os.getpid(), type(e).__name__, e))
                sys.stderr.flush()
            except Exception:
                pass
        os._exit(code)
    return pid


def prefork_server(short):
    """The parent uses gosocket heavily, binds and listens, forks 4 workers
    that accept and echo `per` connections each; the parent's client
    threads check every echo."""
    gs = load_gosocket()
    per = 50 if short else 200
    workers = 4
    workout(gs, 200 if short else 2000)
    srv = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    srv.setsockopt(gs.SOL_SOCKET, gs.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', 0))
    srv.listen(128)
    addr = srv.getsockname()

    def serve(w):
        def body():
            try:
                srv.getsockname()  # the child's first call into Go
            except RuntimeError as e:
                if 'cannot be used in this process' not in str(e):
                    raise
                os.write(w, b'R')
                return
            os.write(w, b'+')
            for _ in range(per):
                conn, _ = srv.accept()
                conn.settimeout(10)
                data = b''
                while not data.endswith(b'\n'):
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                conn.sendall(data)
                conn.close()
        return body

    # a worker whose first call into Go raised RuntimeError (fork.c's
    # watchdog: Go did not answer in that child) is replaced, as a prefork
    # server replaces a dead worker; the parent has no other thread in Go
    pids, replaced = [], 0
    while len(pids) < workers:
        r, w = os.pipe()
        pid = in_child(serve(w))
        os.close(w)
        got = os.read(r, 1)
        os.close(r)
        if got == b'+':
            pids.append(pid)
            continue
        wait_child(pid)
        replaced += 1
        if got != b'R' or replaced > 3:
            raise AssertionError('worker failed to start (%r), %d replaced' % (got, replaced))
    srv.close()
    total = per * workers
    errors = []
    done = [0]
    lock = threading.Lock()

    def client(n, k):
        try:
            for i in range(n):
                c = gs.create_connection(addr, 10) if hasattr(gs, 'create_connection') else None
                if c is None:
                    c = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
                    c.settimeout(10)
                    c.connect(addr)
                msg = ('client %d message %d %s\n' % (k, i, 'x' * (i % 300))).encode()
                c.sendall(msg)
                back = b''
                while not back.endswith(b'\n'):
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    back += chunk
                c.close()
                if back != msg:
                    raise AssertionError('echo mismatch: %r != %r' % (back[:40], msg[:40]))
                with lock:
                    done[0] += 1
        except Exception as e:
            errors.append('%s: %s' % (type(e).__name__, e))

    nthreads = 8
    threads = [threading.Thread(target=client, args=(total // nthreads, k)) for k in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    codes = [wait_child(pid) for pid in pids]
    if errors:
        raise AssertionError('%d client errors, first: %s' % (len(errors), errors[0]))
    if any(codes):
        raise AssertionError('worker exit codes %r' % (codes,))
    if done[0] != total:
        raise AssertionError('%d of %d connections echoed' % (done[0], total))
    return '%d workers x %d conns, %d echoed, 0 lost; %d worker(s) replaced after RuntimeError' % (workers, per, done[0], replaced)


def _child_outcome(gs, body, cause='cannot be used in this process', unusable=None):
    """Fork; the child runs body(). Returns 'works', or 'RuntimeError' when
    gosocket raised its RuntimeError there (fork.c) with cause in its
    message, after unusable() (if given) has run in the child; anything
    else, or a hang, fails."""
    r, w = os.pipe()

    def run():
        try:
            body()
            os.write(w, b'works')
        except RuntimeError as e:
            if cause not in str(e):
                raise
            if unusable is not None:
                unusable()
            os.write(w, b'RuntimeError')
    pid = in_child(run)
    os.close(w)
    code = wait_child(pid)
    got = os.read(r, 64).decode()
    os.close(r)
    if code != 0 or got not in ('works', 'RuntimeError'):
        raise AssertionError('child failed: exit %d, %r' % (code, got))
    return got


def fork_loop(short):
    """Forks in a row, each child using gosocket heavily (sockets, the
    resolver, timeouts) after a parent that does too. A child may get
    gosocket's RuntimeError (fork.c: Go did not answer there; about 1 in
    20-200 here), never hang; at least half must work."""
    gs = load_gosocket()
    n = 10 if short else 50
    rounds = 200 if short else 1000
    workout(gs, rounds)
    outcomes = {'works': 0, 'RuntimeError': 0}
    for i in range(n):
        outcomes[_child_outcome(gs, lambda: workout(gs, rounds))] += 1
        workout(gs, 10)  # the parent still works between forks
    if outcomes['works'] < 0.5 * n:
        raise AssertionError('only %d of %d children could use gosocket' % (outcomes['works'], n))
    return '%d children x %d ops: %d worked, %d raised RuntimeError, 0 hung; parent ok' % (
        n, rounds * 4 + 10, outcomes['works'], outcomes['RuntimeError'])


def nested_fork(short):
    """A child of a child of the process that loaded gosocket still works
    (a RuntimeError child is retried, up to 3 times per level)."""
    gs = load_gosocket()
    workout(gs, 100)

    def retried(body):
        for _ in range(3):
            if _child_outcome(gs, body) == 'works':
                return
        raise AssertionError('3 children in a row could not use gosocket')

    def middle():
        workout(gs, 100)
        retried(lambda: workout(gs, 100))
    retried(middle)
    return 'child and grandchild ok'


def _mp_task(i):
    gs = load_gosocket()
    try:
        a, b = gs.socketpair()
    except RuntimeError as e:
        if 'cannot be used in this process' not in str(e):
            raise
        return 'RuntimeError'
    msg = ('task %d' % i).encode()
    a.sendall(msg)
    got = b.recv(100)
    a.close()
    b.close()
    gs.getaddrinfo('localhost', 0)
    return got == msg and os.getpid()


def multiprocessing_fork(short):
    """multiprocessing with the fork start method, gosocket used in the
    parent and in every worker; each worker serves a few tasks and is
    replaced (more forks). Tasks a worker answered with gosocket's
    RuntimeError (fork.c) go again; at least half must work first time."""
    import multiprocessing
    gs = load_gosocket()
    workout(gs, 100)
    ctx = multiprocessing.get_context('fork') if hasattr(multiprocessing, 'get_context') else multiprocessing
    ntasks = 40 if short else 400
    pool = ctx.Pool(4, maxtasksperchild=5)
    todo, first_failed, pids = list(range(ntasks)), None, set()
    try:
        for _ in range(4):
            res = pool.map_async(_mp_task, todo, chunksize=1).get(120)
            bad = [r for r in res if r is False]
            if bad:
                raise AssertionError('%d tasks got wrong data' % len(bad))
            pids.update(r for r in res if r != 'RuntimeError')
            again = [t for t, r in zip(todo, res) if r == 'RuntimeError']
            if first_failed is None:
                first_failed = len(again)
            todo = again
            if not todo:
                break
    finally:
        pool.terminate()
        pool.join()
    if todo:
        raise AssertionError('%d tasks never found a usable worker' % len(todo))
    if first_failed > 0.5 * ntasks:
        raise AssertionError('%d of %d tasks hit RuntimeError' % (first_failed, ntasks))
    return '%d tasks in %d worker processes; %d retried after RuntimeError' % (ntasks, len(pids), first_failed)


def fork_with_threads(short):
    """Children forked while other threads are blocked in or spinning
    through gosocket calls: each child either works or gets RuntimeError
    naming the cause on its first gosocket call. None may hang."""
    gs = load_gosocket()
    n = 10 if short else 40
    stop = []
    pairs = []

    def blocked():
        a, b = gs.socketpair()
        pairs.append((a, b))
        try:
            a.recv(10)
        except Exception:
            pass

    def spin():
        a, b = gs.socketpair()
        pairs.append((a, b))
        while not stop:
            a.send(b'x')
            b.recv(1)

    threads = [threading.Thread(target=blocked) for _ in range(3)] + [threading.Thread(target=spin) for _ in range(2)]
    for t in threads:
        t.daemon = True
        t.start()
    time.sleep(0.1)
    outcomes = {'works': 0, 'RuntimeError': 0}
    def still_unusable():
        # every later call says the same
        try:
            gs.socket()
        except RuntimeError:
            return
        raise AssertionError('second call in an unusable child did not raise')

    for i in range(n):
        outcomes[_child_outcome(gs, lambda: workout(gs, 100), 'forked while', still_unusable)] += 1
    stop.append(1)
    for a, b in pairs:
        b.sendall(b'x')  # ends the blocked recvs (and any spinner's wait)
    for t in threads:
        t.join(10)
    for a, b in pairs:
        a.close()
        b.close()
    return '%d children: %d worked, %d raised RuntimeError, 0 hung' % (n, outcomes['works'], outcomes['RuntimeError'])


def _fork_checked(body, limit):
    """Fork; the child runs body() at once and reports through a pipe.
    Returns (outcome, detail, seconds from fork to the child's exit):
    outcome 'usable' (body returned), 'RuntimeError' (gosocket's, fork.c),
    'failed' (anything else raised) or 'hung' (the child outlived limit
    seconds and was killed)."""
    r, w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    t0 = time.time()
    pid = os.fork()
    if pid == 0:
        msg = 'usable'
        try:
            os.close(r)
            body()
        except RuntimeError as e:
            msg = 'RuntimeError %s' % e
        except BaseException as e:
            msg = 'failed %s: %s' % (type(e).__name__, e)
        try:
            os.write(w, msg.encode()[:1000])
        finally:
            os._exit(0)
    os.close(w)
    end = t0 + limit
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.time() > end:
            if os.environ.get('GS_HANG_GDB'):  # debugging aid: every thread's stack
                os.system('gdb -p %d -batch -ex "thread apply all bt" >&2 2>/dev/null' % pid)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(r)
            return 'hung', 'killed after %gs' % limit, time.time() - t0
        time.sleep(0.001)
    secs = time.time() - t0
    got = os.read(r, 1000).decode('utf-8', 'replace')
    os.close(r)
    if os.WIFSIGNALED(status):
        return 'failed', 'died by signal %d' % os.WTERMSIG(status), secs
    outcome, _, detail = got.partition(' ')
    if outcome not in ('usable', 'RuntimeError', 'failed'):
        return 'failed', 'exit status %d, said %r' % (os.WEXITSTATUS(status), got), secs
    return outcome, detail, secs


def _pair_round_trip(gs, msg=b'round trip'):
    """A fresh socket pair carries msg both ways."""
    a, b = gs.socketpair()
    try:
        a.sendall(msg)
        got = b.recv(len(msg) + 10)
        b.sendall(got)
        back = a.recv(len(msg) + 10)
    finally:
        a.close()
        b.close()
    if got != msg or back != msg:
        raise AssertionError('socketpair round trip: %r, %r' % (got, back))


def _median(values):
    v = sorted(values)
    if not v:
        return 0.0
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2.0


def _tally(results, n, what):
    """results: [(outcome, detail, secs)]; raises unless all n are usable."""
    counts = {}
    first = {}
    for outcome, detail, _ in results:
        counts[outcome] = counts.get(outcome, 0) + 1
        first.setdefault(outcome, detail)
    usable = counts.get('usable', 0)
    if usable != n:
        bad = ', '.join('%d %s (first: %s)' % (counts[o], o, first[o]) for o in sorted(counts) if o != 'usable')
        raise AssertionError('%s: %d/%d children usable; %s' % (what, usable, n, bad))
    return usable


def prefork_exact(short):
    """A single-threaded process makes gosocket calls (socket pair round
    trips) and forks right after them, 1,000 times (short: 100); every child
    makes a socket pair round trip on a new pair and on the inherited one at
    once. All must be usable (fork.c makes this exact: calls drain and the
    fork waits until the Go runtime's threads sleep). Reports the fork's
    wait from gosocket._fork_stats() and os.fork()'s own time."""
    gs = load_gosocket()
    n = 100 if short else 1000
    a, b = gs.socketpair()

    def child():
        _pair_round_trip(gs, b'child')
        a.sendall(b'inherited')
        got = b.recv(20)
        if got != b'inherited':
            raise AssertionError('inherited pair gave %r' % got)

    results, waits, fork_secs, missed = [], [], [], 0
    for i in range(n):
        for _ in range(20):
            a.sendall(b'parent %d' % i if sys.version_info >= (3, 5) else ('parent %d' % i).encode())
            b.recv(64)
        before = gs._fork_stats()
        res = _fork_checked(child, 5.0)
        after = gs._fork_stats()
        results.append(res)
        if after[0] - before[0] != 1:
            raise AssertionError('_fork_stats counted %d forks for one' % (after[0] - before[0]))
        waits.append(after[1] - before[1])
        missed += after[3] - before[3]
        fork_secs.append(res[2])
    _pair_round_trip(gs, b'parent after')
    a.close()
    b.close()
    usable = _tally(results, n, 'prefork')
    stats = gs._fork_stats()
    return ('%d/%d children usable; fork wait median %.1f ms, max %.1f ms, %d gave up waiting; '
            'child done in median %.1f ms, max %.1f ms; %d Go threads' % (
                usable, n, _median(waits) * 1e3, max(waits) * 1e3, missed,
                _median(fork_secs) * 1e3, max(fork_secs) * 1e3, stats[4]))


def _drain(sock, n):
    """Receive exactly n bytes from sock."""
    sock.settimeout(30)
    got = 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise AssertionError('EOF after %d of %d bytes' % (got, n))
        got += len(chunk)
    return got


def _child_uses_everything(gs):
    """What each child of fork_beside_waiters does at once: a socket pair
    round trip, a TCP listener of its own with a connection and an echo,
    and getaddrinfo('localhost', 80)."""
    _pair_round_trip(gs, b'child pair')
    lst = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    lst.bind(('127.0.0.1', 0))
    lst.listen(1)
    c = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    c.settimeout(5)
    c.connect(lst.getsockname())
    d, _ = lst.accept()
    d.settimeout(5)
    c.sendall(b'child echo')
    d.sendall(d.recv(100))
    got = c.recv(100)
    for x in (c, d, lst):
        x.close()
    if got != b'child echo':
        raise AssertionError('child echo gave %r' % got)
    infos = gs.getaddrinfo('localhost', 80)
    if not infos or infos[0][4][1] != 80:
        raise AssertionError('getaddrinfo(localhost, 80) gave %r' % (infos,))


def fork_beside_waiters(short):
    """Threads wait in recv (blocking and with a 100 s timeout), accept,
    sendall into a full buffer, recvfrom (UDP), connect to a full backlog
    (with a timeout and blocking), sendfile into a full socket (3.x), and
    one thread calls getaddrinfo('localhost') in a loop, while the main
    thread forks 200 times (short: 30). Every child makes a socket pair
    round trip, a TCP connect + echo and a getaddrinfo within 5 s: all must
    be usable. The waiters stay alive throughout; at the end each is woken
    (data, a connection, a reader; the connects by close() from this
    thread) and must end with what it waited for."""
    gs = load_gosocket()
    n = 30 if short else 200
    keep = []  # sockets and files to close at the end
    waiters = []  # (name, thread, outcome list, check(outcome))
    started = threading.Event()

    def waiter(name, call, check):
        out = []

        def run():
            try:
                out.append(('returned', call(), time.time()))
            except Exception as e:
                out.append(('raised', e, time.time()))
        t = threading.Thread(target=run, name=name)
        t.daemon = True
        waiters.append((name, t, out, check))

    def returned(value):
        return lambda o: o[0] == 'returned' and (value is None or o[1] == value)

    def ebadf(o):
        return o[0] == 'raised' and isinstance(o[1], (IOError, OSError)) and o[1].args[0] == errno.EBADF

    a1, b1 = gs.socketpair()
    waiter('recv blocking', lambda: a1.recv(100), returned(b'wake 1'))
    a2, b2 = gs.socketpair()
    a2.settimeout(100)
    waiter('recv timeout', lambda: a2.recv(100), returned(b'wake 2'))
    l3 = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    l3.bind(('127.0.0.1', 0))
    l3.listen(4)
    accepted = []
    waiter('accept', lambda: accepted.append(l3.accept()[0]), returned(None))
    a4, b4 = gs.socketpair()
    big = b'a' * (4 << 20)
    waiter('sendall full', lambda: a4.sendall(big), returned(None))
    u5 = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
    u5.bind(('127.0.0.1', 0))
    waiter('recvfrom udp', lambda: u5.recvfrom(100)[0], returned(b'wake 5'))
    l6, fillers6 = full_backlog(gs)
    c6 = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    c6.settimeout(100)
    waiter('connect timeout', lambda: c6.connect(l6.getsockname()), ebadf)
    c7 = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    waiter('connect blocking', lambda: c7.connect(l6.getsockname()), ebadf)
    keep += [a1, b1, a2, b2, l3, a4, b4, u5, l6, c6, c7] + fillers6
    sendfile_size = 0
    if hasattr(a1, 'sendfile'):
        a8, b8 = gs.socketpair()
        f8 = big_file(4 << 20)
        sendfile_size = 4 << 20
        prefill8 = fill_buffer(a8)
        waiter('sendfile full', lambda: a8.sendfile(f8), returned(sendfile_size))
        keep += [a8, b8, f8]
    stop = []
    gai = [0]

    def gai_loop():
        while not stop:
            infos = gs.getaddrinfo('localhost', 80, 0, gs.SOCK_STREAM)
            if not infos:
                raise AssertionError('getaddrinfo gave nothing')
            gai[0] += 1
        return gai[0]
    waiter('getaddrinfo loop', gai_loop, lambda o: o[0] == 'returned' and o[1] > 0)

    for _, t, _, _ in waiters:
        t.start()
    time.sleep(0.3)
    early = [(name, out[0]) for name, t, out, _ in waiters if out or not t.is_alive()]
    if early:
        raise AssertionError('waiters ended before any fork: %r' % (early,))

    results, waits, missed = [], [], 0
    for i in range(n):
        before = gs._fork_stats()
        results.append(_fork_checked(lambda: _child_uses_everything(gs), 5.0))
        after = gs._fork_stats()
        waits.append(after[1] - before[1])
        missed += after[3] - before[3]
        if any(out or not t.is_alive() for name, t, out, _ in waiters):
            ended = [(name, out) for name, t, out, _ in waiters if out or not t.is_alive()]
            raise AssertionError('after fork %d a waiter ended: %r' % (i, ended))
    gais_during = gai[0]

    # wake every waiter, each with what it waits for
    woken_at = time.time()
    b1.sendall(b'wake 1')
    b2.sendall(b'wake 2')
    c3 = gs.create_connection(l3.getsockname(), 10)
    keep.append(c3)
    _drain(b4, len(big))
    s5 = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
    s5.sendto(b'wake 5', u5.getsockname())
    keep.append(s5)
    c6.close()
    c7.close()
    if sendfile_size:
        _drain(b8, prefill8 + sendfile_size)
    stop.append(1)
    bad = []
    for name, t, out, check in waiters:
        t.join(10)
        if t.is_alive():
            bad.append('%s: still waiting 10 s after the wake' % name)
        elif not check(out[0]):
            bad.append('%s: %r' % (name, out[0][:2]))
        elif out[0][2] < woken_at:
            bad.append('%s: ended before the wake' % name)
    for x in keep + accepted:
        x.close()
    usable = _tally(results, n, 'fork beside waiters')
    if bad:
        raise AssertionError('waiters after %d forks: %s' % (n, '; '.join(bad)))
    secs = [r[2] for r in results]
    return ('%d/%d children usable beside %d waiters (%s); fork wait median %.1f ms, max %.1f ms, '
            '%d gave up waiting; child done in median %.0f ms, max %.0f ms; %d getaddrinfo meanwhile; '
            'every waiter ended as woken' % (
                usable, n, len(waiters), 'with sendfile' if sendfile_size else 'no sendfile on 2.7',
                _median(waits) * 1e3, max(waits) * 1e3, missed,
                _median(secs) * 1e3, max(secs) * 1e3, gais_during))


def _forking_server_main(n):
    """In a fresh interpreter (probe_fork.py --forking-server N):
    gosocket._socket installed as _socket under the standard socket.py,
    then socketserver's ForkingTCPServer and ForkingUnixStreamServer serve
    n clients each (4 client threads per server) at the same time, while 2
    other threads run echo clients in a loop against an echo server in a
    thread of this process. Every thread that uses a socket lives until the
    last client is done (a thread that called gosocket and exited leaves
    forked children unusable: fork_after_thread_exit), and one thread
    accepts on each listener (a second thread blocked in a blocking accept
    on the same listener waits inside Go: fork_beside_shared_accept).
    Prints one line: 'RESULT key=value ...'."""
    import shutil
    import tempfile
    from common import BUILD_DIR
    if 'socket' in sys.modules or '_socket' in sys.modules:
        raise SystemExit('socket was imported before gosocket could be installed')
    sys.path.insert(0, BUILD_DIR)
    import gosocket
    sys.modules['_socket'] = gosocket._socket
    import socket
    if socket._socket is not gosocket._socket:
        raise SystemExit('socket.py does not wrap gosocket._socket')
    try:
        import socketserver
    except ImportError:
        import SocketServer as socketserver
    me = os.getpid()

    class Echo(socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            self.wfile.write(('%d ' % os.getpid()).encode() + line)

    unix_fork = getattr(socketserver, 'ForkingUnixStreamServer', None)
    unix_kind = 'ForkingUnixStreamServer'
    if unix_fork is None:  # before 3.12: the same composition socketserver makes
        class unix_fork(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
            pass
        unix_kind = 'ForkingMixIn+UnixStreamServer'

    def ask(family, addr, line):
        c = socket.socket(family, socket.SOCK_STREAM)
        c.settimeout(10)
        try:
            c.connect(addr)
            c.sendall(line)
            back = b''
            while not back.endswith(b'\n'):
                chunk = c.recv(4096)
                if not chunk:
                    break
                back += chunk
        finally:
            c.close()
        pid, _, echoed = back.partition(b' ')
        if echoed != line:
            raise AssertionError('sent %r, got %r' % (line, back))
        return int(pid)

    threads = []
    finished = threading.Event()  # every thread waits for it before it ends

    def spawn(fn, *args):
        def run():
            try:
                fn(*args)
            finally:
                finished.wait(120)
        t = threading.Thread(target=run)
        t.daemon = True
        t.start()
        threads.append(t)

    # the threaded helper: one thread accepts, a thread per connection
    # echoes lines until EOF; each side client keeps one connection (a
    # connection closed while forked children hold copies of it can be
    # reset, with the built-in module too)
    helper = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    helper.bind(('127.0.0.1', 0))
    helper.listen(16)
    helper_addr = helper.getsockname()
    stop = []

    def helper_conn(conn):
        f = conn.makefile('rb')
        try:
            for line in iter(f.readline, b''):
                conn.sendall(('%d ' % os.getpid()).encode() + line)
        finally:
            f.close()
            conn.close()

    def helper_loop():
        for _ in range(2):
            conn, _ = helper.accept()
            conn.settimeout(30)
            spawn(helper_conn, conn)
    side = [0, 0]
    side_errors = []

    def side_client(k):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.settimeout(10)
        try:
            c.connect(helper_addr)
            f = c.makefile('rb')
            i = 0
            while not stop:
                i += 1
                line = ('side %d %d %s\n' % (k, i, 'y' * (i % 200))).encode()
                c.sendall(line)
                back = f.readline()
                if back != ('%d ' % me).encode() + line:
                    raise AssertionError('sent %r, got %r' % (line, back))
                side[k] += 1
            f.close()
        except Exception as e:
            side_errors.append('%s: %s' % (type(e).__name__, e))
        finally:
            c.close()
    spawn(helper_loop)
    for k in range(2):
        spawn(side_client, k)

    tmp = tempfile.mkdtemp()
    servers = []
    try:
        for kind, cls, family, addr in (
                ('ForkingTCPServer', socketserver.ForkingTCPServer, socket.AF_INET, ('127.0.0.1', 0)),
                (unix_kind, unix_fork, socket.AF_UNIX, os.path.join(tmp, 'fork.sock'))):
            server = cls(addr, Echo)
            done = threading.Event()
            spawn(server.serve_forever, 0.05)
            stats = {'kind': kind, 'server': server, 'ok': 0, 'pids': set(), 'errors': [],
                     'lock': threading.Lock(), 'left': 4, 'done': done}
            servers.append(stats)

            def client(st, family, k, count):
                for i in range(count):
                    try:
                        pid = ask(family, st['server'].server_address,
                                  ('%s client %d.%d %s\n' % (st['kind'], k, i, 'x' * i)).encode())
                        if pid == me:
                            raise AssertionError('answered by the server process, not a forked child')
                        with st['lock']:
                            st['ok'] += 1
                            st['pids'].add(pid)
                    except Exception as e:
                        st['errors'].append('%s: %s' % (type(e).__name__, e))
                with st['lock']:
                    st['left'] -= 1
                    if st['left'] == 0:
                        st['done'].set()
            for k in range(4):
                spawn(client, stats, family, k, n // 4)
        for st in servers:
            st['done'].wait(60)
    finally:
        stop.append(1)
        for st in servers:
            st['server'].shutdown()
            st['server'].server_close()
        helper.close()
        finished.set()
        for t in threads:
            t.join(10)
        shutil.rmtree(tmp, ignore_errors=True)
    report = []
    for st in servers:
        errors = st['errors']
        report.append('%s=%d/%d,children=%d,errors=%d%s' % (
            st['kind'], st['ok'], n, len(st['pids']), len(errors),
            (',first=' + errors[0].replace(' ', '_')) if errors else ''))
    report.append('side=%d' % sum(side))
    report.append('side_errors=%d%s' % (len(side_errors), (',first=' + side_errors[0].replace(' ', '_')) if side_errors else ''))
    fs = gosocket._fork_stats()
    report.append('forks=%d,wait_max_ms=%.1f,gave_up=%d' % (fs[0], fs[2] * 1e3, fs[3]))
    print('RESULT ' + ' '.join(report))
    sys.stdout.flush()


def forking_server(short):
    """socketserver's ForkingTCPServer and ForkingUnixStreamServer (before
    3.12: ForkingMixIn + UnixStreamServer, as socketserver composes it) over
    the standard socket.py with gosocket as _socket, in a fresh interpreter:
    each serves 100 clients (short: 20) from 4 threads of the process while
    2 other threads run echo clients against a threaded server of the same
    process in a loop. Every answer must be right and come from a forked
    child."""
    import subprocess
    n = 20 if short else 100
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), '--forking-server', str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.communicate()[0].decode('utf-8', 'replace')
    lines = [l for l in out.splitlines() if l.startswith('RESULT ')]
    if proc.returncode != 0 or not lines:
        raise AssertionError('server process exited %d: %s' % (proc.returncode, out[-2000:]))
    fields = dict(f.split('=', 1) for f in lines[-1].split()[1:])
    bad = []
    for key, value in fields.items():
        if key.startswith('Forking'):
            got = value.split(',')[0]
            if got != '%d/%d' % (n, n) or ',errors=0' not in value:
                bad.append('%s: %s' % (key, value))
    if fields.get('side_errors', '').split(',')[0] != '0' or int(fields.get('side', '0')) == 0:
        bad.append('side clients: %s, errors %s' % (fields.get('side'), fields.get('side_errors')))
    if len([k for k in fields if k.startswith('Forking')]) != 2 or bad:
        # the server's own report of what went wrong in a child (socketserver
        # prints the handler's traceback), the cause first
        causes = [l.strip() for l in out.splitlines() if 'Error' in l and not l.startswith('RESULT ')]
        raise AssertionError('; '.join(bad) or lines[-1]) if not causes else AssertionError(
            '%s; server output: %s' % ('; '.join(bad) or lines[-1], ' | '.join(causes[:3])))
    return lines[-1][len('RESULT '):]


def fork_after_thread_exit(short):
    """A thread makes a socket pair round trip and exits; then the main
    thread, which has used gosocket too, forks 50 times (short: 10); each
    child makes a round trip in its main thread and one in a new thread.
    With the built-in module all work. The Go thread state (M) the exited
    thread gave back carries a preemption mark from Go's sysmon, which a
    child's new thread would act on and never come back from; fork.c
    hands such Ms to cleaner threads before the fork (gs_clean_exited).
    Without that, 0/50 children were usable."""
    gs = load_gosocket()
    n = 10 if short else 50
    _pair_round_trip(gs)
    t = threading.Thread(target=_pair_round_trip, args=(gs,))
    t.start()
    t.join()
    time.sleep(0.05)

    def child():
        _pair_round_trip(gs, b'child main thread')
        err = []

        def other():
            try:
                _pair_round_trip(gs, b'child new thread')
            except Exception as e:
                err.append(e)
        t = threading.Thread(target=other)
        t.start()
        t.join(4)
        if t.is_alive():
            raise AssertionError('a new thread of the child hung')
        if err:
            raise err[0]
    results = [_fork_checked(child, 5.0) for _ in range(n)]
    usable = _tally(results, n, 'fork after a thread that used gosocket exited')
    return '%d/%d children usable (main and a new thread)' % (usable, n)


def fork_beside_shared_accept(short):
    """Two threads wait in accept on one blocking listener; a connection
    comes, one thread takes it (and stays alive), the other goes on
    waiting. The main thread forks twice (short: once); each child makes a
    socket pair round trip; then the waiting thread must take a second
    connection. Then the same with a new listener and two new threads: 12
    rounds (short: 5). A blocking listener's accept polls first
    and then calls accept4 on the blocking descriptor with the GIL released
    (pysocket/sockobj.c do_accept): both threads' polls wake for the one
    connection, both register for the kick at the same moment, and the
    loser blocks in the kernel inside Go. Before a fork, the call layer
    interrupts it (gs_call_kick) and it goes back to poll, so the fork does
    not wait and every child is usable, as with the built-in module.
    (Before the kick, each fork waited 2 s and every child raised
    RuntimeError; while two threads registering at once could share one
    slot, about 1 run in 30 of this probe's earlier one-round form did.) Prefork and thread-pool servers accept
    on a shared listener this way."""
    gs = load_gosocket()
    rounds, forks = (5, 1) if short else (12, 2)
    _pair_round_trip(gs)
    release = threading.Event()
    got, listeners, clients, threads, results, waits = [], [], [], [], [], []

    def acceptor(lst):
        try:
            got.append(lst.accept()[0])
        except (IOError, OSError):
            pass  # closed at the end
        release.wait(60)
    for r in range(rounds):
        lst = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
        lst.bind(('127.0.0.1', 0))
        lst.listen(8)
        listeners.append(lst)
        for _ in range(2):
            t = threading.Thread(target=acceptor, args=(lst,))
            t.daemon = True
            t.start()
            threads.append(t)
        time.sleep(0.1)
        clients.append(gs.create_connection(lst.getsockname(), 5))
        if not wait_until(lambda: len(got) == 2 * r + 1, 5):
            raise AssertionError('round %d: no thread accepted the connection' % r)
        time.sleep(0.05)
        for _ in range(forks):
            before = gs._fork_stats()
            results.append(_fork_checked(lambda: _pair_round_trip(gs, b'child'), 10.0))
            waits.append(gs._fork_stats()[1] - before[1])
        clients.append(gs.create_connection(lst.getsockname(), 5))  # the second accept's
        if not wait_until(lambda: len(got) == 2 * r + 2, 5):
            raise AssertionError('round %d: the second accept did not take the second connection' % r)
    for lst in listeners:
        lst.close()
    release.set()
    for t in threads:
        t.join(5)
        if t.is_alive():
            raise AssertionError('an acceptor did not end after close()')
    for x in got + clients:
        x.close()
    n = rounds * forks
    usable = _tally(results, n, 'fork beside a second accept on one listener')
    if max(waits) > 0.5:
        raise AssertionError('%d/%d usable, but a fork waited %.0f ms' % (usable, n, max(waits) * 1e3))
    return '%d/%d children usable (%d rounds); fork wait max %.1f ms' % (usable, n, rounds, max(waits) * 1e3)


def guard_covers_exports(short):
    """Every Go export has its fork guard in pysocket/exports.h (generated
    by internal/gencontract; else a child forked at the wrong moment could
    hang in it)."""
    exports = set()
    pdir = os.path.join(ROOT, 'pysocket')
    for name in os.listdir(pdir):
        if name.endswith('.go'):
            with open(os.path.join(pdir, name)) as f:
                exports.update(re.findall(r'^//export (\w+)', f.read(), re.M))
    with open(os.path.join(pdir, 'exports.h')) as f:
        guarded = set(re.findall(r'^#define (gs_\w+)\(', f.read(), re.M))
    missing = sorted(exports - guarded)
    if missing:
        raise AssertionError('exports without a guard in exports.h: %s' % ', '.join(missing))
    return '%d exports guarded' % len(exports)


PROBES = [
    {'name': 'prefork_server', 'func': prefork_server, 'timeout': 120, 'short_timeout': 30},
    {'name': 'fork_loop', 'func': fork_loop, 'timeout': 120, 'short_timeout': 30},
    {'name': 'nested_fork', 'func': nested_fork, 'timeout': 60, 'short_timeout': 30},
    {'name': 'multiprocessing_fork', 'func': multiprocessing_fork, 'timeout': 120, 'short_timeout': 40},
    {'name': 'fork_with_threads', 'func': fork_with_threads, 'timeout': 180, 'short_timeout': 60},
    {'name': 'prefork_exact', 'func': prefork_exact, 'timeout': 60, 'short_timeout': 15},
    {'name': 'fork_beside_waiters', 'func': fork_beside_waiters, 'timeout': 60, 'short_timeout': 15},
    {'name': 'fork_beside_shared_accept', 'func': fork_beside_shared_accept, 'timeout': 120, 'short_timeout': 30},
    {'name': 'guard_covers_exports', 'func': guard_covers_exports, 'timeout': 30, 'short_timeout': 30},
    {'name': 'fork_after_thread_exit', 'func': fork_after_thread_exit, 'timeout': 120, 'short_timeout': 40},
    {'name': 'forking_server', 'func': forking_server, 'timeout': 60, 'short_timeout': 15},
]

# Probes of known limitations that fail today (run.py --pending).
PENDING = []


if __name__ == '__main__':
    if sys.argv[1:2] == ['--forking-server']:
        _forking_server_main(int(sys.argv[2]))
