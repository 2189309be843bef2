#!/usr/bin/env python
"""Run the gosocket stress probes: python tests/stress/run.py [--short] [--pending] [--only SUBSTRING]

Probes live in tests/stress/probe_*.py; each module defines PROBES, a list
of dicts

    {'name': str, 'func': callable, 'timeout': seconds, 'short_timeout': seconds}

A module may also define PENDING, a list of the same form: probes of
known gosocket bugs or limitations that fail today. They run only with
--pending (then with the others), so `make stress` stays green until the
binding is fixed and the probe moves to PROBES.

func(short) gets short=True under --short. It returns a string (the detail,
e.g. "800 conns, 0 lost") when the probe held, and raises when it failed.
Probe modules must not load gosocket at import time (the runner itself
never does); func calls common.load_gosocket().

Each probe runs in a fresh child process of the same interpreter
(run.py --child probe_fork:prefork_server [--short]), in its own process
group. The result is:

    held     func returned; its string is the detail
    failed   func raised (the message is the detail, the child's output is shown)
    crashed  the child died by a signal (the detail names it) or exited
             without reporting
    hung     the child outlived the probe's timeout and was killed with its
             whole process group (on 3.3+ the child dumps every thread's
             stack shortly before, through faulthandler)

One line per probe is printed as it ends, then a summary table (probe,
result, seconds, detail) and the closing line "N passed, N failed" (held
counts as passed). The exit status is non-zero if any probe did not hold.
--only SUBSTRING runs the probes whose "module:name" contains it.
"""

from __future__ import print_function

import glob
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = '@@stress-result@@'


def discover(pending=False):
    """[(module name, probe dict)] in file then list order (with each
    module's PENDING probes after its PROBES when pending)."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, 'probe_*.py'))):
        modname = os.path.splitext(os.path.basename(path))[0]
        mod = __import__(modname)
        for p in getattr(mod, 'PROBES', []) + (getattr(mod, 'PENDING', []) if pending else []):
            for key in ('name', 'func', 'timeout', 'short_timeout'):
                if key not in p:
                    raise SystemExit('%s: a probe lacks %r' % (modname, key))
            out.append((modname, p))
    return out


def signame(num):
    for name in dir(signal):
        if name.startswith('SIG') and not name.startswith('SIG_') and getattr(signal, name) == num:
            return name
    return 'signal %d' % num


def one_line(text, limit=200):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + '...'


# ---- the child: one probe -------------------------------------------------

def child(spec, short):
    """Run one probe in this process and report through a MARK line on
    stdout. Processes the probe forks never report: only the pid that
    started the probe prints the result, any other leaves with os._exit."""
    modname, _, name = spec.partition(':')
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    mod = __import__(modname)
    probes = [p for p in mod.PROBES + getattr(mod, 'PENDING', []) if p['name'] == name]
    if not probes:
        print('%s failed no probe %r in %s' % (MARK, name, modname))
        return 1
    probe = probes[0]
    timeout = probe['short_timeout' if short else 'timeout']
    try:
        import faulthandler
        faulthandler.dump_traceback_later(max(timeout - 1.0, timeout * 0.9), exit=False)
    except (ImportError, AttributeError):
        pass
    me = os.getpid()
    try:
        detail = probe['func'](short)
        ok = isinstance(detail, str) or (sys.version_info[0] == 2 and isinstance(detail, basestring))  # noqa: F821
        if not ok:
            raise TypeError('probe returned %r, not a string' % (detail,))
        result = 'held %s' % one_line(detail)
    except BaseException as e:  # KeyboardInterrupt and SystemExit are failures too
        if os.getpid() != me:
            os._exit(70)
        traceback.print_exc()
        result = 'failed %s' % one_line('%s: %s' % (type(e).__name__, e))
    if os.getpid() != me:
        os._exit(70)
    sys.stderr.flush()
    # on a line of its own even if a thread's stderr output left one open
    print('\n%s %s' % (MARK, result))
    sys.stdout.flush()
    return 0 if result.startswith('held') else 1


# ---- the parent ------------------------------------------------------------

def run_probe(modname, probe, short):
    """Run one probe in a child; returns (result, seconds, detail, output)."""
    timeout = probe['short_timeout' if short else 'timeout']
    cmd = [sys.executable, os.path.abspath(__file__), '--child', '%s:%s' % (modname, probe['name'])]
    if short:
        cmd.append('--short')
    out = tempfile.TemporaryFile()
    env = dict(os.environ)
    env['PYTHONUNBUFFERED'] = '1'
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=open(os.devnull),
                            env=env, preexec_fn=os.setsid, close_fds=True)
    hung = False
    while proc.poll() is None:
        if time.time() - start > timeout:
            hung = True
            break
        time.sleep(0.02)
    if hung:
        time.sleep(0.3)  # let the faulthandler dump finish
    # the whole group goes: workers a probe forked must not outlive it
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    rc = proc.wait()
    secs = time.time() - start
    out.seek(0)
    text = out.read().decode('utf-8', 'replace')
    out.close()
    marks = [l[l.index(MARK) + len(MARK) + 1:] for l in text.splitlines() if MARK in l]
    output = '\n'.join(l for l in text.splitlines() if MARK not in l and l.strip())
    if hung:
        return 'hung', secs, 'killed after %gs' % timeout, output
    if rc < 0:
        return 'crashed', secs, 'killed by %s' % signame(-rc), output
    if not marks:
        return 'crashed', secs, 'exited with status %d without a result' % rc, output
    result, _, detail = marks[-1].partition(' ')
    if result == 'held' and rc != 0:
        return 'crashed', secs, 'held (%s), then exited with status %d' % (detail, rc), output
    return result, secs, detail, output


def main(argv):
    short = '--short' in argv
    if '--child' in argv:
        return child(argv[argv.index('--child') + 1], short)
    only = argv[argv.index('--only') + 1] if '--only' in argv else None
    probes = discover('--pending' in argv)
    if only:
        probes = [(m, p) for m, p in probes if only in '%s:%s' % (m, p['name'])]
    print('stress%s: %d probes, Python %s' % (' (short)' if short else '', len(probes), sys.version.split()[0]))
    sys.stdout.flush()
    rows = []
    for modname, probe in probes:
        label = '%s:%s' % (modname[len('probe_'):], probe['name'])
        result, secs, detail, output = run_probe(modname, probe, short)
        print('%-34s %-8s %6.1fs  %s' % (label, result, secs, detail))
        if result != 'held' and output.strip():
            lines = output.rstrip().splitlines()
            if len(lines) > 60:
                lines = ['    ... (%d lines)' % (len(lines) - 60)] + lines[-60:]
            print('\n'.join('    | ' + l for l in lines))
        sys.stdout.flush()
        rows.append((label, result, secs, detail))
    print()
    print('%-34s %-8s %7s  %s' % ('probe', 'result', 'seconds', 'detail'))
    for label, result, secs, detail in rows:
        print('%-34s %-8s %7.1f  %s' % (label, result, secs, one_line(detail, 100)))
    passed = sum(1 for r in rows if r[1] == 'held')
    failed = len(rows) - passed
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed or not rows else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
