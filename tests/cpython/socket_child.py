# -*- coding: utf-8 -*-
"""Child side of the CPython test_socket conformance harness.

Runs the target interpreter's own, unmodified ``test.test_socket`` in one of
three modes and appends one JSON object per line to an events file, flushing
after every line, so that the parent (conformance.py) can follow progress,
detect hangs and restart where it left off:

  builtin   the interpreter's built-in _socket / socket.py (baseline)
  _socket   sys.modules['_socket'] = gosocket._socket  (stdlib socket.py wraps it)
  socket    sys.modules['socket'] = gosocket, sys.modules['_socket'] = gosocket._socket
            (gosocket's own two layers, as the standard library has two)

Events (field "ev"):
  import_failed  gosocket could not be imported (then exit 3)
  load_failed    test.test_socket could not be imported (then exit 4)
  list           every test id of the suite, in run order
  start          a test started                    {"id"}
  result         a test finished                   {"id","outcome","reason","detail","secs"}
  fixture        a class/module fixture error/skip {"desc","outcome","reason","detail"}
  done           the run finished normally

Outcomes: pass, fail, error, skip, xfail (expected failure), xpass
(unexpected success).  A failing subtest fails its test.

Must run on Python 2.7 and 3.6+.  Nothing that imports socket may be
imported before the module swap below, so imports are kept minimal.
"""
import sys
import os
import json
import time
import fnmatch
import traceback

MODES = ('builtin', '_socket', 'socket')
RANK = {'pass': 0, 'xfail': 1, 'skip': 2, 'xpass': 3, 'fail': 4, 'error': 5}
DETAIL_MAX = 4000


class Events(object):
    def __init__(self, path):
        self.f = open(path, 'a')

    def emit(self, **kw):
        self.f.write(json.dumps(kw, sort_keys=True) + '\n')
        self.f.flush()


def parse_args(argv):
    opts = {'mode': 'builtin', 'events': None, 'gosocket_dir': None,
            'skip_file': None, 'only_file': None, 'list_only': False,
            'hang_dump': 0.0, 'module': 'test.test_socket'}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--list-only':
            opts['list_only'] = True
            i += 1
            continue
        if not a.startswith('--') or i + 1 >= len(argv):
            sys.exit('socket_child.py: bad argument %r' % a)
        key = a[2:].replace('-', '_')
        if key not in opts:
            sys.exit('socket_child.py: unknown option %r' % a)
        opts[key] = argv[i + 1]
        i += 2
    if opts['mode'] not in MODES or not opts['events']:
        sys.exit('socket_child.py: need --mode %s and --events FILE' % '|'.join(MODES))
    opts['hang_dump'] = float(opts['hang_dump'])
    return opts


def exc_summary(exc_info):
    """One-line 'Type: message' for an exc_info tuple."""
    lines = traceback.format_exception_only(exc_info[0], exc_info[1])
    text = ''.join(lines).strip().splitlines()
    return text[-1] if text else repr(exc_info[0])


def read_lines(path):
    if not path:
        return []
    with open(path) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


def swap_in_gosocket(opts, ev):
    """Install gosocket as _socket (and socket).  Returns True on success."""
    # Nothing should have imported socket yet; if something did (site,
    # sitecustomize), forget it so later imports see the replacement.
    early = [m for m in ('socket', '_socket') if m in sys.modules]
    if early:
        ev.emit(ev='warning', msg='imported before swap: %s' % ','.join(early))
        for m in early:
            del sys.modules[m]
    if opts['gosocket_dir']:
        sys.path.insert(0, os.path.abspath(opts['gosocket_dir']))
    try:
        import gosocket
    except BaseException:
        ev.emit(ev='import_failed', reason='import failed: ' + exc_summary(sys.exc_info()),
                detail=traceback.format_exc()[-DETAIL_MAX:])
        return False
    sys.modules['_socket'] = gosocket._socket
    if opts['mode'] == 'socket':
        sys.modules['socket'] = gosocket
    ev.emit(ev='gosocket', file=getattr(gosocket, '__file__', None))
    return True


def get_support():
    try:
        from test import support
    except ImportError:  # 2.7
        from test import test_support as support
    return support


