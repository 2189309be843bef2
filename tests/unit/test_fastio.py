"""The fast paths of recv, recv_into, recvfrom, send, sendall and sendto
(pysocket/fastio.c): the attempt made with the GIL held, the wait after it,
the scratch buffer of recv(n > 64 KiB) and the fallback to the general
argument parser must all give what the built-in module gives."""

import threading
import time
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2


class FastIOTest(support.TestCase):

    def pairs(self, family=None, type_=None):
        """(built-in pair, gosocket pair) of socketpair()."""
        out = []
        for M in (std, gs):
            a, b = M.socketpair(family or M.AF_UNIX, type_ or M.SOCK_STREAM)
            for s in (a, b):
                self.track(s)
                s.settimeout(support.TIMEOUT)
            out.append((a, b))
        return out

    def test_big_recv_on_stream_returns_what_is_there(self):
        for n in (65536, 65537, 1 << 20, (1 << 20) + 1, 3 << 20):
            (ra, rb), (ga, gb) = self.pairs()
            data = b'x' * 100
            ra.sendall(data)
            ga.sendall(data)
            self.assertSameOutcome('recv(%d) of 100 bytes' % n, lambda: rb.recv(n), lambda: gb.recv(n))

    def test_big_recv_of_much_data(self):
        (ra, rb), (ga, gb) = self.pairs()
        data = bytes(bytearray(range(256))) * 1024  # 256 KiB
        for a, b in ((ra, rb), (ga, gb)):
            t = threading.Thread(target=a.sendall, args=(data,))
            t.start()
            got = b''
            while len(got) < len(data):
                got += b.recv(1 << 20)
            t.join()
            self.assertEqual(got, data)

    def test_big_recv_datagram_truncation_and_peek(self):
        (ra, rb), (ga, gb) = self.pairs(type_=std.SOCK_DGRAM)
        big = b'd' * 80000
        for a, b in ((ra, rb), (ga, gb)):
            for s in (a, b):
                s.setsockopt(std.SOL_SOCKET, std.SO_SNDBUF, 1 << 20)
                s.setsockopt(std.SOL_SOCKET, std.SO_RCVBUF, 1 << 20)
            a.send(big)
            a.send(b'small')
        self.assertSameOutcome('peek 70000', lambda: rb.recv(70000, std.MSG_PEEK),
                               lambda: gb.recv(70000, gs.MSG_PEEK))
        self.assertSameOutcome('recv 70000 truncates', lambda: rb.recv(70000), lambda: gb.recv(70000))
        self.assertSameOutcome('next datagram', lambda: rb.recv(200000), lambda: gb.recv(200000))

    def test_waitall_waits_on_a_blocking_socket(self):
        (ra, rb), (ga, gb) = self.pairs()
        for a, b in ((ra, rb), (ga, gb)):
            b.settimeout(None)
            a.send(b'12345')
            t = threading.Timer(0.1, lambda: a.send(b'67890'))
            t.start()
            self.assertEqual(b.recv(10, std.MSG_WAITALL), b'1234567890')
            t.join()

    def test_blocking_send_sends_everything(self):
        # More than the socket buffer: the attempt sends part, the rest
        # blocks until the reader drains it, as the kernel's blocking send.
        (ra, rb), (ga, gb) = self.pairs()
        data = b's' * (4 << 20)
        for a, b in ((ra, rb), (ga, gb)):
            a.settimeout(None)
            got = []

            def drain():
                n = 0
                while n < len(data):
                    k = len(b.recv(1 << 16))
                    if not k:
                        break
                    n += k
                got.append(n)
            t = threading.Thread(target=drain)
            t.start()
            sent = a.send(data)
            rest = data[sent:]
            if rest:
                a.sendall(rest)
            t.join()
            self.assertEqual(got, [len(data)])
            if a is ga:
                self.assertEqual(sent, len(data), 'a blocking send stopped early')

    def test_sendall_with_reader_thread(self):
        (ra, rb), (ga, gb) = self.pairs()
        data = b'a' * (3 << 20) + b'end'
        for a, b in ((ra, rb), (ga, gb)):
            buf = []
            t = threading.Thread(target=lambda: buf.append(support.recv_exactly(b, len(data))))
            t.start()
            self.assertIsNone(a.sendall(data))
            t.join()
            self.assertEqual(buf[0], data)

    def test_nonblocking_and_timeout_errors(self):
        (ra, rb), (ga, gb) = self.pairs()
        rb.setblocking(False)
        gb.setblocking(False)
        self.assertSameOutcome('recv on empty non-blocking', lambda: rb.recv(10), lambda: gb.recv(10))
        self.assertSameOutcome('recv_into on empty non-blocking', lambda: rb.recv_into(bytearray(10)),
                               lambda: gb.recv_into(bytearray(10)))
        rb.settimeout(0.05)
        gb.settimeout(0.05)
        t0 = time.time()
        self.assertSameOutcome('recv past the timeout', lambda: rb.recv(10), lambda: gb.recv(10))
        self.assertGreater(time.time() - t0, 0.09)
        self.assertSameOutcome('big recv past the timeout', lambda: rb.recv(1 << 20), lambda: gb.recv(1 << 20))

    def test_nonblocking_send_fills_up_like_builtin(self):
        (ra, rb), (ga, gb) = self.pairs()
        for a in (ra, ga):
            a.setblocking(False)
        chunk = b'f' * 65536

        def fill(a):
            total = 0
            try:
                while True:
                    total += a.send(chunk)
            except Exception as e:
                return total > 0, type(e).__name__, getattr(e, 'errno', None)
        self.assertEqual(fill(ra), fill(ga))
        self.assertSameOutcome('sendall on a full non-blocking socket', lambda: ra.sendall(chunk),
                               lambda: ga.sendall(chunk))

    def test_other_argument_types_take_the_general_path(self):
        (ra, rb), (ga, gb) = self.pairs()
        ra.sendall(b'0123456789' * 10)
        ga.sendall(b'0123456789' * 10)
        for args in ((True,), (3, 0), (4, False), (2.5,), ('1',), (-1,), (2 ** 70,), (1, 2 ** 40), (), (1, 2, 3)):
            self.assertSameMethod(rb, gb, 'recv', *args)
        strided = () if PY2 else ((memoryview(bytearray(8))[::2],),)
        for args in ((bytearray(5),), (bytearray(5), 2), (bytearray(5), 9), (bytearray(5), -1), (b'ro',),
                     (bytearray(4), 0, 'x'), ()) + strided:
            self.assertSameOutcome('recv_into%r' % (args,), lambda: rb.recv_into(*args),
                                   lambda: gb.recv_into(*args))
        self.assertSameOutcome('recv_into(buffer=, nbytes=)',
                               lambda: rb.recv_into(buffer=bytearray(3), nbytes=2),
                               lambda: gb.recv_into(buffer=bytearray(3), nbytes=2))
        for args in ((b'x',), (bytearray(b'xy'),), (memoryview(b'xyz'),), (b'x', 0), (1,), (b'x', 'f'),
                     (u'text' if PY2 else 'text',), (), (b'x', 0, 0), (array_of(b'ab'),)):
            self.assertSameMethod(ra, ga, 'send', *args)
            self.assertSameMethod(ra, ga, 'sendall', *args)

    def test_sendto_recvfrom_arguments(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        rr = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        rr.bind(('127.0.0.1', 0))
        port = rr.getsockname()[1]
        for args in ((b'x', ('127.0.0.1', port)), (b'x', 0, ('127.0.0.1', port)), (b'x', (u'127.0.0.1', port)),
                     (b'x', ('127.0.0.01', port)), (b'x', ('127.0.0.1', True)), (b'x', ('127.0.0.1', 70000)),
                     (b'x', ('127.0.0.1', 2 ** 40)), (b'x', ('127.0.0.1\0', port)), (b'x', ['127.0.0.1', port]),
                     (b'x', 'f', ('127.0.0.1', port)), (b'x',), (1, ('127.0.0.1', port))):
            self.assertSameMethod(r, g, 'sendto', *args)
        rr.setblocking(False)
        while True:  # drain what the calls above sent
            try:
                rr.recvfrom(10)
            except std.error:
                break
        g2 = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        g2.bind(('127.0.0.1', 0))
        r.sendto(b'hello', g2.getsockname())
        r.sendto(b'hello', rr.getsockname())
        rr.setblocking(True)
        rr.settimeout(support.TIMEOUT)
        want = rr.recvfrom(3)
        got = g2.recvfrom(3)
        self.assertEqual(want[0], got[0])
        self.assertEqual(type(got[1]), type(want[1]))
        self.assertEqual(got[1], ('127.0.0.1', r.getsockname()[1]))
        self.assertEqual(want[1], got[1])
        for args in ((-1,), ('x',), (1, 'f'), (), (2 ** 70,)):
            self.assertSameMethod(rr, g2, 'recvfrom', *args)


def array_of(b):
    import array
    return array.array('b', bytearray(b))


if __name__ == '__main__':
    unittest.main()
