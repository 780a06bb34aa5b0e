"""A tiny stand-in for clamd on a unix socket (outside the project, so faking it is allowed): speaks
INSTREAM and VERSION, answers FOUND for data holding the EICAR test string, OK otherwise. It can
hold its answer to the n-th scan until released, so a test can stop a worker in the middle."""
import socketserver
import struct
import threading

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    def __init__(self, path: str, hold_scan: int | None = None):
        self.path = path
        self.hold_scan = hold_scan
        self.scans = 0
        self.held = threading.Event()      # set when the held scan has arrived
        self.release = threading.Event()   # set to let the held scan (and later ones) answer
        if hold_scan is None:
            self.release.set()
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                command = b""
                while not command.endswith(b"\0"):
                    chunk = self.request.recv(1)
                    if not chunk:
                        return
                    command += chunk
                if command == b"zVERSION\0":
                    self.request.sendall(b"ClamAV 1.0.7/27400/Fake\0")
                    return
                if command != b"zINSTREAM\0":
                    self.request.sendall(b"UNKNOWN COMMAND\0")
                    return
                data = b""
                while True:
                    size = struct.unpack("!L", self._exactly(4))[0]
                    if size == 0:
                        break
                    data += self._exactly(size)
                fake.scans += 1
                if fake.hold_scan is not None and fake.scans == fake.hold_scan:
                    fake.held.set()
                    fake.release.wait(120)
                answer = b"stream: Eicar-Test-Signature FOUND\0" if EICAR_MARK in data else b"stream: OK\0"
                try:
                    self.request.sendall(answer)
                except OSError:
                    pass  # the client was killed while we held the answer

            def _exactly(self, n):
                buf = b""
                while len(buf) < n:
                    chunk = self.request.recv(n - len(buf))
                    if not chunk:
                        raise ConnectionError("client went away")
                    buf += chunk
                return buf

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True

        self.server = Server(path, Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
