"""Palette entries for the keys of the screen shown, so every key is also findable by name."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def screen_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    """A palette command per key the screen (and its base classes) declares."""
    seen: set[str] = set()
    for cls in type(screen).__mro__:
        for binding in cls.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or binding.action in seen:
                continue
            if binding.action.startswith("app.") or not binding.tooltip:
                continue
            seen.add(binding.action)
            key = binding.key_display or binding.key.split(",")[0]
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip,
                partial(screen.run_action, binding.action),
            )
