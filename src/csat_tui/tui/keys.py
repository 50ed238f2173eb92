"""The app's own keys, in the footer's order (the screens' keys come from the screen table)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from csat_tui.tui.screen_table import bindings as screen_bindings

APP_KEYS: list[BindingType] = [
    # First of the app's keys: on a small terminal the footer is cut at its right end, and
    # `?` lists every key of the screen (the screen's own keys come before it).
    Binding("question_mark", "help", "Keys", id="app.help",
            tooltip="List every key of this screen"),
    *screen_bindings("dashboard", "responses"),
    Binding("f", "edit_filter", "Filter", id="app.filter",
            tooltip="Change any part of the filter"),
    Binding("slash", "search", "Search", id="app.search",
            tooltip="Search the comments (part of the filter): words, \"a phrase\", -word"),
    *screen_bindings("themes"),
    Binding("v", "save_view", "Save view", id="app.save_view", show=False,
            tooltip="Save the current filter under a name (ctrl+p: Open view)"),
    Binding("p", "next_period", "Period", id="app.period",
            tooltip="Next period: 7, 30, 90 days, this quarter, all time"),
    Binding("b", "next_band", "Band", id="app.band", show=False,
            tooltip="Only low, neutral or high scores, or any"),
    Binding("c", "toggle_complete", "Complete only", id="app.complete", show=False,
            tooltip="Only complete responses, or all"),
    Binding("x", "clear_filter", "Clear filter", id="app.clear", show=False,
            tooltip="Back to all responses of all time"),
    Binding("i", "import_file", "Import", id="app.import",
            tooltip="Import a survey export into the store"),
    Binding("t", "toggle_theme", "Theme", id="app.theme", show=False,
            tooltip="Switch between the light and the dark theme"),
    Binding("D", "open_demo", "Demo", id="app.demo", show=False,
            tooltip="Open the demo store (made-up data, thrown away on exit)"),
    Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave csat-tui"),
    # Triage (issue 6).
    *screen_bindings("queue", "followups", "tags", "customers", "agents"),
    Binding("u,ctrl+z", "undo", "Undo", id="app.undo",
            tooltip="Undo the last triage action (again and again, even after a restart)"),
    Binding("e", "export", "Export", id="app.export", show=False,
            tooltip="Write the responses of the filter to a CSV, JSON or JSONL file"),
    Binding("R", "report", "Report", id="app.report", show=False,
            tooltip="Write the report of the filter to share: .html or .md"),
    # The guided tour (issue 7).
    Binding("ctrl+t", "toggle_tour", "Tour", id="app.tour", show=False,
            tooltip="Show or hide the guided tour of the morning routine"),
    Binding("greater_than_sign", "skip_tour_step", "Skip tour step", id="app.tour_skip",
            show=False, tooltip="Go to the tour's next step without doing this one"),
]  # fmt: skip
