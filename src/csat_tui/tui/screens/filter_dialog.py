"""The filter dialog: every part of the one filter, the same object the CLI uses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection
from textual.worker import Worker

from csat_tui.errors import CsatError
from csat_tui.filters import FOLLOWUP_FILTERS, Filter, parse_day
from csat_tui.scoring import BANDS
from csat_tui.services import Facets
from csat_tui.services.dashboard import load_columns, load_facets
from csat_tui.services.facets import ColumnValues
from csat_tui.services.opening import opener_for
from csat_tui.services.periods import LABELS, PRESETS, Preset, preset_range
from csat_tui.tui.choices import one_of
from csat_tui.tui.context import WorkerEnded
from csat_tui.tui.text import literal_content, safe

ANY = "(any)"
ATTRIBUTE = "attribute:"
ROLES = ("agent", "team")
"""Columns of their own on every response; every other column is a kept one (`attribute:KEY`)."""


@dataclass(frozen=True)
class FilterChoice:
    """What the dialog returns: the filter and the period preset it was made with."""

    filter: Filter
    preset: Preset


def _options(values: tuple[str, ...]) -> list[tuple[Content, str]]:
    return [(literal_content(v, limit=60), v) for v in values]


def _one(chosen: tuple[str, ...], values: tuple[str, ...]) -> str | object:
    """The value a select shows: the first the filter holds (applying keeps all it holds)."""
    return next((value for value in chosen if value in values), Select.NULL)


def column_choices(flt: Filter) -> dict[str, tuple[str, ...]]:
    """The filter's agent, team and kept-column values, by dimension (`attribute:KEY`)."""
    chosen: dict[str, tuple[str, ...]] = {}
    if flt.agents:
        chosen["agent"] = flt.agents
    if flt.teams:
        chosen["team"] = flt.teams
    for key, values in flt.where_by_key().items():
        chosen[ATTRIBUTE + key] = values
    return chosen


def with_columns(flt: Filter, chosen: dict[str, tuple[str, ...]]) -> Filter:
    """`flt` with its agents, teams and `where` taken from `chosen` (by dimension): the
    values of one column are alternatives, different columns must all match."""
    where = tuple(
        (dim[len(ATTRIBUTE) :], value)
        for dim, values in chosen.items()
        if dim.startswith(ATTRIBUTE)
        for value in values
    )
    return replace(flt, agents=chosen.get("agent", ()), teams=chosen.get("team", ()), where=where)


def _column_label(dimension: str) -> Content:
    if dimension.startswith(ATTRIBUTE):
        return literal_content(dimension[len(ATTRIBUTE) :], limit=60)
    return Content.styled(dimension, "italic")


