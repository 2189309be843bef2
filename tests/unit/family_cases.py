"""Address tuples for the families the kernel here lacks (AF_TIPC, AF_CAN,
AF_ALG, AF_RDS, AF_QIPCRTR) and for AF_PACKET, and the child that hands
them to one module under strace.

test_families.py runs this file as a child twice, once with the built-in
module and once with gosocket, each under
`strace -e trace=bind,connect,sendto,chdir`: every case wraps a fresh
AF_UNIX datagram descriptor as a socket of the case's family, type and
protocol (the built-in module takes any family over an existing descriptor:
fileno= on 3.x, fromfd on 2.7), calls bind, connect, connect_ex and sendto
with the case's address, and prints what each returned or raised. Before
every call the child makes a chdir to a path that names the call, so the
system calls strace records can be told apart. The kernel refuses the
foreign address (EINVAL on an AF_UNIX socket), but strace shows the
sockaddr each module passed to it.

Families and protocols are numbers, not the modules' names for them, so
every interpreter runs every case: where the built-in module of that
version does not know a family, both must raise its "bad family" error.
"""

from __future__ import print_function

import os
import sys

AF_UNIX, SOCK_DGRAM = 1, 2
AF_INET, AF_PACKET, AF_RDS, AF_TIPC, AF_CAN, AF_ALG, AF_QIPCRTR = 2, 17, 21, 30, 29, 38, 42
AF_BLUETOOTH = 31
CAN_RAW, CAN_BCM, CAN_TP16, CAN_ISOTP, CAN_J1939 = 1, 2, 3, 6, 7
BTPROTO_L2CAP, BTPROTO_HCI, BTPROTO_SCO, BTPROTO_RFCOMM, BTPROTO_BNEP = 0, 1, 2, 3, 4
BD = '11:22:33:44:55:66'

LONG = 'x' * 20

# (family, type, proto, [addresses]): each address goes to bind, connect,
# connect_ex and sendto.
CASES = [
    (AF_PACKET, 3, 0, [
        ('lo', 0x88b5), ('lo', 0x88b5, 4), ('lo', 0, 1, 772),
        ('lo', 1, 2, 3, b'\x01\x02\x03'), ('lo', 1, 2, 3, b'12345678'),
        ('lo', 1, 2, 3, b'123456789'), ('lo', 1, 2, 3, bytearray(b'ab')),
        ('lo', 1, 2, 3, 'ab'), ('lo', 1, 2, 3, b''), ('lo', 1, 256, 65537),
        ('nosuch0', 1), ('lo' + LONG, 1), ('', 1), ('lo\0', 1),
        ('lo', 65536), ('lo', -1), ('lo', 2 ** 31), ('lo', 1, 2 ** 31), ('lo', 1, 2, 2 ** 40),
        'lo', ('lo',), ('lo', 1, 2, 3, b'', 5), (1, 2), ('lo', '1'), ['lo', 1],
        (u'l\xf6', 1), (b'lo', 1), None]),
    (AF_TIPC, SOCK_DGRAM, 0, [
        (1, 2, 3, 4), (1, 2, 3, 4, 3), (2, 5, 6, 7), (2, 5, 6, 7, 1), (3, 0x1001001, 77, 0),
        (3, 1, 2, 3, 256 + 4), (1, 2, 3, 4, -1), (4, 1, 2, 3), (0, 1, 2, 3), (2 ** 32 + 1, 2, 3, 4),
        (-1, 2, 3, 4), (1, 2, 3), (1, 2, 3, 4, 5, 6), '1', (1.5, 2, 3, 4), (1, 2, 3, '4'), [1, 2, 3, 4]]),
    (AF_CAN, 3, CAN_RAW, [
        ('lo',), (b'lo',), ('',), ('nosuch0',), ('x' * 15,), ('x' * 16,), ('lo', 1), (1,), 'lo',
        ('l\0o',), (), ['lo']]),
    (AF_CAN, SOCK_DGRAM, CAN_BCM, [('lo',), ('',), 'lo']),
    (AF_CAN, SOCK_DGRAM, CAN_TP16, [('lo',), 'lo']),
    (AF_CAN, SOCK_DGRAM, CAN_ISOTP, [
        ('lo', 0x123, 0x456), ('lo', 2 ** 32 + 5, -1), ('', 1, 2), ('lo', 1), 'lo', ('lo', '1', 2),
        ('x' * 16, 1, 2), ('nosuch0', 1, 2), (b'lo', 7, 8)]),
    (AF_CAN, SOCK_DGRAM, CAN_J1939, [
        ('lo', 1, 2, 3), ('lo', 2 ** 64 - 1, 2 ** 32 - 1, 255), ('lo', 1, 2, 256 + 9), ('lo', -1, -2, -3),
        ('lo', 1, 2), ('', 1, 2, 3), ('x' * 16, 1, 2, 3), 'lo', ('lo', 1.0, 2, 3)]),
    (AF_ALG, 5, 0, [
        ('hash', 'sha256'), ('skcipher', 'cbc(aes)', 1, 2), ('hash', 'sha256', 0x12345, -1),
        ('x' * 13, 'y' * 63), ('x' * 14, 'y'), ('x', 'y' * 64), ('a\0b', 'c'), ('hash',),
        'hash', ('hash', b'sha256'), ('hash', 'sha256', 1, 2, 3), (u'h\xe4sh', 'n')]),
    (AF_QIPCRTR, SOCK_DGRAM, 0, [(1, 2), (2 ** 32 - 1, 0), (-1, 5), (1,), 'x', (1, '2'), (2 ** 40, 1)]),
    (AF_RDS, 5, 0, [('127.0.0.1', 5), ('127.0.0.1', 70000), '127.0.0.1', ('127.0.0.1',), ('', 7)]),
    # Bluetooth: only interpreters built with it (Debian's 3.14 and 3.15
    # here) know the family; elsewhere both modules say "bad family".
    (AF_BLUETOOTH, 5, BTPROTO_L2CAP, [
        (BD, 0x1001), (BD, 1, 0x40), (BD, 1, 0x40, 1), (BD, 70000), (BD, -1), (BD, 1, 2, 256),
        ('aa:bb:cc:dd:ee:ff', 3), ('AA:BB:CC:DD:EE:FF:', 3), ('1:2:3:4:5', 3), ('0x1:2:3:4:5:6', 3),
        ('100:2:3:4:5:6', 3), (' 1:2:3:4:5:6', 3), (b'11:22:33:44:55:66', 3), (BD,), BD, (BD, '1'),
        ('1:2:3:4:5:6\0', 3)]),
    (AF_BLUETOOTH, 1, BTPROTO_RFCOMM, [(BD, 1), (BD, 30), (BD, 256), (BD,), BD, ('zz', 1), (BD, 1, 2)]),
    (AF_BLUETOOTH, 3, BTPROTO_HCI, [0, 3, 65536 + 2, -1, (0,), (1, 1), (1, 2, 3), ('0',), 'x', 1.5, (70000, 1)]),
    (AF_BLUETOOTH, 5, BTPROTO_SCO, [BD, BD.encode('ascii'), bytearray(b'1:2:3:4:5:6'), (BD,), 'junk',
                                    '1:2:3:4:5:6\0', b'1:2:3:4:5:6\0']),
    (AF_BLUETOOTH, 5, BTPROTO_BNEP, [(BD, 1), BD]),
]

