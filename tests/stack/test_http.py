"""HTTP and HTTPS (http.client/httplib, urllib.request/urllib2) against a
local http.server/BaseHTTPServer; socketserver's threading and forking
servers; an xmlrpc round trip. All over gosocket."""
import os
import sys
import unittest

import common
from common import PY2, TIMEOUT, Thread, socket

if PY2:
    import BaseHTTPServer as http_server
    import httplib as http_client
    import SocketServer as socketserver
    import urllib2 as urlreq
    import SimpleXMLRPCServer as xmlrpc_server
    import xmlrpclib as xmlrpc_client
else:
    import http.server as http_server
    import http.client as http_client
    import socketserver
    import urllib.request as urlreq
    import xmlrpc.server as xmlrpc_server
    import xmlrpc.client as xmlrpc_client

BIG = os.urandom(300000)


class Handler(http_server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def reply(self, body, ctype='application/octet-stream'):
        self.send_response(200)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == '/big':
            self.reply(BIG)
        else:
            self.reply(('path=%s' % self.path).encode('ascii'), 'text/plain')

    def do_POST(self):
        n = int(self.headers['Content-Length'])
        self.reply(b'got:' + self.rfile.read(n))


class HTTPServer(socketserver.ThreadingMixIn, http_server.HTTPServer):
    daemon_threads = True


def start_server(tls=False):
    srv = HTTPServer(('127.0.0.1', 0), Handler)
    if tls:
        srv.socket = common.server_context().wrap_socket(srv.socket, server_side=True)
    t = Thread(srv.serve_forever, 0.05)
    t.start()
    return srv, t


class HTTPTest(unittest.TestCase):
    tls = False

    def setUp(self):
        self.srv, self.thread = start_server(self.tls)
        common.assertGosocket(self, self.srv.socket)

        def stop():
            self.srv.shutdown()
            self.srv.server_close()
            self.thread.join()
        self.addCleanup(stop)
        self.port = self.srv.server_address[1]
        self.base = '%s://localhost:%d' % ('https' if self.tls else 'http', self.port)

    def conn(self):
        if self.tls:
            return http_client.HTTPSConnection('localhost', self.port, timeout=TIMEOUT,
                                               context=common.client_context())
        return http_client.HTTPConnection('127.0.0.1', self.port, timeout=TIMEOUT)

    def test_client_get_post_keepalive(self):
        c = self.conn()
        for path in ('/a', '/b?x=1'):
            c.request('GET', path)
            r = c.getresponse()
            self.assertEqual((r.status, r.read()), (200, ('path=' + path).encode('ascii')))
        common.assertGosocket(self, c.sock)
        c.request('POST', '/p', body=b'x' * 70000, headers={'Content-Type': 'application/octet-stream'})
        r = c.getresponse()
        self.assertEqual(r.read(), b'got:' + b'x' * 70000)
        c.request('GET', '/big')
        self.assertEqual(c.getresponse().read(), BIG)
        c.close()

    def test_urlopen(self):
        kw = {'context': common.client_context()} if self.tls else {}
        r = urlreq.urlopen(self.base + '/u', timeout=TIMEOUT, **kw)
        self.assertEqual(r.read(), b'path=/u')
        r.close()
        req = urlreq.Request(self.base + '/p', data=b'posted')
        r = urlreq.urlopen(req, timeout=TIMEOUT, **kw)
        self.assertEqual((r.getcode(), r.read()), (200, b'got:posted'))
        r.close()
        r = urlreq.urlopen(self.base + '/big', timeout=TIMEOUT, **kw)
        self.assertEqual(r.read(), BIG)
        r.close()


class HTTPSTest(HTTPTest):
    tls = True


class UpperHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in iter(self.rfile.readline, b''):
            self.wfile.write(('%d:' % os.getpid()).encode('ascii') + line.upper())


def talk(addr, n=3):
    s = socket.create_connection(addr, TIMEOUT)
    f = s.makefile('rwb')
    out = []
    for i in range(n):
        f.write(b'line %d\n' % i if not PY2 else 'line %d\n' % i)
        f.flush()
        out.append(f.readline())
    f.close()
    s.close()
    return out


class SocketServerTest(unittest.TestCase):

    def test_threading_server(self):
        srv = socketserver.ThreadingTCPServer(('127.0.0.1', 0), UpperHandler)
        srv.daemon_threads = True
        common.assertGosocket(self, srv.socket)
        t = Thread(srv.serve_forever, 0.05)
        t.start()
        try:
            threads = [Thread(talk, srv.server_address) for _ in range(8)]
            for c in threads:
                c.start()
            for c in threads:
                got = c.join()
                self.assertEqual([l.split(b':', 1)[1] for l in got], [b'LINE 0\n', b'LINE 1\n', b'LINE 2\n'])
                self.assertEqual(set(l.split(b':')[0] for l in got), set([str(os.getpid()).encode()]))
        finally:
            srv.shutdown()
            srv.server_close()
            t.join()

    @unittest.skipUnless(hasattr(os, 'fork'), 'fork')
    def test_forking_server(self):
        # The forking server runs in a fresh process of its own, with gosocket
        # installed as this one has it, single-threaded as such servers are,
        # and forks per client. (Not forked from this process: threads of
        # earlier tests that used gosocket have ended here, which leaves
        # forked children unusable: README, Safety: fork.)
        import subprocess
        import gosocket
        code = '\n'.join([
            'import sys',
            'sys.path[:0] = %r' % [os.path.dirname(os.path.dirname(os.path.abspath(gosocket.__file__))),
                                   os.path.dirname(os.path.abspath(__file__))],
            'import gosocket',
            'if not %r: gosocket.install()' % common.BUILTIN,
            'try:',
            '    import socketserver',
            'except ImportError:',
            '    import SocketServer as socketserver',
            'from test_http import UpperHandler',
            'srv = socketserver.ForkingTCPServer(("127.0.0.1", 0), UpperHandler)',
            'sys.stdout.write("%d\\n" % srv.server_address[1])',
            'sys.stdout.flush()',
            'for _ in range(3):',
            '    srv.handle_request()',
            'srv.server_close()',
            ''])
        p = subprocess.Popen([sys.executable, '-c', code], stdout=subprocess.PIPE)
        try:
            addr = ('127.0.0.1', int(p.stdout.readline()))
            pids = set()
            for _ in range(3):
                got = talk(addr)
                self.assertEqual([l.split(b':', 1)[1] for l in got], [b'LINE 0\n', b'LINE 1\n', b'LINE 2\n'])
                pids.add(got[0].split(b':')[0])
            self.assertEqual(p.wait(), 0)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            p.stdout.close()
        self.assertEqual(len(pids), 3)  # one child per connection
        self.assertNotIn(str(p.pid).encode(), pids)


class XMLRPCTest(unittest.TestCase):

    def test_round_trip(self):
        srv = xmlrpc_server.SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False, allow_none=True)
        srv.register_function(lambda a, b: a + b, 'add')
        srv.register_function(lambda d: sorted(d.items()), 'items')
        srv.register_function(lambda b: xmlrpc_client.Binary(b.data[::-1]), 'rev')
        t = Thread(srv.serve_forever, 0.05)
        t.start()
        try:
            p = xmlrpc_client.ServerProxy('http://127.0.0.1:%d/' % srv.server_address[1], allow_none=True)
            self.assertEqual(p.add(2, 3), 5)
            self.assertEqual(p.add('a', 'b'), 'a' + 'b')
            self.assertEqual(p.items({'x': 1, 'y': [1, 2]}), [['x', 1], ['y', [1, 2]]])
            self.assertEqual(p.rev(xmlrpc_client.Binary(b'\x00\x01abc')).data, b'cba\x01\x00')
            with self.assertRaises(xmlrpc_client.Fault):
                p.nosuch()
        finally:
            srv.shutdown()
            srv.server_close()
            t.join()


if __name__ == '__main__':
    unittest.main()
