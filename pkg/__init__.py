"""gosocket: the socket module, implemented in Go.

The package's __init__ is the extension module built by build.py
(__init__<EXT_SUFFIX> beside this file), which the import system prefers
to this file. This file runs only when the extension for the running
interpreter is missing (Python 2.7 needs it to see a package at all).
"""
import sys

raise ImportError('gosocket is not built for Python %d.%d: no extension module '
                  '__init__ in %s (build it with: python build.py)'
                  % (sys.version_info[:2] + (__path__[0],)))
