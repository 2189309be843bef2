#!/usr/bin/env python3
"""What a built extension really needs from the system, read from its ELF file.

    python3 tools/elfcheck.py FILE.so ...        report and check extensions
    python3 tools/elfcheck.py --wheel W.whl ...  check each wheel's extension
                                                 against its platform tag

For each extension: the libraries it needs (DT_NEEDED, from .dynamic), the
symbol versions it needs from each (.gnu.version_r) and the undefined
symbols that ask for each version (.dynsym with .gnu.version). The highest
GLIBC_2.N needed gives the platform tag manylinux_2_N_<arch> (PEP 600): the
oldest glibc the extension loads on.

The check fails (exit status 1) when the extension needs a library outside
the manylinux allow-list (PEP 599/600: glibc's libraries and a few system
ones everyone has), links libpython (an extension's Python symbols must
come from the interpreter that loads it), or needs a symbol version of
another namespace than GLIBC_ (gosocket needs no libgcc_s or libstdc++);
for a wheel, also when its platform tag is not the one its extension
needs. This is what auditwheel checks, done here with the standard library
alone (no manylinux container, no auditwheel on these machines).
"""
from __future__ import print_function

import re
import struct
import sys
import zipfile

# ALLOWED is the manylinux allow-list (PEP 599's, unchanged by PEP 600),
# plus the x86-64 dynamic linker, part of glibc (auditwheel ignores it too).
ALLOWED = frozenset([
    'libc.so.6', 'libpthread.so.0', 'libdl.so.2', 'libm.so.6', 'librt.so.1',
    'libresolv.so.2', 'libutil.so.1', 'libnsl.so.1', 'libgcc_s.so.1',
    'libstdc++.so.6', 'libX11.so.6', 'libXext.so.6', 'libXrender.so.1',
    'libICE.so.6', 'libSM.so.6', 'libGL.so.1', 'libgobject-2.0.so.0',
    'libgthread-2.0.so.0', 'libglib-2.0.so.0', 'ld-linux-x86-64.so.2',
])

# MACHINES maps e_machine to the platform tag's architecture.
MACHINES = {62: 'x86_64', 183: 'aarch64', 3: 'i686'}

SHT_DYNSYM, SHT_DYNAMIC = 11, 6
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6ffffffe, 0x6fffffff
DT_NEEDED = 1


class ELFError(Exception):
    pass


def _cstr(data, off):
    end = data.index(b'\0', off)
    return data[off:end].decode('ascii')


