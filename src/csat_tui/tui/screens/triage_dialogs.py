"""Triage dialogs: tags (several at once, completed), a follow-up, a line of text, a yes/no."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker

from csat_tui.errors import FilterError
from csat_tui.filters import FOLLOWUP_STATUSES
from csat_tui.services import Followup
from csat_tui.services.due_dates import parse_due
from csat_tui.tui.context import WorkerEnded
from csat_tui.tui.text import literal_content, safe
from csat_tui.tui.triage_runner import FollowupChoice

Choices = Callable[[], list[str]]
"""Loads the names a field completes from (run in a thread worker)."""
CurrentFollowup = Callable[[], Followup | None]
"""Loads the follow-up a response has now, to show it for editing (in a thread worker)."""

STATUS_WORDS = {"open": "open", "in_progress": "in progress", "done": "done", "wont_do": "won't do"}
"""Follow-up statuses as people say them."""


def split_tags(text: str) -> list[str]:
    """Tag names from what was typed: comma-separated, trimmed, blanks dropped."""
    return [name.strip() for name in text.split(",") if name.strip()]


class PrefixSuggester(Suggester):
    """Completes what is typed from a list of names loaded later (matched ignoring case)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names: list[str] = []

    def set_names(self, names: list[str]) -> None:
        """The names to complete from (shown literally)."""
        self.names = [safe(n, limit=80) for n in names]

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.casefold()
        if not typed:
            return None
        for name in self.names:
            if name.casefold().startswith(typed) and name != value:
                return value + name[len(value) :]
        return None


class LastTagSuggester(PrefixSuggester):
    """Completes the tag being typed (after the last comma) from the existing tags."""

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        already = {n.casefold() for n in split_tags(head)}
        for name in self.names:
            folded = name.casefold()
            if folded.startswith(typed.casefold()) and folded not in already and name != typed:
                return value + name[len(typed) :]
        return None


class _Loading:
    """A dialog whose completions load in a thread worker after it opens."""

    def start_loading(self, dialog: ModalScreen[Any], choices: Choices) -> None:
        """Load the names and hand them to `names_loaded` on the UI thread."""

        def load() -> None:
            names = choices()
            dialog.app.call_from_thread(self.names_loaded, names)

        dialog.run_worker(load, thread=True, group="choices", exit_on_error=False)

    def names_loaded(self, names: list[str]) -> None:
        """The completions arrived."""


def suggest_again(field: Input) -> None:
    """Ask for a completion of what is already typed (the names arrived after the keys did)."""
    if field.value and field.suggester is not None and field.has_focus:
        # What Input itself does on each change; there is no public way to ask again.
        field.run_worker(field.suggester._get_suggestion(field, field.value))


def _worker_failed(dialog: ModalScreen[Any], event: Worker.StateChanged) -> None:
    dialog.post_message(WorkerEnded(event))


