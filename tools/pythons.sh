#!/usr/bin/env bash
# tools/pythons.sh: get CPython 3.14 and 3.15 as Debian builds them, into
# pyenv's versions folder, without installing anything into the system.
#
#   tools/pythons.sh            get whatever of 3.14 / 3.15 is missing
#   tools/pythons.sh --check    only check the ones that are there
#   PYTHONS="3.15" tools/pythons.sh     only these minor versions
#
# pyenv cannot build interpreters on this machine (it downloads sources),
# but Debian's binary packages are served. Their `sid` suite carries
# python3.14 and python3.15 with -dev headers and libpython3.X-testsuite
# (CPython's `test` package). They need a newer C library than the
# machine's, so they are not installed into the system:
#
#  1. the apt mirror is read from the machine's own apt configuration
#     (/etc/apt/sources.list.d/*.sources, *.list, /etc/apt/sources.list);
#  2. apt's lists and downloads live in a private folder
#     ($GOSOCKET_PYTHONS_CACHE, default ~/.cache/gosocket-pythons), where
#     `apt-get update` and `apt-get download` run against `sid`;
#  3. the interpreter, its stdlib, headers and testsuite, the C library and
#     the shared libraries their Depends name (closure over lib* packages)
#     are unpacked with `dpkg -x` into $PYENV_ROOT/versions/3.X.N, with
#     bin/python, bin/python3 and bin/python3.X leading to usr/bin/python3.X;
#  4. `patchelf` (Debian 12's package, installed when missing) points the
#     interpreter's ELF loader at the private C library and its rpath at the
#     private library folder, so sys.executable and subprocesses run with no
#     environment variables;
#  5. the result is checked: `import ssl, ctypes, test.test_socket`, a
#     subprocess of sys.executable, and every lib-dynload module; what failed
#     is said. Only a version that passes is moved into place.
#
# Idempotent: a version already in place that passes the check is left alone.
set -euo pipefail

VERSIONS=${PYTHONS:-"3.14 3.15"}
SUITE=${PYTHONS_SUITE:-sid}
PYENV_ROOT=${PYENV_ROOT:-$HOME/.pyenv}
CACHE=${GOSOCKET_PYTHONS_CACHE:-$HOME/.cache/gosocket-pythons}
ARCH=$(dpkg --print-architecture)
TRIPLET=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

say() { echo "pythons: $*"; }
die() { echo "pythons: FAILED: $*" >&2; exit 1; }

# check_python DIR: the checks of step 5; prints what failed, returns 1 then.
check_python() {
    local dir=$1 py=$1/bin/python bad=0 out
    if ! out=$("$py" -c 'import sys; print(sys.version.split()[0])' 2>&1); then
        say "  check: $py does not start: $out"
        return 1
    fi
    if ! out=$("$py" -c 'import ssl, ctypes, test.test_socket' 2>&1); then
        say "  check: import ssl, ctypes, test.test_socket failed: $(echo "$out" | tail -1)"
        bad=1
    fi
    if ! out=$("$py" -c '
import subprocess, sys
r = subprocess.run([sys.executable, "-c", "import sys, ssl; print(sys.prefix)"],
                   capture_output=True, text=True, env={})
sys.exit(0 if r.returncode == 0 else "subprocess of sys.executable: %d %s" % (r.returncode, r.stderr.strip()[-300:]))
' 2>&1); then
        say "  check: $out"
        bad=1
    fi
    if ! out=$("$py" -c '
import os, sys, sysconfig, importlib
d = sysconfig.get_path("platstdlib") + "/lib-dynload"
bad = []
for f in sorted(os.listdir(d)):
    name = f.split(".")[0]
    try:
        importlib.import_module(name)
    except Exception as e:
        bad.append("%s (%s)" % (name, e))
if bad:
    sys.exit("lib-dynload modules that do not import: " + "; ".join(bad))
' 2>&1); then
        say "  check: $out"
        bad=1
    fi
    # Every shared library the interpreter and its lib-dynload modules name
    # (ELF NEEDED) must be in the private library folder or the system's.
    local so need missing=""
    for so in "$dir"/usr/bin/python3.* "$dir"/usr/lib/python3.*/lib-dynload/*.so; do
        [ -f "$so" ] || continue
        for need in $(readelf -d "$so" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            [ -e "$dir/usr/lib/$TRIPLET/$need" ] || [ -e "$dir/lib/$TRIPLET/$need" ] ||
                ldconfig -p 2>/dev/null | grep -q "^[[:space:]]*$need " || missing="$missing $need"
        done
    done
    if [ -n "$missing" ]; then
        say "  check: shared libraries found nowhere:$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')"
        bad=1
    fi
    if [ ! -e "$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
        say "  check: no Python.h under the interpreter's include path"
        bad=1
    fi
    return $bad
}

installed() { # installed X.Y: the version folder of X.Y in place, if any
    local d
    for d in "$PYENV_ROOT"/versions/"$1".*; do
        case ${d##*/} in *[!0-9.]*) continue ;; esac
        [ -x "$d/bin/python" ] && { echo "$d"; return 0; }
    done
    return 1
}

