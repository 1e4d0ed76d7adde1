"""The store: SQLite database, migrations and queries. Imports only core."""

from scsmine.store.corpus import Corpus, now
from scsmine.store.migrations import MIGRATIONS

__all__ = ["MIGRATIONS", "Corpus", "now"]
