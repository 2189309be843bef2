#!/usr/bin/env python3
"""Install gosocket's wheels as a user would, with no Go and no compiler.

    python3 tests/wheel/install.py [VERSION ...]   (default: 2.7 3.11 newest)

For each interpreter: a fresh environment (3.x: `python -m venv`; 2.7,
which has no venv and whose pip 19.2 predates manylinux_2_N tags: a fresh
folder filled by `pip install --target` told the platform with
--platform; see Env), with `go`, `gcc` and every other compiler left off
PATH (the PATH is a folder of links to every other command); then
`pip install --no-index dist/gosocket-….whl`, gosocket.__file__ checked to
be the installed one (not build/), examples/echo.py and the unit tests
(tests/unit/run.py, GOSOCKET_UNDER_TEST=installed) run against it, on 3.11
the typing checks (tests/wheel/typecheck.py), and `pip uninstall` must
leave the environment's files exactly as they were before the install.
Then the sdist (dist/gosocket-<version>.tar.gz) on 3.11, this time with Go
and gcc on PATH: pip builds it (pyproject.toml's backend, build.py) in a
fresh venv, with no package index, and the echo examples run over it.
Ends with a table and "N passed, N failed".
"""
from __future__ import print_function

import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)
import build  # noqa: E402

# HIDDEN: commands kept off PATH, so nothing can compile during the tests.
HIDDEN = ('go', 'gofmt', 'gcc', 'cc', 'c++', 'g++', 'cpp', 'clang', 'tcc', 'ld')


def hidden(name):
    base = name.split('/')[-1]
    return (base in HIDDEN or base.startswith(('gcc-', 'g++-', 'cpp-', 'clang-', 'x86_64-linux-gnu-', 'go1')))


def shadow_path(tmp):
    """A PATH that has every command of ours except HIDDEN's: one folder of
    links to the rest."""
    d = os.path.join(tmp, 'bin')
    os.makedirs(d)
    for p in os.environ.get('PATH', '').split(os.pathsep):
        if not os.path.isdir(p):
            continue
        for name in sorted(os.listdir(p)):
            src = os.path.join(p, name)
            if hidden(name) or os.path.exists(os.path.join(d, name)):
                continue
            if os.path.isfile(src) and os.access(src, os.X_OK):
                os.symlink(src, os.path.join(d, name))
    return d


def snapshot(top):
    """Every file and link under top (relative paths), but Python's byte
    code caches of files other than gosocket's (pip writes its own)."""
    out = set()
    for d, dirs, files in os.walk(top):
        for f in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            rel = os.path.relpath(os.path.join(d, f), top)
            if ('__pycache__' in rel or rel.endswith('.pyc')) and 'gosocket' not in rel:
                continue
            out.add(rel)
    return out


def other_pip(info):
    """pip of the newest other interpreter here whose pip runs, for an
    interpreter that has none."""
    for o in sorted(build.find_interpreters(), key=lambda i: [int(x) for x in i['version'].split('.')],
                    reverse=True):
        if o['version'] != info['version'] and subprocess.call(
                [o['executable'], '-m', 'pip', '--version'], stdout=open(os.devnull, 'w'),
                stderr=subprocess.STDOUT) == 0:
            return [o['executable'], '-m', 'pip']
    raise SystemExit('install.py: no interpreter here has a pip that runs')


