"""The command line: a thin typer shell over :mod:`scsmine.api`."""

from scsmine.cli.app import app

__all__ = ["app"]
