#!/usr/bin/env python3
"""make bench: build gosocket for the chosen interpreters, run the side-by-side
benchmark (tests/bench/bench.py) under each, one after another, print the
combined table, and draw the chart.

    python3 tests/bench/run.py [--no-app | --app-only] [--short] [--syscalls] [VERSION ...]
                                                  default: every interpreter (or $BENCH_PYTHONS)

The interpreters in $BENCH_FULL (default "2.7 3.11") get the full form,
the others a short one (7 rounds of 30 ms; app.py --short).

After bench.py's in-process rows, the application-level rows of
tests/bench/app.py (http.server + http.client keep-alive, asyncio streams
echo; fresh processes, gosocket installed as _socket), merged into the same
table and JSON. --no-app leaves them out, --app-only runs them alone (no
chart then), --short gives app.py its short form, --syscalls has it count
system calls per request too (strace).

Writes build/bench/<version>.json (bench.py, with app.py's rows appended),
build/bench/table.md (the table below, as Markdown) and docs/bench.png
(tools/benchplot, gonum/plot). Extra arguments for bench.py come from
$BENCH_ARGS (e.g. "--rounds 21"), for app.py from $BENCH_APP_ARGS (e.g.
"--rounds 7"). Exit status 1 when a scenario missed its target.
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


def row_names(runs):
    """Every run's row names, in order (2.7 has no asyncio rows)."""
    names = []
    for r in runs:
        for x in r['results']:
            if x['name'] not in names:
                names.append(x['name'])
    return names


def find_row(run, name):
    """The row called name of one run, or None."""
    for x in run['results']:
        if x['name'] == name:
            return x
    return None


def table(runs):
    """The Markdown table of runs (one bench.py JSON document each)."""
    names = row_names(runs)
    head = '| scenario | per | target | ' + ' | '.join(
        'Python %s: built-in µs, gosocket µs, ratio' % r['python'] for r in runs) + ' |'
    lines = [head, '| --- | --- | --- |' + ' --- |' * len(runs)]
    for name in names:
        cells = []
        unit = target = ''
        for r in runs:
            x = find_row(r, name)
            if x is None:
                cells.append('-')
                continue
            unit, target = x['unit'], '≤ %.2f' % x['target']
            cpu = ''
            if x.get('clock') == 'wall' and x.get('process_builtin_us'):
                cpu = ' (CPU %.2f)' % (x['process_gosocket_us'] / x['process_builtin_us'])
            cells.append('%.2f, %.2f, **%.2f**%s%s' % (x['builtin_us'], x['gosocket_us'], x['ratio'], cpu,
                                                     '' if x['ok'] else ' (missed)'))
        lines.append('| %s | %s | %s | %s |' % (name, unit, target, ' | '.join(cells)))
    return '\n'.join(lines)


def ratio_table(runs):
    """The ratios alone, one column per interpreter (missed ones marked),
    with each interpreter's geometric mean of the in-process rows."""
    names = row_names(runs)
    lines = ['| scenario | target | ' + ' | '.join(r['python'] for r in runs) + ' |',
             '| --- | --- |' + ' --- |' * len(runs)]
    for name in names:
        cells, target = [], ''
        for r in runs:
            x = find_row(r, name)
            if x is None:
                cells.append('-')
                continue
            target = '≤ %.2f' % x['target']
            cells.append(('%.2f' if x['ok'] else '**%.2f** ✗') % x['ratio'])
        lines.append('| %s | %s | %s |' % (name, target, ' | '.join(cells)))
    geo = []
    for r in runs:
        xs = [x['ratio'] for x in r['results'] if not x['name'].endswith(('_wall', '_cpu')) or
              x['name'] == 'threads4_pingpong_wall']
        g = 1.0
        for v in xs:
            g *= v
        geo.append('%.2f' % (g ** (1.0 / len(xs))) if xs else '-')
    lines.append('| geomean (in-process rows) | ≤ 0.80 | %s |' % ' | '.join(geo))
    return '\n'.join(lines)


