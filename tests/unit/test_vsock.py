"""AF_VSOCK (3.7+): (cid, port) addresses, and socket options read and
written as unsigned 64-bit integers, compared with the built-in module.
Skipped where the interpreter or the kernel lacks the family. Nothing here
connects: with no VSOCK peer a connect would wait forever."""

import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std


def vsock_works():
    if not hasattr(ref, 'AF_VSOCK'):
        return False
    try:
        s = ref.socket(ref.AF_VSOCK, ref.SOCK_STREAM)
    except Exception:
        return False
    s.close()
    return True


HAVE_VSOCK = vsock_works()
OPTIONS = ('SO_VM_SOCKETS_BUFFER_SIZE', 'SO_VM_SOCKETS_BUFFER_MIN_SIZE',
           'SO_VM_SOCKETS_BUFFER_MAX_SIZE')


@unittest.skipUnless(HAVE_VSOCK, 'no AF_VSOCK (interpreter or kernel)')
class VsockTest(support.TestCase):

    def pair(self):
        return (self.sock(ref, ref.AF_VSOCK, ref.SOCK_STREAM),
                self.sock(gs, gs.AF_VSOCK, gs.SOCK_STREAM))

    def test_unbound_getsockname_like_builtin(self):
        r, g = self.pair()
        self.assertSameMethod(r, g, 'getsockname')
        self.assertSameMethod(r, g, 'getpeername')
        self.assertEqual(g.getsockname(),
                         (gs.VMADDR_CID_ANY, gs.VMADDR_PORT_ANY))

    def test_buffer_size_options_round_trip(self):
        # CPython's BasicVSOCKTest.testSocketBufferSize, side by side.
        r, g = self.pair()
        for name in reversed(OPTIONS):
            opt = getattr(ref, name)
            rv, gv = self.assertSameMethod(r, g, 'getsockopt', ref.AF_VSOCK,
                                           opt)
            self.assertSameMethod(r, g, 'setsockopt', ref.AF_VSOCK, opt,
                                  rv * 2)
            self.assertSameMethod(r, g, 'getsockopt', ref.AF_VSOCK, opt)
        for name in OPTIONS:
            self.assertSameMethod(r, g, 'getsockopt', ref.AF_VSOCK,
                                  getattr(ref, name))

    def test_option_values_are_unsigned_64_bit(self):
        r, g = self.pair()
        opt = ref.SO_VM_SOCKETS_BUFFER_MAX_SIZE
        for value in (2 ** 40, 2 ** 64 - 1, 2 ** 64 + 5, -1, 0):
            self.assertSameMethod(r, g, 'setsockopt', ref.AF_VSOCK, opt,
                                  value)
            self.assertSameMethod(r, g, 'getsockopt', ref.AF_VSOCK, opt)

    def test_option_argument_errors_like_builtin(self):
        r, g = self.pair()
        opt = ref.SO_VM_SOCKETS_BUFFER_SIZE
        for args in ((ref.AF_VSOCK, opt, b'12345678'),
                     (ref.AF_VSOCK, opt, None, 8),
                     (ref.AF_VSOCK, opt, 1.5), (ref.AF_VSOCK, opt, 'x'),
                     (ref.AF_VSOCK, opt), ('x', opt, 1)):
            self.assertSameMethod(r, g, 'setsockopt', *args)
        for args in ((ref.AF_VSOCK, opt, 8), (ref.AF_VSOCK, opt, -1),
                     (ref.AF_VSOCK, opt, 2000), (ref.AF_VSOCK, 12345)):
            self.assertSameMethod(r, g, 'getsockopt', *args)

    def test_socket_level_options_read_as_64_bits(self):
        r, g = self.pair()
        for opt in (ref.SO_TYPE, ref.SO_RCVBUF, ref.SO_ERROR):
            self.assertSameMethod(r, g, 'getsockopt', ref.SOL_SOCKET, opt)
        for value in (65536, -1):
            self.assertSameMethod(r, g, 'setsockopt', ref.SOL_SOCKET,
                                  ref.SO_RCVBUF, value)

    def test_address_errors_like_builtin(self):
        for addr in ('x', (1,), (1, 2, 3), ('a', 2), [1, 2], (1.0, 2),
                     None, (2 ** 32, 2)):
            for method in ('bind', 'connect_ex'):
                r, g = self.pair()
                self.assertSameMethod(r, g, method, addr)

    def test_bind_like_builtin(self):
        # Unsigned ints without range checks: -1 is VMADDR_CID_ANY and
        # VMADDR_PORT_ANY.
        for addr in ((ref.VMADDR_CID_ANY, ref.VMADDR_PORT_ANY), (-1, -1)):
            r, g = self.pair()
            rv, _ = self.assertSameMethod(r, g, 'bind', addr)
            if rv is None:
                ra, ga = r.getsockname(), g.getsockname()
                self.assertEqual(ra[0], ga[0])
                self.assertEqual(support.shape(ra), support.shape(ga))
                self.assertNotEqual(ga[1], gs.VMADDR_PORT_ANY)
                self.assertSameMethod(r, g, 'listen', 1)
                self.assertSameMethod(r, g, 'bind', addr)


if __name__ == '__main__':
    unittest.main()
