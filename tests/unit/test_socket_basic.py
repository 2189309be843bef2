"""Socket objects: creation, attributes, bind/listen/connect/accept,
getsockname/getpeername, socket options, close and EBADF, fileno/fromfd,
socket(fileno=...), socketpair."""

import errno
import os
import struct
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2
NOTSET = support.NOTSET


def kinds():
    out = [(ref.AF_INET, ref.SOCK_STREAM, 0),
           (ref.AF_INET, ref.SOCK_DGRAM, 0),
           (ref.AF_INET, ref.SOCK_STREAM, ref.IPPROTO_TCP),
           (ref.AF_INET, ref.SOCK_DGRAM, ref.IPPROTO_UDP),
           (ref.AF_UNIX, ref.SOCK_STREAM, 0),
           (ref.AF_UNIX, ref.SOCK_DGRAM, 0)]
    if support.HAVE_IPV6_LOOPBACK:
        out += [(ref.AF_INET6, ref.SOCK_STREAM, 0),
                (ref.AF_INET6, ref.SOCK_DGRAM, 0)]
    return out


class CreateTest(support.TestCase):

    def test_attributes_match_builtin_for_each_kind(self):
        for family, type_, proto in kinds():
            r = self.sock(ref, family, type_, proto, timeout=NOTSET)
            g = self.sock(gs, family, type_, proto, timeout=NOTSET)
            what = 'socket(%d, %d, %d)' % (family, type_, proto)
            for attr in ('family', 'type', 'proto', 'timeout'):
                self.assertSameValue('%s.%s' % (what, attr),
                                     getattr(r, attr), getattr(g, attr))

    def test_default_arguments_are_inet_stream(self):
        s = self.sock(gs, timeout=NOTSET)
        self.assertEqual(s.family, gs.AF_INET)
        self.assertEqual(s.type, gs.SOCK_STREAM)
        self.assertEqual(s.proto, 0)
        self.assertIsNone(s.gettimeout())
        # 2.7's _socket reports a blocking socket's timeout as -1.0
        self.assertSameValue('timeout', self.track(ref.socket()).timeout,
                             s.timeout)

    def test_keyword_arguments(self):
        s = self.sock(gs, family=gs.AF_INET, type=gs.SOCK_DGRAM, proto=0)
        self.assertEqual((s.family, support.socktype(s), s.proto),
                         (gs.AF_INET, gs.SOCK_DGRAM, 0))

    def test_attributes_are_read_only(self):
        s = self.sock(gs)
        for attr in ('family', 'type', 'proto', 'timeout'):
            self.assertRaises((AttributeError, TypeError), setattr, s, attr,
                              1)

    def test_fileno_is_distinct_nonnegative_int(self):
        a = self.sock(gs)
        b = self.sock(gs)
        self.assertIsInstance(a.fileno(), int)
        self.assertGreaterEqual(a.fileno(), 0)
        self.assertNotEqual(a.fileno(), b.fileno())
        os.fstat(a.fileno())  # a real descriptor

    def test_bad_family_or_type_like_builtin(self):
        for args in ((999,), (ref.AF_INET, 999), (ref.AF_INET,
                     ref.SOCK_STREAM, 999), (ref.AF_UNIX, ref.SOCK_STREAM,
                     ref.IPPROTO_TCP)):
            self.assertSameOutcome(
                'socket%r' % (args,),
                lambda: support.close_quietly(ref.socket(*args)),
                lambda: support.close_quietly(gs.socket(*args)))


