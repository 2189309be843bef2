"""Hostile-argument probe: arguments whose conversion runs Python code that
attacks the call converting them. Only Python exceptions or results may
come out, never a crash or a hang.

The cases are generated from a table: every call below names its argument
slots and their kinds; each kind has the conversion hooks that reach Python
code for it (KIND_HOOKS: __index__, __int__ where accepted, __float__,
__bool__, __iter__, __next__, __len__, __fspath__, __str__, __bytes__,
__buffer__ and __release_buffer__ on 3.12+, a file's fileno() and read()
for sendfile); each hook runs one ACTION the
first time it is called, then returns a valid value (__release_buffer__
runs it when the call lets the buffer go, after the system call):

    clear    empty every list the call is reading (the one holding the
             hostile object included)
    shrink   drop the last item of every such list
    resize   grow every bytearray of the case (a buffer to be written or
             read) by 64 KiB, reallocating it
    free     empty every bytearray (its storage is freed)
    release  release every memoryview of the case
    close    close the case's file objects (makefile) and sockets
    reopen   close them, then open pipes that take the descriptor numbers
             freed (a call must not act on the number it read before)
    call     start other calls on the same sockets and files (getsockopt,
             getsockname, setsockopt, a non-blocking send, a read on the
             file)
    raise    raise an exception
    gc       run the garbage collector

So a case is (call, argument, hook, action). Each runs in a child process,
many cases per child; a child that dies (signal, or exit without
finishing) has its unfinished cases re-run one per child, so a crash is
pinned on the case that crashes alone; one that stops reporting for
HANG_SECS is killed and its current case counted as hung. Children run
with PYTHONMALLOC=debug (3.6+), so a read of freed memory tends to crash
instead of passing unnoticed.

The same cases run with the built-in module (socket.py over _socket), for
the record: its crashes are counted and listed, not failures; so are the
cases where the two end differently (exception class or success, or the
number of times the hook ran). A call the built-in module lacks
(sendmmsg, recvmmsg) runs on gosocket alone.
The probe holds when gosocket has no crash and no hang.

Environment: GOSOCKET_HOSTILE_SIDES=gs (or ref) runs one side only;
GOSOCKET_HOSTILE_ONLY=SUBSTRING keeps the cases whose label contains it;
GOSOCKET_HOSTILE_VERBOSE=1 prints every case's outcome on both sides;
GOSOCKET_HOSTILE_DUMP=FILE writes them as JSON ({side: {case: outcome}}),
to compare one interpreter's gosocket with a newer built-in module.
Run directly, `python probe_hostile.py [--short]` prints the detail line;
`python probe_hostile.py --list` prints the table's cases.
"""

from __future__ import print_function

import array
import gc
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from common import load_gosocket  # noqa: E402

PY2 = sys.version_info[0] == 2
PYVER = sys.version_info[:2]
HANG_SECS = 12.0
SOCK_TIMEOUT = 2.0
BATCH = 150
SHORT_CASES = 800  # a fixed sample (same seed every run), both sides

ACTIONS = ['clear', 'shrink', 'resize', 'free', 'release', 'close', 'reopen',
           'call', 'raise', 'gc']


# ---- hooks ---------------------------------------------------------------

class HostileError(Exception):
    """What the 'raise' action raises."""


class Hostile(object):
    """Base of the hostile objects: fire() runs the case's action once."""

    def __init__(self, value, fire):
        self.value = value
        self.fire = fire

    def __repr__(self):
        return '<%s %r>' % (type(self).__name__, self.value)


class IndexHook(Hostile):
    def __index__(self):
        self.fire()
        return self.value

    if PY2:
        __int__ = __index__
        __long__ = __index__


class IntHook(Hostile):
    def __int__(self):
        self.fire()
        return self.value


class FloatHook(Hostile):
    def __float__(self):
        self.fire()
        return self.value


class BoolHook(Hostile):
    def __bool__(self):
        self.fire()
        return self.value

    __nonzero__ = __bool__


class IterHook(Hostile):
    def __iter__(self):
        self.fire()
        return iter(self.value)


class NextHook(Hostile):
    pos = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.pos == 0:
            self.fire()
        if self.pos >= len(self.value):
            raise StopIteration
        self.pos += 1
        return self.value[self.pos - 1]

    next = __next__


class LenHook(Hostile):
    def __len__(self):
        self.fire()
        return len(self.value)

    def __getitem__(self, i):
        return self.value[i]


class FspathHook(Hostile):
    def __fspath__(self):
        self.fire()
        return self.value


class StrHook(Hostile):
    def __str__(self):
        self.fire()
        return self.value


class BytesHook(Hostile):
    def __bytes__(self):
        self.fire()
        return _as_bytes(self.value)


class BufferHook(Hostile):
    def __buffer__(self, flags):
        self.fire()
        return memoryview(_as_bytes(self.value))