METHODS = ('bind', 'connect', 'connect_ex', 'sendto')


def marker(i, j, method):
    return '/nonexistent-gosocket-case/%d/%d/%s' % (i, j, method)


def wrap(M, fd, family, type_, proto):
    if sys.version_info[0] == 2:
        s = M.fromfd(fd, family, type_, proto)
        os.close(fd)
        return s
    return M.socket(family, type_, proto, fileno=fd)


def describe(ok, v):
    if ok:
        return 'ok %r' % (v,)
    return 'raise %s %r' % (type(v).__name__, v.args)


def call(s, method, addr):
    if method == 'sendto':
        return s.sendto(b'x', addr)
    return getattr(s, method)(addr)


def child(M):
    import warnings
    warnings.simplefilter('ignore')
    base = M.socket(AF_UNIX, SOCK_DGRAM)
    for i, (family, type_, proto, addrs) in enumerate(CASES):
        for j, addr in enumerate(addrs):
            for method in METHODS:
                s = wrap(M, os.dup(base.fileno()), family, type_, proto)
                try:
                    os.chdir(marker(i, j, method))
                except OSError:
                    pass
                try:
                    out = describe(True, call(s, method, addr))
                except Exception as e:  # noqa: B902
                    out = describe(False, e)
                s.close()
                print('%d %d %s %s' % (i, j, method, out))
    try:
        os.chdir(marker(-1, -1, 'end'))
    except OSError:
        pass
    sys.stdout.flush()


def _le(n, v):
    return bytes(bytearray((v >> (8 * i)) & 0xff for i in range(n)))


def _be16(v):
    return bytes(bytearray([v >> 8, v & 0xff]))


def _bd(text):
    return bytes(bytearray(reversed([int(x, 16) for x in text.split(':')])))


