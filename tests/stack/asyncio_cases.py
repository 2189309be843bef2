"""The asyncio cases of test_asyncio.py (3.x syntax, so imported only on
3.x). asyncio over gosocket: streams over TCP, Unix sockets and TLS,
loop.sock_* (recv, recv_into, sendall, accept, connect, sendfile), datagram
endpoints, many concurrent clients, and cancelling a pending read."""
import os
import sys
import tempfile
import unittest

import common
from common import PY2, TIMEOUT, socket

if not PY2:
    import asyncio

CLIENTS, MESSAGES = 200, 100
LIMIT = 1 << 20  # stream buffer limit: lines of 100 kB


def run(coro):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(asyncio.wait_for(coro, 60))
    finally:
        loop.close()


async def echo_handler(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            writer.write(line.upper())
            await writer.drain()
    finally:
        writer.close()


async def close_server(srv):
    srv.close()
    await srv.wait_closed()


async def exchange(reader, writer, lines):
    out = []
    for line in lines:
        writer.write(line)
        await writer.drain()
        out.append(await reader.readline())
    writer.close()
    return out


@unittest.skipIf(PY2, 'asyncio is 3.x')
class StreamsTest(unittest.TestCase):

    def tearDown(self):
        common.cleanup_dirs()

    def check_sockets(self, srv, writer):
        for s in srv.sockets:
            common.assertGosocket(self, s._sock if hasattr(s, '_sock') else s)
        raw = writer.get_extra_info('socket')
        common.assertGosocket(self, raw._sock if hasattr(raw, '_sock') else raw)

    def test_tcp(self):
        async def main():
            srv = await asyncio.start_server(echo_handler, '127.0.0.1', 0, limit=LIMIT)
            port = srv.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection('127.0.0.1', port, limit=LIMIT)
            self.check_sockets(srv, writer)
            got = await exchange(reader, writer, [b'a\n', b'bc\n', b'x' * 100000 + b'\n'])
            await close_server(srv)
            return got
        self.assertEqual(run(main()), [b'A\n', b'BC\n', b'X' * 100000 + b'\n'])

    def test_unix(self):
        path = common.unix_path()

        async def main():
            srv = await asyncio.start_unix_server(echo_handler, path)
            reader, writer = await asyncio.open_unix_connection(path)
            self.check_sockets(srv, writer)
            got = await exchange(reader, writer, [b'unix\n'])
            await close_server(srv)
            return got
        self.assertEqual(run(main()), [b'UNIX\n'])

    def test_tls(self):
        async def main():
            srv = await asyncio.start_server(echo_handler, '127.0.0.1', 0, ssl=common.server_context(), limit=LIMIT)
            port = srv.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=common.client_context(),
                                                           server_hostname='localhost', limit=LIMIT)
            self.assertIsNotNone(writer.get_extra_info('peercert'))
            self.check_sockets(srv, writer)
            got = await exchange(reader, writer, [b'tls\n', b'y' * 50000 + b'\n'])
            await close_server(srv)
            return got
        self.assertEqual(run(main()), [b'TLS\n', b'Y' * 50000 + b'\n'])

    def test_many_clients(self):
        async def client(port, k):
            reader, writer = await asyncio.open_connection('127.0.0.1', port)
            bad = 0
            for i in range(MESSAGES):
                msg = ('c%d m%d\n' % (k, i)).encode()
                writer.write(msg)
                await writer.drain()
                if await reader.readline() != msg.upper():
                    bad += 1
            writer.close()
            return bad

        async def main():
            srv = await asyncio.start_server(echo_handler, '127.0.0.1', 0, backlog=CLIENTS)
            port = srv.sockets[0].getsockname()[1]
            bad = await asyncio.gather(*[client(port, k) for k in range(CLIENTS)])
            await close_server(srv)
            return bad
        self.assertEqual(run(main()), [0] * CLIENTS)

    def test_cancel_pending_read(self):
        async def main():
            srv = await asyncio.start_server(echo_handler, '127.0.0.1', 0)
            port = srv.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection('127.0.0.1', port)
            pending = asyncio.ensure_future(reader.readline())
            await asyncio.sleep(0.05)
            self.assertFalse(pending.done())
            pending.cancel()
            try:
                await pending
                cancelled = False
            except asyncio.CancelledError:
                cancelled = True
            # the connection still works after the cancelled read
            got = await exchange(reader, writer, [b'after\n'])
            await close_server(srv)
            return cancelled, got
        self.assertEqual(run(main()), (True, [b'AFTER\n']))


@unittest.skipIf(PY2, 'asyncio is 3.x')
class LoopSockTest(unittest.TestCase):

    def test_sock_methods(self):
        async def main():
            loop = asyncio.get_event_loop()
            lsn = socket.socket()
            lsn.bind(('127.0.0.1', 0))
            lsn.listen(5)
            lsn.setblocking(False)
            cli = socket.socket()
            cli.setblocking(False)
            acc = asyncio.ensure_future(loop.sock_accept(lsn))
            await loop.sock_connect(cli, lsn.getsockname())
            conn, addr = await acc
            common.assertGosocket(self, conn)
            self.assertEqual(addr, cli.getsockname())
            conn.setblocking(False)
            payload = os.urandom(1 << 20)
            send = asyncio.ensure_future(loop.sock_sendall(cli, payload))
            got = bytearray()
            while len(got) < len(payload):
                got += await loop.sock_recv(conn, 65536)
            await send
            self.assertEqual(bytes(got), payload)
            await loop.sock_sendall(conn, b'into')
            buf = bytearray(10)
            n = await loop.sock_recv_into(cli, buf) if hasattr(loop, 'sock_recv_into') else None
            if n is not None:
                self.assertEqual(bytes(buf[:n]), b'into')
            if hasattr(loop, 'sock_sendfile'):
                with tempfile.TemporaryFile() as f:
                    f.write(payload[:200000])
                    f.seek(0)
                    sent = await loop.sock_sendfile(cli, f)
                self.assertEqual(sent, 200000)
                got = bytearray()
                while len(got) < 200000:
                    got += await loop.sock_recv(conn, 65536)
                self.assertEqual(bytes(got), payload[:200000])
            for s in (lsn, cli, conn):
                s.close()
        run(main())


class EchoDatagram(object):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data[::-1], addr)

    def error_received(self, exc):
        pass

    def connection_lost(self, exc):
        pass


@unittest.skipIf(PY2, 'asyncio is 3.x')
class DatagramTest(unittest.TestCase):

    def test_datagram_endpoints(self):
        async def main():
            loop = asyncio.get_event_loop()
            srv, _ = await loop.create_datagram_endpoint(EchoDatagram, local_addr=('127.0.0.1', 0))
            addr = srv.get_extra_info('sockname')
            common.assertGosocket(self, srv.get_extra_info('socket')._sock
                                  if hasattr(srv.get_extra_info('socket'), '_sock') else srv.get_extra_info('socket'))
            got = []
            done = loop.create_future()

            class Client(EchoDatagram):
                def datagram_received(self, data, addr):
                    got.append(data)
                    if len(got) == 20:
                        done.set_result(None)
            cli, _ = await loop.create_datagram_endpoint(Client, remote_addr=addr)
            for i in range(20):
                cli.sendto(('dgram %d' % i).encode())
            await asyncio.wait_for(done, TIMEOUT)
            cli.close()
            srv.close()
            return sorted(got)
        self.assertEqual(run(main()), sorted(('dgram %d' % i).encode()[::-1] for i in range(20)))


if __name__ == '__main__':
    unittest.main()