class Env(object):
    """A fresh environment for one interpreter, with its commands.

    3.x: a venv with its own pip. 2.7 (no venv; pip 19.2 knows no
    manylinux_2_N tag, 20.3 does): a fresh folder on PYTHONPATH, filled by
    `pip install --target` told the platform and ABI. A 3.x without
    ensurepip (Debian's, without python3-venv): a venv without pip, filled
    the same way by the newest other interpreter's pip (with the target's
    version and ABI), which also uninstalls (PYTHONPATH)."""

    def __init__(self, info, tmp):
        self.info, self.tmp = info, tmp
        self.bin = shadow_path(tmp)
        self.env = dict(os.environ)
        for k in ('GO', 'CC', 'CXX', 'PYTHONPATH', 'PYTHONHOME', 'GOSOCKET_UNDER_TEST', 'VIRTUAL_ENV',
                  'PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL'):
            self.env.pop(k, None)
        self.env['PIP_DISABLE_PIP_VERSION_CHECK'] = '1'
        self.env['PIP_CONFIG_FILE'] = os.devnull  # no find-links or index from the machine's configuration
        self.env['PIP_NO_INDEX'] = '1'
        self.env['PYTHONDONTWRITEBYTECODE'] = '1'
        self.env['PATH'] = self.bin
        if info['version'].startswith('2.'):
            self.site = os.path.join(tmp, 'site')
            os.makedirs(self.site)
            self.python = info['executable']
            self.top = self.site
            self.pip, self.target = [self.python, '-m', 'pip'], True
            self.env['PYTHONPATH'] = self.site
            return
        venv = os.path.join(tmp, 'venv')
        self.pip, self.target = [os.path.join(venv, 'bin', 'python'), '-m', 'pip'], False
        if self.run([info['executable'], '-m', 'venv', venv]) != 0:
            shutil.rmtree(venv, ignore_errors=True)
            if self.run([info['executable'], '-m', 'venv', '--without-pip', venv]) != 0:
                raise SystemExit('install.py: no venv for %s' % info['executable'])
            self.pip, self.target = other_pip(info), True
        self.python = os.path.join(venv, 'bin', 'python')
        self.site = self.out([self.python, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])
        self.top = venv
        self.env['VIRTUAL_ENV'] = venv
        self.env['PATH'] = os.path.join(venv, 'bin') + os.pathsep + self.bin
        if self.target:
            self.env['PYTHONPATH'] = self.site

    def run(self, cmd, **kw):
        print('$ ' + ' '.join(cmd))
        sys.stdout.flush()
        return subprocess.call(cmd, env=getattr(self, 'env', None), cwd=kw.get('cwd', self.tmp))

    def out(self, cmd):
        return subprocess.check_output(cmd, env=getattr(self, 'env', None), cwd=self.tmp).decode('utf-8').strip()

    def install(self, wheel, abi):
        if self.target:
            plat = wheel[:-len('.whl')].rsplit('-', 1)[1]
            return self.run(self.pip + ['install', '--no-index', '--no-deps', '--target', self.site,
                                        '--platform', plat, '--python-version', self.info['version'],
                                        '--implementation', 'cp', '--abi', abi, '--only-binary=:all:', wheel])
        return self.run(self.pip + ['install', '--no-index', wheel])

    def uninstall(self):
        return self.run(self.pip + ['uninstall', '-y', 'gosocket'])


def wheel_for(info):
    tag = 'cp' + info['version'].replace('.', '')
    found = glob.glob(os.path.join(ROOT, 'dist', 'gosocket-*-%s-*.whl' % tag))
    if len(found) != 1:
        raise SystemExit('install.py: expected one wheel for %s in dist/, found %s (make wheels)'
                         % (tag, found))
    return found[0]


