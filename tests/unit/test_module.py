"""Module-level API: constants, exception classes, socket type, byte
order helpers and inet_* address conversion."""

import sys
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2

REQUIRED_PREFIXES = ('AF_', 'SOCK_', 'SO_', 'SOMAXCONN', 'MSG_', 'SOL_',
                     'IPPROTO_', 'IPPORT_', 'INADDR_', 'IP_', 'IPV6_',
                     'EAI_', 'AI_', 'NI_', 'TCP_', 'SHUT_')


def builtin_int_constants():
    out = {}
    for name in dir(ref):
        value = getattr(ref, name)
        if (name.isupper() and isinstance(value, support.INT_TYPES)
                and not isinstance(value, bool)):
            out[name] = value
    return out


class ConstantsTest(support.TestCase):

    def test_required_constant_families_exist_with_builtin_values(self):
        missing, wrong = [], []
        for name, value in sorted(builtin_int_constants().items()):
            if not name.startswith(REQUIRED_PREFIXES):
                continue
            if name in support.absent_constants():
                continue  # no header of this build host defines it
            if not hasattr(gs, name):
                missing.append(name)
            elif getattr(gs, name) != value:
                wrong.append('%s=%r (built-in %r)'
                             % (name, getattr(gs, name), value))
        self.assertEqual([], missing, 'constants missing from gosocket: %s'
                         % ' '.join(missing))
        self.assertEqual([], wrong, 'constants with wrong values: %s'
                         % ', '.join(wrong))

    def test_required_constants_are_plain_ints(self):
        bad = []
        for name in builtin_int_constants():
            if name.startswith(REQUIRED_PREFIXES) and hasattr(gs, name):
                v = getattr(gs, name)
                if (not isinstance(v, support.INT_TYPES)
                        or isinstance(v, bool)):
                    bad.append('%s: %s' % (name, type(v).__name__))
        self.assertEqual([], bad)

    def test_every_exported_constant_matches_builtin_value(self):
        # Constants outside the required families are optional, but any
        # that gosocket exports must carry the built-in value.
        wrong = []
        for name, value in sorted(builtin_int_constants().items()):
            if hasattr(gs, name) and getattr(gs, name) != value:
                wrong.append('%s=%r (built-in %r)'
                             % (name, getattr(gs, name), value))
        self.assertEqual([], wrong)

    def test_common_constants_usable_as_socket_arguments(self):
        for name in ('AF_INET', 'AF_INET6', 'AF_UNIX', 'SOCK_STREAM',
                     'SOCK_DGRAM', 'SOL_SOCKET', 'SO_REUSEADDR',
                     'IPPROTO_TCP', 'TCP_NODELAY', 'SHUT_RDWR', 'MSG_PEEK',
                     'SOMAXCONN', 'AI_PASSIVE', 'NI_NUMERICHOST'):
            self.assertSameValue(name, getattr(ref, name),
                                 getattr(gs, name))

    def test_has_ipv6_matches_builtin(self):
        self.assertSameValue('has_ipv6', ref.has_ipv6, gs.has_ipv6)


