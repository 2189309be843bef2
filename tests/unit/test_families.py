"""The address families beyond inet, inet6, unix, netlink and vsock.

AF_PACKET end to end (root only, on lo): a frame with a private EtherType
sent by one packet socket and received by another, every field of the
address tuples and the data compared with the built-in module's in the same
process.

AF_PACKET, AF_TIPC, AF_CAN (raw, BCM, ISO-TP, J1939), AF_ALG, AF_RDS,
AF_QIPCRTR and AF_BLUETOOTH (L2CAP, RFCOMM, HCI, SCO) differentially (family_cases.py): the same tuples go to bind,
connect, connect_ex and sendto of both modules, each in a child under
strace; what each call returns or raises must be the same, and so must the
sockaddr and length each module passed to the kernel, field by field (the
bytes the built-in module of some versions leaves uninitialised are left
out of the comparison).
"""

import os
import re
import subprocess
import sys
import tempfile
import unittest

if __package__:
    from . import support, family_cases
else:
    import support
    import family_cases

gs, ref = support.gs, support.ref

HERE = os.path.dirname(os.path.abspath(__file__))
ETH_P_PRIVATE = 0x88b5  # IEEE 802 local experimental EtherType 1


def have_packet():
    if not hasattr(os, 'geteuid') or os.geteuid() != 0:
        return False
    try:
        s = ref.socket(ref.AF_PACKET, ref.SOCK_RAW, 0)
    except Exception:
        return False
    s.close()
    return True


HAVE_PACKET = have_packet()


@unittest.skipUnless(HAVE_PACKET, 'AF_PACKET needs root (and the family in the kernel)')
class PacketEndToEndTest(support.TestCase):

    def round_trip(self, M, token):
        proto = M.htons(ETH_P_PRIVATE)
        rx = self.sock(M, M.AF_PACKET, M.SOCK_RAW, proto)
        rx.bind(('lo', ETH_P_PRIVATE))
        tx = self.sock(M, M.AF_PACKET, M.SOCK_RAW)
        tx.bind(('lo', 0))
        # Ethernet header: zero destination and source (lo's address), the
        # private EtherType, then a payload that names this module's round.
        frame = b'\0' * 12 + b'\x88\xb5' + token
        sent = tx.sendto(frame, ('lo', ETH_P_PRIVATE))
        while True:
            data, addr = rx.recvfrom(2048)
            if data.endswith(token):
                break
        return {
            'sent': sent, 'data': data, 'from': addr,
            'rx name': rx.getsockname(), 'tx name': tx.getsockname(),
        }

    def test_frame_and_addresses_like_builtin(self):
        want = self.round_trip(ref, b'builtin-round')
        got = self.round_trip(gs, b'gosocket-round')
        self.assertEqual(got['sent'], len(b'\0' * 14 + b'gosocket-round'))
        self.assertEqual(got['data'], b'\0' * 12 + b'\x88\xb5gosocket-round')
        self.assertEqual(want['data'], b'\0' * 12 + b'\x88\xb5builtin-round')
        for key in ('from', 'rx name', 'tx name'):
            w, g = want[key], got[key]
            self.assertEqual(len(g), 5, key)
            for n, (wf, gf) in enumerate(zip(w, g)):
                self.assertEqual((key, n, gf, type(gf)), (key, n, wf, type(wf)))
        name, proto, pkttype, hatype, hw = got['from']
        self.assertEqual((name, proto, hatype, hw), ('lo', ETH_P_PRIVATE, 772, b'\0' * 6))
        self.assertEqual(got['rx name'][:2], ('lo', ETH_P_PRIVATE))

    def test_bad_tuples_like_builtin(self):
        r = self.sock(ref, ref.AF_PACKET, ref.SOCK_RAW, 0)
        g = self.sock(gs, gs.AF_PACKET, gs.SOCK_RAW, 0)
        for addr in family_cases.CASES[0][3]:
            for method in ('bind', 'connect_ex'):
                self.assertSameMethod(r, g, method, addr)
            self.assertSameOutcome('sendto(%r)' % (addr,),
                                   lambda: r.sendto(b'\0' * 14, addr),
                                   lambda: g.sendto(b'\0' * 14, addr))

    def dgram_round(self, M):
        # SOCK_DGRAM packet sockets: the kernel builds the Ethernet header
        # from sendto's/sendmsg's address; every receive call returns the
        # sender's address.
        rx = self.sock(M, M.AF_PACKET, M.SOCK_DGRAM, M.htons(ETH_P_PRIVATE))
        rx.bind(('lo', ETH_P_PRIVATE))
        tx = self.sock(M, M.AF_PACKET, M.SOCK_DGRAM, 0)
        dest = ('lo', ETH_P_PRIVATE, 0, 0, b'\0' * 6)
        out = [tx.sendto(b'one', dest)]
        out.append(rx.recvfrom(64))
        tx.sendto(b'two', dest)
        buf = bytearray(8)
        out.append((rx.recvfrom_into(buf), bytes(buf)))
        if hasattr(tx, 'sendmsg'):
            out.append(tx.sendmsg([b'three'], [], 0, dest))
            out.append(rx.recvmsg(64))
        return out

    def test_dgram_calls_like_builtin(self):
        want, got = self.dgram_round(ref), self.dgram_round(gs)
        self.assertEqual(got, want)
        self.assertEqual(got[1], (b'one', ('lo', ETH_P_PRIVATE, 0, 772, b'\0' * 6)))

    def test_hardware_address_and_pkttype_reach_the_kernel(self):
        # bind keeps only the interface and protocol; sendto's address is
        # used whole: a 6-byte destination on lo is accepted by both.
        for M in (ref, gs):
            s = self.sock(M, M.AF_PACKET, M.SOCK_DGRAM, 0)
            n = s.sendto(b'payload', ('lo', ETH_P_PRIVATE, 0, 1, b'\1\2\3\4\5\6'))
            self.assertEqual(n, 7)