def collect(mod, unittest):
    """Ordered, de-duplicated list of TestCase instances, the way the
    interpreter's own regrtest would run them."""
    loader = unittest.TestLoader()
    top = []
    test_main = getattr(mod, 'test_main', None)
    if test_main is not None:
        # 2.7 .. 3.8: test_main() hands the list of classes to run_unittest.
        captured = []
        patched = []
        for name in ('test.support', 'test.test_support'):
            sup = sys.modules.get(name)
            if sup is not None and hasattr(sup, 'run_unittest'):
                patched.append((sup, sup.run_unittest))
                sup.run_unittest = lambda *classes: captured.extend(classes)
        try:
            test_main()
        finally:
            for sup, orig in patched:
                sup.run_unittest = orig
        for c in captured:
            if isinstance(c, str):
                top.append(loader.loadTestsFromModule(sys.modules[c]))
            elif isinstance(c, type) and issubclass(c, unittest.TestCase):
                top.append(loader.loadTestsFromTestCase(c))
            else:
                top.append(c)
    else:
        top.append(loader.loadTestsFromModule(mod))

    out, seen = [], set()

    def walk(t):
        if isinstance(t, unittest.TestSuite):
            for x in t:
                walk(x)
        else:
            tid = t.id()
            if tid not in seen:
                seen.add(tid)
                out.append(t)
    for t in top:
        walk(t)
    return out


def short_id(test, modname):
    tid = test.id()
    if tid.startswith(modname + '.'):
        tid = tid[len(modname) + 1:]
    return tid


def make_result_class(unittest, ev, modname, hang_dump):
    try:
        import faulthandler
    except ImportError:
        faulthandler = None
    if not hang_dump:
        faulthandler = None

    class JsonResult(unittest.TestResult):
        def __init__(self, *a, **kw):
            super(JsonResult, self).__init__(*a, **kw)
            self.cur = None
            self.cur_test = None
            self.recorded = set()
            self.fixtures = []

        # -- per-test bookkeeping
        def startTest(self, test):
            super(JsonResult, self).startTest(test)
            tid = short_id(test, modname)
            self.cur_test = test
            self.cur = {'id': tid, 'outcome': 'pass', 'reason': '', 'detail': '',
                        't0': time.time()}
            ev.emit(ev='start', id=tid)
            if faulthandler is not None:
                faulthandler.dump_traceback_later(hang_dump, exit=False)

        def stopTest(self, test):
            if faulthandler is not None:
                faulthandler.cancel_dump_traceback_later()
            cur = self.cur
            if cur is not None and test is self.cur_test:
                ev.emit(ev='result', id=cur['id'], outcome=cur['outcome'],
                        reason=cur['reason'], detail=cur['detail'],
                        secs=round(time.time() - cur['t0'], 3))
                self.recorded.add(cur['id'])
                self.cur = self.cur_test = None
            super(JsonResult, self).stopTest(test)

        def _set(self, outcome, reason, detail=''):
            cur = self.cur
            if RANK[outcome] >= RANK[cur['outcome']] and (
                    RANK[outcome] > RANK[cur['outcome']] or not cur['reason']):
                cur['outcome'] = outcome
                cur['reason'] = reason
                cur['detail'] = detail[-DETAIL_MAX:]

        def _kind(self, test):
            if self.cur is not None and test is self.cur_test:
                return 'test'
            if self.cur is not None and getattr(test, 'test_case', None) is self.cur_test:
                return 'subtest'
            if isinstance(test, unittest.TestCase) and not hasattr(test, 'test_case'):
                # 3.12+: skipped tests get addSkip without startTest/stopTest
                return 'orphan'
            return 'fixture'

        def _orphan(self, test, outcome, reason, detail=''):
            tid = short_id(test, modname)
            if tid not in self.recorded:
                ev.emit(ev='result', id=tid, outcome=outcome, reason=reason,
                        detail=detail[-DETAIL_MAX:], secs=0.0)
                self.recorded.add(tid)

        def _err(self, outcome, test, err):
            detail = self._exc_info_to_string(err, test)
            reason = exc_summary(err)
            kind = self._kind(test)
            if kind == 'orphan':
                self._orphan(test, outcome, reason, detail)
            elif kind == 'fixture':
                self.fixtures.append({'desc': str(test), 'outcome': outcome,
                                      'reason': reason, 'detail': detail[-DETAIL_MAX:]})
                ev.emit(ev='fixture', desc=str(test), outcome=outcome, reason=reason,
                        detail=detail[-DETAIL_MAX:])
            else:
                if kind == 'subtest':
                    reason = 'subtest %s: %s' % (test._subDescription(), reason)
                self._set(outcome, reason, detail)

        def addError(self, test, err):
            super(JsonResult, self).addError(test, err)
            self._err('error', test, err)

        def addFailure(self, test, err):
            super(JsonResult, self).addFailure(test, err)
            self._err('fail', test, err)

        def addSubTest(self, test, subtest, err):
            super(JsonResult, self).addSubTest(test, subtest, err)
            if err is not None and self.cur is not None:
                if issubclass(err[0], test.failureException):
                    self._err('fail', subtest, err)
                else:
                    self._err('error', subtest, err)

        def addSkip(self, test, reason):
            super(JsonResult, self).addSkip(test, reason)
            kind = self._kind(test)
            if kind == 'orphan':
                self._orphan(test, 'skip', str(reason))
            elif kind == 'fixture':
                self.fixtures.append({'desc': str(test), 'outcome': 'skip',
                                      'reason': str(reason), 'detail': ''})
                ev.emit(ev='fixture', desc=str(test), outcome='skip',
                        reason=str(reason), detail='')
            elif kind == 'subtest':
                self._set('skip', 'subtest %s skipped: %s' % (test._subDescription(), reason))
            else:
                self._set('skip', str(reason))

        def addExpectedFailure(self, test, err):
            super(JsonResult, self).addExpectedFailure(test, err)
            if self._kind(test) == 'orphan':
                self._orphan(test, 'xfail', exc_summary(err))
            elif self.cur is not None:
                self._set('xfail', exc_summary(err))

        def addUnexpectedSuccess(self, test):
            super(JsonResult, self).addUnexpectedSuccess(test)
            if self._kind(test) == 'orphan':
                self._orphan(test, 'xpass', 'unexpected success')
            elif self.cur is not None:
                self._set('xpass', 'unexpected success')

    return JsonResult


