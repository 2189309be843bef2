"""The asyncio_echo scenario of tests/bench/app.py (Python 3 only: this file
uses async/await, which 2.7 cannot parse, so app.py imports it on 3.x only).

An echo server (asyncio.start_server) and its client
(asyncio.open_connection) in one event loop, one TCP connection over
loopback with TCP_NODELAY on both ends: the client writes a message,
drains, and reads the echo back with readexactly; n such round trips are
timed (wall clock and the process's CPU time, getrusage), after `warm`
untimed ones.
"""
import asyncio
import socket


def _nodelay(writer):
    sock = writer.get_extra_info('socket')
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


async def _echo(reader, writer):
    _nodelay(writer)
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def _main(n, warm, size, clocks):
    wall, cpu = clocks
    finished = asyncio.get_event_loop().create_future()

    async def echo(reader, writer):
        try:
            await _echo(reader, writer)
        finally:
            if not finished.done():
                finished.set_result(None)

    srv = await asyncio.start_server(echo, '127.0.0.1', 0)
    port = srv.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    _nodelay(writer)
    msg = b'e' * size
    write, drain, readexactly = writer.write, writer.drain, reader.readexactly
    for _ in range(warm):
        write(msg)
        await drain()
        await readexactly(size)
    w0, c0 = wall(), cpu()
    for _ in range(n):
        write(msg)
        await drain()
        got = await readexactly(size)
    w1, c1 = wall(), cpu()
    if n and got != msg:
        raise AssertionError('echo: got %r' % got[:32])
    writer.close()
    if hasattr(writer, 'wait_closed'):  # 3.7+
        await writer.wait_closed()
    await asyncio.wait_for(finished, 30)  # the server's side ended too (3.6 would warn)
    srv.close()
    await srv.wait_closed()
    await asyncio.sleep(0)  # the transports' connection_lost callbacks
    return w1 - w0, c1 - c0


def run(n, warm, size, clocks):
    """(wall seconds, process CPU seconds) of n echo round trips."""
    if hasattr(asyncio, 'run'):  # 3.7+
        return asyncio.run(_main(n, warm, size, clocks))
    loop = asyncio.new_event_loop()  # 3.6
    try:
        return loop.run_until_complete(_main(n, warm, size, clocks))
    finally:
        loop.close()
