"""Blocking, non-blocking and timeout modes; the module default timeout;
connect_ex results; create_connection."""

import errno
import select
import threading
import time
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2
NOTSET = support.NOTSET

EAGAIN = (errno.EAGAIN, errno.EWOULDBLOCK)


def closed_port_address(testcase, M):
    """An address nothing listens on: a bound, non-listening socket keeps
    the port from being reused while the test runs."""
    s = testcase.sock(M)
    s.bind(('127.0.0.1', 0))
    return s.getsockname()


class ModeAccessorsTest(support.TestCase):

    def test_new_socket_is_blocking_without_timeout(self):
        s = self.sock(gs, timeout=NOTSET)
        self.assertIsNone(s.gettimeout())

    def test_setblocking_false_means_timeout_zero(self):
        s = self.sock(gs)
        self.assertIsNone(s.setblocking(False))
        self.assertEqual(s.gettimeout(), 0.0)
        self.assertIs(type(s.gettimeout()), float)
        self.assertEqual(s.timeout, 0.0)

    def test_setblocking_true_clears_timeout(self):
        s = self.sock(gs)
        s.settimeout(3)
        s.setblocking(True)
        self.assertIsNone(s.gettimeout())

    def test_settimeout_stores_float_seconds(self):
        s = self.sock(gs)
        self.assertIsNone(s.settimeout(2))
        self.assertEqual(s.gettimeout(), 2.0)
        self.assertIs(type(s.gettimeout()), float)
        self.assertEqual(s.timeout, 2.0)
        s.settimeout(0.25)
        self.assertEqual(s.gettimeout(), 0.25)
        s.settimeout(None)
        self.assertIsNone(s.gettimeout())

    def test_settimeout_values_like_builtin(self):
        for value in (0, 0.0, 1, 1.5, 10 ** 6, -0.0, None, True, -1, -0.5,
                      float('nan'), float('inf'), 1e300, 'x', b'1', [1]):
            r, g = self.sock(ref), self.sock(gs)
            self.assertSameMethod(r, g, 'settimeout', value)
            self.assertSameMethod(r, g, 'gettimeout')

    def test_setblocking_values_like_builtin(self):
        for value in (True, False, 0, 1, 2, None, 'x'):
            r, g = self.sock(ref), self.sock(gs)
            self.assertSameMethod(r, g, 'setblocking', value)
            self.assertSameMethod(r, g, 'gettimeout')

    def test_setblocking_false_sets_o_nonblock(self):
        import fcntl
        import os
        s = self.sock(gs, timeout=NOTSET)
        flags = fcntl.fcntl(s.fileno(), fcntl.F_GETFL)
        self.assertFalse(flags & os.O_NONBLOCK)
        s.setblocking(False)
        flags = fcntl.fcntl(s.fileno(), fcntl.F_GETFL)
        self.assertTrue(flags & os.O_NONBLOCK)


