"""Writing logged HTTP exchanges as WARC 1.1 (warcio), for archiving and replay.

Each exchange becomes a ``request`` and a ``response`` record tied by
``WARC-Concurrent-To``. Bodies are stored as received after content
decoding, so ``Content-Encoding`` and ``Transfer-Encoding`` are dropped and
``Content-Length`` is set to the stored length.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scsmine.core.web_protocols import WebResponse

__all__ = ["write_warc"]

_DROP = {"content-encoding", "transfer-encoding", "content-length"}


def _warc_date(iso: str) -> str:
    return iso.replace("+00:00", "Z") if iso.endswith("+00:00") else iso


def _request(writer: WARCWriter, r: WebResponse) -> Any:
    parts = urlsplit(r.final_url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [(k, v) for k, v in r.request_headers if k.lower() not in _DROP]
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    http = StatusAndHeaders(f"GET {target} {r.http_version or 'HTTP/1.1'}", headers, is_http_request=True)
    return writer.create_warc_record(r.final_url, "request", payload=io.BytesIO(b""), http_headers=http,
                                     warc_headers_dict={"WARC-Date": _warc_date(r.fetched_at)})


def write_warc(exchanges: Iterable[WebResponse], out: str | Path, *, software: str = "scsmine") -> int:
    """Write exchanges that have a status as WARC records (gzipped when ``out`` ends in ``.gz``).

    Returns:
        The number of response records written.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=out.suffix == ".gz", warc_version="WARC/1.1")
        info = writer.create_warcinfo_record(out.name, {"software": software, "format": "WARC File Format 1.1"})
        writer.write_record(info)
        for r in exchanges:
            if r.status is None:
                continue
            headers = [(k, v) for k, v in r.headers if k.lower() not in _DROP]
            headers.append(("Content-Length", str(len(r.body))))
            http = StatusAndHeaders(f"{r.status} {r.reason}".strip(), headers, protocol=r.http_version or "HTTP/1.1")
            response = writer.create_warc_record(
                r.final_url, "response", payload=io.BytesIO(r.body), length=len(r.body), http_headers=http,
                warc_headers_dict={"WARC-Date": _warc_date(r.fetched_at)},
            )
            request = _request(writer, r)
            request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(response)
            writer.write_record(request)
            n += 1
    return n
