"""Helpers of the stack tests (Python 2.7 and 3.x).

  gosocket, socket     the installed gosocket and the socket module over it
  PY2                  True on Python 2
  cert(name)           the path of a certificate shipped in the interpreter's
                       test package (keycert.pem: self-signed 'localhost';
                       keycert3.pem: 'localhost' signed by pycacert.pem)
  server_context(), client_context(check=True)   TLS contexts over those
  TIMEOUT              the bound of any one wait
  Thread(target)       a daemon thread that keeps the target's exception
                       (join() raises it again)
  unix_path()          a fresh AF_UNIX path in a temporary directory
  assertGosocket(tc, sock)   the socket is a gosocket one
"""
import os
import shutil
import sys
import tempfile
import threading

import gosocket
import socket
import ssl

PY2 = sys.version_info[0] == 2
BUILTIN = os.environ.get('GOSOCKET_UNDER_TEST', '').strip().lower() == 'builtin'
TIMEOUT = 10.0
TESTDIR = os.path.join(os.path.dirname(os.__file__), 'test')


def cert(name):
    for d in (os.path.join(TESTDIR, 'certdata'), TESTDIR):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise IOError('no %s in the interpreter\'s test package' % name)


def server_context(certfile='keycert3.pem'):
    ctx = ssl.SSLContext(getattr(ssl, 'PROTOCOL_TLS_SERVER', ssl.PROTOCOL_SSLv23))
    ctx.load_cert_chain(cert(certfile))
    return ctx


def client_context(check=True):
    ctx = ssl.SSLContext(getattr(ssl, 'PROTOCOL_TLS_CLIENT', ssl.PROTOCOL_SSLv23))
    if check:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.check_hostname = True
        ctx.load_verify_locations(cert('pycacert.pem'))
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class Thread(threading.Thread):
    def __init__(self, target, *args):
        threading.Thread.__init__(self)
        self.daemon = True
        self._fn, self._args, self.error, self.result = target, args, None, None

    def run(self):
        try:
            self.result = self._fn(*self._args)
        except BaseException as e:  # handed to join()
            self.error = e

    def join(self, timeout=TIMEOUT):
        threading.Thread.join(self, timeout)
        if self.is_alive():
            raise AssertionError('thread still running after %ss' % timeout)
        if self.error is not None:
            raise self.error
        return self.result


_dirs = []


def unix_path():
    d = tempfile.mkdtemp(prefix='gs-stack-')
    _dirs.append(d)
    return os.path.join(d, 'sock')


def cleanup_dirs():
    while _dirs:
        shutil.rmtree(_dirs.pop(), ignore_errors=True)


def assertGosocket(tc, sock):
    """sock is a gosocket socket (2.7: socket.py's wrapper of one)."""
    if PY2:
        sock = getattr(sock, "_sock", sock)  # socket.py wraps; socketpair and unwrap give raw ones
    tc.assertIsInstance(sock, socket._socket.socket if BUILTIN else gosocket._socket.socket)
