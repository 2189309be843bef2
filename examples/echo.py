"""The socket documentation's echo examples, run through gosocket.

Runs on Python 2.7 and 3.x: the echo server and client over IPv4 (the
library reference's first example), the getaddrinfo dual-stack variant,
then UDP and AF_UNIX. Prints one line with each example's outcome and
exits non-zero if any failed. Usage: python examples/echo.py [BUILD_DIR]
"""
from __future__ import print_function

import os
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else
                os.path.join(HERE, '..', 'build', 'py%d%d' % sys.version_info[:2]))
import gosocket as socket  # noqa: E402


def serve_once(s):
    """Accept one connection and echo until the client closes."""
    conn, addr = s.accept()
    while 1:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)
    conn.close()
    s.close()


def tcp_ipv4():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(('127.0.0.1', 0))
    s.listen(1)
    port = s.getsockname()[1]
    t = threading.Thread(target=serve_once, args=(s,))
    t.start()
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.settimeout(10)
    c.connect(('127.0.0.1', port))
    c.sendall(b'Hello, world')
    data = c.recv(1024)
    c.close()
    t.join(10)
    return data == b'Hello, world'


def tcp_dualstack():
    """The getaddrinfo variant: try each address of localhost in turn."""
    s = None
    for res in socket.getaddrinfo('localhost', 0, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE):
        af, socktype, proto, canonname, sa = res
        try:
            s = socket.socket(af, socktype, proto)
            s.bind(sa)
            s.listen(1)
        except socket.error:
            if s is not None:
                s.close()
            s = None
            continue
        break
    if s is None:
        return False
    port = s.getsockname()[1]
    t = threading.Thread(target=serve_once, args=(s,))
    t.start()
    c = None
    for res in socket.getaddrinfo('localhost', port, socket.AF_UNSPEC, socket.SOCK_STREAM):
        af, socktype, proto, canonname, sa = res
        try:
            c = socket.socket(af, socktype, proto)
            c.settimeout(10)
            c.connect(sa)
        except socket.error:
            c.close()
            c = None
            continue
        break
    if c is None:
        t.join(1)
        return False
    c.sendall(b'Hello, world')
    data = c.recv(1024)
    c.close()
    t.join(10)
    return data == b'Hello, world'


def udp():
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(('127.0.0.1', 0))
    cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    cli.settimeout(10)
    srv.settimeout(10)
    cli.sendto(b'ping', srv.getsockname())
    data, addr = srv.recvfrom(1024)
    srv.sendto(data, addr)
    back, _ = cli.recvfrom(1024)
    srv.close()
    cli.close()
    return back == b'ping'


def unix_stream():
    path = os.path.join(tempfile.mkdtemp(), 'echo.sock')
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    t = threading.Thread(target=serve_once, args=(s,))
    t.start()
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.settimeout(10)
    c.connect(path)
    c.sendall(b'Hello, unix')
    data = c.recv(1024)
    c.close()
    t.join(10)
    os.unlink(path)
    os.rmdir(os.path.dirname(path))
    return data == b'Hello, unix'


def main():
    results = []
    for name, fn in (('tcp4', tcp_ipv4), ('dualstack', tcp_dualstack), ('udp', udp), ('unix', unix_stream)):
        try:
            ok = fn()
        except Exception as e:  # report, don't stop the other examples
            ok = False
            name += ' (%s: %s)' % (type(e).__name__, e)
        results.append((name, ok))
    line = ' '.join('%s=%s' % (n, 'ok' if ok else 'FAIL') for n, ok in results)
    print('Python %s: %s' % (sys.version.split()[0], line))
    return 0 if all(ok for _, ok in results) else 1


if __name__ == '__main__':
    sys.exit(main())
