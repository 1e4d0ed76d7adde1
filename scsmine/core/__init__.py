"""Core: models, errors, protocols, registry, config. Imports nothing internal."""

from scsmine.core.errors import (
    CodebookError,
    EncryptedError,
    FetchError,
    InputError,
    ManifestError,
    NoTextLayerError,
    NotFoundError,
    ReaderError,
    SchemaError,
    ScsmineError,
    StoreError,
    TaggerError,
    UsageError,
)
from scsmine.core.models import Block, Document, Filters, ParsedDocument, Passage, Tag
from scsmine.core.registry import Registry

__all__ = [
    "Block",
    "CodebookError",
    "Document",
    "EncryptedError",
    "FetchError",
    "Filters",
    "InputError",
    "ManifestError",
    "NoTextLayerError",
    "NotFoundError",
    "ParsedDocument",
    "Passage",
    "ReaderError",
    "Registry",
    "SchemaError",
    "ScsmineError",
    "StoreError",
    "Tag",
    "TaggerError",
    "UsageError",
]
