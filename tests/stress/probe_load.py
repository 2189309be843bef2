"""Load probe: a threaded echo server on gosocket and many concurrent
clients exchanging checksummed messages; nothing may be lost, corrupted or
stuck.

Full: 500 clients x 200 messages (100,000 round trips); short: 50 x 100.
Every client connects first, then all start at once (a barrier), so the
clients really are concurrent.  A message is a header (client id, sequence
number, payload length, CRC-32 of the payload) and a payload of varying
size (1 byte to 16 KiB); the server echoes the bytes as they come (one
thread per connection, recv + sendall), the client reads the echo back in
pieces (recv_into and recv alternately) and checks header and CRC.
The soft descriptor limit is raised when 2 x clients would not fit.
"""

from __future__ import print_function

import os
import random
import struct
import sys
import threading
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from common import load_gosocket  # noqa: E402

HEADER = struct.Struct('!IIII')   # client, seq, length, crc32
IO_TIMEOUT = 60.0


def raise_fd_limit(need):
    """Raise the soft RLIMIT_NOFILE to `need` (up to the hard limit);
    returns the soft limit in force."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        new = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        soft = new
    return soft


def recv_exactly(sock, n, buf, use_into):
    """n bytes from sock, read into buf (a bytearray of at least n) with
    recv_into, or collected with recv."""
    if use_into:
        view = memoryview(buf)
        got = 0
        while got < n:
            k = sock.recv_into(view[got:n])
            if k == 0:
                raise EOFError('connection closed after %d of %d bytes'
                               % (got, n))
            got += k
        return bytes(buf[:n])
    parts = []
    got = 0
    while got < n:
        chunk = sock.recv(n - got)
        if not chunk:
            raise EOFError('connection closed after %d of %d bytes'
                           % (got, n))
        parts.append(chunk)
        got += len(chunk)
    return b''.join(parts)


class Stats(object):
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.bytes = 0
        self.corrupted = 0
        self.errors = []

    def error(self, msg):
        with self.lock:
            if len(self.errors) < 20:
                self.errors.append(msg)


def echo_server(gs, lsock, nclients, stats, handlers):
    def handle(conn):
        try:
            conn.settimeout(IO_TIMEOUT)
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        except Exception as e:  # noqa: B902
            stats.error('server: %r' % (e,))
        finally:
            conn.close()

    try:
        for _ in range(nclients):
            conn, _ = lsock.accept()
            t = threading.Thread(target=handle, args=(conn,))
            t.daemon = True
            t.start()
            handlers.append(t)
    except Exception as e:  # noqa: B902
        stats.error('accept: %r' % (e,))


def client(gs, addr, cid, nmsgs, stats, ready, start):
    rng = random.Random(cid)
    buf = bytearray(16384 + HEADER.size)
    try:
        s = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    except Exception as e:  # noqa: B902
        stats.error('client %d socket: %r' % (cid, e))
        ready()
        return
    try:
        s.settimeout(IO_TIMEOUT)
        s.connect(addr)
        ready()
        start.wait(IO_TIMEOUT)
        ok = nbytes = 0
        for seq in range(nmsgs):
            k = rng.random()
            size = (rng.randrange(1, 64) if k < 0.5 else
                    rng.randrange(64, 2048) if k < 0.95 else
                    rng.randrange(2048, 16385))
            payload = os.urandom(size)
            msg = HEADER.pack(cid, seq, size,
                              zlib.crc32(payload) & 0xffffffff) + payload
            s.sendall(msg)
            back = recv_exactly(s, len(msg), buf, seq % 2 == 0)
            c, q, n, crc = HEADER.unpack(back[:HEADER.size])
            body = back[HEADER.size:]
            if (c, q, n) != (cid, seq, size) or back != msg or \
                    zlib.crc32(body) & 0xffffffff != crc:
                with stats.lock:
                    stats.corrupted += 1
                stats.error('client %d message %d corrupted' % (cid, seq))
                continue
            ok += 1
            nbytes += len(msg)
        with stats.lock:
            stats.ok += ok
            stats.bytes += nbytes
    except Exception as e:  # noqa: B902
        stats.error('client %d: %r' % (cid, e))
        ready()
    finally:
        s.close()


def load(short):
    gs = load_gosocket()
    nclients, nmsgs = (50, 100) if short else (500, 200)
    limit = raise_fd_limit(2 * nclients + 64)
    if limit < 2 * nclients + 64:
        raise RuntimeError('descriptor limit %d too low for %d clients'
                           % (limit, nclients))
    try:
        threading.stack_size(512 * 1024)
    except Exception:  # noqa: B902 (platforms without it)
        pass
    stats = Stats()
    lsock = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
    lsock.setsockopt(gs.SOL_SOCKET, gs.SO_REUSEADDR, 1)
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(nclients)
    lsock.settimeout(IO_TIMEOUT)
    addr = lsock.getsockname()
    handlers = []
    srv = threading.Thread(target=echo_server,
                           args=(gs, lsock, nclients, stats, handlers))
    srv.daemon = True
    srv.start()

    start = threading.Event()
    nready = [0]
    ready_lock = threading.Lock()
    all_ready = threading.Event()

    def ready():
        with ready_lock:
            nready[0] += 1
            if nready[0] == nclients:
                all_ready.set()

    t0 = time.time()
    clients = []
    for cid in range(nclients):
        t = threading.Thread(target=client,
                             args=(gs, addr, cid, nmsgs, stats, ready, start))
        t.daemon = True
        t.start()
        clients.append(t)
    all_ready.wait(IO_TIMEOUT)
    t_conn = time.time() - t0
    start.set()
    deadline = time.time() + (IO_TIMEOUT * 2)
    for t in clients:
        t.join(max(0.1, deadline - time.time()))
    stuck = sum(1 for t in clients if t.is_alive())
    srv.join(5)
    for t in handlers:
        t.join(max(0.1, deadline - time.time()))
    stuck_srv = sum(1 for t in handlers if t.is_alive())
    lsock.close()
    elapsed = time.time() - t0
    want = nclients * nmsgs
    detail = ('%d clients x %d messages: %d echoed intact (%.1f MB), '
              '%d corrupted, %d lost; connect %.1fs, total %.1fs'
              % (nclients, nmsgs, stats.ok, stats.bytes / 1e6,
                 stats.corrupted, want - stats.ok - stats.corrupted,
                 t_conn, elapsed))
    if stats.ok != want or stuck or stuck_srv or stats.errors:
        raise AssertionError('%s; %d clients and %d server threads stuck; '
                             'errors: %s' % (detail, stuck, stuck_srv,
                                             '; '.join(stats.errors[:10])))
    return detail


PROBES = [
    {'name': 'load_echo', 'func': load, 'timeout': 150, 'short_timeout': 20},
]

if __name__ == '__main__':
    print(load('--short' in sys.argv))
