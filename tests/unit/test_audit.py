"""PEP 578 audit events (3.8+): gosocket raises the events the built-in
module raises, with the same names and arguments, at the same points, and a
hook that raises stops the call before it reaches the system.

Audit hooks cannot be removed, so each session runs in a child process
(audit_session.py): with the built-in module, with gosocket imported as
socket, and with gosocket installed under the standard library's socket.py.
"""
import json
import os
import subprocess
import sys
import unittest

import support

HERE = os.path.dirname(os.path.abspath(__file__))


def run_session(mode, block=None):
    cmd = [sys.executable, os.path.join(HERE, 'audit_session.py'), mode, support.BUILD_DIR]
    if block:
        cmd.append(block)
    out = subprocess.check_output(cmd, cwd=HERE)
    return json.loads(out.decode('utf-8'))


@unittest.skipIf(sys.version_info < (3, 8), 'audit hooks are 3.8+')
@unittest.skipIf(support.BUILTIN, 'compares gosocket with the built-in module')
class AuditEventsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.builtin = run_session('builtin')

    def test_builtin_session_raises_events(self):
        names = set(e[0] for e in self.builtin if e[0].startswith('socket.'))
        for n in ('socket.__new__', 'socket.bind', 'socket.connect', 'socket.sendto', 'socket.sendmsg',
                  'socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyaddr', 'socket.gethostname',
                  'socket.sethostname', 'socket.getnameinfo', 'socket.getservbyname', 'socket.getservbyport'):
            self.assertIn(n, names)

    def assertSameEvents(self, mode):
        got = run_session(mode)
        # Compared line by line, so a difference shows where it is.
        self.assertEqual([json.dumps(e) for e in self.builtin], [json.dumps(e) for e in got])

    def test_same_events_as_builtin(self):
        self.assertSameEvents('gosocket')

    def test_same_events_installed_under_socket_py(self):
        self.assertSameEvents('installed')


@unittest.skipIf(sys.version_info < (3, 8), 'audit hooks are 3.8+')
@unittest.skipIf(support.BUILTIN, 'compares gosocket with the built-in module')
class AuditHookStopsCallTest(unittest.TestCase):

    def check(self, event, expected):
        self.assertEqual(run_session('builtin', event), expected)
        self.assertEqual(run_session('gosocket', event), expected)
        self.assertEqual(run_session('installed', event), expected)

    def test_hook_raising_on_connect_prevents_the_connection(self):
        self.check('socket.connect', {'connect': 'PermissionError', 'accepted': False,
                                      'sendto': 'sent', 'received': 'x'})

    def test_hook_raising_on_sendto_prevents_the_datagram(self):
        self.check('socket.sendto', {'connect': 'connected', 'accepted': True,
                                     'sendto': 'PermissionError', 'received': None})


if __name__ == '__main__':
    unittest.main()
