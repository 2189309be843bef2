#!/usr/bin/env python
"""Build the gosocket extension with `go build -buildmode=c-shared`.

    python build.py            build for the interpreter running this script
    python build.py --all      build for every interpreter found: pyenv's, and
                               python, python2, python3 on PATH
    python build.py --python /path/to/python ...   build for these

Each build is the package build/py<major><minor>/gosocket/: the extension
as the package's __init__<EXT_SUFFIX> (2.7: gosocket/__init__.so), compiled
against that interpreter's own headers (CGO_CFLAGS from its sysconfig, and
the multiarch folder of Debian-style layouts) and not linked to libpython,
so its symbols resolve from the interpreter that loads it; beside it the
Python files of pkg/ (__main__.py, the runner of `python -m gosocket`, and
the __init__.py that 2.7 needs to see a package; the extension wins over it
when both are there). `import gosocket` with build/py<XY>/ on sys.path gives
the extension module itself. Runs on Python 2.7 and 3.x with
the standard library alone (no setuptools).
"""
from __future__ import print_function

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.abspath(__file__))

# PROBE runs inside the target interpreter and reports what the build needs.
PROBE = r"""
import json, sys, sysconfig
suffix = sysconfig.get_config_var('EXT_SUFFIX') or sysconfig.get_config_var('SO')
print(json.dumps({
    'version': '%d.%d' % sys.version_info[:2],
    'full': sys.version.split()[0],
    'include': sysconfig.get_paths()['include'],
    'platinclude': sysconfig.get_paths().get('platinclude', ''),
    'suffix': suffix,
    'multiarch': sysconfig.get_config_var('MULTIARCH') or '',
    'executable': sys.executable,
}))
"""

# GODEBUG_DEFAULT is the Go runtime's built-in GODEBUG (see build()).
GODEBUG_DEFAULT = 'asyncpreemptoff=1'


def version():
    """gosocket's version, from pysocket/version.h (its one place)."""
    with open(os.path.join(ROOT, 'pysocket', 'version.h')) as f:
        return re.search(r'#define GS_VERSION "([^"]+)"', f.read()).group(1)


def glibc_wraps():
    """The libc symbols pysocket/glibc_compat.c redirects to their old
    versions (every __wrap_NAME it defines), for the linker's --wrap."""
    with open(os.path.join(ROOT, 'pysocket', 'glibc_compat.c')) as f:
        return sorted(set(re.findall(r'^GS_WRAP __wrap_(\w+)\(', f.read(), re.M)))


def ldflags():
    """The Go linker flags: GODEBUG_DEFAULT (see build()); an empty build id
    (with -trimpath, the same sources give the same bytes: reproducible
    wheels); and the external linker's --wrap for glibc_compat.c, with
    libpthread.so.0 needed, so the extension asks for glibc 2.17 and not the
    build machine's (README: what each wheel requires)."""
    ext = ['-Wl,--wrap=' + name for name in glibc_wraps()]
    ext += ['-Wl,--push-state,--no-as-needed', '-l:libpthread.so.0', '-Wl,--pop-state']
    return ('-X=runtime.godebugDefault=%s -buildid= \'-extldflags=%s\''
            % (GODEBUG_DEFAULT, ' '.join(ext)))


