"""Shared helpers for the gosocket unit tests.

Names exported for the tests:

  gs    the module under test: gosocket, loaded from
        <repo>/build/py<MAJOR><MINOR>/gosocket/__init__<EXT_SUFFIX> (the
        extension, as the package's __init__) for the running interpreter
        (sys.version_info).
  ref   the built-in _socket module of the running interpreter; expected
        behaviour is read from it in the same run.
  std   the built-in socket module (socket.py), for the helpers _socket
        lacks (create_connection, getfqdn, and fromfd on 3.x).

Environment:

  GOSOCKET_UNDER_TEST=builtin     make gs the built-in module (the _socket
                                  functions plus socket.py's helpers and
                                  socket class), to validate the tests.
  GOSOCKET_UNDER_TEST=/path/x.so  load gosocket from that file instead.
  GOSOCKET_UNDER_TEST=installed   import gosocket as installed (a wheel in
                                  a virtual environment: tests/wheel/);
                                  never from this repository's build/.

Helpers: TestCase (socket factories closed at cleanup; assertSameOutcome
/ assertSameCall / assertSameMethod run a scenario with the built-in module
and with gosocket and demand equal values and types, or the corresponding
exception class with equal errno and args for OSError-family errors),
run_in_child (scenarios that would deadlock the test process if gosocket
held the GIL), HAVE_IPV6_LOOPBACK, unused_fd, recv_exactly.

All of this must run unchanged on Python 2.7 and 3.6+.
"""

import errno
import os
import shutil
import socket as std
import sys
import tempfile
import types
import unittest
import warnings

import _socket as ref

PY2 = sys.version_info[0] == 2
PYVER = sys.version_info[:2]
IS_LINUX = sys.platform.startswith('linux')

if PY2:
    INT_TYPES = (int, long)  # noqa: F821 (Python 2 only)
    TEXT = unicode  # noqa: F821
else:
    INT_TYPES = (int,)
    TEXT = str

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD_DIR = os.path.join(ROOT, 'build', 'py%d%d' % PYVER)

# Upper bound for any single blocking socket operation in the tests, so
# that a broken implementation fails instead of hanging.
TIMEOUT = 10.0

UNDER_TEST = os.environ.get('GOSOCKET_UNDER_TEST', '').strip()
BUILTIN = UNDER_TEST.lower() == 'builtin'
INSTALLED = UNDER_TEST.lower() == 'installed'


# ---------------------------------------------------------------------------
# Locating gosocket

def _extension_suffixes():
    if PY2:
        import imp
        return [s for s, _, kind in imp.get_suffixes()
                if kind == imp.C_EXTENSION]
    import importlib.machinery
    return list(importlib.machinery.EXTENSION_SUFFIXES)


