"""smtplib (with STARTTLS) and poplib (over TLS, POP3_SSL) against small
local servers written here, over gosocket."""
import unittest

import common
from common import PY2, TIMEOUT, Thread, socket

import poplib
import smtplib

if PY2:
    import SocketServer as socketserver
else:
    import socketserver


class SMTPHandler(socketserver.StreamRequestHandler):
    """Enough of RFC 5321 for smtplib.sendmail, with STARTTLS."""

    def send(self, line):
        self.wfile.write(line.encode('ascii') + b'\r\n')
        self.wfile.flush()

    def handle(self):
        self.server.mails = getattr(self.server, 'mails', [])
        rfile, tls = self.rfile, False
        self.send('220 localhost test server')
        mail = {}
        while True:
            line = rfile.readline()
            if not line:
                return
            cmd = line.strip().decode('ascii')
            verb = cmd.split(' ')[0].upper()
            if verb in ('EHLO', 'HELO'):
                self.send('250-localhost' if not tls else '250-localhost tls')
                self.send('250 STARTTLS' if not tls else '250 8BITMIME')
            elif verb == 'STARTTLS':
                self.send('220 go ahead')
                conn = common.server_context().wrap_socket(self.connection, server_side=True)
                common.assertGosocket(self.server.testcase, conn)
                self.connection, tls = conn, True
                rfile, self.wfile = conn.makefile('rb'), conn.makefile('wb')
            elif verb == 'MAIL':
                mail = {'from': cmd[10:], 'tls': tls}
                self.send('250 ok')
            elif verb == 'RCPT':
                mail.setdefault('to', []).append(cmd[8:])
                self.send('250 ok')
            elif verb == 'DATA':
                self.send('354 end with .')
                body = []
                for l in iter(rfile.readline, b''):
                    if l == b'.\r\n':
                        break
                    body.append(l)
                mail['data'] = b''.join(body)
                self.server.mails.append(mail)
                self.send('250 queued')
            elif verb == 'QUIT':
                self.send('221 bye')
                return
            else:
                self.send('502 no')


class POP3Handler(socketserver.StreamRequestHandler):
    MESSAGES = [b'Subject: one\r\n\r\nfirst body\r\n', b'Subject: two\r\n\r\n' + b'line\r\n' * 2000]

    def send(self, line):
        self.wfile.write(line + b'\r\n')
        self.wfile.flush()

    def handle(self):
        self.send(b'+OK ready')
        for line in iter(self.rfile.readline, b''):
            args = line.strip().split(b' ')
            verb = args[0].upper()
            if verb in (b'USER', b'PASS'):
                self.send(b'+OK')
            elif verb == b'STAT':
                self.send(('+OK %d %d' % (len(self.MESSAGES), sum(map(len, self.MESSAGES)))).encode('ascii'))
            elif verb == b'RETR':
                msg = self.MESSAGES[int(args[1]) - 1]
                self.send(('+OK %d octets' % len(msg)).encode('ascii'))
                self.wfile.write(msg + b'.\r\n')
                self.wfile.flush()
            elif verb == b'QUIT':
                self.send(b'+OK bye')
                return
            else:
                self.send(b'-ERR no')


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(testcase, handler, wrap=False):
    srv = Server(('127.0.0.1', 0), handler)
    srv.testcase = testcase
    if wrap:
        srv.socket = common.server_context().wrap_socket(srv.socket, server_side=True)
    t = Thread(srv.serve_forever, 0.05)
    t.start()

    def stop():
        srv.shutdown()
        srv.server_close()
        t.join()
    testcase.addCleanup(stop)
    return srv


class MailTest(unittest.TestCase):

    def test_smtp_starttls(self):
        srv = serve(self, SMTPHandler)
        s = smtplib.SMTP('localhost', srv.server_address[1], timeout=TIMEOUT)
        s.ehlo()
        self.assertTrue(s.has_extn('starttls'))
        # 2.7's starttls and POP3_SSL take no context (and check no certificate)
        s.starttls(**({} if PY2 else {'context': common.client_context()}))
        common.assertGosocket(self, s.sock)
        s.ehlo()
        refused = s.sendmail('a@example.org', ['b@example.org', 'c@example.org'],
                             b'Subject: hi\r\n\r\nbody over tls\r\n')
        s.quit()
        self.assertEqual(refused, {})
        self.assertEqual(srv.mails, [{'from': '<a@example.org>', 'to': ['<b@example.org>', '<c@example.org>'],
                                      'tls': True, 'data': b'Subject: hi\r\n\r\nbody over tls\r\n'}])

    def test_pop3_ssl(self):
        srv = serve(self, POP3Handler, wrap=True)
        kw = {} if PY2 else {'context': common.client_context(), 'timeout': TIMEOUT}
        p = poplib.POP3_SSL('localhost', srv.server_address[1], **kw)
        common.assertGosocket(self, p.sock)
        p.user('u')
        p.pass_('p')
        self.assertEqual(p.stat(), (2, sum(map(len, POP3Handler.MESSAGES))))
        resp, lines, octets = p.retr(1)
        self.assertEqual(lines, [b'Subject: one', b'', b'first body'])
        resp, lines, octets = p.retr(2)
        self.assertEqual(len(lines), 2002)
        p.quit()


if __name__ == '__main__':
    unittest.main()
