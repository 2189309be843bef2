"""AF_INET6 over the ::1 loopback: (host, port[, flowinfo[, scope_id]])
addresses in, 4-tuples out; TCP and UDP traffic; IPv6 options and
address errors.  Skipped when ::1 is unavailable."""

import errno
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2


@unittest.skipUnless(support.HAVE_IPV6_LOOPBACK, 'no IPv6 loopback (::1)')
class Inet6Test(support.TestCase):

    def pair_of_sockets(self, type_=None):
        type_ = ref.SOCK_STREAM if type_ is None else type_
        return (self.sock(ref, ref.AF_INET6, type_),
                self.sock(gs, gs.AF_INET6, type_))

    def test_getsockname_is_4_tuple(self):
        r, g = self.pair_of_sockets()
        r.bind(('::1', 0))
        g.bind(('::1', 0))
        addr = g.getsockname()
        self.assertEqual(len(addr), 4)
        self.assertEqual(addr[0], '::1')
        self.assertGreater(addr[1], 0)
        self.assertEqual(addr[2:], (0, 0))
        self.assertEqual(support.shape(r.getsockname()), support.shape(addr))

    def test_unbound_getsockname_like_builtin(self):
        for type_ in (ref.SOCK_STREAM, ref.SOCK_DGRAM):
            r, g = self.pair_of_sockets(type_)
            self.assertSameMethod(r, g, 'getsockname')

    def test_bind_accepts_2_3_and_4_tuples(self):
        for addr in (('::1', 0), ('::1', 0, 0), ('::1', 0, 0, 0)):
            g = self.sock(gs, gs.AF_INET6, gs.SOCK_STREAM)
            self.assertIsNone(g.bind(addr))
            self.assertEqual(g.getsockname()[0], '::1')

    def test_bind_address_forms_like_builtin(self):
        for addr in (('::1', 0, 5), ('::1', 0, 0, 1),
                     ('::ffff:127.0.0.1', 0), ('0:0:0:0:0:0:0:1', 0),
                     ('127.0.0.1', 0), ('localhost', 0),
                     ('nonexistent.invalid', 0)):
            r, g = self.pair_of_sockets(ref.SOCK_DGRAM)
            rv, _ = self.assertSameMethod(r, g, 'bind', addr)
            if rv is None:
                self.assertSameValue('getsockname()[0] after bind(%r)'
                                     % (addr,), r.getsockname()[0],
                                     g.getsockname()[0])

    def test_tcp_connect_accept_reports_4_tuples(self):
        lsock = self.listener(gs, gs.AF_INET6)
        c = self.sock(gs, gs.AF_INET6, gs.SOCK_STREAM)
        c.connect(lsock.getsockname()[:2])
        conn, addr = lsock.accept()
        self.track(conn)
        conn.settimeout(support.TIMEOUT)
        self.assertEqual(addr, c.getsockname())
        self.assertEqual(len(addr), 4)
        self.assertEqual(c.getpeername(), lsock.getsockname())
        self.assertEqual(conn.getpeername(), c.getsockname())
        c.sendall(b'six')
        self.assertEqual(support.recv_exactly(conn, 3), b'six')

    def test_accept_address_shape_like_builtin(self):
        addrs = []
        for M in (ref, gs):
            lsock = self.listener(M, M.AF_INET6)
            c = self.sock(M, M.AF_INET6, M.SOCK_STREAM)
            c.connect(lsock.getsockname())
            addrs.append(self.accept(lsock)[1])
        self.assertEqual(support.shape(addrs[0]), support.shape(addrs[1]))

    def test_udp_sendto_recvfrom(self):
        a, b = self.udp_pair(gs, gs.AF_INET6)
        self.assertEqual(a.sendto(b'v6', b.getsockname()), 2)
        data, addr = b.recvfrom(10)
        self.assertEqual(data, b'v6')
        self.assertEqual(addr, a.getsockname())
        a.sendto(b'2t', ('::1', b.getsockname()[1]))
        self.assertEqual(b.recvfrom(10), (b'2t', a.getsockname()))

    def test_port_and_flowinfo_range_errors_like_builtin(self):
        r, g = self.pair_of_sockets()
        for addr in (('::1', 65536), ('::1', -1), ('::1', 0, 2 ** 20),
                     ('::1', 0, -1), ('::1', 0, 0, 2 ** 32),
                     ('::1', 0, 0, -1)):
            self.assertSameMethod(r, g, 'bind', addr)

    def test_bad_address_arity_and_types_like_builtin(self):
        r, g = self.pair_of_sockets()
        for addr in (('::1',), ('::1', 0, 0, 0, 0), '::1', ('::1', 'x'),
                     (1, 0), ('::1', 0, 'x'), None):
            self.assertSameMethod(r, g, 'bind', addr)

    def test_v6only_option_like_builtin(self):
        r, g = self.pair_of_sockets()
        self.assertSameMethod(r, g, 'getsockopt', ref.IPPROTO_IPV6,
                              ref.IPV6_V6ONLY)
        self.assertSameMethod(r, g, 'setsockopt', ref.IPPROTO_IPV6,
                              ref.IPV6_V6ONLY, 1)
        self.assertSameMethod(r, g, 'getsockopt', ref.IPPROTO_IPV6,
                              ref.IPV6_V6ONLY)

    def test_unicast_hops_option_like_builtin(self):
        r, g = self.pair_of_sockets(ref.SOCK_DGRAM)
        self.assertSameMethod(r, g, 'setsockopt', ref.IPPROTO_IPV6,
                              ref.IPV6_UNICAST_HOPS, 7)
        self.assertSameMethod(r, g, 'getsockopt', ref.IPPROTO_IPV6,
                              ref.IPV6_UNICAST_HOPS)

    def test_v4_mapped_loopback_peer_address_like_builtin(self):
        # IPv6 listener on ::ffff:127.0.0.1 accepting an IPv4 client
        outcomes = []
        for M in (ref, gs):
            lsock = self.sock(M, M.AF_INET6, M.SOCK_STREAM)
            lsock.setsockopt(M.IPPROTO_IPV6, M.IPV6_V6ONLY, 0)

            def scenario(M=M, lsock=lsock):
                lsock.bind(('::ffff:127.0.0.1', 0))
                lsock.listen(1)
                c = self.sock(M, M.AF_INET, M.SOCK_STREAM)
                c.connect(('127.0.0.1', lsock.getsockname()[1]))
                conn, addr = self.accept(lsock)
                return (lsock.getsockname()[0], addr[0], len(addr),
                        conn.getsockname()[0], c.getpeername()[0])
            outcomes.append(scenario)
        self.assertSameOutcome('v4-mapped accept', *outcomes)

    def test_connect_ex_refused(self):
        results = []
        for M in (ref, gs):
            holder = self.sock(M, M.AF_INET6, M.SOCK_STREAM)
            holder.bind(('::1', 0))
            s = self.sock(M, M.AF_INET6, M.SOCK_STREAM)
            results.append(s.connect_ex(holder.getsockname()))
        self.assertSameValue('connect_ex(closed ::1 port)', results[0],
                             results[1])
        self.assertEqual(results[1], errno.ECONNREFUSED)

    def test_create_connection_over_ipv6(self):
        lsock = self.listener(gs, gs.AF_INET6)
        s = self.track(gs.create_connection(('::1', lsock.getsockname()[1]),
                                            support.TIMEOUT))
        self.assertEqual(s.family, gs.AF_INET6)
        self.assertEqual(s.getpeername(), lsock.getsockname())

    def test_ipv4_address_on_ipv6_socket_like_builtin(self):
        r, g = self.pair_of_sockets()
        self.assertSameMethod(r, g, 'connect', ('127.0.0.1', 9))
        r4 = self.sock(ref, ref.AF_INET, ref.SOCK_STREAM)
        g4 = self.sock(gs, gs.AF_INET, gs.SOCK_STREAM)
        self.assertSameMethod(r4, g4, 'bind', ('::1', 0))


if __name__ == '__main__':
    unittest.main()