class FilenoHook(Hostile):
    """A file (for sendfile) whose fileno() runs the action."""

    @property
    def mode(self):
        return self.value.mode

    def fileno(self):
        self.fire()
        return self.value.fileno()

    def seek(self, *args):
        return self.value.seek(*args)

    def read(self, *args):
        return self.value.read(*args)


class ReadHook(FilenoHook):
    """A file without fileno() (so sendfile falls back to send) whose
    read() runs the action."""

    fileno = property()  # AttributeError: sendfile gives up on os.sendfile

    def read(self, *args):
        self.fire()
        return self.value.read(*args)


class ReleaseHook(Hostile):
    """A buffer whose release runs the action: the call is releasing the
    buffers it held, after the system call."""

    def __buffer__(self, flags):
        self.view = memoryview(_as_bytes(self.value))
        return self.view

    def __release_buffer__(self, view):
        self.fire()


def _as_bytes(v):
    return v.encode() if isinstance(v, type(u'')) else v


HOOKS = {
    'index': IndexHook, 'int': IntHook, 'float': FloatHook, 'bool': BoolHook,
    'iter': IterHook, 'next': NextHook, 'len': LenHook, 'fspath': FspathHook,
    'str': StrHook, 'bytes': BytesHook, 'buffer': BufferHook,
    'release_buffer': ReleaseHook, 'fileno': FilenoHook, 'read': ReadHook,
}

_BUF = ['buffer', 'release_buffer'] if PYVER >= (3, 12) else []
# KIND_HOOKS: the hooks through which an argument of each kind is
# converted by the interpreter (int: __int__ only where "i" still takes it,
# before 3.10).
KIND_HOOKS = {
    'int': ['index'] + (['int'] if PYVER < (3, 10) and not PY2 else []),
    'float': ['float', 'index'],
    'bool': ['bool'],
    'seq': ['iter', 'next', 'len'],
    'rbuf': _BUF,
    'wbuf': _BUF,
    'path': ['fspath'] + _BUF,
    'text': ['str', 'bytes'],
    'file': ['fileno', 'read'],
}


# ---- the case's world ----------------------------------------------------

class Ctx(object):
    """What one case made: sockets, files, lists, buffers and views the
    actions attack; all closed at the end of the case."""

    def __init__(self, M, tmpdir):
        self.M = M
        self.tmpdir = tmpdir
        self.socks = []
        self.files = []
        self.lists = []
        self.bufs = []
        self.views = []
        self.fds = []
        self.npath = 0

    # sockets
    def sock(self, *args):
        s = self.M.socket(*args)
        self.socks.append(s)
        s.settimeout(SOCK_TIMEOUT)
        return s

    def stream(self, fill=True):
        """A connected AF_UNIX stream pair; the first has lines to read."""
        a, b = self.M.socketpair()
        for s in (a, b):
            self.socks.append(s)
            s.settimeout(SOCK_TIMEOUT)
        if fill:
            b.sendall(b'line of text\n' * 400)
        return a, b

    def udp(self, fill=True):
        """Two bound UDP sockets on 127.0.0.1; the first has datagrams."""
        a = self.sock(self.M.AF_INET, self.M.SOCK_DGRAM)
        b = self.sock(self.M.AF_INET, self.M.SOCK_DGRAM)
        a.bind(('127.0.0.1', 0))
        b.bind(('127.0.0.1', 0))
        if fill:
            for _ in range(4):
                b.sendto(b'datagram', a.getsockname())
        return a, b

    def listener(self):
        l = self.sock(self.M.AF_INET, self.M.SOCK_STREAM)
        l.bind(('127.0.0.1', 0))
        l.listen(8)
        return l

    def path(self):
        self.npath += 1
        return os.path.join(self.tmpdir, 's%d' % self.npath)

    def pipe_fd(self):
        r, w = os.pipe()
        self.fds += [r, w]
        return r

    def dup(self, s):
        fd = os.dup(s.fileno())
        self.fds.append(fd)
        return fd

    def file(self, sock, *args, **kw):
        f = sock.makefile(*args, **kw)
        self.files.append(f)
        return f

    # containers and buffers
    def lst(self, items):
        items = list(items)
        self.lists.append(items)
        return items

    def rbuf(self, data):
        b = bytearray(data)
        self.bufs.append(b)
        return b

    def view(self, data):
        b = self.rbuf(data)
        v = memoryview(b)
        self.views.append(v)
        return v

    def wbuf(self, n):
        return self.view(b'\0' * n)

    # the end of the case
    def close(self):
        for v in self.views:
            try:
                v.release()
            except (AttributeError, ValueError, BufferError):
                pass
        for f in self.files:
            try:
                f.close()
            except Exception:
                pass
        for s in self.socks:
            try:
                s.close()
            except Exception:
                pass
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass


def _quiet(fn, *args):
    try:
        fn(*args)
    except Exception:
        pass


