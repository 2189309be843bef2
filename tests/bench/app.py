#!/usr/bin/env python
"""Application-level benchmarks: the standard library's HTTP and asyncio
stacks over the built-in `_socket` against gosocket installed as `_socket`
(gosocket.install(), before anything imports socket), each measurement in
a fresh process.

    python tests/bench/app.py [--rounds N] [--short] [--only NAME,...]
                              [--syscalls] [--json PATH]

Scenarios (both ends of the connection in one child process, both over the
implementation under test):

http_keepalive
    http.server's threading server (ThreadingHTTPServer on 3.7+,
    ThreadingMixIn + HTTPServer on 3.6, BaseHTTPServer + SocketServer's
    ThreadingMixIn on 2.7) in a thread of the child, and one http.client
    (2.7: httplib) keep-alive connection from its main thread making n GET
    requests (default 2,000), each answered with a 1 KiB body. HTTP/1.1
    with Content-Length; the handler's wfile is buffered (wbufsize = -1:
    status line, headers and body leave in one send per response, flushed by
    handle_one_request); TCP_NODELAY on both ends, so neither Nagle nor
    delayed ACKs enter the numbers. 2.7's client reads its responses
    buffered (getresponse(buffering=True), as urllib2 does).
asyncio_echo (3.x only)
    asyncio.start_server echo server and asyncio.open_connection client in
    one event loop: n round trips (default 5,000) of 64 bytes
    (write, drain, readexactly) over one TCP connection
    (tests/bench/app_asyncio.py).

Why one process for both ends: the socket module is then on both sides of
every request, one getrusage covers all the work (client, server, the
threads' hand-offs and, with gosocket, the Go runtime's own threads), and
`strace -f` counts both ends. With the server in a process of its own the
CPU time would have to be summed over two processes and the comparison
would hinge on how the two processes are scheduled on 2 cores.

Each measurement is a fresh child process (`app.py --child ...`): the
built-in and gosocket children alternate, A B A B ..., for --rounds rounds
(default 5; --short: 3 rounds of a fifth of the requests). A child makes
200 (--short: 50) untimed requests first, then times n: wall clock
(perf_counter) and the process's CPU time (getrusage(RUSAGE_SELF): user +
system, every thread), around the timed loop only, so interpreter start-up
and imports are left out (the JSON also has each child's whole-life CPU
time, from the parent's getrusage(RUSAGE_CHILDREN)).

Each scenario gives two rows: <name>_wall (median wall time per request of
each side, ratio gosocket / built-in of the medians) and <name>_cpu (the
same with the process CPU time), each with the spread (min-max of the
per-round ratios) and a target of at most 1.0.

--syscalls (needs strace: `make strace`) also counts the system calls per
request of each side, `strace -f -c` over a child with n requests minus one
with none (the warm-up, connection and start-up cancel out).

Runs on Python 2.7 and 3.6-3.15. Writes build/bench/<version>-app.json by
default (tests/bench/run.py merges the rows into build/bench/<version>.json).
"""
from __future__ import print_function

import json
import os
import re
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYVER = sys.version_info[:2]
PY2 = PYVER[0] == 2
BUILD = os.path.join(ROOT, 'build', 'py%d%d' % PYVER)

try:
    wall_clock = time.perf_counter
except AttributeError:  # 2.7
    wall_clock = time.time


