"""gosocket.install() and the package layout: each scenario in a fresh
interpreter (the test process itself has the built-in module imported).

install() puts gosocket in place as _socket (socket=True: as socket too on
3.x), raises RuntimeError naming the modules when the built-in module is
already in use, changes nothing then, and is harmless when called again.
Importing gosocket imports neither _socket nor _ssl (2.7's _ssl
re-exports load on first use)."""
import os
import subprocess
import sys
import textwrap
import unittest

import support


def child(code):
    """Run code in a fresh interpreter with the build on sys.path; return
    (status, stdout, stderr)."""
    src = 'from __future__ import print_function\nimport sys\nsys.path.insert(0, %r)\n' % support.BUILD_DIR + textwrap.dedent(code)
    p = subprocess.Popen([sys.executable, '-c', src], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    return p.returncode, out.decode('utf-8').strip(), err.decode('utf-8')


@unittest.skipIf(support.BUILTIN, 'gosocket only')
class InstallTest(unittest.TestCase):

    def assertChild(self, code, expected):
        rc, out, err = child(code)
        self.assertEqual((rc, out), (0, expected), err)

    def test_import_loads_no_builtin_socket_nor_ssl(self):
        self.assertChild('''
            before = set(sys.modules)
            import gosocket
            print(sorted(m for m in set(sys.modules) - before if 'socket' in m or 'ssl' in m))
            ''', "['gosocket', 'gosocket._socket']")

    def test_install_then_socket_ssl_over_gosocket(self):
        self.assertChild('''
            import gosocket
            gosocket.install()
            gosocket.install()  # again: nothing happens
            import socket, ssl, _socket
            s = socket.socket()
            print(_socket is gosocket._socket, socket._socket is gosocket._socket,
                  isinstance(getattr(s, '_sock', s), gosocket._socket.socket), socket.socket is not gosocket.socket)
            s.close()
            ''', 'True True True True')

    @unittest.skipIf(support.PY2, "3.x: gosocket's socket layer replaces socket.py")
    def test_install_socket_too(self):
        self.assertChild('''
            import gosocket
            gosocket.install(socket=True)
            gosocket.install(socket=True)
            import socket, _socket, ssl
            print(socket is gosocket, _socket is gosocket._socket, issubclass(ssl.SSLSocket, gosocket.socket))
            ''', 'True True True')

    @unittest.skipUnless(support.PY2, "2.7: socket=True gives socket.py over gosocket")
    def test_install_socket_too_py2(self):
        self.assertChild('''
            import gosocket
            gosocket.install(socket=True)
            print(sys.modules['socket']._socket is gosocket._socket)
            ''', 'True')

    def check_too_late(self, first, named):
        rc, out, err = child('''
            %s
            import gosocket
            try:
                gosocket.install()
            except RuntimeError as e:
                print(str(e))
            print(sys.modules.get('_socket') is not gosocket._socket)
            ''' % first)
        self.assertEqual(rc, 0, err)
        message, unchanged = out.rsplit('\n', 1)
        self.assertEqual(unchanged, 'True')  # nothing changed
        head = 'gosocket.install(): the built-in socket module is already imported and in use by '
        self.assertTrue(message.startswith(head), message)
        names = message[len(head):message.index(' (they would')].split(', ')
        for n in named:
            if n.endswith('.'):
                self.assertTrue([m for m in names if m.startswith(n)], (n, names))
            else:
                self.assertIn(n, names)
        self.assertIn('python -m gosocket', message)

    def test_too_late_after_socket(self):
        self.check_too_late('import socket', ['socket'])

    def test_too_late_after_ssl(self):
        self.check_too_late('import ssl', ['_ssl', 'socket', 'ssl'])

    def test_too_late_after_ssl_extension(self):
        # _ssl alone took the built-in socket type (it imported _socket)
        self.check_too_late('import _ssl', ['_ssl'])

    def test_too_late_after_socket_user(self):
        self.check_too_late('import _socket as mine', ['__main__'])

    @unittest.skipIf(support.PY2, '3.x')
    def test_too_late_after_asyncio(self):
        self.check_too_late('import asyncio', ['asyncio.', 'socket'])

    @unittest.skipIf(support.PY2, '3.x')
    def test_socket_too_after_socket_py_over_gosocket(self):
        rc, out, err = child('''
            import gosocket
            gosocket.install()
            import socket
            try:
                gosocket.install(socket=True)
            except RuntimeError as e:
                print(e)
            ''')
        self.assertIn('socket is already imported', out)

    @unittest.skipUnless(support.PY2, "2.7's _ssl re-exports")
    def test_py2_ssl_names_load_on_first_use(self):
        self.assertChild('''
            import gosocket
            print('_ssl' in sys.modules)
            gosocket.install()
            e = gosocket.sslerror
            import _ssl, ssl
            print('_ssl' in sys.modules, e is _ssl.SSLError, gosocket.SSL_ERROR_EOF == _ssl.SSL_ERROR_EOF,
                  gosocket.RAND_status is _ssl.RAND_status)
            ''', 'False\nTrue True True True')

    def test_package_layout(self):
        # the extension is the package's __init__; __main__.py is the runner
        self.assertChild('''
            import os, gosocket
            d = os.path.dirname(gosocket.__file__)
            print(os.path.basename(gosocket.__file__).startswith('__init__.'), gosocket.__path__ == [d],
                  sorted(f for f in os.listdir(d) if f.endswith('.py')))
            ''', "True True ['__init__.py', '__main__.py']")


@unittest.skipIf(support.BUILTIN, 'gosocket only')
class RunnerCommandLineTest(unittest.TestCase):

    def run_m(self, args):
        env = dict(os.environ, PYTHONPATH=support.BUILD_DIR)
        p = subprocess.Popen([sys.executable, '-m', 'gosocket'] + args, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, cwd=support.HERE)
        out, err = p.communicate()
        return p.returncode, out.decode('utf-8'), err.decode('utf-8')

    def test_usage(self):
        rc, out, err = self.run_m([])
        self.assertEqual(rc, 2)
        self.assertIn('usage: python -m gosocket', err)

    def test_command(self):
        rc, out, err = self.run_m(['-c', 'import sys, socket; sys.stdout.write("%s %s" % (sys.argv, socket._socket.__name__))', 'a'])
        self.assertEqual((rc, out.strip()), (0, "['-c', 'a'] gosocket._socket"), err)

    def test_socket_option(self):
        rc, out, err = self.run_m(['--socket', '-c', 'import sys, socket, gosocket; '
                                   'sys.stdout.write("%s %s" % (socket is gosocket, socket._socket is gosocket._socket))'])
        # 2.7: socket.py over gosocket (see install())
        self.assertEqual((rc, out), (0, 'False True' if support.PY2 else 'True True'), err)

    def test_module(self):
        # `python -m gosocket -m mod` runs as `python -m mod`: output, status, traceback
        import tempfile
        fd, path = tempfile.mkstemp(suffix='.json')
        os.write(fd, b'{"b": [1, 2], "a": null}')
        os.close(fd)
        self.addCleanup(os.remove, path)
        for args in (['-m', 'json.tool', path], ['-m', 'json.tool', path + '.missing']):
            p = subprocess.Popen([sys.executable] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 cwd=support.HERE)
            out, err = p.communicate()
            plain = (p.returncode, out.decode('utf-8'), err.decode('utf-8'))
            self.assertEqual(self.run_m(args), plain)
        self.assertIn('"b": [', self.run_m(['-m', 'json.tool', path])[1])

    def test_too_late_is_reported(self):
        # a sitecustomize or PYTHONSTARTUP-like import of socket first
        env = dict(os.environ, PYTHONPATH=support.BUILD_DIR)
        p = subprocess.Popen([sys.executable, '-c', 'import socket, runpy, sys; sys.argv = ["x", "-c", "pass"]; '
                              'runpy.run_module("gosocket", run_name="__main__")'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out, err = p.communicate()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('RuntimeError: gosocket.install(): the built-in socket module is already imported',
                      err.decode('utf-8'))


if __name__ == '__main__':
    unittest.main()
