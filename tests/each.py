"""Run one script under every interpreter gosocket was built for.

    python3 tests/each.py TITLE SCRIPT [ARGS...]

The interpreters come from build/interpreters.json (written by
`build.py --all`); they run one after another, since suites bind ports.
Each run's output streams through; at the end a table gives each
interpreter's result and, when the script printed a closing line
"N passed, N failed[, N skipped]", its counts, and a total closing line
follows. The exit code is non-zero if any run failed.
"""
from __future__ import print_function

import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOSING = re.compile(r'^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$')


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    title, script = argv[0], argv[1:]
    with open(os.path.join(ROOT, 'build', 'interpreters.json')) as f:
        pythons = json.load(f)
    rows = []
    for p in pythons:
        print('== %s: Python %s' % (title, p['full']))
        sys.stdout.flush()
        start = time.time()
        proc = subprocess.Popen([p['executable']] + script, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        counts = None
        for raw in iter(proc.stdout.readline, b''):
            line = raw.decode('utf-8', 'replace')
            sys.stdout.write(line)
            m = CLOSING.match(line.strip())
            if m:
                counts = tuple(int(g or 0) for g in m.groups())
        sys.stdout.flush()
        rc = proc.wait()
        rows.append((p['full'], rc, counts, time.time() - start))
    print()
    print('%s summary' % title)
    print('%-10s %-8s %8s %8s %8s %8s' % ('python', 'result', 'passed', 'failed', 'skipped', 'seconds'))
    tot = [0, 0, 0]
    for full, rc, counts, secs in rows:
        c = counts or ('-', '-', '-')
        print('%-10s %-8s %8s %8s %8s %8.1f' % (full, 'ok' if rc == 0 else 'FAILED', c[0], c[1], c[2], secs))
        if counts:
            tot = [a + b for a, b in zip(tot, counts)]
    failed_runs = sum(1 for r in rows if r[1] != 0)
    if any(r[2] for r in rows):
        print('%d passed, %d failed, %d skipped' % (tot[0], tot[1] + (failed_runs if tot[1] == 0 else 0), tot[2]))
    return 1 if failed_runs else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