class SocketTypeTest(support.TestCase):

    def test_socket_is_a_class(self):
        self.assertIsInstance(gs.socket, type)

    def test_sockettype_is_the_c_type(self):
        # socket.SocketType is _socket.socket; on 3.x socket.socket subclasses
        # it, on 2.7 (gosocket) the two are one type.
        self.assertIs(gs.SocketType, gs._socket.socket)
        self.assertTrue(issubclass(gs.socket, gs.SocketType))
        if not PY2:
            self.assertIsNot(gs.socket, gs.SocketType)
            self.assertIs(std.SocketType, ref.socket)

    @unittest.skipIf(PY2, '3.x: socket.socket is an ordinary class')
    def test_socket_class_can_be_patched_c_type_cannot(self):
        # mock.patch.object(socket.socket, ...) works on socket.py's class;
        # the C type refuses new attributes, as _socket.socket does.
        for M, C in ((std, ref), (gs, gs._socket)):
            orig = M.socket.getsockname
            M.socket.getsockname = lambda self: ('patched', 0)
            try:
                s = M.socket()
                self.track(s)
                self.assertEqual(s.getsockname(), ('patched', 0))
            finally:
                M.socket.getsockname = orig
            with self.assertRaises(TypeError):
                C.socket.foo = 1

    @unittest.skipUnless(sys.version_info >= (3, 12), '3.12+: _socket.socket is a heap type')
    def test_c_type_is_gc_tracked_from_312(self):
        import gc
        self.assertTrue(gc.is_tracked(ref.socket))
        self.assertTrue(gc.is_tracked(gs._socket.socket))

    @unittest.skipIf(support.BUILTIN, 'gosocket only: the stand-in layers are two modules')
    def test_underscore_socket_module(self):
        import importlib
        self.assertIs(importlib.import_module(gs.__name__ + '._socket'), gs._socket)
        for name in ('AF_INET', 'getaddrinfo', 'error', 'timeout', 'CAPI'):
            self.assertIs(getattr(gs._socket, name), getattr(gs, name))
        # _socket.socketpair gives _socket.socket objects, which socket.py's
        # socketpair wraps in its class (and its audit events come from that).
        pair = gs._socket.socketpair()
        for s in pair:
            self.track(s)
            self.assertIs(type(s), gs._socket.socket)
        for s in ref.socketpair():
            self.track(s)
            self.assertIs(type(s), ref.socket)

    def test_socket_class_can_be_subclassed(self):
        # socket.py and user code subclass the socket type.
        class RefSub(ref.socket):
            pass

        class Sub(gs.socket):
            pass

        self.track(RefSub())
        s = self.track(Sub())
        self.assertIsInstance(s, gs.socket)
        self.assertEqual(s.family, gs.AF_INET)


class ExceptionsTest(support.TestCase):

    def test_error_is_oserror_on_py3(self):
        if PY2:
            self.skipTest('Python 3 only')
        self.assertIs(gs.error, OSError)

    def test_error_derives_from_ioerror_on_py2(self):
        if not PY2:
            self.skipTest('Python 2 only')
        self.assertTrue(issubclass(gs.error, IOError))
        self.assertEqual(gs.error.__name__, 'error')

    def test_herror_and_gaierror_derive_from_error(self):
        for name in ('herror', 'gaierror'):
            cls = getattr(gs, name)
            self.assertTrue(issubclass(cls, gs.error), name)
            self.assertIsNot(cls, gs.error)
            self.assertEqual(cls.__name__, getattr(ref, name).__name__)
            self.assertEqual(len(cls.__bases__), 1)
            self.assertIs(support.gs_exception_class(
                getattr(ref, name).__bases__[0]), cls.__bases__[0])

    def test_timeout_class_matches_interpreter(self):
        builtins = sys.modules['__builtin__' if PY2 else 'builtins']
        timeouterror = getattr(builtins, 'TimeoutError', None)
        if timeouterror is not None and ref.timeout is timeouterror:
            # 3.10+: socket.timeout is an alias of TimeoutError
            self.assertIs(gs.timeout, timeouterror)
        else:
            self.assertIsNot(gs.timeout, timeouterror)
            self.assertEqual(gs.timeout.__name__, 'timeout')
            self.assertEqual(gs.timeout.__bases__, (gs.error,))
        self.assertTrue(issubclass(gs.timeout, gs.error))
        if not PY2:
            self.assertTrue(issubclass(gs.timeout, OSError))

    def test_gaierror_carries_errno_and_strerror(self):
        r = ref.gaierror(ref.EAI_NONAME, 'Name or service not known')
        g = gs.gaierror(gs.EAI_NONAME, 'Name or service not known')
        self.assertEqual(r.args, g.args)
        self.assertEqual(r.errno, g.errno)
        self.assertEqual(r.strerror, g.strerror)
        self.assertEqual(str(r), str(g))

    def test_herror_carries_errno_and_strerror(self):
        r = ref.herror(1, 'Unknown host')
        g = gs.herror(1, 'Unknown host')
        self.assertEqual((r.args, r.errno, r.strerror, str(r)),
                         (g.args, g.errno, g.strerror, str(g)))

    def test_error_with_errno_maps_to_oserror_subclass_on_py3(self):
        if PY2:
            self.skipTest('Python 3 only')
        import errno
        self.assertIs(type(gs.error(errno.ECONNREFUSED, 'x')),
                      ConnectionRefusedError)  # noqa: F821

    def test_exceptions_are_catchable_as_error(self):
        for name in ('herror', 'gaierror', 'timeout'):
            try:
                raise getattr(gs, name)('x')
            except gs.error as e:
                self.assertEqual(e.args, ('x',))


