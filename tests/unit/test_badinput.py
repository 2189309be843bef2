"""Bad input: wrong argument types and counts, out-of-range ports,
unknown names and unusable sockets must raise the same exception classes
(with the same errno/args for OSError-family errors) as the built-in
module."""

import errno
import os
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2

INET_BAD_ADDRESSES = [
    '127.0.0.1',                 # not a tuple
    ('127.0.0.1',),              # too short
    ('127.0.0.1', 0, 0),         # too long for AF_INET
    ('127.0.0.1', 'http'),       # port not an int
    ('127.0.0.1', None),
    ('127.0.0.1', 1.5),
    (1, 0),                      # host not a string
    (None, 0),
    ('127.0.0.1', 65536),        # port out of range
    ('127.0.0.1', -1),
    ('127.0.0.1', 2 ** 70),
    ('nonexistent.invalid', 0),  # unknown host
    ('127.0.0.1\0', 0),          # embedded NUL
    ('', ),
    [('127.0.0.1', 0)],
    None,
    b'127.0.0.1',
]


class AddressTest(support.TestCase):

    def test_bind_rejects_bad_inet_addresses_like_builtin(self):
        for addr in INET_BAD_ADDRESSES:
            r, g = self.sock(ref), self.sock(gs)
            self.assertSameMethod(r, g, 'bind', addr)

    def test_connect_rejects_bad_inet_addresses_like_builtin(self):
        for addr in INET_BAD_ADDRESSES:
            r, g = self.sock(ref), self.sock(gs)
            self.assertSameMethod(r, g, 'connect', addr)

    def test_sendto_rejects_bad_inet_addresses_like_builtin(self):
        for addr in INET_BAD_ADDRESSES:
            r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
            g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
            self.assertSameMethod(r, g, 'sendto', b'x', addr)

    def test_port_out_of_range_raises_overflowerror(self):
        for port in (65536, -1, 100000):
            g = self.sock(gs)
            self.assertRaises(OverflowError, g.bind, ('127.0.0.1', port))
            self.assertRaises(OverflowError, g.connect, ('127.0.0.1', port))

    def test_wrong_types_raise_typeerror(self):
        g = self.sock(gs)
        self.assertRaises(TypeError, g.bind, '127.0.0.1')
        self.assertRaises(TypeError, g.bind, ('127.0.0.1', '80'))
        self.assertRaises(TypeError, g.connect, (1, 80))

    def test_unknown_host_raises_gaierror(self):
        g = self.sock(gs)
        try:
            g.connect(('nonexistent.invalid', 80))
        except gs.gaierror as e:
            self.assertIn(e.errno, support.NAME_LOOKUP_FAILURES)
            self.assertEqual(e.args[0], e.errno)
            self.assertIsInstance(e, gs.error)
        else:
            self.fail('connect to an unknown host succeeded')

    def test_port_boundaries_accepted(self):
        u = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        self.assertEqual(u.sendto(b'', ('127.0.0.1', 65535)), 0)
        r, g = self.sock(ref), self.sock(gs)
        self.assertSameMethod(r, g, 'connect_ex', ('127.0.0.1', 0))

    def test_address_family_mismatch_like_builtin(self):
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        self.assertSameMethod(r, g, 'connect', ('127.0.0.1', 80))