class BindConnectTest(support.TestCase):

    def test_bind_port_zero_assigns_ephemeral_port(self):
        r = self.sock(ref)
        g = self.sock(gs)
        r.bind(('127.0.0.1', 0))
        g.bind(('127.0.0.1', 0))
        raddr, gaddr = r.getsockname(), g.getsockname()
        self.assertEqual(gaddr[0], '127.0.0.1')
        self.assertGreater(gaddr[1], 0)
        self.assertEqual(support.shape(raddr), support.shape(gaddr))

    def test_getsockname_of_unbound_socket(self):
        for family, type_, _ in kinds():
            r = self.sock(ref, family, type_)
            g = self.sock(gs, family, type_)
            self.assertSameMethod(r, g, 'getsockname')

    def test_bind_empty_host_means_any_address(self):
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        g.bind(('', 0))
        self.assertEqual(g.getsockname()[0], '0.0.0.0')

    def test_bind_hostname_localhost(self):
        g = self.sock(gs)
        g.bind(('localhost', 0))
        self.assertEqual(g.getsockname()[0], '127.0.0.1')

    def test_bind_broadcast_name_like_builtin(self):
        # '<broadcast>' is INADDR_BROADCAST; binding sends nothing.
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        r.setsockopt(ref.SOL_SOCKET, ref.SO_BROADCAST, 1)
        g.setsockopt(gs.SOL_SOCKET, gs.SO_BROADCAST, 1)
        rv, _ = self.assertSameOutcome('bind(("<broadcast>", 0))',
                                       lambda: r.bind(('<broadcast>', 0)),
                                       lambda: g.bind(('<broadcast>', 0)))
        if rv is None:  # bound
            self.assertSameValue('getsockname()[0]', r.getsockname()[0],
                                 g.getsockname()[0])

    def test_udp_connect_to_broadcast_name_like_builtin(self):
        # connect() on UDP only records the peer; no packet is sent.
        for set_broadcast in (False, True):
            r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
            g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
            if set_broadcast:
                r.setsockopt(ref.SOL_SOCKET, ref.SO_BROADCAST, 1)
                g.setsockopt(gs.SOL_SOCKET, gs.SO_BROADCAST, 1)
            rv, _ = self.assertSameOutcome(
                'connect(("<broadcast>", 9)) with SO_BROADCAST=%s'
                % set_broadcast,
                lambda: r.connect(('<broadcast>', 9)),
                lambda: g.connect(('<broadcast>', 9)))
            if rv is None:  # connected
                self.assertSameMethod(r, g, 'getpeername')

    def test_bind_address_in_use_raises_eaddrinuse(self):
        for M in (ref, gs):
            first = self.sock(M)
            first.bind(('127.0.0.1', 0))
            first.listen(1)
            addr = first.getsockname()
            if M is ref:
                rsecond = self.sock(M)
                rfn = lambda: rsecond.bind(addr)  # noqa: E731
            else:
                gsecond = self.sock(M)
                gfn = lambda: gsecond.bind(addr)  # noqa: E731
        self.assertSameOutcome('bind to a port in use', rfn, gfn)
        self.assertRaisesErrno(gs.error, errno.EADDRINUSE, gfn)

    def test_bind_twice_raises_einval(self):
        r, g = self.sock(ref), self.sock(gs)
        r.bind(('127.0.0.1', 0))
        g.bind(('127.0.0.1', 0))
        self.assertSameOutcome('second bind',
                               lambda: r.bind(('127.0.0.1', 0)),
                               lambda: g.bind(('127.0.0.1', 0)))

    def test_listen_with_backlog(self):
        s = self.sock(gs)
        s.bind(('127.0.0.1', 0))
        self.assertIsNone(s.listen(5))
        self.assertIsNone(s.listen(0))
        self.assertIsNone(s.listen(gs.SOMAXCONN))

    def test_listen_without_backlog_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        r.bind(('127.0.0.1', 0))
        g.bind(('127.0.0.1', 0))
        rok, _ = support.outcome(r.listen)
        if not rok:
            self.skipTest('built-in listen() requires a backlog here')
        self.assertIsNone(g.listen())
        c = self.sock(gs)
        c.connect(g.getsockname())

    def test_listen_negative_backlog_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        r.bind(('127.0.0.1', 0))
        g.bind(('127.0.0.1', 0))
        self.assertSameMethod(r, g, 'listen', -1)

    def test_connect_and_accept_report_both_addresses(self):
        lsock = self.listener(gs)
        c = self.sock(gs)
        self.assertIsNone(c.connect(lsock.getsockname()))
        conn, addr = lsock.accept()
        self.track(conn)
        self.assertEqual(addr, c.getsockname())
        self.assertEqual(conn.getpeername(), c.getsockname())
        self.assertEqual(c.getpeername(), lsock.getsockname())
        self.assertEqual(conn.getsockname(), lsock.getsockname())
        self.assertIsInstance(addr, tuple)
        self.assertIs(type(addr[0]), str)
        self.assertIsInstance(addr[1], int)

    def test_accept_returns_gosocket_socket(self):
        lsock = self.listener(gs)
        c = self.sock(gs)
        c.connect(lsock.getsockname())
        conn, _ = lsock.accept()
        self.track(conn)
        self.assertIsInstance(conn, gs.socket)
        self.assertEqual(
            (conn.family, support.socktype(conn), conn.proto),
            (lsock.family, support.socktype(lsock), lsock.proto))
        conn.settimeout(support.TIMEOUT)
        c.sendall(b'ping')
        self.assertEqual(conn.recv(4), b'ping')

    def test_private_accept_returns_fd_and_address(self):
        lsock = self.listener(gs)
        c = self.sock(gs)
        c.connect(lsock.getsockname())
        fd, addr = lsock._accept()
        self.assertIsInstance(fd, int)
        conn = self.track(gs.socket(gs.AF_INET, gs.SOCK_STREAM, 0,
                                    fileno=fd))
        conn.settimeout(support.TIMEOUT)
        self.assertEqual(conn.fileno(), fd)
        self.assertEqual(addr, c.getsockname())
        conn.sendall(b'pong')
        self.assertEqual(c.recv(4), b'pong')

    def test_accepted_sockets_are_independent_of_listener(self):
        lsock = self.listener(gs)
        c = self.sock(gs)
        c.connect(lsock.getsockname())
        conn, _ = lsock.accept()
        self.track(conn)
        conn.settimeout(support.TIMEOUT)
        lsock.close()
        c.sendall(b'still here')
        self.assertEqual(support.recv_exactly(conn, 10), b'still here')

    def test_getpeername_unconnected_raises_enotconn(self):
        r, g = self.sock(ref), self.sock(gs)
        self.assertSameMethod(r, g, 'getpeername')
        self.assertRaisesErrno(gs.error, errno.ENOTCONN, g.getpeername)

    def test_connect_twice_raises_eisconn(self):
        rc, _ = self.tcp_pair(ref)
        gc, _ = self.tcp_pair(gs)
        self.assertSameOutcome('second connect',
                               lambda: rc.connect(rc.getpeername()),
                               lambda: gc.connect(gc.getpeername()))

    def test_accept_on_unlistened_socket_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        r.bind(('127.0.0.1', 0))
        g.bind(('127.0.0.1', 0))
        self.assertSameOutcome('accept() without listen()',
                               lambda: self.accept(r), lambda: g.accept())