# RUNTIME_PATCHES: the changes gosocket makes to Go's runtime, each a
# file of package runtime, an anchor found there exactly once and what
# replaces it, put into the build with -overlay (runtime_overlay), which also adds
# the build tag gosocket_runtime (pysocket/runtime_patched.go). Calls from
# C threads (extra Ms) never pass Go's scheduler, so their processor's
# scheduling tick never moves, and sysmon took that for a goroutine
# running for 10 ms:
#
# 1. preemptone marked such a call for preemption; acting on the mark
#    hands the call to another Go thread and back, which a forked child,
#    having no other thread, never gets back from, and preemptone's read of
#    the goroutine's state and its write of the mark are not one step, so
#    a mark could land after the thread had gone back to C (README, Safety:
#    fork; measured: 2 unusable children in 19,723 forks without the
#    change, 0 in 30,000 with it). Such a call goes back to C within
#    microseconds, where it cannot be preempted anyway: skip it.
# 2. retake took the processor of every C thread that had called into Go
#    more than 10 ms ago, at every sysmon pass, and a pass that takes one
#    keeps sysmon at its shortest sleep (20 us): a Python thread calling
#    gosocket kept sysmon polling, and each next call paid exitsyscall's
#    slow path (measured, 3.11 ping-pong: the process's CPU time 1.41-1.44
#    times the built-in's with it, 1.01-1.06 without). Count a C thread's
#    tick as fresh, so its processor falls under the rule for system calls
#    only: taken when it has sat in C for 10 ms, or when there is work and
#    no idle processor.
# 3. With 2, sysmon no longer sleeps in futex(2) while a Python thread
#    holds a processor, but in its short nanosleep, from which it wakes on
#    its own and takes runtime locks, which a fork must not catch it
#    holding. gosocketForking points at fork.c's flag that a fork is being
#    prepared (runtime_patched.go sets it at load); sysmon skips its pass
#    while the flag is up, so fork.c can count sysmon's nanosleep as quiet.
# 4. Every call from a C thread that is not inside a Go-to-C call received
#    from main_init_done, a channel closed once package initialization is
#    over, in case the call came before it: a lock and an unlock of the
#    channel each time, about 100 of the crossing's instructions per call
#    and two atomic read-modify-writes (callgrind, 2.7 ping-pong).
#    runtime.main sets gosocketInitDone once it has closed the channel, and
#    a call that sees it set skips the receive.
RUNTIME_PATCHES = [
    ("proc.go", """	if readgstatus(gp)&^_Gscan == _Gsyscall {
		// Don't bother trying to preempt a goroutine in a syscall.
		return false
	}
""", """	if readgstatus(gp)&^_Gscan == _Gsyscall {
		// Don't bother trying to preempt a goroutine in a syscall.
		return false
	}
	if mp.isextra {
		// gosocket: a call from a C thread goes back to C within
		// microseconds; a mark would be acted on at its next call, by a
		// hand-off a forked child cannot make (gosocket's build.py).
		return false
	}
"""),
    ("proc.go", """		schedt := int64(pp.schedtick)
		if int64(pd.schedtick) != schedt {
""", """		schedt := int64(pp.schedtick)
		// gosocket: a C thread's calls never move its tick; they are
		// short, so count it as fresh (gosocket's build.py).
		if mp := pp.m.ptr(); int64(pd.schedtick) != schedt || (mp != nil && mp.isextra) {
"""),
    ("proc.go", """const haveSysmon = GOARCH != "wasm"
""", """const haveSysmon = GOARCH != "wasm"

// gosocketForking points at gosocket's flag that a fork is being prepared;
// sysmon takes no lock while it is up (gosocket's build.py).
//
//go:linkname gosocketForking
var gosocketForking *uint32
"""),
    ("proc.go", """		usleep(delay)
""", """		usleep(delay)
		if f := gosocketForking; f != nil && atomic.Load(f) != 0 {
			continue
		}
"""),
    ("proc.go", """	close(main_init_done)
""", """	close(main_init_done)
	gosocketInitDone.Store(true)
"""),
    ("proc.go", """var main_init_done chan bool
""", """var main_init_done chan bool

// gosocketInitDone: main_init_done is closed, so a call from C need not
// receive from it (gosocket's build.py).
var gosocketInitDone atomic.Bool
"""),
    ("cgocall.go", """	if gp.m.ncgo == 0 {
		// The C call to Go came from a thread not currently running
		// any Go. In the case of -buildmode=c-archive or c-shared,
		// this call may be coming in before package initialization
		// is complete. Wait until it is.
		<-main_init_done
	}
""", """	if gp.m.ncgo == 0 && !gosocketInitDone.Load() {
		// The C call to Go came from a thread not currently running
		// any Go. In the case of -buildmode=c-archive or c-shared,
		// this call may be coming in before package initialization
		// is complete. Wait until it is (gosocket: once it is over, a
		// flag says so without the channel's lock; gosocket's build.py).
		<-main_init_done
	}
"""),
]


