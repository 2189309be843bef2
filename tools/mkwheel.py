#!/usr/bin/env python3
"""Build gosocket's wheels and sdist with the standard library alone.

    python3 tools/mkwheel.py                  a wheel for every interpreter found
    python3 tools/mkwheel.py --python PY ...  a wheel for each of these
    python3 tools/mkwheel.py --sdist          the source distribution
    options: --dist DIR (default dist/), --no-build (package build/ as is)

A wheel (PEP 427) per interpreter: build.py builds the extension into a
clean build/py<XY>/, and the wheel holds everything build.py put there
(wheel_files(): today the extension module; the Python files of a package
layout too) with the PEP 561 type stubs of stubs/, then
gosocket-<version>.dist-info/ with METADATA, WHEEL and RECORD (sha256).
Its tags are honest: the Python and ABI tags come from the interpreter
(tags()), the platform tag manylinux_2_N_x86_64 from what the extension
needs of glibc, read from its ELF file by tools/elfcheck.py, which also
refuses libraries outside the manylinux allow-list and libpython.

Reproducible: the extension is built with -trimpath and an empty build id
(build.py), every zip entry has the time SOURCE_DATE_EPOCH (default: the
last commit's time), fixed permissions and a fixed order, so the same
sources give byte-identical wheels (tests/wheel/repro.py checks it).
Runs on Python 2.7 and 3.x (tools/backend.py, pip's build backend, uses it
under the interpreter being built for).
"""
from __future__ import print_function

import base64
import glob
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import build  # noqa: E402  (build.py)
import elfcheck  # noqa: E402  (tools/elfcheck.py)

NAME = 'gosocket'
SUMMARY = "Python's socket module, implemented in Go"
LICENSE = 'MIT'
REQUIRES_PYTHON = '>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*'
# PYTHONS are the versions gosocket is built and tested for (classifiers).
PYTHONS = ['2.7', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']
CLASSIFIERS = [
    'Development Status :: 3 - Alpha',
    'Intended Audience :: Developers',
    'License :: OSI Approved :: MIT License',
    'Operating System :: POSIX :: Linux',
    'Programming Language :: Go',
    'Programming Language :: Python :: 2',
] + ['Programming Language :: Python :: ' + v for v in PYTHONS] + [
    'Programming Language :: Python :: Implementation :: CPython',
    'Topic :: Internet',
    'Topic :: System :: Networking',
    'Typing :: Typed',
]

# STUBS holds the PEP 561 stub-only package gosocket-stubs (found by type
# checkers before the module itself, whatever gosocket's own layout).
STUBS = os.path.join(ROOT, 'stubs')

# TAG_PROBE runs inside an interpreter: its Python and ABI tags, computed
# as pip computes the interpreter's own (packaging.tags' CPython rules).
TAG_PROBE = r"""
import json, sys, sysconfig
v = sys.version_info
cfg = sysconfig.get_config_var
debug = cfg('Py_DEBUG') or (cfg('Py_DEBUG') is None and hasattr(sys, 'gettotalrefcount'))
abi = 'cp%d%d' % v[:2]
if debug:
    abi += 'd'
if v < (3, 8) and cfg('WITH_PYMALLOC') in (1, None):
    abi += 'm'
if v < (3, 3) and (cfg('Py_UNICODE_SIZE') == 4 or sys.maxunicode == 0x10ffff):
    abi += 'u'
if cfg('Py_GIL_DISABLED'):
    abi += 't'
print(json.dumps({'python': 'cp%d%d' % v[:2], 'abi': abi, 'soabi': cfg('SOABI') or ''}))
"""


def version():
    return build.version()


def tags(info):
    """(python tag, abi tag) of an interpreter, asked of the interpreter."""
    import json
    out = subprocess.check_output([info['executable'], '-c', TAG_PROBE])
    t = json.loads(out.decode('utf-8'))
    # SOABI (3.x) names the same ABI: cpython-37m-... -> cp37m.
    if t['soabi'] and 'cp' + t['soabi'].split('-')[1] != t['abi']:
        raise SystemExit('mkwheel.py: ABI tag %s disagrees with SOABI %s' % (t['abi'], t['soabi']))
    return t['python'], t['abi']


def source_date_epoch():
    """SOURCE_DATE_EPOCH, else the last commit's time, else 1980-01-01
    (the oldest time a zip entry can carry)."""
    if os.environ.get('SOURCE_DATE_EPOCH'):
        t = int(os.environ['SOURCE_DATE_EPOCH'])
    else:
        try:
            t = int(subprocess.check_output(['git', 'log', '-1', '--format=%ct'], cwd=ROOT,
                                            stderr=open(os.devnull, 'w')).strip())
        except (OSError, subprocess.CalledProcessError, ValueError):
            t = 315532800
    return max(t, 315532800)


def _walk(top, prefix, skip=('.pyc', '.pyo', '.h')):
    """(name under prefix, path) of the files under top, sorted, but byte
    code and (for a build) the cgo header."""
    out = []
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if x != '__pycache__' and not x.startswith('.'))
        for f in sorted(files):
            if f.endswith(skip):
                continue
            p = os.path.join(d, f)
            out.append((prefix + os.path.relpath(p, top).replace(os.sep, '/'), p))
    return out