def parse(data):
    """Read an ELF64 little-endian shared object's needs from its bytes:
    {'arch', 'needed': [lib], 'verneed': {lib: [version]},
     'symbols': {version: [undefined symbol]}}."""
    if data[:4] != b'\x7fELF':
        raise ELFError('not an ELF file')
    if data[4:6] != b'\x02\x01':
        raise ELFError('not a 64-bit little-endian ELF file')
    machine, = struct.unpack_from('<H', data, 0x12)
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3A)
    sections = []
    for i in range(shnum):
        (name, typ, flags, addr, off, size, link, info, align,
         entsize) = struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize)
        sections.append({'type': typ, 'offset': off, 'size': size, 'link': link,
                         'info': info, 'entsize': entsize})

    def strtab(index):
        return sections[index]['offset']

    out = {'arch': MACHINES.get(machine, 'machine%d' % machine), 'needed': [],
           'verneed': {}, 'symbols': {}}
    version_names = {}  # vna_other index -> version name
    for s in sections:
        if s['type'] == SHT_DYNAMIC:
            strs = strtab(s['link'])
            for off in range(s['offset'], s['offset'] + s['size'], 16):
                tag, val = struct.unpack_from('<qQ', data, off)
                if tag == 0:
                    break
                if tag == DT_NEEDED:
                    out['needed'].append(_cstr(data, strs + val))
        elif s['type'] == SHT_GNU_VERNEED:
            strs = strtab(s['link'])
            off = s['offset']
            for _ in range(s['info']):
                vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from('<HHIII', data, off)
                lib = _cstr(data, strs + vn_file)
                names = out['verneed'].setdefault(lib, [])
                aux = off + vn_aux
                for _ in range(vn_cnt):
                    vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from('<IHHII', data, aux)
                    name = _cstr(data, strs + vna_name)
                    names.append(name)
                    version_names[vna_other] = name
                    aux += vna_next
                if not vn_next:
                    break
                off += vn_next
    dynsym = [s for s in sections if s['type'] == SHT_DYNSYM]
    versym = [s for s in sections if s['type'] == SHT_GNU_VERSYM]
    if dynsym and versym:
        sym, ver = dynsym[0], versym[0]
        strs = strtab(sym['link'])
        for i in range(sym['size'] // 24):
            st_name, st_info, st_other, st_shndx = struct.unpack_from('<IBBH', data, sym['offset'] + 24 * i)
            vidx, = struct.unpack_from('<H', data, ver['offset'] + 2 * i)
            name = version_names.get(vidx & 0x7fff)
            if st_shndx == 0 and name:
                out['symbols'].setdefault(name, []).append(_cstr(data, strs + st_name))
    return out


def glibc_minor(version):
    """GLIBC_2.17 -> 17; GLIBC_2.3.2 -> 3; None for other namespaces."""
    m = re.match(r'^GLIBC_2\.(\d+)(?:\.\d+)?$', version)
    return int(m.group(1)) if m else None


def check(data):
    """Return (platform tag, needs, problems) for an extension's bytes."""
    needs = parse(data)
    problems = []
    for lib in needs['needed']:
        if lib.startswith('libpython'):
            problems.append('links %s: an extension takes its Python symbols from the interpreter' % lib)
        elif lib not in ALLOWED:
            problems.append('needs %s, outside the manylinux allow-list' % lib)
    minor = 5  # manylinux_2_5 (manylinux1) is the oldest tag there is
    for lib, versions in sorted(needs['verneed'].items()):
        for v in versions:
            n = glibc_minor(v)
            if n is None:
                problems.append('needs %s from %s (only GLIBC_ versions are expected)' % (v, lib))
            else:
                minor = max(minor, n)
    if needs['arch'] != 'x86_64':
        problems.append('built for %s, not x86_64' % needs['arch'])
    return 'manylinux_2_%d_%s' % (minor, needs['arch']), needs, problems


def report(label, data, out=sys.stdout):
    """Print what an extension needs; return (tag, problems)."""
    tag, needs, problems = check(data)
    out.write('%s\n  needed:   %s\n' % (label, ' '.join(needs['needed'])))
    top = tag.split('_')[2]
    for version in sorted(needs['symbols'], key=lambda v: (glibc_minor(v) or 0, v), reverse=True):
        if glibc_minor(version) is not None and glibc_minor(version) >= 12:
            out.write('  %-11s %s\n' % (version + ':', ' '.join(sorted(set(needs['symbols'][version])))))
    out.write('  platform: %s (highest GLIBC_2.%s)\n' % (tag, top))
    for p in problems:
        out.write('  FAIL: %s\n' % p)
    return tag, problems


def wheel_extension(path):
    """The (name, bytes) of the one extension module inside a wheel."""
    with zipfile.ZipFile(path) as z:
        exts = [n for n in z.namelist() if n.endswith('.so')]
        if len(exts) != 1:
            raise ELFError('%s: %d extension modules inside, expected 1' % (path, len(exts)))
        return exts[0], z.read(exts[0])


def wheel_tags(path):
    """The Tag lines of a wheel's WHEEL file."""
    with zipfile.ZipFile(path) as z:
        name = [n for n in z.namelist() if n.endswith('.dist-info/WHEEL')][0]
        text = z.read(name).decode('utf-8')
    return [line.split(':', 1)[1].strip() for line in text.splitlines() if line.startswith('Tag:')]


def check_wheel(path, out=sys.stdout):
    """Check a wheel's extension and that its file name and WHEEL carry the
    platform tag the extension needs. Return the problems."""
    name, data = wheel_extension(path)
    tag, problems = report('%s (%s)' % (path, name), data, out)
    plat = path[:-len('.whl')].rsplit('-', 1)[-1]
    if plat != tag:
        problems.append('file name says %s, the extension needs %s' % (plat, tag))
    tags = wheel_tags(path)
    want = '-'.join(path.rsplit('/', 1)[-1][:-len('.whl')].split('-')[-3:])
    if tags != [want]:
        problems.append('WHEEL tags %s, file name %s' % (tags, want))
    for p in problems[len(check(data)[2]):]:
        out.write('  FAIL: %s\n' % p)
    return problems


def main(argv):
    if not argv or argv[0] in ('-h', '--help'):
        sys.stdout.write(__doc__)
        return 2
    failed = 0
    if argv[0] == '--wheel':
        for path in argv[1:]:
            failed += bool(check_wheel(path))
    else:
        for path in argv:
            with open(path, 'rb') as f:
                failed += bool(report(path, f.read())[1])
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