class ConstructorTest(support.TestCase):

    def test_socket_argument_errors_like_builtin(self):
        cases = [('x',), (ref.AF_INET, 'x'), (ref.AF_INET, ref.SOCK_STREAM,
                                              'x'),
                 (None, ref.SOCK_STREAM), (2 ** 70,), (999,),
                 (ref.AF_INET, 999), (ref.AF_INET, ref.SOCK_DGRAM,
                                      ref.IPPROTO_TCP),
                 (1.5,)]
        for args in cases:
            self.assertSameOutcome(
                'socket%r' % (args,),
                lambda: support.close_quietly(ref.socket(*args)),
                lambda: support.close_quietly(gs.socket(*args)))

    def test_socket_py_init_arguments_like_builtin(self):
        # socket.py's socket.__init__ (the standard library's socket class,
        # which gosocket.socket is) is a Python function: its argument
        # errors name it, and (3.7+) a family, type or proto equal to -1 by
        # == (-1.0 too) means the default when no fileno is given.
        cases = [((-1.0,), {}), ((ref.AF_INET, -1.0), {}), ((), {'type': -1.0}),
                 ((-1.0, -1.0, -1.0, None), {}), ((ref.AF_UNIX, -1.0), {}),
                 ((2, 1, 0, None, 5), {}), ((), {'bogus': 1}),
                 ((2,), {'family': 2}), ((-1.5,), {})]
        for args, kwargs in cases:
            what = 'socket(*%r, **%r)' % (args, kwargs)
            rv, gv = self.assertSameOutcome(
                what,
                lambda: support.close_quietly(std.socket(*args, **kwargs)),
                lambda: support.close_quietly(gs.socket(*args, **kwargs)))
            # 2.7's socket class is the C type, whose parser words the
            # errors its own way; the class of the error is the same.
            if isinstance(rv, TypeError) and not PY2:
                self.assertEqual(str(rv), str(gv), what)

    def test_unsupported_family_raises_eafnosupport(self):
        try:
            s = gs.socket(999)
        except gs.error as e:
            self.assertEqual(e.errno, errno.EAFNOSUPPORT)
        else:
            s.close()
            self.fail('socket(999) succeeded')

    def test_bad_fileno_like_builtin(self):
        # -1 means "no descriptor" on 3.7+; a closed descriptor is EBADF.
        if PY2:
            self.skipTest('2.7 _socket has no fileno argument to compare')
        # A descriptor number nothing uses (closing a reused number could
        # hit an unrelated file).  No floats: 3.6/3.7 truncate them to ints.
        closed = support.unused_fd()
        for fd in (closed, 'x', None, [1]):
            self.assertSameOutcome(
                'socket(fileno=%r)' % (fd,),
                lambda: support.close_quietly(
                    ref.socket(ref.AF_INET, ref.SOCK_STREAM, 0, fd)),
                lambda: support.close_quietly(
                    gs.socket(gs.AF_INET, gs.SOCK_STREAM, 0, fd)))

    def test_fromfd_argument_errors_like_builtin(self):
        for args in (('x', ref.AF_INET, ref.SOCK_STREAM), (0,),
                     (0, ref.AF_INET)):
            self.assertSameCall('fromfd', *args)


class MethodArgumentsTest(support.TestCase):

    def test_wrong_argument_counts_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        for call in (('bind',), ('bind', ('127.0.0.1', 0), 1), ('connect',),
                     ('connect_ex',), ('listen', 1, 2), ('settimeout',),
                     ('setblocking',), ('getsockname', 1), ('fileno', 1),
                     ('gettimeout', 1), ('close', 1), ('shutdown',),
                     ('getsockopt',), ('setsockopt', 1, 2)):
            self.assertSameMethod(r, g, *call)

    def test_non_integer_sizes_like_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        r.setblocking(False)
        g.setblocking(False)
        for call in (('recv', 1.5), ('recv', '1'), ('recvfrom', None),
                     ('recv', 2 ** 70), ('recv', 1, None), ('listen', 'x'),
                     ('listen', 1.5)):
            self.assertSameMethod(r, g, *call)

    def test_readonly_buffer_for_recv_into_like_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for buf in (b'abc', memoryview(b'abc'), u'abc', 5):
            self.assertSameMethod(r, g, 'recv_into', buf)
            self.assertSameMethod(r, g, 'recvfrom_into', buf)

    def test_bad_timeouts_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        for value in (-1, -0.001, 'x', [], float('nan')):
            self.assertSameMethod(r, g, 'settimeout', value)


class FunctionArgumentsTest(support.TestCase):

    def test_module_function_argument_errors_like_builtin(self):
        cases = [
            ('gethostbyname',), ('gethostbyname', 1),
            ('gethostbyname', 'a', 'b'), ('gethostbyname_ex', None),
            ('gethostbyaddr',), ('getservbyname', None),
            ('getservbyport', 'x'), ('getprotobyname',),
            ('getaddrinfo',), ('getaddrinfo', '127.0.0.1'),
            ('getnameinfo', ('127.0.0.1', 0)), ('getnameinfo',),
            ('inet_aton',), ('inet_ntoa',), ('inet_pton', ref.AF_INET),
            ('inet_ntop', ref.AF_INET), ('htons',), ('ntohl', 1, 2),
            ('setdefaulttimeout',), ('getdefaulttimeout', 1),
            ('socketpair', ref.AF_UNIX, ref.SOCK_STREAM, 0, 0),
            ('create_connection',),
        ]
        self.restore_default_timeouts()
        for case in cases:
            self.assertSameCall(*case)

    def test_create_connection_rejects_malformed_address(self):
        # socket.py unpacks "host, port = address": TypeError or ValueError
        for addr in ('127.0.0.1', ('127.0.0.1',), ('127.0.0.1', 80, 0, 0, 0),
                     None):
            self.assertRaises((TypeError, ValueError), gs.create_connection,
                              addr, 5)

    def test_unknown_names_raise_gaierror(self):
        for name in ('gethostbyname', 'gethostbyname_ex', 'gethostbyaddr'):
            self.assertSameCall(name, 'nonexistent.invalid')
        self.assertSameCall('getaddrinfo', 'nonexistent.invalid', None)