if [ $CHECK_ONLY = 1 ]; then
    rc=0
    for v in $VERSIONS; do
        if d=$(installed "$v"); then
            if check_python "$d"; then say "$v: $d ok"; else say "$v: $d FAILED the check"; rc=1; fi
        else
            say "$v: not installed"; rc=1
        fi
    done
    exit $rc
fi

missing=""
for v in $VERSIONS; do
    if d=$(installed "$v"); then
        say "$v: already in $d"
    else
        missing="$missing $v"
    fi
done
[ -z "$missing" ] && exit 0

mkdir -p "$CACHE"
exec 9>"$CACHE/lock"
flock 9

# Step 1: the mirror of the machine's main Debian archive (a deb source whose
# suite has no '-security'/'-updates' part), and the keyring it is signed by.
mirror_line=$(
    {
        for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && { cat "$f"; echo; }; done
    } | awk '
        function flush() {
            if (types ~ /(^| )deb( |$)/ && uris != "" && suites ~ /(^| )[a-z]+( |$)/ && uris !~ /security/) {
                split(uris, u, " "); print u[1] " " (key == "" ? "-" : key); found = 1; exit
            }
            types = uris = suites = key = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
        /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
        /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
        /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); key = $0 }
        END { if (!found) flush() }'
)
if [ -z "$mirror_line" ]; then
    mirror_line=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '
        /^[ \t]*deb[ \t]/ {
            key = "-"
            if (match($0, /signed-by=[^] ]+/)) key = substr($0, RSTART + 10, RLENGTH - 10)
            sub(/\[[^]]*\][ \t]*/, "")
            if ($2 !~ /security/ && $3 ~ /^[a-z]+$/) { print $2 " " key; exit }
        }')
