"""``python -m scsmine``."""

from scsmine.cli import app

app()
