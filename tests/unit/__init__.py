# Unit tests for gosocket: each test compares gosocket with the built-in
# _socket / socket modules of the running interpreter.  Run them with
# "python tests/unit/run.py"; see support.py for how gosocket is located.