def _load_extension(path):
    if PY2:
        import imp
        return imp.load_dynamic('gosocket', path)
    import importlib.util
    spec = importlib.util.spec_from_file_location('gosocket', path)
    if spec is None:
        raise ImportError('cannot load gosocket from %s' % path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules['gosocket'] = mod
    return mod


def _import_installed():
    """import gosocket from where it is installed; BUILD_DIR becomes that
    sys.path entry (child scripts put BUILD_DIR first on sys.path)."""
    global BUILD_DIR
    import gosocket
    where = os.path.dirname(os.path.abspath(gosocket.__file__))
    if os.path.splitext(os.path.basename(gosocket.__file__))[0].startswith('__init__'):
        where = os.path.dirname(where)  # a package: its parent is on sys.path
    if where.startswith(os.path.join(ROOT, 'build') + os.sep):
        raise ImportError('GOSOCKET_UNDER_TEST=installed, but gosocket came '
                          'from the build folder: %s' % gosocket.__file__)
    BUILD_DIR = where
    return gosocket


def _find_gosocket():
    if INSTALLED:
        return _import_installed()
    if UNDER_TEST and not BUILTIN:
        if not os.path.isfile(UNDER_TEST):
            raise ImportError('GOSOCKET_UNDER_TEST=%s: no such file'
                              % UNDER_TEST)
        return _load_extension(UNDER_TEST)
    tried = []
    for suffix in _extension_suffixes():
        path = os.path.join(BUILD_DIR, 'gosocket', '__init__' + suffix)
        tried.append(path)
        if os.path.isfile(path):
            return _load_extension(path)
    raise ImportError(
        'gosocket is not built for Python %d.%d: none of %s exists '
        '(set GOSOCKET_UNDER_TEST=builtin to run the tests against the '
        'built-in socket module)' % (PYVER + (', '.join(tried),)))


# ---------------------------------------------------------------------------
# The built-in stand-in (GOSOCKET_UNDER_TEST=builtin)

def _make_py2_socket_class():
    """A _socket.socket subclass giving 2.7's C socket the gosocket API:
    socket(..., fileno=fd), _accept() -> (fd, addr), accept() returning
    the same class, and socket.py's buffered makefile()."""
    import ctypes

    base = ref.socket

    def adopt(sock, fd):
        # PySocketSockObject starts with PyObject_HEAD then "int sock_fd".
        cell = ctypes.c_int.from_address(id(sock) + 16)
        own = sock.fileno()
        if cell.value != own:
            raise RuntimeError('unexpected _socket.socket layout')
        cell.value = fd
        os.close(own)
        sock.settimeout(ref.getdefaulttimeout())

    class socket(base):
        def __init__(self, family=ref.AF_INET, type=ref.SOCK_STREAM,
                     proto=0, fileno=None):
            base.__init__(self, family, type, proto)
            if fileno is not None:
                adopt(self, fileno)

        def _accept(self):
            sock, addr = base.accept(self)
            try:
                fd = os.dup(sock.fileno())
            finally:
                sock.close()
            return fd, addr

        def accept(self):
            fd, addr = self._accept()
            return socket(self.family, self.type, self.proto, fileno=fd), addr

        def makefile(self, mode='r', bufsize=-1):
            return std._fileobject(self, mode, bufsize)

    return socket


def _builtin_module():
    m = types.ModuleType('gosocket_builtin')
    m.__file__ = ref.__dict__.get('__file__', '<built-in>')
    for name in dir(ref):
        if not name.startswith('__'):
            setattr(m, name, getattr(ref, name))
    if PY2:
        cls = _make_py2_socket_class()

        def wrap(s):
            fd = os.dup(s.fileno())
            timeout = s.gettimeout()
            new = cls(s.family, s.type, s.proto, fileno=fd)
            new.settimeout(timeout)
            s.close()
            return new

        def socketpair(family=ref.AF_UNIX, type=ref.SOCK_STREAM, proto=0):
            a, b = ref.socketpair(family, type, proto)
            return wrap(a), wrap(b)

        def fromfd(fd, family, type, proto=0):
            return wrap(ref.fromfd(fd, family, type, proto))

        def create_connection(address, timeout=std._GLOBAL_DEFAULT_TIMEOUT,
                              source_address=None):
            s = std.create_connection(address, timeout, source_address)
            try:
                return wrap(s._sock)
            finally:
                s.close()

        m.socket = m.SocketType = cls
        m.socketpair = socketpair
        m.fromfd = fromfd
        m.create_connection = create_connection
    else:
        m.socket = std.socket
        m.SocketType = ref.socket
        m.socketpair = std.socketpair
        m.fromfd = std.fromfd
        m.create_connection = std.create_connection
    m.getfqdn = std.getfqdn
    # gosocket._socket: the lower layer (the built-in _socket on 3.x; on 2.7
    # gosocket's two layers are one type, as here).
    m._socket = m if PY2 else ref
    sys.modules['gosocket_builtin'] = m
    sys.modules['gosocket_builtin._socket'] = m._socket
    return m


if BUILTIN:
    gs = _builtin_module()
    IMPL = 'built-in socket (GOSOCKET_UNDER_TEST=builtin)'
else:
    gs = _find_gosocket()
    IMPL = 'gosocket from %s' % getattr(gs, '__file__', '?')


def ref_func(name):
    """The built-in implementation of module-level function `name`:
    from _socket, or from socket.py for the helpers _socket lacks."""
    f = getattr(ref, name, None)
    if f is None:
        f = getattr(std, name)
    return f


def _ipv6_loopback_works():
    if not getattr(ref, 'has_ipv6', False):
        return False
    try:
        s = ref.socket(ref.AF_INET6, ref.SOCK_STREAM)
    except Exception:
        return False
    try:
        s.bind(('::1', 0))
        return True
    except Exception:
        return False
    finally:
        s.close()


HAVE_IPV6_LOOPBACK = _ipv6_loopback_works()


# ---------------------------------------------------------------------------
# Comparing outcomes

def outcome(fn):
    """Run fn(); return (True, value) or (False, exception).  Warnings
    (e.g. DeprecationWarning for out-of-range ints) are ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            return True, fn()
        except Exception as e:  # noqa: B902
            return False, e


def shape(v):
    """A type description of v, treating int subclasses (IntEnum) and
    Python 2 long as int."""
    if v is None:
        return 'None'
    if isinstance(v, bool):
        return 'bool'
    if isinstance(v, INT_TYPES):
        return 'int'
    if isinstance(v, float):
        return 'float'
    if isinstance(v, tuple):
        return ('tuple',) + tuple(shape(x) for x in v)
    if isinstance(v, list):
        return ['list'] + [shape(x) for x in v]
    return type(v).__name__


def gs_exception_class(ref_cls):
    """The class gosocket must raise where the built-in raises ref_cls."""
    for name in ('timeout', 'gaierror', 'herror', 'error'):
        if ref_cls is getattr(ref, name):
            return getattr(gs, name)
    return ref_cls


# getaddrinfo() errors that depend on the resolver's environment rather than
# on the name: with DNS unreachable or overloaded, a lookup of a name under
# .invalid may end in EAI_AGAIN instead of EAI_NONAME.
NAME_LOOKUP_FAILURES = frozenset(
    getattr(ref, n) for n in ('EAI_NONAME', 'EAI_AGAIN', 'EAI_NODATA',
                              'EAI_FAIL') if hasattr(ref, n))


def transient_lookup_failure(e):
    classes = tuple(c for c in (ref.gaierror, getattr(gs, 'gaierror', None))
                    if isinstance(c, type))
    return (isinstance(e, classes)
            and getattr(e, 'errno', None) in NAME_LOOKUP_FAILURES)


def fmt_exc(e):
    return '%s%r' % (type(e).__name__, getattr(e, 'args', ()))


def close_quietly(s):
    try:
        s.close()
    except Exception:
        pass


_NOTSET = object()


class TestCase(unittest.TestCase):
    """Base class with socket factories (closed on cleanup) and
    built-in-vs-gosocket comparison assertions."""

    maxDiff = None

    # -- comparisons --------------------------------------------------------

    def assertSameValue(self, what, expected, actual):
        if (isinstance(expected, float) and isinstance(actual, float)
                and expected != expected and actual != actual):
            return  # both NaN
        self.assertEqual(expected, actual,
                         '%s: built-in gives %r, gosocket gives %r'
                         % (what, expected, actual))
        self.assertEqual(shape(expected), shape(actual),
                         '%s: types differ: built-in %r, gosocket %r'
                         % (what, shape(expected), shape(actual)))

    def assertSameException(self, what, ref_exc, gs_exc):
        want = gs_exception_class(type(ref_exc))
        if type(gs_exc) is not want:
            self.fail('%s: built-in raises %s, so gosocket must raise %s.%s;'
                      ' got %s' % (what, fmt_exc(ref_exc), want.__module__,
                                   want.__name__, fmt_exc(gs_exc)))
        if isinstance(ref_exc, EnvironmentError):
            self.assertEqual(ref_exc.errno, gs_exc.errno,
                             '%s: errno differs: built-in %s, gosocket %s'
                             % (what, fmt_exc(ref_exc), fmt_exc(gs_exc)))
            self.assertEqual(ref_exc.args, gs_exc.args,
                             '%s: exception args differ: built-in %s, '
                             'gosocket %s' % (what, fmt_exc(ref_exc),
                                              fmt_exc(gs_exc)))

    def assertSameOutcome(self, what, ref_fn, gs_fn, compare_value=True):
        """Run ref_fn (built-in) and gs_fn (gosocket); both must return
        equal values of the same types, or raise corresponding exceptions
        (same class, errno and args for OSError-family errors)."""
        for attempt in range(3):
            rok, rv = outcome(ref_fn)
            gok, gv = outcome(gs_fn)
            if not (transient_lookup_failure(rv)
                    and transient_lookup_failure(gv)):
                break
            if rv.errno == gv.errno:
                break
        else:
            # Both failed to resolve the name, but the resolver answered
            # differently from one call to the next (e.g. EAI_NONAME vs
            # EAI_AGAIN when DNS is unreachable): that is the environment,
            # not gosocket.
            self.assertEqual(gv.args[:1], (gv.errno,))
            return rv, gv
        if rok and not gok:
            self.fail('%s: built-in returns %r, gosocket raises %s'
                      % (what, rv, fmt_exc(gv)))
        if gok and not rok:
            self.fail('%s: built-in raises %s, gosocket returns %r'
                      % (what, fmt_exc(rv), gv))
        if rok:
            if compare_value:
                self.assertSameValue(what, rv, gv)
        else:
            self.assertSameException(what, rv, gv)
        return rv, gv

    def assertSameCall(self, name, *args, **kwargs):
        """Compare module-level function `name` called with these args."""
        what = '%s(%s)' % (name, ', '.join(
            [repr(a) for a in args] +
            ['%s=%r' % kv for kv in sorted(kwargs.items())]))
        return self.assertSameOutcome(
            what,
            lambda: ref_func(name)(*args, **kwargs),
            lambda: getattr(gs, name)(*args, **kwargs))

    def assertSameMethod(self, ref_sock, gs_sock, name, *args):
        what = 'socket.%s(%s)' % (name, ', '.join(repr(a) for a in args))
        return self.assertSameOutcome(
            what,
            lambda: getattr(ref_sock, name)(*args),
            lambda: getattr(gs_sock, name)(*args))

    def assertRaisesErrno(self, exc_class, err, fn, *args):
        try:
            fn(*args)
        except exc_class as e:
            self.assertEqual(e.errno, err, 'expected errno %s (%s), got %s'
                             % (err, errno.errorcode.get(err), fmt_exc(e)))
            return e
        except Exception as e:
            self.fail('expected %s(errno %s), got %s'
                      % (exc_class.__name__, errno.errorcode.get(err),
                         fmt_exc(e)))
        self.fail('expected %s(errno %s), nothing raised'
                  % (exc_class.__name__, errno.errorcode.get(err)))

    # -- factories ----------------------------------------------------------

    def sock(self, M, *args, **kwargs):
        """M.socket(*args) closed at cleanup; timeout=TIMEOUT unless
        timeout=... is given (_NOTSET keeps the socket's own mode)."""
        timeout = kwargs.pop('timeout', TIMEOUT)
        s = M.socket(*args, **kwargs)
        self.addCleanup(close_quietly, s)
        if timeout is not _NOTSET:
            s.settimeout(timeout)
        return s

    def track(self, s):
        self.addCleanup(close_quietly, s)
        return s

    def accept(self, lsock):
        """accept() for gosocket and for the built-in _socket socket (3.x
        _socket only has _accept)."""
        if hasattr(lsock, 'accept'):
            conn, addr = lsock.accept()
        else:
            fd, addr = lsock._accept()
            conn = type(lsock)(lsock.family, lsock.type, lsock.proto,
                               fileno=fd)
        self.track(conn)
        conn.settimeout(TIMEOUT)
        return conn, addr

    def listener(self, M, family=None, host=None, backlog=5):
        family = M.AF_INET if family is None else family
        if host is None:
            host = '::1' if family == M.AF_INET6 else '127.0.0.1'
        s = self.sock(M, family, M.SOCK_STREAM)
        s.bind((host, 0))
        s.listen(backlog)
        return s

    def tcp_pair(self, M, family=None):
        """(client, server) connected TCP sockets of module M, with
        TIMEOUT set on both."""
        lsock = self.listener(M, family)
        c = self.sock(M, lsock.family, M.SOCK_STREAM)
        c.connect(lsock.getsockname())
        conn, _ = self.accept(lsock)
        return c, conn

    def udp_pair(self, M, family=None):
        family = M.AF_INET if family is None else family
        host = '::1' if family == M.AF_INET6 else '127.0.0.1'
        a = self.sock(M, family, M.SOCK_DGRAM)
        b = self.sock(M, family, M.SOCK_DGRAM)
        a.bind((host, 0))
        b.bind((host, 0))
        return a, b

    def tempdir(self):
        d = tempfile.mkdtemp(prefix='gsk')
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def run_in_child(self, body, deadline=None):
        run_in_child(self, body, deadline or CHILD_DEADLINE)

    def restore_default_timeouts(self):
        """Reset the module default timeouts (gs and built-in) at cleanup."""
        self.addCleanup(ref.setdefaulttimeout, ref.getdefaulttimeout())
        self.addCleanup(gs.setdefaulttimeout, None)


NOTSET = _NOTSET


def unused_fd():
    """A descriptor number nothing has open (safer than a just-closed one,
    which the runtime may reuse at any moment)."""
    for fd in range(900, 4000):
        try:
            os.fstat(fd)
        except OSError:
            return fd
    raise RuntimeError('no unused descriptor number found')


def socktype(s):
    """s.type without the SOCK_NONBLOCK/SOCK_CLOEXEC flags that Python 3.6
    reports once a timeout is set (bpo-32331)."""
    flags = getattr(ref, 'SOCK_NONBLOCK', 0) | getattr(ref, 'SOCK_CLOEXEC', 0)
    return s.type & ~flags


def recv_exactly(sock, n):
    chunks = []
    got = 0
    while got < n:
        data = sock.recv(min(65536, n - got))
        if not data:
            break
        chunks.append(data)
        got += len(data)
    return b''.join(chunks)


def unblock_later(testcase, sock, delay=5.0, data=b'\0'):
    """Send `data` on sock after `delay` seconds (cancelled at cleanup), so
    a test that wrongly blocks on the peer fails instead of hanging."""
    import threading

    def fire():
        try:
            sock.send(data)
        except Exception:
            pass

    t = threading.Timer(delay, fire)
    t.daemon = True
    t.start()
    testcase.addCleanup(t.cancel)
    return t


# ---------------------------------------------------------------------------
# Scenarios run in a child interpreter

CHILD_DEADLINE = 30.0

CHILD_PRELUDE = '''
import sys, threading, time
sys.path.insert(0, %r)
import support
gs, ref = support.gs, support.ref

def check(cond, msg):
    if not cond:
        sys.stdout.write('FAIL: %%s\\n' %% (msg,))
        sys.stdout.flush()
        sys.exit(1)

def spawn(fn, *args):
    t = threading.Thread(target=fn, args=args)
    t.daemon = True
    t.start()
    return t

def busy(seconds):
    """Pure-Python work; returns the number of iterations done."""
    n = 0
    t0 = time.time()
    while time.time() - t0 < seconds:
        n += 1
    return n
''' % (HERE,)


def run_in_child(testcase, body, deadline=CHILD_DEADLINE, env=None):
    """Run `body` (source using gs, check(), spawn(), busy()) in a child
    interpreter killed after `deadline` seconds, with `env` added to its
    environment.  For scenarios where a wrong implementation (one holding
    the GIL while blocked, or ignoring a flag on a blocking socket) would
    deadlock the test process itself."""
    import subprocess
    import textwrap
    import time
    script = CHILD_PRELUDE + textwrap.dedent(body) + '\nprint("PASS")\n'
    child_env = dict(os.environ)
    child_env.update(env or {})
    p = subprocess.Popen([sys.executable, '-c', script],
                         env=child_env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    t0 = time.time()
    while p.poll() is None and time.time() - t0 < deadline:
        time.sleep(0.05)
    hung = p.poll() is None
    if hung:
        p.kill()
        p.wait()
    out = p.stdout.read().decode('utf-8', 'replace')
    p.stdout.close()
    if hung:
        testcase.fail('scenario deadlocked (killed after %ss); is the GIL '
                      'held during a blocking call, or a flag ignored?\n%s'
                      % (deadline, out))
    testcase.assertEqual(p.returncode, 0, out)
    testcase.assertTrue(out.rstrip().endswith('PASS'), out)


def absent_constants():
    """Constants no header of the build host defines (the generator lists
    them in the table it writes); CPython spells some of them out by hand."""
    path = os.path.join(ROOT, 'pysocket', 'constants_table.h')
    with open(path) as f:
        for line in f:
            if line.startswith('/* Absent:'):
                return set(line[len('/* Absent:'):].replace('*/', '').split())
    return set()
