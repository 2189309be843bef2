"""select.select, select.poll, select.epoll and selectors (3.x) over
gosocket sockets: readiness as the kernel reports it."""
import select
import unittest

import common
from common import PY2, TIMEOUT, socket

if not PY2:
    import selectors


class SelectTest(unittest.TestCase):

    def setUp(self):
        self.a, self.b = socket.socketpair()
        common.assertGosocket(self, self.a)
        self.addCleanup(self.a.close)
        self.addCleanup(self.b.close)

    def test_select(self):
        self.assertEqual(select.select([self.a], [], [], 0), ([], [], []))
        r, w, x = select.select([self.a], [self.a], [], TIMEOUT)
        self.assertEqual((r, w), ([], [self.a]))
        self.b.sendall(b'x')
        r, w, x = select.select([self.a, self.b], [], [], TIMEOUT)
        self.assertEqual(r, [self.a])
        self.assertEqual(self.a.recv(1), b'x')
        self.assertEqual(select.select([self.a], [], [], 0)[0], [])

    def test_poll(self):
        p = select.poll()
        p.register(self.a, select.POLLIN)
        self.assertEqual(p.poll(0), [])
        self.b.sendall(b'y')
        self.assertEqual(p.poll(TIMEOUT * 1000), [(self.a.fileno(), select.POLLIN)])
        self.a.recv(1)
        self.b.close()
        ev = dict(p.poll(TIMEOUT * 1000))
        self.assertTrue(ev[self.a.fileno()] & (select.POLLIN | select.POLLHUP))
        self.assertEqual(self.a.recv(1), b'')

    @unittest.skipUnless(hasattr(select, 'epoll'), 'epoll')
    def test_epoll(self):
        ep = select.epoll()
        self.addCleanup(ep.close)
        ep.register(self.a.fileno(), select.EPOLLIN | select.EPOLLOUT)
        self.assertEqual(ep.poll(TIMEOUT), [(self.a.fileno(), select.EPOLLOUT)])
        self.b.sendall(b'z')
        self.assertEqual(ep.poll(TIMEOUT), [(self.a.fileno(), select.EPOLLIN | select.EPOLLOUT)])
        ep.modify(self.a.fileno(), select.EPOLLIN)
        self.assertEqual(self.a.recv(1), b'z')
        self.assertEqual(ep.poll(0), [])

    @unittest.skipIf(PY2, 'selectors is 3.x')
    def test_selectors(self):
        for name in ('DefaultSelector', 'SelectSelector', 'PollSelector', 'EpollSelector'):
            if not hasattr(selectors, name):
                continue
            sel = getattr(selectors, name)()
            try:
                sel.register(self.a, selectors.EVENT_READ, 'a')
                self.assertEqual(sel.select(0), [])
                self.b.sendall(b'q')
                [(key, ev)] = sel.select(TIMEOUT)
                self.assertEqual((key.fileobj, key.data, ev), (self.a, 'a', selectors.EVENT_READ))
                self.assertEqual(self.a.recv(1), b'q')
            finally:
                sel.close()

    def test_accept_readiness(self):
        lsn = socket.socket()
        self.addCleanup(lsn.close)
        lsn.bind(('127.0.0.1', 0))
        lsn.listen(1)
        lsn.setblocking(False)
        self.assertEqual(select.select([lsn], [], [], 0)[0], [])
        c = socket.create_connection(lsn.getsockname(), TIMEOUT)
        self.addCleanup(c.close)
        self.assertEqual(select.select([lsn], [], [], TIMEOUT)[0], [lsn])
        conn, _ = lsn.accept()
        conn.close()


if __name__ == '__main__':
    unittest.main()
