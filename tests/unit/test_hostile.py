"""Hostile arguments: conversion hooks (__index__, __buffer__, __iter__...)
that clear the list being read, resize a buffer, close the socket or raise
in the middle of a call. Each scenario runs in a child interpreter, since
the bug it guards against kills the process; the outcome asserted is the
one CPython 3.15's built-in module gives (it reads a snapshot of the
sequences: gh-143637, gh-143988)."""

import os
import sys
import unittest

if __package__:
    from . import support
else:
    import support

PY2 = support.PY2
needs_msg = unittest.skipIf(PY2 or not hasattr(support.ref.socket, 'sendmsg'),
                            'sendmsg/recvmsg are Python 3.3+')
needs_buffer_protocol = unittest.skipIf(sys.version_info < (3, 12),
                                        '__buffer__ is Python 3.12+')


@needs_msg
class SequenceMutationTest(support.TestCase):

    def test_sendmsg_ancillary_type_index_clears_list(self):
        # CPython 3.15's test_sendmsg_reentrant_ancillary_mutation: both
        # items are still sent (SOL_SOCKET, 0) and the kernel refuses them
        self.run_in_child('''
            import errno
            seq = []
            class Mut(object):
                def __index__(self):
                    del seq[:]
                    return 0
                __int__ = __index__  # 3.6, 3.7: "i" takes __int__
            seq[:] = [(gs.SOL_SOCKET, Mut(), b'x'), (gs.SOL_SOCKET, 0, b'x')]
            a, b = gs.socketpair()
            try:
                a.sendmsg([b'x'], seq)
                check(False, 'no error')
            except OSError as e:
                check(e.errno == errno.EINVAL, repr(e))
            check(seq == [], seq)
        ''')

    def test_sendmsg_ancillary_level_index_clears_list(self):
        self.run_in_child('''
            import errno, gc
            seq = []
            class Mut(object):
                def __index__(self):
                    del seq[:]
                    gc.collect()
                    return gs.SOL_SOCKET
                __int__ = __index__  # 3.6, 3.7: "i" takes __int__
            seq[:] = [(Mut(), 0, bytearray(b'x' * 64)) for _ in range(8)]
            a, b = gs.socketpair()
            try:
                a.sendmsg([b'x'], seq)
                check(False, 'no error')
            except OSError as e:
                check(e.errno == errno.EINVAL, repr(e))
        ''')

    @needs_buffer_protocol
    def test_sendmsg_data_buffer_clears_list(self):
        # gh-143988: every part given is sent
        self.run_in_child('''
            seq = []
            class MutBuffer(object):
                def __buffer__(self, flags):
                    seq.clear()
                    return memoryview(b'Hello')
            seq[:] = [MutBuffer(), b'World', b'Test']
            a, b = gs.socketpair()
            n = a.sendmsg(seq)
            check(n == 14, n)
            got = b.recv(100)
            check(got == b'HelloWorldTest', got)
        ''')

    @needs_buffer_protocol
    def test_recvmsg_into_buffer_clears_list(self):
        # gh-143988: the data lands in the buffers given
        self.run_in_child('''
            seq = []
            buf1 = bytearray(100)
            class MutBuffer(object):
                def __buffer__(self, flags):
                    seq.clear()
                    return memoryview(buf1)
            seq[:] = [MutBuffer(), bytearray(100), bytearray(100)]
            a, b = gs.socketpair()
            a.send(b'Hello World!')
            r = b.recvmsg_into(seq)
            check(r[0] == 12 and r[1] == [], r)
            check(bytes(buf1) == b'Hello World!'.ljust(100, b'\\0'), buf1)
        ''')


class BatchMutationTest(support.TestCase):

    def test_sendmmsg_port_index_clears_list(self):
        # the address of the first datagram clears the list: both datagrams
        # given are still sent
        self.run_in_child('''
            seq = []
            r = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
            r.bind(('127.0.0.1', 0))
            r.settimeout(5)
            port = r.getsockname()[1]
            class Port(object):
                def __index__(self):
                    del seq[:]
                    return port
                __int__ = __index__
            seq[:] = [(b'a', ('127.0.0.1', Port())), (b'b', ('127.0.0.1', port))]
            a = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
            n = a.sendmmsg(seq)
            check(n == 2, n)
            got = sorted([r.recv(10), r.recv(10)])
            check(got == [b'a', b'b'], got)
        ''')


class RaiseOnce(object):
    """A buffer whose first export raises and which counts its exports."""

    def __init__(self, data):
        self.data = data
        self.calls = 0

    def __buffer__(self, flags):
        self.calls += 1
        if self.calls == 1:
            raise ZeroDivisionError('first export')
        return memoryview(self.data)