def act(ctx, action):
    """Run one action against the case's world."""
    M = ctx.M
    if action == 'clear':
        for l in ctx.lists:
            del l[:]
    elif action == 'shrink':
        for l in ctx.lists:
            del l[-1:]
    elif action == 'resize':
        for b in ctx.bufs:
            _quiet(b.extend, b'\0' * (1 << 16))
    elif action == 'free':
        for b in ctx.bufs:
            _quiet(b.__delitem__, slice(None))
    elif action == 'release':
        for v in ctx.views:
            _quiet(v.release)
    elif action == 'close':
        for f in ctx.files:
            _quiet(f.close)
        for s in ctx.socks:
            _quiet(s.close)
    elif action == 'reopen':
        n = len(ctx.socks)
        for f in ctx.files:
            _quiet(f.close)
        for s in ctx.socks:
            _quiet(s.close)
        for _ in range(n):
            ctx.fds.extend(os.pipe())
    elif action == 'call':
        for s in ctx.socks:
            _quiet(s.getsockopt, M.SOL_SOCKET, M.SO_TYPE)
            _quiet(s.getsockname)
            _quiet(s.setsockopt, M.SOL_SOCKET, M.SO_SNDBUF, 65536)
            _quiet(s.send, b'!', M.MSG_DONTWAIT)
        for f in ctx.files:
            _quiet(getattr(f, 'read', None) or (lambda n: None), 1)
    elif action == 'raise':
        raise HostileError('hostile hook')
    elif action == 'gc':
        gc.collect()
    else:
        raise ValueError(action)


# ---- the table -------------------------------------------------------------

CALLS = []  # (name, function(ctx, M, w), {slot: kind}, condition(M) or None)


def call(call_name, needs=None, **slots):
    def deco(fn):
        CALLS.append((call_name, fn, slots, needs))
        return fn
    return deco


def has(obj_name, attr):
    def cond(M):
        if obj_name == 'module':
            return hasattr(M, attr)
        return hasattr(M.socket, attr)
    return cond


def py3(M):
    return not PY2


@call('sendmsg', needs=has('socket', 'sendmsg'), parts='seq', part='rbuf', last_part='rbuf',
      anc='seq', level='int', type='int', data='rbuf', last_data='rbuf', flags='int')
def _sendmsg(ctx, M, w):
    a, b = ctx.stream(fill=False)
    fd = ctx.pipe_fd()
    parts = ctx.lst([w('part', ctx.view(b'hello')), ctx.rbuf(b'world'), w('last_part', ctx.rbuf(b'!'))])
    anc = ctx.lst([(w('level', M.SOL_SOCKET), w('type', M.SCM_RIGHTS),
                    w('data', ctx.rbuf(array.array('i', [fd, fd]).tobytes()))),
                   (M.SOL_SOCKET, M.SCM_RIGHTS, w('last_data', ctx.view(array.array('i', [fd]).tobytes())))])
    return a.sendmsg(w('parts', parts), w('anc', anc), w('flags', 0))


@call('sendmsg-to', needs=has('socket', 'sendmsg'), parts='seq', part='rbuf',
      port='int', flags='int')
def _sendmsg_to(ctx, M, w):
    a, b = ctx.udp(fill=False)
    parts = ctx.lst([w('part', ctx.rbuf(b'to')), ctx.view(b'you')])
    return a.sendmsg(w('parts', parts), [], w('flags', 0),
                     ('127.0.0.1', w('port', b.getsockname()[1])))


@call('recvmsg', needs=has('socket', 'recvmsg'), bufsize='int', ancbufsize='int', flags='int')
def _recvmsg(ctx, M, w):
    a, b = ctx.stream()
    return a.recvmsg(w('bufsize', 100), w('ancbufsize', 64), w('flags', 0))


@call('recvmsg_into', needs=has('socket', 'recvmsg_into'), bufs='seq', buf='wbuf', last_buf='wbuf',
      ancbufsize='int', flags='int')
def _recvmsg_into(ctx, M, w):
    a, b = ctx.stream()
    bufs = ctx.lst([w('buf', ctx.wbuf(10)), ctx.wbuf(20), ctx.rbuf(b'\0' * 30), w('last_buf', ctx.wbuf(5))])
    return a.recvmsg_into(w('bufs', bufs), w('ancbufsize', 64), w('flags', 0))


@call('sendmmsg', needs=has('socket', 'sendmmsg'), msgs='seq', data='rbuf', last_data='rbuf', port='int',
      flags='int')
def _sendmmsg(ctx, M, w):
    a, b = ctx.udp(fill=False)
    port = b.getsockname()[1]
    msgs = ctx.lst([(w('data', ctx.view(b'one')), ('127.0.0.1', w('port', port))),
                    (ctx.rbuf(b'two'), ('127.0.0.1', port)), (w('last_data', ctx.view(b'three')), ('127.0.0.1', port))])
    return a.sendmmsg(w('msgs', msgs), w('flags', 0))


