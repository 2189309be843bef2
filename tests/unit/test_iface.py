"""Network interfaces and the host name: if_nameindex, if_nametoindex,
if_indextoname and sethostname (3.x), and IPv6 scope ids given by number
or by interface name ('%ifname') to getaddrinfo, getnameinfo, bind and
connect.  Everything is compared with the built-in module."""

import errno
import os
import sys
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2

IFACE_FUNCTIONS = ('if_nameindex', 'if_nametoindex', 'if_indextoname')


def interfaces():
    """[(index, name)] as the kernel lists them: from the built-in
    if_nameindex where there is one, else from /sys/class/net (2.7)."""
    if hasattr(ref, 'if_nameindex'):
        return ref.if_nameindex()
    out = []
    base = '/sys/class/net'
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else ():
        try:
            with open(os.path.join(base, name, 'ifindex')) as f:
                out.append((int(f.read()), name))
        except (IOError, OSError, ValueError):
            pass
    return sorted(out)


class PresenceTest(support.TestCase):

    def test_functions_present_as_in_builtin(self):
        for name in IFACE_FUNCTIONS + ('sethostname',):
            self.assertEqual(hasattr(ref, name), hasattr(gs, name),
                             '%s: built-in has it: %s'
                             % (name, hasattr(ref, name)))


@unittest.skipUnless(hasattr(ref, 'if_nameindex'),
                     'the built-in module has no if_nameindex')
class InterfaceTest(support.TestCase):

    def test_if_nameindex_like_builtin(self):
        self.assertSameCall('if_nameindex')
        lst = gs.if_nameindex()
        self.assertIsInstance(lst, list)
        self.assertTrue(lst, 'no interfaces listed (not even lo)')
        for index, name in lst:
            self.assertIsInstance(index, int)
            self.assertIsInstance(name, str)
            self.assertGreater(index, 0)

    def test_if_nameindex_takes_no_arguments(self):
        self.assertSameCall('if_nameindex', 1)

    def test_round_trip_over_every_interface(self):
        for index, name in ref.if_nameindex():
            self.assertSameCall('if_nametoindex', name)
            self.assertSameCall('if_nametoindex', name.encode('ascii'))
            self.assertSameCall('if_indextoname', index)
            self.assertEqual(gs.if_nametoindex(name), index)
            self.assertEqual(gs.if_indextoname(index), name)

    def test_if_nametoindex_arguments_like_builtin(self):
        for args in (('_DEADBEEF',), (b'_DEADBEEF',), ('',), ('x' * 15,),
                     ('x' * 16,), ('x' * 100,), (u'\xe9t\xe9',),
                     ('lo\0',), (b'lo\0',), (0,), (None,), (1.5,),
                     (bytearray(b'lo'),), (memoryview(b'lo'),), (),
                     ('lo', 'lo')):
            self.assertSameCall('if_nametoindex', *args)

    def test_if_nametoindex_path_like(self):
        try:
            import pathlib
        except ImportError:
            self.skipTest('no pathlib')
        name = ref.if_nameindex()[0][1]
        self.assertSameCall('if_nametoindex', pathlib.PurePath(name))

    def test_if_nametoindex_miss_is_oserror_without_errno(self):
        # Up to 3.13 OSError with a message and no errno; 3.14+ raises it
        # from the C library's errno, ENODEV.
        with self.assertRaises(OSError) as cm:
            gs.if_nametoindex('_DEADBEEF')
        if sys.version_info >= (3, 14):
            self.assertEqual(cm.exception.args, (errno.ENODEV, os.strerror(errno.ENODEV)))
            self.assertEqual(cm.exception.errno, errno.ENODEV)
            return
        self.assertEqual(cm.exception.args, ('no interface with this name',))
        self.assertIsNone(cm.exception.errno)

    def test_if_indextoname_arguments_like_builtin(self):
        # Includes the values above UINT_MAX that 3.13 refuses and older
        # versions truncate (2**64-1 ends in SystemError there, as in the
        # built-in module).
        known = dict(ref.if_nameindex())
        values = [0, -1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 64 - 1, 2 ** 64,
                  2 ** 1000, True, False, '_DEADBEEF', 1.0, None, b'1']
        values += [i + 2 ** 32 for i in known]
        for v in values:
            self.assertSameCall('if_indextoname', v)
        self.assertSameCall('if_indextoname')
        self.assertSameCall('if_indextoname', 1, 2)

    def test_if_indextoname_miss_is_enxio(self):
        known = dict(ref.if_nameindex())
        missing = 99999
        while missing in known:
            missing += 1
        import errno
        self.assertRaisesErrno(OSError, errno.ENXIO, gs.if_indextoname,
                               missing)


@unittest.skipUnless(hasattr(ref, 'sethostname'),
                     'the built-in module has no sethostname')
