"""Fetch benchmark: pages/s of ``scsmine.fetch`` against loopback servers, and where the time goes.

Run as ``.venv/bin/python bench/fetch.py [--pages 500] [--hosts 4] [--latency 0] [--shared PATH]``.

Serves ``--pages`` gov.cn policy pages (the shared fragments of
``corpus/raw/govcn``, wrapped into full pages, each made unique by one extra
paragraph) from ``--hosts`` HTTP servers on 127.0.0.1, optionally with
``--latency`` seconds of server delay per page, and fetches them all with
``--delay 0`` into a temporary database. Prints pages/s and the share of the
summed per-page time spent waiting (network and politeness pauses), parsing
(adapters: decoding, HTML reading) and storing (normalising, segmenting,
indexing, writing). The fetch log, robots.txt and provenance are all on, as
in real use.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>中国政府网</title></head><body>"
        "<div class='header'><a href='/'>首页</a> | <a href='/zhengce/'>政策</a></div>{body}"
        "<div class='footer'>主办单位：国务院办公厅</div></body></html>")


def _default_shared() -> Path:
    env = os.environ.get("SCSMINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def _pages(shared: Path, n: int) -> list[bytes]:
    fragments = sorted((shared / "corpus" / "raw" / "govcn").glob("*.html"))
    if not fragments:
        sys.exit(f"Error: no gov.cn pages under {shared / 'corpus/raw/govcn'} (set --shared or SCSMINE_SHARED)")
    texts = [p.read_text("utf-8") for p in fragments]
    out = []
    for i in range(n):
        marker = f'id="UCAP-CONTENT"><p>（基准测试副本第{i}号）</p>'
        body = texts[i % len(texts)].replace('id="UCAP-CONTENT">', marker, 1)
        out.append(PAGE.format(body=body).encode("utf-8"))
    return out


def _serve(pages: dict[str, bytes], latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # http.server's naming
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else pages.get(self.path)
            if latency and body is not None and self.path != "/robots.txt":
                time.sleep(latency)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"not found")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=4, help="loopback servers (one politeness queue each)")
    parser.add_argument("--latency", type=float, default=0.0, help="server delay per page, seconds")
    parser.add_argument("--shared", type=Path, default=_default_shared())
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from scsmine import api

    bodies = _pages(args.shared, args.pages)
    servers = [_serve({f"/zhengce/content/{i}.htm": b for i, b in enumerate(bodies) if i % args.hosts == h},
                      args.latency) for h in range(args.hosts)]
    urls = [f"http://127.0.0.1:{servers[i % args.hosts].server_address[1]}/zhengce/content/{i}.htm"
            for i in range(args.pages)]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = api.fetch(urls, delay=0, concurrency=args.hosts, db=Path(tmp) / "bench.db")
        wall = time.perf_counter() - start
    for server in servers:
        server.shutdown()
    t = report.timings
    busy = t["wait"] + t["network"] + t["parse"] + t["store"]
    figures = {
        "pages": args.pages, "hosts": args.hosts, "latency_s": args.latency, "stored": report.count("added"),
        "failed": report.count("failed"), "wall_s": round(wall, 2), "pages_per_s": round(args.pages / wall, 1),
        "share_waiting": round((t["wait"] + t["network"]) / busy, 3), "share_parsing": round(t["parse"] / busy, 3),
        "share_storing": round(t["store"] / busy, 3),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"fetched {figures['pages']} pages from {args.hosts} loopback host(s) (server latency {args.latency} s, "
          f"--delay 0): {figures['stored']} stored, {figures['failed']} failed")
    print(f"  {figures['pages_per_s']} pages/s ({figures['wall_s']} s)")
    print(f"  time per page, summed: waiting {figures['share_waiting']:.0%} (network {t['network']:.1f} s, "
          f"politeness {t['wait']:.1f} s), parsing {figures['share_parsing']:.0%} ({t['parse']:.1f} s), "
          f"storing {figures['share_storing']:.0%} ({t['store']:.1f} s)")


if __name__ == "__main__":
    main()
