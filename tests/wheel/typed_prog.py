"""A small typed program over gosocket, checked by mypy --strict
(tests/wheel/typecheck.py): gosocket used as the socket module."""
import gosocket as socket


def ping(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as s:
        s.sendall(b"ping")
        return s.recv(1024)


def serve(backlog: int = 1) -> tuple[socket.socket, int]:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(backlog)
    port: int = srv.getsockname()[1]
    return srv, port


def batch() -> list[bytes]:
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    sent: int = a.sendmmsg([b"one", b"two"])
    got = b.recvmmsg(sent, 64)
    a.close()
    b.close()
    return [data for data, _addr in got]


def resolve(host: str) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, 80, socket.AF_INET, socket.SOCK_STREAM)]


def fails() -> str:
    try:
        socket.getaddrinfo("name.invalid", 80)
    except socket.gaierror as e:
        return str(e.errno)
    except socket.timeout:
        return "timeout"
    except socket.error as e:
        return e.strerror or ""
    return ""


def main() -> None:
    socket.install()
    version: str = socket.__version__
    srv, port = serve()
    family: socket.AddressFamily = srv.family  # the enum, as socket.py's
    level: int = socket.AF_INET6  # module constants are ints, as _socket's
    conn, addr = srv.accept()
    print(version, family, level, port, conn.recvmmsg(1, 64), addr, batch(), resolve("localhost"), fails())


if __name__ == "__main__":
    main()