def find_strace():
    for d in os.environ.get('PATH', '/usr/bin:/bin').split(os.pathsep) + ['/usr/bin']:
        p = os.path.join(d, 'strace')
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


STRACE = find_strace()
SYSCALL = re.compile(r'^\d+\s+(bind|connect|sendto|chdir)\((.*)\)\s+=\s+(.*)$')
ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)')
SIMPLE = {'n': 10, 't': 9, 'r': 13, 'v': 11, 'f': 12, '\\': 92, '"': 34}


def c_bytes(text):
    """The bytes of a string as strace prints it (C escapes)."""
    out = bytearray()
    pos = 0
    for m in ESCAPE.finditer(text):
        out.extend(text[pos:m.start()].encode('latin-1'))
        e = m.group(1)
        if e[0] == 'x':
            out.append(int(e[1:], 16))
        elif e[0] in '01234567':
            out.append(int(e, 8))
        else:
            out.append(SIMPLE.get(e, ord(e)))
        pos = m.end()
    out.extend(text[pos:].encode('latin-1'))
    return bytes(out)


def split_sockaddr(args):
    """(sockaddr text, length) of a bind/connect/sendto argument list."""
    start = args.index('{sa_family=')
    depth, quoted, i = 0, False, start
    while i < len(args):
        c = args[i]
        if quoted:
            if c == '\\':
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                break
        i += 1
    return args[start:i + 1], args[i + 1:].strip(' ,')


def significant(sockaddr, proto):
    """The sockaddr as compared: strace's decoded fields as they are; for a
    family it shows as raw sa_data, the bytes the built-in module sets (for
    AF_CAN the index and the union member of the protocol; CPython before
    3.12 leaves the rest of struct sockaddr_can uninitialised)."""
    m = re.match(r'\{sa_family=([^,]+), sa_data="(.*)"\}$', sockaddr)
    if not m:
        return sockaddr
    family, data = m.group(1), c_bytes(m.group(2))
    if family == 'AF_CAN':
        keep = data[2:6]
        if proto == family_cases.CAN_ISOTP:
            keep += data[6:14]
        elif proto == family_cases.CAN_J1939:
            keep += data[6:19]
        return (family, keep)
    return (family, data)


def trace(module_arg):
    """Run family_cases.py for one module under strace: (outcome lines,
    {(case, address, method): [(sockaddr, length, result)]})."""
    fd, log = tempfile.mkstemp(prefix='gosocket-strace-')
    os.close(fd)
    try:
        cmd = [STRACE, '-f', '-qq', '-e', 'trace=bind,connect,sendto,chdir', '-e', 'signal=none',
               '-s', '1024', '-o', log, sys.executable, os.path.join(HERE, 'family_cases.py'), module_arg]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = p.communicate()
        if p.returncode != 0:
            raise AssertionError('%s failed (%d): %s' % (' '.join(cmd), p.returncode, err.decode('latin-1')))
        calls, key = {}, None
        with open(log) as f:
            for line in f:
                m = SYSCALL.match(line.strip())
                if not m:
                    continue
                name, args, result = m.groups()
                if name == 'chdir':
                    mk = re.search(r'/nonexistent-gosocket-case/(-?\d+)/(-?\d+)/(\w+)', args)
                    key = (int(mk.group(1)), int(mk.group(2)), mk.group(3)) if mk else None
                    continue
                if key is None or key[0] < 0 or '{sa_family=' not in args:
                    continue
                sockaddr, length = split_sockaddr(args)
                proto = family_cases.CASES[key[0]][2]
                calls.setdefault(key, []).append((significant(sockaddr, proto), length, result))
        return out.decode('latin-1').splitlines(), calls
    finally:
        os.unlink(log)


