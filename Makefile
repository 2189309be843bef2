# gosocket: `make` builds for every interpreter and runs the echo examples;
# `make test` runs every test. Interpreters run one after another.
PYTHON ?= python3
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
export GO

.PHONY: all build demo test gotest vet constants constants-check unittest conformance conformance-update stress stress-short clean

all: build demo

build:
	@echo "== build: gosocket for every interpreter"
	$(PYTHON) build.py --all

demo: build
	@echo "== demo: the documentation's echo examples through gosocket"
	$(PYTHON) tests/each.py demo examples/echo.py

gotest:
	@echo "== go test: core and the constants generator"
	$(GO) vet ./...
	$(GO) test -count=1 ./...

constants:
	$(GO) run ./internal/genconst

constants-check:
	@echo "== constants: the generated table matches the C headers"
	$(GO) run ./internal/genconst -check

unittest: build
	@echo "== unit tests: gosocket against the built-in module, every interpreter"
	$(PYTHON) tests/each.py unittest tests/unit/run.py

conformance: build
	@echo "== conformance: CPython's own test_socket against gosocket"
	$(PYTHON) tests/cpython/conformance.py

# conformance-update rewrites tests/cpython/expected/ from a run (developers only).
conformance-update: build
	$(PYTHON) tests/cpython/conformance.py --update

# stress runs tests/stress/run.py (fork, signals, threads, load, bad input,
# leaks) in full on every interpreter; stress-short is its short form, part
# of `make test`.
stress: build
	@echo "== stress: fork, signals, threads, load, bad input and leaks, every interpreter"
	$(PYTHON) tests/each.py stress tests/stress/run.py

stress-short: build
	@echo "== stress (short form): every probe, bounded, every interpreter"
	$(PYTHON) tests/each.py stress-short tests/stress/run.py --short

test: build gotest constants-check unittest conformance stress-short

clean:
	rm -rf build
