# gosocket: `make` builds for every interpreter and runs the echo examples;
# `make test` runs every test. Interpreters run one after another.
PYTHON ?= python3
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
export GO

.PHONY: all pythons btheaders strace build demo test gotest vet contract contract-check constants constants-check unittest stacktest conformance conformance-update stress stress-short wheels sdist wheel-test clean bench bench-app bench-syscalls bench-crossing

all: build demo

# pythons: CPython 3.14 and 3.15 into pyenv's versions folder when they are
# missing (Debian's binary packages, unpacked privately: tools/pythons.sh).
pythons:
	@tools/pythons.sh

# btheaders: the Bluetooth headers (Debian's libbluetooth-dev) the constants
# generator reads for AF_BLUETOOTH & co, installed when missing.
btheaders:
	@test -e /usr/include/bluetooth/bluetooth.h || { echo "== installing libbluetooth-dev (Bluetooth headers for the constants)"; \
	  flock /tmp/apt.lock sh -c 'apt-get install -y -qq libbluetooth-dev >/dev/null || { apt-get update -qq && apt-get install -y -qq libbluetooth-dev >/dev/null; }'; }

build: pythons
	@echo "== build: gosocket for every interpreter"
	$(PYTHON) build.py --all

demo: build
	@echo "== demo: the documentation's echo examples through gosocket"
	$(PYTHON) tests/each.py demo examples/echo.py

# gotest vets the binding's Go files too (build tag pysocket, with and
# without gosocket_runtime, build.py's tag for its runtime changes; cgo
# needs one interpreter's headers) and checks the generated contract
# (contract-check).
gotest: contract-check
	@echo "== go test: core, the generators, and go vet of the binding"
	$(GO) vet ./...
	for tags in pysocket pysocket,gosocket_runtime; do \
	  CGO_CFLAGS="-I$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')" $(GO) vet -tags $$tags ./pysocket || exit 1; \
	done
	$(GO) test -count=1 ./...

# contract: pysocket/status.h and pysocket/exports.h from core's errors and
# the binding's //export lines (internal/gencontract); contract-check fails
# when either is stale.
contract:
	$(GO) run ./internal/gencontract

contract-check:
	@echo "== contract: the generated status codes and export guards are current"
	$(GO) run ./internal/gencontract -check

constants: btheaders
	$(GO) run ./internal/genconst

constants-check: btheaders
	@echo "== constants: the generated table matches the C headers"
	$(GO) run ./internal/genconst -check

# strace: the unit tests of the address families the kernel here lacks
# compare what reaches the kernel under strace (Debian's strace), installed
# when missing.
strace:
	@command -v strace >/dev/null || { echo "== installing strace (address family tests)"; \
	  flock /tmp/apt.lock sh -c 'apt-get install -y -qq strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }'; }

unittest: build strace
	@echo "== unit tests: gosocket against the built-in module, every interpreter"
	$(PYTHON) tests/each.py unittest tests/unit/run.py

# stacktest: the standard library above the socket API (ssl, http, urllib,
# socketserver, xmlrpc, asyncio, select/selectors) over gosocket installed
# by gosocket.install(), then the same under `python -m gosocket`.
stacktest: build
	@echo "== stack tests: ssl, http, socketserver, xmlrpc, asyncio, select over gosocket, every interpreter"
	$(PYTHON) tests/each.py stack tests/stack/run.py
	$(PYTHON) tests/each.py stack-runner tests/stack/run.py --runner

conformance: build
	@echo "== conformance: CPython's own test_socket against gosocket"
	$(PYTHON) tests/cpython/conformance.py

# conformance-update rewrites tests/cpython/expected/ from a run (developers only).
conformance-update: build
	$(PYTHON) tests/cpython/conformance.py --update

# stress runs tests/stress/run.py (fork, signals, threads, load, bad input,
# hostile arguments, leaks) in full on every interpreter; stress-short is its
# short form, part of `make test`.
stress: build
	@echo "== stress: fork, signals, threads, load, bad input, hostile arguments and leaks, every interpreter"
	$(PYTHON) tests/each.py stress tests/stress/run.py

stress-short: build
	@echo "== stress (short form): every probe, bounded, every interpreter"
	$(PYTHON) tests/each.py stress-short tests/stress/run.py --short

# wheels: one wheel per interpreter found into dist/ (tools/mkwheel.py:
# standard library only; tags checked by tools/elfcheck.py), with a table.
# sdist: dist/gosocket-<version>.tar.gz, which pip builds through build.py.
wheels:
	@echo "== wheels: one per interpreter, into dist/"
	$(PYTHON) tools/mkwheel.py