@unittest.skipUnless(STRACE, 'strace is not installed (apt-get install strace)')
@unittest.skipUnless(sys.platform.startswith('linux'), 'Linux families')
class FamilyDifferentialTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.ref_out, cls.ref_calls = trace('builtin')
        cls.gs_out, cls.gs_calls = trace('gosocket')
        if not cls.ref_calls:
            raise unittest.SkipTest('strace saw no bind/connect/sendto (ptrace not allowed here?)')

    def test_same_outcomes(self):
        self.assertEqual(len(self.gs_out), len(self.ref_out))
        self.assertGreater(len(self.ref_out), 300)
        for want, got in zip(self.ref_out, self.gs_out):
            i, j, method = want.split(' ', 3)[:3]
            family, type_, proto, addrs = family_cases.CASES[int(i)]
            self.assertEqual(got, want, 'family %d type %d proto %d %s(%r)'
                             % (family, type_, proto, method, addrs[int(j)]))

    def test_same_sockaddr_at_the_kernel(self):
        # Every call that reached the kernel with the built-in module did
        # so with gosocket, with the same address and length and the same
        # answer.
        self.assertGreater(len(self.ref_calls), 50)
        for key in sorted(set(self.ref_calls) | set(self.gs_calls)):
            family, type_, proto, addrs = family_cases.CASES[key[0]]
            self.assertEqual(self.gs_calls.get(key), self.ref_calls.get(key),
                             'family %d proto %d %s(%r)' % (family, proto, key[2], addrs[key[1]]))

    def test_every_family_reached_the_kernel(self):
        # A family whose tuples this interpreter's built-in module accepts
        # was seen at the system call boundary (so the comparison above is
        # not empty for it).
        seen = set(family_cases.CASES[k[0]][0] for k in self.ref_calls)
        want = set([family_cases.AF_PACKET, family_cases.AF_TIPC])
        if sys.version_info >= (3, 6):
            want |= set([family_cases.AF_CAN, family_cases.AF_ALG, family_cases.AF_RDS])
        if sys.version_info >= (3, 8):
            want.add(family_cases.AF_QIPCRTR)
        if hasattr(ref, 'AF_BLUETOOTH'):
            want.add(family_cases.AF_BLUETOOTH)
        self.assertEqual(seen & want, want)


def _hex(b):
    return ''.join('%02x' % c for c in bytearray(b))


@unittest.skipUnless(STRACE, 'strace is not installed (apt-get install strace)')
@unittest.skipUnless(sys.platform.startswith('linux'), 'Linux families')
class FamilyDecodeTest(unittest.TestCase):
    """makesockaddr's side: getsockname on a socket of each family, the
    kernel's answer replaced by strace (poke_exit) with a forged sockaddr
    and length; both modules in one child see the same bytes and must
    build the same Python value or raise the same error."""

    def test_forged_addresses_decode_like_builtin(self):
        for i, (family, type_, proto, raw) in enumerate(family_cases.DECODE):
            inject = 'inject=getsockname:poke_exit=@arg2=%s,@arg3=%s' % (
                _hex(raw), _hex(family_cases._le(4, len(raw))))
            cmd = [STRACE, '-f', '-qq', '-o', os.devnull, '-e', 'trace=getsockname', '-e', inject,
                   sys.executable, os.path.join(HERE, 'family_cases.py'), 'decode', str(i)]
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out, err = p.communicate()
            self.assertEqual(p.returncode, 0, err.decode('latin-1'))
            lines = out.decode('latin-1').splitlines()
            self.assertEqual(len(lines), 2, lines)
            self.assertEqual(lines[1], lines[0], 'family %d type %d proto %d sockaddr %s'
                             % (family, type_, proto, _hex(raw)))


if __name__ == '__main__':
    unittest.main()