def runtime_overlay(go):
    """The -overlay file that replaces the runtime's files named in
    RUNTIME_PATCHES with copies carrying the changes (build/_goruntime/);
    None, with a note, when one of this Go's files does not have its anchor
    once (the runtime is then built as it is, and fork.c's own steps do
    what they can)."""
    goroot = subprocess.check_output([go, 'env', 'GOROOT']).decode().strip()
    texts = {}
    for name, anchor, _ in RUNTIME_PATCHES:
        src = os.path.join(goroot, 'src', 'runtime', name)
        if name not in texts:
            try:
                with open(src) as f:
                    texts[name] = f.read()
            except (IOError, OSError):
                texts[name] = ''
        if texts[name].count(anchor) != 1:
            print('build.py: %s lacks a single anchor for a runtime change; building with the runtime as it is' % src)
            return None
    outdir = os.path.join(ROOT, 'build', '_goruntime')  # '_': not a package of ./...
    if not os.path.isdir(outdir):
        os.makedirs(outdir)
    replace = {}
    for name in sorted(texts):
        patched = texts[name]
        for fname, anchor, replacement in RUNTIME_PATCHES:
            if fname == name:
                patched = patched.replace(anchor, replacement)
        dst = os.path.join(outdir, name)
        if not os.path.exists(dst) or open(dst).read() != patched:
            with open(dst, 'w') as f:
                f.write(patched)
        replace[os.path.join(goroot, 'src', 'runtime', name)] = dst
    overlay = os.path.join(outdir, 'overlay.json')
    with open(overlay, 'w') as f:
        json.dump({'Replace': replace}, f, sort_keys=True)
    return overlay


def find_go():
    """Return the go command: $GO, go on PATH, or /usr/local/go/bin/go."""
    if os.environ.get('GO'):
        return os.environ['GO']
    for d in os.environ.get('PATH', '').split(os.pathsep) + ['/usr/local/go/bin']:
        p = os.path.join(d, 'go')
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    sys.exit('build.py: no Go toolchain found (set GO or put go on PATH)')


def probe(python):
    """Ask an interpreter for its version, headers and extension suffix."""
    try:
        out = subprocess.check_output([python, '-c', PROBE])
    except (OSError, subprocess.CalledProcessError):
        return None
    return json.loads(out.decode('utf-8'))


def find_interpreters():
    """Every interpreter with headers: pyenv's versions and python* on PATH,
    one per major.minor version (pyenv's first)."""
    cands = []
    root = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
    cands += sorted(glob.glob(os.path.join(root, 'versions', '*', 'bin', 'python')))
    for name in ('python', 'python2', 'python3'):
        for d in os.environ.get('PATH', '').split(os.pathsep):
            p = os.path.join(d, name)
            if os.path.isfile(p) and os.access(p, os.X_OK) and '/shims' not in p:
                cands.append(p)
                break
    seen, found = set(), []
    for c in cands:
        info = probe(c)
        if info is None or info['version'] in seen:
            continue
        if not os.path.exists(os.path.join(info['include'], 'Python.h')):
            continue
        seen.add(info['version'])
        found.append(info)
    found.sort(key=lambda i: tuple(int(x) for x in i['version'].split('.')))
    return found


def outdir(info):
    return os.path.join(ROOT, 'build', 'py' + info['version'].replace('.', ''))


def pkgdir(info):
    """The package directory of one build: build/py<XY>/gosocket."""
    return os.path.join(outdir(info), 'gosocket')


def artifact(info):
    return os.path.join(pkgdir(info), '__init__' + info['suffix'])


# PKG_FILES are the Python files of the package, copied from pkg/.
PKG_FILES = ('__init__.py', '__main__.py')


def copy_pkg_files(info):
    """Copy pkg/'s Python files into the build's package directory, and
    remove the extension of the flat layout from before (build/py<XY>/
    gosocket<EXT>), which the package would hide."""
    for name in PKG_FILES:
        shutil.copyfile(os.path.join(ROOT, 'pkg', name), os.path.join(pkgdir(info), name))
    old = os.path.join(outdir(info), 'gosocket' + info['suffix'])
    if os.path.exists(old):
        os.remove(old)