class ByteOrderTest(support.TestCase):

    SHORTS = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x1234, 0x7fff, 0x8000,
              0xfffe, 0xffff]
    LONGS = [0, 1, 0xff, 0x1234, 0x12345678, 0x7fffffff, 0x80000000,
             0xfffffffe, 0xffffffff]

    def test_htons_ntohs_match_builtin(self):
        for v in self.SHORTS:
            self.assertSameCall('htons', v)
            self.assertSameCall('ntohs', v)

    def test_htonl_ntohl_match_builtin(self):
        for v in self.LONGS:
            self.assertSameCall('htonl', v)
            self.assertSameCall('ntohl', v)

    def test_byte_order_round_trips(self):
        for v in self.SHORTS:
            self.assertEqual(gs.ntohs(gs.htons(v)), v)
        for v in self.LONGS:
            self.assertEqual(gs.ntohl(gs.htonl(v)), v)

    def test_host_to_network_swaps_bytes_on_little_endian(self):
        if sys.byteorder != 'little':
            self.skipTest('big-endian host')
        self.assertEqual(gs.htons(0x1234), 0x3412)
        self.assertEqual(gs.htonl(0x12345678), 0x78563412)

    def test_out_of_range_values_match_builtin(self):
        for name in ('htons', 'ntohs'):
            for v in (-1, 0x10000, 0x12345, 2 ** 32, 2 ** 64, -2 ** 63):
                self.assertSameCall(name, v)
        for name in ('htonl', 'ntohl'):
            for v in (-1, 2 ** 32, 2 ** 32 + 5, 2 ** 64):
                self.assertSameCall(name, v)

    def test_non_integers_rejected_like_builtin(self):
        for name in ('htons', 'ntohs', 'htonl', 'ntohl'):
            for v in ('1', None, 1.5, b'\x01'):
                self.assertSameCall(name, v)


class InetAtonNtoaTest(support.TestCase):

    def test_inet_aton_dotted_quad(self):
        for s in ('127.0.0.1', '1.2.3.4', '0.0.0.0', '255.255.255.255',
                  '10.0.0.255', '192.168.1.1'):
            self.assertSameCall('inet_aton', s)
        self.assertEqual(gs.inet_aton('1.2.3.4'), b'\x01\x02\x03\x04')

    def test_inet_aton_accepts_classic_shorthand_forms(self):
        for s in ('127.1', '10.1.2', '2130706433', '0x7f.0.0.1', '0x7f000001',
                  '017.0.0.1', '1.2.3.4 trailing', '1.2.3.4\n'):
            self.assertSameCall('inet_aton', s)

    def test_inet_aton_rejects_invalid_strings_like_builtin(self):
        for s in ('', 'x', '1.2.3.4.5', '256.1.1.1', '1.2.3.256',
                  '1..2.3', '-1.2.3.4', '::1', '1.2.3.4x', ' 1.2.3.4',
                  '0x100000000', '1.2.0x1000000'):
            self.assertSameCall('inet_aton', s)

    def test_inet_aton_argument_types_like_builtin(self):
        for v in (b'1.2.3.4', u'1.2.3.4', bytearray(b'1.2.3.4'), None, 1):
            self.assertSameCall('inet_aton', v)

    def test_inet_ntoa(self):
        for b in (b'\x7f\x00\x00\x01', b'\x01\x02\x03\x04', b'\x00' * 4,
                  b'\xff' * 4):
            self.assertSameCall('inet_ntoa', b)
        self.assertEqual(gs.inet_ntoa(b'\x01\x02\x03\x04'), '1.2.3.4')
        self.assertIs(type(gs.inet_ntoa(b'\x01\x02\x03\x04')), str)

    def test_inet_ntoa_wrong_length_like_builtin(self):
        for b in (b'', b'abc', b'abcde', b'\x00' * 16):
            self.assertSameCall('inet_ntoa', b)

    def test_inet_ntoa_argument_types_like_builtin(self):
        for v in (bytearray(b'\x01\x02\x03\x04'), u'abcd', None, 1234,
                  memoryview(b'\x01\x02\x03\x04')):
            self.assertSameCall('inet_ntoa', v)


