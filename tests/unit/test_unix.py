"""AF_UNIX sockets: filesystem paths given as str or bytes, the Linux
abstract namespace, stream and datagram traffic, address reporting and
errors."""

import errno
import os
import sys
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2

requires_linux = unittest.skipUnless(support.IS_LINUX,
                                     'abstract namespace is Linux-only')


def abstract_name(tag):
    return ('\0gosocket-test-%d-%s-%s' % (os.getpid(), tag,
                                          os.urandom(4).hex()
                                          if not PY2 else
                                          os.urandom(4).encode('hex'))
            ).encode('ascii')


class UnixPathTest(support.TestCase):

    def paths(self, name):
        d = self.tempdir()
        return os.path.join(d, 'ref-' + name), os.path.join(d, 'gs-' + name)

    def test_bind_str_path_getsockname_returns_path(self):
        rpath, gpath = self.paths('s')
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        r.bind(rpath)
        self.assertIsNone(g.bind(gpath))
        self.assertEqual(g.getsockname(), gpath)
        self.assertEqual(support.shape(r.getsockname()),
                         support.shape(g.getsockname()))
        self.assertTrue(os.path.exists(gpath))

    def test_bind_bytes_path_like_builtin(self):
        rpath, gpath = self.paths('b')
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        r.bind(rpath.encode())
        g.bind(gpath.encode())
        rname, gname = r.getsockname(), g.getsockname()
        self.assertEqual(support.shape(rname), support.shape(gname))
        self.assertEqual(gname, gpath if isinstance(gname, str)
                         else gpath.encode())

    def test_non_ascii_path_like_builtin(self):
        d = self.tempdir()
        name = u'sock-\u00e9'
        if sys.getfilesystemencoding().lower().replace('-', '') not in (
                'utf8',):
            self.skipTest('filesystem encoding is not UTF-8')
        rpath = os.path.join(d, u'r' + name)
        gpath = os.path.join(d, u'g' + name)
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        rv, _ = self.assertSameOutcome('bind(non-ASCII path)',
                                       lambda: r.bind(rpath),
                                       lambda: g.bind(gpath))
        if rv is None:
            rname, gname = r.getsockname(), g.getsockname()
            self.assertEqual(support.shape(rname), support.shape(gname))
            self.assertEqual(len(rname), len(gname))

    def test_unbound_getsockname_like_builtin(self):
        for type_ in (ref.SOCK_STREAM, ref.SOCK_DGRAM):
            r = self.sock(ref, ref.AF_UNIX, type_)
            g = self.sock(gs, gs.AF_UNIX, type_)
            self.assertSameMethod(r, g, 'getsockname')

    def test_stream_connect_accept_and_addresses_like_builtin(self):
        results = {}
        for M in (ref, gs):
            path = os.path.join(self.tempdir(), 'srv')
            lsock = self.sock(M, M.AF_UNIX, M.SOCK_STREAM)
            lsock.bind(path)
            lsock.listen(1)
            c = self.sock(M, M.AF_UNIX, M.SOCK_STREAM)
            self.assertIsNone(c.connect(path))
            conn, addr = self.accept(lsock)
            c.sendall(b'over unix')
            self.assertEqual(support.recv_exactly(conn, 9), b'over unix')
            conn.sendall(b'reply')
            self.assertEqual(support.recv_exactly(c, 5), b'reply')
            results[M] = dict(addr=addr, peer=c.getpeername(),
                              csock=c.getsockname(),
                              connsock=conn.getsockname(),
                              connpeer=conn.getpeername(), path=path)
        r, g = results[ref], results[gs]
        self.assertEqual(g['peer'], g['path'])
        self.assertEqual(g['connsock'], g['path'])
        for key in ('addr', 'csock', 'connpeer'):
            self.assertSameValue(key, r[key], g[key])
        for key in ('peer', 'connsock'):
            self.assertEqual(support.shape(r[key]), support.shape(g[key]))

    def test_accept_returns_gosocket_unix_socket(self):
        path = os.path.join(self.tempdir(), 'srv')
        lsock = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        lsock.bind(path)
        lsock.listen(1)
        c = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        c.connect(path)
        conn, _ = lsock.accept()
        self.track(conn)
        self.assertIsInstance(conn, gs.socket)
        self.assertEqual(conn.family, gs.AF_UNIX)

    def test_dgram_recvfrom_reports_sender_path(self):
        d = self.tempdir()
        a = self.sock(gs, gs.AF_UNIX, gs.SOCK_DGRAM)
        b = self.sock(gs, gs.AF_UNIX, gs.SOCK_DGRAM)
        a.bind(os.path.join(d, 'a'))
        b.bind(os.path.join(d, 'b'))
        self.assertEqual(a.sendto(b'msg', os.path.join(d, 'b')), 3)
        data, addr = b.recvfrom(100)
        self.assertEqual(data, b'msg')
        self.assertEqual(addr, os.path.join(d, 'a'))

    def test_dgram_unbound_sender_address_like_builtin(self):
        addrs = []
        for M in (ref, gs):
            path = os.path.join(self.tempdir(), 'b')
            a = self.sock(M, M.AF_UNIX, M.SOCK_DGRAM)
            b = self.sock(M, M.AF_UNIX, M.SOCK_DGRAM)
            b.bind(path)
            a.sendto(b'anon', path)
            data, addr = b.recvfrom(100)
            self.assertEqual(data, b'anon')
            addrs.append(addr)
        self.assertSameValue('recvfrom() address of unbound sender',
                             addrs[0], addrs[1])

    def test_connect_to_missing_path_like_builtin(self):
        d = self.tempdir()
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        missing = os.path.join(d, 'missing')
        _, e = self.assertSameMethod(r, g, 'connect', missing)
        self.assertEqual(e.errno, errno.ENOENT)
        self.assertSameMethod(r, g, 'connect_ex', missing)

    def test_connect_to_path_without_listener_like_builtin(self):
        d = self.tempdir()
        path = os.path.join(d, 'nolisten')
        holder = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        holder.bind(path)
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        self.assertSameMethod(r, g, 'connect', path)

    def test_bind_existing_path_raises_eaddrinuse(self):
        d = self.tempdir()
        rpath, gpath = os.path.join(d, 'r'), os.path.join(d, 'g')
        for M, p in ((ref, rpath), (gs, gpath)):
            self.sock(M, M.AF_UNIX, M.SOCK_STREAM).bind(p)
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        _, e = self.assertSameOutcome('bind(existing path)',
                                      lambda: r.bind(rpath),
                                      lambda: g.bind(gpath))
        self.assertEqual(e.errno, errno.EADDRINUSE)

    def test_path_too_long_like_builtin(self):
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        for n in (107, 108, 200):
            self.assertSameMethod(r, g, 'bind', '/tmp/' + 'x' * n)

    def test_bad_address_types_like_builtin(self):
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        for addr in (1, None, ('/tmp/x', 0), ['/tmp/x'], bytearray(b'')):
            self.assertSameMethod(r, g, 'connect', addr)

    def test_empty_path_autobinds_like_builtin(self):
        for addr in ('', b''):
            r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
            g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
            rv, _ = self.assertSameMethod(r, g, 'bind', addr)
            if rv is None:
                # Linux autobind: a random name in the abstract namespace
                rname, gname = r.getsockname(), g.getsockname()
                self.assertEqual(support.shape(rname), support.shape(gname))
                self.assertEqual(len(rname), len(gname))
                self.assertEqual(rname[:1], gname[:1])


