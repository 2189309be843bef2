"""gosocket's PEP 517 build backend (pyproject.toml's backend-path): what
`pip install .` and `pip install gosocket-<version>.tar.gz` run. It needs
no other package: build.py compiles the extension with Go for the
interpreter running it, tools/mkwheel.py writes the same wheel `make wheels`
does (tags, RECORD, stubs) and the sdist. Go must be on PATH (or GO set, or
in /usr/local/go); gcc too (cgo)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkwheel  # noqa: E402  (tools/mkwheel.py, which imports build.py)


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    info = mkwheel.build.probe(sys.executable)
    path, _ = mkwheel.build_wheel(info, wheel_directory, mkwheel.build.find_go())
    return os.path.basename(path)


def build_sdist(sdist_directory, config_settings=None):
    return os.path.basename(mkwheel.write_sdist(sdist_directory))
