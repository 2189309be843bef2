"""sendmsg, recvmsg, recvmsg_into and the CMSG_LEN/CMSG_SPACE functions
(Python 3.3+; 2.7 has none of them): ancillary data (SCM_RIGHTS), MSG_TRUNC
and MSG_CTRUNC, addresses, timeouts and argument errors, each compared
with the built-in module."""

import array
import os
import struct
import sys
import unittest
import warnings

if __package__:
    from . import support
else:
    import support

gs, ref = support.gs, support.ref
PY2 = support.PY2

needs_msg = unittest.skipIf(PY2 or not hasattr(ref.socket, 'sendmsg'),
                            'sendmsg/recvmsg are Python 3.3+')
INT = struct.calcsize('i')


def fds_from(ancdata, M):
    fds = array.array('i')
    for level, type_, data in ancdata:
        if level == M.SOL_SOCKET and type_ == M.SCM_RIGHTS:
            fds.frombytes(data[:len(data) - len(data) % INT])
    return list(fds)


def close_all(fds):
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


@needs_msg
class CmsgMacroTest(support.TestCase):

    def test_values_match_builtin(self):
        for n in list(range(0, 70)) + [1000, 65536, 2 ** 31 - 100]:
            self.assertSameCall('CMSG_LEN', n)
            self.assertSameCall('CMSG_SPACE', n)

    def test_limits_and_bad_arguments_match_builtin(self):
        for fn in ('CMSG_LEN', 'CMSG_SPACE'):
            for arg in (-1, 2 ** 31 - 1, 2 ** 31, 2 ** 63 - 1, 2 ** 64,
                        -(2 ** 64), 1.5, '1', None):
                r, g = self.assertSameCall(fn, arg)
                if isinstance(r, Exception):
                    self.assertEqual(str(r), str(g), '%s(%r)' % (fn, arg))
            self.assertSameCall(fn)
            self.assertSameCall(fn, 1, 2)

    def test_largest_accepted_value(self):
        # CPython keeps the result within 2**31 - 1 (SOCKLEN_T_LIMIT)
        top = 2 ** 31 - 1 - gs.CMSG_LEN(0)
        self.assertEqual(gs.CMSG_LEN(top), ref.CMSG_LEN(top))
        self.assertRaises(OverflowError, gs.CMSG_LEN, top + 1)


@needs_msg
class ScmRightsTest(support.TestCase):

    def pair(self, M):
        a, b = M.socketpair(M.AF_UNIX, M.SOCK_STREAM)
        self.track(a)
        self.track(b)
        a.settimeout(support.TIMEOUT)
        b.settimeout(support.TIMEOUT)
        return a, b

    def pipe_fds(self):
        r, w = os.pipe()
        self.addCleanup(close_all, [r, w])
        return r, w

    def test_scm_rights_round_trip(self):
        a, b = self.pair(gs)
        r, w = self.pipe_fds()
        anc = [(gs.SOL_SOCKET, gs.SCM_RIGHTS, array.array('i', [r, w]))]
        self.assertEqual(a.sendmsg([b'fd', b's'], anc), 3)
        data, ancdata, flags, addr = b.recvmsg(10, gs.CMSG_SPACE(2 * INT))
        got = fds_from(ancdata, gs)
        self.addCleanup(close_all, got)
        self.assertEqual(data, b'fds')
        self.assertEqual(flags, 0)
        self.assertEqual(len(ancdata), 1)
        self.assertEqual(ancdata[0][:2], (gs.SOL_SOCKET, gs.SCM_RIGHTS))
        self.assertIs(type(ancdata[0][2]), bytes)
        self.assertEqual(len(got), 2)
        self.assertNotIn(got[0], (r, w))
        # the received descriptors are the pipe's ends
        os.write(got[1], b'via fd')
        self.assertEqual(os.read(r, 10), b'via fd')

    def test_scm_rights_same_shape_as_builtin(self):
        results = []
        for M in (ref, gs):
            a, b = self.pair(M)
            r, _ = self.pipe_fds()
            a.sendmsg([b'x'], [(M.SOL_SOCKET, M.SCM_RIGHTS,
                                array.array('i', [r]))])
            data, ancdata, flags, addr = b.recvmsg(1, M.CMSG_SPACE(INT))
            close_all(fds_from(ancdata, M))
            results.append((data, [(l, t, len(d)) for l, t, d in ancdata],
                            flags, addr))
        self.assertSameValue('recvmsg with SCM_RIGHTS', results[0],
                             results[1])

    def test_ctrunc_when_ancillary_buffer_too_small(self):
        # room for one descriptor of three: MSG_CTRUNC, the item truncated
        results = []
        for M in (ref, gs):
            a, b = self.pair(M)
            r, w = self.pipe_fds()
            a.sendmsg([b'x'], [(M.SOL_SOCKET, M.SCM_RIGHTS,
                                array.array('i', [r, w, r]))])
            with warnings.catch_warnings():
                warnings.simplefilter('ignore', RuntimeWarning)
                data, ancdata, flags, addr = b.recvmsg(1, M.CMSG_LEN(INT))
            close_all(fds_from(ancdata, M))
            self.assertTrue(flags & M.MSG_CTRUNC)
            results.append((data, [(l, t, len(d)) for l, t, d in ancdata],
                            flags))
        self.assertSameValue('recvmsg truncating SCM_RIGHTS', results[0],
                             results[1])

    def test_truncated_header_warns_like_builtin(self):
        seen = []
        for M in (ref, gs):
            a, b = self.pair(M)
            r, _ = self.pipe_fds()
            a.sendmsg([b'x'], [(M.SOL_SOCKET, M.SCM_RIGHTS,
                                array.array('i', [r]))])
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter('always')
                res = b.recvmsg(1, M.CMSG_LEN(0) - 1)
            seen.append((res, [(x.category, str(x.message)) for x in w]))
        self.assertSameValue('recvmsg(1, CMSG_LEN(0) - 1)', seen[0], seen[1])

    def test_recvmsg_into_scatters(self):
        a, b = self.pair(gs)
        a.sendall(b'0123456789')
        b1, b2 = bytearray(4), bytearray(10)
        n, ancdata, flags, addr = b.recvmsg_into([b1, memoryview(b2)[:3]])
        self.assertEqual((n, ancdata, flags), (7, [], 0))
        self.assertEqual(bytes(b1), b'0123')
        self.assertEqual(bytes(b2[:3]), b'456')
        self.assertEqual(b.recv(10), b'789')


