"""A polite HTTP client: robots.txt, per-host delay, retries, limits, conditional requests.

One :class:`Fetcher` serves all threads of a fetch run. Each host
(``scheme://host:port``, the unit of robots.txt) gets one request at a time
and a gap of at least ``delay`` seconds (or the robots.txt Crawl-delay, if
longer) between the end of one request and the start of the next.

Steps of :meth:`Fetcher.get`: 1. robots.txt of the host (fetched once, 4xx
allows everything, 5xx or no answer forbids everything, per RFC 9309);
2. wait for the host's turn; 3. send, streaming the body under the size and
time limits; 4. on a timeout, a lost connection, 429 or 5xx, wait
(``Retry-After`` when the server sends one, else exponential backoff) and
retry; 5. follow redirects up to ``max_redirects``, stopping early on a loop.
Every exchange, including robots.txt, retries and redirect hops, is returned
for the fetch log. :meth:`Fetcher.get` does not raise for HTTP outcomes: they
are described by :class:`FetchResult`.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import httpx
from protego import Protego

from scsmine.core.errors import FetchError
from scsmine.core.web_protocols import WebResponse
from scsmine.sources.web._options import FetchOptions
from scsmine.sources.web._page import clean_url, host_of

__all__ = ["REDIRECT_STATUSES", "RETRY_STATUSES", "FetchOptions", "FetchResult", "Fetcher", "HostGate"]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class FetchResult:
    """The outcome of one :meth:`Fetcher.get`.

    Attributes:
        url: The URL asked for.
        response: The last exchange (``None`` when robots.txt forbade the URL).
        exchanges: Every exchange made, in order (robots.txt, retries, redirects).
        error: What went wrong, ready to raise or report; ``None`` for a 2xx or 304.
        blocked: robots.txt forbids the URL.
        waited: Seconds spent waiting for the host's turn or a retry.
        network: Seconds spent in requests.
    """

    url: str
    response: WebResponse | None = None
    exchanges: list[WebResponse] = field(default_factory=list)
    error: FetchError | None = None
    blocked: bool = False
    waited: float = 0.0
    network: float = 0.0

    @property
    def status(self) -> int | None:
        """HTTP status of the last exchange."""
        return self.response.status if self.response else None


class HostGate:
    """One request at a time per host, with a minimum gap between requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}

    def lock(self, host: str) -> threading.Lock:
        """The lock that serialises requests to ``host``."""
        with self._lock:
            return self._hosts.setdefault(host, threading.Lock())

    def wait(self, host: str) -> float:
        """Sleep until ``host`` may be asked again (call with its lock held); returns seconds slept."""
        pause = self._next.get(host, 0.0) - time.monotonic()
        if pause > 0:
            time.sleep(pause)
            return pause
        return 0.0

    def defer(self, host: str, seconds: float) -> None:
        """The next request to ``host`` starts ``seconds`` from now at the earliest."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)


def _retry_after(response: WebResponse) -> float | None:
    value = response.header("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """Polite HTTP GETs for one fetch run (thread-safe).

    Args:
        options: Politeness and limits.
        transport: An httpx transport (tests may pass one; default: the network).
    """

    def __init__(self, options: FetchOptions, transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        self.gate = HostGate()
        self._robots: dict[str, Protego | bool] = {}
        self._robots_lock = threading.Lock()
        self._robots_host_locks: dict[str, threading.Lock] = {}
        self._robots_why: dict[str, str] = {}
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent}, follow_redirects=False,
            timeout=httpx.Timeout(options.timeout), transport=transport,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt ----------------------------------------------------------
    def preload_robots(self, host: str, status: int | None, body: bytes) -> None:
        """Use a robots.txt fetched earlier (e.g. stored by the last run) instead of fetching it."""
        self._robots[host] = self._rules(status, body)

    @staticmethod
    def _rules(status: int | None, body: bytes) -> Protego | bool:
        if status is not None and 200 <= status < 300:
            return Protego.parse(body.decode("utf-8", "replace"))
        return status is not None and 400 <= status < 500  # 4xx: allow all; 5xx/none: forbid all

    def robots(self, host: str, result: FetchResult) -> Protego | bool:
        """The rules for ``host``: a Protego parser, or True/False for allow/forbid everything."""
        with self._robots_lock:
            host_lock = self._robots_host_locks.setdefault(host, threading.Lock())
        with host_lock:
            if host in self._robots:
                return self._robots[host]
            own = FetchResult(host + "/robots.txt")
            response = self._chain(own.url, {}, own, check_robots=False, limit=5)
            result.exchanges.extend(own.exchanges)
            result.waited += own.waited
            status = response.status if response is not None and own.error is None else None
            rules = self._rules(status, response.body if response is not None else b"")
            if rules is False:
                why = (own.error.message if own.error else response.error if response is not None and response.error
                       else f"HTTP {status}")
                self._robots_why[host] = f"robots.txt of {host} could not be read ({why}); all pages count as forbidden"
            self._robots[host] = rules
            return rules

    def allowed(self, url: str, result: FetchResult) -> bool:
        """Whether robots.txt lets this client fetch ``url``."""
        rules = self.robots(host_of(url), result)
        if isinstance(rules, bool):
            return rules
        return bool(rules.can_fetch(url, self.options.robots_agent))

    def _host_delay(self, host: str) -> float:
        rules = self._robots.get(host)
        crawl_delay = rules.crawl_delay(self.options.robots_agent) if isinstance(rules, Protego) else None
        return max(self.options.delay, min(float(crawl_delay or 0.0), self.options.max_retry_after))

    # -- requests --------------------------------------------------------------
    def get(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult:
        """GET ``url`` politely; see the module docstring for the steps.

        Args:
            url: Absolute http(s) URL.
            headers: Extra request headers (``If-None-Match``, ``If-Modified-Since``).
        """
        url = clean_url(url)
        result = FetchResult(url)
        start = time.monotonic()
        response = self._chain(url, dict(headers or {}), result, check_robots=True, limit=self.options.max_redirects)
        result.response = response
        result.network = max(0.0, time.monotonic() - start - result.waited)
        if result.blocked and host_of(url) in self._robots_why:
            result.error = FetchError(f"{url}: {self._robots_why[host_of(url)]}",
                                      "check the address; try later (RFC 9309: an unreadable robots.txt forbids all)")
        elif result.blocked:
            result.error = FetchError(f"robots.txt of {host_of(url)} forbids fetching {url}",
                                      "respect it; ask the site's webmaster or fetch another copy")
        elif result.error is None and response is not None:
            result.error = self._status_error(url, response)
        return result

    def _chain(self, url: str, headers: dict[str, str], result: FetchResult, *, check_robots: bool,
               limit: int) -> WebResponse | None:
        current, seen = url, {url}
        for _hop in range(limit + 1):
            if check_robots and not self.allowed(current, result):
                result.blocked = True
                return None
            response = self._attempts(url, current, headers, result)
            location = response.header("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            target = clean_url(urljoin(current, location))
            if target in seen:
                result.error = FetchError(f"{url} redirects in a loop ({current} → {target})",
                                          "the site is misconfigured; try again later or use another URL")
                return response
            seen.add(target)
            current = target
        result.error = FetchError(f"{url} redirected more than {limit} times (last to {current})",
                                  "raise max_redirects in the [fetch] config or use the final URL")
        return response

    def _attempts(self, url: str, current: str, headers: dict[str, str], result: FetchResult) -> WebResponse:
        host = host_of(current)
        opts = self.options
        for attempt in range(opts.retries + 1):
            with self.gate.lock(host):
                result.waited += self.gate.wait(host)
                response = self._send(url, current, headers)
                self.gate.defer(host, self._host_delay(host))
            result.exchanges.append(response)
            transient = (response.error or "").startswith(("timeout", "connection"))
            retryable = response.status in RETRY_STATUSES or transient
            if not retryable or attempt == opts.retries:
                return response
            pause = _retry_after(response)
            if pause is not None and pause > opts.max_retry_after:
                result.error = FetchError(f"{current} asks to retry after {pause:.0f} s",
                                          f"try later (waits over {opts.max_retry_after:.0f} s are not made)")
                return response
            pause = max(pause if pause is not None else opts.backoff * 2**attempt, self._host_delay(host))
            log.info("retrying %s in %.2f s (%s)", current, pause, response.error or response.status)
            self.gate.defer(host, pause)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, url: str, current: str, headers: dict[str, str]) -> WebResponse:
        opts = self.options
        sent_at, t0 = _now(), time.monotonic()
        request = self._client.build_request("GET", current, headers=headers)
        base: dict[str, Any] = {"url": url, "final_url": current, "fetched_at": sent_at,
                "request_headers": tuple(request.headers.multi_items())}
        try:
            r = self._client.send(request, stream=True)
            try:
                common: dict[str, Any] = {**base, "status": r.status_code, "headers": tuple(r.headers.multi_items()),
                          "reason": r.reason_phrase, "http_version": r.http_version}
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > opts.max_bytes:
                    return WebResponse(**common, elapsed=time.monotonic() - t0,
                                       error=f"too large: Content-Length {declared} > max_bytes {opts.max_bytes}")
                body, error = self._read(r.iter_bytes(), t0)
                return WebResponse(**common, body=body, elapsed=time.monotonic() - t0, error=error)
            finally:
                r.close()
        except httpx.TimeoutException:
            return WebResponse(**base, status=None, elapsed=time.monotonic() - t0,
                               error=f"timeout: no answer within {opts.timeout} s")
        except httpx.HTTPError as exc:
            return WebResponse(**base, status=None, elapsed=time.monotonic() - t0,
                               error=f"connection failed: {type(exc).__name__}: {exc}")

    def _read(self, chunks: Iterable[bytes], t0: float) -> tuple[bytes, str | None]:
        opts = self.options
        parts: list[bytes] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > opts.max_bytes:
                return b"", f"too large: body over max_bytes {opts.max_bytes}"
            if time.monotonic() - t0 > opts.timeout:
                return b"", f"timeout: body not complete within {opts.timeout} s"
            parts.append(chunk)
        return b"".join(parts), None

    @staticmethod
    def _status_error(url: str, response: WebResponse) -> FetchError | None:
        status = response.status
        if response.error:
            hint = ("raise --max-bytes" if response.error.startswith("too large")
                    else "raise --timeout or try again later" if response.error.startswith("timeout")
                    else "check the URL and your network")
            return FetchError(f"{url}: {response.error}", hint)
        if status is None or 200 <= status < 300 or status == 304:
            return None
        hints = {404: "the page is gone or the URL is wrong", 410: "the page was removed",
                 403: "the site refuses this client", 429: "the site asks to slow down; raise --delay"}
        return FetchError(f"{url} answered HTTP {status} {response.reason}".rstrip(),
                          hints.get(status, "try again later" if status >= 500 else "check the URL"))
