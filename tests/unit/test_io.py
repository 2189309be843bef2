"""Data transfer: send/recv and their _into/from/to variants over TCP and
UDP, sendall with large payloads, shutdown, MSG_* flags, makefile."""

import errno
import struct
import threading
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2
recv_exactly = support.recv_exactly


class TcpSendRecvTest(support.TestCase):

    def test_send_returns_byte_count_and_recv_returns_bytes(self):
        c, conn = self.tcp_pair(gs)
        n = c.send(b'hello')
        self.assertEqual(n, 5)
        self.assertIsInstance(n, int)
        data = recv_exactly(conn, 5)
        self.assertEqual(data, b'hello')
        self.assertIs(type(data), bytes)

    def test_recv_returns_what_is_available_up_to_bufsize(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'abc')
        self.assertEqual(conn.recv(100), b'abc')
        c.sendall(b'0123456789')
        self.assertEqual(recv_exactly(conn, 4), b'0123')
        self.assertEqual(recv_exactly(conn, 6), b'456789')

    def test_recv_zero_returns_empty_bytes(self):
        rc, rconn = self.tcp_pair(ref)
        gc, gconn = self.tcp_pair(gs)
        # with data queued: 2.7 waits for readability before recv(0)
        rc.sendall(b'x')
        gc.sendall(b'x')
        self.assertSameMethod(rconn, gconn, 'recv', 0)
        self.assertEqual(gconn.recv(1), b'x')

    def test_recv_returns_empty_bytes_at_eof(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'last')
        c.close()
        self.assertEqual(recv_exactly(conn, 4), b'last')
        self.assertEqual(conn.recv(10), b'')
        self.assertEqual(conn.recv(10), b'')

    def test_send_accepts_bytes_like_objects(self):
        c, conn = self.tcp_pair(gs)
        total = 0
        for data in (bytearray(b'ab'), memoryview(b'cd'), b'ef'):
            total += c.send(data)
        c.sendall(memoryview(b'xxgh')[2:])
        self.assertEqual(total, 6)
        self.assertEqual(recv_exactly(conn, 8), b'abcdefgh')

    def test_send_and_recv_argument_errors_like_builtin(self):
        # checked before any I/O, so unconnected sockets will do
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for call in (('recv', -1), ('recv', 'x'), ('recv', None),
                     ('recv', 1, 'x'), ('recv',), ('send', None),
                     ('send', 1), ('send', u'x'), ('send', [1]),
                     ('sendall', None), ('sendall', u'x'), ('send',),
                     ('recvfrom', -1), ('recv_into', bytearray(1), -1),
                     ('recv_into', bytearray(2), 3), ('recv_into', b'xx'),
                     ('recv_into', None),
                     ('recvfrom_into', bytearray(2), 3),
                     ('recvfrom_into', bytearray(1), -1)):
            self.assertSameMethod(r, g, *call)

    def test_recv_into_fills_buffer_and_returns_count(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'abcdef')
        buf = bytearray(10)
        got = 0
        while got < 6:
            n = conn.recv_into(memoryview(buf)[got:])
            self.assertGreater(n, 0)
            got += n
        self.assertEqual(bytes(buf[:6]), b'abcdef')
        self.assertEqual(bytes(buf[6:]), b'\0' * 4)

    def test_recv_into_respects_nbytes(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'abcdef')
        buf = bytearray(10)
        self.assertEqual(conn.recv_into(buf, 2), 2)
        self.assertEqual(bytes(buf[:3]), b'ab\0')
        self.assertEqual(recv_exactly(conn, 4), b'cdef')

    def test_recv_into_memoryview_and_zero_nbytes_means_whole_buffer(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'xyz')
        buf = bytearray(3)
        mv = memoryview(buf)
        got = conn.recv_into(mv, 0)
        while got < 3:
            got += conn.recv_into(mv[got:])
        self.assertEqual(bytes(buf), b'xyz')

    def test_recvfrom_on_tcp_like_builtin(self):
        rc, rconn = self.tcp_pair(ref)
        gc, gconn = self.tcp_pair(gs)
        rc.sendall(b'data')
        gc.sendall(b'data')
        rv = rconn.recvfrom(4)
        gv = gconn.recvfrom(4)
        self.assertEqual(gv[0], b'data')
        self.assertSameValue('recvfrom() address on TCP', rv[1], gv[1])
        self.assertEqual(len(gv), 2)

    def test_recvfrom_into_on_tcp_like_builtin(self):
        rc, rconn = self.tcp_pair(ref)
        gc, gconn = self.tcp_pair(gs)
        rc.sendall(b'data')
        gc.sendall(b'data')
        rbuf, gbuf = bytearray(4), bytearray(4)
        rv = rconn.recvfrom_into(rbuf)
        gv = gconn.recvfrom_into(gbuf)
        self.assertSameValue('recvfrom_into() address on TCP', rv[1], gv[1])
        self.assertEqual(bytes(gbuf[:gv[0]]), b'data'[:gv[0]])

    def test_connection_reset_by_peer_like_builtin(self):
        outcomes = []
        for M in (ref, gs):
            c, conn = self.tcp_pair(M)
            c.sendall(b'unread')
            # close with unread data (and linger 0) makes the kernel send RST
            conn.setsockopt(M.SOL_SOCKET, M.SO_LINGER,
                            struct.pack('ii', 1, 0))
            conn.close()
            outcomes.append(lambda c=c: c.recv(10))
        self.assertSameOutcome('recv() after RST', outcomes[0], outcomes[1])