# Addresses the kernel hands back, forged into getsockname's result (the
# bytes and the length): (family, type, proto, sockaddr). The built-in
# module's makesockaddr of that version is the reference.
DECODE = [
    (AF_PACKET, 3, 0, _le(2, AF_PACKET) + _be16(0x88b5) + _le(4, 1) + _le(2, 772) + b'\x04\x06'
     + b'\x01\x02\x03\x04\x05\x06\x00\x00'),
    (AF_PACKET, 3, 0, _le(2, AF_PACKET) + _be16(0x0800) + _le(4, 0) + _le(2, 1) + b'\x00\x08' + b'ABCDEFGH'),
    (AF_PACKET, 3, 0, _le(2, AF_PACKET) + _be16(0xffff) + _le(4, 0x7fff0000) + _le(2, 0xffff) + b'\xff\x00'
     + b'\x00' * 8),
    (AF_TIPC, SOCK_DGRAM, 0, _le(2, AF_TIPC) + b'\x01\x02' + _le(4, 100) + _le(4, 200) + _le(4, 300)),
    (AF_TIPC, SOCK_DGRAM, 0, _le(2, AF_TIPC) + b'\x02\x03' + _le(4, 5) + _le(4, 6) + _le(4, 7)),
    (AF_TIPC, SOCK_DGRAM, 0, _le(2, AF_TIPC) + b'\x03\xff' + _le(4, 77) + _le(4, 0x1001001) + _le(4, 9)),
    (AF_TIPC, SOCK_DGRAM, 0, _le(2, AF_TIPC) + b'\x09\x02' + _le(4, 1) + _le(4, 2) + _le(4, 3)),
    (AF_CAN, 3, CAN_RAW, _le(2, AF_CAN) + b'\0\0' + _le(4, 1) + b'\x07' * 16),
    (AF_CAN, 3, CAN_RAW, _le(2, AF_CAN) + b'\0\0' + _le(4, 0) + b'\0' * 16),
    (AF_CAN, SOCK_DGRAM, CAN_BCM, _le(2, AF_CAN) + b'\0\0' + _le(4, 1) + b'\0' * 16),
    (AF_CAN, SOCK_DGRAM, CAN_ISOTP, _le(2, AF_CAN) + b'\0\0' + _le(4, 1) + _le(4, 0x123) + _le(4, 0x80000456)
     + b'\0' * 8),
    (AF_CAN, SOCK_DGRAM, CAN_J1939, _le(2, AF_CAN) + b'\0\0' + _le(4, 1) + _le(8, 0x0102030405060708)
     + _le(4, 0x3ffff) + b'\xfe\0\0\0'),
    (AF_ALG, 5, 0, _le(2, AF_ALG) + b'hash'.ljust(14, b'\0') + _le(4, 1) + _le(4, 0x12345678)
     + b'sha256'.ljust(64, b'\0')),
    (AF_ALG, 5, 0, _le(2, AF_ALG) + b'T' * 14 + _le(4, 0xffffffff) + _le(4, 0) + b'N' * 64),
    (AF_QIPCRTR, SOCK_DGRAM, 0, _le(2, AF_QIPCRTR) + b'\0\0' + _le(4, 5) + _le(4, 0xfffffffe)),
    (AF_BLUETOOTH, 5, BTPROTO_L2CAP, _le(2, AF_BLUETOOTH) + _le(2, 0x1001) + _bd(BD) + _le(2, 0) + b'\0\0'),
    (AF_BLUETOOTH, 5, BTPROTO_L2CAP, _le(2, AF_BLUETOOTH) + _le(2, 1) + _bd(BD) + _le(2, 0x40) + b'\0\0'),
    (AF_BLUETOOTH, 5, BTPROTO_L2CAP, _le(2, AF_BLUETOOTH) + _le(2, 1) + _bd(BD) + _le(2, 0x40) + b'\x02\0'),
    (AF_BLUETOOTH, 1, BTPROTO_RFCOMM, _le(2, AF_BLUETOOTH) + _bd('0a:0b:0c:0d:0e:0f') + b'\x1e\0'),
    (AF_BLUETOOTH, 3, BTPROTO_HCI, _le(2, AF_BLUETOOTH) + _le(2, 3) + _le(2, 0)),
    (AF_BLUETOOTH, 3, BTPROTO_HCI, _le(2, AF_BLUETOOTH) + _le(2, 3) + _le(2, 1)),
    (AF_BLUETOOTH, 5, BTPROTO_SCO, _le(2, AF_BLUETOOTH) + _bd(BD)),
    (AF_BLUETOOTH, 5, BTPROTO_BNEP, _le(2, AF_BLUETOOTH) + _bd(BD)),
]


def decode_child(index, ref, gs):
    """getsockname of a socket of DECODE[index]'s kind with each module;
    the parent's strace makes the kernel's answer the case's sockaddr."""
    import warnings
    warnings.simplefilter('ignore')
    family, type_, proto, _ = DECODE[index]
    base = ref.socket(AF_UNIX, SOCK_DGRAM)
    for M in (ref, gs):
        s = wrap(M, os.dup(base.fileno()), family, type_, proto)
        try:
            out = describe(True, s.getsockname())
        except Exception as e:  # noqa: B902
            out = describe(False, e)
        s.close()
        print(out)
    sys.stdout.flush()


if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import support
    if sys.argv[1] == 'decode':
        decode_child(int(sys.argv[2]), support.ref, support.gs)
    else:
        child(support.ref if sys.argv[1] == 'builtin' else support.gs)