fi
[ -n "$mirror_line" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d/*}"
MIRROR=${mirror_line%% *}
KEYRING=${mirror_line#* }
if [ "$KEYRING" = "-" ] || [ ! -f "$KEYRING" ]; then KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg; fi
say "mirror from the apt configuration: $MIRROR ($SUITE), lists and downloads in $CACHE"

# Step 2: private apt state.
mkdir -p "$CACHE/lists/partial" "$CACHE/archives/partial" "$CACHE/debs"
echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" >"$CACHE/sources.list"
APTOPTS=(-o "Dir::State::Lists=$CACHE/lists" -o "Dir::Etc::SourceList=$CACHE/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null" -o "Dir::Cache=$CACHE" -o "Dir::Cache::archives=$CACHE/archives"
    -o "Dir::State::status=/dev/null" -o "APT::Architecture=$ARCH" -o "Debug::NoLocking=1")
if [ -z "$(find "$CACHE/lists" -name '*_Packages*' -mmin -720 2>/dev/null)" ]; then
    say "apt-get update ($SUITE lists)"
    apt-get "${APTOPTS[@]}" -qq update >"$CACHE/update.log" 2>&1 || { cat "$CACHE/update.log" >&2; die "apt-get update"; }
fi
showpkgs() { apt-cache "${APTOPTS[@]}" show --no-all-versions "$@" 2>/dev/null || true; }
pkgver() { showpkgs "$1" | awk '/^Version:/ { print $2; exit }'; }
pkgdeps() { # the lib* packages (and zlib1g) that these packages depend on
    showpkgs "$@" | awk '/^(Pre-)?Depends:/ { sub(/^[^:]*:/, ""); print }' |
        tr ',|' '\n\n' | sed 's/(.*)//; s/:any//; s/ //g' |
        grep -E '^(lib[a-z0-9.+-]*|zlib1g)$' | grep -vE -- '-(dev|testsuite)$|^libpython' | sort -u || true
}

# patchelf: Debian 12's package, installed (under the machine's apt lock) when missing.
if ! command -v patchelf >/dev/null; then
    say "installing patchelf (apt, Debian's own suite)"
    flock /tmp/apt.lock sh -c 'apt-get install -y -qq patchelf >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq patchelf; }' ||
        die "apt-get install patchelf"
fi

for v in $missing; do
    ver=$(pkgver "python$v")
    [ -n "$ver" ] || die "python$v is not in $SUITE"
    full=${ver%%-*}
    full=${full%%+*}
    full=${full%%~*}
    dest="$PYENV_ROOT/versions/$full"
    tmp="$PYENV_ROOT/versions/.$full.partial"
    # The interpreter's own packages, then the closure of the libraries they need.
    pkgs="python$v python$v-minimal libpython$v-minimal libpython$v-stdlib libpython$v libpython$v-dev libpython$v-testsuite libc6"
    todo=$pkgs
    all=""
    while [ -n "$todo" ]; do
        new=""
        for p in $todo; do
            case " $all " in *" $p "*) continue ;; esac
            all="$all $p"
            new="$new $p"
        done
        [ -n "$new" ] || break
        todo=$(pkgdeps $new | tr '\n' ' ')
    done
    n=$(echo $all | wc -w)
    say "$v: Python $full ($ver), downloading $n packages from $SUITE"
    (cd "$CACHE/debs" && apt-get "${APTOPTS[@]}" -qq download $all >"$CACHE/download-$v.log" 2>&1) ||
        { cat "$CACHE/download-$v.log" >&2; die "apt-get download for $v"; }
    rm -rf "$tmp"
    mkdir -p "$tmp"
    say "$v: unpacking into $dest"
    showpkgs $all | awk '/^Package:/ { p = $2 } /^Version:/ { print p, $2 }' >"$CACHE/versions-$v"
    for p in $all; do
        pv=$(awk -v p="$p" '$1 == p { print $2; exit }' "$CACHE/versions-$v")
        deb=$(ls "$CACHE/debs/${p}_${pv/:/%3a}_"*.deb 2>/dev/null | head -1 || true)
        [ -n "$deb" ] || die "$v: $p $pv was not downloaded"
        dpkg -x "$deb" "$tmp"
    done
    mkdir -p "$tmp/bin"
    for b in python python3 "python$v"; do ln -sfn "../usr/bin/python$v" "$tmp/bin/$b"; done
    # Step 4: the loader and the library folders, written into the binary.
    libdirs='$ORIGIN/../lib/'$TRIPLET':$ORIGIN/../../lib/'$TRIPLET':$ORIGIN/../lib'
    loader=$(readlink -f "$tmp/usr/lib/$TRIPLET/ld-linux-x86-64.so.2" 2>/dev/null || true)
    [ -f "$loader" ] || loader=$(ls "$tmp"/usr/lib/"$TRIPLET"/ld-linux*.so.* "$tmp"/lib/"$TRIPLET"/ld-linux*.so.* 2>/dev/null | head -1)
    [ -n "$loader" ] || die "$v: no ELF loader in the unpacked C library"
    loader=${loader/$tmp/$dest}
    patchelf --set-interpreter "$loader" --force-rpath --set-rpath "$libdirs" "$tmp/usr/bin/python$v"
    mv -T "$tmp" "$dest" 2>/dev/null || { rm -rf "$dest"; mv -T "$tmp" "$dest"; }
    say "$v: checking $dest"
    if check_python "$dest"; then
        say "$v: Python $full ready: $dest/bin/python"
    else
        rm -rf "$CACHE/failed-$full"
        mv -T "$dest" "$CACHE/failed-$full"
        die "$v: the check failed; the unpacked tree is in $CACHE/failed-$full"
    fi
done
command -v pyenv >/dev/null && pyenv rehash >/dev/null 2>&1 || true
