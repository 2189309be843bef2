# gosocket._socket: gosocket as the standard library's socket.py expects
# its _socket to be (sys.modules['_socket'] = gosocket._socket): the API
# of the built-in _socket, as typeshed types it.
from _socket import *
from _socket import socket as socket, SocketType as SocketType
from typing import Any

CAPI: Any
