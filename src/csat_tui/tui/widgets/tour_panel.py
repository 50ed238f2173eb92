"""The tour's side panel: the step to do now, what the last one did, and how to leave."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from csat_tui.tui.tour import Step, Tour


@runtime_checkable
class TourHost(Protocol):
    """An app that runs the tour: its steps, and the one shown (a reactive; None: hidden)."""

    @property
    def tour(self) -> Tour:
        """The tour's steps and where the user is in them."""

    @property
    def tour_at(self) -> int | None:
        """The step shown; None when the tour is hidden."""


KEY_STYLE = "bold $text-accent"


def with_keys(text: str) -> Content:
    """Our own step text with the `keys` in backticks styled as keys (no markup parsed)."""
    parts = text.split("`")
    return Content.assemble(
        *((part, KEY_STYLE) if index % 2 else part for index, part in enumerate(parts))
    )


def hint_line(tour: Tour) -> Content:
    """The step in one line, for small terminals: "Tour 3/8 · read the comment, then a…"."""
    step = tour.step
    text, style = step.hint or step.title, ""
    if tour.missed and step.miss_hint:
        text, style = step.miss_hint, "$text-warning"
    return Content.assemble(
        (f"Tour {tour.index + 1}/{len(tour.steps)} ", "bold $text-accent"),
        with_keys(text).stylize(style) if style else with_keys(text),
        ("  ctrl+t more", "$text-muted"),
    )


class TourPanel(VerticalScroll):
    """Docked at the right of every data screen while the tour runs.

    On a small terminal (the screen's -compact class) it is one line above the footer,
    the step's hint; ctrl+t shows the whole step (-expanded), again hides the tour.
    """

    DEFAULT_CLASSES = "tour-panel"
    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="tour-hint", classes="tour-hint", markup=False)
        yield Static(Content(""), id="tour-done", classes="tour-done", markup=False)
        yield Static(Content(""), id="tour-title", classes="tour-title", markup=False)
        yield Static(Content(""), id="tour-missed", classes="tour-missed", markup=False)
        yield Static(Content(""), id="tour-body", classes="tour-body", markup=False)
        yield Static(Content(""), id="tour-keys", classes="tour-keys", markup=False)

    def on_mount(self) -> None:
        if isinstance(self.app, TourHost):
            self.watch(self.app, "tour_at", self._show)
        else:
            self.display = False  # an app without the tour

    def _show(self, at: int | None) -> None:
        self.display = at is not None
        if at is None or not isinstance(self.app, TourHost):
            return
        tour = self.app.tour
        self.set_class(tour.expanded, "-expanded")
        self.query_one("#tour-hint", Static).update(hint_line(tour))
        step: Step = tour.step
        done = tour.just_done
        self.query_one("#tour-done", Static).update(
            Content.assemble(("✓ ", "bold $success"), with_keys(done.after)) if done else ""
        )
        self.query_one("#tour-done").set_class(done is None, "-none")
        number = f"Tour {tour.index + 1}/{len(tour.steps)}: "
        self.query_one("#tour-title", Static).update(
            Content.assemble((number, "$text-muted"), (step.title, "bold"))
        )
        missed = self.query_one("#tour-missed", Static)
        missed.set_class(not tour.missed, "-none")
        missed.update(with_keys(step.miss) if tour.missed else "")
        self.query_one("#tour-body", Static).update(with_keys(step.body))
        keys = "`ctrl+t` hides the tour; ctrl+p, Tour: restart"
        if not tour.finished:
            keys = "`>` skips a step, " + keys
        self.query_one("#tour-keys", Static).update(with_keys(keys))