class SockoptTest(support.TestCase):

    def both(self, family=None, type_=None):
        family = ref.AF_INET if family is None else family
        type_ = ref.SOCK_STREAM if type_ is None else type_
        return self.sock(ref, family, type_), self.sock(gs, family, type_)

    def test_int_options_set_and_get_like_builtin(self):
        cases = [
            (ref.SOL_SOCKET, ref.SO_REUSEADDR, 1),
            (ref.SOL_SOCKET, ref.SO_KEEPALIVE, 1),
            (ref.SOL_SOCKET, ref.SO_RCVBUF, 65536),
            (ref.SOL_SOCKET, ref.SO_SNDBUF, 32768),
            (ref.IPPROTO_TCP, ref.TCP_NODELAY, 1),
            (ref.IPPROTO_IP, ref.IP_TTL, 33),
        ]
        for level, opt, value in cases:
            r, g = self.both()
            self.assertSameMethod(r, g, 'getsockopt', level, opt)
            self.assertSameMethod(r, g, 'setsockopt', level, opt, value)
            self.assertSameMethod(r, g, 'getsockopt', level, opt)
            self.assertSameMethod(r, g, 'setsockopt', level, opt, 0)
            self.assertSameMethod(r, g, 'getsockopt', level, opt)

    def test_reuseaddr_reads_back_nonzero(self):
        g = self.sock(gs)
        self.assertEqual(g.getsockopt(gs.SOL_SOCKET, gs.SO_REUSEADDR), 0)
        g.setsockopt(gs.SOL_SOCKET, gs.SO_REUSEADDR, 1)
        self.assertNotEqual(g.getsockopt(gs.SOL_SOCKET, gs.SO_REUSEADDR), 0)

    def test_read_only_options_like_builtin(self):
        for type_ in (ref.SOCK_STREAM, ref.SOCK_DGRAM):
            r, g = self.both(type_=type_)
            self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                                  ref.SO_TYPE)
            self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                                  ref.SO_ERROR)
        self.assertEqual(g.getsockopt(gs.SOL_SOCKET, gs.SO_TYPE),
                         gs.SOCK_DGRAM)

    def test_bytes_value_and_buflen_like_builtin(self):
        linger = struct.pack('ii', 1, 7)
        r, g = self.both()
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                              ref.SO_LINGER, 8)
        self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                              ref.SO_LINGER, linger)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                              ref.SO_LINGER, 8)
        self.assertEqual(g.getsockopt(gs.SOL_SOCKET, gs.SO_LINGER, 8),
                         linger)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                              ref.SO_LINGER)

    def test_int_option_read_as_bytes(self):
        r, g = self.both()
        for M, s in ((ref, r), (gs, g)):
            s.setsockopt(M.SOL_SOCKET, M.SO_REUSEADDR, 1)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                              ref.SO_REUSEADDR, 4)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                              ref.SO_REUSEADDR, 64)

    def test_setsockopt_bytes_like_values_like_builtin(self):
        packed = struct.pack('i', 1)
        for value in (packed, bytearray(packed), memoryview(packed)):
            r, g = self.both()
            self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                                  ref.SO_REUSEADDR, value)
            self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                                  ref.SO_REUSEADDR)

    def test_setsockopt_bool_value(self):
        r, g = self.both()
        self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                              ref.SO_REUSEADDR, True)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                              ref.SO_REUSEADDR)

    def test_getsockopt_buflen_out_of_range_like_builtin(self):
        r, g = self.both()
        for buflen in (0, -1, 1025, 4096):
            self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET,
                                  ref.SO_LINGER, buflen)

    def test_unknown_option_raises_enoprotoopt(self):
        r, g = self.both()
        self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET, 9999, 1)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET, 9999)
        self.assertSameMethod(r, g, 'getsockopt', 9999, 1)

    def test_bad_value_types_like_builtin(self):
        r, g = self.both()
        for value in (u'x', 1.5, None, [1]):
            self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                                  ref.SO_REUSEADDR, value)
        self.assertSameMethod(r, g, 'setsockopt', 'x', ref.SO_REUSEADDR, 1)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET)
        self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET, 'x')
        self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                              ref.SO_REUSEADDR)

    def test_option_too_short_bytes_like_builtin(self):
        r, g = self.both()
        self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                              ref.SO_LINGER, b'\x01')