class NonBlockingTest(support.TestCase):

    def test_recv_without_data_raises_eagain_like_builtin(self):
        calls = []
        for M in (ref, gs):
            c, conn = self.tcp_pair(M)
            conn.setblocking(False)
            calls.append(lambda conn=conn: conn.recv(10))
        _, g = self.assertSameOutcome('non-blocking recv()', *calls)
        self.assertIn(g.errno, EAGAIN)
        self.assertIsInstance(g, gs.error)
        if not PY2:
            self.assertIsInstance(g, BlockingIOError)  # noqa: F821

    def test_recvfrom_and_recv_into_without_data_raise_eagain(self):
        a, b = self.udp_pair(gs)
        b.setblocking(False)
        for fn in (lambda: b.recvfrom(10), lambda: b.recv_into(bytearray(5)),
                   lambda: b.recvfrom_into(bytearray(5))):
            ok, e = support.outcome(fn)
            self.assertFalse(ok, 'returned %r' % (e,))
            self.assertIsInstance(e, gs.error)
            self.assertIn(e.errno, EAGAIN)

    def test_recv_returns_data_already_queued(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'ready')
        conn.settimeout(support.TIMEOUT)
        select.select([conn], [], [], support.TIMEOUT)
        conn.setblocking(False)
        self.assertEqual(conn.recv(10), b'ready')

    def test_accept_without_pending_connection_raises_eagain(self):
        calls = []
        for M in (ref, gs):
            lsock = self.listener(M)
            lsock.setblocking(False)
            calls.append(lambda lsock=lsock: self.accept(lsock))
        _, g = self.assertSameOutcome('non-blocking accept()', *calls)
        self.assertIn(g.errno, EAGAIN)

    def test_send_on_full_buffer_raises_eagain_like_builtin(self):
        errors = []
        for M in (ref, gs):
            c, conn = self.tcp_pair(M)
            c.setsockopt(M.SOL_SOCKET, M.SO_SNDBUF, 4096)
            c.setblocking(False)
            chunk = b'x' * 65536
            err = None
            for _ in range(100000):
                try:
                    c.send(chunk)
                except Exception as e:
                    err = e
                    break
            self.assertIsNotNone(err, 'send buffer never filled')
            errors.append(err)
        self.assertSameException('send() on a full buffer', errors[0],
                                 errors[1])
        self.assertIn(errors[1].errno, EAGAIN)

    def test_connect_reports_in_progress_like_builtin(self):
        results = []
        for M in (ref, gs):
            lsock = self.listener(M)
            s = self.sock(M)
            s.setblocking(False)
            results.append(s.connect_ex(lsock.getsockname()))
        self.assertSameValue('non-blocking connect_ex()', results[0],
                             results[1])
        calls = []
        for M in (ref, gs):
            lsock = self.listener(M)
            s = self.sock(M)
            s.setblocking(False)
            calls.append(lambda s=s, a=lsock.getsockname(): s.connect(a))
        self.assertSameOutcome('non-blocking connect()', *calls)

    def test_nonblocking_connect_completes_via_select_and_so_error(self):
        lsock = self.listener(gs)
        s = self.sock(gs)
        s.setblocking(False)
        rc = s.connect_ex(lsock.getsockname())
        self.assertIn(rc, (0, errno.EINPROGRESS))
        _, w, _ = select.select([], [s], [], support.TIMEOUT)
        self.assertEqual(w, [s])
        self.assertEqual(s.getsockopt(gs.SOL_SOCKET, gs.SO_ERROR), 0)
        self.assertEqual(s.getpeername(), lsock.getsockname())

    def test_nonblocking_connect_to_closed_port_reports_refused(self):
        addr = closed_port_address(self, gs)
        s = self.sock(gs)
        s.setblocking(False)
        rc = s.connect_ex(addr)
        if rc == errno.EINPROGRESS:
            select.select([], [s], [], support.TIMEOUT)
            rc = s.getsockopt(gs.SOL_SOCKET, gs.SO_ERROR)
        self.assertEqual(rc, errno.ECONNREFUSED)

    def test_select_and_poll_accept_socket_objects(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'x')
        r, _, _ = select.select([conn], [], [], support.TIMEOUT)
        self.assertEqual(r, [conn])
        if hasattr(select, 'poll'):
            p = select.poll()
            p.register(conn, select.POLLIN)
            self.assertEqual(p.poll(int(support.TIMEOUT * 1000)),
                             [(conn.fileno(), select.POLLIN)])


class TimeoutTest(support.TestCase):

    def assertTimesOut(self, fn, delay):
        t0 = time.time()
        ok, e = support.outcome(fn)
        elapsed = time.time() - t0
        self.assertFalse(ok, 'expected a timeout, got %r' % (e,))
        self.assertIs(type(e), gs.timeout, support.fmt_exc(e))
        self.assertEqual(e.args, ('timed out',))
        self.assertGreaterEqual(elapsed, delay * 0.8)
        self.assertLess(elapsed, delay + 3.0)
        return e

    def test_recv_times_out(self):
        c, conn = self.tcp_pair(gs)
        conn.settimeout(0.3)
        self.assertTimesOut(lambda: conn.recv(10), 0.3)

    def test_timeout_is_catchable_as_socket_error_and_oserror(self):
        c, conn = self.tcp_pair(gs)
        conn.settimeout(0.05)
        try:
            conn.recv(10)
        except gs.error as e:
            self.assertIsInstance(e, gs.timeout)
            if not PY2:
                self.assertIsInstance(e, OSError)
        else:
            self.fail('no timeout')

    def test_timeout_exception_matches_builtin(self):
        calls = []
        for M in (ref, gs):
            c, conn = self.tcp_pair(M)
            conn.settimeout(0.05)
            calls.append(lambda conn=conn: conn.recv(10))
        self.assertSameOutcome('recv() timing out', *calls)

    def test_recvfrom_and_recv_into_time_out(self):
        a, b = self.udp_pair(gs)
        b.settimeout(0.2)
        self.assertTimesOut(lambda: b.recvfrom(10), 0.2)
        self.assertTimesOut(lambda: b.recv_into(bytearray(4)), 0.2)
        self.assertTimesOut(lambda: b.recvfrom_into(bytearray(4)), 0.2)

    def test_accept_times_out(self):
        lsock = self.listener(gs)
        lsock.settimeout(0.3)
        self.assertTimesOut(lsock.accept, 0.3)

    def test_sendall_times_out_when_peer_does_not_read(self):
        c, conn = self.tcp_pair(gs)
        c.setsockopt(gs.SOL_SOCKET, gs.SO_SNDBUF, 4096)
        conn.setsockopt(gs.SOL_SOCKET, gs.SO_RCVBUF, 4096)
        c.settimeout(0.5)
        self.assertTimesOut(lambda: c.sendall(b'x' * (64 * 1024 * 1024)),
                            0.5)

    def test_recv_returns_data_arriving_before_deadline(self):
        c, conn = self.tcp_pair(gs)
        conn.settimeout(5.0)
        t = threading.Timer(0.2, lambda: c.sendall(b'late'))
        t.daemon = True
        t.start()
        self.addCleanup(t.cancel)
        t0 = time.time()
        self.assertEqual(conn.recv(10), b'late')
        self.assertLess(time.time() - t0, 4.0)

    def test_timeout_zero_behaves_as_nonblocking(self):
        c, conn = self.tcp_pair(gs)
        conn.settimeout(0)
        ok, e = support.outcome(lambda: conn.recv(10))
        self.assertFalse(ok)
        self.assertIsNot(type(e), gs.timeout)
        self.assertIn(e.errno, EAGAIN)


