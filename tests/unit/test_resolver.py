"""Name resolution: getaddrinfo, getnameinfo, gethostby*, getserv*,
getprotobyname, getfqdn, gethostname.

Only numeric addresses, 'localhost' (from /etc/hosts) and names under the
reserved .invalid domain are looked up, so no test depends on the network.
"""

import unittest

if __package__:
    from . import support
else:
    import support

gs, ref, std = support.gs, support.ref, support.std
PY2 = support.PY2

UNKNOWN = 'nonexistent.invalid'


class GetaddrinfoTest(support.TestCase):

    def test_numeric_ipv4_host_all_socket_types(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80)

    def test_port_object_with_index(self):
        # 3.14 takes any object with __index__ as the port (its decimal
        # text), before it an OSError 'Int or String expected'
        class Port(object):
            def __init__(self, v):
                self.v = v

            def __index__(self):
                return self.v
        for v in (80, 0, 2 ** 40):
            self.assertSameCall('getaddrinfo', '127.0.0.1', Port(v), 0, ref.SOCK_STREAM)

    def test_returns_list_of_5_tuples_with_int_fields(self):
        res = gs.getaddrinfo('127.0.0.1', 8080, gs.AF_INET, gs.SOCK_STREAM)
        self.assertIsInstance(res, list)
        self.assertTrue(res)
        for family, socktype, proto, canonname, sockaddr in res:
            self.assertEqual(family, gs.AF_INET)
            self.assertEqual(socktype, gs.SOCK_STREAM)
            self.assertIsInstance(proto, support.INT_TYPES)
            self.assertIsInstance(canonname, str)
            self.assertEqual(sockaddr, ('127.0.0.1', 8080))

    def test_family_type_proto_filters(self):
        cases = [
            ('127.0.0.1', 80, ref.AF_INET, ref.SOCK_STREAM),
            ('127.0.0.1', 80, ref.AF_INET, ref.SOCK_DGRAM),
            ('127.0.0.1', 80, ref.AF_INET, ref.SOCK_DGRAM, ref.IPPROTO_UDP),
            ('127.0.0.1', 80, 0, ref.SOCK_STREAM, ref.IPPROTO_TCP),
            ('127.0.0.1', 80, ref.AF_UNSPEC, 0, 0, 0),
        ]
        for args in cases:
            self.assertSameCall('getaddrinfo', *args)

    def test_localhost_resolves(self):
        self.assertSameCall('getaddrinfo', 'localhost', 80, ref.AF_INET,
                            ref.SOCK_STREAM)
        self.assertSameCall('getaddrinfo', 'localhost', 80, ref.AF_INET)

    def test_service_given_as_string_or_name(self):
        for port in ('80', 'http', '8080', '0'):
            self.assertSameCall('getaddrinfo', '127.0.0.1', port,
                                ref.AF_INET, ref.SOCK_STREAM)

    def test_port_none_gives_port_zero(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', None, ref.AF_INET,
                            ref.SOCK_STREAM)

    def test_host_none_gives_loopback_or_any_with_ai_passive(self):
        self.assertSameCall('getaddrinfo', None, 80, ref.AF_INET,
                            ref.SOCK_STREAM)
        self.assertSameCall('getaddrinfo', None, 80, ref.AF_INET,
                            ref.SOCK_STREAM, 0, ref.AI_PASSIVE)

    def test_ai_canonname_fills_canonical_name(self):
        self.assertSameCall('getaddrinfo', 'localhost', 80, ref.AF_INET,
                            ref.SOCK_STREAM, 0, ref.AI_CANONNAME)

    def test_ai_numerichost_rejects_names(self):
        self.assertSameCall('getaddrinfo', 'localhost', 80, ref.AF_INET,
                            ref.SOCK_STREAM, 0, ref.AI_NUMERICHOST)
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80, ref.AF_INET,
                            ref.SOCK_STREAM, 0, ref.AI_NUMERICHOST)

    def test_ai_numericserv_rejects_service_names(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 'http', ref.AF_INET,
                            ref.SOCK_STREAM, 0, ref.AI_NUMERICSERV)

    def test_ipv6_numeric_host_gives_4_tuple_sockaddr(self):
        self.assertSameCall('getaddrinfo', '::1', 80, ref.AF_INET6,
                            ref.SOCK_STREAM)
        self.assertSameCall('getaddrinfo', '::1', 80)
        res = gs.getaddrinfo('::1', 80, gs.AF_INET6, gs.SOCK_STREAM)
        self.assertEqual(res[0][4], ('::1', 80, 0, 0))

    def test_family_mismatch_raises_gaierror(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80, ref.AF_INET6)
        self.assertSameCall('getaddrinfo', '::1', 80, ref.AF_INET)

    def test_unknown_host_raises_gaierror_with_errno_and_message(self):
        self.assertSameCall('getaddrinfo', UNKNOWN, 80)
        try:
            gs.getaddrinfo(UNKNOWN, 80)
        except gs.gaierror as e:
            self.assertIsInstance(e.errno, int)
            self.assertEqual(e.args[0], e.errno)
        else:
            self.fail('gaierror not raised')

    def test_unknown_service_raises_gaierror(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 'nosuchservice',
                            ref.AF_INET, ref.SOCK_STREAM)

    def test_bad_family_and_socktype_raise_gaierror(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80, 999)
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80, ref.AF_INET, 999)

    def test_no_host_and_no_port_raises_gaierror(self):
        self.assertSameCall('getaddrinfo', None, None)
        self.assertSameCall('getaddrinfo', '', 80)

    def test_port_out_of_range_matches_builtin(self):
        for port in (65535, 65536, 70000, -1):
            self.assertSameCall('getaddrinfo', '127.0.0.1', port,
                                ref.AF_INET, ref.SOCK_STREAM)

    def test_host_and_port_types_like_builtin(self):
        for host, port in ((b'127.0.0.1', 80), ('127.0.0.1', b'80'),
                           (u'127.0.0.1', u'80'), (127, 80),
                           ('127.0.0.1', 1.5), ('127.0.0.1', [80])):
            self.assertSameCall('getaddrinfo', host, port, ref.AF_INET,
                                ref.SOCK_STREAM)

    def test_non_int_family_raises_typeerror(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80, 'x')

    def test_keyword_arguments_like_builtin(self):
        self.assertSameCall('getaddrinfo', '127.0.0.1', 80,
                            family=ref.AF_INET, type=ref.SOCK_STREAM)
        self.assertSameCall('getaddrinfo', host='127.0.0.1', port=80,
                            proto=ref.IPPROTO_TCP, flags=0)