def cpu_clock():
    """The process's CPU time, every thread's (the Go runtime's too)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


BODY = b'h' * 1024
ECHO_SIZE = 64


# ---- the children: one measurement each ------------------------------------

def child_http(n, warm):
    import socket
    import threading
    if PY2:
        import BaseHTTPServer as hs
        import SocketServer as ss
        import httplib as hc
    else:
        import http.server as hs
        import socketserver as ss
        import http.client as hc

    class Handler(hs.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'
        wbufsize = -1  # buffered wfile: one send per response
        disable_nagle_algorithm = True  # TCP_NODELAY on the server's end

        def do_GET(self):
            self.send_response(200)
            self.send_header('Content-Type', 'application/octet-stream')
            self.send_header('Content-Length', str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args):
            pass

    if hasattr(hs, 'ThreadingHTTPServer'):  # 3.7+
        Server = hs.ThreadingHTTPServer
    else:
        class Server(ss.ThreadingMixIn, hs.HTTPServer):
            daemon_threads = True

    srv = Server(('127.0.0.1', 0), Handler)
    th = threading.Thread(target=srv.serve_forever, kwargs={'poll_interval': 0.05})
    th.daemon = True
    th.start()
    conn = hc.HTTPConnection('127.0.0.1', srv.server_address[1])
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    kw = {'buffering': True} if PY2 else {}
    request, getresponse = conn.request, conn.getresponse

    def one():
        request('GET', '/')
        r = getresponse(**kw)
        body = r.read()
        if r.status != 200 or len(body) != len(BODY):
            raise AssertionError('http: status %s, %d bytes' % (r.status, len(body)))

    for _ in range(warm):
        one()
    w0, c0 = wall_clock(), cpu_clock()
    for _ in range(n):
        one()
    w1, c1 = wall_clock(), cpu_clock()
    conn.close()
    srv.shutdown()
    srv.server_close()
    return w1 - w0, c1 - c0


def child_asyncio(n, warm):
    sys.path.insert(0, HERE)
    import app_asyncio
    return app_asyncio.run(n, warm, ECHO_SIZE, (wall_clock, cpu_clock))


def child(argv):
    """app.py --child SCENARIO IMPL N WARM: one measurement, printed as a
    JSON line after 'APPRESULT '."""
    name, impl, n, warm = argv[0], argv[1], int(argv[2]), int(argv[3])
    import signal
    signal.alarm(300)  # a hung child fails the run instead of hanging it
    if impl == 'gosocket':
        sys.path.insert(0, BUILD)
        import gosocket
        gosocket.install()  # before anything imports socket
    import socket
    over = 'gosocket' if 'gosocket' in sys.modules and socket._socket is sys.modules['gosocket']._socket \
        else 'builtin'
    if over != impl:
        sys.exit('app.py: socket is over %s, wanted %s' % (over, impl))
    fn = {'http_keepalive': child_http, 'asyncio_echo': child_asyncio}[name]
    wall, cpu = fn(n, warm)
    print('APPRESULT ' + json.dumps({'scenario': name, 'impl': over, 'n': n, 'wall': wall, 'cpu': cpu}))
    sys.stdout.flush()
    return 0


# ---- the parent: alternating fresh processes --------------------------------

# name, unit, requests (full, --short), target ratio, runs on 2.7
SCENARIOS = [
    ('http_keepalive', 'request', (2000, 400), 1.0, True),
    ('asyncio_echo', 'round trip', (5000, 1000), 1.0, False),
]
IMPLS = ('builtin', 'gosocket')
STRACE_LINE = re.compile(r'^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)\s*$')


def median(xs):
    xs = sorted(xs)
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2.0


def run_child(name, impl, n, warm, prefix=()):
    """One fresh child: (its result dict, its whole-life CPU seconds)."""
    import subprocess
    cmd = list(prefix) + [sys.executable, os.path.abspath(__file__), '--child', name, impl, str(n), str(warm)]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
    out = p.communicate()[0].decode('utf-8', 'replace')
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise RuntimeError('%s failed (status %s): %s' % (' '.join(cmd), p.returncode, out[-2000:]))
    for line in out.splitlines():
        if line.startswith('APPRESULT '):
            life = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
            return json.loads(line[len('APPRESULT '):]), life
    raise RuntimeError('%s printed no result: %s' % (' '.join(cmd), out[-2000:]))


def strace_counts(name, impl, n, warm):
    """System calls by name of one child under strace -f -c."""
    import tempfile
    fd, path = tempfile.mkstemp(prefix='gs-app-strace-')
    os.close(fd)
    try:
        run_child(name, impl, n, warm, prefix=('strace', '-f', '-c', '-o', path))
        calls = {}
        with open(path) as f:
            for line in f:
                m = STRACE_LINE.match(line)
                if m and m.group(3) != 'total':
                    calls[m.group(3)] = int(m.group(1))
        return calls
    finally:
        os.remove(path)


def syscalls_per_op(name, impl, n, warm):
    base = strace_counts(name, impl, 0, warm)
    full = strace_counts(name, impl, n, warm)
    per = dict((k, (v - base.get(k, 0)) / float(n)) for k, v in full.items())
    return dict((k, round(v, 3)) for k, v in per.items() if v >= 0.005)


def fmt_calls(per):
    total = sum(per.values())
    return '%.2f: %s' % (total, ', '.join('%s %.2f' % kv for kv in sorted(per.items(), key=lambda kv: -kv[1])))


def machine():
    import platform
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except IOError:
        pass
    try:
        cores = os.sysconf('SC_NPROCESSORS_ONLN')
    except (ValueError, OSError, AttributeError):
        cores = 0
    return {'cpu': cpu, 'cores': cores, 'kernel': platform.release()}


def rows_of(name, unit, target, n, rounds, samples, lives, seconds):
    """The _wall and _cpu rows of one scenario from its samples:
    samples[impl] = [(wall s/op, cpu s/op), ...] in round order."""
    rows = []
    for k, (suffix, clock) in enumerate((('_wall', 'wall, fresh processes'),
                                         ('_cpu', 'process-cpu, fresh processes'))):
        a = [s[k] for s in samples['builtin']]
        b = [s[k] for s in samples['gosocket']]
        ratios = [y / x for x, y in zip(a, b)]
        ma, mb = median(a), median(b)
        ratio = mb / ma
        rows.append({
            'name': name + suffix, 'unit': unit, 'ops': n, 'rounds': rounds, 'clock': clock, 'app': True,
            'builtin_us': ma * 1e6, 'gosocket_us': mb * 1e6, 'ratio': ratio,
            'ratio_min': min(ratios), 'ratio_max': max(ratios),
            'builtin_min_us': min(a) * 1e6, 'builtin_max_us': max(a) * 1e6,
            'gosocket_min_us': min(b) * 1e6, 'gosocket_max_us': max(b) * 1e6,
            'process_builtin_us': median([s[1] for s in samples['builtin']]) * 1e6,
            'process_gosocket_us': median([s[1] for s in samples['gosocket']]) * 1e6,
            'child_cpu_builtin_ms': median(lives['builtin']) * 1e3,
            'child_cpu_gosocket_ms': median(lives['gosocket']) * 1e3,
            'seconds': seconds, 'target': target, 'ok': ratio <= target})
    return rows


def main(argv):
    rounds, short, only, out, syscalls = None, False, None, None, False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--child':
            return child(argv[i + 1:])
        elif a == '--rounds':
            rounds = int(argv[i + 1]); i += 1
        elif a == '--short':
            short = True
        elif a == '--only':
            only = argv[i + 1].split(','); i += 1
        elif a == '--json':
            out = argv[i + 1]; i += 1
        elif a == '--syscalls':
            syscalls = True
        elif a == '--list':
            print('\n'.join(s[0] for s in SCENARIOS))
            return 0
        else:
            sys.exit(__doc__)
        i += 1
    if rounds is None:
        rounds = 3 if short else 5
    warm = 50 if short else 200
    version = '%d.%d' % PYVER
    print('gosocket app bench: Python %s, %d rounds of fresh processes, built-in / gosocket alternating%s' % (
        sys.version.split()[0], rounds, ' (short)' if short else ''))
    sys.stdout.flush()
    results = []
    started = time.time()
    for name, unit, counts, target, on2 in SCENARIOS:
        if only and name not in only:
            continue
        if PY2 and not on2:
            print('  %-16s skipped on Python 2.7' % name)
            continue
        n = counts[1] if short else counts[0]
        t0 = time.time()
        samples = {'builtin': [], 'gosocket': []}
        lives = {'builtin': [], 'gosocket': []}
        for r in range(rounds):
            for impl in IMPLS:
                res, life = run_child(name, impl, n, warm)
                samples[impl].append((res['wall'] / n, res['cpu'] / n))
                lives[impl].append(life)
                print('  %-16s round %d/%d %-8s wall %8.2f us  cpu %8.2f us per %s  (child %.0f ms CPU)' % (
                    name, r + 1, rounds, impl, res['wall'] / n * 1e6, res['cpu'] / n * 1e6, unit, life * 1e3))
                sys.stdout.flush()
        rows = rows_of(name, unit, target, n, rounds, samples, lives, time.time() - t0)
        if syscalls:
            sn = max(200, n // 4)
            for impl in IMPLS:
                per = syscalls_per_op(name, impl, sn, warm)
                for row in rows:
                    row['syscalls_' + impl] = per
                print('  %-16s syscalls/%s %-8s %s' % (name, unit, impl, fmt_calls(per)))
                sys.stdout.flush()
        results.extend(rows)
    print()
    print('  %-20s %-10s %10s %10s %7s %13s  %-8s %s' % ('row', 'per', 'built-in', 'gosocket', 'ratio', 'spread',
                                                       'target', 'result'))
    for x in results:
        print('  %-20s %-10s %7.2f us %7.2f us %7.3f  %.3f-%.3f  <= %.2f  %s' % (
            x['name'], x['unit'], x['builtin_us'], x['gosocket_us'], x['ratio'], x['ratio_min'], x['ratio_max'],
            x['target'], 'ok' if x['ok'] else 'MISSED'))
    if syscalls:
        print()
        print('  system calls per operation (strace -f -c, n minus none)')
        for x in results:
            if x['name'].endswith('_wall'):
                for impl in IMPLS:
                    print('  %-16s %-8s %s' % (x['name'][:-5], impl, fmt_calls(x['syscalls_' + impl])))
    elapsed = time.time() - started
    doc = {'python': sys.version.split()[0], 'version': version, 'machine': machine(), 'rounds': rounds,
           'short': short, 'seconds': elapsed, 'results': results}
    if out is None:
        out = os.path.join(ROOT, 'build', 'bench', version + '-app.json')
    d = os.path.dirname(out)
    if d and not os.path.isdir(d):
        os.makedirs(d)
    with open(out, 'w') as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    missed = [x['name'] for x in results if not x['ok']]
    print('%d passed, %d failed (%.1f s)' % (len(results) - len(missed), len(missed), elapsed))
    return 1 if missed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