class DefaultTimeoutTest(support.TestCase):

    def setUp(self):
        self.restore_default_timeouts()

    def test_default_timeout_is_none_initially(self):
        self.assertIsNone(gs.getdefaulttimeout())

    def test_setdefaulttimeout_round_trips_as_float(self):
        self.assertIsNone(gs.setdefaulttimeout(3))
        self.assertEqual(gs.getdefaulttimeout(), 3.0)
        self.assertIs(type(gs.getdefaulttimeout()), float)
        gs.setdefaulttimeout(None)
        self.assertIsNone(gs.getdefaulttimeout())

    def test_setdefaulttimeout_values_like_builtin(self):
        for value in (0, 1.5, None, -1, 'x', float('nan')):
            self.assertSameOutcome(
                'setdefaulttimeout(%r)' % (value,),
                lambda: (ref.setdefaulttimeout(value),
                         ref.getdefaulttimeout())[1],
                lambda: (gs.setdefaulttimeout(value),
                         gs.getdefaulttimeout())[1])
            ref.setdefaulttimeout(None)
            gs.setdefaulttimeout(None)

    def test_default_timeout_applies_to_new_sockets(self):
        gs.setdefaulttimeout(2.5)
        s = self.sock(gs, timeout=NOTSET)
        self.assertEqual(s.gettimeout(), 2.5)
        u = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM, timeout=NOTSET)
        self.assertEqual(u.gettimeout(), 2.5)

    def test_default_timeout_does_not_change_existing_sockets(self):
        s = self.sock(gs, timeout=NOTSET)
        gs.setdefaulttimeout(2.5)
        self.assertIsNone(s.gettimeout())

    def test_default_timeout_applies_to_accepted_pair_and_dup_sockets(self):
        lsock = self.listener(gs)
        c = self.sock(gs)
        c.connect(lsock.getsockname())
        gs.setdefaulttimeout(1.5)
        conn, _ = lsock.accept()
        self.track(conn)
        self.assertEqual(conn.gettimeout(), 1.5)
        for s in gs.socketpair():
            self.track(s)
            self.assertEqual(s.gettimeout(), 1.5)
        d = self.track(gs.fromfd(c.fileno(), gs.AF_INET, gs.SOCK_STREAM))
        self.assertEqual(d.gettimeout(), 1.5)

    def test_accepted_socket_gets_default_not_listener_timeout(self):
        lsock = self.listener(gs)
        lsock.settimeout(7.0)
        c = self.sock(gs)
        c.connect(lsock.getsockname())
        conn, _ = lsock.accept()
        self.track(conn)
        self.assertIsNone(conn.gettimeout())

    def test_default_timeout_makes_recv_time_out(self):
        lsock = self.listener(gs)
        gs.setdefaulttimeout(0.2)
        c = self.sock(gs, timeout=NOTSET)
        c.connect(lsock.getsockname())
        t0 = time.time()
        ok, e = support.outcome(lambda: c.recv(1))
        self.assertFalse(ok)
        self.assertIs(type(e), gs.timeout)
        self.assertLess(time.time() - t0, 3.0)

    def test_default_timeout_zero_makes_new_sockets_nonblocking(self):
        gs.setdefaulttimeout(0)
        a, b = gs.socketpair()
        self.track(a)
        self.track(b)
        self.assertEqual(a.gettimeout(), 0.0)
        ok, e = support.outcome(lambda: a.recv(1))
        self.assertFalse(ok)
        self.assertIn(e.errno, EAGAIN)