class CloseTest(support.TestCase):

    def test_close_returns_none_and_is_idempotent(self):
        s = gs.socket()
        self.assertIsNone(s.close())
        self.assertIsNone(s.close())

    def test_close_releases_descriptor(self):
        s = gs.socket()
        fd = s.fileno()
        s.close()
        self.assertRaisesErrno(OSError, errno.EBADF, os.fstat, fd)

    def test_fileno_after_close_like_builtin(self):
        r, g = ref.socket(), gs.socket()
        r.close()
        g.close()
        self.assertSameMethod(r, g, 'fileno')

    def test_operations_after_close_raise_ebadf(self):
        r1, g1 = self.tcp_pair(ref)[0], self.tcp_pair(gs)[0]
        r1.close()
        g1.close()
        calls = [
            ('getsockname',), ('getpeername',), ('recv', 1),
            ('recv_into', bytearray(1)), ('recvfrom', 1),
            ('recvfrom_into', bytearray(1)), ('send', b'x'),
            ('sendall', b'x'), ('sendto', b'x', ('127.0.0.1', 9)),
            ('bind', ('127.0.0.1', 0)), ('listen', 1),
            ('connect', ('127.0.0.1', 9)), ('connect_ex', ('127.0.0.1', 9)),
            ('shutdown', ref.SHUT_RDWR),
            ('setsockopt', ref.SOL_SOCKET, ref.SO_REUSEADDR, 1),
            ('getsockopt', ref.SOL_SOCKET, ref.SO_REUSEADDR),
            ('settimeout', 1.0), ('setblocking', False), ('gettimeout',),
        ]
        for call in calls:
            self.assertSameMethod(r1, g1, *call)
        self.assertRaisesErrno(gs.error, errno.EBADF, g1.recv, 1)
        self.assertRaisesErrno(gs.error, errno.EBADF, g1.getsockname)
        self.assertSameOutcome('accept() after close',
                               lambda: self.accept(r1), g1.accept)

    def test_ebadf_is_catchable_as_socket_error_and_oserror(self):
        g = gs.socket()
        g.close()
        try:
            g.getsockname()
        except gs.error as e:
            self.assertEqual(e.errno, errno.EBADF)
            if not PY2:
                self.assertIsInstance(e, OSError)
            else:
                self.assertIsInstance(e, IOError)
        else:
            self.fail('no error after close')


