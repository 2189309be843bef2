"""python -m gosocket: run a program with gosocket installed as _socket.

    python -m gosocket script.py [args...]
    python -m gosocket -m module [args...]
    python -m gosocket -c command [args...]

gosocket.install() runs first, before the program or anything it imports
loads the socket module, so the standard library's socket.py (and ssl,
asyncio, http.client... above it) run over gosocket. The program then
runs as `python script.py`, `python -m module` or `python -c command`
would run it: sys.argv, sys.path[0], the __main__ module, the exit status,
and the traceback of an uncaught exception (without this runner's frames).
Written for Python 2.7 and 3.x.
"""
import sys

import gosocket

# _replaced keeps the __main__ module this runner runs in once the program's
# own took its place in sys.modules (2.7 empties a module's namespace when
# the module goes away).
_replaced = []

USAGE = ('usage: python -m gosocket [--socket] (script.py | -m module | -c command) [args...]\n'
         '  runs the program with gosocket installed as _socket (--socket: as socket too)\n')


def new_main(filename=None):
    """new_main makes a fresh __main__ module, as the interpreter's own for
    a script (3.x: __loader__; before 3.15, __cached__; before 3.14, whose
    modules make their annotations lazily (PEP 649), __annotations__), and
    puts it in sys.modules."""
    import types
    main = types.ModuleType('__main__')
    main.__builtins__ = sys.modules['__builtin__' if sys.version_info[0] == 2 else 'builtins']
    main.__package__ = None
    if sys.version_info[0] >= 3:
        main.__spec__ = None
        if sys.version_info < (3, 14):
            main.__annotations__ = {}
        if filename is None:
            main.__loader__ = sys.modules['__main__'].__dict__.get('__loader__')
    if filename is not None:
        main.__file__ = filename
        if sys.version_info[0] >= 3:
            from importlib.machinery import SourceFileLoader
            main.__loader__ = SourceFileLoader('__main__', filename)
            if sys.version_info < (3, 15):  # 3.15's __main__ has no __cached__
                main.__cached__ = None
    _replaced.append(sys.modules['__main__'])
    sys.modules['__main__'] = main
    return main


def run_script(path, args):
    """run_script runs path as `python path args...` does."""
    import os
    if os.path.isdir(path) or not path.endswith(('.py', '.pyw')) and _is_zip(path):
        # A directory or zip archive with a __main__.py: runpy's way.
        import runpy
        sys.argv = [path] + args
        sys.path[0] = path
        runpy.run_path(path, run_name='__main__')
        return
    filename = os.path.abspath(path) if sys.version_info >= (3, 9) else path
    try:
        f = open(path, 'rb')
    except (IOError, OSError) as e:
        sys.stderr.write("%s: can't open file %r: [Errno %d] %s\n"
                         % (sys.executable, filename, e.errno, e.strerror))
        sys.exit(2)
    sys.argv = [path] + args
    sys.path[0] = os.path.dirname(os.path.realpath(path))
    main = new_main(filename)
    if sys.version_info[0] == 2:
        f.close()
        # execfile reads the file as the interpreter does (its errors too)
        execfile(path, main.__dict__)  # noqa: F821 (Python 2 only)
        return
    with f:
        source = f.read()
    code = compile(source, filename, 'exec', 0, True)
    exec(code, main.__dict__)


def _is_zip(path):
    import zipfile
    try:
        return zipfile.is_zipfile(path)
    except (IOError, OSError):
        return False


def run_module(name, args):
    """run_module runs the module as `python -m name args...` does."""
    import runpy
    sys.argv = ['-m'] + args
    new_main()
    runpy._run_module_as_main(name, True)


def run_command(command, args):
    """run_command runs the command as `python -c command args...` does."""
    sys.argv = ['-c'] + args
    sys.path[0] = ''
    main = new_main()
    exec(compile(command, '<string>', 'exec', 0, True), main.__dict__)


def main(argv):
    socket_too = False
    while argv and argv[0] == '--socket':
        socket_too = True
        argv = argv[1:]
    if not argv or argv[0] in ('-h', '--help') or argv[0] in ('-m', '-c') and len(argv) < 2:
        sys.stderr.write(USAGE)
        return 2
    gosocket.install(socket=socket_too)
    try:
        if argv[0] == '-m':
            run_module(argv[1], argv[2:])
        elif argv[0] == '-c':
            run_command(argv[1], argv[2:])
        else:
            run_script(argv[0], argv[1:])
    except SystemExit:
        raise
    except BaseException:
        report(*sys.exc_info())
    return 0


def report(etype, value, tb):
    """report prints an uncaught exception as the interpreter does, from the
    program's first frame on (this runner's frames left out), then exits as
    it does: status 1, or for KeyboardInterrupt what the interpreter does
    after an unhandled one (3.8+: it ends by SIGINT)."""
    tb = tb.tb_next.tb_next if tb is not None and tb.tb_next is not None else None
    if sys.version_info[0] >= 3 and value is not None:
        value.__traceback__ = tb
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    sys.excepthook(etype, value, tb)
    if issubclass(etype, KeyboardInterrupt):
        # Printed already: the interpreter's own report of the re-raised
        # exception is silenced, its way of exiting kept.
        sys.excepthook = lambda *a: None
        raise value
    sys.exit(1)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