class TagDialog(_Loading, ModalScreen[list[str] | None]):
    """Ask for tags: comma-separated, completed from existing ones; new names create tags."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tag_dialog.cancel", tooltip="Close, tag nothing"),
    ]  # fmt: skip

    def __init__(self, what: str, choices: Choices, known: list[str] | None = None) -> None:
        super().__init__()
        self.what = what
        self.choices = choices
        self.suggester = LastTagSuggester()
        # Names the caller already has complete at once, before the fresh list arrives.
        self.suggester.set_names(known or [])

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog", classes="triage-dialog"):
            yield Label(Content.styled(f"Tag {self.what}", "bold"))
            yield Input(
                placeholder="billing, slow reply (→ completes, enter saves)",
                suggester=self.suggester,
                id="tag-input",
            )
            yield Static(Content.styled("Existing: loading…", "$text-muted"), id="tag-known")

    def on_mount(self) -> None:
        self.start_loading(self, self.choices)

    def names_loaded(self, names: list[str]) -> None:
        self.suggester.set_names(names)
        suggest_again(self.query_one("#tag-input", Input))
        shown = ", ".join(safe(n, limit=40) for n in names[:30]) or "none yet: type a new one"
        self.query_one("#tag-known", Static).update(
            Content.assemble(("Existing: ", "$text-muted"), Content(shown))
        )

    @on(Worker.StateChanged)
    def _worker(self, event: Worker.StateChanged) -> None:
        _worker_failed(self, event)

    @on(Input.Submitted, "#tag-input")
    def _submitted(self, event: Input.Submitted) -> None:
        names = split_tags(event.value)
        self.dismiss(names or None)

    def action_cancel(self) -> None:
        """Close without tagging."""
        self.dismiss(None)


class FollowupDialog(_Loading, ModalScreen[FollowupChoice | None]):
    """Owner (completed from earlier owners), due date (read as you type), status and note."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="followup_dialog.cancel",
                tooltip="Close, change nothing"),
        Binding("ctrl+s", "save", "Save", id="followup_dialog.save",
                tooltip="Save the follow-up (enter in any field does too)"),
    ]  # fmt: skip

    def __init__(
        self,
        what: str,
        owners: Choices,
        today: date,
        status: str | None,
        known: list[str] | None = None,
        current: CurrentFollowup | None = None,
    ) -> None:
        super().__init__()
        self.what = what
        self.owners = owners
        self.today = today
        self.status = status
        self.current = current
        """Loads the follow-up being edited, if one response's is."""
        self.suggester = PrefixSuggester()
        self.suggester.set_names(known or [])

    def compose(self) -> ComposeResult:
        with Vertical(id="followup-dialog", classes="triage-dialog"):
            yield Label(Content.styled(f"Follow-up of {self.what}", "bold"))
            with Grid(id="followup-grid"):
                yield Label("Owner")
                yield Input(
                    placeholder="who calls back",
                    suggester=self.suggester,
                    id="followup-owner",
                    compact=True,
                )
                yield Label("Due")
                yield Input(
                    placeholder="2026-12-01, tomorrow, +3d, fri", id="followup-due", compact=True
                )
                yield Label("")
                yield Static(Content(""), id="followup-due-read")
                yield Label("Status")
                yield Select(
                    [(Content(STATUS_WORDS[s]), s) for s in FOLLOWUP_STATUSES],
                    value=self.status or "open",
                    allow_blank=False,
                    id="followup-status",
                    compact=True,
                )
                yield Label("Note")
                yield Input(placeholder="optional", id="followup-note", compact=True)
            yield Static(Content.styled("enter saves · escape cancels", "$text-muted"))

    def on_mount(self) -> None:
        self._read_due("")
        self.start_loading(self, self.owners)
        load_current = self.current
        if load_current is not None:

            def load() -> None:
                found = load_current()
                self.app.call_from_thread(self._show_current, found)

            self.run_worker(load, thread=True, group="current", exit_on_error=False)

    def _show_current(self, followup: Followup | None) -> None:
        """Fill the fields with the follow-up as it is, unless the user has started typing."""
        fields = [self.query_one(f"#followup-{name}", Input) for name in ("owner", "due", "note")]
        if followup is None or any(field.value for field in fields):
            return
        owner, due, note = fields
        owner.value = followup.owner or ""
        due.value = followup.due_date or ""
        note.value = followup.note or ""
        owner.select_all()  # typing replaces the owner; a cursor key keeps it
        if followup.status in FOLLOWUP_STATUSES:
            self.query_one("#followup-status", Select).value = followup.status

    def names_loaded(self, names: list[str]) -> None:
        self.suggester.set_names(names)
        suggest_again(self.query_one("#followup-owner", Input))

    @on(Worker.StateChanged)
    def _worker(self, event: Worker.StateChanged) -> None:
        _worker_failed(self, event)

    @on(Input.Changed, "#followup-due")
    def _due_changed(self, event: Input.Changed) -> None:
        self._read_due(event.value)

    def _due(self) -> tuple[date | None, str | None]:
        text = self.query_one("#followup-due", Input).value
        if not text.strip():
            return None, None
        try:
            return parse_due(text, self.today), None
        except FilterError as error:
            return None, str(error)

    def _read_due(self, text: str) -> None:
        due, error = self._due()
        shown = self.query_one("#followup-due-read", Static)
        shown.set_class(error is not None, "-error")
        if error:
            shown.update(literal_content(error, limit=200))
        elif due:
            shown.update(Content(f"→ {due:%a %d %b %Y}"))
        else:
            shown.update(Content.styled("no due date", "$text-muted"))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Save, unless the due date cannot be read."""
        due, error = self._due()
        if error:
            self.query_one("#followup-due", Input).focus()
            return
        owner = self.query_one("#followup-owner", Input).value.strip() or None
        note = self.query_one("#followup-note", Input).value.strip() or None
        status = self.query_one("#followup-status", Select).value
        self.dismiss(FollowupChoice(str(status), owner, due, note))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """Ask for one line of text (a note, a new name); enter answers, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="text_dialog.cancel", tooltip="Close"),
    ]  # fmt: skip

    def __init__(
        self, title: Content, placeholder: str = "", suggestions: list[str] | None = None
    ) -> None:
        super().__init__()
        self.title_content = title
        self.placeholder = placeholder
        self.suggester = PrefixSuggester()
        self.suggester.set_names(suggestions or [])

    def compose(self) -> ComposeResult:
        with Vertical(id="text-dialog", classes="triage-dialog"):
            yield Label(self.title_content)
            yield Input(
                placeholder=self.placeholder,
                suggester=self.suggester,
                id="text-input",
            )
            yield Static(Content.styled("enter answers · escape cancels", "$text-muted"))

    @on(Input.Submitted, "#text-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y confirms, n or escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Change nothing"),
    ]  # fmt: skip

    def __init__(self, question: Content, hint: str = "y: yes · n: no (undo with u)") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="triage-dialog"):
            yield Static(self.question)
            yield Static(Content.styled(self.hint, "$text-muted"))

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)