class SendallTest(support.TestCase):

    def test_sendall_transfers_large_payload_completely(self):
        c, conn = self.tcp_pair(gs)
        payload = bytes(bytearray(range(256))) * (16 * 1024)  # 4 MiB
        received = []

        def reader():
            try:
                received.append(recv_exactly(conn, len(payload)))
            except Exception as e:
                received.append(e)

        t = threading.Thread(target=reader)
        t.daemon = True
        t.start()
        self.assertIsNone(c.sendall(payload))
        t.join(support.TIMEOUT * 3)
        self.assertFalse(t.is_alive(), 'reader did not finish')
        self.assertEqual(len(received), 1)
        self.assertIsInstance(received[0], bytes, repr(received[0])[:200])
        self.assertEqual(len(received[0]), len(payload))
        self.assertTrue(received[0] == payload, 'payload corrupted')

    def test_sendall_accepts_memoryview(self):
        c, conn = self.tcp_pair(gs)
        data = bytearray(b'z' * 100000)
        t = threading.Thread(target=lambda: c.sendall(memoryview(data)))
        t.daemon = True
        t.start()
        self.assertEqual(len(recv_exactly(conn, 100000)), 100000)
        t.join(support.TIMEOUT)

    def test_sendall_empty_is_noop(self):
        c, conn = self.tcp_pair(gs)
        self.assertIsNone(c.sendall(b''))
        self.assertEqual(c.send(b''), 0)


