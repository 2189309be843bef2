"""asyncio (3.x) over gosocket: streams over TCP, Unix sockets and TLS,
loop.sock_*, datagram endpoints, many concurrent clients, cancelling a
pending read. The cases are in asyncio_cases.py, whose async/await syntax
2.7 cannot compile."""
import sys
import unittest

if sys.version_info[0] >= 3:
    from asyncio_cases import DatagramTest, LoopSockTest, StreamsTest  # noqa: F401
else:
    class AsyncioTest(unittest.TestCase):
        @unittest.skip('asyncio is 3.x')
        def test_asyncio(self):
            pass

if __name__ == '__main__':
    unittest.main()
