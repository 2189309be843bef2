"""socket.makefile(): gosocket's native file objects against the standard
library's (socket.socket.makefile over SocketIO on 3.x, socket._fileobject
on 2.7), scenario by scenario on socketpairs, plus the descriptor's
reference counting and gosocket installed as _socket under socket.py."""

import errno
import io
import os
import subprocess
import sys
import textwrap
import threading
import time
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2
TIMEOUT = support.TIMEOUT


def std_socketpair():
    """A connected pair of the standard library's socket class: the
    reference whose makefile() gosocket's must match."""
    if PY2:
        a, b = std.socketpair()
        return std.socket(_sock=a), std.socket(_sock=b)
    return std.socketpair()


def fd_is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError as e:
        if e.errno != errno.EBADF:
            raise
        return False


class Base(support.TestCase):

    def pair(self, M, timeout=TIMEOUT):
        a, b = std_socketpair() if M is std else M.socketpair()
        for s in (a, b):
            self.track(s)
            s.settimeout(timeout)
        return a, b

    def same(self, scenario, what=None):
        """Run scenario(M, a, b) with the standard library's sockets and
        with gosocket's; both must return equal values or raise the same
        exception (class, errno, args; message for ValueError/TypeError)."""
        what = what or scenario.__name__

        def run(M):
            a, b = self.pair(M)
            return lambda: scenario(M, a, b)
        rv, gv = self.assertSameOutcome(what, run(std), run(gs))
        if isinstance(rv, (ValueError, TypeError)):
            self.assertEqual(str(rv), str(gv), what)
        return gv

    def files(self, *fs):
        for f in fs:
            self.addCleanup(support.close_quietly, f)
        return fs[0] if len(fs) == 1 else fs


# ---------------------------------------------------------------------------
# Reading and writing, compared with the standard library

