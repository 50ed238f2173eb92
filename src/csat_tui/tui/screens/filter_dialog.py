"""The filter dialog: every part of the one filter, the same object the CLI uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select
from textual.worker import Worker

from csat_tui.errors import CsatError
from csat_tui.filters import FOLLOWUP_FILTERS, Filter, parse_day
from csat_tui.scoring import BANDS
from csat_tui.services import Facets
from csat_tui.services.dashboard import load_facets
from csat_tui.services.opening import opener_for
from csat_tui.services.periods import LABELS, PRESETS, Preset, preset_range
from csat_tui.tui.choices import one_of
from csat_tui.tui.context import WorkerEnded
from csat_tui.tui.text import literal_content

ANY = "(any)"


@dataclass(frozen=True)
class FilterChoice:
    """What the dialog returns: the filter and the period preset it was made with."""

    filter: Filter
    preset: Preset


def _options(values: tuple[str, ...]) -> list[tuple[Content, str]]:
    return [(literal_content(v, limit=60), v) for v in values]


def _one(chosen: tuple[str, ...], values: tuple[str, ...]) -> str | object:
    return chosen[0] if len(chosen) == 1 and chosen[0] in values else Select.NULL


class FilterDialog(ModalScreen[FilterChoice | None]):
    """Change the filter; Apply returns it, Escape leaves it as it was."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel", tooltip="Close without changes"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply", tooltip="Apply this filter"),
    ]

    def __init__(
        self, flt: Filter, preset: Preset, facets: Facets, today: date, db_path: Path
    ) -> None:
        super().__init__()
        self.flt, self.preset, self.facets, self.today = flt, preset, facets, today
        self.db_path = db_path

    def on_mount(self) -> None:
        if not self.facets.responses:
            # Opened before the dashboard loaded the choices (e.g. started on responses).
            self._load_facets()

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _load_facets(self) -> None:
        found = load_facets(opener_for(self.db_path))
        self.app.call_from_thread(self._show_facets, found)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.post_message(WorkerEnded(event))

    def _show_facets(self, facets: Facets) -> None:
        self.facets = facets
        f = self.flt
        for name, values, chosen in (
            ("touchpoint", facets.touchpoints, f.touchpoints),
            ("segment", facets.segments, f.segments),
            ("channel", facets.channels, f.channels),
            ("source", facets.sources, f.sources),
        ):
            select = self.query_one(f"#{name}", Select)
            select.set_options(_options(values))
            value = _one(chosen, values)
            if isinstance(value, str):
                select.value = value

    def compose(self) -> ComposeResult:
        f, facets = self.flt, self.facets
        with Vertical(id="filter-dialog"):
            yield Label(Content.styled("Filter", "bold"), id="filter-title")
            with VerticalScroll(id="filter-fields"), Grid(id="filter-grid"):
                yield Label("Period")
                yield Select(
                    [(LABELS[p], p) for p in PRESETS], value=self.preset, allow_blank=False,
                    id="preset", compact=True,
                )  # fmt: skip
                yield Label("From / to")
                with Horizontal(classes="range"):
                    yield Input(
                        str(f.since or ""), placeholder="YYYY-MM-DD", id="since", compact=True
                    )
                    yield Input(
                        str(f.until or ""), placeholder="YYYY-MM-DD", id="until", compact=True
                    )
                for name, label, values, chosen in (
                    ("touchpoint", "Touchpoint", facets.touchpoints, f.touchpoints),
                    ("segment", "Segment", facets.segments, f.segments),
                    ("channel", "Channel", facets.channels, f.channels),
                    ("source", "Source", facets.sources, f.sources),
                ):
                    yield Label(label)
                    yield Select(
                        _options(values),
                        prompt=ANY,
                        value=_one(chosen, values),
                        id=name,
                        compact=True,
                    )
                yield Label("Score band")
                yield Select(
                    [(b, b) for b in BANDS],
                    prompt=ANY,
                    value=f.band or Select.NULL,
                    id="band",
                    compact=True,
                )
                yield Label("Tags")
                yield Input(
                    ", ".join(f.tags), placeholder="billing, bug (any of)", id="tags", compact=True
                )
                yield Label("Follow-up")
                yield Select(
                    [(s.replace("_", " "), s) for s in FOLLOWUP_FILTERS], prompt=ANY,
                    value=_one(f.followups, FOLLOWUP_FILTERS), id="followup", compact=True,
                )  # fmt: skip
                yield Label("Search")
                yield Input(
                    f.text, placeholder='comment words, "a phrase", -word', id="text", compact=True
                )
                yield Label("")
                yield Checkbox(
                    "Complete responses only", f.complete_only, id="complete", compact=True
                )
            yield Label(Content(""), id="filter-error")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="apply", compact=True)
                yield Button("Clear all", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @on(Select.Changed, "#preset")
    def _preset(self, event: Select.Changed) -> None:
        preset = one_of(event.value, PRESETS)
        if preset is not None and preset != "custom":
            since, until = preset_range(preset, self.today)
            self.query_one("#since", Input).value = str(since or "")
            self.query_one("#until", Input).value = str(until or "")

    @on(Input.Changed, "#since, #until")
    def _typed_dates(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self.query_one("#preset", Select).value = "custom"

    def _choice(self) -> FilterChoice:
        def pick(widget_id: str) -> tuple[str, ...]:
            value = self.query_one(f"#{widget_id}", Select).value
            return (value,) if isinstance(value, str) else ()

        def day(widget_id: str) -> date | None:
            text = self.query_one(f"#{widget_id}", Input).value.strip()
            return parse_day(text) if text else None

        band = self.query_one("#band", Select).value
        tags = tuple(
            t.strip() for t in self.query_one("#tags", Input).value.split(",") if t.strip()
        )
        preset = self.query_one("#preset", Select).value
        flt = Filter(
            touchpoints=pick("touchpoint"),
            segments=pick("segment"),
            channels=pick("channel"),
            sources=pick("source"),
            since=day("since"),
            until=day("until"),
            band=one_of(band, BANDS),
            tags=tags,
            followups=pick("followup"),
            complete_only=self.query_one("#complete", Checkbox).value,
            text=self.query_one("#text", Input).value.strip(),
        )
        return FilterChoice(flt, one_of(preset, PRESETS) or "custom")

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Close and apply the filter (an invalid date is said, not applied)."""
        try:
            choice = self._choice()
        except CsatError as error:
            self.query_one("#filter-error", Label).update(Content(str(error)))
            return
        self.dismiss(choice)

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(FilterChoice(Filter(), "all"))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
