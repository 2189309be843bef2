#!/usr/bin/env python3
"""Two wheel builds from the same sources are byte-identical.

    python3 tests/wheel/repro.py [--python PY ...]

Builds the wheels twice (tools/mkwheel.py, each time from a clean build/py<XY>/;
the second time with an empty Go build cache of its own, so nothing is
reused), into two folders, and compares the sha256 of every wheel. Prints a
table and "N passed, N failed"; exit status 1 if any wheel differs.
"""
from __future__ import print_function

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(argv):
    sys.path.insert(0, os.path.join(ROOT, 'tools'))
    import mkwheel
    # One SOURCE_DATE_EPOCH for both builds (the last commit's time, read
    # once: a commit made between the two must not change it).
    epoch = str(mkwheel.source_date_epoch())
    tmp = tempfile.mkdtemp(prefix='gosocket-repro-')
    try:
        runs = []
        for i in (1, 2):
            out = os.path.join(tmp, 'dist%d' % i)
            env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
            if i == 2:
                env['GOCACHE'] = os.path.join(tmp, 'gocache')
            print('== reproducible wheels: build %d of 2%s' % (i, ' (empty Go build cache)' if i == 2 else ''))
            sys.stdout.flush()
            rc = subprocess.call([sys.executable, os.path.join(ROOT, 'tools', 'mkwheel.py'), '--dist', out] + argv,
                                 cwd=ROOT, env=env)
            if rc != 0:
                print('tools/mkwheel.py failed (exit %d)' % rc)
                print('0 passed, 1 failed')
                return 1
            runs.append(dict((os.path.basename(p), sha(p)) for p in glob.glob(os.path.join(out, '*.whl'))))
        names = sorted(set(runs[0]) | set(runs[1]))
        failed = 0
        print('%-62s %-14s %-14s %s' % ('wheel', 'sha256 (1)', 'sha256 (2)', 'result'))
        for n in names:
            a, b = runs[0].get(n, '-'), runs[1].get(n, '-')
            ok = a == b and a != '-'
            failed += not ok
            print('%-62s %-14s %-14s %s' % (n, a[:12], b[:12], 'same' if ok else 'DIFFERENT'))
        print('%d passed, %d failed' % (len(names) - failed, failed))
        return 1 if failed or not names else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
