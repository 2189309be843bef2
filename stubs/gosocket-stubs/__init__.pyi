# Type stubs for gosocket (PEP 561, stub-only package gosocket-stubs).
#
# gosocket has the standard library socket module's API, so these stubs
# re-export the standard library's (typeshed's socket, version by version)
# and add what gosocket has beyond it: the socket class's batch methods
# sendmmsg and recvmmsg, install(), __version__ and the _socket layer.
# `import gosocket as socket` then type-checks as `import socket` does.
import sys
import socket as _std
from collections.abc import Iterable
from typing import Any
from typing_extensions import TypeAlias

from _typeshed import ReadableBuffer
from socket import *
from socket import (
    SocketType as SocketType,
    error as error,
    gaierror as gaierror,
    herror as herror,
    timeout as timeout,
    has_ipv6 as has_ipv6,
    AddressFamily as AddressFamily,
    SocketKind as SocketKind,
    MsgFlag as MsgFlag,
    AddressInfo as AddressInfo,
    SocketIO as SocketIO,
    getfqdn as getfqdn,
    getaddrinfo as getaddrinfo,
)
from socket import _GLOBAL_DEFAULT_TIMEOUT as _GLOBAL_DEFAULT_TIMEOUT

from . import _socket as _socket

__version__: str

_Address: TypeAlias = tuple[Any, ...] | str | ReadableBuffer
# A batch message: the data alone (a connected socket) or (data, address).
_Message: TypeAlias = ReadableBuffer | tuple[ReadableBuffer, _Address]

class socket(_std.socket):
    def dup(self) -> socket: ...
    def accept(self) -> tuple[socket, Any]: ...
    # sendmmsg sends the messages (at most 1024) with one sendmmsg(2) call
    # and returns how many were sent.
    def sendmmsg(self, messages: Iterable[_Message], flags: int = ..., /) -> int: ...
    # recvmmsg receives up to count datagrams of at most bufsize bytes each
    # with one recvmmsg(2) call, as (data, address) pairs.
    def recvmmsg(self, count: int, bufsize: int, flags: int = ..., /) -> list[tuple[bytes, Any]]: ...

def install(socket: bool = False) -> None: ...
def fromfd(fd: int, family: AddressFamily | int, type: SocketKind | int, proto: int = ...) -> socket: ...
def socketpair(
    family: int | AddressFamily | None = ..., type: SocketKind | int = ..., proto: int = ...
) -> tuple[socket, socket]: ...

if sys.version_info >= (3, 11):
    def create_connection(
        address: tuple[str | None, int],
        timeout: float | None = ...,
        source_address: _Address | None = ...,
        *,
        all_errors: bool = ...,
    ) -> socket: ...

else:
    def create_connection(
        address: tuple[str | None, int], timeout: float | None = ..., source_address: _Address | None = ...
    ) -> socket: ...

if sys.version_info >= (3, 8):
    def create_server(
        address: _Address, *, family: int = ..., backlog: int | None = ..., reuse_port: bool = ..., dualstack_ipv6: bool = ...
    ) -> socket: ...
