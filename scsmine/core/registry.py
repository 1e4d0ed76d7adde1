"""Registries of versioned components (STYLE.md §8).

Readers, segmenters, taggers and web adapters register under a namespaced,
versioned name such as ``"scsmine.pdf.v1"``. A released ``.vN`` never
changes; new behaviour goes into ``.vN+1``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from scsmine.core.errors import NotFoundError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """A name → factory mapping for one kind of component.

    Args:
        kind: What is registered ("reader", "tagger", ...), used in messages.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator that registers ``obj`` under ``name``.

        Args:
            name: Versioned name, e.g. ``"scsmine.pdf.v1"``.

        Returns:
            A decorator returning the object unchanged.
        """

        def deco(obj: T) -> T:
            if name in self._items and self._items[name] is not obj:
                raise ValueError(f"{self.kind} {name!r} is already registered")
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> T:
        """Return the component registered as ``name``.

        Raises:
            NotFoundError: No such name; the message lists what exists.
        """
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise NotFoundError(f"no {self.kind} named {name!r}", f"known: {known}") from None

    def names(self) -> list[str]:
        """All registered names, sorted."""
        return sorted(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __contains__(self, name: object) -> bool:
        return name in self._items