class UdpTest(support.TestCase):

    def test_sendto_and_recvfrom_report_sender_address(self):
        a, b = self.udp_pair(gs)
        n = a.sendto(b'datagram', b.getsockname())
        self.assertEqual(n, 8)
        data, addr = b.recvfrom(100)
        self.assertEqual(data, b'datagram')
        self.assertEqual(addr, a.getsockname())
        self.assertIs(type(addr[0]), str)

    def test_recvfrom_result_shape_like_builtin(self):
        ra, rb = self.udp_pair(ref)
        ga, gb = self.udp_pair(gs)
        ra.sendto(b'x', rb.getsockname())
        ga.sendto(b'x', gb.getsockname())
        rv, gv = rb.recvfrom(10), gb.recvfrom(10)
        self.assertEqual(support.shape(rv), support.shape(gv))

    def test_sendto_with_flags_argument(self):
        a, b = self.udp_pair(gs)
        self.assertEqual(a.sendto(b'flags', 0, b.getsockname()), 5)
        self.assertEqual(b.recvfrom(100), (b'flags', a.getsockname()))

    def test_sendto_hostname_address(self):
        a, b = self.udp_pair(gs)
        a.sendto(b'named', ('localhost', b.getsockname()[1]))
        self.assertEqual(b.recv(100), b'named')

    def test_sendto_argument_errors_like_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for call in (('sendto', b'x'), ('sendto', b'x', 0, ('127.0.0.1', 9),
                                        1),
                     ('sendto', b'x', 'x', ('127.0.0.1', 9)),
                     ('sendto', u'x', ('127.0.0.1', 9)),
                     ('sendto', b'x', '127.0.0.1'),
                     ('sendto', b'x', ('127.0.0.1', 70000)),
                     ('sendto', b'x', ('127.0.0.1',)),
                     ('sendto', b'x', ('nonexistent.invalid', 9)),
                     ('sendto', b'x', None)):
            self.assertSameMethod(r, g, *call)

    def test_sendto_broadcast_name_without_so_broadcast_is_refused(self):
        # The kernel refuses before sending anything; only attempted when
        # it is seen to refuse (connect() records the peer, sends nothing).
        probe = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        ok, e = support.outcome(lambda: probe.connect(('<broadcast>', 9)))
        if ok or getattr(e, 'errno', None) != errno.EACCES:
            self.skipTest('kernel does not refuse broadcast here')
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        _, ge = self.assertSameMethod(r, g, 'sendto', b'x', ('<broadcast>', 9))
        self.assertEqual(ge.errno, errno.EACCES)

    def test_send_on_unconnected_udp_like_builtin(self):
        r = self.sock(ref, ref.AF_INET, ref.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        self.assertSameMethod(r, g, 'send', b'x')

    def test_connected_udp_send_and_recv(self):
        a, b = self.udp_pair(gs)
        a.connect(b.getsockname())
        b.connect(a.getsockname())
        self.assertEqual(a.send(b'one'), 3)
        self.assertEqual(b.recv(10), b'one')
        b.send(b'two')
        self.assertEqual(a.recvfrom(10), (b'two', b.getsockname()))
        self.assertEqual(a.getpeername(), b.getsockname())

    def test_datagram_larger_than_bufsize_is_truncated(self):
        a, b = self.udp_pair(gs)
        a.sendto(b'hello', b.getsockname())
        a.sendto(b'world', b.getsockname())
        self.assertEqual(b.recv(2), b'he')
        self.assertEqual(b.recvfrom(100)[0], b'world')

    def test_empty_datagram(self):
        a, b = self.udp_pair(gs)
        self.assertEqual(a.sendto(b'', b.getsockname()), 0)
        self.assertEqual(b.recvfrom(10), (b'', a.getsockname()))

    def test_recvfrom_into_returns_count_and_address(self):
        a, b = self.udp_pair(gs)
        a.sendto(b'abcdef', b.getsockname())
        buf = bytearray(10)
        n, addr = b.recvfrom_into(buf)
        self.assertEqual((n, addr), (6, a.getsockname()))
        self.assertEqual(bytes(buf[:6]), b'abcdef')
        a.sendto(b'abcdef', b.getsockname())
        n, addr = b.recvfrom_into(buf, 3)
        self.assertEqual(n, 3)
        self.assertEqual(bytes(buf[:3]), b'abc')

    def test_large_datagram_round_trip(self):
        a, b = self.udp_pair(gs)
        payload = b'q' * 60000
        self.assertEqual(a.sendto(payload, b.getsockname()), 60000)
        self.assertEqual(b.recv(65536), payload)

    def test_oversized_datagram_like_builtin(self):
        ra, rb = self.udp_pair(ref)
        ga, gb = self.udp_pair(gs)
        big = b'x' * 70000
        self.assertSameOutcome(
            'sendto(70000 bytes)',
            lambda: ra.sendto(big, rb.getsockname()),
            lambda: ga.sendto(big, gb.getsockname()))


class FlagsTest(support.TestCase):

    def test_msg_peek_leaves_data_queued(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'peekaboo')
        support.unblock_later(self, c)
        peeked = conn.recv(4, gs.MSG_PEEK)
        self.assertEqual(peeked, b'peek')
        self.assertEqual(recv_exactly(conn, 8), b'peekaboo')

    def test_msg_peek_on_udp_keeps_datagram(self):
        a, b = self.udp_pair(gs)
        a.sendto(b'dgram', b.getsockname())
        self.assertEqual(b.recvfrom(10, gs.MSG_PEEK),
                         (b'dgram', a.getsockname()))
        self.assertEqual(b.recv(10), b'dgram')

    def test_msg_dontwait_on_empty_blocking_socket_raises_eagain(self):
        # in a child: an implementation ignoring the flag would block
        self.run_in_child('''
            import errno
            a, b = gs.socketpair()
            try:
                data = a.recv(10, gs.MSG_DONTWAIT)
            except gs.error as e:
                check(e.errno in (errno.EAGAIN, errno.EWOULDBLOCK),
                      'errno %r' % (e.errno,))
                check(not isinstance(e, gs.timeout), 'got a timeout')
                if sys.version_info[0] >= 3:
                    check(type(e) is BlockingIOError, repr(e))
            else:
                check(False, 'recv returned %r' % (data,))
        ''')

    def test_msg_waitall_collects_full_amount_on_blocking_socket(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            b.sendall(b'1234')
            def later():
                time.sleep(0.2)
                b.sendall(b'5678')
            spawn(later)
            data = a.recv(8, gs.MSG_WAITALL)
            check(data == b'12345678', 'got %r' % (data,))
        ''')


class ShutdownTest(support.TestCase):

    def test_shutdown_wr_signals_eof_but_keeps_reading(self):
        c, conn = self.tcp_pair(gs)
        c.sendall(b'request')
        self.assertIsNone(c.shutdown(gs.SHUT_WR))
        self.assertEqual(recv_exactly(conn, 7), b'request')
        self.assertEqual(conn.recv(10), b'')
        conn.sendall(b'response')
        self.assertEqual(recv_exactly(c, 8), b'response')

    def test_send_after_shutdown_wr_like_builtin(self):
        rc, _ = self.tcp_pair(ref)
        gc, _ = self.tcp_pair(gs)
        rc.shutdown(ref.SHUT_WR)
        gc.shutdown(gs.SHUT_WR)
        self.assertSameMethod(rc, gc, 'send', b'x')

    def test_shutdown_rdwr_then_recv_returns_empty(self):
        c, conn = self.tcp_pair(gs)
        conn.shutdown(gs.SHUT_RDWR)
        self.assertEqual(conn.recv(10), b'')
        self.assertEqual(c.recv(10), b'')

    def test_shutdown_errors_like_builtin(self):
        r, g = self.sock(ref), self.sock(gs)
        self.assertSameMethod(r, g, 'shutdown', ref.SHUT_RDWR)  # ENOTCONN
        self.assertSameMethod(r, g, 'shutdown', 99)
        self.assertSameMethod(r, g, 'shutdown', 'x')
        self.assertSameMethod(r, g, 'shutdown')
        rc, _ = self.tcp_pair(ref)
        gc, _ = self.tcp_pair(gs)
        self.assertSameMethod(rc, gc, 'shutdown', 99)


class MakefileTest(support.TestCase):

    def test_makefile_readline_and_write(self):
        c, conn = self.tcp_pair(gs)
        w = c.makefile('wb')
        r = conn.makefile('rb')
        self.addCleanup(r.close)
        self.addCleanup(w.close)
        w.write(b'line one\nline two\n')
        w.flush()
        self.assertEqual(r.readline(), b'line one\n')
        self.assertEqual(r.readline(), b'line two\n')

    def test_makefile_read_until_eof(self):
        c, conn = self.tcp_pair(gs)
        r = conn.makefile('rb')
        self.addCleanup(r.close)
        c.sendall(b'abc' * 1000)
        c.shutdown(gs.SHUT_WR)
        self.assertEqual(r.read(), b'abc' * 1000)

    def test_makefile_read_exact_count(self):
        c, conn = self.tcp_pair(gs)
        r = conn.makefile('rb')
        self.addCleanup(r.close)
        c.sendall(b'0123456789')
        self.assertEqual(r.read(4), b'0123')
        self.assertEqual(r.read(6), b'456789')

    def test_closing_file_keeps_socket_usable(self):
        c, conn = self.tcp_pair(gs)
        f = conn.makefile('rb')
        f.close()
        c.sendall(b'after')
        self.assertEqual(recv_exactly(conn, 5), b'after')
        w = c.makefile('wb')
        w.close()
        c.sendall(b'again')
        self.assertEqual(recv_exactly(conn, 5), b'again')


if __name__ == '__main__':
    unittest.main()