@requires_linux
class AbstractNamespaceTest(support.TestCase):

    def test_bytes_name_round_trips_through_getsockname(self):
        rname, gname = abstract_name('r'), abstract_name('g')
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        r.bind(rname)
        g.bind(gname)
        self.assertEqual(g.getsockname(), gname)
        self.assertIs(type(g.getsockname()), type(r.getsockname()))

    def test_str_name_accepted_like_builtin(self):
        rname = abstract_name('r').decode('ascii')
        gname = abstract_name('g').decode('ascii')
        r = self.sock(ref, ref.AF_UNIX, ref.SOCK_STREAM)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        rv, _ = self.assertSameOutcome('bind(str abstract name)',
                                       lambda: r.bind(rname),
                                       lambda: g.bind(gname))
        if rv is None:
            self.assertEqual(g.getsockname(), gname.encode('ascii'))
            self.assertIs(type(g.getsockname()), type(r.getsockname()))

    def test_connect_accept_over_abstract_name(self):
        name = abstract_name('c')
        lsock = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        lsock.bind(name)
        lsock.listen(1)
        c = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        c.connect(name)
        conn, _ = lsock.accept()
        self.track(conn)
        conn.settimeout(support.TIMEOUT)
        self.assertEqual(c.getpeername(), name)
        c.sendall(b'abstract')
        self.assertEqual(support.recv_exactly(conn, 8), b'abstract')

    def test_dgram_recvfrom_reports_abstract_sender(self):
        an, bn = abstract_name('a'), abstract_name('b')
        a = self.sock(gs, gs.AF_UNIX, gs.SOCK_DGRAM)
        b = self.sock(gs, gs.AF_UNIX, gs.SOCK_DGRAM)
        a.bind(an)
        b.bind(bn)
        a.sendto(b'x', bn)
        self.assertEqual(b.recvfrom(10), (b'x', an))

    def test_abstract_name_with_embedded_nul_bytes(self):
        name = abstract_name('n') + b'\0tail'
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_DGRAM)
        g.bind(name)
        self.assertEqual(g.getsockname(), name)

    def test_abstract_name_in_use_raises_eaddrinuse(self):
        name = abstract_name('u')
        self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM).bind(name)
        g = self.sock(gs, gs.AF_UNIX, gs.SOCK_STREAM)
        self.assertRaisesErrno(gs.error, errno.EADDRINUSE, g.bind, name)


if __name__ == '__main__':
    unittest.main()