def by_form(rounds):
    """by_form words a count that the full and the short form may set
    differently ({'full': 15, 'short': 7}: '15 (short form: 7)')."""
    if len(set(rounds.values())) == 1:
        return str(list(rounds.values())[0])
    return '%d (short form: %d)' % (rounds['full'], rounds['short'])


def main(argv):
    flags = [a for a in argv if a.startswith('--')]
    argv = [a for a in argv if not a.startswith('--')]
    unknown = [f for f in flags if f not in ('--no-app', '--app-only', '--short', '--syscalls')]
    if unknown or ('--no-app' in flags and '--app-only' in flags):
        sys.exit(__doc__)
    with_bench = '--app-only' not in flags
    with_app = '--no-app' not in flags
    app_extra = shlex.split(os.environ.get('BENCH_APP_ARGS', ''))
    app_extra += [f for f in flags if f in ('--short', '--syscalls')]
    found = dict((i['version'], i) for i in build.find_interpreters())
    versions = argv or os.environ.get('BENCH_PYTHONS', '').split() or sorted(
        found, key=lambda v: tuple(int(x) for x in v.split('.')))
    # BENCH_FULL: the interpreters that get the full form; the others the
    # short one (fewer, shorter rounds; app.py --short).
    full = os.environ.get('BENCH_FULL', '2.7 3.11').split()
    short_extra = ['--rounds', '7', '--time', '0.03']
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
    app_rounds, app_seconds = {}, None  # fresh processes per side, by form
    for i in infos:
        path = os.path.join(outdir, i['version'] + '.json')
        start = time.time()
        rc = 0
        doc = None
        if with_bench:
            print('== bench: Python %s' % i['full'])
            sys.stdout.flush()
            form = extra if i['version'] in full else short_extra + extra
            rc = subprocess.call([i['executable'], os.path.join(HERE, 'bench.py'), '--json', path] + form, cwd=ROOT)
            with open(path) as f:
                doc = json.load(f)
        if with_app:
            print('== bench: application rows, fresh processes, Python %s (tests/bench/app.py)' % i['full'])
            sys.stdout.flush()
            app_path = os.path.join(outdir, i['version'] + '-app.json')
            t0 = time.time()
            form = app_extra if i['version'] in full or '--short' in app_extra else ['--short'] + app_extra
            rc = subprocess.call([i['executable'], os.path.join(HERE, 'app.py'), '--json', app_path] + form,
                                 cwd=ROOT) or rc
            with open(app_path) as f:
                app = json.load(f)
            app_seconds = time.time() - t0
            app_rounds['full' if '--short' not in form else 'short'] = app['rounds']
            print('== bench: application rows took %.1f s' % app_seconds)
            if doc is None:  # --app-only: build/bench/<version>-app.json alone
                doc, path = app, app_path
            else:  # appended to bench.py's rows in build/bench/<version>.json
                doc['results'].extend(app['results'])
                doc['app_rounds'] = app['rounds']
                with open(path, 'w') as f:
                    json.dump(doc, f, indent=1, sort_keys=True)
                os.remove(app_path)
        runs.append(doc)
        paths.append(path)
        missed = [x['name'] for x in doc['results'] if not x['ok']]
        rows.append((i['full'], len(doc['results']) - len(missed), len(missed), time.time() - start, rc))
    md = table(runs)
    m = runs[0]['machine']
    head = 'Machine: %s, %s cores, Linux %s.' % (m['cpu'], m['cores'], m['kernel'])
    if with_bench:
        head += (' Times: median of %s alternating rounds, CPU time of the benchmark thread (of the process '
                 'for threads4_pingpong).' % by_form(dict(
                     ('full' if i['version'] in full else 'short', r['rounds']) for i, r in zip(infos, runs))))
    if with_app:
        head += (' Rows ending _wall and _cpu (tests/bench/app.py): median of %s fresh processes per side, '
                 'alternating, gosocket installed as `_socket`; wall clock and process CPU time of the '
                 'timed requests.' % by_form(app_rounds))
    md = head + '\n\n' + md + '\n\nRatios, every interpreter:\n\n' + ratio_table(runs) + '\n'
    with open(os.path.join(outdir, 'table.md'), 'w') as f:
        f.write(md)
    print()
    print(md)
    if with_bench:
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
