#!/usr/bin/env python
"""Run the stack tests: the standard library's modules above the socket API
(ssl, http.client/httplib, urllib, socketserver, xmlrpc, asyncio, select
and selectors) over gosocket, installed by gosocket.install() before
anything imports socket.

    python tests/stack/run.py [pattern]            install() here, then the tests
    python tests/stack/run.py --runner [pattern]   the same run under
                                                   `python -m gosocket` (which installs)

Discovers tests/stack/test_*.py (or the glob pattern) and ends with the
unit runner's closing line "N passed, N failed, N skipped"; exit status 0
only if nothing failed. GOSOCKET_TEST_TIMEOUT bounds each test (seconds);
GOSOCKET_UNDER_TEST=builtin runs them over the built-in module instead.
"""
from __future__ import print_function

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD_DIR = os.path.join(ROOT, 'build', 'py%d%d' % sys.version_info[:2])
# GOSOCKET_UNDER_TEST=builtin runs the tests over the built-in module, to
# validate them.
BUILTIN = os.environ.get('GOSOCKET_UNDER_TEST', '').strip().lower() == 'builtin'


def main(argv):
    if argv[1:2] == ['--runner']:
        env = dict(os.environ)
        env['PYTHONPATH'] = BUILD_DIR + os.pathsep + env.get('PYTHONPATH', '')
        env['GOSOCKET_STACK_RUNNER'] = '1'
        return subprocess.call([sys.executable, '-m', 'gosocket', os.path.abspath(__file__)] + argv[2:], env=env)
    if BUILD_DIR not in sys.path:
        sys.path.insert(0, BUILD_DIR)
    import gosocket
    if not BUILTIN:
        gosocket.install()  # first thing (a second call under the runner does nothing)
    import socket
    if socket._socket is not gosocket._socket and not BUILTIN:
        print('socket is not over gosocket: %r' % (socket._socket,))
        return 1
    import threading
    import unittest
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'unit'))
    import run as unitrun  # the unit runner's result class, watchdog and closing line
    sys.path.insert(0, HERE)
    limit = float(os.environ.get('GOSOCKET_TEST_TIMEOUT', '120'))
    t = threading.Thread(target=unitrun.watchdog, args=(limit,), name='watchdog')
    t.daemon = True
    t.start()
    print('Stack tests over %s on Python %s%s'
          % ('the built-in module' if BUILTIN else 'gosocket from ' + os.path.dirname(gosocket.__file__), sys.version.split()[0],
             ' (python -m gosocket)' if os.environ.get('GOSOCKET_STACK_RUNNER') else ''))
    sys.stdout.flush()
    pattern = argv[1] if len(argv) > 1 else 'test_*.py'
    suite = unittest.TestLoader().discover(HERE, pattern=pattern, top_level_dir=HERE)
    unittest.TextTestRunner(stream=sys.stdout, verbosity=1, resultclass=unitrun.Result).run(suite)
    passed, failed, skipped = unitrun.TALLY.counts()
    unitrun.finish(0 if failed == 0 and passed + skipped > 0 else 1)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
