#!/usr/bin/env python3
"""make bench-syscalls: system calls per operation of every benchmark
scenario, built-in module against gosocket, counted with `strace -f -c`.

    python3 tests/bench/syscalls.py [--python VERSION] [--n N] [SCENARIO ...]

VERSION (default 3.11, or $BENCH_SYSCALLS_PYTHON) is built first.

Each scenario runs twice per implementation under strace (BENCH_SCENARIO,
tests/bench/bench.py): with N operations and with none; the difference
divided by N is the count per operation, so start-up is left out. -f
follows every thread, the Go runtime's too (futex, nanosleep: its
background thread). Needs strace (apt-get install strace).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LINE = re.compile(r'^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)\s*$')


def count(python, scenario, impl, n):
    fd, out = tempfile.mkstemp(prefix='gs-strace-')
    os.close(fd)
    env = dict(os.environ, BENCH_SCENARIO=scenario, BENCH_IMPL=impl, BENCH_N=str(n))
    try:
        subprocess.check_call(['strace', '-f', '-c', '-o', out, python, os.path.join(HERE, 'bench.py')],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        calls = {}
        with open(out) as f:
            for line in f:
                m = LINE.match(line)
                if m and m.group(3) != 'total':
                    calls[m.group(3)] = int(m.group(1))
        return calls
    finally:
        os.remove(out)


def main(argv):
    version = os.environ.get('BENCH_SYSCALLS_PYTHON', '3.11')
    n = 2000
    names = []
    i = 0
    while i < len(argv):
        if argv[i] == '--python':
            version = argv[i + 1]
            i += 1
        elif argv[i] == '--n':
            n = int(argv[i + 1])
            i += 1
        else:
            names.append(argv[i])
        i += 1
    if shutil.which('strace') is None:
        sys.exit('bench-syscalls: strace is not installed (apt-get install strace)')
    sys.path.insert(0, ROOT)
    import build  # the repository's build.py
    found = dict((i['version'], i) for i in build.find_interpreters())
    if version not in found:
        sys.exit('bench-syscalls: no Python %s (found %s)' % (version, ' '.join(sorted(found))))
    python = found[version]['executable']
    subprocess.check_call([sys.executable, os.path.join(ROOT, 'build.py'), '--python', python], cwd=ROOT,
                          stdout=subprocess.DEVNULL)
    if not names:
        names = subprocess.check_output([python, os.path.join(HERE, 'bench.py'), '--list'],
                                        cwd=ROOT).decode().split()
    print('system calls per operation (strace -f -c, %d operations minus none), %s' % (n, python))
    print('%-24s %-9s %7s  %s' % ('scenario', 'module', 'per op', 'by call (per op)'))
    for name in names:
        for impl in ('builtin', 'gosocket'):
            base = count(python, name, impl, 0)
            full = count(python, name, impl, n)
            per = dict((k, (v - base.get(k, 0)) / float(n)) for k, v in full.items())
            per = dict((k, v) for k, v in per.items() if v >= 0.005)
            total = sum(per.values())
            detail = ', '.join('%s %.2f' % kv for kv in sorted(per.items(), key=lambda kv: -kv[1]))
            print('%-24s %-9s %7.2f  %s' % (name, impl, total, detail))
            sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