class ConnectExTest(support.TestCase):

    def test_connect_ex_returns_zero_on_success(self):
        lsock = self.listener(gs)
        s = self.sock(gs)
        rc = s.connect_ex(lsock.getsockname())
        self.assertEqual(rc, 0)
        self.assertIsInstance(rc, int)

    def test_connect_ex_returns_econnrefused_like_builtin(self):
        results = []
        for M in (ref, gs):
            addr = closed_port_address(self, M)
            results.append(self.sock(M).connect_ex(addr))
        self.assertSameValue('connect_ex(closed port)', results[0],
                             results[1])
        self.assertEqual(results[1], errno.ECONNREFUSED)

    def test_connect_refused_raises_like_builtin(self):
        calls = []
        for M in (ref, gs):
            addr = closed_port_address(self, M)
            s = self.sock(M)
            calls.append(lambda s=s, addr=addr: s.connect(addr))
        _, g = self.assertSameOutcome('connect(closed port)', *calls)
        self.assertEqual(g.errno, errno.ECONNREFUSED)
        if not PY2:
            self.assertIsInstance(g, ConnectionRefusedError)  # noqa: F821

    def test_connect_refused_in_blocking_mode_like_builtin(self):
        calls = []
        for M in (ref, gs):
            addr = closed_port_address(self, M)
            s = self.sock(M, timeout=NOTSET)
            calls.append(lambda s=s, addr=addr: s.connect_ex(addr))
        self.assertSameOutcome('blocking connect_ex(closed port)', *calls)

    def test_connect_ex_still_raises_for_bad_addresses(self):
        r, g = self.sock(ref), self.sock(gs)
        for addr in (('nonexistent.invalid', 80), '127.0.0.1',
                     ('127.0.0.1', 70000), ('127.0.0.1',), None):
            self.assertSameMethod(r, g, 'connect_ex', addr)


class CreateConnectionTest(support.TestCase):

    def test_returns_connected_gosocket_socket(self):
        lsock = self.listener(gs)
        s = self.track(gs.create_connection(lsock.getsockname()))
        self.assertIsInstance(s, gs.socket)
        self.assertEqual(s.getpeername(), lsock.getsockname())
        conn, _ = lsock.accept()
        self.track(conn)
        conn.settimeout(support.TIMEOUT)
        s.sendall(b'hi')
        self.assertEqual(support.recv_exactly(conn, 2), b'hi')

    def test_resolves_host_names(self):
        lsock = self.listener(gs)
        s = self.track(gs.create_connection(('localhost',
                                             lsock.getsockname()[1])))
        self.assertEqual(s.getpeername(), lsock.getsockname())

    def test_timeout_argument_sets_socket_timeout(self):
        lsock = self.listener(gs)
        s = self.track(gs.create_connection(lsock.getsockname(), 3))
        self.assertEqual(s.gettimeout(), 3.0)
        s = self.track(gs.create_connection(lsock.getsockname(),
                                            timeout=1.25))
        self.assertEqual(s.gettimeout(), 1.25)

    def test_timeout_none_gives_blocking_socket(self):
        self.restore_default_timeouts()
        gs.setdefaulttimeout(5.0)
        lsock = self.listener(gs)
        s = self.track(gs.create_connection(lsock.getsockname(), None))
        self.assertIsNone(s.gettimeout())

    def test_without_timeout_uses_default_timeout(self):
        self.restore_default_timeouts()
        lsock = self.listener(gs)
        s = self.track(gs.create_connection(lsock.getsockname()))
        self.assertIsNone(s.gettimeout())
        gs.setdefaulttimeout(4.0)
        s = self.track(gs.create_connection(lsock.getsockname()))
        self.assertEqual(s.gettimeout(), 4.0)

    def test_source_address_host(self):
        lsock = self.listener(gs)
        s = self.track(gs.create_connection(
            lsock.getsockname(), support.TIMEOUT, ('127.0.0.1', 0)))
        self.assertEqual(s.getsockname()[0], '127.0.0.1')
        conn, addr = lsock.accept()
        self.track(conn)
        self.assertEqual(addr, s.getsockname())

    def test_source_address_port(self):
        lsock = self.listener(gs)
        probe = gs.socket()
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
        probe.close()
        s = self.track(gs.create_connection(
            lsock.getsockname(), timeout=support.TIMEOUT,
            source_address=('127.0.0.1', port)))
        self.assertEqual(s.getsockname(), ('127.0.0.1', port))

    def test_refused_raises_like_builtin(self):
        calls = []
        for M, f in ((ref, std.create_connection),
                     (gs, gs.create_connection)):
            addr = closed_port_address(self, M)
            calls.append(lambda f=f, addr=addr: self.track(f(addr, 5)))
        _, g = self.assertSameOutcome('create_connection(closed port)',
                                      *calls)
        self.assertEqual(g.errno, errno.ECONNREFUSED)

    def test_unknown_host_raises_gaierror_like_builtin(self):
        self.assertSameOutcome(
            'create_connection(unknown host)',
            lambda: std.create_connection(('nonexistent.invalid', 80), 5),
            lambda: gs.create_connection(('nonexistent.invalid', 80), 5))


if __name__ == '__main__':
    unittest.main()