class ReadWriteTest(Base):

    def test_readline_read_and_iteration(self):
        def scenario(M, a, b):
            w, r = self.files(a.makefile('wb'), b.makefile('rb'))
            w.write(b'one\ntwo\nthree\nfour')
            w.flush()
            a.shutdown(M.SHUT_WR)
            return [r.readline(), r.readline(5), r.read(3), r.readline(),
                    list(r), r.read(), r.readline()]
        self.same(scenario)

    def test_readline_as_lines_arrive(self):
        # A line protocol: each send ends a line or leaves one unfinished;
        # readline after every finished line, then the rest to EOF. Lines
        # longer than the buffer, several per send, and split ones.
        sends = [
            [b'abc\n', b'de', b'f\n', b'g\nh\ni', b'\n', b'no newline'],
            [b'x' * 10000 + b'\n', b'y\n' * 3000, b'tail'],
            [b'\n\n\n', b'q'],
            [b'a' * 8192, b'\n', b'b' * 8191 + b'\n', b'c'],
        ]
        for chunks in sends:
            for bufsize in (-1, 0, 1, 2, 100, 8192):
                def scenario(M, a, b):
                    r = self.files(b.makefile('rb', bufsize))
                    out = []
                    for chunk in chunks:
                        a.sendall(chunk)
                        if chunk.endswith(b'\n'):
                            out.append(r.readline())
                    a.shutdown(M.SHUT_WR)
                    out.extend(iter(r.readline, b''))
                    out.append(r.readline())
                    return out
                self.same(scenario, 'readline, bufsize %d, sends %r' % (bufsize, chunks[0][:8]))

    def test_read_exact_counts_across_sends(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb'))
            out = []
            for chunk in (b'01234', b'56789', b'abcdefghij'):
                a.sendall(chunk)
                out.append(r.read(3))
            a.sendall(b'!')
            a.shutdown(M.SHUT_WR)
            out.append(r.read(100))
            out.append(r.read(1))
            return out
        self.same(scenario)

    def test_readlines_with_sizehint(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb'))
            a.sendall(b'aa\nbbbb\ncc\ndd\n')
            a.shutdown(M.SHUT_WR)
            return [r.readlines(5), r.readlines()]
        self.same(scenario)

    def test_large_transfer_both_ways(self):
        payload = bytes(bytearray(range(256))) * 4000 + b'\nend'

        def scenario(M, a, b):
            w, r = self.files(a.makefile('wb'), b.makefile('rb'))

            def send():
                w.write(payload)
                w.flush()
                a.shutdown(M.SHUT_WR)
            t = threading.Thread(target=send)
            t.start()
            data = r.read()
            t.join(TIMEOUT)
            return len(data), data == payload
        self.assertEqual(self.same(scenario), (len(payload), True))

    def test_write_buffering_until_flush(self):
        def scenario(M, a, b):
            w = self.files(a.makefile('wb'))
            w.write(b'held')
            b.setblocking(False)
            try:
                b.recv(10)
                sent_early = True
            except M.error as e:
                sent_early = e.errno
            w.flush()
            b.settimeout(TIMEOUT)
            return sent_early, support.recv_exactly(b, 4)
        self.same(scenario)

    def test_readwrite_mode(self):
        def scenario(M, a, b):
            fa, fb = self.files(a.makefile('rwb'), b.makefile('rwb'))
            fa.write(b'ping\n')
            fa.flush()
            line = fb.readline()
            fb.write(b'pong\n')
            fb.flush()
            return line, fa.readline(), type(fa).__name__
        self.same(scenario)

    def test_peer_close_gives_eof(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb'))
            a.sendall(b'last')
            a.close()
            return r.read(), r.read(10), r.readline()
        self.same(scenario)

    def test_write_after_peer_reset_raises_like_builtin(self):
        def scenario(M, a, b):
            w = self.files(a.makefile('wb', 0))
            b.close()
            for i in range(100):
                w.write(b'x' * 65536)
                if not PY2:
                    w.flush()
        self.same(scenario)


@unittest.skipIf(PY2, 'text mode and SocketIO are 3.x')
class Py3Test(Base):

    def test_invalid_modes_like_socket_py(self):
        for mode in ('x', 'rt', 'a', 'r+', 'U', b'rb', None, 5):
            self.same(lambda M, a, b: a.makefile(mode), 'makefile(%r)' % (mode,))

    def test_mode_strings_and_types(self):
        for mode in ('r', 'w', 'b', 'rb', 'wb', 'rw', 'rwb', 'br', 'bw'):
            def scenario(M, a, b):
                f = self.files(a.makefile(mode))
                raw = getattr(f, 'raw', None)
                if raw is None and hasattr(f, 'buffer'):
                    raw = getattr(f.buffer, 'raw', None)
                return (type(f).__name__, getattr(f, 'mode', None),
                        getattr(raw, 'mode', None), f.readable(),
                        f.writable(), f.seekable())
            self.same(scenario, 'makefile(%r)' % mode)

    def test_buffering_argument(self):
        for args in [('rb', 0), ('wb', 0), ('rwb', 0), ('r', 0), ('rb', 1),
                     ('rb', -5), ('rb', 100), ('rb', None), ('rb', 'x'),
                     ('rb', 1.5), ('r', 16)]:
            def scenario(M, a, b):
                f = self.files(a.makefile(*args))
                return type(f).__name__, getattr(f, 'mode', None)
            self.same(scenario, 'makefile%r' % (args,))

    def test_unbuffered_raw_object(self):
        def scenario(M, a, b):
            raw = self.files(b.makefile('rb', 0))
            out = [raw.mode, raw.name == b.fileno(), raw.readable(),
                   raw.writable(), raw.seekable(), raw.fileno() == b.fileno(),
                   raw.closed, isinstance(raw, io.RawIOBase),
                   isinstance(raw, io.IOBase)]
            a.sendall(b'0123456789')
            buf = bytearray(4)
            out.append(raw.readinto(buf))
            out.append(bytes(buf))
            out.append(raw.read(3))
            out.append(raw.read(100))
            a.shutdown(M.SHUT_WR)
            out.append(raw.readall())
            raw.close()
            out += [raw.closed, raw.name]
            return out
        self.same(scenario)

    def test_raw_methods_after_close(self):
        for name in ('readable', 'writable', 'seekable', 'fileno', 'read',
                     'readinto', 'write'):
            def scenario(M, a, b):
                raw = a.makefile('rwb', 0)
                raw.close()
                args = {'read': (1,), 'readinto': (bytearray(1),),
                        'write': (b'x',)}.get(name, ())
                return getattr(raw, name)(*args)
            self.same(scenario, 'closed raw.%s()' % name)

    def test_raw_wrong_direction_and_bad_buffers(self):
        cases = [('wb', 'read', (1,)), ('wb', 'readinto', (bytearray(1),)),
                 ('rb', 'write', (b'x',)), ('rb', 'readinto', (b'ro',)),
                 ('wb', 'write', (u'text',)), ('rb', 'readinto', (None,)),
                 ('wb', 'write', (memoryview(b'abc'),))]
        for mode, name, args in cases:
            def scenario(M, a, b):
                raw = self.files(a.makefile(mode, 0))
                return getattr(raw, name)(*args)
            self.same(scenario, '%s raw.%s%r' % (mode, name, args))

    def test_text_mode(self):
        def scenario(M, a, b):
            w = self.files(a.makefile('w', encoding='utf-8', newline=''))
            r = self.files(b.makefile('r', encoding='utf-8', newline=None))
            w.write(u'caf\xe9\r\nna\xefve\nend')
            w.flush()
            a.shutdown(M.SHUT_WR)
            return (r.mode, w.mode, r.encoding, r.readline(), r.read(),
                    type(r.name).__name__)
        self.same(scenario)

    def test_text_errors_argument(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('r', encoding='ascii', errors='replace'))
            a.sendall(b'a\xffb\n')
            return r.readline()
        self.same(scenario)
        self.same(lambda M, a, b: a.makefile('r', encoding='no-such-codec'),
                  'unknown encoding')
        self.same(lambda M, a, b: type(a.makefile('rb', encoding='utf-8')),
                  'encoding in binary mode')

    def test_makefile_keyword_arguments(self):
        def scenario(M, a, b):
            f = self.files(a.makefile(mode='wb', buffering=0))
            return type(f).__name__, f.mode
        self.same(scenario)

    def test_timeout_then_no_more_reads(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb'))
            b.settimeout(0.05)
            a.sendall(b'abc')
            out = [r.read(3)]
            for i in range(2):
                try:
                    r.read(1)
                except OSError as e:
                    out.append((type(e).__name__, str(e)))
            return out
        out = self.same(scenario)
        self.assertEqual(out[2], ('OSError', 'cannot read from timed out object'))

    def test_non_blocking_reads_give_none(self):
        def scenario(M, a, b):
            raw = self.files(b.makefile('rb', 0))
            buffered = self.files(b.makefile('rb'))
            b.setblocking(False)
            out = [raw.readinto(bytearray(5)), raw.read(5), buffered.read(5)]
            a.sendall(b'xy')
            time.sleep(0.05)
            out.append(raw.read(5))
            return out
        self.same(scenario)

    def test_non_blocking_write_gives_none_when_full(self):
        def scenario(M, a, b):
            raw = self.files(a.makefile('wb', 0))
            a.setblocking(False)
            for i in range(10000):
                n = raw.write(b'x' * 65536)
                if n is None:
                    return 'full after %s' % ('some' if i else 'none')
            return 'never full'
        self.same(scenario)

    def test_detach_marks_socket_closed(self):
        def scenario(M, a, b):
            raw = self.files(a.makefile('rb', 0))
            before = a._closed
            fd = a.detach()
            try:
                after = a._closed
                raw.close()
                return before, after, a.fileno(), fd_is_open(fd)
            finally:
                os.close(fd)
        self.same(scenario)

    def test_socketio_class(self):
        for mode in ('r', 'w', 'rw', 'rb', 'wb', 'rwb', 'x', 'br', '', 1):
            def scenario(M, a, b):
                cls = std.SocketIO if M is std else gs.SocketIO
                raw = self.files(cls(a, mode))
                return (raw.mode, raw.readable(), raw.writable(),
                        raw._reading, raw._writing, raw._timeout_occurred,
                        isinstance(raw, io.RawIOBase))
            self.same(scenario, 'SocketIO(sock, %r)' % (mode,))

    def test_socketio_context_manager_and_cycles(self):
        a, b = self.pair(gs)
        with a.makefile('wb') as w:
            w.write(b'ctx')
        self.assertTrue(w.closed)
        self.assertEqual(a._io_refs, 0)
        f = b.makefile('rb')
        f.self = f  # a reference cycle: the collector must close it
        del f
        import gc
        gc.collect()
        self.assertEqual(b._io_refs, 0)
        self.assertEqual(support.recv_exactly(b, 3), b'ctx')

    def test_subclass_overriding_recv_into_is_used(self):
        class Sock(gs.socket):
            def recv_into(self, buf, *args):
                buf[:2] = b'XY'
                return 2
        a, b = self.pair(gs)
        s = self.track(Sock(fileno=b.detach()))
        raw = self.files(s.makefile('rb', 0))
        self.assertEqual(raw.read(10), b'XY')

    def test_encoding_warning_points_at_caller(self):
        if sys.version_info < (3, 10):
            self.skipTest('EncodingWarning is 3.10+')
        code = textwrap.dedent('''
            import sys, warnings
            sys.path.insert(0, %r)
            import gosocket as gs
            warnings.simplefilter('always')
            a, b = gs.socketpair()
            with warnings.catch_warnings(record=True) as w:
                f = a.makefile('r')
            f.close(); a.close(); b.close()
            print(w[0].category.__name__, w[0].lineno)
        ''' % support.BUILD_DIR)
        out = run_child(self, ['-X', 'warn_default_encoding', '-c', code])
        self.assertEqual(out.split(), ['EncodingWarning', '8'])


# ---------------------------------------------------------------------------
# The descriptor stays open while file objects use it

class RefCountTest(Base):

    def test_close_socket_then_file(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb'))
            fd = b.fileno()
            b.close()
            out = [fd_is_open(fd)]
            a.sendall(b'still\n')
            out.append(r.readline())
            # 3.x: the socket still works; 2.7: it is closed (EBADF)
            out.append(support.outcome(lambda: b.getsockname())[0])
            r.close()
            out.append(fd_is_open(fd))
            return out
        self.assertEqual(self.same(scenario), [True, b'still\n', not PY2, False])

    def test_close_file_then_socket(self):
        def scenario(M, a, b):
            r = b.makefile('rb')
            fd = b.fileno()
            r.close()
            a.sendall(b'after')
            out = [fd_is_open(fd), support.recv_exactly(b, 5)]
            b.close()
            out.append(fd_is_open(fd))
            return out
        self.assertEqual(self.same(scenario), [True, b'after', False])

    def test_several_files(self):
        def scenario(M, a, b):
            f1, f2, f3 = self.files(b.makefile('rb'), b.makefile('wb'),
                                    b.makefile('rb', 0))
            fd = b.fileno()
            b.close()
            out = []
            for f in (f2, f1, f3):
                out.append(fd_is_open(fd))
                f.close()
            out.append(fd_is_open(fd))
            return out
        self.assertEqual(self.same(scenario), [True, True, True, False])

    def test_garbage_collected_file_releases_descriptor(self):
        def scenario(M, a, b):
            r = b.makefile('rb')
            fd = b.fileno()
            b.close()
            del r
            import gc
            gc.collect()
            return fd_is_open(fd)
        self.assertEqual(self.same(scenario), False)

    def test_failed_makefile_keeps_no_reference(self):
        if PY2:
            self.skipTest('2.7 makefile takes any mode')

        def scenario(M, a, b):
            for args in (('r', 0), ('rb', 'x'), ('x',)):
                try:
                    b.makefile(*args)
                except (ValueError, TypeError):
                    pass
            fd = b.fileno()
            b.close()
            return fd_is_open(fd), b._io_refs
        self.assertEqual(self.same(scenario), (False, 0))

    def test_makefile_on_closed_socket(self):
        def scenario(M, a, b):
            b.close()
            f = b.makefile('rb')
            try:
                return f.read(1)
            finally:
                f.close()
        self.same(scenario)

    def test_with_statement_closes_socket_after_files(self):
        if PY2:
            self.skipTest('2.7 sockets are not context managers')

        def scenario(M, a, b):
            with b:
                r = b.makefile('rb')
            fd_open = b.fileno() != -1
            r.close()
            return fd_open, b.fileno(), b._closed
        self.same(scenario)


# ---------------------------------------------------------------------------
# 2.7: socket._fileobject

@unittest.skipUnless(PY2, '2.7 _fileobject')
class Py27Test(Base):

    def test_attributes(self):
        def scenario(M, a, b):
            fs = self.files(b.makefile(), b.makefile('rb', 0),
                            b.makefile('wb', 1), b.makefile(bufsize=100))
            return [(f.mode, f.bufsize, f.name, f.closed, f.softspace,
                     f._rbufsize, f._wbufsize, f.fileno() == b.fileno())
                    for f in fs]
        self.same(scenario)

    def test_unbuffered_readline_leaves_the_rest_in_the_socket(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb', 0))
            a.sendall(b'line\nrest')
            return r.readline(), support.recv_exactly(b, 4)
        self.same(scenario)

    def test_small_bufsize_readline_with_limit(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb', 3))
            a.sendall(b'abcdefgh\nij\nkl')
            a.shutdown(M.SHUT_WR)
            return [r.readline(4), r.readline(10), r.readline(0),
                    r.readline(2), r.readline(), r.readline(), r.readline()]
        self.same(scenario)

    def test_line_buffered_write(self):
        def scenario(M, a, b):
            w = self.files(a.makefile('wb', 1))
            b.setblocking(False)
            w.write('no newline')
            early = support.outcome(lambda: b.recv(100))
            w.write(' done\n')
            b.settimeout(TIMEOUT)
            return early[0], support.recv_exactly(b, 16)
        self.same(scenario)

    def test_unbuffered_write_and_writelines(self):
        def scenario(M, a, b):
            w = self.files(a.makefile('wb', 0))
            w.write('a')
            w.writelines(['b', '', 'c', u'd', 5])
            w.write(u'')
            return support.recv_exactly(b, 5)
        self.same(scenario)

    def test_write_converts_with_str(self):
        def scenario(M, a, b):
            w = self.files(a.makefile('wb'))
            w.write(42)
            w.write(bytearray(b'ba'))
            w.flush()
            out = [support.recv_exactly(b, 4)]
            out.append(support.outcome(lambda: w.write(u'\xe9'))[0])
            out.append(support.outcome(lambda: w.writelines(['ok', u'\xe9']))[0])
            w.flush()
            return out
        self.same(scenario)

    def test_close_flushes_and_closed_file_errors(self):
        def scenario(M, a, b):
            w = a.makefile('wb')
            w.write('pending')
            w.close()
            out = [support.recv_exactly(b, 7), w.closed, w._sock]
            for call in (lambda: w.fileno(), lambda: w.write('x' * 10000),
                         lambda: w.read(1), lambda: w.close()):
                try:
                    out.append(call())
                except Exception as e:
                    out.append((type(e).__name__, str(e)))
            return out
        self.same(scenario)

    def test_read_serves_buffered_data_after_close(self):
        def scenario(M, a, b):
            r = b.makefile('rb')
            a.sendall(b'ab\ncd')
            first = r.readline()
            time.sleep(0.05)
            r.close()
            return first, support.outcome(lambda: r.read(1))
        rv = self.same(scenario)
        self.assertEqual(rv[0], b'ab\n')

    def test_timeout_propagates(self):
        def scenario(M, a, b):
            r = self.files(b.makefile('rb'))
            b.settimeout(0.05)
            a.sendall(b'x')
            out = [support.outcome(lambda: r.read(2))[0]]
            a.sendall(b'yz')
            b.settimeout(TIMEOUT)
            out.append(r.read(2))
            return out
        self.same(scenario)

    def test_fileobject_constructor(self):
        a, b = self.pair(gs)
        f = self.files(gs._fileobject(b, 'rb', 0, close=True))
        a.sendall(b'q\n')
        self.assertEqual(f.readline(), b'q\n')
        f.close()
        self.assertEqual(b.fileno(), -1)

    def test_fileobject_over_any_object(self):
        class Fake(object):
            def __init__(self):
                self.data = [b'ab\nc', b'd\n', b'']
                self.sent = []

            def recv(self, n):
                return self.data.pop(0)[:n]

            def sendall(self, s):
                self.sent.append(s)

            def fileno(self):
                return 99
        fake = Fake()
        f = gs._fileobject(fake, 'rwb', 1)
        self.assertEqual(list(f), [b'ab\n', b'cd\n'])
        f.write('line\n')
        self.assertEqual(fake.sent, [b'line\n'])
        self.assertEqual(f.fileno(), 99)


# ---------------------------------------------------------------------------
# GIL and gosocket as _socket under socket.py

def run_child(testcase, argv, deadline=60.0):
    p = subprocess.Popen([sys.executable] + argv, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    t0 = time.time()
    while p.poll() is None and time.time() - t0 < deadline:
        time.sleep(0.05)
    if p.poll() is None:
        p.kill()
        p.wait()
    out = p.stdout.read().decode('utf-8', 'replace')
    p.stdout.close()
    testcase.assertEqual(p.returncode, 0, out)
    return out


class ChildTest(support.TestCase):

    def test_blocking_read_releases_the_gil(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            r = b.makefile('rb')
            got = []
            t = spawn(lambda: got.append(r.readline()))
            check(busy(0.3) > 1000, 'main thread starved')
            a.sendall(b'wake\\n')
            t.join(10)
            check(got == [b'wake\\n'], got)
        ''')

    def test_stdlib_socket_py_over_gosocket(self):
        code = textwrap.dedent('''
            import os, sys
            sys.path.insert(0, %r)
            import gosocket
            sys.modules['_socket'] = gosocket._socket
            import socket
            assert socket._socket is gosocket._socket
            assert sys.version_info < (3,) or socket.SocketType is gosocket.SocketType
            def fd_open(fd):
                try:
                    os.fstat(fd)
                    return True
                except OSError:
                    return False
            l = socket.socket()
            l.bind(('127.0.0.1', 0))
            l.listen(1)
            a = socket.create_connection(l.getsockname(), timeout=10)
            b, _ = l.accept()
            b.settimeout(10)
            w, r = a.makefile('wb'), b.makefile('rb')
            assert type(r).__module__ in ('socket', '_io', 'io'), type(r)
            w.write(b'hello\\nworld\\n')
            w.flush()
            assert r.readline() == b'hello\\n'
            fd = b.fileno()
            b.close()
            assert fd_open(fd)
            assert r.readline() == b'world\\n'
            r.close()
            del r
            assert not fd_open(fd), 'file close must close the fd'
            # without file objects, close() closes at once
            fd = a.fileno()
            w.close()
            a.close()
            assert not fd_open(fd), 'socket close must close the fd'
            c = socket.socket()
            fd = c.fileno()
            c.close()
            assert not fd_open(fd)
            l.close()
            print('PASS')
        ''' % support.BUILD_DIR)
        out = run_child(self, ['-c', code])
        self.assertTrue(out.strip().endswith('PASS'), out)


if __name__ == '__main__':
    unittest.main()