class FilenoTest(support.TestCase):

    def test_fromfd_duplicates_descriptor(self):
        g = self.sock(gs)
        g.bind(('127.0.0.1', 0))
        d = self.track(gs.fromfd(g.fileno(), gs.AF_INET, gs.SOCK_STREAM))
        self.assertIsInstance(d, gs.socket)
        self.assertNotEqual(d.fileno(), g.fileno())
        self.assertEqual(d.getsockname(), g.getsockname())
        self.assertEqual((d.family, support.socktype(d)),
                         (gs.AF_INET, gs.SOCK_STREAM))
        g.close()
        self.assertEqual(d.getsockname()[0], '127.0.0.1')

    def test_fromfd_connection_carries_data(self):
        c, conn = self.tcp_pair(gs)
        d = self.track(gs.fromfd(c.fileno(), gs.AF_INET, gs.SOCK_STREAM, 0))
        d.settimeout(support.TIMEOUT)
        c.close()
        d.sendall(b'dup')
        self.assertEqual(support.recv_exactly(conn, 3), b'dup')

    def test_fromfd_bad_descriptor_like_builtin(self):
        bad = support.unused_fd()
        self.assertSameCall('fromfd', bad, ref.AF_INET, ref.SOCK_STREAM)
        self.assertSameCall('fromfd', -1, ref.AF_INET, ref.SOCK_STREAM)

    def test_socket_fileno_argument_adopts_descriptor(self):
        g = self.sock(gs)
        g.bind(('127.0.0.1', 0))
        fd = os.dup(g.fileno())
        a = gs.socket(gs.AF_INET, gs.SOCK_STREAM, 0, fileno=fd)
        self.track(a)
        self.assertEqual(a.fileno(), fd)
        self.assertEqual(a.getsockname(), g.getsockname())
        a.close()
        self.assertRaisesErrno(OSError, errno.EBADF, os.fstat, fd)

    def test_socket_fileno_keyword_with_positional_family(self):
        c, conn = self.tcp_pair(gs)
        fd = os.dup(c.fileno())
        a = self.track(gs.socket(gs.AF_INET, gs.SOCK_STREAM, fileno=fd))
        a.settimeout(support.TIMEOUT)
        a.sendall(b'adopted')
        self.assertEqual(support.recv_exactly(conn, 7), b'adopted')


