"""Configuration layers (STYLE.md §7): packaged defaults, user file, flags.

This is the only module that reads environment variables:

* ``SCSMINE_DB``: database path (default ``corpus/scsmine.db``).
* ``SCSMINE_CONFIG``: a TOML file that overrides ``defaults.toml``;
  without it ``./scsmine.toml`` is used when present.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from scsmine.core.errors import UsageError

__all__ = ["db_path", "merge", "settings"]


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``over`` into a copy of ``base``."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """Packaged defaults merged with the user file, if any."""
    text = resources.files("scsmine.core").joinpath("defaults.toml").read_text("utf-8")
    conf = tomllib.loads(text)
    user = os.environ.get("SCSMINE_CONFIG")
    path = Path(user) if user else Path("scsmine.toml")
    if path.is_file():
        try:
            conf = merge(conf, tomllib.loads(path.read_text("utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"config file {path} is not valid TOML: {exc}", "fix or remove it") from exc
    elif user:
        raise UsageError(f"SCSMINE_CONFIG names {user}, which does not exist", "unset it or create the file")
    return conf


def db_path(flag: str | Path | None = None) -> Path:
    """The database path: ``--db`` flag, else ``SCSMINE_DB``, else the config."""
    if flag:
        return Path(flag)
    env = os.environ.get("SCSMINE_DB")
    if env:
        return Path(env)
    return Path(settings()["store"]["db"])