@call('recvmmsg', needs=has('socket', 'recvmmsg'), count='int', bufsize='int', flags='int')
def _recvmmsg(ctx, M, w):
    a, b = ctx.udp()
    return a.recvmmsg(w('count', 3), w('bufsize', 100), w('flags', 0))


@call('sendto', data='rbuf', flags='int', port='int', host='text')
def _sendto(ctx, M, w):
    a, b = ctx.udp(fill=False)
    return a.sendto(w('data', ctx.view(b'payload')), w('flags', 0),
                    (w('host', '127.0.0.1'), w('port', b.getsockname()[1])))


@call('sendto-unix', data='rbuf', path='path')
def _sendto_unix(ctx, M, w):
    r = ctx.sock(M.AF_UNIX, M.SOCK_DGRAM)
    p = ctx.path()
    r.bind(p)
    a = ctx.sock(M.AF_UNIX, M.SOCK_DGRAM)
    return a.sendto(w('data', ctx.rbuf(b'payload')), w('path', p))


@call('connect', port='int', host='text')
def _connect(ctx, M, w):
    l = ctx.listener()
    s = ctx.sock(M.AF_INET, M.SOCK_STREAM)
    return s.connect((w('host', '127.0.0.1'), w('port', l.getsockname()[1])))


@call('connect_ex', port='int')
def _connect_ex(ctx, M, w):
    l = ctx.listener()
    s = ctx.sock(M.AF_INET, M.SOCK_STREAM)
    return s.connect_ex(('127.0.0.1', w('port', l.getsockname()[1])))


@call('connect-inet6', port='int', flowinfo='int', scope='int')
def _connect6(ctx, M, w):
    s = ctx.sock(M.AF_INET6, M.SOCK_DGRAM)
    return s.connect(('::1', w('port', 9), w('flowinfo', 0), w('scope', 0)))


@call('bind', port='int')
def _bind(ctx, M, w):
    s = ctx.sock(M.AF_INET, M.SOCK_DGRAM)
    return s.bind(('127.0.0.1', w('port', 0)))


@call('bind-unix', path='path')
def _bind_unix(ctx, M, w):
    s = ctx.sock(M.AF_UNIX, M.SOCK_STREAM)
    p = ctx.path()
    return s.bind(w('path', p))


