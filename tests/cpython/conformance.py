#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""gosocket conformance: run CPython's own test_socket against gosocket.

For every selected interpreter (default: every ~/.pyenv/versions/X.Y.Z), run
that interpreter's unmodified ``test.test_socket`` three times, each in fresh
child processes (socket_child.py):

  builtin   the built-in module (baseline)
  _socket   gosocket._socket installed as sys.modules['_socket'] (socket.py wraps it)
  socket    gosocket installed as sys.modules['socket'], gosocket._socket as ['_socket']

Every test's outcome is recorded (pass, fail, error, skip, xfail, xpass,
hung, crash, excluded) in build/conformance/<X.Y>-<mode>.json.  A test that
makes no progress for --test-timeout seconds is recorded as "hung", its
child's process group is killed and a new child resumes after it.

Gap = tests passing in the baseline that do not pass in a gosocket mode.
Ratchet: tests/cpython/expected/<X.Y>-<mode>.txt lists the known gap
("test_id  # reason").  Exit status 1 on a gap test not listed (regression)
or a listed test that now passes / no longer exists (stale entry).
--update rewrites those files from the current run (developers only).

Tests that hang with the built-in module are excluded from all runs, see
tests/cpython/exclusions.txt.  Interpreters run one after another (test_socket
binds fixed ports).  Runs on Python 2.7 and 3.6+; stdlib only.
"""
from __future__ import print_function

import argparse
import fnmatch
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CHILD = os.path.join(HERE, 'socket_child.py')
EXCLUSIONS = os.path.join(HERE, 'exclusions.txt')
EXPECTED_DIR = os.path.join(HERE, 'expected')
OUT_DIR = os.path.join(ROOT, 'build', 'conformance')
MODES = ('builtin', '_socket', 'socket')
GOSOCKET_MODES = ('_socket', 'socket')
OK = ('pass', 'xfail')
HARNESS_VERSION = 1


def log(*a):
    print(*a)
    sys.stdout.flush()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        h.update(f.read())
    return h.hexdigest()


# ---------------------------------------------------------------- interpreters

def pyenv_root():
    return os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')


def probe(exe):
    """(X.Y, full version, path of test_socket.py) of an interpreter."""
    code = ("import sys, os, test; print('%d.%d' % sys.version_info[:2]); "
            "print(sys.version.split()[0]); "
            "print(os.path.join(os.path.dirname(os.path.abspath(test.__file__)), 'test_socket.py'))")
    out = subprocess.check_output([exe, '-E', '-s', '-c', code])
    ver, full, tfile = out.decode('utf-8', 'replace').split()[:3]
    return ver, full, tfile


def find_pythons(selectors):
    found = []
    for d in glob.glob(os.path.join(pyenv_root(), 'versions', '*')):
        m = re.match(r'^(\d+)\.(\d+)\.(\d+)$', os.path.basename(d))
        exe = os.path.join(d, 'bin', 'python')
        if m and os.path.exists(exe):
            found.append((tuple(int(x) for x in m.groups()), os.path.basename(d), exe))
    found.sort()
    if not selectors:
        return [exe for _, _, exe in found]
    chosen = []
    for sel in selectors:
        if os.path.sep in sel or os.path.isfile(sel):
            chosen.append(sel)
            continue
        match = [exe for _, name, exe in found if name == sel or name.startswith(sel + '.')]
        if not match:
            raise SystemExit('conformance: no interpreter matching %r under %s/versions'
                             % (sel, pyenv_root()))
        chosen.append(match[-1])
    return chosen


# ---------------------------------------------------------------- exclusions

def version_matches(spec, ver):
    vt = tuple(int(x) for x in ver.split('.'))
    for part in spec.split(','):
        part = part.strip()
        if part in ('all', '*'):
            return True
        if part.endswith('+'):
            if vt >= tuple(int(x) for x in part[:-1].split('.')):
                return True
        elif '-' in part:
            lo, hi = part.split('-', 1)
            if tuple(int(x) for x in lo.split('.')) <= vt <= tuple(int(x) for x in hi.split('.')):
                return True
        elif vt == tuple(int(x) for x in part.split('.')):
            return True
    return False


def load_exclusions(ver, path=EXCLUSIONS):
    """[(pattern, reason)] applying to interpreter version X.Y."""
    out = []
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            body, _, reason = line.partition('#')
            parts = body.split()
            if len(parts) != 2:
                raise SystemExit('conformance: bad line in %s: %r' % (path, line))
            if version_matches(parts[0], ver):
                out.append((parts[1], reason.strip() or 'no reason given'))
    return out


def excluded_reason(tid, exclusions):
    for pat, reason in exclusions:
        if tid == pat or fnmatch.fnmatchcase(tid, pat):
            return reason
    return None


# ---------------------------------------------------------------- expected files

def expected_path(ver, mode):
    return os.path.join(EXPECTED_DIR, '%s-%s.txt' % (ver, mode))


def load_expected(ver, mode):
    """{test_id: reason} or None when the file does not exist."""
    path = expected_path(ver, mode)
    if not os.path.exists(path):
        return None
    out = {}
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith('#'):
                continue
            tid, _, reason = s.partition('#')
            out[tid.strip()] = reason.strip()
    return out


def write_expected(ver, mode, gap, tests, old):
    if not os.path.isdir(EXPECTED_DIR):
        os.makedirs(EXPECTED_DIR)
    path = expected_path(ver, mode)
    with open(path, 'w') as f:
        f.write('# Known gosocket gap: CPython %s test_socket with gosocket as %s.\n'
                '# One test per line: "test_id  # reason".  A test missing here that\n'
                '# fails, or listed here but passing, fails `make conformance`.\n'
                '# Regenerate: python3 tests/cpython/conformance.py --python %s --update\n'
                % (ver, "gosocket._socket as sys.modules['_socket']" if mode == '_socket'
                   else "gosocket as sys.modules['socket'] (and gosocket._socket as ['_socket'])", ver))
        for tid in gap:
            reason = (old or {}).get(tid) or one_line(tests.get(tid, {}).get('reason')) \
                or tests.get(tid, {}).get('outcome', 'missing')
            f.write('%s  # %s\n' % (tid, reason))
    return path


def one_line(s, limit=160):
    s = (s or '').strip().splitlines()
    s = s[0] if s else ''
    s = s.replace('#', '')
    return s if len(s) <= limit else s[:limit - 3] + '...'


# ---------------------------------------------------------------- one run

class Run(object):
    """One interpreter x mode execution, possibly across several children."""

    def __init__(self, py, mode, opts, universe=None, only=None, tag=None):
        self.py = py
        self.mode = mode
        self.opts = opts
        self.universe = universe        # list of test ids, or None
        self.only = only                # restrict to these ids (retries)
        self.tag = tag or '%s-%s' % (py['ver'], mode)
        self.tests = {}                 # id -> record
        self.order = []                 # ids in order recorded
        self.restarts = 0
        self.status = 'ok'
        self.status_reason = ''
        self.gosocket_file = None
        self.warnings = []
        self.secs = 0.0

    # -- helpers
    def record(self, tid, outcome, reason='', detail='', secs=0.0, fixture=False):
        if tid in self.tests:
            return
        rec = {'outcome': outcome, 'reason': reason or '', 'secs': secs}
        if detail:
            rec['detail'] = detail
        if fixture:
            rec['fixture'] = True
        self.tests[tid] = rec
        self.order.append(tid)
        if outcome in ('hung', 'crash') or (self.opts.verbose and outcome not in OK + ('skip',)):
            log('    %s %s: %s %s' % (self.tag, tid, outcome, one_line(reason)))

    def runnable(self):
        ids = self.universe or []
        if self.only is not None:
            ids = [t for t in ids if t in self.only]
        return [t for t in ids if excluded_reason(t, self.py['exclusions']) is None]

    def pending(self):
        return [t for t in self.runnable() if t not in self.tests]

    def child_cmd(self, events, skip_file, only_file, list_only=False, mode=None):
        mode = mode or self.mode
        cmd = [self.py['exe'], '-E', '-s', '-B', CHILD, '--mode', mode, '--events', events,
               '--hang-dump', str(max(1.0, self.opts.test_timeout - 2))]
        if mode != 'builtin':
            cmd += ['--gosocket-dir', self.py['gosocket_dir']]
        if skip_file:
            cmd += ['--skip-file', skip_file]
        if only_file:
            cmd += ['--only-file', only_file]
        if list_only:
            cmd.append('--list-only')
        return cmd

    def list_builtin(self, workdir, logf):
        """Test list from the built-in module (used when gosocket fails)."""
        events = os.path.join(workdir, 'list.jsonl')
        p = subprocess.Popen(self.child_cmd(events, None, None, list_only=True, mode='builtin'),
                             stdout=logf, stderr=subprocess.STDOUT, cwd=workdir,
                             preexec_fn=os.setsid)
        deadline = time.time() + 120
        while p.poll() is None and time.time() < deadline:
            time.sleep(0.05)
        kill_group(p)
        for e in read_events(events, 0)[0]:
            if e.get('ev') == 'list':
                return e['tests']
        return []

    # -- main loop
    def execute(self):
        t_start = time.time()
        opts = self.opts
        raw = os.path.join(OUT_DIR, 'raw')
        if not os.path.isdir(raw):
            os.makedirs(raw)
        events = os.path.join(raw, '%s.events.jsonl' % self.tag)
        logpath = os.path.join(raw, '%s.log' % self.tag)
        open(events, 'w').close()
        logf = open(logpath, 'w')
        workdir = tempfile.mkdtemp(prefix='gosocket-conf-')
        env = dict(os.environ)
        env['GOSOCKET_CONFORMANCE_MODE'] = self.mode
        offset = 0
        special = None
        try:
            while True:
                skip_file = os.path.join(workdir, 'skip.txt')
                with open(skip_file, 'w') as f:
                    for pat, _ in self.py['exclusions']:
                        f.write(pat + '\n')
                    for tid in self.tests:
                        f.write(tid + '\n')
                only_file = None
                if self.only is not None:
                    only_file = os.path.join(workdir, 'only.txt')
                    with open(only_file, 'w') as f:
                        f.write('\n'.join(sorted(self.only)) + '\n')
                logf.write('==== child start %s (restart %d)\n' % (time.ctime(), self.restarts))
                logf.flush()
                proc = subprocess.Popen(self.child_cmd(events, skip_file, only_file),
                                        stdout=logf, stderr=subprocess.STDOUT, cwd=workdir,
                                        env=env, preexec_fn=os.setsid)
                cur = None
                last = time.time()
                done = False
                killed = None
                try:
                    while True:
                        evs, offset = read_events(events, offset)
                        for e in evs:
                            last = time.time()
                            kind = e.get('ev')
                            if kind == 'list':
                                if self.universe is None:
                                    self.universe = e['tests']
                            elif kind == 'start':
                                cur = e['id']
                            elif kind == 'result':
                                self.record(e['id'], e['outcome'], e.get('reason'),
                                            e.get('detail'), e.get('secs', 0.0),
                                            e.get('fixture', False))
                                cur = None
                            elif kind in ('import_failed', 'load_failed'):
                                special = e
                            elif kind == 'gosocket':
                                self.gosocket_file = e.get('file')
                            elif kind == 'warning':
                                self.warnings.append(e.get('msg'))
                            elif kind == 'done':
                                done = True
                        rc = proc.poll()
                        if rc is not None:
                            evs, offset = read_events(events, offset)
                            if evs:    # events written just before exit
                                last = time.time()
                                continue
                            break
                        now = time.time()
                        if done:
                            if now - last > 5:   # lingering non-daemon threads
                                kill_group(proc)
                            time.sleep(0.05)
                            continue
                        if now - last > opts.test_timeout:
                            killed = 'hung'
                            kill_group(proc)
                            continue
                        if now - t_start > opts.run_timeout:
                            killed = 'run-timeout'
                            kill_group(proc)
                            continue
                        time.sleep(0.05)
                finally:
                    kill_group(proc)
                rc = proc.returncode

                if special is not None:
                    self.status = special['ev']
                    self.status_reason = special.get('reason', '')
                    if self.universe is None:
                        self.universe = self.opts_universe_fallback(workdir, logf)
                    for tid in self.pending():
                        self.record(tid, 'error', self.status_reason, special.get('detail', ''))
                    break
                if done:
                    break
                if self.universe is None:
                    self.status = 'harness_error'
                    self.status_reason = 'child died (%s) before listing tests; see %s' % (describe_rc(rc), logpath)
                    self.universe = self.opts_universe_fallback(workdir, logf)
                    for tid in self.pending():
                        self.record(tid, 'error', self.status_reason)
                    break
                if killed == 'run-timeout':
                    self.status = 'run_timeout'
                    self.status_reason = 'not run: whole-run time limit (%ds) reached' % opts.run_timeout
                    log('    %s: %s' % (self.tag, self.status_reason))
                    if cur is not None:
                        self.record(cur, 'hung', 'running when the whole-run time limit was reached')
                    for tid in self.pending():
                        self.record(tid, 'error', self.status_reason)
                    break
                nxt = self.pending()
                victim = cur if cur is not None else (nxt[0] if nxt else None)
                if victim is None:
                    break   # everything recorded; child died at exit
                between = '' if cur is not None else ' (no test running: hang/crash between tests, e.g. in a class fixture; attributed to the next test)'
                if killed == 'hung':
                    self.record(victim, 'hung', 'hung: no progress for %ds%s' % (opts.test_timeout, between))
                else:
                    self.record(victim, 'crash', 'child process died (%s)%s' % (describe_rc(rc), between))
                self.restarts += 1
                if self.restarts > opts.max_restarts:
                    self.status = 'too_many_restarts'
                    self.status_reason = 'not run: more than %d hangs/crashes' % opts.max_restarts
                    for tid in self.pending():
                        self.record(tid, 'error', self.status_reason)
                    break
        finally:
            logf.close()
            shutil.rmtree(workdir, ignore_errors=True)
        # tests the child never reported (should not happen) and exclusions
        for tid in self.pending():
            self.record(tid, 'error', 'no result reported')
        for tid in (self.universe or []):
            if self.only is not None and tid not in self.only:
                continue
            r = excluded_reason(tid, self.py['exclusions'])
            if r is not None:
                self.record(tid, 'excluded', r)
        self.secs = time.time() - t_start
        return self

    def opts_universe_fallback(self, workdir, logf):
        if self.opts.baseline_universe.get(self.py['ver']):
            return self.opts.baseline_universe[self.py['ver']]
        return self.list_builtin(workdir, logf)

    # -- reporting
    def counts(self):
        c = {}
        for rec in self.tests.values():
            if rec.get('fixture'):
                c['fixture_error'] = c.get('fixture_error', 0) + 1
                continue
            c[rec['outcome']] = c.get(rec['outcome'], 0) + 1
        c['tests'] = sum(v for k, v in c.items() if k not in ('excluded', 'fixture_error'))
        return c

    def ids_in_order(self):
        seen = set()
        out = []
        for tid in list(self.universe or []) + self.order:
            if tid not in seen:
                seen.add(tid)
                out.append(tid)
        return out

    def to_json(self):
        return {
            'harness_version': HARNESS_VERSION,
            'python': self.py['exe'], 'version': self.py['ver'], 'full_version': self.py['full'],
            'mode': self.mode, 'test_file': self.py['test_file'],
            'test_file_sha256': self.py['test_sha'], 'key': self.py['key'],
            'gosocket_dir': self.py['gosocket_dir'] if self.mode != 'builtin' else None,
            'gosocket_file': self.gosocket_file, 'status': self.status,
            'status_reason': self.status_reason, 'warnings': self.warnings,
            'secs': round(self.secs, 1), 'restarts': self.restarts, 'counts': self.counts(),
            'order': self.ids_in_order(), 'tests': self.tests,
        }


def describe_rc(rc):
    if rc is None:
        return 'killed'
    if rc < 0:
        try:
            return 'signal %s' % signal.Signals(-rc).name
        except Exception:
            return 'signal %d' % -rc
    return 'exit code %d' % rc


def kill_group(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            proc.kill()
        except OSError:
            pass
        proc.wait()
    else:
        # The child is gone; kill anything it left in its group.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass


def read_events(path, offset):
    """New complete JSON lines after offset -> (events, new offset)."""
    try:
        with open(path, 'rb') as f:
            f.seek(offset)
            data = f.read()
    except IOError:
        return [], offset
    end = data.rfind(b'\n')
    if end < 0:
        return [], offset
    out = []
    for line in data[:end].split(b'\n'):
        if line.strip():
            try:
                out.append(json.loads(line.decode('utf-8')))
            except ValueError:
                pass
    return out, offset + end + 1


# ---------------------------------------------------------------- gap & ratchet

def compute_gap(base, run):
    """Ordered list of gap test ids (baseline pass -> mode not pass)."""
    gap = []
    for tid in base.ids_in_order():
        b = base.tests.get(tid)
        if b is None or b['outcome'] not in OK:
            continue
        m = run.tests.get(tid)
        if m is None:
            run.record(tid, 'error', 'not in the test list under this mode')
            m = run.tests[tid]
        if m['outcome'] not in OK:
            gap.append(tid)
    # fixture pseudo-tests (e.g. Class.tearDownClass) failing only in this mode
    for tid in run.order:
        rec = run.tests[tid]
        if rec.get('fixture') and tid not in base.tests and tid not in gap:
            gap.append(tid)
    return gap


def fmt_counts(c):
    parts = ['%d tests' % c.get('tests', 0), '%d pass' % c.get('pass', 0)]
    for k in ('fail', 'error', 'skip', 'xfail', 'xpass', 'hung', 'crash', 'excluded', 'fixture_error'):
        if c.get(k):
            parts.append('%d %s' % (c[k], k))
    return ', '.join(parts)


def save_json(run, extra=None):
    data = run.to_json()
    if extra:
        data.update(extra)
    path = os.path.join(OUT_DIR, '%s-%s.json' % (run.py['ver'], run.mode))
    with open(path, 'w') as f:
        json.dump(data, f, indent=1, sort_keys=True)
    return path


class Cached(object):
    """A baseline loaded from build/conformance/<X.Y>-builtin.json."""

    def __init__(self, py, data):
        self.py = py
        self.mode = 'builtin'
        self.tests = data['tests']
        self.order = data['order']
        self.universe = [t for t in data['order'] if not data['tests'][t].get('fixture')]
        self.secs = 0.0
        self.restarts = data.get('restarts', 0)
        self.status = data.get('status', 'ok')

    counts = Run.__dict__['counts']
    ids_in_order = Run.__dict__['ids_in_order']


def load_cached_baseline(py):
    path = os.path.join(OUT_DIR, '%s-builtin.json' % py['ver'])
    try:
        with open(path) as f:
            data = json.load(f)
    except (IOError, ValueError):
        return None
    if data.get('key') != py['key'] or data.get('status') != 'ok':
        return None
    if sys.version_info[0] == 2:   # json gives unicode on 2.7
        data = json.loads(json.dumps(data), object_hook=_str_hook)
    return Cached(py, data)


def _str_hook(d):
    return dict((str(k), (str(v) if isinstance(v, type(u'')) else v)) for k, v in d.items())


# ---------------------------------------------------------------- main

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n', 2)[2])
    ap.add_argument('--python', action='append', default=[], metavar='VER',
                    help='interpreter: 3.11, 3.11.7 or a path; repeatable or comma-separated '
                         '(default: every X.Y.Z under $PYENV_ROOT/versions)')
    ap.add_argument('--mode', action='append', default=[], metavar='MODE',
                    help='builtin, _socket, socket; repeatable or comma-separated (default: all). '
                         'The gosocket modes need a baseline: reused from build/conformance '
                         'when valid, else run.')
    ap.add_argument('--gosocket-dir', default=os.path.join(ROOT, 'build', 'py{nodot}'),
                    help='directory holding gosocket for the child; {nodot} -> 311, {ver} -> 3.11 '
                         '(default: %(default)s)')
    ap.add_argument('--test-timeout', type=float, default=10.0,
                    help='seconds without progress before a test counts as hung (default 10; '
                         'the slowest built-in test takes 3.5 s)')
    ap.add_argument('--run-timeout', type=float, default=300.0,
                    help='limit for one interpreter x mode run, seconds (default 300)')
    ap.add_argument('--total-timeout', type=float, default=2400.0,
                    help='no new run starts after this many seconds (default 2400)')
    ap.add_argument('--max-restarts', type=int, default=25,
                    help='hangs/crashes per run before the rest is given up (default 25)')
    ap.add_argument('--exclusions', default=EXCLUSIONS,
                    help='exclusions file (default: %(default)s)')
    ap.add_argument('--reuse-baseline', action='store_true',
                    help='fast form: reuse a cached baseline when the interpreter, its '
                         'test_socket.py, the exclusions and the harness are unchanged')
    ap.add_argument('--no-retry', action='store_true',
                    help='do not re-run unlisted gap tests once to filter out flaky ones')
    ap.add_argument('--update', action='store_true',
                    help='rewrite tests/cpython/expected/<X.Y>-<mode>.txt from this run')
    ap.add_argument('-v', '--verbose', action='store_true', help='print every non-passing test')
    opts = ap.parse_args(argv)
    opts.python = [p for s in opts.python for p in s.split(',') if p]
    modes = [m for s in opts.mode for m in s.split(',') if m] or list(MODES)
    for m in modes:
        if m not in MODES:
            ap.error('unknown mode %r (choose from %s)' % (m, ', '.join(MODES)))
    opts.modes = [m for m in MODES if m in modes]
    opts.baseline_universe = {}
    return opts


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    if not os.path.isdir(OUT_DIR):
        os.makedirs(OUT_DIR)
    t0 = time.time()
    exes = find_pythons(opts.python)
    if not exes:
        raise SystemExit('conformance: no interpreters found')
    child_sha = sha256_file(CHILD)
    rows, problems, summary = [], [], []
    out_of_time = False
    for exe in exes:
        ver, full, tfile = probe(exe)
        excl = load_exclusions(ver, opts.exclusions)
        py = {'exe': exe, 'ver': ver, 'full': full, 'test_file': tfile,
              'test_sha': sha256_file(tfile), 'exclusions': excl,
              'gosocket_dir': os.path.abspath(opts.gosocket_dir.format(
                  nodot=ver.replace('.', ''), ver=ver))}
        py['key'] = hashlib.sha256(json.dumps(
            [HARNESS_VERSION, child_sha, exe, full, py['test_sha'], excl]).encode()).hexdigest()
        row = {'ver': ver}
        base = None
        gos_modes = [m for m in opts.modes if m in GOSOCKET_MODES]
        if 'builtin' not in opts.modes or opts.reuse_baseline:
            base = load_cached_baseline(py)
            if base is not None:
                log('[%s builtin] %s (cached baseline, %s)' % (ver, fmt_counts(base.counts()),
                                                             os.path.join(OUT_DIR, ver + '-builtin.json')))
        for mode in (['builtin'] if base is None else []) + gos_modes:
            if time.time() - t0 > opts.total_timeout:
                out_of_time = True
                problems.append('%s %s: not run, --total-timeout %ds reached' % (ver, mode, opts.total_timeout))
                log('[%s %s] NOT RUN: total time limit reached' % (ver, mode))
                continue
            if mode == 'builtin' and excl:
                log('[%s] excluded from all modes:' % ver)
            run = Run(py, mode, opts, universe=(base.universe if base is not None else None))
            if mode == 'builtin':
                run.execute()
                for tid in run.ids_in_order():
                    if run.tests[tid]['outcome'] == 'excluded':
                        log('    %s  -- %s' % (tid, run.tests[tid]['reason']))
                base = run
                opts.baseline_universe[ver] = run.universe
                save_json(run)
                c = run.counts()
                log('[%s builtin] %s (restarts %d) in %.1fs' % (ver, fmt_counts(c), run.restarts, run.secs))
                if run.status != 'ok':
                    problems.append('%s builtin: %s %s' % (ver, run.status, run.status_reason))
                continue
            run.execute()
            gap = compute_gap(base, run)
            expected = load_expected(ver, mode)
            exp = expected or {}
            regress = [t for t in gap if t not in exp]
            flaky = []
            if regress and not opts.no_retry and not opts.update and len(regress) <= 30 \
                    and run.status == 'ok':
                retry = Run(py, mode, opts, universe=run.universe, only=set(regress),
                            tag='%s-%s-retry' % (ver, mode)).execute()
                flaky = [t for t in regress if retry.tests.get(t, {}).get('outcome') in OK]
                for t in flaky:
                    run.tests[t]['flaky_retry_passed'] = True
                regress = [t for t in regress if t not in flaky]
            stale = [t for t in exp if run.tests.get(t, {}).get('outcome') in OK
                     or (t not in run.tests and t not in base.tests)]
            save_json(run, {'gap': gap, 'regressions': regress, 'stale': stale, 'flaky': flaky})
            c = run.counts()
            extra = ''
            if run.status != 'ok':
                extra = ' [%s: %s]' % (run.status, one_line(run.status_reason, 100))
            log('[%s %s] %s, gap %d (restarts %d) in %.1fs%s'
                % (ver, mode, fmt_counts(c), len(gap), run.restarts, run.secs, extra))
            if flaky:
                log('    flaky (failed, then passed on retry; not counted): %s' % ', '.join(flaky))
            row[mode] = (c.get('pass', 0) + c.get('xfail', 0), len(gap))
            if opts.update:
                path = write_expected(ver, mode, gap, run.tests, expected)
                log('    wrote %s (%d entries)' % (os.path.relpath(path), len(gap)))
                continue
            if expected is None and gap:
                problems.append('%s %s: no expected file %s; %d gap tests (create it with --update)'
                                % (ver, mode, os.path.relpath(expected_path(ver, mode)), len(gap)))
            elif regress:
                problems.append('%s %s: %d gap tests not in %s:' % (
                    ver, mode, len(regress), os.path.relpath(expected_path(ver, mode))))
                for t in regress[:40]:
                    problems.append('    %s  # %s: %s' % (t, run.tests[t]['outcome'], one_line(run.tests[t]['reason'])))
                if len(regress) > 40:
                    problems.append('    ... %d more, see %s' % (
                        len(regress) - 40, os.path.join(OUT_DIR, '%s-%s.json' % (ver, mode))))
            if stale and not opts.update:
                problems.append('%s %s: %d stale entries in %s (now pass or no longer exist):' % (
                    ver, mode, len(stale), os.path.relpath(expected_path(ver, mode))))
                for t in stale[:40]:
                    problems.append('    %s' % t)
        if base is not None:
            bc = base.counts()
            row['tests'] = bc.get('tests', 0)
            row['builtin'] = bc.get('pass', 0) + bc.get('xfail', 0)
            row['builtin_secs'] = round(base.secs, 1)
        rows.append(row)
        summary.append(row)

    with open(os.path.join(OUT_DIR, 'summary.json'), 'w') as f:
        json.dump({'rows': summary, 'problems': problems, 'secs': round(time.time() - t0, 1)},
                  f, indent=1, sort_keys=True)
    print_table(rows, opts.modes)
    log('total %.1fs; per-test results in %s' % (time.time() - t0, os.path.relpath(OUT_DIR)))
    if problems:
        log('')
        log('CONFORMANCE FAILED:')
        for p in problems:
            log('  ' + p)
        return 1
    return 0


def print_table(rows, modes):
    head = ['interpreter', 'tests', 'built-in pass', 'as _socket: pass, gap', 'as socket: pass, gap']
    lines = []
    for r in rows:
        cells = [r['ver'], str(r.get('tests', '-')), str(r.get('builtin', '-'))]
        for m in GOSOCKET_MODES:
            cells.append('%d, %d' % r[m] if m in r else '-')
        lines.append(cells)
    widths = [max(len(x) for x in col) for col in zip(head, *lines)]
    log('')
    log(' | '.join(h.ljust(w) for h, w in zip(head, widths)))
    log('-+-'.join('-' * w for w in widths))
    for cells in lines:
        log(' | '.join(c.ljust(w) for c, w in zip(cells, widths)))


if __name__ == '__main__':
    sys.exit(main())
