"""The scripted session of test_audit.py, run in a child process (audit
hooks cannot be removed): python audit_session.py MODE BUILD_DIR [BLOCK]

MODE is builtin (the standard library's socket module), gosocket (import
gosocket as socket) or installed (gosocket.install(), then import socket).
Prints, as JSON, the socket.* audit events raised, in order, each step
marked, with socket objects written as 'sock' and other arguments as their
repr (enum members as ints), and each step's outcome. With BLOCK, the
hook raises PermissionError on that event and the session is
blocked_session() instead: whether the blocked call reached the system.
"""
import json
import os
import sys

MODE, BUILD_DIR = sys.argv[1], sys.argv[2]
BLOCK = sys.argv[3] if len(sys.argv) > 3 else None

if MODE != 'builtin':
    sys.path.insert(0, BUILD_DIR)
    import gosocket
    if MODE == 'installed':
        gosocket.install()
if MODE == 'gosocket':
    socket = gosocket
else:
    import socket

assert MODE == 'builtin' or (socket is gosocket or socket._socket is gosocket._socket), socket

events = []
# PORTS names the ephemeral ports of the session, which differ per run.
PORTS = {}


def norm(v):
    if hasattr(v, 'fileno') and hasattr(v, 'family'):
        return 'sock'
    if isinstance(v, int) and not isinstance(v, bool):
        return PORTS.get(int(v), int(v))
    if isinstance(v, tuple):
        return [norm(x) for x in v]
    return repr(v)


def hook(name, args):
    if not name.startswith('socket.'):
        return
    events.append([name, norm(args)])
    if name == 'socket.sethostname':
        raise RuntimeError('sethostname blocked by the test')
    if name == BLOCK:
        raise PermissionError('blocked by the hook')


def step(label, fn):
    events.append(['step', label])
    try:
        r = fn()
    except Exception as e:
        events.append(['raised', type(e).__name__])
        return None
    events.append(['ok'])
    return r