class GetnameinfoTest(support.TestCase):

    def test_numeric_host_and_service(self):
        flags = ref.NI_NUMERICHOST | ref.NI_NUMERICSERV
        self.assertSameCall('getnameinfo', ('127.0.0.1', 80), flags)
        self.assertEqual(gs.getnameinfo(('127.0.0.1', 80), flags),
                         ('127.0.0.1', '80'))

    def test_reverse_lookup_of_loopback_and_service_name(self):
        self.assertSameCall('getnameinfo', ('127.0.0.1', 80), 0)
        self.assertSameCall('getnameinfo', ('127.0.0.1', 22),
                            ref.NI_NUMERICHOST)
        self.assertSameCall('getnameinfo', ('127.0.0.1', 53),
                            ref.NI_NUMERICHOST | ref.NI_DGRAM)
        self.assertSameCall('getnameinfo', ('127.0.0.1', 80),
                            ref.NI_NAMEREQD)

    def test_ipv6_sockaddr(self):
        flags = ref.NI_NUMERICHOST | ref.NI_NUMERICSERV
        for sa in (('::1', 80), ('::1', 80, 0), ('::1', 80, 0, 0),
                   ('::1', 443, 5, 0)):
            self.assertSameCall('getnameinfo', sa, flags)

    def test_hostname_in_sockaddr_like_builtin(self):
        self.assertSameCall('getnameinfo', ('localhost', 80), 0)
        self.assertSameCall('getnameinfo', (UNKNOWN, 80), 0)

    def test_bad_sockaddr_like_builtin(self):
        for sa in (('127.0.0.1', 80, 0), ('127.0.0.1',), '127.0.0.1',
                   ('127.0.0.1', 'http'), (1, 80), ('127.0.0.1', 70000),
                   ('::1', 80, 2 ** 20), ('::1', 80, 0, 0, 0), None):
            self.assertSameCall('getnameinfo', sa, 0)

    def test_bad_flags_like_builtin(self):
        self.assertSameCall('getnameinfo', ('127.0.0.1', 80), 'x')
        self.assertSameCall('getnameinfo', ('127.0.0.1', 80), None)