@needs_buffer_protocol
class BufferExportOnceTest(support.TestCase):
    """A class's __buffer__ runs once per argument, and what it raises is
    the call's outcome, as with the built-in module (the try-first paths
    used to export any object once more after a failed attempt)."""

    def outcome(self, M, fn):
        a, b = M.socketpair()
        self.track(a)
        self.track(b)
        a.settimeout(support.TIMEOUT)
        b.sendall(b'abc')
        arg = RaiseOnce(bytearray(10))
        try:
            r = fn(a, arg)
        except Exception as e:
            r = type(e)
        return r, arg.calls

    def check(self, fn):
        want = self.outcome(support.std, fn)
        got = self.outcome(support.gs, fn)
        self.assertEqual(got, want)
        self.assertEqual(got[1], 1)

    def test_recv_into(self):
        self.check(lambda s, b: s.recv_into(b))

    def test_recv_into_nbytes(self):
        self.check(lambda s, b: s.recv_into(b, 2))

    def test_makefile_raw_readinto(self):
        self.check(lambda s, b: s.makefile('rb', buffering=0).readinto(b))

    def test_makefile_raw_write(self):
        self.check(lambda s, b: s.makefile('wb', buffering=0).write(b))

    def test_send(self):
        self.check(lambda s, b: s.send(b))


class Index(object):
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


@unittest.skipIf(PY2, 'socket.sendfile is Python 3.5+')
class SendfileOffsetTest(support.TestCase):
    """sendfile's offset goes through os.sendfile's conversion (__index__)
    and then socket.py's offset += sent: an object with __index__ but no
    addition sends a block, then raises TypeError; a float raises before."""

    def outcome(self, M, offset):
        import tempfile
        fd, path = tempfile.mkstemp()
        self.addCleanup(os.unlink, path)
        os.write(fd, b'0123456789' * 10)
        os.close(fd)
        a, b = M.socketpair()
        self.track(a)
        self.track(b)
        a.settimeout(support.TIMEOUT)
        b.settimeout(support.TIMEOUT)
        with open(path, 'rb') as f:
            try:
                r = a.sendfile(f, offset, 20)
            except Exception as e:
                r = (type(e), str(e))
            pos = f.tell()
        a.close()
        return r, pos, support.recv_exactly(b, 200)

    def test_offsets_match_builtin(self):
        for offset in (Index(3), 2.0, True, 5, Index(-1)):
            want = self.outcome(support.std, offset)
            got = self.outcome(support.gs, offset)
            self.assertEqual(got, want, offset)
        if sys.version_info >= (3, 8):  # os.sendfile takes __index__
            self.assertEqual(self.outcome(support.gs, Index(3))[2], b'34567890123456789012')


class Counted(object):
    """An int-like argument that counts its conversions."""

    def __init__(self, v):
        self.v = v
        self.calls = 0

    def __index__(self):
        self.calls += 1
        return self.v

    __int__ = __index__


@unittest.skipIf(PY2, "2.7's socketpair is _socket's")
class SocketpairConversionTest(support.TestCase):
    """socket.py's socketpair converts family, type and proto three times
    (_socket.socketpair, then socket() for each of the pair)."""

    def counts(self, M):
        args = [Counted(M.AF_UNIX), Counted(M.SOCK_STREAM), Counted(0)]
        a, b = M.socketpair(*args)
        self.track(a)
        self.track(b)
        return [x.calls for x in args], a.family, b.type

    def test_conversions_match_builtin(self):
        self.assertEqual(self.counts(support.gs), self.counts(support.std))
        self.assertEqual(self.counts(support.gs)[0], [3, 3, 3])


class Truth(object):
    """A flag that counts how often it is tested for truth."""

    def __init__(self, v):
        self.v = v
        self.calls = 0

    def __bool__(self):
        self.calls += 1
        return self.v

    __nonzero__ = __bool__


@unittest.skipIf(not hasattr(support.std, 'create_server'), 'create_server is Python 3.8+')
class CreateServerFlagsTest(support.TestCase):
    """socket.py's create_server tests reuse_port and dualstack_ipv6 for
    truth twice each (before and after making the socket)."""

    def counts(self, M, family, host):
        flags = [Truth(True), Truth(family == M.AF_INET6)]
        s = M.create_server((host, 0), family=family, reuse_port=flags[0], dualstack_ipv6=flags[1])
        self.track(s)
        return [f.calls for f in flags], s.getsockopt(M.SOL_SOCKET, M.SO_REUSEPORT)

    def test_counts_match_builtin(self):
        cases = [(support.std.AF_INET, '127.0.0.1')]
        if support.HAVE_IPV6_LOOPBACK:
            cases.append((support.std.AF_INET6, '::1'))
        for family, host in cases:
            self.assertEqual(self.counts(support.gs, family, host), self.counts(support.std, family, host))


if __name__ == '__main__':
    unittest.main()