class SocketpairTest(support.TestCase):

    def test_default_socketpair_is_connected_unix_stream(self):
        a, b = gs.socketpair()
        self.track(a)
        self.track(b)
        for s in (a, b):
            self.assertIsInstance(s, gs.socket)
            self.assertEqual(s.family, gs.AF_UNIX)
            self.assertEqual(support.socktype(s), gs.SOCK_STREAM)
            s.settimeout(support.TIMEOUT)
        a.sendall(b'hello')
        self.assertEqual(support.recv_exactly(b, 5), b'hello')
        b.sendall(b'back')
        self.assertEqual(support.recv_exactly(a, 4), b'back')

    def test_attributes_match_builtin(self):
        for args in ((), (ref.AF_UNIX, ref.SOCK_STREAM),
                     (ref.AF_UNIX, ref.SOCK_DGRAM),
                     (ref.AF_UNIX, ref.SOCK_STREAM, 0)):
            rp = ref.socketpair(*args)
            gp = gs.socketpair(*args)
            for s in rp + gp:
                self.track(s)
            for r, g in zip(rp, gp):
                for attr in ('family', 'type', 'proto', 'timeout'):
                    self.assertSameValue('socketpair%r.%s' % (args, attr),
                                         getattr(r, attr), getattr(g, attr))
                self.assertSameMethod(r, g, 'getsockname')
                self.assertSameMethod(r, g, 'getpeername')

    def test_dgram_socketpair_keeps_message_boundaries(self):
        a, b = gs.socketpair(gs.AF_UNIX, gs.SOCK_DGRAM)
        self.track(a)
        self.track(b)
        b.settimeout(support.TIMEOUT)
        a.send(b'one')
        a.send(b'two')
        self.assertEqual(b.recv(100), b'one')
        self.assertEqual(b.recv(100), b'two')

    def test_bad_arguments_like_builtin(self):
        for args in ((ref.AF_INET,), (999,), (ref.AF_UNIX, 999), ('x',)):
            self.assertSameOutcome(
                'socketpair%r' % (args,),
                lambda: [s.close() for s in ref.socketpair(*args)],
                lambda: [s.close() for s in gs.socketpair(*args)])


class WeakrefTest(support.TestCase):
    """The C socket type (_socket.socket, gosocket._socket.socket) takes weak
    references on 2.7 and not on 3.x, so that socket.py's subclass can
    declare __weakref__ in its __slots__; socket.py's socket class (3.x
    gosocket.socket) takes them."""

    def test_c_type_weak_references_as_builtin(self):
        import gc
        import weakref
        r = ref.socket()
        r.close()
        try:
            weakref.ref(r)
            ref_ok = True
        except TypeError:
            ref_ok = False
        self.assertEqual(ref_ok, PY2)
        g = gs._socket.socket()
        if not ref_ok:
            g.close()
            self.assertRaises(TypeError, weakref.ref, g)
            return
        called = []
        w = weakref.ref(g, lambda _: called.append(1))
        self.assertIs(w(), g)
        g.close()
        del g
        gc.collect()
        self.assertIsNone(w())
        self.assertEqual(called, [1])

    def test_socket_class_weak_references_as_socket_py(self):
        import gc
        import weakref
        for M in (std, gs):
            s = M.socket()
            p = weakref.proxy(s)
            self.assertEqual(p.fileno(), s.fileno())
            s.close()
            del s
            gc.collect()
            self.assertRaises(ReferenceError, lambda: p.fileno())

    def test_subclass_may_declare_weakref_slot_as_builtin(self):
        for M in (ref, gs._socket):
            try:
                cls = type('S', (M.socket,), {'__slots__': ['__weakref__']})
            except TypeError:
                cls = None
            if M is ref:
                want = cls is not None
            else:
                self.assertEqual(want, cls is not None)
        self.assertEqual(want, not PY2)
        if want:
            import weakref
            s = cls()
            self.track(s)
            self.assertIs(weakref.ref(s)(), s)


if __name__ == '__main__':
    unittest.main()
