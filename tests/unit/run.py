#!/usr/bin/env python
"""Run the gosocket unit tests: python tests/unit/run.py [pattern]

Discovers tests/unit/test_*.py (or the given glob pattern), runs them at
verbosity 1, and ends with exactly one line

    N passed, N failed, N skipped

(errors and unexpected successes count as failed).  Exit status is 0 only
if nothing failed and at least one test ran.

A watchdog ends the run if one test takes longer than
GOSOCKET_TEST_TIMEOUT seconds (default 120): it prints every thread's
stack, counts the stuck test as failed, prints the closing line and exits.
"""

from __future__ import print_function

import os
import sys
import threading
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

PASSED, FAILED, SKIPPED = 'passed', 'failed', 'skipped'


class Tally(object):
    def __init__(self):
        self.lock = threading.Lock()
        self.status = {}   # test id -> outcome
        self.order = []
        self.current = None  # (test id, start time)

    def set(self, test_id, outcome):
        with self.lock:
            if test_id not in self.status:
                self.order.append(test_id)
            old = self.status.get(test_id)
            # a failure (e.g. in a subtest or cleanup) beats anything else
            if old == FAILED:
                return
            if old == SKIPPED and outcome == PASSED:
                return
            self.status[test_id] = outcome

    def counts(self):
        with self.lock:
            values = list(self.status.values())
        return (values.count(PASSED), values.count(FAILED),
                values.count(SKIPPED))


TALLY = Tally()


def test_id(test):
    try:
        return test.id()
    except Exception:
        return repr(test)


class Result(unittest.TextTestResult):
    def startTest(self, test):
        TALLY.current = (test_id(test), time.time())
        super(Result, self).startTest(test)

    def stopTest(self, test):
        super(Result, self).stopTest(test)
        tid = test_id(test)
        if tid not in TALLY.status:
            TALLY.set(tid, FAILED)  # started but reported nothing
        TALLY.current = None

    def addSuccess(self, test):
        super(Result, self).addSuccess(test)
        TALLY.set(test_id(test), PASSED)

    def addFailure(self, test, err):
        super(Result, self).addFailure(test, err)
        TALLY.set(test_id(test), FAILED)

    def addError(self, test, err):
        super(Result, self).addError(test, err)
        TALLY.set(test_id(test), FAILED)

    def addSkip(self, test, reason):
        super(Result, self).addSkip(test, reason)
        TALLY.set(test_id(test), SKIPPED)

    def addExpectedFailure(self, test, err):
        super(Result, self).addExpectedFailure(test, err)
        TALLY.set(test_id(test), PASSED)

    def addUnexpectedSuccess(self, test):
        super(Result, self).addUnexpectedSuccess(test)
        TALLY.set(test_id(test), FAILED)

    def addSubTest(self, test, subtest, err):  # Python 3.4+
        super(Result, self).addSubTest(test, subtest, err)
        if err is not None:
            TALLY.set(test_id(test), FAILED)


def summary_line():
    return '%d passed, %d failed, %d skipped' % TALLY.counts()


def finish(code):
    sys.stderr.flush()
    sys.stdout.flush()
    print(summary_line())
    sys.stdout.flush()
    # Skip interpreter teardown: a stuck non-daemon thread or a noisy
    # finalizer must not hang the run or print after the closing line.
    os._exit(code)


def watchdog(limit):
    while True:
        time.sleep(1.0)
        cur = TALLY.current
        if cur is None or time.time() - cur[1] <= limit:
            continue
        out = sys.stdout
        out.write('\n\nTIMEOUT: %s ran longer than %ss; stacks:\n'
                  % (cur[0], limit))
        for ident, frame in sys._current_frames().items():
            out.write('--- thread %s\n' % ident)
            out.write(''.join(traceback.format_stack(frame)))
        TALLY.set(cur[0], FAILED)
        finish(1)


def main(argv):
    pattern = argv[1] if len(argv) > 1 else 'test_*.py'
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    limit = float(os.environ.get('GOSOCKET_TEST_TIMEOUT', '120'))
    t = threading.Thread(target=watchdog, args=(limit,), name='watchdog')
    t.daemon = True
    t.start()

    try:
        import support
        sys.stdout.write('Testing %s on Python %s\n'
                         % (support.IMPL, sys.version.split()[0]))
    except Exception as e:  # reported again, per test module, as errors
        sys.stdout.write('Cannot load the module under test: %s\n' % (e,))
    sys.stdout.flush()

    loader = unittest.TestLoader()
    suite = loader.discover(HERE, pattern=pattern, top_level_dir=HERE)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1,
                                     resultclass=Result)
    runner.run(suite)
    passed, failed, skipped = TALLY.counts()
    finish(0 if failed == 0 and passed + skipped > 0 else 1)


if __name__ == '__main__':
    main(sys.argv)
