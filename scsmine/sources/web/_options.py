"""The options of the fetch stage: politeness, limits and the identity sent to servers."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from scsmine.core.config import settings

__all__ = ["FetchOptions"]


def _version() -> str:
    try:
        return metadata.version("scsmine")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


@dataclass(frozen=True, kw_only=True)
class FetchOptions:
    """How politely and how far to fetch (validated when built).

    Attributes:
        delay: Minimum seconds between two requests to one host (robots.txt
            Crawl-delay wins when longer).
        concurrency: Hosts fetched at the same time (one request per host at a time).
        timeout: Seconds for connecting, for each read, and for a whole body.
        max_bytes: Largest body accepted; larger ones are cut off and fail.
        max_redirects: Redirects followed before giving up.
        retries: Further attempts after a timeout, a lost connection, 429 or 5xx.
        backoff: First wait before a retry when the server sends no
            ``Retry-After``; doubled for each further attempt.
        max_retry_after: Longest wait accepted from ``Retry-After`` or
            Crawl-delay; a server asking for more is reported as failed.
        user_agent: The User-Agent header; ``{version}`` is replaced.
    """

    delay: float = 1.0
    concurrency: int = 4
    timeout: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 300.0
    user_agent: str = "scsmine/{version} (+research text mining of China's social credit system)"

    def __post_init__(self) -> None:
        checks = {
            "delay": self.delay >= 0, "concurrency": self.concurrency >= 1, "timeout": self.timeout > 0,
            "max_bytes": self.max_bytes > 0, "max_redirects": self.max_redirects >= 0, "retries": self.retries >= 0,
            "backoff": self.backoff >= 0, "max_retry_after": self.max_retry_after >= 0,
        }
        for name, ok in checks.items():
            value = getattr(self, name)
            if not ok or (isinstance(value, float) and not math.isfinite(value)):
                raise ValueError(f"fetch option {name}={value!r} is out of range")
        if not self.user_agent.strip():
            raise ValueError("fetch option user_agent is empty; name your project and a contact")
        object.__setattr__(self, "user_agent", self.user_agent.replace("{version}", _version()))

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt rules are matched against (``scsmine``)."""
        return self.user_agent.split("/", 1)[0].split()[0]

    @classmethod
    def from_settings(cls, **overrides: Any) -> FetchOptions:
        """The ``[fetch]`` config (defaults.toml, then the user file) with ``overrides`` that are not None.

        Raises:
            ValueError: An unknown option or a value out of range.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(overrides) - names
        if unknown:
            raise ValueError(f"unknown fetch option(s): {', '.join(sorted(unknown))}")
        conf = {k: v for k, v in settings().get("fetch", {}).items() if k in names}
        conf.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**conf)
