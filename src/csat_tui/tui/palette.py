"""Palette entries for the keys of the screen shown, so every key is also findable by name."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from csat_tui.errors import CsatError
from csat_tui.services import in_words


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


def save_screenshot(app: App[None], folder: Path) -> tuple[str, bool]:
    """Save the screen as an SVG in `folder`: the message to show, and whether it was saved."""
    name = f"csat-tui-{datetime.now(UTC):%Y%m%d-%H%M%S}.svg"
    try:
        written = app.save_screenshot(name, str(folder))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return f"Could not save the screenshot in {folder}: {reason}", False
    return f"Saved the screenshot to {written}", True


def app_commands(
    app: App[None],
    titles: Mapping[str, str],
    show: Callable[[str], None],
    restart_tour: Callable[[], None],
) -> Iterator[SystemCommand]:
    """The app's palette entries: the tour, a "Screen: …" per screen, and every app key
    (but quit, and the screens' keys, which the "Screen: …" entries stand for)."""
    yield SystemCommand(
        "Tour: restart",
        "The guided tour of the morning routine, from its first step",
        restart_tour,
    )
    for name, title in titles.items():
        yield SystemCommand(
            f"Screen: {title}",
            f"Open the {title.lower()} screen",
            partial(show, name),
        )
    for binding in app.BINDINGS:
        if (
            isinstance(binding, Binding)
            and binding.action not in ("quit",)
            and not binding.action.startswith("show(")
        ):
            method = getattr(app, f"action_{binding.action}")
            yield SystemCommand(binding.description, binding.tooltip, method)


def said(error: BaseException | None, db_path: Path) -> tuple[str, str]:
    """A worker's failure as a notification's (title, text): a store error in words."""
    error = in_words(error, db_path) if error is not None else RuntimeError("failed")
    if isinstance(error, CsatError):
        return error.title, str(error)
    return "Could not load", f"{type(error).__name__}: {error}"
