"""Stress probes: fork.

The Go runtime inside gosocket does not survive fork() the way C code does:
the child has the runtime's memory but only the forking thread. These
probes check what gosocket promises (README, "Safety"): a process that uses
gosocket and then forks gets children that can use it (prefork servers,
fork loops, multiprocessing's fork start method); a child forked while
other threads were inside gosocket calls gets RuntimeError naming the
cause on its first call, never a hang.
"""

import os
import re
import select
import signal
import sys
import threading
import time

from common import ROOT, load_gosocket

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
    {'name': 'guard_covers_exports', 'func': guard_covers_exports, 'timeout': 30, 'short_timeout': 30},
]
