"""One response in full: the whole comment wrapped, every rating, attributes, tags, history."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState, get_current_worker

from csat_tui.scoring import METRICS, rule_for
from csat_tui.services import ResponseDetail
from csat_tui.services.browsing import load_detail
from csat_tui.services.opening import opener_for
from csat_tui.text_search import SearchQuery
from csat_tui.tui.cards import csat_text, labelled
from csat_tui.tui.choices import one_of
from csat_tui.tui.context import WorkerEnded, context_of
from csat_tui.tui.highlight import highlight_content, search_of
from csat_tui.tui.history import event_line
from csat_tui.tui.messages import DetailLoaded
from csat_tui.tui.text import safe
from csat_tui.tui.widgets.tour_panel import TourPanel

COMMENT_LIMIT = 20_000
"""Longest part of a comment shown; the rest is summarised by its length."""


def _score(score: int, scale: str) -> str:
    """ "4 of 1-5", or the word on a labelled scale ("good")."""
    return csat_text(score, scale) if labelled(scale) else f"{score} of {scale}"


def _heading(text: str) -> Content:
    return Content.styled(text, "bold $text-accent")


def _pairs(items: list[tuple[str, Any]]) -> Content:
    width = max((len(k) for k, _ in items), default=0)
    return Content("\n").join(
        Content.assemble((f"{safe(k, limit=60):<{width}}  ", "$text-muted"), safe(v, limit=500))
        for k, v in items
    )


def detail_content(d: ResponseDetail, search: SearchQuery | None = None) -> Content:
    """Everything about a response as one block of text; all data goes through `safe`."""
    r = d.row
    parts: list[Content] = [
        _heading(f"Response #{r.id}"),
        _pairs(
            [
                ("submitted", r.submitted_at or "no date"),
                ("source", r.source),
                ("external id", r.external_id),
                ("respondent", r.respondent or "–"),
                ("touchpoint", r.touchpoint or "–"),
                ("segment", r.segment or "–"),
                ("channel", r.channel or "–"),
                ("complete", "yes" if r.complete else "no (partial response)"),
                ("imported from", d.import_file or "–"),
            ]
        ),
        _heading("Ratings"),
    ]
    if d.ratings:
        lines = []
        for rating in d.ratings:
            words = ""
            metric = one_of(rating.metric, METRICS)
            try:
                if metric is not None:
                    band = rule_for(metric, rating.scale)
                    words = f"{band.band(rating.score)} ({band.describe()})"
            except ValueError:
                pass  # a scale the metric does not use: the score is shown without a band
            lines.append(
                Content.assemble(
                    (f"{rating.metric.upper():<5}", "bold"),
                    f" {_score(rating.score, rating.scale)}  ",
                    (words, "$text-muted"),
                    "  ",
                    safe(rating.question, limit=200),
                )
            )
        parts.append(Content("\n").join(lines))
    else:
        parts.append(Content("no ratings"))
    comment = d.comment or ""
    size = f" ({len(comment):,} characters)" if len(comment) > 300 else ""
    parts += [
        _heading(f"Comment{size}"),
        highlight_content(Content(safe(comment, limit=COMMENT_LIMIT, newlines=True)), search)
        if comment
        else Content("(no comment)"),
        _heading("Tags"),
        Content(safe(", ".join(r.tags), limit=1000) if r.tags else "none"),
        _heading("Follow-up"),
    ]
    f = d.followup
    parts.append(
        _pairs(
            [
                ("status", f.status.replace("_", " ")),
                ("owner", f.owner or "–"),
                ("due", f.due_date or "–"),
                ("note", f.note or "–"),
            ]
        )
        if f
        else Content("none")
    )
    parts.append(_heading("Attributes"))
    parts.append(
        _pairs([(str(k), v) for k, v in sorted(d.attributes.items())])
        if d.attributes
        else Content("none")
    )
    parts.append(_heading("History"))
    if d.events:
        parts.append(
            Content("\n").join(
                Content(
                    safe(
                        event_line(e, r.id),
                        limit=500,
                    )
                )
                for e in d.events
            )
        )
    else:
        parts.append(Content("no triage actions yet"))
    if d.rejects:
        parts.append(_heading("Cells not imported"))
        parts.append(
            Content("\n").join(
                Content(safe(f"line {line} · {column}: {value!r} — {reason}", limit=300))
                for line, column, value, reason in d.rejects
            )
        )
    return Content("\n\n").join(parts)


class DetailScreen(Screen[None]):
    """A response in full, loaded off the UI thread; one instance, reused for every response."""

    SUB_TITLE = "Response"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back",
                tooltip="Back to the responses"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.response_id = 0
        """The response shown (0: none yet)."""
        self.generation = 0
        self._mounted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(Content("Loading…"), id="detail")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.mount(TourPanel())
        self._mounted = True
        if self.response_id:
            self.show(self.response_id)

    def show(self, response_id: int) -> None:
        """Load and show another response."""
        self.response_id = response_id
        self.generation += 1
        if not self._mounted:
            return
        self.query_one("#detail", Static).update(Content(f"Loading response #{response_id}…"))
        self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)
        self._load(self.generation, response_id)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self, generation: int, response_id: int) -> None:
        found = load_detail(opener_for(context_of(self).db_path), response_id)
        if not get_current_worker().is_cancelled:
            self.post_message(DetailLoaded(generation, found))

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.post_message(WorkerEnded(event))
        if event.state == WorkerState.ERROR:
            self.query_one("#detail", Static).update(Content("Could not load this response."))

    @on(DetailLoaded)
    def _loaded(self, message: DetailLoaded) -> None:
        if message.generation != self.generation:
            return
        search = search_of(context_of(self).filter.text)
        self.query_one("#detail", Static).update(detail_content(message.detail, search))
        self.query_one("#detail-body").focus()