class ClosedSocketTest(support.TestCase):

    def test_every_io_method_raises_ebadf_after_close(self):
        a, b = gs.socketpair()
        b.close()
        a.close()
        for name, args in (('recv', (1,)), ('send', (b'x',)),
                           ('sendall', (b'x',)),
                           ('recv_into', (bytearray(1),)),
                           ('getsockname', ()), ('getpeername', ()),
                           ('shutdown', (gs.SHUT_RDWR,)),
                           ('getsockopt', (gs.SOL_SOCKET, gs.SO_TYPE)),
                           ('listen', (1,))):
            self.assertRaisesErrno(gs.error, errno.EBADF,
                                   getattr(a, name), *args)



class FuzzFindingsTest(support.TestCase):
    """Cases the bad-input probe (tests/stress/probe_fuzz.py) found."""

    @unittest.skipIf(PY2, 'a lone surrogate is a 3.x str')
    def test_getfqdn_of_str_utf8_cannot_encode_like_builtin(self):
        # It crashed: the name was compared as UTF-8 without a check.
        for name in (u'\udcff', u' \udcff ', u'a\udcffb'):
            self.assertSameCall('getfqdn', name)

    def test_sendall_of_nothing_on_closed_socket_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        r.close()
        g.close()
        for data in (b'', bytearray()):
            self.assertSameMethod(r, g, 'sendall', data)

    def test_create_connection_address_unpacking_like_builtin(self):
        for addr in (5, None, (), ('127.0.0.1',), [1],
                     ('127.0.0.1', 1, 2), iter([])):
            self.assertSameCall('create_connection', addr, 1.0)

    @unittest.skipIf(PY2, "2.7's socketpair has no None family")
    def test_socketpair_family_none_is_af_unix_like_builtin(self):
        for args in ((None,), (None, ref.SOCK_DGRAM)):
            pair = gs.socketpair(*args)
            for s in pair:
                self.track(s)
            want = std.socketpair(*args)
            for s in want:
                self.track(s)
            self.assertEqual([s.family for s in want],
                             [s.family for s in pair])
            self.assertEqual([support.socktype(s) for s in want],
                             [support.socktype(s) for s in pair])
        # socket.py's socketpair (_socket's takes no None).
        for args in ((None, -302), ('x',), (None, None)):
            self.assertSameOutcome('socketpair%r' % (args,),
                                   lambda: std.socketpair(*args),
                                   lambda: gs.socketpair(*args))

    @unittest.skipIf(PY2, 'socket.py of 3.x converts in this order')
    def test_socketpair_converts_arguments_in_order_like_builtin(self):
        for args in (((1, 2), 32, -2 ** 31 - 1), (2 ** 63, 'x'),
                     (None, 1.5), (1, 2 ** 40, 'x')):
            self.assertSameOutcome('socketpair%r' % (args,),
                                   lambda: std.socketpair(*args),
                                   lambda: gs.socketpair(*args))

    @unittest.skipIf(PY2, "2.7 reports the codec's failure its own way")
    def test_unencodable_host_in_address_is_typeerror_like_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for host in (u'\udcff', u'\xe9' * 70):   # surrogate; label > 63
            self.assertSameMethod(r, g, 'sendto', b'x', (host, 9))
            self.assertSameMethod(r, g, 'connect', (host, 9))
            self.assertSameMethod(r, g, 'bind', (host, 0))

    def test_unknown_or_repeated_keyword_before_conversion_like_builtin(self):
        class BadIndex(object):
            def __index__(self):
                raise ZeroDivisionError('__index__')
            __int__ = __index__
        for args, kw in (((BadIndex(),), {'x': 1}),
                         ((BadIndex(),), {'family': 2}),
                         ((2, BadIndex()), {'type': 1})):
            self.assertSameOutcome(
                'socket(*%r, **%r)' % (args, kw),
                lambda: std.socket(*args, **kw).close(),
                lambda: gs.socket(*args, **kw).close())

    @unittest.skipIf(PY2, "2.7's socket has no sendfile")
    def test_sendfile_on_closed_socket_like_builtin(self):
        import tempfile
        f = tempfile.TemporaryFile()
        self.addCleanup(f.close)
        f.write(b'data')
        f.flush()
        r, g = self.sock(std), self.sock(gs)
        r.close()
        g.close()
        for args in ((f,), (f, 0, 2)):
            f.seek(0)
            self.assertSameMethod(r, g, 'sendfile', *args)

    @unittest.skipIf(PY2, "2.7's socket objects have no __getstate__")
    def test_getstate_refuses_to_pickle_like_builtin(self):
        r, g = self.sock(std), self.sock(gs)
        self.assertSameMethod(r, g, '__getstate__')
        import pickle
        self.assertSameOutcome('pickle.dumps(socket)',
                               lambda: pickle.dumps(r),
                               lambda: pickle.dumps(g))

    @unittest.skipUnless(hasattr(gs, 'send_fds'), 'send_fds is 3.9+')
    def test_fds_helpers_look_up_the_method_first_like_builtin(self):
        # socket.py evaluates sock.sendmsg / sock.recvmsg before the
        # descriptors or the ancillary size.
        for sock in (None, 5, [b'x']):
            self.assertSameCall('send_fds', sock, [b'x'], [1, 'x'])
            self.assertSameCall('send_fds', sock, [b'x'], 7)
            self.assertSameCall('recv_fds', sock, 1024, 2 ** 62)
            self.assertSameCall('recv_fds', sock, 1024, 'x')

    @unittest.skipUnless(hasattr(gs, 'send_fds'), 'send_fds is 3.9+')
    def test_send_fds_reads_fds_as_array_does(self):
        # socket.py builds array.array("i", fds) before calling sendmsg:
        # bytes of a length not a multiple of 4, a str or a too-large int
        # fail there, even when buffers is wrong too.
        r, g = self.sock(std), self.sock(gs)
        for buffers, fds in [([b'x'], b'abc'), (3, bytearray(b'x')),
                             ([b'x'], 'str'), (3, [2 ** 40]), (3, [0.5])]:
            what = 'send_fds(sock, %r, %r)' % (buffers, fds)
            rv, gv = self.assertSameOutcome(what, lambda: std.send_fds(r, buffers, fds),
                                            lambda: gs.send_fds(g, buffers, fds))
            self.assertEqual(str(rv), str(gv), what)

    def test_fromfd_binds_all_arguments_first(self):
        # 3.x's fromfd is a Python function: missing arguments are a
        # TypeError before the descriptor is read.
        class HugeIndex(object):
            def __index__(self):
                return 2 ** 70
        for args in ((HugeIndex(),), ('x',), (HugeIndex(), ref.AF_INET)):
            rv, gv = self.assertSameCall('fromfd', *args)
            self.assertIsInstance(gv, TypeError)

    @unittest.skipIf(PY2, 'SocketIO is 3.x')
    def test_socketio_invalid_mode_message_formatting(self):
        # socket.py raises ValueError("invalid mode: %r" % mode): when mode
        # is a tuple that does not fit the format, the formatting raises.
        g = self.sock(gs)
        for mode in ((), ('x', 'y'), ('x',), {}, 5, b'rb'):
            try:
                'invalid mode: %r' % (mode,) if not isinstance(
                    mode, tuple) else 'invalid mode: %r' % mode
            except TypeError:
                want = TypeError
            else:
                want = ValueError
            self.assertRaises(want, gs.SocketIO, g, mode)

    def test_unix_path_of_sun_path_size_like_builtin(self):
        # A filesystem path needs room for its NUL in sun_path (108 bytes
        # on Linux): 108 is too long; an abstract name may fill it.
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        base = b'/nonexistent-gosocket-dir/'
        for n in (106, 107, 108, 109):
            path = base + b'x' * (n - len(base))
            self.assertSameMethod(r, g, 'connect', path)
            self.assertSameMethod(r, g, 'connect', path.decode('ascii'))
            self.assertSameMethod(r, g, 'connect',
                                  b'\0gosocket-none' + b'y' * (n - 14))

    @unittest.skipIf(PY2, "2.7's fromfd is _socket's (no keywords)")
    def test_fromfd_keywords_and_order_like_builtin(self):
        g = self.sock(gs)
        fd = g.fileno()
        for args, kw in (((fd, gs.AF_INET, gs.SOCK_STREAM), {'proto': 0}),
                         ((fd,), {'family': gs.AF_INET, 'type': 1}),
                         ((-1, 2, 'x'), {}), ((fd, 2, 'x'), {}),
                         ((fd, 2, 1), {'x': 1})):
            self.assertSameOutcome(
                'fromfd(*%r, **%r)' % (args, kw),
                lambda: std.fromfd(*args, **kw).close(),
                lambda: gs.fromfd(*args, **kw).close())

    def test_reinit_with_a_file_open_closes_no_other_descriptor(self):
        # 2.7: __init__ again closed the descriptor its makefile() object
        # closed a second time later, whatever it had become meanwhile.
        a, b = gs.socketpair()
        self.track(a)
        self.track(b)
        f = a.makefile('rb', 0)
        a.__init__()
        self.track(a)
        bystander = self.sock(gs)
        a.close()
        f.close()
        os.fstat(bystander.fileno())   # still open
        self.assertEqual(bystander.family, gs.AF_INET)


if __name__ == '__main__':
    unittest.main()
