"""Contracts as Protocols (STYLE.md §9); one contract test covers each registry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from scsmine.core.models import ParsedDocument, Passage, Tag

__all__ = ["Reader", "Tagger"]


@runtime_checkable
class Reader(Protocol):
    """Turns raw bytes of one format into a :class:`ParsedDocument`.

    ``name`` is only used in messages. Raises
    :class:`~scsmine.core.errors.ReaderError` (or a subclass) for bad input.
    """

    def __call__(self, data: bytes, name: str) -> ParsedDocument: ...


@runtime_checkable
class Tagger(Protocol):
    """Pure: passages in, tags out (STYLE.md §10)."""

    name: str
    version: str
    codebook_version: str

    def tag(self, passages: Sequence[Passage]) -> list[list[Tag]]: ...