class SethostnameTest(support.TestCase):

    def keep_hostname(self):
        old = ref.gethostname()
        self.addCleanup(ref.sethostname, old)
        return old

    def test_argument_errors_like_builtin(self):
        # None of these changes the host name: they fail before or in the
        # system call.
        self.keep_hostname()
        for args in ((), (1,), (None,), (bytearray(b'x'),),
                     (memoryview(b'x'),), ('a\0b',), ('x' * 100,),
                     (b'x' * 65,), ('a', 'b')):
            self.assertSameCall('sethostname', *args)

    def test_sets_the_host_name_like_builtin(self):
        old = self.keep_hostname()
        if os.geteuid() != 0:
            # Both refuse with EPERM, and nothing changes.
            self.assertSameCall('sethostname', old)
            return
        values = ['gosocket-test', b'gosocket-bytes', 'y' * 64, u'h\xe9',
                  b'a\0b', '']
        try:
            import pathlib
            values.append(pathlib.PurePath('gosocket-path'))
        except ImportError:
            pass
        for v in values:
            ref.sethostname(v)
            want = ref.gethostname()
            ref.sethostname(old)
            self.assertIsNone(gs.sethostname(v))
            self.assertEqual(want, ref.gethostname(),
                             'host name after sethostname(%r)' % (v,))
            ref.sethostname(old)


@unittest.skipUnless(support.HAVE_IPV6_LOOPBACK, 'no IPv6')
class ScopeIdTest(support.TestCase):
    """Scope ids: numeric and by name in getaddrinfo, reported by name by
    getnameinfo, and as 4-tuple members (the '%scope' of the host is the
    resolver's, the tuple's scope id is what bind/connect use)."""

    def setUp(self):
        self.ifaces = interfaces()
        if not self.ifaces:
            self.skipTest('no network interfaces listed')

    def test_getaddrinfo_symbolic_and_numeric_scope(self):
        for index, name in self.ifaces:
            for host in ('ff02::1de:c0:face:8D%' + name,
                         'fe80::1%' + name, 'fe80::1%%%d' % index):
                self.assertSameCall('getaddrinfo', host, 1234, ref.AF_INET6,
                                    ref.SOCK_DGRAM, ref.IPPROTO_UDP)
                self.assertSameCall('getaddrinfo', host, None, 0, 0, 0,
                                    ref.AI_NUMERICHOST)
            infos = gs.getaddrinfo('ff02::1de:c0:face:8D%' + name, 1234,
                                   gs.AF_INET6, gs.SOCK_DGRAM,
                                   gs.IPPROTO_UDP)
            # 2.7 and 3.6 write hosts with getnameinfo, which keeps the
            # scope; 3.7+ with inet_ntop.
            host = 'ff02::1de:c0:face:8d'
            if support.PYVER < (3, 7):
                host += '%' + name
            self.assertEqual(infos[0][4], (host, 1234, 0, index))
        for host in ('fe80::1%_no_such_if', '::1%lo', 'fe80::1%4294967295',
                     'fe80::1%4294967296', 'fe80::1%', '%lo'):
            self.assertSameCall('getaddrinfo', host, 80, ref.AF_INET6)

    def test_getnameinfo_names_the_scope(self):
        flags = ref.NI_NUMERICHOST | ref.NI_NUMERICSERV
        index, name = self.ifaces[0]
        for sa in (('ff02::1de:c0:face:8D', 1234, 0, index),
                   ('fe80::1', 80, 0, index), ('fe80::1', 80, 0, 99999),
                   ('fe80::1%' + name, 80, 0, 0), ('fe80::1%' + name, 80),
                   ('2001:db8::1', 80, 0, index), ('fe80::1', 80, 0, 0)):
            self.assertSameCall('getnameinfo', sa, flags)
        self.assertEqual(
            gs.getnameinfo(('ff02::1de:c0:face:8D', 1234, 0, index), flags),
            ('ff02::1de:c0:face:8d%' + name, '1234'))

    def test_bind_and_connect_with_scopes_like_builtin(self):
        index, name = self.ifaces[0]
        for addr in (('fe80::1%' + name, 0), ('fe80::1%' + name, 0, 0, index),
                     ('fe80::1', 0, 0, index), ('fe80::1%%%d' % index, 0),
                     ('::1%' + name, 0), ('ff02::1%' + name, 0),
                     ('::1', 0, 0, index)):
            for method in ('bind', 'connect', 'connect_ex'):
                r = self.sock(ref, ref.AF_INET6, ref.SOCK_DGRAM)
                g = self.sock(gs, gs.AF_INET6, gs.SOCK_DGRAM)
                rv, _ = self.assertSameMethod(r, g, method, addr)
                if rv in (None, 0):
                    # Ephemeral ports differ; the rest must not.
                    ra, ga = r.getsockname(), g.getsockname()
                    self.assertSameValue('getsockname() after %s(%r)'
                                         % (method, addr),
                                         ra[:1] + ra[2:], ga[:1] + ga[2:])


if __name__ == '__main__':
    unittest.main()
