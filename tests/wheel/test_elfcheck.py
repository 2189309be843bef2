#!/usr/bin/env python3
"""Unit tests of tools/elfcheck.py on small shared objects built with gcc.

    python3 tests/wheel/test_elfcheck.py

Each case compiles a few lines of C into a shared object with the needs
under test (a newer pthread_create, a library outside the allow-list,
libpython) and checks what elfcheck reads from it against readelf-free
expectations. Skipped without gcc.
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import elfcheck  # noqa: E402

GCC = shutil.which('gcc')


@unittest.skipIf(GCC is None, 'no gcc')
class ELFCheckTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='gosocket-elfcheck-')
        self.addCleanup(shutil.rmtree, self.tmp)

    def shared(self, code, *flags):
        src = os.path.join(self.tmp, 'x.c')
        out = os.path.join(self.tmp, 'x.so')
        with open(src, 'w') as f:
            f.write(code)
        subprocess.check_call([GCC, '-shared', '-fPIC', '-o', out, src] + list(flags))
        with open(out, 'rb') as f:
            return f.read()

    def test_plain_libc_call(self):
        tag, needs, problems = elfcheck.check(self.shared('#include <string.h>\nint f(char *a, char *b, int n)'
                                                          ' { memcpy(a, b, n); return 0; }\n'))
        self.assertEqual(problems, [])
        self.assertIn('libc.so.6', needs['needed'])
        self.assertEqual(tag, 'manylinux_2_14_x86_64')  # memcpy@GLIBC_2.14
        self.assertIn('memcpy', needs['symbols']['GLIBC_2.14'])

    def test_newer_symbol_version_raises_the_tag(self):
        # On glibc 2.34+ pthread_create binds to GLIBC_2.34 (libpthread
        # moved into libc); the tag follows it.
        code = ('#include <pthread.h>\nstatic void *g(void *a) { return a; }\n'
                'int f(void) { pthread_t t; return pthread_create(&t, 0, g, 0); }\n')
        tag, needs, problems = elfcheck.check(self.shared(code, '-pthread'))
        versions = [v for v, syms in needs['symbols'].items() if 'pthread_create' in syms]
        self.assertEqual(len(versions), 1)
        glibc = tuple(int(x) for x in os.confstr('CS_GNU_LIBC_VERSION').split()[1].split('.')[:2])
        if glibc >= (2, 34):
            self.assertEqual(versions, ['GLIBC_2.34'])
        self.assertEqual(tag, 'manylinux_2_%d_x86_64' % max(elfcheck.glibc_minor(versions[0]), 5))
        self.assertEqual(problems, [])

    def test_library_outside_the_allow_list_fails(self):
        _, needs, problems = elfcheck.check(self.shared('int f(void) { return 0; }\n',
                                                        '-Wl,--no-as-needed', '-l:libz.so.1'))
        self.assertIn('libz.so.1', needs['needed'])
        self.assertEqual(problems, ['needs libz.so.1, outside the manylinux allow-list'])

    def test_libpython_fails(self):
        libdir = sysconfig.get_config_var('LIBDIR')
        lib = sysconfig.get_config_var('LDLIBRARY')
        if not lib or not lib.endswith('.so') or not os.path.exists(os.path.join(libdir, lib)):
            self.skipTest('this interpreter has no shared libpython')
        _, needs, problems = elfcheck.check(self.shared('int f(void) { return 0; }\n', '-Wl,--no-as-needed',
                                                        '-L' + libdir, '-l:' + lib))
        self.assertEqual(len(problems), 1)
        self.assertTrue(problems[0].startswith('links libpython'), problems)

    def test_glibc_minor(self):
        cases = [('GLIBC_2.17', 17), ('GLIBC_2.2.5', 2), ('GLIBC_2.3.2', 3), ('GLIBC_PRIVATE', None),
                 ('GCC_3.0', None), ('GLIBCXX_3.4', None)]
        for name, want in cases:
            self.assertEqual(elfcheck.glibc_minor(name), want, name)

    def test_not_elf(self):
        with self.assertRaises(elfcheck.ELFError):
            elfcheck.parse(b'#!/bin/sh\n')


if __name__ == '__main__':
    unittest.main()
