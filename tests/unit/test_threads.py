"""Threads: blocking socket calls must release the GIL, so other Python
threads keep running and can wake the blocked call.

Each scenario runs in a child interpreter with a hard deadline: an
implementation that holds the GIL while blocked deadlocks the whole
process, and the child is then killed and the test fails instead of
hanging the run."""

import unittest

if __package__:
    from . import support
else:
    import support

gs = support.gs


class ThreadsTest(support.TestCase):

    def test_blocking_recv_lets_other_threads_run(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            started = threading.Event()
            out = []
            def reader():
                started.set()
                out.append(a.recv(10))
            t = spawn(reader)
            check(started.wait(5), 'reader did not start')
            time.sleep(0.3)
            n = busy(0.2)
            check(n > 1000, 'main thread starved: %d iterations' % n)
            check(t.is_alive() and not out, 'recv returned early: %r' % out)
            b.sendall(b'wake')
            t.join(10)
            check(out == [b'wake'], 'reader got %r' % out)
        ''')

    def test_recv_with_timeout_lets_other_threads_run(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            a.settimeout(15)
            out = []
            t = spawn(lambda: out.append(a.recv(10)))
            time.sleep(0.3)
            check(busy(0.2) > 1000, 'main thread starved')
            check(t.is_alive() and not out, 'recv returned early: %r' % out)
            b.sendall(b'data')
            t.join(10)
            check(out == [b'data'], 'reader got %r' % out)
        ''')

    def test_blocking_accept_lets_other_threads_run(self):
        self.run_in_child('''
            lsock = gs.socket()
            lsock.bind(('127.0.0.1', 0))
            lsock.listen(1)
            out = []
            t = spawn(lambda: out.append(lsock.accept()))
            time.sleep(0.3)
            check(busy(0.2) > 1000, 'main thread starved')
            check(t.is_alive() and not out, 'accept returned early')
            c = gs.socket()
            c.settimeout(10)
            c.connect(lsock.getsockname())
            t.join(10)
            check(len(out) == 1, 'accept did not return')
            check(out[0][1] == c.getsockname(), 'bad address %r' % (out,))
        ''')

    def test_blocked_recv_woken_by_data_sent_from_another_thread(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            def writer():
                time.sleep(0.3)
                b.sendall(b'hello from thread')
            spawn(writer)
            t0 = time.time()
            data = a.recv(100)
            check(data == b'hello from thread', 'got %r' % data)
            check(time.time() - t0 < 10, 'recv woke too late')
        ''')

    def test_blocked_udp_recvfrom_woken_by_datagram_from_another_thread(self):
        self.run_in_child('''
            a = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
            b = gs.socket(gs.AF_INET, gs.SOCK_DGRAM)
            a.bind(('127.0.0.1', 0))
            b.bind(('127.0.0.1', 0))
            def writer():
                time.sleep(0.3)
                b.sendto(b'dgram', a.getsockname())
            spawn(writer)
            data, addr = a.recvfrom(100)
            check((data, addr) == (b'dgram', b.getsockname()),
                  'got %r' % ((data, addr),))
        ''')

    def test_blocked_sendall_lets_reader_thread_drain(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            payload = b'p' * (8 * 1024 * 1024)
            got = []
            def reader():
                time.sleep(0.3)
                n = 0
                while n < len(payload):
                    chunk = b.recv(65536)
                    if not chunk:
                        break
                    n += len(chunk)
                got.append(n)
            t = spawn(reader)
            a.sendall(payload)
            t.join(15)
            check(got == [len(payload)], 'reader got %r' % got)
        ''')

    def test_shutdown_from_another_thread_wakes_blocked_recv(self):
        self.run_in_child('''
            a, b = gs.socketpair()
            def stopper():
                time.sleep(0.3)
                a.shutdown(gs.SHUT_RDWR)
            spawn(stopper)
            t0 = time.time()
            data = a.recv(10)
            check(data == b'', 'got %r' % data)
            check(time.time() - t0 < 10, 'woke too late')
        ''')

    def test_calls_on_a_closed_socket_whose_last_call_waited_fail_with_ebadf(self):
        # the call layer polls first on a socket whose last call that way
        # had to wait (and for a blocking accept): after close() the
        # descriptor is -1, and each call must fail with EBADF as the
        # built-in module's does, not poll nothing forever
        self.run_in_child('''
            import errno
            def ebadf(what, fn):
                try:
                    fn()
                except (IOError, OSError) as e:
                    check(e.args[0] == errno.EBADF, '%s: %r' % (what, e))
                    return
                check(False, '%s on a closed socket returned' % what)
            a, b = gs.socketpair()
            t = spawn(lambda: a.recv(10))
            time.sleep(0.2)
            b.sendall(b'x')
            t.join(10)
            a.setblocking(False)
            while True:
                try:
                    a.send(b'f' * 65536)
                except (IOError, OSError):
                    break
            a.setblocking(True)
            t = spawn(lambda: a.sendall(b's' * 100000))
            time.sleep(0.2)
            deadline = time.time() + 10
            while t.is_alive() and time.time() < deadline:
                try:
                    b.recv(1 << 20, gs.MSG_DONTWAIT)  # the sender may finish while nothing is left
                except (IOError, OSError):
                    time.sleep(0.01)
            check(not t.is_alive(), 'sendall did not finish')
            a.close()
            ebadf('recv', lambda: a.recv(10))
            ebadf('send', lambda: a.send(b'x'))
            l = gs.socket(gs.AF_INET, gs.SOCK_STREAM)
            l.bind(('127.0.0.1', 0))
            l.listen(1)
            l.close()
            ebadf('accept', l.accept)
            b.close()
        ''')

    def test_many_threads_exchange_data_concurrently(self):
        self.run_in_child('''
            N, ROUNDS = 8, 200
            errors = []
            def worker(i):
                try:
                    a, b = gs.socketpair()
                    a.settimeout(10)
                    b.settimeout(10)
                    for r in range(ROUNDS):
                        msg = ('%d:%d' % (i, r)).encode()
                        a.sendall(msg)
                        got = b''
                        while len(got) < len(msg):
                            got += b.recv(len(msg) - len(got))
                        if got != msg:
                            errors.append((i, r, got))
                            return
                        b.sendall(got)
                        back = b''
                        while len(back) < len(msg):
                            back += a.recv(len(msg) - len(back))
                    a.close()
                    b.close()
                except Exception as e:
                    errors.append((i, repr(e)))
            threads = [spawn(worker, i) for i in range(N)]
            for t in threads:
                t.join(20)
            check(not any(t.is_alive() for t in threads), 'workers stuck')
            check(not errors, 'errors: %r' % errors[:5])
        ''')

    def test_timeouts_in_several_threads_run_in_parallel(self):
        self.run_in_child('''
            socks = [gs.socketpair() for _ in range(4)]
            results = []
            def waiter(s):
                s.settimeout(0.5)
                try:
                    s.recv(1)
                    results.append('data')
                except gs.timeout:
                    results.append('timeout')
            t0 = time.time()
            threads = [spawn(waiter, a) for a, b in socks]
            for t in threads:
                t.join(10)
            elapsed = time.time() - t0
            check(results == ['timeout'] * 4, 'results %r' % results)
            # serialised waits would take >= 2s
            check(elapsed < 1.8, 'timeouts ran serially: %.2fs' % elapsed)
        ''')


if __name__ == '__main__':
    unittest.main()
