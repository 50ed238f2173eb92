"""Saved views for the TUI and the CLI."""

from __future__ import annotations

from csat_tui.filters import Filter
from csat_tui.services.opening import Opener
from csat_tui.store.views import delete_view, list_views, load_view, save_view

__all__ = [
    "delete_view",
    "list_views",
    "load_view",
    "save_view",
    "views_deleted",
    "views_listed",
    "views_saved",
]


def views_listed(opener: Opener) -> list[tuple[str, Filter]]:
    """Every saved view, by name."""
    with opener() as store:
        return list_views(store)


def views_saved(opener: Opener, name: str, flt: Filter) -> list[tuple[str, Filter]]:
    """Save `flt` under `name`; every saved view after."""
    with opener() as store:
        save_view(store, name, flt)
        return list_views(store)


def views_deleted(opener: Opener, name: str) -> list[tuple[str, Filter]]:
    """Forget the view `name`; every saved view after."""
    with opener() as store:
        delete_view(store, name)
        return list_views(store)
