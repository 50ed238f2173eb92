"""Bulk triage on the responses table: space picks rows; tag, follow-up or triaged act on all."""

from __future__ import annotations

from textual.binding import Binding

from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.screens.triage_common import ask_followup, ask_tags, mark_triaged
from csat_tui.tui.widgets.responses_table import ResponsesTable


class BulkTriage(DataScreen):
    """A data screen with a responses table whose picked rows triage together (one undo)."""

    BINDINGS = [
        Binding("space", "toggle_selected", "Pick", id="bulk.pick",
                tooltip="Pick the row for a bulk action (again: put it back)"),
        Binding("a", "bulk_tag", "Tag", id="bulk.tag",
                tooltip="Tag the picked rows (or the row under the cursor)"),
        Binding("w", "bulk_followup", "Follow-up", id="bulk.followup",
                tooltip="Set the follow-up of the picked rows (or the row under the cursor)"),
        Binding("m", "bulk_triaged", "Triaged", id="bulk.triaged",
                tooltip="Mark the picked rows (or the row under the cursor) triaged"),
    ]  # fmt: skip

    def targets(self) -> list[int]:
        """The picked rows, else the row under the cursor."""
        table = self.query_one(ResponsesTable)
        if table.selected:
            return sorted(table.selected)
        return [table.current.id] if table.current is not None else []

    def action_toggle_selected(self) -> None:
        """Pick the row under the cursor, or put it back."""
        table = self.query_one(ResponsesTable)
        table.toggle_selected()
        if table.selected:
            self.notify(f"{len(table.selected)} picked: a, w or m act on all", timeout=2)

    def action_bulk_tag(self) -> None:
        """Tag the picked rows."""
        if ids := self.targets():
            ask_tags(self, ids)

    def action_bulk_followup(self) -> None:
        """Set the follow-up of the picked rows."""
        if ids := self.targets():
            ask_followup(self, ids)

    def action_bulk_triaged(self) -> None:
        """Mark the picked rows triaged."""
        if ids := self.targets():
            mark_triaged(self, ids)
