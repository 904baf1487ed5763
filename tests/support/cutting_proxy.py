"""A TCP proxy that forwards to a real server and can cut a connection in the middle of a reply.

It stands for the network failing: the client sees its socket reset part-way through a
response, as when a Wi-Fi link, a NAT or the provider drops a long FETCH.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field

from tests.support.ports import free_port


@dataclass
class CuttingProxy:
    upstream: tuple[str, int]
    port: int = field(default_factory=free_port)
    cut_after_bytes: int | None = None  # server-to-client bytes on one connection before it is cut
    cuts: int = 0
    connections: int = 0
    _server: socket.socket | None = None

    def start(self) -> CuttingProxy:
        self._server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()

    def _accept(self) -> None:
        assert self._server is not None
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(self.upstream)
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, from_server: bool) -> None:
        sent = 0
        try:
            while data := source.recv(65536):
                limit = self.cut_after_bytes if from_server else None
                if limit is not None and sent + len(data) > limit:
                    target.sendall(data[: max(0, limit - sent)])
                    self.cut_after_bytes = None  # one cut, then the network is healthy again
                    self.cuts += 1
                    break
                target.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