@call('setsockopt-int', level='int', opt='int', value='int')
def _setsockopt_int(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.setsockopt(w('level', M.SOL_SOCKET), w('opt', M.SO_RCVBUF), w('value', 8192))


@call('setsockopt-bytes', value='rbuf')
def _setsockopt_bytes(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.setsockopt(M.SOL_SOCKET, M.SO_LINGER, w('value', ctx.view(b'\0' * 8)))


@call('setsockopt-none', needs=lambda M: PYVER >= (3, 6), optlen='int')
def _setsockopt_none(ctx, M, w):
    s = ctx.sock(M.AF_INET, M.SOCK_STREAM)
    return s.setsockopt(M.SOL_SOCKET, M.SO_RCVBUF, None, w('optlen', 0))


@call('getsockopt', level='int', opt='int', buflen='int')
def _getsockopt(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.getsockopt(w('level', M.SOL_SOCKET), w('opt', M.SO_LINGER), w('buflen', 8))


@call('recv', bufsize='int', flags='int')
def _recv(ctx, M, w):
    a, b = ctx.stream()
    return a.recv(w('bufsize', 100), w('flags', 0))


@call('recv_into', buf='wbuf', nbytes='int', flags='int')
def _recv_into(ctx, M, w):
    a, b = ctx.stream()
    return a.recv_into(w('buf', ctx.wbuf(100)), w('nbytes', 50), w('flags', 0))


@call('recv_into-bytearray', nbytes='int', flags='int')
def _recv_into_ba(ctx, M, w):
    a, b = ctx.stream()
    return a.recv_into(ctx.rbuf(b'\0' * 100), w('nbytes', 100), w('flags', 0))


@call('recvfrom', bufsize='int', flags='int')
def _recvfrom(ctx, M, w):
    a, b = ctx.udp()
    return a.recvfrom(w('bufsize', 100), w('flags', 0))


@call('recvfrom_into', buf='wbuf', nbytes='int', flags='int')
def _recvfrom_into(ctx, M, w):
    a, b = ctx.udp()
    return a.recvfrom_into(w('buf', ctx.wbuf(100)), w('nbytes', 50), w('flags', 0))


@call('recvfrom_into-bytearray', nbytes='int', flags='int')
def _recvfrom_into_ba(ctx, M, w):
    a, b = ctx.udp()
    return a.recvfrom_into(ctx.rbuf(b'\0' * 100), w('nbytes', 100), w('flags', 0))


@call('send', data='rbuf', flags='int')
def _send(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.send(w('data', ctx.view(b'x' * 1000)), w('flags', 0))


@call('send-bytearray', flags='int')
def _send_ba(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.send(ctx.rbuf(b'x' * 1000), w('flags', 0))


@call('sendall', data='rbuf', flags='int')
def _sendall(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.sendall(w('data', ctx.rbuf(b'x' * 5000)), w('flags', 0))


@call('sendall-bytearray', flags='int')
def _sendall_ba(ctx, M, w):
    a, b = ctx.stream(fill=False)
    return a.sendall(ctx.rbuf(b'y' * 5000), w('flags', 0))


@call('settimeout', value='float')
def _settimeout(ctx, M, w):
    a, b = ctx.stream()
    a.settimeout(w('value', 0.5))
    return a.recv(10)


@call('setblocking', flag='bool')
def _setblocking(ctx, M, w):
    a, b = ctx.stream()
    a.setblocking(w('flag', True))
    return a.recv(10)


@call('setdefaulttimeout', value='float')
def _setdefaulttimeout(ctx, M, w):
    try:
        M.setdefaulttimeout(w('value', 1.5))
        return M.getdefaulttimeout()
    finally:
        M.setdefaulttimeout(None)


@call('listen', backlog='int')
def _listen(ctx, M, w):
    s = ctx.sock(M.AF_INET, M.SOCK_STREAM)
    s.bind(('127.0.0.1', 0))
    return s.listen(w('backlog', 5))


@call('shutdown', how='int')
def _shutdown(ctx, M, w):
    a, b = ctx.stream()
    return a.shutdown(w('how', M.SHUT_WR))


@call('socket', family='int', type='int', proto='int')
def _socket(ctx, M, w):
    ctx.stream()  # sockets for close/call to attack
    s = M.socket(w('family', M.AF_INET), w('type', M.SOCK_STREAM), w('proto', 0))
    ctx.socks.append(s)
    return s.getsockname()


@call('socket-fileno', needs=lambda M: PYVER >= (3, 7), fileno='int')
def _socket_fileno(ctx, M, w):
    a, b = ctx.stream()
    fd = os.dup(a.fileno())
    try:
        s = M.socket(fileno=w('fileno', fd))
    except BaseException:
        os.close(fd)
        raise
    ctx.socks.append(s)
    return s.family


@call('fromfd', fd='int', family='int', type='int', proto='int')
def _fromfd(ctx, M, w):
    a, b = ctx.stream()
    s = M.fromfd(w('fd', a.fileno()), w('family', M.AF_UNIX), w('type', M.SOCK_STREAM), w('proto', 0))
    ctx.socks.append(s)
    return s.recv(5)


@call('getaddrinfo', host='text', family='int', type='int', proto='int', flags='int', port='text')
def _getaddrinfo(ctx, M, w):
    ctx.stream(fill=False)
    return M.getaddrinfo(w('host', '127.0.0.1'), w('port', '80'), w('family', M.AF_INET),
                         w('type', M.SOCK_STREAM), w('proto', 0), w('flags', M.AI_NUMERICHOST))


@call('getnameinfo', port='int', flags='int', host='text')
def _getnameinfo(ctx, M, w):
    ctx.stream(fill=False)
    return M.getnameinfo((w('host', '127.0.0.1'), w('port', 80)),
                         w('flags', M.NI_NUMERICHOST | M.NI_NUMERICSERV))


@call('CMSG_SPACE', needs=has('module', 'CMSG_SPACE'), n='int')
def _cmsg_space(ctx, M, w):
    ctx.stream(fill=False)
    return M.CMSG_SPACE(w('n', 8))


@call('if_indextoname', needs=has('module', 'if_indextoname'), index='int')
def _if_indextoname(ctx, M, w):
    ctx.stream(fill=False)
    return M.if_indextoname(w('index', 1))


@call('send_fds', needs=has('module', 'send_fds'), bufs='seq', buf='rbuf', fds='seq',
      fd='int', flags='int')
def _send_fds(ctx, M, w):
    a, b = ctx.stream(fill=False)
    fd = ctx.pipe_fd()
    bufs = ctx.lst([w('buf', ctx.view(b'fds')), ctx.rbuf(b'!')])
    fds = ctx.lst([w('fd', fd), fd])
    return M.send_fds(a, w('bufs', bufs), w('fds', fds), w('flags', 0))


@call('recv_fds', needs=has('module', 'recv_fds'), bufsize='int', maxfds='int', flags='int')
def _recv_fds(ctx, M, w):
    a, b = ctx.stream(fill=False)
    fd = ctx.pipe_fd()
    b.sendmsg([b'x'], [(M.SOL_SOCKET, M.SCM_RIGHTS, array.array('i', [fd]).tobytes())])
    data, fds, flags, addr = M.recv_fds(a, w('bufsize', 10), w('maxfds', 2), w('flags', 0))
    ctx.fds.extend(fds)
    return data, len(fds)


@call('sendfile', needs=has('socket', 'sendfile'), file='file', offset='int', count='int')
def _sendfile(ctx, M, w):
    a, b = ctx.stream(fill=False)
    p = ctx.path()
    with open(p, 'wb') as f:
        f.write(b'file data ' * 10)
    f = open(p, 'rb')
    ctx.files.append(f)
    return a.sendfile(w('file', f), w('offset', 2), w('count', 20))


@call('create_connection', address='seq', port='int', timeout='float')
def _create_connection(ctx, M, w):
    l = ctx.listener()
    addr = ctx.lst(['127.0.0.1', w('port', l.getsockname()[1])])
    s = M.create_connection(w('address', addr), w('timeout', 2.0))
    ctx.socks.append(s)
    return s.getpeername()


@call('create_server', needs=has('module', 'create_server'), port='int', backlog='int',
      reuse_port='bool', family='int')
def _create_server(ctx, M, w):
    ctx.stream(fill=False)
    s = M.create_server(('127.0.0.1', w('port', 0)), family=w('family', M.AF_INET),
                        backlog=w('backlog', 5), reuse_port=w('reuse_port', False))
    ctx.socks.append(s)
    return s.family


@call('create_server-inet6', needs=has('module', 'create_server'), dualstack='bool', reuse_port='bool')
def _create_server6(ctx, M, w):
    ctx.stream(fill=False)
    s = M.create_server(('::1', 0), family=M.AF_INET6, reuse_port=w('reuse_port', True),
                        dualstack_ipv6=w('dualstack', True))
    ctx.socks.append(s)
    return s.getsockopt(M.IPPROTO_IPV6, M.IPV6_V6ONLY)


@call('socketpair', family='int', type='int', proto='int')
def _socketpair(ctx, M, w):
    ctx.stream(fill=False)
    a, b = M.socketpair(w('family', M.AF_UNIX), w('type', M.SOCK_STREAM), w('proto', 0))
    ctx.socks += [a, b]
    return a.family


@call('set_inheritable', needs=has('socket', 'set_inheritable'), flag='bool')
def _set_inheritable(ctx, M, w):
    a, b = ctx.stream(fill=False)
    a.set_inheritable(w('flag', True))
    return a.get_inheritable()


@call('inet_ntop', af='int', packed='rbuf')
def _inet_ntop(ctx, M, w):
    ctx.stream(fill=False)
    return M.inet_ntop(w('af', M.AF_INET6), w('packed', ctx.view(b'\0' * 15 + b'\1')))


@call('inet_ntoa', packed='rbuf')
def _inet_ntoa(ctx, M, w):
    ctx.stream(fill=False)
    return M.inet_ntoa(w('packed', ctx.rbuf(b'\x7f\0\0\1')))


@call('inet_pton', af='int', text='text')
def _inet_pton(ctx, M, w):
    ctx.stream(fill=False)
    return M.inet_pton(w('af', M.AF_INET), w('text', '127.0.0.1'))


@call('htons', n='int')
def _htons(ctx, M, w):
    ctx.stream(fill=False)
    return M.htons(w('n', 80)), M.ntohl(w('n', 80))


@call('if_nametoindex', needs=has('module', 'if_nametoindex'), name='path')
def _if_nametoindex(ctx, M, w):
    ctx.stream(fill=False)
    return M.if_nametoindex(w('name', 'lo'))


@call('gethostbyname', name='text')
def _gethostbyname(ctx, M, w):
    ctx.stream(fill=False)
    return M.gethostbyname(w('name', '127.0.0.1'))


@call('gethostbyaddr', name='text')
def _gethostbyaddr(ctx, M, w):
    ctx.stream(fill=False)
    return M.gethostbyaddr(w('name', '127.0.0.1'))[2]


@call('makefile', buffering='int', mode='text')
def _makefile(ctx, M, w):
    a, b = ctx.stream()
    f = ctx.file(a, w('mode', 'rb'), w('buffering', 100))
    return f.read(5)


def _file(ctx, M, mode, buffering=None):
    a, b = ctx.stream()
    if buffering is None:
        return ctx.file(a, mode)
    return ctx.file(a, mode, buffering)


@call('file.read', n='int')
def _file_read(ctx, M, w):
    return _file(ctx, M, 'rb').read(w('n', 20))


@call('file.read-raw', needs=py3, n='int')
def _file_read_raw(ctx, M, w):
    return _file(ctx, M, 'rb', 0).read(w('n', 20))


@call('file.readinto', buf='wbuf')
def _file_readinto(ctx, M, w):
    return _file(ctx, M, 'rb').readinto(w('buf', ctx.wbuf(20)))


@call('file.readinto-raw', needs=py3, buf='wbuf')
def _file_readinto_raw(ctx, M, w):
    return _file(ctx, M, 'rb', 0).readinto(w('buf', ctx.wbuf(20)))


@call('file.readinto-raw-bytearray', needs=py3)
def _file_readinto_raw_ba(ctx, M, w):
    return _file(ctx, M, 'rb', 0).readinto(ctx.rbuf(b'\0' * 20))


@call('file.readline', limit='int')
def _file_readline(ctx, M, w):
    return _file(ctx, M, 'rb').readline(w('limit', 5))


@call('file.readline-text', needs=py3, limit='int')
def _file_readline_text(ctx, M, w):
    return _file(ctx, M, 'r').readline(w('limit', 5))


@call('file.readlines', hint='int')
def _file_readlines(ctx, M, w):
    return len(_file(ctx, M, 'rb').readlines(w('hint', 30)))


@call('file.write', data='rbuf')
def _file_write(ctx, M, w):
    f = _file(ctx, M, 'wb')
    n = f.write(w('data', ctx.view(b'written')))
    f.flush()
    return n


@call('file.write-raw', needs=py3, data='rbuf')
def _file_write_raw(ctx, M, w):
    return _file(ctx, M, 'wb', 0).write(w('data', ctx.rbuf(b'written')))


@call('file.writelines', lines='seq', line='rbuf')
def _file_writelines(ctx, M, w):
    f = _file(ctx, M, 'wb')
    f.writelines(w('lines', ctx.lst([w('line', ctx.view(b'a\n')), b'b\n'])))
    f.flush()


def cases():
    """Every (call, slot, hook, action) of the table for this interpreter,
    in table order."""
    out = []
    for name, fn, slots, needs in CALLS:
        for slot in sorted(slots):
            for hook in KIND_HOOKS[slots[slot]]:
                for action in ACTIONS:
                    out.append((name, slot, hook, action))
    return out


def label(case):
    return '%s(%s) %s/%s' % case


# ---- the child: run cases ---------------------------------------------------

def run_case(M, case, tmpdir):
    """Run one case; return its outcome: 'ok', 'absent' or the exception
    class name, then a slash and how many times the hook ran."""
    name, slot, hook, action = case
    entry = [c for c in CALLS if c[0] == name][0]
    fn, needs = entry[1], entry[3]
    if needs is not None and not needs(M):
        return 'absent'
    ctx = Ctx(M, tmpdir)
    state = {'fired': False, 'calls': 0}

    def fire():
        state['calls'] += 1
        if state['fired']:
            return
        state['fired'] = True
        if action == 'raise':
            raise HostileError('hostile hook')
        act(ctx, action)

    def w(s, value):
        if s != slot:
            return value
        return HOOKS[hook](value, fire)

    try:
        fn(ctx, M, w)
        outcome = 'ok'
    except Exception as e:
        outcome = type(e).__name__
    finally:
        ctx.close()
    return '%s/%d' % (outcome, state['calls'])


def child(side, ids):
    import warnings
    warnings.simplefilter('ignore')
    if side == 'gs':
        M = load_gosocket()
    else:
        import socket as M
    all_cases = cases()
    # the parent's directory, so what a crashed child leaves is removed too
    tmpdir = tempfile.mkdtemp(prefix='child-', dir=os.environ.get('GOSOCKET_HOSTILE_TMP'))
    try:
        for i in ids:
            t0 = time.time()
            out = run_case(M, all_cases[i], tmpdir)
            sys.stdout.write('%d %s %.3f\n' % (i, out, time.time() - t0))
            sys.stdout.flush()
            if i % 20 == 0:
                gc.collect()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    gc.collect()
    sys.stdout.write('done\n')
    sys.stdout.flush()
    return 0


# ---- the parent: batches of cases in children -------------------------------

def spawn(side, ids):
    env = dict(os.environ)
    if PYVER >= (3, 6):
        env['PYTHONMALLOC'] = 'debug'
    env['PYTHONUNBUFFERED'] = '1'
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), '--child', side],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(os.devnull, 'w'),
                         env=env, close_fds=True)
    p.stdin.write((' '.join(str(i) for i in ids) + '\n').encode())
    p.stdin.close()
    return p


SLOW = []  # (side, id, seconds) of the cases that took over a second


def run_batch(side, ids):
    """Run ids in one child; return ({id: outcome}, status) where status is
    'done', 'died' or 'hung'; the ids without an outcome were not finished
    (the first of them was running when the child died or hung)."""
    p = spawn(side, ids)
    got = {}
    buf = b''
    last = time.time()
    status = None
    fd = p.stdout.fileno()
    while status is None:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                p.wait()
                status = 'died'
                break
            buf += chunk
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                line = line.decode()
                if line == 'done':
                    status = 'done'
                    break
                i, out, secs = line.split(' ')
                got[int(i)] = out
                if float(secs) > 1.0:
                    SLOW.append((side, int(i), float(secs)))
                last = time.time()
        elif time.time() - last > HANG_SECS:
            status = 'hung'
    if p.poll() is None:
        if status != 'done':
            p.kill()
        p.wait()
    if status == 'done' and p.returncode != 0:
        status = 'died'
    p.stdout.close()
    return got, status


def run_alone(side, i):
    """The outcome of case i alone in a child: a child that dies after
    reporting (at exit, in the garbage collector) crashed too."""
    g, st = run_batch(side, [i])
    if st == 'hung':
        return 'HANG'
    if st == 'died':
        return 'CRASH'
    return g[i]


def run_side(side, ids):
    """{id: outcome} for every id, outcome 'CRASH' or 'HANG' included."""
    results = {}
    todo = list(ids)
    while todo:
        batch, todo = todo[:BATCH], todo[BATCH:]
        while batch:
            got, status = run_batch(side, batch)
            results.update(got)
            rest = [i for i in batch if i not in got]
            if status == 'done' or not rest:
                break
            if status == 'hung':
                results[rest[0]] = 'HANG'
                batch = rest[1:]
                continue
            # died: the case that was running, alone in a child; if it
            # does not crash alone, every case of the batch alone (a crash
            # can come late, from a case that ran before), and if none does,
            # the running case is charged with the batch's crash
            first = rest[0]
            results[first] = run_alone(side, first)
            if results[first] not in ('CRASH', 'HANG'):
                done = [i for i in batch if i in got]
                for i in done:
                    results[i] = run_alone(side, i)
                if all(results[i] not in ('CRASH', 'HANG') for i in done):
                    results[first] = 'CRASH'
            batch = rest[1:]
    return results


def select_ids(short):
    all_cases = cases()
    ids = list(range(len(all_cases)))
    only = os.environ.get('GOSOCKET_HOSTILE_ONLY')
    if only:
        ids = [i for i in ids if only in label(all_cases[i])]
    if short and len(ids) > SHORT_CASES:
        ids = sorted(random.Random(18).sample(ids, SHORT_CASES))
    return all_cases, ids


def hostile(short):
    sides = [s for s in ('gs', 'ref') if s in os.environ.get('GOSOCKET_HOSTILE_SIDES', 'gs,ref')]
    if 'gs' in sides:
        load_gosocket()  # the build must be there
    all_cases, ids = select_ids(short)
    t0 = time.time()
    res = {}
    tmp = tempfile.mkdtemp(prefix='gs-hostile-')
    os.environ['GOSOCKET_HOSTILE_TMP'] = tmp
    try:
        for side in sides:
            res[side] = run_side(side, ids)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    verbose = os.environ.get('GOSOCKET_HOSTILE_VERBOSE') not in (None, '', '0')
    bad = {'gs': [], 'ref': []}
    differ = []
    absent = 0
    for i in ids:
        outs = dict((s, res[s][i]) for s in sides)
        if verbose:
            print('%-50s %s' % (label(all_cases[i]), '  '.join('%s=%s' % kv for kv in sorted(outs.items()))))
        if outs.get('gs') == 'absent':
            absent += 1
        for s in sides:
            if outs[s] in ('CRASH', 'HANG'):
                bad[s].append((i, outs[s]))
        if len(sides) == 2 and 'absent' not in outs.values() and outs['gs'] != outs['ref'] \
                and outs['ref'] not in ('CRASH', 'HANG'):
            differ.append(i)
    run = len(ids) - absent
    dump = os.environ.get('GOSOCKET_HOSTILE_DUMP')
    if dump:
        import json
        with open(dump, 'w') as f:
            json.dump(dict((s, dict((label(all_cases[i]), res[s][i]) for i in ids)) for s in sides), f,
                      indent=0, sort_keys=True)
    for s in sides:
        for i, what in bad[s]:
            print('%s %s: %s' % ('gosocket' if s == 'gs' else 'built-in', what, label(all_cases[i])))
    for i in differ[:40]:
        print('differs: %s gosocket=%s built-in=%s' % (label(all_cases[i]), res['gs'][i], res['ref'][i]))
    if len(differ) > 40:
        print('differs: ... %d more' % (len(differ) - 40))
    for side, i, secs in sorted(SLOW, key=lambda x: -x[2])[:10]:
        print('slow (%s): %s %.1fs' % (side, label(all_cases[i]), secs))

    def count(s, what):
        return sum(1 for _, x in bad.get(s, []) if x == what)
    detail = '%d cases of %d (%d calls) in %.0fs' % (run, len(all_cases), len(CALLS), time.time() - t0)
    if 'gs' in sides:
        detail += '; gosocket %d crashed, %d hung' % (count('gs', 'CRASH'), count('gs', 'HANG'))
    if 'ref' in sides:
        detail += '; built-in %d crashed, %d hung' % (count('ref', 'CRASH'), count('ref', 'HANG'))
    if len(sides) == 2:
        detail += ', %d end differently' % len(differ)
    if bad['gs']:
        raise AssertionError(detail)
    return detail


PROBES = [
    {'name': 'hostile_arguments', 'func': hostile, 'timeout': 1500,
     'short_timeout': 90},
]


if __name__ == '__main__':
    if '--child' in sys.argv:
        ids = [int(x) for x in sys.stdin.readline().split()]
        sys.exit(child(sys.argv[sys.argv.index('--child') + 1], ids))
    if '--list' in sys.argv:
        for c in cases():
            print(label(c))
        sys.exit(0)
    print(hostile('--short' in sys.argv))
