"""Bad-input probe: every public function and method of gosocket called with
random wrong arguments; only Python exceptions may come out, never a crash
or a hang.

Targets are found from dir(): the module's callables (exception classes
excepted), the socket's methods, and the methods of the objects makefile()
returns (3.x: the io module's buffered/text objects and gosocket's
SocketIO; 2.7: gosocket._fileobject).  Each call is made with arguments
drawn from a pool of wrong values (types, sizes, negative and huge numbers,
NUL bytes, non-ASCII text, surrogates, wrong tuple shapes, objects whose
__index__ raises), often as one or two mutations of a valid call so that
the code past argument parsing is reached too.  The same call is made on
the built-in module (socket.py over _socket) in the same state; where the
built-in raises a different exception class, or one raises and the other
does not, that is counted as a mismatch (reported, not a failure).

Everything the calls could do outside the probe is constrained:
descriptors given to close()/dup()/fromfd()/socket(fileno=) are ones this
probe created for that call; sethostname() only gets arguments that are
not names; sockets live in non-blocking mode (reset before every call) so
nothing blocks; hosts are loopback, and at most a bounded number of calls
may carry names that reach the resolver; AF_UNIX paths land in a private
temporary directory (the probe chdirs there).

Environment: GOSOCKET_FUZZ_SEED=N replays a run (the seed is printed and
is part of the detail), GOSOCKET_FUZZ_CALLS=N overrides the call count,
GOSOCKET_FUZZ_TRACE=1 prints every call to stderr before it is made (to
find the call that crashed or hung); =2 also collects garbage and checks
after every call that no socket of the probe lost its descriptor (to find
a descriptor closed twice).
"""

from __future__ import print_function

import array
import errno
import gc
import os
import random
import shutil
import socket as std
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from common import load_gosocket  # noqa: E402

PY2 = sys.version_info[0] == 2
if PY2:
    TEXT = unicode  # noqa: F821
    INTS = (int, long)  # noqa: F821
else:
    TEXT = str
    INTS = (int,)

FULL_CALLS = 100000
SHORT_CALLS = 10000

# Names of methods whose result is a descriptor the caller now owns.
RETURNS_FD = frozenset(['detach'])
# Module functions taking a descriptor the probe must own (first argument).
FD_FUNCS = frozenset(['close', 'dup', 'fromfd'])
# Module functions left out entirely: none; sethostname is constrained.
RESOLVER_FUNCS = frozenset([
    'getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr',
    'getnameinfo', 'getfqdn', 'create_connection', 'has_dualstack_ipv6'])
SOCK_DUNDERS = ['__repr__', '__enter__', '__exit__', '__getstate__',
                '__reduce_ex__', '__reduce__', '__init__']
FILE_DUNDERS = ['__repr__', '__iter__', '__next__', '__enter__', '__exit__',
                '__getstate__']
# Methods of the makefile objects that would block or loop forever on a
# stream that never ends (iteration reads lines until EOF: with a
# non-blocking socket it raises or returns, so they stay; nothing is
# excluded today, the set documents the choice).
FILE_SKIP = frozenset()


class BadIndex(object):
    """An object whose __index__/__int__ raise."""

    def __index__(self):
        raise ZeroDivisionError('__index__ of BadIndex')

    __int__ = __index__

    def __float__(self):
        raise ZeroDivisionError('__float__ of BadIndex')


class HugeIndex(object):
    def __index__(self):
        return 2 ** 80

    __int__ = __index__


class BadLen(object):
    def __len__(self):
        raise ZeroDivisionError('__len__ of BadLen')

    def __iter__(self):
        raise ZeroDivisionError('__iter__ of BadLen')


class StrSub(TEXT):
    pass


class IntSub(int):
    pass


class Placeholder(object):
    """A value resolved differently for gosocket and the built-in module."""
    def __init__(self, kind, arg=None):
        self.kind = kind
        self.arg = arg

    def __repr__(self):
        return '<%s %r>' % (self.kind, self.arg)


def _u(s):
    return s.decode('utf-8') if PY2 else s


SAFE_TEXT = [
    _u(''), _u('127.0.0.1'), _u('::1'), _u('localhost'), _u('0.0.0.0'),
    _u('a\x00b'), _u('\x00'), _u('x') * 300, _u('a.') * 200,
    _u('\xe9\xe9') if not PY2 else u'\xe9\xe9',
    u'\udcff' if not PY2 else u'\udcff',
    _u('1.2.3.4.5'), _u('999.1.1.1'), _u('::1::2'), _u('fe80::1%lo'),
    _u('http'), _u('tcp'), _u('udp'), _u('lo'), _u('r'), _u('w'), _u('rb'),
    _u('wb'), _u('rwb'), _u('rw'), _u('b'), _u('x'), _u('\u20ac'),
    _u('255.255.255.255'), _u('1.2.3'), _u('-1'), _u('65536'), _u('80'),
]
SAFE_BYTES = [
    b'', b'x', b'\x00', b'\x00' * 4, b'\x7f\x00\x00\x01', b'\x00' * 16,
    b'127.0.0.1', b'::1', b'\xff\xfe', b'a\x00b', b'x' * 300, b'xy' * 2048,
    b'\x00' * 65537, b'http', b'\xe9',
]
# Names that go to the resolver (counted against a budget).
DNS_TEXT = ['nonexistent.invalid', 'a.invalid', 'x', 'foo', 'localhost.',
            '\xe9.invalid', 'xn--zz.invalid', 'broadcasthost',
            'ip6-localhost']
