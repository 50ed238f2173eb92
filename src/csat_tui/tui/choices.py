"""A value from a widget or the store as one of a fixed set of choices, typed as they are."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def one_of(value: object, choices: tuple[T, ...]) -> T | None:
    """The choice equal to `value` (a `Literal` keeps its type), or None when there is none.

    Example: `one_of(select.value, BANDS)` is a `Band | None`, with no cast.
    """
    for choice in choices:
        if value == choice:
            return choice
    return None
