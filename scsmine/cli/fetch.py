"""The fetch command: web pages, feeds, sitemaps, crawls and catalogs into the corpus."""

from __future__ import annotations

from pathlib import Path

import typer

from scsmine import api
from scsmine.cli._common import echo_err, emit, handle_errors, state

__all__ = ["register"]

_COLUMNS = ["outcome", "status", "kind", "doc_id", "url", "note"]


@handle_errors
def fetch(
    ctx: typer.Context,
    urls: list[str] = typer.Argument(None, help="Pages to fetch, one document each (plus PDF/DOC/DOCX attachments)."),
    feed: list[str] = typer.Option([], "--feed", help="RSS/Atom feed: fetch every item's article. Repeatable."),
    sitemap: list[str] = typer.Option([], "--sitemap", help="Sitemap: fetch every listed page. Repeatable."),
    crawl: list[str] = typer.Option([], "--crawl", help="Start page: follow same-host links up to --depth."),
    catalog: Path | None = typer.Option(None, "--catalog", help="YAML or JSONL catalog, e.g. corpus/catalog.yaml."),
    depth: int = typer.Option(1, "--depth", help="Crawl depth (0 = start page only)."),
    match: str | None = typer.Option(None, "--match", help="Regex a discovered link must match to be kept."),
    origin: str | None = typer.Option(None, help="domestic or foreign, for documents that do not say."),
    doc_type: str | None = typer.Option(None, "--doc-type", help="Document type for documents that do not say."),
    lang: str | None = typer.Option(None, help="zh or en (detected if not given)."),
    delay: float | None = typer.Option(None, help="Minimum seconds between two requests to one host [1.0]."),
    concurrency: int | None = typer.Option(None, help="Hosts fetched in parallel [4]."),
    user_agent: str | None = typer.Option(None, "--user-agent", help="User-Agent header (identify yourself)."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help="Largest response accepted [20000000]."),
    timeout: float | None = typer.Option(None, help="Seconds allowed for a response [30]."),
    adapter: str | None = typer.Option(None, help="Force an adapter, e.g. scsmine.web.article.v1."),
    attachments: bool = typer.Option(True, "--attachments/--no-attachments", help="Fetch linked PDF/DOC/DOCX files."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and list what would be fetched."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, jsonl, json or csv."),
) -> None:
    """Fetch web sources politely (robots.txt, per-host delay); an interrupted run resumes when started again.

    Exit 0: all stored; 1: some URLs failed (the rest are stored); 2: usage error.
    """
    report = api.fetch(urls or [], feed=feed, sitemap=sitemap, crawl=crawl, catalog=catalog, depth=depth,
                       match=match, origin=origin, doc_type=doc_type, lang=lang, delay=delay,
                       concurrency=concurrency, user_agent=user_agent, max_bytes=max_bytes, timeout=timeout,
                       adapter=adapter, attachments=attachments, dry_run=dry_run, db=state(ctx).db,
                       on_item=lambda i: echo_err(f"{i.outcome:<11} {i.url}" + (f"  ({i.note})" if i.note else "")))
    emit([i.__dict__ for i in report.items], fmt, _COLUMNS, widths={"url": 60, "note": 50, "doc_id": 14})
    s, t = report.summary(), report.timings
    echo_err(", ".join(f"{n} {k}" for k, n in s.items() if n) + (" (resumed job)" if report.resumed else "")
             + f"; {t['wall']:.1f} s")
    raise typer.Exit(report.exit_code)


def register(app: typer.Typer) -> None:
    """Add the fetch command to ``app``."""
    app.command()(fetch)