sdist:
	@echo "== sdist: dist/gosocket-<version>.tar.gz"
	$(PYTHON) tools/mkwheel.py --sdist

# wheel-test: the wheels' checks (part of `make test`): the manylinux
# check of every wheel, two builds byte-identical, then on 2.7, 3.11 and
# the newest interpreter a fresh environment without go or gcc on PATH:
# pip install --no-index, echo examples and unit tests against the
# installed module, typing (mypy, stubtest) on 3.11, pip uninstall; and
# pip builds the sdist in a fresh 3.11 venv (Go on PATH). Needs Debian's
# mypy (installed here when missing).
wheel-test: wheels sdist
	@/usr/bin/python3 -c 'import mypy' 2>/dev/null || (apt-get update && apt-get install -y -o DPkg::Lock::Timeout=600 mypy)
	@echo "== wheel-test: manylinux check, reproducible, installed without Go, the sdist"
	$(PYTHON) tests/wheel/test_elfcheck.py
	$(PYTHON) tools/elfcheck.py --wheel dist/gosocket-*.whl
	$(PYTHON) tests/wheel/repro.py
	$(PYTHON) tests/wheel/install.py

test: build gotest constants-check unittest stacktest conformance stress-short wheel-test

# bench: gosocket against the built-in socket module, side by side in one
# process, then the application rows in fresh processes (tests/bench/app.py:
# http.server + http.client keep-alive, asyncio echo, gosocket installed as
# _socket), on every interpreter (or BENCH_PYTHONS), in full on BENCH_FULL
# (2.7 and 3.11) and in a short form on the others (tests/bench/run.py:
# table, build/bench/*.json, docs/bench.png). Not part of `make test`.
BENCH_PYTHONS ?=
bench:
	@echo "== bench: gosocket against the built-in socket module on Python $(or $(BENCH_PYTHONS),every interpreter)"
	$(PYTHON) tests/bench/run.py $(BENCH_PYTHONS)

# bench-app: the application rows alone (build/bench/<version>-app.json).
# BENCH_APP_FLAGS="--short" for the short form, "--syscalls" for system
# calls per request as well (strace -f -c; `make strace` installs it).
BENCH_APP_FLAGS ?=
bench-app:
	@echo "== bench-app: http.server/http.client and asyncio over gosocket as _socket, fresh processes, on Python $(or $(BENCH_PYTHONS),every interpreter)"
	$(PYTHON) tests/bench/run.py --app-only $(BENCH_APP_FLAGS) $(BENCH_PYTHONS)

# bench-syscalls: system calls per operation of each scenario (strace -f -c),
# built-in module against gosocket, on BENCH_SYSCALLS_PYTHON (default 3.11).
bench-syscalls: strace
	@echo "== bench-syscalls: strace -f -c per scenario"
	$(PYTHON) tests/bench/syscalls.py

# bench-crossing: what one call from C into Go costs on this machine, with
# and without a system call inside it, against the same system call made
# from C (tools/crosscost): the overhead behind bench's blocking misses;
# and what a second thread in the process costs each socket system call
# (tools/crosscost/threads.c: Go's runtime always has threads).
bench-crossing:
	@echo "== bench-crossing: the price of a C -> Go call (tools/crosscost)"
	@mkdir -p build/crosscost
	cd tools/crosscost/lib && $(GO) build -buildmode=c-shared -o $(CURDIR)/build/crosscost/libcc.so .
	$(CC) -O2 -Wall -Ibuild/crosscost tools/crosscost/driver.c -o build/crosscost/driver build/crosscost/libcc.so -Wl,-rpath,$(CURDIR)/build/crosscost
	build/crosscost/driver
	@if [ -f build/_goruntime/overlay.json ]; then \
	  echo "== the same with gosocket's changes to Go's runtime (build.py's overlay)"; \
	  mkdir -p build/crosscost/patched; \
	  (cd tools/crosscost/lib && $(GO) build -overlay=$(CURDIR)/build/_goruntime/overlay.json -buildmode=c-shared -o $(CURDIR)/build/crosscost/patched/libcc.so .) && \
	  LD_LIBRARY_PATH=$(CURDIR)/build/crosscost/patched build/crosscost/driver; \
	fi
	$(CC) -O2 -Wall tools/crosscost/threads.c -o build/crosscost/threads -lpthread
	build/crosscost/threads

clean:
	rm -rf build dist
