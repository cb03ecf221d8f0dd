"""A small SMTP server on loopback for the tests: it records each message it accepts, and can
hold new connections silent (a mail server that stopped answering) until released."""

from __future__ import annotations

import socket
import socketserver
import threading
from types import TracebackType


class _Handler(socketserver.StreamRequestHandler):
    server: RecordingSMTPServer

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.server.connections += 1
        self.server.connected.set()
        self.server.answering.wait()
        self._say("220 test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250 test")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 go ahead")
                data = bytearray()
                for chunk in iter(self.rfile.readline, b""):
                    if chunk == b".\r\n":
                        break
                    data += chunk
                self.server.messages.append(bytes(data))
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not here")


class RecordingSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, *, answering: bool = True) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.messages: list[bytes] = []
        self.connections = 0
        self.connected = threading.Event()
        self.answering = threading.Event()
        if answering:
            self.answering.set()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def __enter__(self) -> RecordingSMTPServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.answering.set()
        self.shutdown()
        self.server_close()


def unused_port() -> int:
    """A loopback port with nothing listening on it (bound, read, released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
