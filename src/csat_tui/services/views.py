"""Saved views for the TUI and the CLI."""

from csat_tui.store.views import delete_view, list_views, load_view, save_view

__all__ = ["delete_view", "list_views", "load_view", "save_view"]
