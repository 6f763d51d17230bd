"""A real HTTP server on 127.0.0.1 for tests and benchmarks.

Routes are registered per path; each can set a body, headers, a status, a
redirect, a delay before answering, a trickle (slow body), an endless body,
and honours ETag / Last-Modified conditional requests like a real server.
Every request is logged so a test can check what the client sent.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    redirect_to: str | None = None
    delay: float = 0.0
    # Send the body in pieces with a pause between them (a server that trickles).
    trickle: float = 0.0
    # Stream this many bytes of filler without a Content-Length (an oversized answer).
    endless_bytes: int = 0
    gzip: bool = False


@dataclass
class Logged:
    path: str
    headers: dict[str, str]
    status: int


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                server._handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **options: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]
        return self.url(path)

    def requests_for(self, path: str) -> list[Logged]:
        with self._lock:
            return [entry for entry in self.log if entry.path == path]

    def _record(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        with self._lock:
            self.log.append(Logged(handler.path, dict(handler.headers.items()), status))

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(handler.path.split("?", 1)[0])
        if route is None:
            self._record(handler, 404)
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if route.delay:
            time.sleep(route.delay)
        if route.redirect_to:
            self._record(handler, route.status or 302)
            handler.send_response(
                route.status if route.status in (301, 302, 303, 307, 308) else 302
            )
            handler.send_header("Location", route.redirect_to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        inm = handler.headers.get("If-None-Match")
        ims = handler.headers.get("If-Modified-Since")
        if (route.etag and inm == route.etag) or (
            route.last_modified and ims == route.last_modified and not route.etag
        ):
            self._record(handler, 304)
            handler.send_response(304)
            if route.etag:
                handler.send_header("ETag", route.etag)
            handler.end_headers()
            return
        self._record(handler, route.status)
        handler.send_response(route.status)
        if route.content_type:
            handler.send_header("Content-Type", route.content_type)
        if route.etag:
            handler.send_header("ETag", route.etag)
        if route.last_modified:
            handler.send_header("Last-Modified", route.last_modified)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        try:
            if route.endless_bytes:
                handler.send_header("Connection", "close")
                handler.end_headers()
                chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
                sent = 0
                while sent < route.endless_bytes:
                    handler.wfile.write(chunk)
                    sent += len(chunk)
                handler.close_connection = True
                return
            body = gzip.compress(route.body) if route.gzip else route.body
            if route.gzip:
                handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if route.trickle:
                for start in range(0, len(body), 16):
                    handler.wfile.write(body[start : start + 16])
                    handler.wfile.flush()
                    time.sleep(route.trickle)
            else:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should on oversized or slow answers

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