def wheel_files(info):
    """The files of one interpreter's wheel, (name in the wheel, path):
    everything build.py put into build/py<XY>/ (the cgo header aside), and
    the stubs. This is the one place that says what a wheel holds."""
    stubs = [(n, p) for n, p in _walk(STUBS, '') if n.endswith('.pyi')]
    return sorted(_walk(build.outdir(info), '') + stubs)


def metadata():
    """The METADATA (PKG-INFO) text: Metadata-Version 2.1 (PEP 566)."""
    lines = ['Metadata-Version: 2.1', 'Name: ' + NAME, 'Version: ' + version(),
             'Summary: ' + SUMMARY, 'License: ' + LICENSE, 'Platform: Linux',
             'Requires-Python: ' + REQUIRES_PYTHON]
    lines += ['Classifier: ' + c for c in CLASSIFIERS]
    lines.append('Description-Content-Type: text/markdown; charset=UTF-8')
    with io.open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    return '\n'.join(lines) + '\n\n' + readme


def _digest(data):
    d = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=')
    return 'sha256=' + d.decode('ascii')


def _zinfo(name, epoch, executable):
    z = zipfile.ZipInfo(name, date_time=time.gmtime(epoch)[:6])
    z.compress_type = zipfile.ZIP_DEFLATED
    z.create_system = 3  # Unix, so the permissions below are read
    z.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
    return z


def write_wheel(info, dist):
    """Write one interpreter's wheel into dist; return its path and tag."""
    py, abi = tags(info)
    files = wheel_files(info)
    exts = [p for n, p in files if n.endswith('.so')]
    if len(exts) != 1:
        raise SystemExit('mkwheel.py: %d extension modules in %s, expected 1'
                         % (len(exts), build.outdir(info)))
    with open(exts[0], 'rb') as f:
        plat, _, problems = elfcheck.check(f.read())
    if problems:
        elfcheck.report(exts[0], open(exts[0], 'rb').read())
        raise SystemExit('mkwheel.py: %s fails the manylinux check' % exts[0])
    tag = '%s-%s-%s' % (py, abi, plat)
    ver = version()
    distinfo = '%s-%s.dist-info' % (NAME, ver)
    wheel_text = ('Wheel-Version: 1.0\nGenerator: gosocket tools/mkwheel.py\n'
                  'Root-Is-Purelib: false\nTag: %s\n' % tag)
    entries = []
    for name, path in files:
        with open(path, 'rb') as f:
            entries.append((name, f.read(), name.endswith('.so')))
    # The .dist-info directory comes last, RECORD last of all (PEP 427).
    entries.append((distinfo + '/METADATA', metadata().encode('utf-8'), False))
    entries.append((distinfo + '/WHEEL', wheel_text.encode('utf-8'), False))
    entries.append((distinfo + '/top_level.txt', (NAME + '\n').encode('utf-8'), False))
    record = ''.join('%s,%s,%d\n' % (n, _digest(d), len(d)) for n, d, _ in entries)
    record += distinfo + '/RECORD,,\n'
    entries.append((distinfo + '/RECORD', record.encode('utf-8'), False))
    if not os.path.isdir(dist):
        os.makedirs(dist)
    path = os.path.join(dist, '%s-%s-%s.whl' % (NAME, ver, tag))
    epoch = source_date_epoch()
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w') as z:
        for name, data, exe in entries:
            z.writestr(_zinfo(name, epoch, exe), data)
    os.rename(tmp, path)
    return path, tag


