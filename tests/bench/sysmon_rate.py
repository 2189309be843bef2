#!/usr/bin/env python
"""How often the Go runtime's own threads wake, with gosocket idle and busy:
python tests/bench/sysmon_rate.py [SECONDS]

Counts the context switches (/proc/self/task/*/status: voluntary and
involuntary) of every thread of the process but the main one, over
SECONDS (default 1) of sleeping, then over SECONDS of a socket pair
ping-pong of 64 bytes in the main thread, and prints wake-ups per second
of each, with the round trips made. The Go runtime's threads are the only
other threads (sysmon is the one that wakes); the built-in module has none.
"""
from __future__ import print_function

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'build', 'py%d%d' % sys.version_info[:2]))
import gosocket  # noqa: E402


def switches():
    me = os.getpid()
    total = {}
    for tid in os.listdir('/proc/self/task'):
        if int(tid) == me:
            continue
        try:
            with open('/proc/self/task/%s/status' % tid) as f:
                n = 0
                for line in f:
                    if line.startswith(('voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches')):
                        n += int(line.split()[1])
            total[tid] = n
        except (IOError, OSError):
            pass
    return total


def delta(a, b):
    return sum(b[t] - a.get(t, 0) for t in b)


def main(argv):
    secs = float(argv[0]) if argv else 1.0
    a, b = gosocket.socketpair()
    a.send(b'x')
    b.recv(1)  # the runtime's threads exist from here on
    time.sleep(0.1)
    s0 = switches()
    time.sleep(secs)
    s1 = switches()
    idle = delta(s0, s1) / secs
    msg = b'x' * 64
    n = 0
    s2 = switches()
    end = time.time() + secs
    while time.time() < end:
        for _ in range(1000):
            a.send(msg)
            b.recv(64)
        n += 1000
    s3 = switches()
    busy = delta(s2, s3) / secs
    print('Go runtime threads: %d; wake-ups per second: idle %.0f, busy %.0f (%d round trips/s, %.3f per round trip)' % (
        len(s3), idle, busy, n / secs, busy * secs / max(n, 1)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
