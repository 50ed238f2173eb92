"""The one table of the app's screens: name, class, key, title.

It feeds the app's modes and keys, the palette's "Screen: …" entries, the help's titles,
the CLI's `--screen` choices and the tour. Importing it loads no screen (nor Textual):
the CLI reads it to check `--screen` and stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    """One screen the app switches to by name (a mode)."""

    name: str
    """The mode's name, `--screen`'s value."""
    title: str
    """As the palette and the help say it."""
    label: str
    """The key's word in the footer and the help."""
    key: str
    """The key that shows it."""
    tooltip: str
    """What it is for, in the footer's tooltip and the palette."""
    footer: bool
    """Whether the footer lists its key (the others are in `?` and the palette)."""
    where: str
    """The screen's class, "module:Class" (imported when the screen is first shown)."""

    def screen_class(self) -> type[Screen[None]]:
        """The screen's class."""
        from textual.screen import Screen

        module, name = self.where.split(":")
        found = getattr(import_module(module), name)
        if not (isinstance(found, type) and issubclass(found, Screen)):
            raise TypeError(f"{self.where} is not a screen")
        return found

    def binding(self) -> Binding:
        """The app's key for the screen."""
        from textual.binding import Binding

        return Binding(
            self.key,
            f"show('{self.name}')",
            self.label,
            id=f"app.{self.name}",
            show=self.footer,
            tooltip=self.tooltip,
        )


_SCREENS = "csat_tui.tui.screens"

SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        name="dashboard",
        title="Dashboard",
        label="Dashboard",
        key="d",
        tooltip="Scores, trend, distribution and breakdown",
        footer=True,
        where=f"{_SCREENS}.dashboard:DashboardScreen",
    ),
    ScreenEntry(
        name="responses",
        title="Responses",
        label="Responses",
        key="r",
        tooltip="Browse the responses behind the scores",
        footer=True,
        where=f"{_SCREENS}.responses:ResponsesScreen",
    ),
    ScreenEntry(
        name="queue",
        title="Triage queue",
        label="Queue",
        key="n",
        tooltip="The triage queue: low scores with a comment, one at a time",
        footer=True,
        where=f"{_SCREENS}.queue:QueueScreen",
    ),
    ScreenEntry(
        name="followups",
        title="Follow-ups",
        label="Follow-ups",
        key="l",
        tooltip="Every follow-up by status, overdue ones marked",
        footer=True,
        where=f"{_SCREENS}.followups:FollowupsScreen",
    ),
    ScreenEntry(
        name="tags",
        title="Tags",
        label="Tags",
        key="T",
        tooltip="Every tag with counts: rename, merge, delete; per touchpoint",
        footer=False,
        where=f"{_SCREENS}.tags:TagsScreen",
    ),
    ScreenEntry(
        name="customers",
        title="Customers at risk and advocates",
        label="Customers",
        key="C",
        tooltip="Customers at risk (two tiers) and advocates",
        footer=False,
        where=f"{_SCREENS}.customers:CustomersScreen",
    ),
    ScreenEntry(
        name="themes",
        title="Themes",
        label="Themes",
        key="h",
        tooltip="The words low-score comments use more than the others",
        footer=False,
        where=f"{_SCREENS}.themes:ThemesScreen",
    ),
    ScreenEntry(
        name="agents",
        title="Agents",
        label="Agents",
        key="A",
        tooltip="Every agent's scores, ranked fairly; Enter shows their responses",
        footer=False,
        where=f"{_SCREENS}.agents:AgentsScreen",
    ),
)
"""Every screen, in the palette's order."""

BY_NAME: dict[str, ScreenEntry] = {entry.name: entry for entry in SCREENS}
SCREEN_NAMES: tuple[str, ...] = tuple(BY_NAME)
"""`--screen`'s choices."""
TITLES: dict[str, str] = {entry.name: entry.title for entry in SCREENS}


def key_of(name: str) -> str:
    """The key that shows the screen `name` (a KeyError for a screen the app has not)."""
    return BY_NAME[name].key


def bindings(*names: str) -> list[Binding]:
    """The app's keys for these screens, in this order."""
    return [BY_NAME[name].binding() for name in names]