INT_POOL = [0, 1, -1, 2, 3, 5, 7, 10, 17, 41, 255, 256, 1024, 4096, 65535,
            65536, 2 ** 16 + 1, 2 ** 31 - 1, 2 ** 31, -2 ** 31, -2 ** 31 - 1,
            2 ** 32 - 1, 2 ** 32, 2 ** 63 - 1, 2 ** 63, -2 ** 63,
            -2 ** 63 - 1, 2 ** 64, 2 ** 100, -2 ** 100, True, False]
FLOAT_POOL = [0.0, -0.0, 1e-9, 0.001, 0.5, -1.0, -1e-9, 1.5, 1e300,
              float('inf'), float('-inf'), float('nan'), 2.0 ** 63]


class Fuzzer(object):

    def __init__(self, gs, seed, ncalls, short):
        self.gs = gs
        self.rng = random.Random(seed)
        self.seed = seed
        self.ncalls = ncalls
        self.short = short
        self.trace = os.environ.get('GOSOCKET_FUZZ_TRACE', '') not in ('',
                                                                      '0')
        self.fdcheck = os.environ.get('GOSOCKET_FUZZ_TRACE') == '2'
        self.dns_budget = 60 if short else 1500
        self.calls = 0
        self.compared = 0
        self.mismatches = {}
        self.known = {}
        self.mismatch_examples = {}
        self.slowest = (0.0, '')
        self.raised = 0
        self.sacrificial = []
        self.consts = self._constants()
        self.tmpfile = None
        # GOSOCKET_FUZZ_SIDES=gs or =ref: call one module only (debugging).
        self.sides = [x for x in ('gs', 'ref') if x in os.environ.get(
            'GOSOCKET_FUZZ_SIDES', 'gs,ref')]

    # -- values ---------------------------------------------------------

    def _constants(self):
        gs = self.gs
        names = ['AF_INET', 'AF_INET6', 'AF_UNIX', 'AF_UNSPEC', 'AF_PACKET',
                 'AF_NETLINK', 'AF_CAN', 'AF_TIPC', 'AF_ALG', 'AF_VSOCK',
                 'AF_RDS', 'AF_BLUETOOTH', 'AF_QIPCRTR',
                 'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_SEQPACKET',
                 'SOCK_NONBLOCK', 'SOCK_CLOEXEC',
                 'SOL_SOCKET', 'SO_REUSEADDR', 'SO_RCVBUF', 'SO_SNDBUF',
                 'SO_LINGER', 'SO_ERROR', 'SO_TYPE', 'SO_KEEPALIVE',
                 'SO_BINDTODEVICE', 'SO_RCVTIMEO', 'SO_PEERCRED',
                 'SCM_RIGHTS', 'SCM_CREDENTIALS',
                 'IPPROTO_TCP', 'IPPROTO_IP', 'IPPROTO_IPV6', 'IPPROTO_UDP',
                 'TCP_NODELAY', 'TCP_MAXSEG', 'IP_TTL', 'IP_TOS',
                 'IPV6_V6ONLY', 'IP_MULTICAST_IF', 'IP_ADD_MEMBERSHIP',
                 'MSG_PEEK', 'MSG_DONTWAIT', 'MSG_WAITALL', 'MSG_OOB',
                 'MSG_TRUNC', 'MSG_CMSG_CLOEXEC',
                 'AI_PASSIVE', 'AI_CANONNAME', 'AI_NUMERICHOST',
                 'NI_NUMERICHOST', 'NI_NUMERICSERV', 'NI_NAMEREQD',
                 'SHUT_RD', 'SHUT_WR', 'SHUT_RDWR']
        return [getattr(gs, n) for n in names if hasattr(gs, n)]

    def text(self):
        r = self.rng
        k = r.random()
        if k < 0.6:
            return r.choice(SAFE_TEXT)
        if k < 0.7:
            return StrSub(r.choice(SAFE_TEXT))
        if k < 0.8 and self.dns_budget > 0:
            self.dns_budget -= 1
            s = r.choice(DNS_TEXT)
            return s.decode('latin-1') if PY2 else s
        if k < 0.9:
            n = r.choice([1, 2, 5, 16, 64, 255, 256])
            return _u('').join(
                TEXT(chr(r.randrange(0x20, 0x7f))) if not PY2 else
                unichr(r.choice([r.randrange(1, 0x80), 0xe9, 0x20ac]))  # noqa
                for _ in range(n)) + _u('\x00')  # NUL: never resolved
        return _u('127.0.0.%d') % r.randrange(0, 300)

    def data(self):
        r = self.rng
        k = r.random()
        if k < 0.45:
            return r.choice(SAFE_BYTES)
        if k < 0.6:
            return bytearray(r.choice(SAFE_BYTES))
        if k < 0.7:
            return memoryview(r.choice(SAFE_BYTES))
        if k < 0.75:
            if PY2:
                return memoryview(b'abcdefgh')[2:]
            return memoryview(b'abcdefgh')[::2]        # non-contiguous
        if k < 0.8:
            return array.array('i', [1, 2, 3])
        if k < 0.85:
            return bytearray(r.choice([0, 1, 16, 1024, 70000]))
        if k < 0.9:
            return memoryview(bytearray(64))[8:16]
        return bytes(bytearray(r.randrange(256)
                               for _ in range(r.randrange(0, 40))))

    def number(self):
        r = self.rng
        k = r.random()
        if k < 0.55:
            return r.choice(INT_POOL)
        if k < 0.7:
            return r.choice(self.consts) if self.consts else 0
        if k < 0.8:
            return r.choice(FLOAT_POOL)
        if k < 0.85:
            return IntSub(r.choice(INT_POOL[:20]))
        if k < 0.9:
            return r.choice([BadIndex(), HugeIndex()])
        return r.randrange(-70000, 70000)

    def port(self):
        r = self.rng
        k = r.random()
        if k < 0.5 and self.ports:
            return r.choice(self.ports)
        if k < 0.7:
            return r.randrange(1, 65536)
        if k < 0.8:
            return self.text()
        return self.number()

    def host(self):
        r = self.rng
        k = r.random()
        if k < 0.5:
            return r.choice(['127.0.0.1', '::1', '', 'localhost', '0.0.0.0'])
        if k < 0.6:
            return r.choice([b'127.0.0.1', b'::1'])
        if k < 0.9:
            return self.text()
        return self.value(depth=2)

    def address(self):
        r = self.rng
        k = r.random()
        if k < 0.35:
            return (self.host(), self.port())
        if k < 0.5:
            return (self.host(), self.port(), self.number(), self.number())
        if k < 0.6:
            return r.choice([(self.host(),), (), (self.host(), self.port(), 0),
                             (self.host(), self.port(), 0, 0, 0)])
        if k < 0.7:
            return [self.host(), self.port()]
        if k < 0.8:   # AF_UNIX: relative paths in the private cwd, abstract
            return r.choice(['u%d' % r.randrange(50), b'\x00gsfuzz%d' % 1
                             if PY2 else b'\x00gsfuzz',
                             '\x00gsfuzz%d' % r.randrange(5), '', b'',
                             'p' * 120, b'q' * 108])
        if k < 0.85:
            return (self.number(), self.number())  # netlink/other shapes
        return self.value(depth=2)

    def value(self, depth=0):
        r = self.rng
        k = r.random()
        if k < 0.22:
            return self.number()
        if k < 0.38:
            return self.text()
        if k < 0.52:
            return self.data()
        if k < 0.58:
            return None
        if k < 0.66 and depth < 2:
            return self.address()
        if k < 0.7 and depth < 2:
            return [self.value(depth + 1) for _ in range(r.randrange(0, 4))]
        if k < 0.73 and depth < 2:
            return tuple(self.value(depth + 1)
                         for _ in range(r.randrange(0, 4)))
        if k < 0.76:
            return r.choice([object(), {}, BadLen(), BadIndex(), HugeIndex(),
                             Ellipsis, type, len, 1j])
        if k < 0.82:
            return Placeholder('sock', r.randrange(len(self.slot_names)))
        if k < 0.85:
            return Placeholder('fd')
        if k < 0.88 and depth < 2:  # ancillary data shapes
            return [(self.number(), self.number(), self.data())]
        return self.number()

    # -- sockets under test ---------------------------------------------

    slot_names = ['tcp', 'tcp6', 'listen', 'conn_a', 'conn_b', 'udp',
                  'udp6', 'unix_a', 'unix_b', 'unixdg_a', 'unixdg_b',
                  'closed', 'raw_unix']

    def make_slot(self, M, name):
        """Create the socket(s) of slot `name` with module M (gs or std)."""
        if name == 'tcp':
            return M.socket(M.AF_INET, M.SOCK_STREAM)
        if name == 'tcp6':
            return M.socket(M.AF_INET6, M.SOCK_STREAM)
        if name == 'listen':
            s = M.socket(M.AF_INET, M.SOCK_STREAM)
            s.bind(('127.0.0.1', 0))
            s.listen(64)
            return s
        if name == 'udp':
            s = M.socket(M.AF_INET, M.SOCK_DGRAM)
            s.bind(('127.0.0.1', 0))
            return s
        if name == 'udp6':
            s = M.socket(M.AF_INET6, M.SOCK_DGRAM)
            try:
                s.bind(('::1', 0))
            except Exception:
                pass
            return s
        if name == 'closed':
            s = M.socket(M.AF_INET, M.SOCK_STREAM)
            s.close()
            return s
        if name == 'raw_unix':
            return M.socket(M.AF_UNIX, M.SOCK_SEQPACKET)
        raise KeyError(name)

    def make_pair(self, M, name):
        if name == 'conn':
            lsock = M.socket(M.AF_INET, M.SOCK_STREAM)
            try:
                lsock.bind(('127.0.0.1', 0))
                lsock.listen(1)
                a = M.socket(M.AF_INET, M.SOCK_STREAM)
                a.connect(lsock.getsockname())
                b, _ = lsock.accept()
            finally:
                lsock.close()
            return a, b
        if name in ('unix', 'unixdg'):
            pair = M.socketpair(M.AF_UNIX, M.SOCK_STREAM if name == 'unix'
                                else M.SOCK_DGRAM)
            if PY2 and M is std:
                # 2.7's socket.socketpair gives _socket objects; users see
                # socket.py's socket (makefile() a _fileobject).
                pair = tuple(std.socket(_sock=x) for x in pair)
            return pair
        raise KeyError(name)

    def renew(self, name):
        """(Re)create slot `name` (and its pair partner) on both sides."""
        base = name.split('_')[0]
        for side, M in (('gs', self.gs), ('ref', std)):
            pool = self.pools[side]
            if name.endswith('_a') or name.endswith('_b'):
                for n in (base + '_a', base + '_b'):
                    self.close_obj(pool.get(n))
                a, b = self.make_pair(M, base)
                if self.trace:
                    sys.stderr.write('renew %s %s: new %d %d\n' % (
                        side, base, a.fileno(), b.fileno()))
                pool[base + '_a'], pool[base + '_b'] = a, b
                if self.trace:
                    sys.stderr.write('renew %s %s: stored\n' % (side, base))
            else:
                self.close_obj(pool.get(name))
                pool[name] = self.make_slot(M, name)
        for n in (name, base + '_a', base + '_b'):
            for f in self.files.pop(n, ()):
                if self.trace:
                    sys.stderr.write('close file %s %r of %r\n' % (
                        n, f, getattr(f, '_sock', None)))
                self.close_obj(f)
        self.ports = []
        for n in ('listen', 'udp'):
            s = self.pools['gs'].get(n)
            try:
                self.ports.append(s.getsockname()[1])
            except Exception:
                pass

    def setup(self):
        self.pools = {'gs': {}, 'ref': {}}
        self.files = {}
        self.ports = []
        for n in self.slot_names:
            if n.endswith('_b'):
                continue
            self.renew(n)

    def teardown(self):
        for side in ('gs', 'ref'):
            for s in self.pools[side].values():
                self.close_obj(s)
        for pair in self.files.values():
            for f in pair:
                self.close_obj(f)
        for fd in self.sacrificial:
            self.close_fd(fd)

    def is_closed(self, s):
        try:
            return s.fileno() == -1
        except Exception:
            return True

    def reset_timeout(self, s, timeout):
        try:
            if not self.is_closed(s):
                s.settimeout(timeout)
        except Exception:
            pass

    # -- bookkeeping ----------------------------------------------------

    @staticmethod
    def close_fd(fd):
        try:
            os.close(fd)
        except OSError:
            pass

    def close_obj(self, o):
        if o is None:
            return
        try:
            o.close()
        except Exception:
            pass

    def owned(self, o):
        for pool in self.pools.values():
            for s in pool.values():
                if o is s:
                    return True
        for pair in self.files.values():
            for f in pair:
                if o is f:
                    return True
        return False

    def cleanup_result(self, name, v, depth=0):
        """Close sockets, files and descriptors a call handed back."""
        if depth > 3 or v is None:
            return
        if isinstance(v, (tuple, list)):
            if name in ('recvmsg', 'recvmsg_into', 'recv_fds'):
                self.close_received_fds(name, v)
            if name == '_accept' and len(v) == 2 and isinstance(v[0], INTS):
                self.close_fd(v[0])
            for x in v:
                self.cleanup_result(name, x, depth + 1)
            return
        if isinstance(v, INTS) and not isinstance(v, bool) and depth == 0:
            if name in RETURNS_FD or name == 'dup':
                if v > 2:
                    self.close_fd(v)
            return
        if hasattr(v, 'close') and hasattr(v, 'fileno') and \
                not self.owned(v):
            self.close_obj(v)

    def close_received_fds(self, name, v):
        if name == 'recv_fds' and len(v) >= 2 and isinstance(v[1], list):
            for fd in v[1]:
                if isinstance(fd, INTS):
                    self.close_fd(fd)
            return
        if len(v) >= 2 and isinstance(v[1], list):
            for item in v[1]:
                try:
                    level, kind, data = item
                except Exception:
                    continue
                if level == std.SOL_SOCKET and kind == getattr(
                        std, 'SCM_RIGHTS', -1):
                    a = array.array('i')
                    n = len(data) - len(data) % a.itemsize
                    if PY2:
                        a.fromstring(bytes(data[:n]))
                    else:
                        a.frombytes(bytes(data[:n]))
                    for fd in a:
                        self.close_fd(fd)

    def fresh_fd(self):
        """A descriptor this probe owns, for one call."""
        s = self.pools['gs'].get('udp')
        fd = os.dup(s.fileno()) if not self.is_closed(s) else os.open(
            os.devnull, os.O_RDONLY)
        self.sacrificial.append(fd)
        return fd

    def resolve(self, v, side, depth=0):
        """Replace placeholders in v for `side`."""
        if isinstance(v, Placeholder):
            if v.kind == 'sock':
                s = self.pools[side][self.slot_names[v.arg]]
                self.touched.add(self.slot_names[v.arg])
                self.reset_timeout(s, 0.0)
                return s
            if v.kind == 'fd':
                return self.fresh_fd()
        if depth < 3 and type(v) is tuple:
            return tuple(self.resolve(x, side, depth + 1) for x in v)
        if depth < 3 and type(v) is list:
            return [self.resolve(x, side, depth + 1) for x in v]
        return v

    # -- argument lists ---------------------------------------------------

    def template(self, name):
        """A plausible argument list for target `name`, or None."""
        r = self.rng
        n, d, a, h = self.number, self.data, self.address, self.host
        c = lambda: r.choice(self.consts)  # noqa: E731
        t = {
            'recv': lambda: [r.choice([0, 1, 1024, 65536]), 0],
            'recvfrom': lambda: [1024, 0],
            'recv_into': lambda: [bytearray(64), r.choice([0, 8, 64]), 0],
            'recvfrom_into': lambda: [bytearray(64), 8, 0],
            'recvmsg': lambda: [1024, r.choice([0, 64, 1024]), 0],
            'recvmsg_into': lambda: [[bytearray(16), bytearray(8)], 64, 0],
            'send': lambda: [d(), 0],
            'sendall': lambda: [d(), 0],
            'sendto': lambda: [d(), a()],
            'sendmsg': lambda: [[d(), d()], [], 0, a()],
            'bind': lambda: [a()],
            'connect': lambda: [a()],
            'connect_ex': lambda: [a()],
            'setsockopt': lambda: [c(), c(), r.choice([1, 0, d(), n()])],
            'getsockopt': lambda: [c(), c(), r.choice([4, 16, 0, 1024])],
            'listen': lambda: [n()],
            'shutdown': lambda: [r.choice([0, 1, 2, n()])],
            'settimeout': lambda: [r.choice([None, 0.0, n()])],
            'setblocking': lambda: [n()],
            'makefile': lambda: [r.choice(['r', 'rb', 'w', 'wb', 'rwb']),
                                 r.choice([-1, 0, 1, 4096, None])],
            'sendfile': lambda: [Placeholder('file'), n(), n()],
            'set_inheritable': lambda: [n()],
            'getaddrinfo': lambda: [h(), self.port(), c(), c(), 0, n()],
            'getnameinfo': lambda: [(h(), self.port()), n()],
            'gethostbyname': lambda: [h()],
            'gethostbyname_ex': lambda: [h()],
            'gethostbyaddr': lambda: [h()],
            'getservbyname': lambda: [self.text(), r.choice(['tcp', 'udp'])],
            'getservbyport': lambda: [n(), r.choice(['tcp', 'udp'])],
            'getprotobyname': lambda: [self.text()],
            'inet_aton': lambda: [self.text()],
            'inet_ntoa': lambda: [d()],
            'inet_pton': lambda: [c(), self.text()],
            'inet_ntop': lambda: [c(), d()],
            'htons': lambda: [n()], 'ntohs': lambda: [n()],
            'htonl': lambda: [n()], 'ntohl': lambda: [n()],
            'CMSG_LEN': lambda: [n()], 'CMSG_SPACE': lambda: [n()],
            'if_indextoname': lambda: [n()],
            'if_nametoindex': lambda: [self.text()],
            'socket': lambda: [c(), c(), n()],
            'SocketType': lambda: [c(), c(), n()],
            'socketpair': lambda: [c(), c(), n()],
            'fromfd': lambda: [Placeholder('fd'), c(), c()],
            'dup': lambda: [Placeholder('fd')],
            'close': lambda: [Placeholder('fd')],
            'create_connection': lambda: [(r.choice(['127.0.0.1', h()]),
                                           self.port()), r.choice([0.5, n()])],
            'create_server': lambda: [('127.0.0.1', r.choice([0, n()]))],
            'send_fds': lambda: [Placeholder('sock', r.choice([3, 7, 9])),
                                 [d()], [Placeholder('fd')], 0],
            'recv_fds': lambda: [Placeholder('sock', r.choice([4, 8, 10])),
                                 1024, r.choice([1, 4, n()])],
            'setdefaulttimeout': lambda: [r.choice([None, 0.0, n()])],
            'read': lambda: [r.choice([-1, 0, 1, 100, n()])],
            'readline': lambda: [r.choice([-1, 0, 1, 100, n()])],
            'readlines': lambda: [r.choice([-1, 0, 1, 100, n()])],
            'readinto': lambda: [bytearray(16)],
            'write': lambda: [d()],
            'writelines': lambda: [[d(), d()]],
            '_fileobject': lambda: [Placeholder('sock', r.choice([3, 4])),
                                    r.choice(['rb', 'wb']), n()],
        }.get(name)
        return t() if t is not None else None

    def arguments(self, name):
        """(args, kwargs) for a call of `name`."""
        r = self.rng
        args = self.template(name)
        if args is not None and r.random() < 0.7:
            for _ in range(r.choice([0, 1, 1, 1, 2])):
                if not args:
                    break
                args[r.randrange(len(args))] = self.value()
            k = r.random()
            if k < 0.2:
                args = args[:r.randrange(len(args) + 1)]
            elif k < 0.25:
                args.append(self.value())
        else:
            args = [self.value() for _ in range(r.choice([0, 1, 1, 2, 2, 3,
                                                          4]))]
        kwargs = {}
        if not PY2 and r.random() < 0.08:
            key = r.choice(['family', 'type', 'proto', 'fileno', 'flags',
                            'host', 'port', 'timeout', 'buffering',
                            'mode', 'encoding', 'backlog', 'reuse_port',
                            'nbytes', 'bufsize', 'x', 'source_address',
                            'all_errors', 'dualstack_ipv6'])
            kwargs[key] = Placeholder('fd') if key == 'fileno' else \
                self.value()
        return args, kwargs

    def constrain(self, kind, name, args, kwargs):
        """Make the call safe to make; None to skip it."""
        if kind == 'mod' and name == 'sethostname':
            # Only arguments that are not host names: never change it.
            if args and isinstance(args[0], (bytes, bytearray, TEXT,
                                             memoryview, array.array)):
                args[0] = self.number()
            return args, kwargs
        if kind == 'mod' and name in FD_FUNCS and args and \
                isinstance(args[0], INTS + (float,)) and args[0] != -1:
            # Any other number: the built-in truncates huge ints to a C int
            # (close(-2**63) closes descriptor 0), takes floats before 3.8
            # (close(-0.0) too), and bool is an int.
            args[0] = Placeholder('fd')
        if kind == 'mod' and name in ('socket', 'SocketType', '_socketobject'):
            if len(args) >= 4 and isinstance(args[3], INTS + (float,)) and \
                    args[3] != -1:
                args[3] = Placeholder('fd')
            if isinstance(kwargs.get('fileno'), (float,) + INTS):
                kwargs['fileno'] = Placeholder('fd')
        if kind == 'sock' and name == '__init__':
            # Re-initialising a pool socket on a descriptor would hand it
            # one the probe closes after the call.
            kwargs.pop('fileno', None)
            del args[3:]
        if kind == 'mod' and name == 'send_fds' and len(args) >= 3:
            if not isinstance(args[2], (list, tuple)):
                pass
            else:
                args[2] = [Placeholder('fd') if isinstance(x, INTS)
                           else x for x in args[2]]
        if kind == 'mod' and name == 'create_connection':
            # A listener of the probe with a full backlog leaves connect()
            # waiting for the kernel to give up (minutes): at most 1 s.
            # The listener is drained first, so the wait is rare.
            self.drain_listener()
            t = args[1] if len(args) > 1 else kwargs.get('timeout')
            if not isinstance(t, (float,) + INTS) or not (t <= 0.2):
                if len(args) > 1:
                    args[1] = 0.2
                else:
                    kwargs['timeout'] = 0.2
        if name == 'sendfile':
            if args:
                args[0] = Placeholder('file') if self.rng.random() < 0.7 \
                    else args[0]
        return args, kwargs

    # -- targets ----------------------------------------------------------

    def module_targets(self):
        gs = self.gs
        out = []
        for name in dir(gs):
            if name.startswith('__'):
                continue
            obj = getattr(gs, name)
            if not callable(obj):
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException):
                continue
            out.append(name)
        return out

    def method_targets(self):
        s = self.gs.socket()
        try:
            names = [n for n in dir(s) if (not n.startswith('__') or
                                           n in SOCK_DUNDERS)
                     and callable(getattr(s, n, None))]
        finally:
            s.close()
        return names

    def file_for(self, slot):
        """A makefile() object on slot's socket (made on demand), both
        sides, with the same mode; on 3.x sometimes its raw SocketIO."""
        pair = self.files.get(slot)
        if pair is not None and self.rng.random() < 0.95:
            return pair
        r = self.rng
        mode = r.choice(['rb', 'wb', 'rwb', 'r', 'w'] if not PY2 else
                        ['rb', 'wb', 'r', 'w', 'rwb'])
        buffering = r.choice([None, 0, 1, 16, 8192]) if 'b' in mode \
            else None
        if PY2:
            buffering = r.choice([-1, 0, 1, 16, 8192])
        objs = []
        raw = not PY2 and r.random() < 0.4
        for side in ('gs', 'ref'):
            s = self.pools[side][slot]
            try:
                f = s.makefile(mode, buffering) if buffering is not None \
                    else s.makefile(mode)
            except Exception:
                return None
            if raw and hasattr(f, 'raw'):
                f = f.raw
            objs.append(f)
        self.files[slot] = tuple(objs)
        if self.trace:
            sys.stderr.write('file %s %r\n' % (slot, objs))
        return self.files[slot]

    # -- one call ---------------------------------------------------------

    def pick(self):
        r = self.rng
        k = r.random()
        if k < 0.35:
            return 'mod', r.choice(self.mod_names), None
        if k < 0.85:
            slot = r.choice([n for n in self.slot_names])
            return 'sock', r.choice(self.meth_names), slot
        slot = r.choice(['conn_a', 'conn_b', 'unix_a', 'unix_b'])
        return 'file', None, slot

    def ref_callable(self, kind, name, slot):
        if kind == 'mod':
            f = getattr(std, name, None)
            if f is None:
                import _socket
                f = getattr(_socket, name, None)
            return f
        return None

    def one(self):
        r = self.rng
        kind, name, slot = self.pick()
        self.touched = set()
        self.cur_timeout = 0.0
        objs = None
        if kind == 'file':
            pair = self.file_for(slot)
            if pair is None:
                return
            objs = pair
            names = [n for n in dir(pair[0])
                     if (not n.startswith('__') or n in FILE_DUNDERS)
                     and n not in FILE_SKIP]
            name = r.choice(names)
            try:
                if not callable(getattr(pair[0], name, None)):
                    return
            except ValueError:   # a detached buffered/text object
                self.files.pop(slot, None)
                return
            timeout = 0.0 if r.random() < 0.9 else 0.002
            self.cur_timeout = timeout
            for side in (0, 1):
                sock = self.pools[('gs', 'ref')[side]][slot]
                self.reset_timeout(sock, timeout)
        elif kind == 'sock':
            objs = (self.pools['gs'][slot], self.pools['ref'][slot])
            timeout = 0.0 if r.random() < 0.9 else 0.002
            self.cur_timeout = timeout
            for s in objs:
                self.reset_timeout(s, timeout)
            if name in SOCK_DUNDERS and name == '__init__':
                pass
        args, kwargs = self.arguments(name)
        args, kwargs = self.constrain(kind, name, args, kwargs)
        if kind == 'mod' and name in RESOLVER_FUNCS and self.dns_budget <= 0:
            if any(isinstance(a, (TEXT, bytes)) for a in args):
                return
        outcomes = []
        desc = self.describe(kind, name, slot, args, kwargs)
        if self.trace:
            sys.stderr.write('%d %s\n' % (self.calls, desc))
            sys.stderr.flush()
        for side in self.sides:
            if kind == 'mod':
                if side == 'gs':
                    f = getattr(self.gs, name)
                else:
                    f = self.ref_callable(kind, name, slot)
                    if f is None:
                        break
            else:
                target = objs[0 if side == 'gs' else 1]
                try:
                    f = getattr(target, name, None)
                except ValueError:   # detached
                    f = None
                if f is None:
                    if side == 'ref':   # a method the built-in lacks
                        self.known['gosocket has it, the built-in not'] = \
                            self.known.get(
                                'gosocket has it, the built-in not', 0) + 1
                        break
                    outcomes.append((False, AttributeError(name), 0.0))
                    continue
            a = [self.resolve_file(x, side) for x in
                 self.resolve(args, side)]
            kw = dict((k, self.resolve(v, side)) for k, v in kwargs.items())
            os.chdir(self.dirs[side])
            t0 = time.time()
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                try:
                    v = f(*a, **kw)
                    ok = True
                except Exception as e:  # noqa: B902
                    v, ok = e, False
            dt = time.time() - t0
            if side == self.sides[0]:
                self.calls += 1
                if dt > self.slowest[0]:
                    self.slowest = (dt, desc)
                if not ok:
                    self.raised += 1
            if kind == 'mod' and name in RESOLVER_FUNCS and dt > 0.5:
                self.dns_budget = 0   # the resolver is slow here
            if ok:
                self.cleanup_result(name, v)
            outcomes.append((ok, v, dt))
            if name in ('setdefaulttimeout',):
                self.gs.setdefaulttimeout(1.0)
                std.setdefaulttimeout(1.0)
            self.drop_sacrificial()
        if self.fdcheck:
            del outcomes[:]
            gc.collect()
            self.check_pool_fds(desc)
        if len(outcomes) == 2:
            self.compared += 1
            self.compare(kind, name, desc, outcomes[0], outcomes[1])
        self.after(kind, name, slot)
        if self.fdcheck:
            gc.collect()
            self.check_pool_fds('after ' + desc)

    def check_pool_fds(self, desc):
        """Trace mode: every pool socket's descriptor is still open."""
        for side in ('gs', 'ref'):
            for n, s in self.pools[side].items():
                try:
                    fd = s.fileno()
                except Exception:
                    continue
                if fd >= 0:
                    try:
                        os.fstat(fd)
                    except OSError:
                        raise AssertionError('%s: %s[%s] fd %d closed under'
                                             ' it' % (desc, side, n, fd))

    def resolve_file(self, v, side):
        if isinstance(v, Placeholder) and v.kind == 'file':
            if self.tmpfile is None:
                self.tmpfile = open(os.path.join(os.path.dirname(
                    self.dirs['gs']), 'payload.bin'), 'w+b')
                self.tmpfile.write(b'gosocket' * 100)
                self.tmpfile.flush()
            self.tmpfile.seek(0)
            return self.tmpfile
        return v

    def drop_sacrificial(self):
        for fd in self.sacrificial:
            self.close_fd(fd)
        del self.sacrificial[:]

    def after(self, kind, name, slot):
        """Renew slots the call closed, detached or used up."""
        if slot is not None:
            self.touched.add(slot)
        for n in self.touched:
            if n.endswith('_b'):
                n = n[:-2] + '_a'
            if n == 'closed':
                continue
            partner = n[:-2] + '_b' if n.endswith('_a') else None
            dead = any(self.is_closed(self.pools[side][m])
                       for side in ('gs', 'ref')
                       for m in ([n, partner] if partner else [n]))
            if dead:
                self.renew(n)
        if kind != 'mod' and self.rng.random() < 0.01:
            self.renew(slot if not slot.endswith('_b') else slot[:-2] + '_a')
        if self.calls % 200 == 0:
            self.drain_listener()

    def drain_listener(self):
        for side in ('gs', 'ref'):
            s = self.pools[side]['listen']
            try:
                s.settimeout(0.0)
                for _ in range(100):
                    c, _ = s.accept()
                    c.close()
            except Exception:
                pass

    # -- comparing ----------------------------------------------------------

    def expected_class(self, ref_cls):
        gs = self.gs
        for n in ('timeout', 'gaierror', 'herror', 'error'):
            if ref_cls is getattr(std, n):
                return getattr(gs, n)
        return ref_cls

    def compare(self, kind, name, desc, g, f):
        gok, gv, _ = g
        rok, rv, _ = f
        if gok and rok:
            return
        if name.startswith('_') and not name.startswith('__'):
            return   # socket.py's private helpers: crashes only
        why = self.known_difference(kind, name, g, f)
        if why:
            self.known[why] = self.known.get(why, 0) + 1
            return
        if not gok and not rok:
            want = self.expected_class(type(rv))
            if type(gv) is want:
                return
            key = '%s %s: built-in %s, gosocket %s' % (
                kind, name, type(rv).__name__, type(gv).__name__)
        elif gok:
            key = '%s %s: built-in %s, gosocket returns' % (
                kind, name, type(rv).__name__)
        else:
            key = '%s %s: built-in returns, gosocket %s' % (
                kind, name, type(gv).__name__)
        self.mismatches[key] = self.mismatches.get(key, 0) + 1
        if key not in self.mismatch_examples:
            self.mismatch_examples[key] = '%s -> built-in %s / gosocket %s' % (
                desc, short_repr(rv), short_repr(gv))

    def known_difference(self, kind, name, g, f):
        """Why outcomes g (gosocket) and f (built-in) may differ by
        design or by the probe's own doing, or None."""
        gok, gv, _ = g
        rok, rv, _ = f
        tmo = (std.timeout,)
        if hasattr(std, 'TimeoutError'):
            tmo = (std.timeout, TimeoutError)
        if not rok and isinstance(rv, tmo) and self.cur_timeout > 0 and \
                (gok or isinstance(gv, EnvironmentError)):
            # CPython polls before the first try; gosocket tries first
            # (ARCHITECTURE.md): a socket in an error state, or one whose
            # data is there, answers at once instead of timing out.
            return 'timeout mode: gosocket tries before it polls'
        errs = [getattr(x, 'errno', None) for x in (gv, rv)
                if isinstance(x, EnvironmentError)]
        if errno.EADDRINUSE in errs:
            return 'both bind in one namespace (abstract or same path)'
        if PY2 and not rok and isinstance(rv, EnvironmentError) and \
                rv.errno == errno.EBADF and kind == 'sock':
            # 2.7's socket.py: any method of a closed socket raises EBADF
            # (settimeout, fileno, ... too), whatever the arguments;
            # gosocket checks the arguments, and answers what needs no
            # descriptor (as 3.x does).
            return '2.7 closed socket: socket.py makes every method EBADF'
        if PY2 and not gok and isinstance(gv, (TypeError, OverflowError)) \
                and (kind == 'file' or name in ('makefile', 'socket',
                                                'SocketType')):
            # 2.7's _fileobject, makefile() and socket() are Python code
            # that compares or stores arguments of any type (None < 0).
            return '2.7 socket.py is Python: takes any argument types'
        return None

    def describe(self, kind, name, slot, args, kwargs):
        parts = [short_repr(a) for a in args]
        parts += ['%s=%s' % (k, short_repr(v)) for k, v in kwargs.items()]
        where = name if kind == 'mod' else '%s[%s].%s' % (kind, slot, name)
        return '%s(%s)' % (where, ', '.join(parts))

    # -- the run --------------------------------------------------------

    def run(self):
        self.mod_names = self.module_targets()
        self.meth_names = self.method_targets()
        self.gs.setdefaulttimeout(1.0)
        std.setdefaulttimeout(1.0)
        self.dirs = {}
        for side in ('gs', 'ref'):
            os.mkdir(side)
            self.dirs[side] = os.path.abspath(side)
        fds0 = len(os.listdir('/proc/self/fd'))
        self.setup()
        try:
            while self.calls < self.ncalls:
                self.one()
        finally:
            self.teardown()
            if self.tmpfile is not None:
                self.tmpfile.close()
            self.gs.setdefaulttimeout(None)
            std.setdefaulttimeout(None)
            gc.collect()
            self.fds_left = len(os.listdir('/proc/self/fd')) - fds0