def check_one(info):
    """Run every step for one interpreter; return [(step, ok)]."""
    steps = []
    tmp = tempfile.mkdtemp(prefix='gosocket-wheel-%s-' % info['version'])
    try:
        e = Env(info, tmp)
        wheel = wheel_for(info)
        abi = wheel.split('-')[-2]
        tools = e.out([e.python, '-c',
                       'import os\nfor t in ("go", "gcc", "cc"):\n'
                       '    print(t, any(os.access(os.path.join(d, t), os.X_OK) '
                       'for d in os.environ["PATH"].split(os.pathsep)))'])
        steps.append(('go and gcc off PATH', 'True' not in tools))
        before = snapshot(e.top)
        steps.append(('pip install --no-index', e.install(wheel, abi) == 0))
        where = e.out([e.python, '-c', 'import gosocket; print(gosocket.__file__); print(gosocket.__version__)'])
        print(where)
        path, ver = where.splitlines()
        steps.append(('imports the installed module', path.startswith(e.site + os.sep)
                      and not path.startswith(ROOT + os.sep) and ver == build.version()))
        # echo.py puts its argument first on sys.path: the installed one.
        steps.append(('examples/echo.py', e.run([e.python, os.path.join(ROOT, 'examples', 'echo.py'), e.site]) == 0))
        if os.path.exists(os.path.join(e.site, 'gosocket', '__main__.py')):
            # The package layout's runner: the examples under python -m gosocket.
            steps.append(('python -m gosocket examples/echo.py', e.run(
                [e.python, '-m', 'gosocket', os.path.join(ROOT, 'examples', 'echo.py'), e.site]) == 0))
        ue = dict(e.env, GOSOCKET_UNDER_TEST='installed')
        saved, e.env = e.env, ue
        steps.append(('unit tests', e.run([e.python, os.path.join(ROOT, 'tests', 'unit', 'run.py')]) == 0))
        e.env = saved
        if info['version'] == '3.11':
            steps.append(('typing (mypy, stubtest)', e.run([sys.executable, os.path.join(HERE, 'typecheck.py'),
                                                             e.python, e.site]) == 0))
        steps.append(('pip uninstall', e.uninstall() == 0))
        after = snapshot(e.top)
        left, lost = sorted(after - before), sorted(before - after)
        for p in left:
            print('left behind: ' + p)
        for p in lost:
            print('removed, was there before: ' + p)
        steps.append(('uninstall removes every file', not left and not lost))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return steps


def check_sdist(info):
    """pip install of the sdist in a fresh venv, Go on PATH."""
    steps = []
    tmp = tempfile.mkdtemp(prefix='gosocket-sdist-')
    try:
        sdist = os.path.join(ROOT, 'dist', 'gosocket-%s.tar.gz' % build.version())
        venv = os.path.join(tmp, 'venv')
        py = os.path.join(venv, 'bin', 'python')
        env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK='1', PYTHONDONTWRITEBYTECODE='1',
                   PIP_CONFIG_FILE=os.devnull)
        for k in ('PYTHONPATH', 'PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'GOSOCKET_UNDER_TEST'):
            env.pop(k, None)
        ok = subprocess.call([info['executable'], '-m', 'venv', venv]) == 0
        cmd = [py, '-m', 'pip', 'install', '--no-index', '--no-cache-dir', sdist]
        print('$ ' + ' '.join(cmd))
        sys.stdout.flush()
        ok = ok and subprocess.call(cmd, env=env, cwd=tmp) == 0
        steps.append(('sdist: pip builds and installs it', ok))
        cmd = [py, os.path.join(ROOT, 'examples', 'echo.py'), os.path.join(tmp, 'nothing-here')]
        steps.append(('sdist: examples/echo.py', ok and subprocess.call(cmd, env=env, cwd=tmp) == 0))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return steps


def main(argv):
    found = dict((i['version'], i) for i in build.find_interpreters())
    newest = max(found, key=lambda v: tuple(int(x) for x in v.split('.')))
    wanted = argv or ['2.7', '3.11', newest]
    rows = []
    for v in sorted(set(wanted), key=lambda v: tuple(int(x) for x in v.split('.'))):
        if v not in found:
            rows.append((v, 'interpreter found', False))
            continue
        print('== wheel install: Python %s' % found[v]['full'])
        sys.stdout.flush()
        for step, ok in check_one(found[v]):
            rows.append((v, step, ok))
    if '3.11' in found and '3.11' in wanted:
        print('== sdist install: Python %s' % found['3.11']['full'])
        for step, ok in check_sdist(found['3.11']):
            rows.append(('3.11', step, ok))
    print()
    print('%-6s %-38s %s' % ('python', 'step', 'result'))
    for v, step, ok in rows:
        print('%-6s %-38s %s' % (v, step, 'ok' if ok else 'FAILED'))
    failed = sum(1 for r in rows if not r[2])
    print('%d passed, %d failed' % (len(rows) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
