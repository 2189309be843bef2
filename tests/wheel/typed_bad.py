"""Mistakes mypy must find with gosocket's stubs (tests/wheel/typecheck.py):
each line marked 'error' is one; if the stubs were missing or typed as
Any, none would be found."""
import gosocket as socket

s = socket.socket()
s.sendmmsg(5)  # error: an int is not an iterable of messages
n: str = s.recvmmsg(1, 2)  # error: recvmmsg returns a list
socket.install("yes", 1)  # error: install takes at most one argument
v: int = socket.__version__  # error: __version__ is a str
s.connect_ex(b"x", 1)  # error: connect_ex takes one address
