"""python -m gosocket prog.py prints what python prog.py prints, exits with
its status and shows its traceback, for a program doing HTTPS against a
local server; and the program's socket module is over gosocket."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import common

PROG = textwrap.dedent('''
    import os, sys, threading
    import socket, ssl
    if sys.version_info[0] == 2:
        import BaseHTTPServer as hs, httplib as hc
    else:
        import http.server as hs, http.client as hc
    certdir = os.path.join(os.path.dirname(os.__file__), 'test')
    if os.path.isdir(os.path.join(certdir, 'certdata')):
        certdir = os.path.join(certdir, 'certdata')

    class H(hs.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass
        def do_GET(self):
            body = ('hello %s' % self.path).encode('ascii') * 1000
            self.send_response(200)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = hs.HTTPServer(('127.0.0.1', 0), H)
    sctx = ssl.SSLContext(getattr(ssl, 'PROTOCOL_TLS_SERVER', ssl.PROTOCOL_SSLv23))
    sctx.load_cert_chain(os.path.join(certdir, 'keycert3.pem'))
    srv.socket = sctx.wrap_socket(srv.socket, server_side=True)
    t = threading.Thread(target=srv.handle_request)
    t.start()
    cctx = ssl.SSLContext(getattr(ssl, 'PROTOCOL_TLS_CLIENT', ssl.PROTOCOL_SSLv23))
    cctx.verify_mode = ssl.CERT_REQUIRED
    cctx.check_hostname = True
    cctx.load_verify_locations(os.path.join(certdir, 'pycacert.pem'))
    c = hc.HTTPSConnection('localhost', srv.server_address[1], context=cctx, timeout=10)
    c.connect()
    subject = c.sock.getpeercert()['subject']
    c.request('GET', '/' + '/'.join(sys.argv[1:]))
    r = c.getresponse()
    body = r.read()
    print(r.status, len(body), body[:40])
    print(subject)
    print(__name__, sys.argv[1:], sorted(k for k in globals() if k.startswith('__')))
    t.join()
    srv.server_close()
    if os.environ.get('SHOW_SOCKET'):
        sys.stderr.write('_socket=%s\\n' % socket._socket.__name__)
    if 'fail' in sys.argv:
        def inner():
            raise ValueError('failing as asked')
        inner()
    sys.exit(int(sys.argv[-1]) if sys.argv[-1].isdigit() else 0)
''')


class RunnerTest(unittest.TestCase):

    def setUp(self):
        fd, self.prog = tempfile.mkstemp(suffix='.py', prefix='gs_prog_')
        os.write(fd, PROG.encode('ascii'))
        os.close(fd)
        self.addCleanup(os.remove, self.prog)
        self.env = dict(os.environ)
        self.env['PYTHONPATH'] = os.path.dirname(os.path.dirname(common.gosocket.__file__))

    def run_prog(self, args, runner, env=None):
        cmd = [sys.executable] + (['-m', 'gosocket'] if runner else []) + [self.prog] + args
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or self.env,
                             cwd=os.path.dirname(self.prog))
        out, err = p.communicate()
        return p.returncode, out.decode('utf-8'), err.decode('utf-8')

    def assertSameRun(self, args):
        plain = self.run_prog(args, False)
        self.assertEqual(self.run_prog(args, True), plain)
        return plain

    def test_https_program_prints_the_same(self):
        code, out, err = self.assertSameRun(['x', 'y'])
        self.assertEqual(code, 0)
        self.assertIn('200, 10000, ' if sys.version_info[0] == 2 else '200 10000 ', out)
        self.assertIn('hello /x/yhello /x/y', out)
        self.assertIn("'commonName', u'localhost'" if sys.version_info[0] == 2 else "'commonName', 'localhost'", out)
        self.assertIn("__main__', ['x', 'y']" if sys.version_info[0] == 2 else "__main__ ['x', 'y']", out)

    def test_exit_status(self):
        self.assertEqual(self.assertSameRun(['7'])[0], 7)

    def test_traceback(self):
        code, out, err = self.assertSameRun(['fail'])
        self.assertEqual(code, 1)
        self.assertIn('ValueError: failing as asked', err)
        self.assertIn('in inner', err)
        self.assertNotIn('gosocket', err)

    def test_program_runs_over_gosocket(self):
        env = dict(self.env, SHOW_SOCKET='1')
        self.assertIn('_socket=gosocket._socket', self.run_prog([], True, env)[2])
        self.assertIn('_socket=_socket', self.run_prog([], False, env)[2])


if __name__ == '__main__':
    unittest.main()
