"""Argument conversions that CPython 3.14 and 3.15 changed: timeouts
(3.15 takes any real number), setsockopt's value (3.15 dispatches on its
type), the byte-order functions and if_indextoname (3.14's unsigned
converters), if_nametoindex's miss (3.14: errno ENODEV), and the argument
count and flags of send, sendall and sendmsg (3.15's Argument Clinic). On
every interpreter gosocket must give the built-in module's value or
exception class; from 3.14 on the message too, word for word."""

import sys
import unittest

if __package__:
    from . import support
else:
    import support

gs, ref = support.gs, support.ref
PY2 = support.PY2
NEW = sys.version_info >= (3, 14)


class Index(object):
    def __index__(self):
        return 3


class Real(object):
    def __float__(self):
        return 2.5


def reals():
    import decimal
    import fractions
    return [decimal.Decimal('11.125'), decimal.Decimal('nan'), fractions.Fraction(97, 8), Real(), Index(),
            True, 1e300, float('nan'), float('inf'), -1, -0.0, 'spam', 2 ** 1000, 10 ** 30, 0.5]


class ArgConvTest(support.TestCase):

    def same(self, what, ref_fn, gs_fn):
        rv, gv = self.assertSameOutcome(what, ref_fn, gs_fn)
        if NEW and isinstance(rv, BaseException):
            self.assertEqual(str(rv), str(gv), '%s: message differs' % what)

    def test_timeouts(self):
        self.restore_default_timeouts()
        a, b = self.sock(ref, timeout=None), self.sock(gs, timeout=None)
        for v in reals():
            self.same('setdefaulttimeout(%r)' % (v,), lambda: ref.setdefaulttimeout(v),
                      lambda: gs.setdefaulttimeout(v))
            self.assertSameValue('getdefaulttimeout() after %r' % (v,), ref.getdefaulttimeout(),
                                 gs.getdefaulttimeout())
            self.same('settimeout(%r)' % (v,), lambda: a.settimeout(v), lambda: b.settimeout(v))
            self.assertSameValue('gettimeout() after %r' % (v,), a.gettimeout(), b.gettimeout())

    @unittest.skipIf(PY2, '3.x setsockopt forms')
    def test_setsockopt_values(self):
        a, b = self.sock(ref), self.sock(gs)
        S, R = ref.SOL_SOCKET, ref.SO_REUSEADDR
        for args in [(S, R, 2 ** 100), (S, R, -2 ** 100), (S, 2 ** 100, 1), (2 ** 100, R, 1), (S, R, {}),
                     (S, R, None), (S, R, 1, 2), (S, R), (), (S, R, 1, 2, 3), (S, R, 2 ** 31),
                     (S, R, -2 ** 31 - 1), (S, R, 1.5), (S, R, Index()), (S, 1.5, 1), (1.5, R, 1),
                     (S, R, b'\x01\0\0\0'), (S, R, bytearray(4)), (S, R, None, 1.5), (S, R, True), (S, R, 'x')]:
            self.same('setsockopt%r' % (args,), lambda: a.setsockopt(*args), lambda: b.setsockopt(*args))

    def test_byte_order_and_indexes(self):
        for name in ('htons', 'ntohs', 'htonl', 'ntohl'):
            for v in (0, 1, 0xffff, 0x10000, 2 ** 32 - 1, 2 ** 32, 2 ** 64, -1, -2 ** 64, True, Index(), 1.5, 'x',
                      None):
                self.same('%s(%r)' % (name, v), lambda: ref_call(name, v), lambda: getattr(gs, name)(v))
        if PY2:
            return
        for v in (-1, 0, 2 ** 31, 2 ** 32, 2 ** 64, -2 ** 64, 1.5, 'x', Index(), None):
            self.same('if_indextoname(%r)' % (v,), lambda: ref.if_indextoname(v), lambda: gs.if_indextoname(v))
        for v in ('_DEADBEEF', '', b'lo', 5, None):
            self.same('if_nametoindex(%r)' % (v,), lambda: ref.if_nametoindex(v), lambda: gs.if_nametoindex(v))

    @unittest.skipIf(PY2, '3.x sendmsg')
    def test_send_counts_and_flags(self):
        a, a2 = ref.socketpair()
        b, b2 = gs.socketpair()
        for s in (a, a2, b, b2):
            self.addCleanup(s.close)
        calls = [('send', ()), ('send', (b'x', 0, 1)), ('send', (b'x', 2 ** 64)), ('send', (b'x', 2 ** 40)),
                 ('send', (b'x', -2 ** 40)), ('send', (b'x', 1.5)), ('sendall', ()), ('sendall', (b'x', 0, 1)),
                 ('sendall', (b'x', 2 ** 31)), ('sendmsg', ()), ('sendmsg', ([b'x'], [], 0, None, 5)),
                 ('sendmsg', ([b'x'], [], 2 ** 64)), ('sendmsg', ([b'x'], [], 2 ** 31)),
                 ('sendmsg', ([b'x'], [], 'a'))]
        for name, args in calls:
            self.same('%s%r' % (name, args), lambda: getattr(a, name)(*args), lambda: getattr(b, name)(*args))


def ref_call(name, v):
    return getattr(ref, name)(v)


if __name__ == '__main__':
    unittest.main()