def include_dirs(info):
    """The -I folders for an interpreter: its include and platinclude, and
    the folder above them when pyconfig.h there includes a multiarch one
    (Debian and Ubuntu: <prefix>/include/python3.X/pyconfig.h includes
    <x86_64-linux-gnu/python3.X/pyconfig.h>, which lives in <prefix>/include)."""
    incs = [info['include']]
    if info.get('platinclude') and info['platinclude'] not in incs:
        incs.append(info['platinclude'])
    for inc in list(incs):
        parent, name = os.path.split(os.path.normpath(inc))
        arches = [info.get('multiarch')] if info.get('multiarch') else []
        arches += [os.path.basename(os.path.dirname(d)) for d in
                   sorted(glob.glob(os.path.join(parent, '*', name, 'pyconfig.h')))]
        for arch in arches:
            if os.path.exists(os.path.join(parent, arch, name, 'pyconfig.h')):
                if parent not in incs:
                    incs.append(parent)
                break
    return incs


def build(info, go):
    """Build the extension for one interpreter; return (path, seconds)."""
    out = artifact(info)
    if not os.path.isdir(pkgdir(info)):
        os.makedirs(pkgdir(info))
    env = dict(os.environ)
    incs = include_dirs(info)
    env['CGO_ENABLED'] = '1'
    env['CGO_CFLAGS'] = ' '.join('-I' + i for i in incs) + ' ' + env.get('CGO_CFLAGS_EXTRA', '')
    # GODEBUG_DEFAULT: Go's asynchronous preemption signals (SIGURG) land
    # on threads waiting in poll() inside gosocket, which then return EINTR:
    # on 2.7, which raises EINTR as stock 2.7 does, busy threaded servers
    # saw error(EINTR) with no signal of their own (tests/stress/probe_load).
    # gosocket runs no goroutines that would need preempting; a GODEBUG in
    # the environment still overrides this default.
    cmd = [go, 'build', '-tags', 'pysocket', '-buildmode=c-shared', '-trimpath',
           '-ldflags=' + ldflags(), '-o', out, './pysocket']
    overlay = runtime_overlay(go)
    if overlay:
        # pysocket/runtime_patched.go: fork.c skips the steps the changes
        # make needless, and sysmon sees fork.c's flag.
        cmd[cmd.index('pysocket')] = 'pysocket,gosocket_runtime'
        cmd[2:2] = ['-overlay=' + overlay]
    start = time.time()
    subprocess.check_call(cmd, cwd=ROOT, env=env)
    header = out[:-len('.so')] + '.h' if out.endswith('.so') else None
    if header and os.path.exists(header):
        os.remove(header)  # the generated cgo header is not part of the artifact
    copy_pkg_files(info)
    return out, time.time() - start


def main(argv):
    go = find_go()
    if '--all' in argv:
        targets = find_interpreters()
    elif '--python' in argv:
        targets = [probe(p) for p in argv[argv.index('--python') + 1:]]
        if None in targets:
            sys.exit('build.py: an interpreter given with --python did not run')
    else:
        targets = [probe(sys.executable)]
    if not targets:
        sys.exit('build.py: no interpreter with headers found')
    rows = []
    for info in targets:
        print('build.py: building for Python %s (%s)' % (info['full'], info['executable']))
        sys.stdout.flush()
        try:
            path, secs = build(info, go)
            rows.append((info['full'], os.path.relpath(path, ROOT), os.path.getsize(path), secs, 'ok'))
        except subprocess.CalledProcessError:
            rows.append((info['full'], '-', 0, 0.0, 'FAILED'))
    if '--all' in argv:
        # The interpreters built for, for the Makefile's per-interpreter runs.
        built = [{'version': i['version'], 'full': i['full'], 'executable': i['executable'],
                  'dir': os.path.relpath(outdir(i), ROOT)}
                 for i, r in zip(targets, rows) if r[4] == 'ok']
        with open(os.path.join(ROOT, 'build', 'interpreters.json'), 'w') as f:
            json.dump(built, f, indent=1)
    print()
    print('%-10s %-52s %10s %8s  %s' % ('python', 'artifact', 'bytes', 'seconds', 'result'))
    for r in rows:
        print('%-10s %-52s %10d %8.1f  %s' % r)
    return 1 if any(r[4] != 'ok' for r in rows) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
