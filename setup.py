"""pip packaging for gosocket: the extension is built by build.py (go build
-buildmode=c-shared) for the interpreter running pip, then installed as the
package `gosocket`: the extension is the package's __init__ (gosocket/
__init__<EXT_SUFFIX>), beside pkg/'s __init__.py (which 2.7 needs to see a
package) and __main__.py (python -m gosocket).

    pip install --no-build-isolation .
    pip wheel --no-build-isolation --no-deps .
"""
import os
import shutil
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build as gobuild  # noqa: E402  (build.py beside this file)


class GoBuildExt(build_ext):
    """build_ext that delegates compiling to build.py."""

    def run(self):
        info = gobuild.probe(sys.executable)
        path, _ = gobuild.build(info, gobuild.find_go())
        for ext in self.extensions:
            dest = self.get_ext_fullpath(ext.name)
            if not os.path.isdir(os.path.dirname(dest)):
                os.makedirs(os.path.dirname(dest))
            shutil.copyfile(path, dest)


setup(
    name='gosocket',
    version=gobuild.version(),  # pysocket/version.h
    description="Python's socket module, implemented in Go",
    long_description=open(os.path.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    license='MIT',
    packages=['gosocket'],
    package_dir={'gosocket': 'pkg'},
    ext_modules=[Extension('gosocket.__init__', sources=[])],
    cmdclass={'build_ext': GoBuildExt},
    zip_safe=False,
)
