"""Helpers shared by the stress probes (tests/stress/probe_*.py).

Runs unchanged on Python 2.7 and 3.6+. Names:

  load_gosocket()  import gosocket from <repo>/build/py<MAJ><MIN> (the build
                   for the running interpreter) and return the module; raises
                   ImportError naming the directory when that build is missing
                   or when another gosocket was imported instead.
  ROOT, BUILD_DIR  the repository and the build directory for this interpreter.
  PY2              True on Python 2.
  fd_count()       the number of descriptors this process has open.
  rss_kib()        this process's resident set size in KiB (VmRSS).
  go_threads()     {tid: name} of the threads the Go runtime created here
                   (threads whose /proc comm is not the interpreter's), see
                   thread_sigmasks().
  thread_sigmasks() {tid: (comm, SigBlk mask as int)} for every thread.
  wait_until(pred, timeout) poll pred() until it is true or timeout passes.
  full_backlog(gs) a loopback TCP listener whose accept queue is full (a
                   connect to it waits), with the connections that fill it.
  fill_buffer(sock) send without waiting until sock's send buffer is full.
  big_file(size)   an unlinked temporary file of size bytes (for sendfile).

A probe is a function taking `short` (bool) and returning a string (the
detail, e.g. "800 conns, 0 lost") when it held, raising when it failed; see
tests/stress/run.py.
"""

import errno
import os
import select
import sys
import time

PY2 = sys.version_info[0] == 2
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD_DIR = os.path.join(ROOT, 'build', 'py%d%d' % sys.version_info[:2])

_gosocket = None


def load_gosocket():
    """Import gosocket from BUILD_DIR (once) and return it."""
    global _gosocket
    if _gosocket is not None:
        return _gosocket
    if not os.path.isdir(BUILD_DIR):
        raise ImportError('no gosocket build for Python %d.%d: %s is missing (run: python3 build.py --all)'
                          % (sys.version_info[:2] + (BUILD_DIR,)))
    if BUILD_DIR not in sys.path:
        sys.path.insert(0, BUILD_DIR)
    import gosocket
    where = os.path.dirname(os.path.dirname(os.path.abspath(gosocket.__file__)))
    if where != BUILD_DIR:
        raise ImportError('gosocket was imported from %s, not %s' % (where, BUILD_DIR))
    _gosocket = gosocket
    return gosocket


def fd_count():
    """Descriptors open in this process (the listing's own one excluded)."""
    return len(os.listdir('/proc/self/fd')) - 1


def rss_kib():
    """Resident set size of this process in KiB."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise RuntimeError('no VmRSS in /proc/self/status')


def _status_fields(tid, *names):
    out = {}
    try:
        with open('/proc/self/task/%s/status' % tid) as f:
            for line in f:
                key, _, value = line.partition(':')
                if key in names:
                    out[key] = value.strip()
    except (IOError, OSError):  # the thread ended meanwhile
        return None
    return out


def thread_sigmasks():
    """{tid: (comm, SigBlk)} for every thread of this process."""
    out = {}
    for tid in os.listdir('/proc/self/task'):
        fields = _status_fields(tid, 'Name', 'SigBlk')
        if fields:
            out[int(tid)] = (fields['Name'], int(fields['SigBlk'], 16))
    return out


def go_threads():
    """{tid: comm} of the threads the Go runtime started. Python's threads
    keep the interpreter's comm (unless named, which the probes do not do),
    Go's pthreads inherit it too, so they are told apart by being neither
    the main thread nor a thread Python knows (threading.enumerate() native
    ids where available)."""
    import threading
    known = set([os.getpid()])
    for t in threading.enumerate():
        tid = getattr(t, 'native_id', None)
        if tid is not None:
            known.add(tid)
    if len(known) < len(threading.enumerate()):
        raise RuntimeError('go_threads() needs threading native_id (3.8+)')
    return dict((tid, v[0]) for tid, v in thread_sigmasks().items() if tid not in known)


def wait_until(pred, timeout, step=0.005):
    """Poll pred() until it returns true (returns True) or timeout seconds
    pass (returns False)."""
    end = time.time() + timeout
    while True:
        if pred():
            return True
        if time.time() >= end:
            return False
        time.sleep(step)


def full_backlog(gs):
    """A TCP listener on 127.0.0.1 with listen(0) whose accept queue is
    full: connections are made until one stays in SYN_SENT (the kernel
    drops its SYN). Returns (listener, fillers); keep both open."""
    lst = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    lst.bind(('127.0.0.1', 0))
    lst.listen(0)
    addr = lst.getsockname()
    fillers = []
    for _ in range(16):
        c = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
        c.setblocking(False)
        c.connect_ex(addr)
        fillers.append(c)
        if not select.select([], [c], [], 0.1)[1]:
            return lst, fillers
    raise AssertionError('16 connections to listen(0) all completed: no full backlog')


def big_file(size):
    """An unlinked temporary file of size bytes (a pattern, not zeros)."""
    import tempfile
    f = tempfile.TemporaryFile()
    block = (b'sendfile ' * 456)[:4096]
    for _ in range(size // 4096):
        f.write(block)
    f.flush()
    f.seek(0)
    return f


def fill_buffer(sock):
    """Send on sock without waiting until its buffer is full; returns the
    number of bytes sent."""
    sock.setblocking(False)
    n = 0
    try:
        while True:
            n += sock.send(b'f' * 65536)
    except (IOError, OSError) as e:
        if e.args[0] not in (errno.EAGAIN, errno.EWOULDBLOCK):
            raise
    sock.setblocking(True)
    return n
