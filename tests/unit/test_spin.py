"""The call layer's spin (pysocket/call.c): a wait on a socket whose last
wait that way was short polls without sleeping for a while before it
sleeps. Users must see nothing of it but the time it saves: data that comes
during the spin ends the wait at once, a deadline inside the spin ends it
with timeout, close() from another thread ends it with EBADF, and a signal
that comes during the spin still interrupts the wait (its handler's
exception ends the call) instead of waiting for data. GOSOCKET_SPIN_US
stretches the spin to SPIN seconds in a child interpreter, so that each
event lands inside it; the first wait on a pair is short, so the next one
spins.

Spinning needs two CPUs or more (call.c lets half of them spin); with
fewer these tests are skipped.
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import support  # noqa: E402

SPIN = 0.3
SPIN_ENV = {'GOSOCKET_SPIN_US': str(int(SPIN * 1e6))}

# PRELUDE: a pair whose receiving end a has just had a short wait (so its
# next wait spins), and cpu(), the process's CPU time.
PRELUDE = '''
import resource, signal
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
a, b = gs.socketpair()
def later(delay, fn, *args):
    def run():
        time.sleep(delay)
        fn(*args)
    return spawn(run)
later(0.01, b.send, b'1')
check(a.recv(1) == b'1', 'first recv')
'''

# ALARMED_RECV: a recv on a (which spins) with SIGALRM coming 50 ms into
# it, whose handler raises Alarm; el is how long the recv took.
ALARMED_RECV = '''
class Alarm(Exception):
    pass
def handler(signum, frame):
    raise Alarm()
signal.signal(signal.SIGALRM, handler)
signal.setitimer(signal.ITIMER_REAL, 0.05)
t0 = time.time()
try:
    a.recv(1)
    check(False, 'recv returned')
except Alarm:
    pass
el = time.time() - t0
'''


def cpus():
    if hasattr(os, 'sched_getaffinity'):
        return len(os.sched_getaffinity(0))
    import multiprocessing
    return multiprocessing.cpu_count()


@unittest.skipIf(support.BUILTIN, 'gosocket only: the built-in module does not spin')
@unittest.skipIf(cpus() < 2, 'spinning needs two CPUs')
class SpinTest(support.TestCase):

    def child(self, body, env=SPIN_ENV):
        support.run_in_child(self, PRELUDE + body, deadline=20, env=env)

    def test_spin_uses_cpu_only_after_a_short_wait(self):
        # The wait after a short one spins (CPU time for most of SPIN); the
        # same wait with spinning off sleeps.
        body = '''
c0 = cpu()
later(%r, b.send, b'2')
check(a.recv(1) == b'2', 'second recv')
used = cpu() - c0
check(used %s, 'CPU time during the wait: %%.3f s' %% used)
'''
        self.child(body % (SPIN * 1.5, '> %r' % (SPIN * 0.5)))
        self.child(body % (SPIN * 1.5, '< %r' % (SPIN * 0.2)), env={'GOSOCKET_SPIN_US': '0'})

    def test_data_during_the_spin_ends_the_wait(self):
        self.child('''
t0 = time.time()
later(0.05, b.send, b'2')
check(a.recv(1) == b'2', 'second recv')
el = time.time() - t0
check(el < %r, 'recv took %%.3f s' %% el)
''' % (SPIN * 0.7,))

    def test_deadline_inside_the_spin_times_out(self):
        self.child('''
a.settimeout(0.05)
t0 = time.time()
try:
    a.recv(1)
    check(False, 'recv returned')
except gs.timeout as e:
    check(str(e) == 'timed out', repr(e))
el = time.time() - t0
check(0.04 < el < %r, 'timeout after %%.3f s' %% el)
''' % (SPIN * 0.7,))

    def test_close_during_the_spin_raises_ebadf(self):
        self.child('''
import errno
later(0.05, a.close)
t0 = time.time()
try:
    a.recv(1)
    check(False, 'recv returned')
except (OSError, gs.error) as e:
    check(e.errno == errno.EBADF, repr(e))
el = time.time() - t0
check(el < %r, 'close ended the wait after %%.3f s' %% el)
''' % (SPIN * 0.7,))

    def test_signal_during_the_spin_interrupts_the_wait(self):
        # The signal comes 50 ms into the spin: its handler's exception must
        # end the call when the spin ends, not when data comes (never).
        self.child(ALARMED_RECV + '''check(el < %r, 'the handler ended the wait after %%.3f s' %% el)
''' % (SPIN * 3,))

    def test_signal_during_the_spin_goes_to_the_spinning_main_thread(self):
        # A process-wide signal that comes while the main thread spins is
        # the main thread's, as with the built-in module's blocking recv: a
        # second thread blocked in read(2) (through ctypes, which does not
        # retry after EINTR) must not be interrupted by it. (A spin that
        # blocked signals sent SIGALRM to the reader, whose read failed
        # with EINTR.)
        self.child('''
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
r, w = os.pipe()
res = []
def reader():
    buf = ctypes.create_string_buffer(1)
    n = libc.read(r, buf, 1)
    res.append((n, ctypes.get_errno()))
t = spawn(reader)
time.sleep(0.05)
''' + ALARMED_RECV + '''os.write(w, b'x')
t.join(5)
check(len(res) == 1 and res[0][0] == 1, 'the reader thread read(2): (result, errno) %%r' %% (res,))
check(el < %r, 'the handler ended the wait after %%.3f s' %% el)
''' % (SPIN * 3,))


if __name__ == '__main__':
    unittest.main()
