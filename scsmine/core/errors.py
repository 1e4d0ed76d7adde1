"""One error tree for scsmine (STYLE.md §13).

The library raises these; it never prints or exits. The CLI catches
:class:`ScsmineError` once, prints ``Error: <message>`` and the hint, and
exits 1 (or 2 for :class:`UsageError`).
"""

from __future__ import annotations

__all__ = [
    "CodebookError",
    "EncryptedError",
    "FetchError",
    "InputError",
    "ManifestError",
    "NoTextLayerError",
    "NotFoundError",
    "ReaderError",
    "SchemaError",
    "ScsmineError",
    "StoreError",
    "TaggerError",
    "UsageError",
]


class ScsmineError(Exception):
    """Base of every error scsmine raises on purpose.

    Args:
        message: What went wrong, naming the file or value.
        hint: How to fix it, or ``""`` when there is nothing to suggest.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(ScsmineError):
    """A bad option or argument: exit code 2."""

    exit_code = 2


class InputError(ScsmineError):
    """A bad input file or record."""


class ReaderError(InputError):
    """A reader could not turn a file into text."""


class NoTextLayerError(ReaderError):
    """A PDF whose pages carry no text (scanned images)."""


class EncryptedError(ReaderError):
    """A password-protected document."""


class ManifestError(InputError):
    """A manifest line that cannot be used."""


class StoreError(ScsmineError):
    """The database cannot be opened or written."""


class SchemaError(StoreError):
    """The database schema is newer or older than this scsmine."""


class NotFoundError(ScsmineError):
    """An id or name that is not in the database or registry."""


class FetchError(ScsmineError):
    """A web resource could not be fetched."""


class TaggerError(ScsmineError):
    """A tagger or model cannot be built, loaded or applied."""


class CodebookError(UsageError):
    """A codebook file with an error (the message names the line)."""
