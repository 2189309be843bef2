#!/usr/bin/env python3
"""The wheel's type stubs, checked with Debian's mypy (apt-get install mypy).

    python3 tests/wheel/typecheck.py PYTHON SITE

PYTHON is a 3.x interpreter (a virtual environment's) that has the wheel
installed, SITE its site-packages. Three checks:

  * mypy --strict on tests/wheel/typed_prog.py, a program that uses
    gosocket as socket (batch methods and install() included): no errors;
  * mypy on tests/wheel/typed_bad.py: exactly the errors its lines marked
    "# error" make, so the stubs are read and are not Any;
  * stubtest (mypy.stubtest) of the stubs against the installed module,
    imported by /usr/bin/python3 from SITE (same minor version needed),
    with tests/wheel/stubtest-allowlist.txt.

Ends with "N passed, N failed".
"""
from __future__ import print_function

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MYPY_PYTHON = '/usr/bin/python3'  # Debian's, where Debian's mypy lives


def run(cmd, env=None):
    print('$ ' + ' '.join(cmd))
    sys.stdout.flush()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=HERE)
    out = p.communicate()[0].decode('utf-8', 'replace')
    sys.stdout.write(out)
    return p.returncode, out


def main(argv):
    python, site = argv[0], argv[1]
    if subprocess.call([MYPY_PYTHON, '-c', 'import mypy'], stderr=open(os.devnull, 'w')) != 0:
        print('%s has no mypy: apt-get install mypy' % MYPY_PYTHON)
        print('0 passed, 1 failed')
        return 1
    results = []
    mypy = [MYPY_PYTHON, '-m', 'mypy', '--no-incremental', '--cache-dir=/dev/null', '--python-executable', python]
    rc, out = run(mypy + ['--strict', 'typed_prog.py'])
    results.append(('mypy --strict typed_prog.py', rc == 0))

    rc, out = run(mypy + ['typed_bad.py'])
    want = set()
    with open(os.path.join(HERE, 'typed_bad.py')) as f:
        for i, line in enumerate(f, 1):
            if '# error' in line:
                want.add(i)
    got = set(int(m) for m in re.findall(r'^typed_bad\.py:(\d+): error', out, re.M))
    if got != want:
        print('typed_bad.py: errors expected on lines %s, found on %s' % (sorted(want), sorted(got)))
    results.append(('mypy finds typed_bad.py errors', got == want))

    ver = subprocess.check_output([python, '-c', 'import sys; print(sys.version_info[:2])']).strip()
    mine = subprocess.check_output([MYPY_PYTHON, '-c', 'import sys; print(sys.version_info[:2])']).strip()
    if ver == mine:
        env = dict(os.environ, PYTHONPATH=site)
        rc, out = run([MYPY_PYTHON, '-m', 'mypy.stubtest', '--ignore-unused-allowlist', '--allowlist',
                       os.path.join(HERE, 'stubtest-allowlist.txt'), 'gosocket'], env=env)
        results.append(('stubtest gosocket', rc == 0))
    else:
        print('stubtest skipped: %s is Python %s, the wheel is for %s' % (MYPY_PYTHON, mine, ver))
    failed = sum(1 for _, ok in results if not ok)
    for name, ok in results:
        print('%-36s %s' % (name, 'ok' if ok else 'FAILED'))
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
