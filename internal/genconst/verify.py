#!/usr/bin/env python3
"""Compare pysocket/constants_table.h with a built-in _socket module.

Usage: python3 internal/genconst/verify.py PYTHON [TABLE]

Runs PYTHON, takes the uppercase int constants of its built-in _socket
and checks them against the table entries whose version range holds
PYTHON's version. Reports names _socket exports that the table lacks
(the headers lacked them), names the table would add that _socket does
not export, and value mismatches. Exits 1 on any mismatch or extra name.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TABLE = os.path.join(HERE, "..", "..", "pysocket", "constants_table.h")
ENTRY = re.compile(
    r'\{\s*"(\w+)",\s*\(?(-?\d+)LL(?:\s*-\s*1\))?,\s*0x([0-9A-Fa-f]+),\s*0x([0-9A-Fa-f]+)\s*\}')

sys.path.insert(0, HERE)
from allowlist import PROBE  # noqa: E402


def parse_table(path):
    """Return [(name, value, minver, maxver)] from the generated header."""
    out = []
    with open(path) as f:
        for m in ENTRY.finditer(f.read()):
            name, num, lo, hi = m.groups()
            value = int(num)
            if "- 1)" in m.group(0):  # llLiteral's spelling of LLONG_MIN
                value -= 1
            out.append((name, value, int(lo, 16), int(hi, 16)))
    return out


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    python = argv[1]
    table = argv[2] if len(argv) == 3 else DEFAULT_TABLE
    raw = subprocess.check_output([python, "-E", "-s", "-c", PROBE])
    data = json.loads(raw.decode("utf-8"))
    major, minor = (int(x) for x in data["version"].split("."))
    ver = major << 8 | minor
    builtin = data["names"]
    ours = {n: v for n, v, lo, hi in parse_table(table) if lo <= ver <= hi}

    missing = sorted(set(builtin) - set(ours))
    extra = sorted(set(ours) - set(builtin))
    wrong = sorted(n for n in ours if n in builtin and ours[n] != builtin[n])
    print("%s: %d built-in, %d in table, %d missing, %d extra, %d mismatched"
          % (data["version"], len(builtin), len(ours), len(missing),
             len(extra), len(wrong)))
    if missing:
        print("  missing (headers lack them): " + " ".join(missing))
    if extra:
        print("  extra (not exported by _socket): " + " ".join(extra))
    for n in wrong:
        print("  MISMATCH %s: table %d, _socket %d" % (n, ours[n], builtin[n]))
    return 1 if wrong or extra else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