class InetPtonNtopTest(support.TestCase):

    V4 = ('127.0.0.1', '0.0.0.0', '255.255.255.255', '1.2.3.4')
    V6 = ('::', '::1', '1::', 'fe80::1', '::ffff:1.2.3.4', '::ffff:7f00:1',
          '2001:db8::8:800:200c:417a', '2001:DB8:0:0:0:0:0:1',
          '2001:db8:0:0:1:0:0:1', '1:2:3:4:5:6:7:8', '1:0:2:3:4:5:6:7',
          '::1.2.3.4', '::ffff:0:0', 'ff02::1:ff00:1', '1:2:3:4:5:6:1.2.3.4',
          '0:0:0:0:0:0:0:0', '64:ff9b::1.2.3.4')

    def test_inet_pton_ipv4(self):
        for s in self.V4:
            self.assertSameCall('inet_pton', ref.AF_INET, s)

    def test_inet_pton_ipv4_is_strict(self):
        # unlike inet_aton, no shorthand forms
        for s in ('127.1', '1.2.3', '1.2.3.4.5', '256.0.0.1', '', '01.2.3.4',
                  '0x1.2.3.4', '1.2.3.4 ', 'x'):
            self.assertSameCall('inet_pton', ref.AF_INET, s)

    def test_inet_pton_ipv6(self):
        for s in self.V6:
            self.assertSameCall('inet_pton', ref.AF_INET6, s)

    def test_inet_pton_ipv6_rejects_invalid_like_builtin(self):
        for s in ('', ':', ':::', '1:::2', '1::2::3', '12345::', 'g::1',
                  '1:2:3:4:5:6:7:8:9', '::1%lo', '1.2.3.4', '::1.2.3',
                  '[::1]'):
            self.assertSameCall('inet_pton', ref.AF_INET6, s)

    def test_inet_ntop_ipv4(self):
        for b in (b'\x7f\x00\x00\x01', b'\x00' * 4, b'\xff' * 4):
            self.assertSameCall('inet_ntop', ref.AF_INET, b)

    def test_inet_ntop_ipv6_formats_like_builtin(self):
        # compression, lower case, embedded IPv4 forms as produced by libc
        for s in self.V6:
            packed = ref.inet_pton(ref.AF_INET6, s)
            self.assertSameCall('inet_ntop', ref.AF_INET6, packed)
        self.assertEqual(gs.inet_ntop(gs.AF_INET6, b'\x00' * 15 + b'\x01'),
                         '::1')

    def test_inet_ntop_wrong_length_raises_valueerror_like_builtin(self):
        for fam in (ref.AF_INET, ref.AF_INET6):
            for b in (b'', b'abc', b'abcde', b'\x00' * 15, b'\x00' * 17):
                self.assertSameCall('inet_ntop', fam, b)

    def test_unknown_family_like_builtin(self):
        self.assertSameCall('inet_pton', 999, '1.2.3.4')
        self.assertSameCall('inet_ntop', 999, b'\x01\x02\x03\x04')
        self.assertSameCall('inet_pton', ref.AF_UNIX, '1.2.3.4')

    def test_argument_types_like_builtin(self):
        self.assertSameCall('inet_pton', ref.AF_INET, b'1.2.3.4')
        self.assertSameCall('inet_pton', ref.AF_INET, None)
        self.assertSameCall('inet_pton', '2', '1.2.3.4')
        self.assertSameCall('inet_ntop', ref.AF_INET,
                            bytearray(b'\x01\x02\x03\x04'))
        self.assertSameCall('inet_ntop', ref.AF_INET, u'abcd')
        self.assertSameCall('inet_ntop', ref.AF_INET, None)


if __name__ == '__main__':
    unittest.main()
