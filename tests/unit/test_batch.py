"""sendmmsg and recvmmsg, gosocket's batch datagram methods (the built-in
module has none): the datagrams, addresses and types must be what a
sendto/recvfrom loop gives with the built-in module, and bad input must
raise what sendto/recvfrom raise for it."""

import errno
import sys
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2


def payloads(sizes):
    return [(b'%c' % (97 + i % 26) if not PY2 else chr(97 + i % 26)) * s for i, s in enumerate(sizes)]


class BatchTest(support.TestCase):

    def gs_udp(self, family=None):
        return self.udp_pair(gs, family)

    def ref_udp(self, family=None):
        return self.udp_pair(std, family)

    def ref_loop(self, datas, family=None, bufsize=2048):
        """What the built-in module's sendto/recvfrom loop gives for datas:
        (data, address) with the sender's address rewritten to 'A'."""
        a, b = self.ref_udp(family)
        for d in datas:
            a.sendto(d, b.getsockname())
        out = []
        for _ in datas:
            data, addr = b.recvfrom(bufsize)
            self.assertEqual(addr, a.getsockname())
            out.append((data, 'A'))
        return out

    def gs_batch(self, datas, family=None, bufsize=2048, count=1024):
        a, b = self.gs_udp(family)
        addr = b.getsockname()
        msgs = [(d, addr) for d in datas]
        sent = 0
        while sent < len(msgs):
            n = a.sendmmsg(msgs[sent:])
            self.assertIsInstance(n, int)
            self.assertTrue(0 < n <= len(msgs) - sent, n)
            sent += n
        out = []
        while len(out) < len(datas):
            got = b.recvmmsg(min(count, len(datas) - len(out)), bufsize)
            self.assertIsInstance(got, list)
            for item in got:
                self.assertIsInstance(item, tuple)
                self.assertEqual(len(item), 2)
                self.assertEqual(item[1], a.getsockname())
                self.assertEqual(type(item[1]), type(a.getsockname()))
                out.append((item[0], 'A'))
        return out

    def test_datagrams_match_sendto_loop(self):
        # Equal runs (coalesced into UDP GSO sends), shorter ends of runs,
        # empty datagrams, sizes past the GSO limit.
        for sizes in ([64], [64] * 5, [100, 100, 7, 100, 3], [0, 5, 0], [1300, 1300, 1300],
                      [8] * 200, [1200] * 60 + [10]):
            datas = payloads(sizes)
            self.assertSameValue('datagrams of sizes %r' % sizes[:8], self.ref_loop(datas), self.gs_batch(datas))

    def test_ipv6(self):
        if not support.HAVE_IPV6_LOOPBACK:
            self.skipTest('no IPv6 loopback')
        datas = payloads([30] * 10)
        self.assertSameValue('IPv6 datagrams', self.ref_loop(datas, gs.AF_INET6),
                             self.gs_batch(datas, gs.AF_INET6))

    def test_truncated_like_recvfrom(self):
        datas = payloads([10, 50, 100])
        self.assertSameValue('bufsize 20', self.ref_loop(datas, bufsize=20), self.gs_batch(datas, bufsize=20))
        self.assertSameValue('bufsize 0', self.ref_loop(datas, bufsize=0), self.gs_batch(datas, bufsize=0))

    def test_count_limits_result(self):
        a, b = self.gs_udp()
        self.assertEqual(a.sendmmsg([(d, b.getsockname()) for d in payloads([5] * 6)]), 6)
        got = b.recvmmsg(4, 100)
        self.assertEqual([d for d, _ in got], payloads([5] * 4))
        got = b.recvmmsg(4, 100)
        self.assertEqual([d for d, _ in got], payloads([5] * 6)[4:])

    def test_connected_and_buffer_types(self):
        a, b = self.gs_udp()
        a.connect(b.getsockname())
        data = [b'abc', bytearray(b'de'), memoryview(b'fgh')]
        self.assertEqual(a.sendmmsg(data), 3)
        self.assertEqual(a.sendmmsg(iter([b'x', b'y'])), 2)
        got = b.recvmmsg(10, 10)
        while len(got) < 5:
            got += b.recvmmsg(10, 10)
        self.assertEqual([d for d, _ in got], [b'abc', b'de', b'fgh', b'x', b'y'])
        self.assertEqual(a.sendmmsg([]), 0)

    def test_unix_datagram_addresses(self):
        ra, rb = std.socketpair(std.AF_UNIX, std.SOCK_DGRAM)
        ga, gb = gs.socketpair(gs.AF_UNIX, gs.SOCK_DGRAM)
        for s in (ra, rb, ga, gb):
            self.track(s)
            s.settimeout(support.TIMEOUT)
        ra.send(b'one')
        ra.send(b'two')
        want = [rb.recvfrom(100), rb.recvfrom(100)]
        self.assertEqual(ga.sendmmsg([b'one', b'two']), 2)
        got = gb.recvmmsg(2, 100)
        if len(got) < 2:
            got += gb.recvmmsg(1, 100)
        self.assertSameValue('AF_UNIX datagrams', want, got)

    def test_at_most_1024_per_call(self):
        a, b = self.gs_udp()
        b.setsockopt(gs.SOL_SOCKET, gs.SO_RCVBUF, 1 << 20)
        n = a.sendmmsg([(b'z', b.getsockname())] * 1030)
        self.assertEqual(n, 1024)

    def test_nonblocking_eagain_like_recvfrom(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for s in (r, g):
            s.bind(('127.0.0.1', 0))
            s.setblocking(False)
        self.assertSameOutcome('recvmmsg on an empty non-blocking socket',
                               lambda: r.recvfrom(10), lambda: g.recvmmsg(4, 10))

    def test_timeout_like_recvfrom(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM, timeout=0.05)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM, timeout=0.05)
        for s in (r, g):
            s.bind(('127.0.0.1', 0))
        self.assertSameOutcome('recvmmsg past the timeout', lambda: r.recvfrom(10), lambda: g.recvmmsg(4, 10))

    def test_blocking_waits_for_first_only(self):
        # A blocking socket returns as soon as one datagram is there.
        a, b = self.gs_udp()
        b.settimeout(None)
        a.sendto(b'only', b.getsockname())
        self.assertEqual([d for d, _ in b.recvmmsg(8, 10)], [b'only'])

    def test_closed_socket_like_sendto_recvfrom(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        r.close()
        g.close()
        self.assertSameOutcome('sendmmsg on a closed socket', lambda: r.sendto(b'x', ('127.0.0.1', 9)),
                               lambda: g.sendmmsg([(b'x', ('127.0.0.1', 9))]))
        self.assertSameOutcome('recvmmsg on a closed socket', lambda: r.recvfrom(10), lambda: g.recvmmsg(1, 10))

    def assertSameError(self, what, ref_fn, gs_fn, same_message=True):
        rok, rv = support.outcome(ref_fn)
        gok, gv = support.outcome(gs_fn)
        self.assertFalse(rok, '%s: the built-in call did not fail' % what)
        self.assertFalse(gok, '%s: gosocket returned %r' % (what, gv))
        self.assertSameException(what, rv, gv)
        if same_message:
            self.assertEqual(str(rv).replace('sendto', 'sendmmsg').replace('recvfrom', 'recvmmsg'), str(gv), what)

    def test_bad_addresses_like_sendto(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for addr in (1, ('127.0.0.1',), ('127.0.0.1', 70000), ('127.0.0.1', -1), ('127.0.0.1', 'x'),
                     (1, 2), None, ('127.0.0.1', 2 ** 70)):
            self.assertSameError('address %r' % (addr,), lambda: r.sendto(b'x', addr),
                                 lambda: g.sendmmsg([(b'x', addr)]))
        # The bad address is the second one: nothing is sent.
        self.assertSameError('second address bad', lambda: r.sendto(b'x', 5),
                             lambda: g.sendmmsg([(b'x', ('127.0.0.1', 9)), (b'y', 5)]))

    def test_unresolvable_host_like_sendto(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        addr = ('no-such-host.invalid', 9)
        self.assertSameOutcome('unresolvable host', lambda: r.sendto(b'x', addr),
                               lambda: g.sendmmsg([(b'x', addr)]))

    def test_bad_data_like_sendto(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        addr = ('127.0.0.1', 9)
        for data in (1, None, [b'x'], u'text' if PY2 else 'text'):
            if PY2 and isinstance(data, unicode):  # noqa: F821 (2.7 sends ASCII text)
                continue
            self.assertSameError('data %r' % (data,), lambda: r.sendto(data, addr),
                                 lambda: g.sendmmsg([(data, addr)]), same_message=False)
            self.assertSameError('bare data %r' % (data,), lambda: r.sendto(data, addr),
                                 lambda: g.sendmmsg([data]), same_message=False)

    def test_bad_messages_argument(self):
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for bad in (1, None):
            self.assertRaises(TypeError, g.sendmmsg, bad)
        for bad in ([(b'x',)], [(b'x', ('127.0.0.1', 9), 0)], [()]):
            self.assertRaises(TypeError, g.sendmmsg, bad)
        self.assertRaises(TypeError, g.sendmmsg)
        self.assertRaises(TypeError, g.sendmmsg, [], 'flags')
        self.assertRaises(TypeError, g.sendmmsg, [], 0, 1)

    def test_bad_recv_arguments(self):
        r = self.sock(std, std.AF_INET, std.SOCK_DGRAM)
        g = self.sock(gs, gs.AF_INET, gs.SOCK_DGRAM)
        for size in (-1, 'x', 1.5, 2 ** 70, None):
            self.assertSameError('bufsize %r' % (size,), lambda: r.recvfrom(size), lambda: g.recvmmsg(1, size),
                                 same_message=not isinstance(size, str) or not PY2)
        for count in (0, -1, 1025):
            self.assertRaises(ValueError, g.recvmmsg, count, 10)
        for count in ('x', 1.5, None):
            self.assertRaises(TypeError, g.recvmmsg, count, 10)
        self.assertRaises(OverflowError, g.recvmmsg, 2 ** 70, 10)
        self.assertRaises(MemoryError, g.recvmmsg, 1024, sys.maxsize // 2)
        self.assertRaises(TypeError, g.recvmmsg, 1)
        self.assertRaises(TypeError, g.recvmmsg, 1, 10, 'flags')


if __name__ == '__main__':
    unittest.main()