def sdist_files():
    """The files of the sdist: every file git tracks (from an unpacked
    sdist, which has no git: its files but PKG-INFO, build/ and dist/)."""
    try:
        out = subprocess.check_output(['git', 'ls-files', '-z'], cwd=ROOT, stderr=open(os.devnull, 'w'))
        names = [n for n in out.decode('utf-8').split('\0') if n]
    except (OSError, subprocess.CalledProcessError):
        names = [n for n, _ in _walk(ROOT, '', ('.pyc', '.pyo')) if n.split('/')[0] not in ('build', 'dist', 'PKG-INFO')]
    return sorted(n for n in names if os.path.isfile(os.path.join(ROOT, n)))


def write_sdist(dist):
    """Write gosocket-<version>.tar.gz (PKG-INFO and the tracked files);
    pip builds it through pyproject.toml's backend, tools/backend.py."""
    ver = version()
    base = '%s-%s' % (NAME, ver)
    epoch = source_date_epoch()
    if not os.path.isdir(dist):
        os.makedirs(dist)
    path = os.path.join(dist, base + '.tar.gz')
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tar:
        members = [('PKG-INFO', metadata().encode('utf-8'), 0o644)]
        for n in sdist_files():
            p = os.path.join(ROOT, n)
            with open(p, 'rb') as f:
                members.append((n, f.read(), 0o755 if os.access(p, os.X_OK) else 0o644))
        for n, data, mode in sorted(members):
            ti = tarfile.TarInfo(base + '/' + n)
            ti.size, ti.mode, ti.mtime = len(data), mode, epoch
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ''
            tar.addfile(ti, io.BytesIO(data))
    with open(path, 'wb') as f:
        with gzip.GzipFile(filename='', mode='wb', fileobj=f, mtime=epoch) as gz:
            gz.write(buf.getvalue())
    return path


def build_wheel(info, dist, go, rebuild=True):
    """Build the extension afresh into a clean build/py<XY>/ and wheel it."""
    if rebuild:
        if os.path.isdir(build.outdir(info)):
            shutil.rmtree(build.outdir(info))
        build.build(info, go)
    return write_wheel(info, dist)


def main(argv):
    dist = os.path.join(ROOT, 'dist')
    if '--dist' in argv:
        i = argv.index('--dist')
        dist = os.path.abspath(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if '--sdist' in argv:
        path = write_sdist(dist)
        print('%s  %d bytes' % (os.path.relpath(path), os.path.getsize(path)))
        return 0
    rebuild = '--no-build' not in argv
    argv = [a for a in argv if a != '--no-build']
    if '--python' in argv:
        targets = [build.probe(p) for p in argv[argv.index('--python') + 1:]]
        if None in targets:
            sys.exit('mkwheel.py: an interpreter given with --python did not run')
    else:
        targets = build.find_interpreters()
        # every interpreter: the wheels of an earlier version go
        for old in glob.glob(os.path.join(dist, NAME + '-*.whl')):
            os.remove(old)
    go = build.find_go() if rebuild else None
    rows = []
    for info in targets:
        print('mkwheel.py: Python %s (%s)' % (info['full'], info['executable']))
        sys.stdout.flush()
        try:
            path, tag = build_wheel(info, dist, go, rebuild)
        except subprocess.CalledProcessError:
            rows.append((info['full'], 'FAILED: the build failed', 0, '-'))
            continue
        with open(path, 'rb') as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        rows.append((info['full'], os.path.basename(path), os.path.getsize(path), sha[:12]))
    print()
    print('%-8s %-62s %9s  %s' % ('python', 'wheel', 'bytes', 'sha256'))
    for r in rows:
        print('%-8s %-62s %9d  %s' % r)
    return 1 if any(r[1].startswith('FAILED') for r in rows) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
