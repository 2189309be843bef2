"""TLS (the ssl module) over gosocket sockets, TCP and AF_UNIX: handshake,
read/write, sendall, recv_into, makefile, a non-blocking handshake driven
by select, a handshake that times out, unwrap, SNI and certificate checks."""
import os
import select
import threading
import unittest

import common
from common import PY2, TIMEOUT, Thread, socket, ssl


def listener(family):
    if family == socket.AF_UNIX:
        path = common.unix_path()
        s = socket.socket(socket.AF_UNIX)
        s.bind(path)
        addr = path
    else:
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        addr = s.getsockname()
    s.listen(5)
    s.settimeout(TIMEOUT)
    return s, addr


def connect(family, addr):
    c = socket.socket(family)
    c.settimeout(TIMEOUT)
    c.connect(addr)
    return c


class TLSTest(unittest.TestCase):
    family = socket.AF_INET

    def setUp(self):
        self.lsn, self.addr = listener(self.family)
        self.addCleanup(self.lsn.close)
        self.addCleanup(common.cleanup_dirs)

    def serve(self, handler, ctx=None):
        """Accept one connection in a thread, wrap it server-side and run
        handler(tls_socket); returns the thread."""
        ctx = ctx or common.server_context()

        def run():
            conn, _ = self.lsn.accept()
            conn.settimeout(TIMEOUT)
            s = ctx.wrap_socket(conn, server_side=True)
            try:
                return handler(s)
            finally:
                s.close()
        t = Thread(run)
        t.start()
        return t

    def client(self, hostname='localhost', ctx=None):
        c = connect(self.family, self.addr)
        common.assertGosocket(self, c)
        s = (ctx or common.client_context()).wrap_socket(c, server_hostname=hostname)
        self.addCleanup(s.close)
        return s

    def test_handshake_read_write(self):
        def echo(s):
            common.assertGosocket(self, s)
            data = s.read(100)
            s.write(data.upper())
            return s.version() if hasattr(s, 'version') else None
        t = self.serve(echo)
        c = self.client()
        common.assertGosocket(self, c)
        self.assertTrue(c.getpeercert()['subject'])
        c.write(b'hello tls')
        self.assertEqual(c.read(100), b'HELLO TLS')
        t.join()
        self.assertIsNotNone(c.cipher())

    def test_sendall_and_recv_into(self):
        payload = os.urandom(1 << 20)

        def sink(s):
            buf = bytearray(len(payload))
            view, got = memoryview(buf), 0
            while got < len(payload):
                n = s.recv_into(view[got:], min(65536, len(payload) - got))
                if not n:
                    break
                got += n
            s.sendall(str(got).encode())
            return bytes(buf)
        t = self.serve(sink)
        c = self.client()
        c.sendall(payload)
        self.assertEqual(c.recv(64), str(len(payload)).encode())
        self.assertEqual(t.join(), payload)

    def test_makefile(self):
        def lines(s):
            f = s.makefile('rwb')
            for line in iter(f.readline, b''):
                f.write(b'> ' + line)
                f.flush()
                if line == b'bye\n':
                    break
            f.close()
        t = self.serve(lines)
        c = self.client()
        f = c.makefile('rwb')
        for word in (b'one', b'two', b'bye'):
            f.write(word + b'\n')
            f.flush()
            self.assertEqual(f.readline(), b'> ' + word + b'\n')
        f.close()
        t.join()

    def test_nonblocking_handshake_with_select(self):
        # The server starts its side only once the client has had to wait,
        # so the client's first attempt must report SSLWantReadError.
        go = threading.Event()
        ctx = common.server_context()

        def server():
            conn, _ = self.lsn.accept()
            conn.settimeout(TIMEOUT)
            go.wait(TIMEOUT)
            s = ctx.wrap_socket(conn, server_side=True)
            s.sendall(s.recv(10))
            s.close()
        t = Thread(server)
        t.start()
        c = connect(self.family, self.addr)
        c.setblocking(False)
        s = common.client_context().wrap_socket(c, server_hostname='localhost', do_handshake_on_connect=False)
        self.addCleanup(s.close)
        waits = []
        while True:
            try:
                s.do_handshake()
                break
            except ssl.SSLWantReadError:
                waits.append('read')
                go.set()
                self.assertTrue(select.select([s], [], [], TIMEOUT)[0])
            except ssl.SSLWantWriteError:
                waits.append('write')
                self.assertTrue(select.select([], [s], [], TIMEOUT)[1])
        self.assertEqual(waits[0], 'read')
        s.setblocking(True)
        s.sendall(b'ping')
        self.assertEqual(s.recv(10), b'ping')
        t.join()

    def test_handshake_timeout(self):
        # The peer accepts but never speaks TLS: the handshake times out.
        gave_up = threading.Event()

        def silent():
            conn, _ = self.lsn.accept()
            gave_up.wait(TIMEOUT)  # reading nothing, answering nothing
            conn.close()
        t = Thread(silent)
        t.start()
        c = connect(self.family, self.addr)
        c.settimeout(0.3)
        ctx = common.client_context()
        # 3.x: socket.timeout; 2.7's _ssl: SSLError('... timed out')
        with self.assertRaises(ssl.SSLError if PY2 else socket.timeout) as cm:
            s = ctx.wrap_socket(c, server_hostname='localhost')
            s.close()
        self.assertIn('timed out', str(cm.exception))
        gave_up.set()
        c.close()
        t.join()

    def test_unwrap(self):
        def server(s):
            self.assertEqual(s.recv(10), b'secret')
            plain = s.unwrap()
            common.assertGosocket(self, plain)
            plain.sendall(b'clear:' + plain.recv(10))
            plain.close()
        t = self.serve(server)
        c = self.client()
        c.sendall(b'secret')
        plain = c.unwrap()
        self.addCleanup(plain.close)
        common.assertGosocket(self, plain)
        plain.sendall(b'text')
        got = b''
        while len(got) < 10:
            chunk = plain.recv(10)
            if not chunk:
                break
            got += chunk
        self.assertEqual(got, b'clear:text')
        t.join()

    def test_sni_and_hostname_check(self):
        seen = []
        ctx = common.server_context()
        other = common.server_context('keycert.pem')

        def pick(sslobj, name, context):
            seen.append(name)
            if name == 'other.example':
                sslobj.context = other
        if hasattr(ctx, 'sni_callback'):
            ctx.sni_callback = pick
        else:
            ctx.set_servername_callback(pick)

        def echo(s):
            s.sendall(s.recv(10))
        t = self.serve(echo, ctx)
        c = self.client('localhost')
        c.sendall(b'sni')
        self.assertEqual(c.recv(10), b'sni')
        t.join()
        self.assertEqual(seen, ['localhost'])

        # A name the certificate does not carry fails the client's check.
        t = self.serve(lambda s: s.recv(1), ctx)
        with self.assertRaises((ssl.SSLError, ssl.CertificateError)):
            self.client('other.example')
        try:
            t.join()
        except (ssl.SSLError, socket.error):
            pass  # the server saw the client give up
        self.assertEqual(seen, ['localhost', 'other.example'])


class UnixTLSTest(TLSTest):
    family = socket.AF_UNIX


if __name__ == '__main__':
    unittest.main()