def main():
    opts = parse_args(sys.argv[1:])
    ev = Events(opts['events'])
    os.environ['GOSOCKET_CONFORMANCE_MODE'] = opts['mode']

    if opts['mode'] != 'builtin' and not opts['list_only']:
        if not swap_in_gosocket(opts, ev):
            ev.emit(ev='exit', code=3)
            os._exit(3)

    import unittest
    support = get_support()
    # Behave like regrtest's defaults: no optional resources (e.g. 'network'
    # -> no internet lookups), quiet.
    support.use_resources = []
    support.verbose = False

    modname = opts['module']
    try:
        __import__(modname)
        mod = sys.modules[modname]
    except BaseException:
        ev.emit(ev='load_failed', reason='test module import failed: ' + exc_summary(sys.exc_info()),
                detail=traceback.format_exc()[-DETAIL_MAX:])
        ev.emit(ev='exit', code=4)
        os._exit(4)

    try:
        tests = collect(mod, unittest)
    except BaseException:
        ev.emit(ev='load_failed', reason='collecting tests failed: ' + exc_summary(sys.exc_info()),
                detail=traceback.format_exc()[-DETAIL_MAX:])
        ev.emit(ev='exit', code=4)
        os._exit(4)
    ids = [short_id(t, modname) for t in tests]
    ev.emit(ev='list', tests=ids)
    if opts['list_only']:
        ev.emit(ev='done')
        os._exit(0)

    skip = read_lines(opts['skip_file'])
    exact = set(p for p in skip if not any(c in p for c in '*?['))
    pats = [p for p in skip if p not in exact]
    only = set(read_lines(opts['only_file'])) if opts['only_file'] else None

    def wanted(tid):
        if only is not None and tid not in only:
            return False
        if tid in exact:
            return False
        return not any(fnmatch.fnmatchcase(tid, p) for p in pats)
    torun = [t for t in tests if wanted(short_id(t, modname))]

    suite = unittest.TestSuite(torun)
    result = make_result_class(unittest, ev, modname, opts['hang_dump'])()
    thread_info = support.threading_setup() if hasattr(support, 'threading_setup') else None
    try:
        suite.run(result)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()

    # Tests never started: their class/module fixture failed or was skipped.
    used = set()
    for t in torun:
        tid = short_id(t, modname)
        if tid in result.recorded:
            continue
        cls = t.__class__
        clsname = '%s.%s' % (cls.__module__, getattr(cls, '__qualname__', cls.__name__))
        outcome, reason, detail = 'error', 'not run (no result reported)', ''
        for i, fx in enumerate(result.fixtures):
            d = fx['desc']
            if d.endswith(' (%s)' % clsname) or d.endswith(' (%s)' % cls.__module__):
                outcome, reason, detail = fx['outcome'], '%s: %s' % (d.split(' ')[0], fx['reason']), fx['detail']
                used.add(i)
                break
        ev.emit(ev='result', id=tid, outcome=outcome, reason=reason, detail=detail, secs=0.0)
    # Fixture errors not explaining any unrun test (e.g. a failing
    # tearDownClass) are reported as pseudo-tests "Class.tearDownClass".
    for i, fx in enumerate(result.fixtures):
        if i in used or fx['outcome'] not in ('fail', 'error'):
            continue
        d = fx['desc']
        what, _, where = d.partition(' (')
        where = where.rstrip(')')
        if where.startswith(modname + '.'):
            pid = '%s.%s' % (where[len(modname) + 1:], what)
        elif where == modname:
            pid = what
        else:
            pid = d
        ev.emit(ev='result', id=pid, outcome=fx['outcome'], reason=fx['reason'],
                detail=fx['detail'], secs=0.0, fixture=True)
    ev.emit(ev='done')
    try:
        if thread_info is not None:
            support.threading_cleanup(*thread_info)
    except BaseException:
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == '__main__':
    main()