def short_repr(v, limit=60):
    try:
        s = repr(v)
    except Exception:
        s = '<%s>' % type(v).__name__
    if isinstance(v, BaseException):
        s = '%s%s' % (type(v).__name__, short_repr(v.args, limit))
    return s if len(s) <= limit else s[:limit - 3] + '...'


def fuzz(short):
    gs = load_gosocket()
    seed = os.environ.get('GOSOCKET_FUZZ_SEED')
    seed = int(seed) if seed else random.SystemRandom().randrange(2 ** 32)
    ncalls = int(os.environ.get('GOSOCKET_FUZZ_CALLS') or
                 (SHORT_CALLS if short else FULL_CALLS))
    print('fuzz: seed %d (GOSOCKET_FUZZ_SEED=%d replays), %d calls'
          % (seed, seed, ncalls))
    sys.stdout.flush()
    fz = Fuzzer(gs, seed, ncalls, short)
    old = os.getcwd()
    tmp = tempfile.mkdtemp(prefix='gsfuzz')
    os.chdir(tmp)
    t0 = time.time()
    try:
        fz.run()
    finally:
        os.chdir(old)
        shutil.rmtree(tmp, True)
    elapsed = time.time() - t0
    nm = sum(fz.mismatches.values())
    if fz.mismatches:
        print('exception-class mismatches against the built-in module:')
        for key in sorted(fz.mismatches, key=lambda k: -fz.mismatches[k]):
            print('  %6d  %s' % (fz.mismatches[key], key))
            print('          e.g. %s' % fz.mismatch_examples[key])
    if fz.known:
        print('differences by design or from the probe itself (not counted):')
        for key in sorted(fz.known, key=lambda k: -fz.known[k]):
            print('  %6d  %s' % (fz.known[key], key))
    print('slowest call: %.3fs %s' % fz.slowest)
    print('descriptors left open after the run: %d' % fz.fds_left)
    return ('%d calls (%d raised), seed %d, %.1fs; %d compared with the '
            'built-in: %d exception-class mismatches in %d kinds, %d known '
            'differences' % (fz.calls, fz.raised, seed, elapsed, fz.compared,
                             nm, len(fz.mismatches),
                             sum(fz.known.values())))


PROBES = [
    {'name': 'fuzz_bad_input', 'func': fuzz, 'timeout': 200,
     'short_timeout': 20},
]

if __name__ == '__main__':
    print(fuzz('--short' in sys.argv))