class GethostbyTest(support.TestCase):

    def test_gethostbyname_localhost_and_numeric(self):
        for name in ('localhost', '127.0.0.1', '127.1', '0.0.0.0',
                     '255.255.255.255'):
            self.assertSameCall('gethostbyname', name)
        self.assertEqual(gs.gethostbyname('127.0.0.1'), '127.0.0.1')

    def test_gethostbyname_special_names(self):
        # '' means INADDR_ANY and '<broadcast>' INADDR_BROADCAST
        self.assertSameCall('gethostbyname', '')
        self.assertSameCall('gethostbyname', '<broadcast>')

    def test_gethostbyname_unknown_raises_gaierror(self):
        self.assertSameCall('gethostbyname', UNKNOWN)

    def test_gethostbyname_argument_types_like_builtin(self):
        for v in (b'localhost', u'localhost', None, 127):
            self.assertSameCall('gethostbyname', v)

    def test_gethostbyname_ex(self):
        for name in ('localhost', '127.0.0.1', UNKNOWN):
            self.assertSameCall('gethostbyname_ex', name)

    def test_gethostbyaddr(self):
        for name in ('127.0.0.1', 'localhost', UNKNOWN):
            self.assertSameCall('gethostbyaddr', name)

    def test_gethostbyaddr_argument_types_like_builtin(self):
        for v in (None, 127, b'127.0.0.1'):
            self.assertSameCall('gethostbyaddr', v)

    def test_gethostname(self):
        self.assertSameCall('gethostname')
        self.assertIs(type(gs.gethostname()), str)

    def test_gethostname_takes_no_arguments(self):
        self.assertSameCall('gethostname', 'x')


class GetfqdnTest(support.TestCase):

    def test_getfqdn_matches_socket_module(self):
        for args in ((), ('',), ('localhost',), ('127.0.0.1',), (UNKNOWN,)):
            self.assertSameCall('getfqdn', *args)


class ServicesTest(support.TestCase):

    def test_getservbyname(self):
        for args in (('http', 'tcp'), ('http',), ('domain', 'udp'),
                     ('ssh', 'tcp'), ('https', 'tcp')):
            self.assertSameCall('getservbyname', *args)
        self.assertEqual(gs.getservbyname('http', 'tcp'), 80)

    def test_getservbyname_not_found_raises_error(self):
        for args in (('nosuchservice', 'tcp'), ('http', 'nosuchproto'),
                     ('nosuchservice',)):
            self.assertSameCall('getservbyname', *args)

    def test_getservbyname_argument_types_like_builtin(self):
        for args in ((80,), (None,), ('http', 6), ()):
            self.assertSameCall('getservbyname', *args)

    def test_getservbyport(self):
        for args in ((80, 'tcp'), (80,), (53, 'udp'), (22,), (443, 'tcp')):
            self.assertSameCall('getservbyport', *args)
        self.assertEqual(gs.getservbyport(80, 'tcp'), 'http')

    def test_getservbyport_not_found_raises_error(self):
        self.assertSameCall('getservbyport', 0)
        self.assertSameCall('getservbyport', 80, 'nosuchproto')

    def test_getservbyport_out_of_range_raises_overflowerror(self):
        for port in (-1, 65536, 2 ** 40):
            self.assertSameCall('getservbyport', port)

    def test_getservbyport_argument_types_like_builtin(self):
        for args in (('80',), (80.0,), (None,), (80, 6)):
            self.assertSameCall('getservbyport', *args)

    def test_getprotobyname(self):
        for name in ('tcp', 'udp', 'icmp', 'ip', 'ipv6-icmp'):
            self.assertSameCall('getprotobyname', name)
        self.assertEqual(gs.getprotobyname('tcp'), gs.IPPROTO_TCP)

    def test_getprotobyname_unknown_raises_error(self):
        self.assertSameCall('getprotobyname', 'nosuchproto')

    def test_getprotobyname_argument_types_like_builtin(self):
        self.assertSameCall('getprotobyname', 6)
        self.assertSameCall('getprotobyname', None)


if __name__ == '__main__':
    unittest.main()
