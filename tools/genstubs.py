#!/usr/bin/env python3
"""Regenerate the re-exports in stubs/gosocket-stubs/__init__.pyi.

    python3 tools/genstubs.py [TYPESHED_SOCKET_PYI]

gosocket's stubs say "this name is the standard library's" for every
public name of typeshed's socket.pyi (default: the one of the mypy on this
machine) that the standard library's socket module has on Linux (on any
3.x interpreter found here; typeshed declares some that only other systems
have), under typeshed's own sys.version_info conditions, except the names
the stubs define themselves (the socket class and the functions returning
one). They are written as explicit `from socket import X as X` lines
between the BEGIN/END markers, because a star import would clash with
those definitions. The constants socket.py turns into enum members
(AF_INET = AddressFamily.AF_INET …) are plain ints in gosocket, as in
_socket: they are declared `X: int`.
"""
from __future__ import print_function

import ast
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUB = os.path.join(ROOT, 'stubs', 'gosocket-stubs', '__init__.pyi')
BEGIN = '# BEGIN names of the standard library (tools/genstubs.py)\n'
END = '# END names of the standard library\n'
OWN = {'socket', 'fromfd', 'socketpair', 'create_connection', 'create_server'}
ENUMS = ('AddressFamily', 'SocketKind', 'MsgFlag', 'AddressInfo')
RUNTIME = set()  # names of the standard library's socket module, any 3.x here


def runtime_names():
    """The names the standard library's socket module has on this
    machine's 3.x interpreters."""
    import subprocess
    sys.path.insert(0, ROOT)
    import build
    names = set()
    for info in build.find_interpreters():
        if info['version'].startswith('3.'):
            out = subprocess.check_output([info['executable'], '-c', 'import socket; print(" ".join(dir(socket)))'])
            names.update(out.decode('ascii').split())
    return names


def enum_alias(node):
    """True for X = AddressFamily.X and the like."""
    v = node.value
    return (isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name) and v.value.id in ENUMS)


def platform_test(test):
    """True/False for a sys.platform comparison (Linux), None otherwise."""
    src = ast.dump(test)
    if 'platform' not in src:
        return None
    m = re.findall(r"value='(\w+)'", src)
    if isinstance(test, ast.Compare) and len(m) == 1:
        eq = isinstance(test.ops[0], ast.Eq)
        return (m[0] == 'linux') == eq
    if isinstance(test, ast.BoolOp):
        vals = [platform_test(v) for v in test.values]
        if None not in vals:
            return all(vals) if isinstance(test.op, ast.And) else any(vals)
    return None


def names(body):
    """The public names a block of statements defines: (re-exported,
    enum-member constants)."""
    out, ints = [], []
    for node in body:
        if isinstance(node, ast.ImportFrom):
            out += [a.asname for a in node.names if a.asname and a.asname == a.name]
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            out.append(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.append(node.target.id)
        elif isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            (ints if enum_alias(node) else out).extend(targets)

    def keep(n):
        return not n.startswith('_') and n not in OWN and (not RUNTIME or n in RUNTIME)
    return sorted(set(n for n in out if keep(n))), sorted(set(n for n in ints if keep(n)))


def emit(body, src, indent=''):
    """Lines re-exporting body's names, keeping its version conditions."""
    lines = []
    plain, ints = names(body)
    if plain:
        lines.append(indent + 'from socket import (')
        lines += ['%s    %s as %s,' % (indent, n, n) for n in plain]
        lines.append(indent + ')')
    lines += ['%s%s: int' % (indent, n) for n in ints]
    for node in body:
        if not isinstance(node, ast.If):
            continue
        p = platform_test(node.test)
        if p is not None:
            lines += emit(node.body if p else node.orelse, src, indent)
            continue
        inner, other = emit(node.body, src, indent + '    '), emit(node.orelse, src, indent + '    ')
        if inner or other:
            lines.append('%sif %s:' % (indent, ast.get_source_segment(src, node.test)))
            lines += inner or [indent + '    pass']
            if other:
                lines.append(indent + 'else:')
                lines += other
    return lines


def main(argv):
    if argv:
        path = argv[0]
    else:
        import mypy
        path = os.path.join(os.path.dirname(mypy.__file__), 'typeshed', 'stdlib', 'socket.pyi')
    with open(path) as f:
        src = f.read()
    RUNTIME.update(runtime_names())
    lines = emit(ast.parse(src).body, src)
    with open(STUB) as f:
        stub = f.read()
    head, rest = stub.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(STUB, 'w') as f:
        f.write(head + BEGIN + '\n'.join(lines) + '\n' + END + tail)
    count = sum(l.strip().endswith(',') or l.endswith(': int') for l in lines)
    print('%s: %d names from %s' % (os.path.relpath(STUB, ROOT), count, path))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
