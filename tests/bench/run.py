#!/usr/bin/env python3
"""make bench: build gosocket for the chosen interpreters, run the side-by-side
benchmark (tests/bench/bench.py) under each, one after another, print the
combined table, and draw the chart.

    python3 tests/bench/run.py [VERSION ...]      default: 2.7 3.11 (or $BENCH_PYTHONS)

Writes build/bench/<version>.json (bench.py), build/bench/table.md (the
table below, as Markdown) and docs/bench.png (tools/benchplot, gonum/plot).
Extra arguments for bench.py come from $BENCH_ARGS (e.g. "--rounds 21").
Exit status 1 when a scenario missed its target.
"""
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)
import build  # noqa: E402  (the repository's build.py)


def table(runs):
    """The Markdown table of runs (one bench.py JSON document each)."""
    names = [r['name'] for r in runs[0]['results']]
    head = '| scenario | per | target | ' + ' | '.join(
        'Python %s: built-in µs, gosocket µs, ratio' % r['python'] for r in runs) + ' |'
    lines = [head, '| --- | --- | --- |' + ' --- |' * len(runs)]
    for name in names:
        cells = []
        unit = target = ''
        for r in runs:
            row = [x for x in r['results'] if x['name'] == name]
            if not row:
                cells.append('-')
                continue
            x = row[0]
            unit, target = x['unit'], '≤ %.2f' % x['target']
            cells.append('%.2f, %.2f, **%.2f**%s' % (x['builtin_us'], x['gosocket_us'], x['ratio'],
                                                   '' if x['ok'] else ' (missed)'))
        lines.append('| %s | %s | %s | %s |' % (name, unit, target, ' | '.join(cells)))
    return '\n'.join(lines)


def main(argv):
    versions = argv or os.environ.get('BENCH_PYTHONS', '2.7 3.11').split()
    found = dict((i['version'], i) for i in build.find_interpreters())
    missing = [v for v in versions if v not in found]
    if missing:
        sys.exit('bench: no interpreter for %s (found %s)' % (' '.join(missing), ' '.join(sorted(found))))
    infos = [found[v] for v in versions]
    print('== bench: build gosocket for Python %s' % ', '.join(i['full'] for i in infos))
    sys.stdout.flush()
    subprocess.check_call([sys.executable, os.path.join(ROOT, 'build.py'), '--python'] +
                          [i['executable'] for i in infos], cwd=ROOT)
    outdir = os.path.join(ROOT, 'build', 'bench')
    if not os.path.isdir(outdir):
        os.makedirs(outdir)
    runs, paths, rows = [], [], []
    extra = shlex.split(os.environ.get('BENCH_ARGS', ''))
    for i in infos:
        path = os.path.join(outdir, i['version'] + '.json')
        print('== bench: Python %s' % i['full'])
        sys.stdout.flush()
        start = time.time()
        rc = subprocess.call([i['executable'], os.path.join(HERE, 'bench.py'), '--json', path] + extra, cwd=ROOT)
        with open(path) as f:
            doc = json.load(f)
        runs.append(doc)
        paths.append(path)
        missed = [x['name'] for x in doc['results'] if not x['ok']]
        rows.append((i['full'], len(doc['results']) - len(missed), len(missed), time.time() - start, rc))
    md = table(runs)
    m = runs[0]['machine']
    md = ('Machine: %s, %s cores, Linux %s. Times: median of %d alternating rounds, CPU time of the '
          'benchmark thread (of the process for threads4_pingpong).\n\n' % (
              m['cpu'], m['cores'], m['kernel'], runs[0]['rounds'])) + md + '\n'
    with open(os.path.join(outdir, 'table.md'), 'w') as f:
        f.write(md)
    print()
    print(md)
    print('== bench: chart (tools/benchplot, gonum.org/v1/plot)')
    sys.stdout.flush()
    go = build.find_go()
    png = os.path.join(ROOT, 'docs', 'bench.png')
    subprocess.check_call([go, 'run', '.', '-o', png] + paths, cwd=os.path.join(ROOT, 'tools', 'benchplot'))
    print()
    print('%-10s %7s %7s %8s  %s' % ('python', 'met', 'missed', 'seconds', 'result'))
    for r in rows:
        print('%-10s %7d %7d %8.1f  %s' % (r[0], r[1], r[2], r[3], 'ok' if r[4] == 0 else 'targets missed'))
    met = sum(r[1] for r in rows)
    missed = sum(r[2] for r in rows)
    print('%d passed, %d failed' % (met, missed))
    return 1 if missed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