@needs_msg
class DatagramTest(support.TestCase):

    def test_msg_trunc(self):
        results = []
        for M in (ref, gs):
            a, b = self.udp_pair(M)
            a.sendto(b'hello', b.getsockname())
            data, ancdata, flags, addr = b.recvmsg(2)
            self.assertTrue(flags & M.MSG_TRUNC)
            self.assertEqual(addr, a.getsockname())
            results.append((data, ancdata, flags))
        self.assertSameValue('recvmsg(2) of 5 bytes', results[0], results[1])
        self.assertEqual(results[1][0], b'he')

    def test_msg_trunc_flag_returns_full_length(self):
        for M in (ref, gs):
            a, b = self.udp_pair(M)
            a.sendto(b'hello', b.getsockname())
            buf = bytearray(2)
            n, _, flags, _ = b.recvmsg_into([buf], 0, M.MSG_TRUNC)
            self.assertEqual((n, bytes(buf)), (5, b'he'), M)

    def test_sendmsg_to_address_and_sender_address(self):
        a, b = self.udp_pair(gs)
        self.assertEqual(a.sendmsg([b'ab', b'cd'], [], 0, b.getsockname()), 4)
        data, ancdata, flags, addr = b.recvmsg(100)
        self.assertEqual((data, ancdata, flags), (b'abcd', [], 0))
        self.assertEqual(addr, a.getsockname())
        # host names are resolved; None means no address
        a.connect(b.getsockname())
        self.assertEqual(a.sendmsg([b'x'], [], 0, None), 1)
        self.assertEqual(a.sendmsg([b'y'], [], 0, ('localhost', b.getsockname()[1])), 1)
        self.assertEqual(b.recv(10), b'x')
        self.assertEqual(b.recv(10), b'y')

    @unittest.skipUnless(support.HAVE_IPV6_LOOPBACK, 'no IPv6 loopback')
    def test_ipv6_sender_address(self):
        a, b = self.udp_pair(gs, gs.AF_INET6)
        a.sendmsg([b'v6'], [], 0, b.getsockname())
        data, _, _, addr = b.recvmsg(10)
        self.assertEqual((data, addr), (b'v6', a.getsockname()))

    def test_address_errors_match_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for addr in (('127.0.0.1', 70000), ('127.0.0.1',), '127.0.0.1',
                     ('127.0.0.1', 'x'), (1, 2)):
            rv, gv = self.assertSameMethod(r, g, 'sendmsg', [b'x'], [], 0, addr)
            self.assertEqual(str(rv), str(gv), addr)

    def test_timeout_and_nonblocking(self):
        for M in (ref, gs):
            a, b = self.udp_pair(M)
            b.settimeout(0.05)
            self.assertRaises(M.timeout, b.recvmsg, 10)
            self.assertRaises(M.timeout, b.recvmsg_into, [bytearray(1)])
            b.setblocking(False)
            self.assertRaises(BlockingIOError, b.recvmsg, 10)

    def test_errno_errors_match_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        # not connected, no address
        self.assertSameMethod(r, g, 'sendmsg', [b'x'])
        r.close()
        g.close()
        self.assertSameMethod(r, g, 'sendmsg', [b'x'])
        self.assertSameMethod(r, g, 'recvmsg', 1)