def _value_prompt(value: str, count: int | None) -> Content:
    shown = literal_content(value, limit=60)
    if count is None:
        return shown
    return Content.assemble(shown, (f"  {count:,}", "$text-muted"))


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
        self.chosen = column_choices(flt)
        """Agent, team and kept-column values chosen so far, by dimension."""
        self.columns: dict[str, ColumnValues] = {}
        """Each column's most common values, once loaded."""
        self.shown: str | None = next(iter(self.chosen), None)
        """The column whose values the list shows."""

    def on_mount(self) -> None:
        if not self.facets.responses:
            # Opened before the dashboard loaded the choices (e.g. started on responses).
            self._load_facets()
        self._load_columns()
        self._show_column()

    @work(thread=True, exclusive=True, group="columns", exit_on_error=False)
    def _load_columns(self) -> None:
        found = load_columns(opener_for(self.db_path))
        self.app.call_from_thread(self._show_columns, found)

    def _show_columns(self, found: tuple[ColumnValues, ...]) -> None:
        self.columns = {c.dimension: c for c in found}
        select = self.query_one("#column", Select)
        select.set_options(self._column_options())
        if self.shown is not None:
            select.value = self.shown
        self._show_column()

    def _dimensions(self) -> list[str]:
        """Agent and team when present, every kept column, and any the filter names."""
        f = self.facets
        known = [*(["agent"] if f.agents else []), *(["team"] if f.teams else [])]
        known += [ATTRIBUTE + key for key in f.columns]
        known += [d for d in self.columns if d not in known]
        known += [d for d in self.chosen if d not in known]
        return known

    def _column_options(self) -> list[tuple[Content, str]]:
        return [(_column_label(d), d) for d in self._dimensions()]

    def _show_column(self) -> None:
        """Fill the value list with the shown column's most common values (with counts),
        the chosen ones ticked, and say how many values it has."""
        values = self.query_one("#column-values", SelectionList)
        info = self.query_one("#column-info", Label)
        values.clear_options()
        dim = self.shown
        if dim is None:
            info.update(Content("Choose a column, then its values (space ticks one)."))
            self._say_chosen()
            return
        column = self.columns.get(dim)
        chosen = self.chosen.get(dim, ())
        listed = column.values if column else ()
        names = {v for v, _ in listed}
        values.add_options(
            [Selection(_value_prompt(v, n), v, v in chosen) for v, n in listed]
            + [Selection(_value_prompt(v, None), v, True) for v in chosen if v not in names]
        )
        info.update(self._column_info(column))
        self._say_chosen()

    def _column_info(self, column: ColumnValues | None) -> Content:
        if column is None:
            return Content("Counting its values…" if not self.columns else "No values counted.")
        if column.distinct is None:
            return Content("Too many different values to list: type one below.")
        listed = len(column.values)
        more = f", the {listed} most common listed" if column.distinct > listed else ""
        where = f" of the latest {column.counted:,}" if column.sampled else ""
        without = column.without_value or 0
        return Content(f"{column.distinct:,} values{more}; {without:,}{where} responses have none.")

    def _say_chosen(self) -> None:
        picked = with_columns(Filter(), self.chosen)
        text = picked.describe() if not picked.is_empty else "no column chosen"
        self.query_one("#column-chosen", Label).update(
            Content.assemble(("Chosen: ", "$text-muted"), safe(text, limit=300))
        )

    @on(Select.Changed, "#column")
    def _column_changed(self, event: Select.Changed) -> None:
        dim = event.value if isinstance(event.value, str) else None
        if dim != self.shown:
            self.shown = dim
            self._show_column()

    @on(SelectionList.SelectedChanged, "#column-values")
    def _values_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        if self.shown is None:
            return
        picked = tuple(event.selection_list.selected)
        if picked:
            self.chosen[self.shown] = picked
        else:
            self.chosen.pop(self.shown, None)
        self._say_chosen()

    @on(Input.Submitted, "#column-value")
    def _typed_value(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if self.shown is None or not value:
            return
        values: SelectionList[str] = self.query_one("#column-values", SelectionList)
        listed = {o.value for o in values.options if isinstance(o, Selection)}
        if value in listed:
            values.select(value)
        else:  # not among the most common: added, ticked
            values.add_option(Selection(_value_prompt(value, None), value, True))
        event.input.value = ""

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
        with Vertical(id="filter-dialog"):
            yield Label(Content.styled("Filter", "bold"), id="filter-title")
            with VerticalScroll(id="filter-fields"):
                with Grid(id="filter-grid"):
                    yield from self._compose_fixed()
                yield from self._compose_columns()
                with Grid(id="filter-grid-more"):
                    yield from self._compose_more()
            yield Label(Content(""), id="filter-error")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="apply", compact=True)
                yield Button("Clear all", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _compose_fixed(self) -> ComposeResult:
        f, facets = self.flt, self.facets
        yield Label("Period")
        yield Select(
            [(LABELS[p], p) for p in PRESETS], value=self.preset, allow_blank=False,
            id="preset", compact=True,
        )  # fmt: skip
        yield Label("From / to")
        with Horizontal(classes="range"):
            yield Input(str(f.since or ""), placeholder="YYYY-MM-DD", id="since", compact=True)
            yield Input(str(f.until or ""), placeholder="YYYY-MM-DD", id="until", compact=True)
        for name, label, values, chosen in (
            ("touchpoint", "Touchpoint", facets.touchpoints, f.touchpoints),
            ("segment", "Segment", facets.segments, f.segments),
            ("channel", "Channel", facets.channels, f.channels),
            ("source", "Source", facets.sources, f.sources),
        ):
            yield Label(label)
            yield Select(
                _options(values), prompt=ANY, value=_one(chosen, values), id=name, compact=True
            )

    def _compose_columns(self) -> ComposeResult:
        """Agent, team or any kept column: pick the column, then tick among its most common
        values (or type one)."""
        with Horizontal(id="filter-columns"):
            yield Label("Column")
            with Vertical(id="filter-column-pick"):
                yield Select(
                    self._column_options(),
                    prompt="(agent, team or a kept column)",
                    value=self.shown if self.shown is not None else Select.NULL,
                    id="column",
                    compact=True,
                )
                yield SelectionList[str](id="column-values", compact=True)
                yield Input(placeholder="or type a value, enter adds it", id="column-value",
                            compact=True)  # fmt: skip
                yield Label(Content(""), id="column-info")
                yield Label(Content(""), id="column-chosen")

    def _compose_more(self) -> ComposeResult:
        f = self.flt
        yield Label("Score band")
        yield Select(
            [(b, b) for b in BANDS], prompt=ANY, value=f.band or Select.NULL, id="band",
            compact=True,
        )  # fmt: skip
        yield Label("Tags")
        yield Input(", ".join(f.tags), placeholder="billing, bug (any of)", id="tags", compact=True)
        yield Label("Follow-up")
        yield Select(
            [(s.replace("_", " "), s) for s in FOLLOWUP_FILTERS], prompt=ANY,
            value=_one(f.followups, FOLLOWUP_FILTERS), id="followup", compact=True,
        )  # fmt: skip
        yield Label("Search")
        yield Input(f.text, placeholder='comment words, "a phrase", -word', id="text", compact=True)
        yield Label("")
        yield Checkbox("Complete responses only", f.complete_only, id="complete", compact=True)

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
        def pick(widget_id: str, held: tuple[str, ...]) -> tuple[str, ...]:
            # A select shows one value: one of several the filter holds keeps them all.
            value = self.query_one(f"#{widget_id}", Select).value
            if not isinstance(value, str):
                return ()
            return held if value in held else (value,)

        def day(widget_id: str) -> date | None:
            text = self.query_one(f"#{widget_id}", Input).value.strip()
            return parse_day(text) if text else None

        band = self.query_one("#band", Select).value
        tags = tuple(
            t.strip() for t in self.query_one("#tags", Input).value.split(",") if t.strip()
        )
        preset = self.query_one("#preset", Select).value
        f = self.flt
        # From the filter it edits: what the dialog does not show (the metric) is kept.
        flt = replace(
            f,
            touchpoints=pick("touchpoint", f.touchpoints),
            segments=pick("segment", f.segments),
            channels=pick("channel", f.channels),
            sources=pick("source", f.sources),
            since=day("since"),
            until=day("until"),
            band=one_of(band, BANDS),
            tags=tags,
            followups=pick("followup", f.followups),
            complete_only=self.query_one("#complete", Checkbox).value,
            text=self.query_one("#text", Input).value.strip(),
        )
        return FilterChoice(with_columns(flt, self.chosen), one_of(preset, PRESETS) or "custom")

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