def session():
    closing = []

    def keep(s):
        closing.append(s)
        return s
    step('socket()', lambda: keep(socket.socket()))
    step('socket(AF_INET, SOCK_DGRAM)', lambda: keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)))
    step('socket(AF_UNIX, SOCK_STREAM, 0)', lambda: keep(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, 0)))
    step('socket(family=AF_INET6)', lambda: keep(socket.socket(family=socket.AF_INET6)))
    step("socket('x')", lambda: socket.socket('x'))
    src = keep(socket.socket())
    fd = os.dup(src.fileno())
    step('socket(fileno=fd)', lambda: keep(socket.socket(fileno=fd)))
    fd2 = os.dup(src.fileno())
    step('socket(AF_INET, SOCK_STREAM, 0, fd)', lambda: keep(socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fd2)))

    lsn = keep(socket.socket())
    step('bind', lambda: lsn.bind(('127.0.0.1', 0)))
    step("bind('bad')", lambda: keep(socket.socket()).bind('bad'))
    step('bind(port 70000)', lambda: keep(socket.socket()).bind(('127.0.0.1', 70000)))
    lsn.listen(5)
    addr = lsn.getsockname()
    PORTS[addr[1]] = 'port of lsn'
    cli = keep(socket.socket())
    step('connect', lambda: cli.connect(addr))
    step('connect(bad)', lambda: keep(socket.socket()).connect(('127.0.0.1', 'x')))
    dead = socket.socket()
    dead.bind(('127.0.0.1', 0))
    dead_addr = dead.getsockname()
    PORTS[dead_addr[1]] = 'port of dead'
    dead.close()
    step('connect_ex(refused)', lambda: keep(socket.socket()).connect_ex(dead_addr))
    conn = step('accept', lambda: keep(lsn.accept()[0]))
    step('dup', lambda: keep(cli.dup()))
    step('sendmsg', lambda: cli.sendmsg([b'x']))
    step('sendmsg(bad data)', lambda: cli.sendmsg(5))
    step('recv', lambda: conn.recv(10))

    u1, u2 = keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)), keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    u2.bind(('127.0.0.1', 0))
    uaddr = u2.getsockname()
    PORTS[uaddr[1]] = 'port of u2'
    step('sendto', lambda: u1.sendto(b'a', uaddr))
    step('sendto(flags)', lambda: u1.sendto(b'b', 0, uaddr))
    step('sendto(bad addr)', lambda: u1.sendto(b'c', ('127.0.0.1', 'x')))
    step('sendto(localhost)', lambda: u1.sendto(b'c', ('localhost', uaddr[1])))
    # An IPv6 literal on an AF_INET socket: the lookup fails (without asking
    # any name server) before the event, in CPython's getsockaddrarg.
    step('sendto(unresolvable)', lambda: u1.sendto(b'c', ('::1', uaddr[1])))
    step('sendmsg(addr)', lambda: u1.sendmsg([b'd'], [], 0, uaddr))
    step('sendmsg(bad addr)', lambda: u1.sendmsg([b'e'], [], 0, ('127.0.0.1', -1)))

    step('socketpair()', lambda: [keep(s) for s in socket.socketpair()])
    step('socketpair(AF_UNIX, SOCK_DGRAM)', lambda: [keep(s) for s in socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)])
    step('fromfd', lambda: keep(socket.fromfd(cli.fileno(), socket.AF_INET, socket.SOCK_STREAM)))
    step('create_connection', lambda: keep(socket.create_connection(addr, 5)))
    step('create_connection(source)', lambda: keep(socket.create_connection(addr, 5, ('127.0.0.1', 0))))
    if hasattr(socket, 'create_server'):
        step('create_server', lambda: keep(socket.create_server(('127.0.0.1', 0))))

    step('getaddrinfo', lambda: socket.getaddrinfo('127.0.0.1', 80))
    step('getaddrinfo(None, http, ...)', lambda: socket.getaddrinfo(None, 'http', socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_PASSIVE))
    step('getaddrinfo(localhost, None)', lambda: socket.getaddrinfo('localhost', None, socket.AF_INET))
    step('getaddrinfo(bytes, bytes)', lambda: socket.getaddrinfo(b'127.0.0.1', b'80', type=socket.SOCK_DGRAM))
    step('getaddrinfo(bad port)', lambda: socket.getaddrinfo('127.0.0.1', 1.5))
    step('getaddrinfo(bad host)', lambda: socket.getaddrinfo(5, 80))
    step('gethostbyname', lambda: socket.gethostbyname('127.0.0.1'))
    step('gethostbyname(bad)', lambda: socket.gethostbyname(1))
    step('gethostbyname_ex', lambda: socket.gethostbyname_ex('127.0.0.1'))
    step('gethostbyaddr', lambda: socket.gethostbyaddr('127.0.0.1'))
    step('gethostbyaddr(bytes)', lambda: socket.gethostbyaddr(b'127.0.0.1'))
    step('gethostname', socket.gethostname)
    step('sethostname', lambda: socket.sethostname(socket.gethostname()))
    step('sethostname(bad)', lambda: socket.sethostname(5))
    step('getnameinfo', lambda: socket.getnameinfo(('127.0.0.1', 80), 0))
    step('getnameinfo(bad flowinfo)', lambda: socket.getnameinfo(('::1', 80, 0x100000), 0))
    step('getnameinfo(bad)', lambda: socket.getnameinfo('x', 0))
    step('getservbyname', lambda: socket.getservbyname('http', 'tcp'))
    step('getservbyname(no proto)', lambda: socket.getservbyname('http'))
    step('getservbyport', lambda: socket.getservbyport(80))
    step('getservbyport(tcp)', lambda: socket.getservbyport(80, 'tcp'))
    step('getservbyport(70000)', lambda: socket.getservbyport(70000))
    step('getprotobyname', lambda: socket.getprotobyname('tcp'))
    step('getfqdn', lambda: socket.getfqdn('127.0.0.1'))
    step('makefile', lambda: cli.makefile('rb').close())
    step('sendfile', lambda: cli.sendfile(open(__file__, 'rb'), 0, 10))
    for s in closing:
        s.close()


def blocked_session():
    """Whether the blocked event's call happened: a connection accepted,
    a datagram received."""
    out = {}
    lsn = socket.socket()
    lsn.bind(('127.0.0.1', 0))
    lsn.listen(5)
    lsn.settimeout(0.5)
    c = socket.socket()
    try:
        c.connect(lsn.getsockname())
        out['connect'] = 'connected'
    except PermissionError:
        out['connect'] = 'PermissionError'
    try:
        lsn.accept()[0].close()
        out['accepted'] = True
    except socket.timeout:
        out['accepted'] = False
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    r.bind(('127.0.0.1', 0))
    r.settimeout(0.3)
    try:
        u.sendto(b'x', r.getsockname())
        out['sendto'] = 'sent'
    except PermissionError:
        out['sendto'] = 'PermissionError'
    try:
        out['received'] = r.recv(10).decode()
    except socket.timeout:
        out['received'] = None
    for s in (lsn, c, u, r):
        s.close()
    return out


sys.addaudithook(hook)
if BLOCK:
    print(json.dumps(blocked_session()))
else:
    session()
    print(json.dumps(events))