@needs_msg
class BlockingTest(support.TestCase):

    def test_blocking_recvmsg_lets_other_threads_run(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            out = []
            t = spawn(lambda: out.append(a.recvmsg(10)))
            time.sleep(0.3)
            check(busy(0.2) > 1000, 'main thread starved')
            check(t.is_alive() and not out, 'recvmsg returned early: %r' % out)
            b.sendmsg([b'wa', b'ke'])
            t.join(10)
            check(out and out[0][0] == b'wake', 'reader got %r' % out)
        ''')

    @unittest.skipUnless(hasattr(__import__('signal'), 'setitimer'),
                         'needs signal.setitimer')
    def test_signals_during_recvmsg(self):
        import signal
        import time
        a, b = self.udp_pair(gs)
        calls = []

        def handler(signum, frame):
            calls.append(signum)

        def raising(signum, frame):
            raise ZeroDivisionError

        old = signal.signal(signal.SIGALRM, handler)
        self.addCleanup(signal.signal, signal.SIGALRM, old)
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)
        # a handler that returns: the call goes on until its deadline
        b.settimeout(0.4)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        t0 = time.time()
        self.assertRaises(gs.timeout, b.recvmsg, 10)
        self.assertGreaterEqual(time.time() - t0, 0.35)
        self.assertEqual(calls, [signal.SIGALRM])
        # a handler that raises ends the call with its exception
        signal.signal(signal.SIGALRM, raising)
        b.settimeout(None)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        self.assertRaises(ZeroDivisionError, b.recvmsg_into, [bytearray(4)])


@needs_msg
class ArgumentTest(support.TestCase):

    CALLS = [
        ('sendmsg',), ('sendmsg', b'not in an iterable'), ('sendmsg', object()),
        ('sendmsg', [object()]), ('sendmsg', [b'x', u'x']),
        ('sendmsg', [b'x'], object()), ('sendmsg', [b'x'], None),
        ('sendmsg', [b'x'], [], object()), ('sendmsg', [b'x'], [object()]),
        ('sendmsg', [b'x'], [(0, 0)]), ('sendmsg', [b'x'], [(0, 0, b'', 1)]),
        ('sendmsg', [b'x'], [(object(), 0, b'')]),
        ('sendmsg', [b'x'], [(0, 0, u'x')]), ('sendmsg', [b'x'], [0, 0, b'']),
        ('sendmsg', [b'x'], [(0, 0, b''), object()]),
        ('sendmsg', [b'x'], [(2 ** 31, 0, b'')]),
        ('sendmsg', [b'x'], [], 0, object()),
        ('sendmsg', [b'x'], [], 0, None, 1),
        ('recvmsg',), ('recvmsg', -1), ('recvmsg', 1, -1), ('recvmsg', 1, 2 ** 31),
        ('recvmsg', [bytearray(1)]), ('recvmsg', object()), ('recvmsg', 1, object()),
        ('recvmsg', 1, 0, object()), ('recvmsg', 1.5), ('recvmsg', 1, 0, 0, 0),
        ('recvmsg_into',), ('recvmsg_into', object()),
        ('recvmsg_into', [b'read-only']), ('recvmsg_into', bytearray(3)),
        ('recvmsg_into', [bytearray(1), object()]),
        ('recvmsg_into', [bytearray(1)], -1), ('recvmsg_into', [bytearray(1)], 0, 'x'),
    ]

    def test_argument_errors_match_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM, timeout=0)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM, timeout=0)
        for call in self.CALLS:
            rv, gv = self.assertSameMethod(r, g, *call)
            self.assertIsInstance(rv, Exception, call)
            self.assertEqual(str(rv), str(gv), call)

    @unittest.skipUnless(support.HAVE_IPV6_LOOPBACK, 'needs ::1')
    def test_address_checked_before_data_and_ancillary(self):
        # The built-in module reads (and resolves) the address first, then
        # the data, then the ancillary items: with all three wrong, the
        # address's error is the one raised.
        r = self.sock(ref, ref.AF_INET6, ref.SOCK_DGRAM, timeout=0)
        g = self.sock(gs, gs.AF_INET6, gs.SOCK_DGRAM, timeout=0)
        for call in [('sendmsg', 17, [], 0, ('', 9, -1, 2 ** 64)),
                     ('sendmsg', [object()], [object()], 0, ('::1', 9, 1 << 20, 0)),
                     ('sendmsg', [b'x'], [object()], 0, ('::1', 70000))]:
            rv, gv = self.assertSameMethod(r, g, *call)
            self.assertIsInstance(rv, OverflowError, call)
            self.assertEqual(str(rv), str(gv), call)

    @unittest.skipUnless(hasattr(ref.socket, 'sendmsg_afalg'), 'sendmsg_afalg is 3.6+')
    def test_sendmsg_afalg_checks_the_family_first(self):
        # The built-in module refuses any socket but AF_ALG before it looks
        # at the arguments, wrong ones included.
        r = self.sock(ref, ref.AF_INET, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_STREAM)
        for args, kwargs in [((), {}), ((), {'op': 0}), ((b'x', 1, 2), {}),
                             (([b'x'],), {'op': 'not an int'}), ((), {'nope': 1})]:
            what = 'sendmsg_afalg(*%r, **%r)' % (args, kwargs)
            rv, gv = self.assertSameOutcome(what, lambda: r.sendmsg_afalg(*args, **kwargs),
                                            lambda: g.sendmsg_afalg(*args, **kwargs))
            self.assertIsInstance(gv, OSError, what)
            self.assertEqual(str(rv), str(gv), what)


if __name__ == '__main__':
    unittest.main()
