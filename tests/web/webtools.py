"""Helpers of the web tests: a real HTTP server on 127.0.0.1 with a request log, page wrappers.

Every test gets a fresh :class:`Loopback` server (``server`` fixture in
conftest.py) that stops when the test ends. Routes are registered per test; every request is
logged with its path, arrival time, headers, the status sent and how many
body bytes went out, so tests assert behaviour from the server's side.

gov.cn fragments are read from the shared corpus in place and wrapped into
full pages at test time (``govcn_page``); nothing third-party is copied into
the repository.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "web"

Reply = tuple[int, list[tuple[str, str]], bytes]


@dataclass
class Logged:
    """One request as the server saw it."""

    path: str
    at: float
    headers: dict[str, str]
    status: int = 0
    sent: int = 0
    aborted: bool = False


@dataclass
class Route:
    """What the server answers on one path (a fixed reply, or a function of the request count)."""

    reply: Callable[[int, Logged], Reply]
    delay: float = 0.0
    chunks: int = 1
    hits: int = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        srv = self.server.owner
        entry = Logged(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
        with srv.lock:
            srv.log.append(entry)
            route = srv.routes.get(self.path.split("#")[0]) or srv.routes.get(self.path.split("?")[0])
            if route is not None:
                route.hits += 1
                count = route.hits
        if route is None:
            status, headers, body = 404, [("Content-Type", "text/html; charset=utf-8")], b"<html>not found</html>"
            delay, chunks = 0.0, 1
        else:
            status, headers, body = route.reply(count, entry)
            delay, chunks = route.delay, route.chunks
        entry.status = status
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            step = max(1, len(body) // chunks)
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step])
                entry.sent += len(body[i:i + step])
        except (BrokenPipeError, ConnectionResetError):
            entry.aborted = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: Loopback


class Loopback:
    """A threaded HTTP/1.0 server on 127.0.0.1 with per-path routes and a request log."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> Loopback:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", *, status: int = 200, ctype: str = "text/html; charset=utf-8",
            headers: list[tuple[str, str]] | None = None, delay: float = 0.0, chunks: int = 1) -> None:
        """A fixed reply."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        hdrs = ([("Content-Type", ctype)] if ctype else []) + list(headers or [])
        self.routes[path] = Route(lambda n, req: (status, hdrs, data), delay, chunks)

    def add_fn(self, path: str, fn: Callable[[int, Logged], Reply], *, delay: float = 0.0, chunks: int = 1) -> None:
        """A reply computed from the hit count (1, 2, …) and the request."""
        self.routes[path] = Route(fn, delay, chunks)

    def hits(self, path: str) -> list[Logged]:
        """Logged requests for ``path``, in order."""
        with self.lock:
            return [e for e in self.log if e.path == path]


@dataclass
class GovPage:
    """One shared gov.cn fragment and its facts from sql_metadata.jsonl."""

    name: str
    fragment: str
    doc_number: str
    date: str
    title: str
    meta: dict[str, Any] = field(default_factory=dict)


def govcn_page(fragment: str, *, declare: str | None = "utf-8", title: str = "中国政府网") -> str:
    """A gov.cn fragment wrapped in a full page with site chrome and an optional charset declaration."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declare}">' if declare else ""
    return (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>{title}</title></head><body>\n"
        '<div class="header"><a href="/">首页</a> | <a href="/zhengce/">政策</a> | <a href="/hudong/">互动</a></div>\n'
        f"{fragment}\n"
        '<div class="footer">主办单位：国务院办公厅 运行维护单位：中国政府网运行中心</div>\n</body></html>\n'
    )


def data_text(name: str, base: str = "") -> str:
    """A test page or feed from tests/data/web with ``{base}`` replaced by the server URL."""
    return (DATA / name).read_text("utf-8").replace("{base}", base)


# -- a synthetic Word 97-2003 .doc (MS-CFB container, MS-DOC piece table) -------------------------------------
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, start: int, size: int, left: int = _NOSTREAM, right: int = _NOSTREAM,
               child: int = _NOSTREAM) -> bytes:
    import struct

    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (v3, 512-byte sectors) holding ``streams`` (each ≥ 4096 bytes: no mini stream)."""
    import struct

    names = list(streams)
    assert len(names) == 2 and all(len(v) >= 4096 for v in streams.values())
    blobs = [streams[n] + b"\0" * (-len(streams[n]) % 512) for n in names]
    fat = [_FATSECT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for blob in blobs:
        first = len(fat)
        count = len(blob) // 512
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        starts.append(first)
    assert len(fat) <= 128
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", _FREE) * (128 - len(fat))
    # "1Table" (6 chars) sorts before "WordDocument" (12): root -> WordDocument, its left sibling 1Table.
    i_word, i_table = names.index("WordDocument"), names.index("1Table")
    entries = [_dir_entry("Root Entry", 5, _END, 0, child=1),
               _dir_entry("WordDocument", 2, starts[i_word], len(streams["WordDocument"]), left=2),
               _dir_entry("1Table", 2, starts[i_table], len(streams["1Table"]))]
    directory = b"".join(entries) + _dir_entry("", 0, 0, 0)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    return header + fat_sector + directory + b"".join(blobs)


def word_doc(pieces: list[tuple[str, bool]]) -> bytes:
    """A .doc whose main text is ``pieces`` (text, stored 8-bit) joined; ``\\r`` ends a paragraph."""
    import struct

    text_at = 1024
    body = bytearray()
    fcs, cps = [], [0]
    for text, compressed in pieces:
        offset = text_at + len(body)
        body += text.encode("cp1252") if compressed else text.encode("utf-16-le")
        fcs.append((offset * 2) | 0x40000000 if compressed else offset)
        cps.append(cps[-1] + len(text))
    fib = bytearray(text_at)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", fib, 0x0A, 0x0200)  # fWhichTblStm: the 1Table stream
    struct.pack_into("<H", fib, 32, 14)  # csw
    struct.pack_into("<H", fib, 62, 22)  # cslw
    struct.pack_into("<I", fib, 64 + 3 * 4, cps[-1])  # ccpText
    struct.pack_into("<H", fib, 152, 93)  # cbRgFcLcb (Word 97)
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    clx = b"\x01" + struct.pack("<h", 2) + b"\0\0" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table = bytes(16) + clx
    struct.pack_into("<II", fib, 154 + 33 * 8, 16, len(clx))  # fcClx, lcbClx
    word = bytes(fib) + bytes(body)
    return compound_file({"WordDocument": word.ljust(4096, b"\0"), "1Table": table.ljust(4096, b"\0")})
