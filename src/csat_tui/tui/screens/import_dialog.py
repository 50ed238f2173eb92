"""Import from inside the app: a path with completion, a dry-run preview, progress, a summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from csat_tui.services import FileReport
from csat_tui.services.import_run import import_and_fire
from csat_tui.services.importing import reason_lines
from csat_tui.services.opening import opener_for
from csat_tui.tui.cards import csat_text, labelled
from csat_tui.tui.context import AppContext, StoreChanged, WorkerEnded, context_of
from csat_tui.tui.text import literal, literal_content, safe


class PathSuggester(Suggester):
    """Completes a path from the file system: the first entry that starts with what was typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(p.name for p in folder.iterdir() if p.name.startswith(stem))
        except OSError:
            return None
        names = [n for n in names if not n.startswith(".") or stem.startswith(".")]
        if not names:
            return None
        completed = names[0][len(stem) :]
        if (folder / names[0]).is_dir():
            completed += "/"
        return value + completed if completed else None


@dataclass
class ImportProgressed(Message):
    """Bytes read so far of a file being imported."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """A newer progress report waiting behind this one makes it needless.

        Textual calls this while the UI is busy and messages queue up; only progress
        gives way to progress, never the report of the end.
        """
        return isinstance(message, ImportProgressed)


@dataclass
class ImportReported(Message):
    """A dry run or an import finished."""

    report: FileReport
    dry_run: bool


def summary(report: FileReport, dry_run: bool) -> Content:
    """The report in words: counts, preset, encoding, messages and reasons for rejects."""
    heading = "Preview (nothing written)" if dry_run else f"Import {report.status}"
    lines = [
        Content.styled(heading, "bold"),
        Content(
            safe(
                f"file {report.path} · preset {report.preset or '?'} · "
                f"encoding {report.encoding or '?'}",
                limit=300,
            )
        ),
        Content(
            f"{report.records:,} records · {report.imported:,} "
            + ("to import" if dry_run else "imported")
            + f" · {report.duplicates:,} duplicates · {report.skipped:,} skipped · "
            f"{report.rejects:,} rejected · {report.seconds:.1f} s"
        ),
    ]
    lines += [literal_content(line, limit=300) for line in reason_lines(report)]
    lines += [literal_content(f"• {m}", limit=300) for m in report.messages]
    lines += [literal_content(f"rejected: {r}", limit=300) for r in report.reject_reasons[:5]]
    return Content("\n").join(lines)


class ImportDialog(ModalScreen[bool]):
    """Pick a file, preview it, import it. Dismisses with True when something was imported."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="import.close", tooltip="Close the import dialog"),
        Binding("ctrl+r", "preview", "Preview", id="import.preview",
                tooltip="Dry run: show how the file would be read, write nothing"),
        Binding("ctrl+s", "run_import", "Import", id="import.run",
                tooltip="Import the file into the store"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.imported = False
        self.running = False

    @property
    def context(self) -> AppContext:
        """The app, typed."""
        return context_of(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Label(Content.styled("Import a survey export", "bold"))
            yield Input(
                placeholder="path/to/export.csv  (→ completes)", suggester=PathSuggester(),
                id="import-path",
            )  # fmt: skip
            with Horizontal(id="import-buttons"):
                yield Button("Preview", id="preview")
                yield Button("Import", variant="primary", id="run")
                yield Button("Close", id="close")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            with VerticalScroll(id="import-body"):
                yield Static(Content(""), id="import-summary")
                yield DataTable[Text](id="import-columns", show_cursor=False)
                yield DataTable[Text](id="import-rows", show_cursor=False)

    def _path(self) -> str | None:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            self.query_one("#import-summary", Static).update(Content("Type the path of a file."))
            return None
        return path

    @on(Button.Pressed, "#preview")
    @on(Input.Submitted, "#import-path")
    def action_preview(self) -> None:
        """Dry run the file and show what would be imported."""
        path = self._path()
        if path and not self.running:
            self._start("Reading…")
            self._run(path, True)

    @on(Button.Pressed, "#run")
    def action_run_import(self) -> None:
        """Import the file."""
        path = self._path()
        if path and not self.running:
            self._start("Importing…")
            self._run(path, False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close (an import already running goes on to the end)."""
        self.dismiss(self.imported)

    def _start(self, what: str) -> None:
        self.running = True
        self.query_one("#import-summary", Static).update(Content(what))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.set_class(True, "-running")
        self.set_class(True, "-started")

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _run(self, path: str, dry_run: bool) -> None:
        def progress(done: int, total: int) -> None:
            if not get_current_worker().is_cancelled:
                self.post_message(ImportProgressed(done, total))

        try:
            report = import_and_fire(opener_for(self.context.db_path), path, dry_run, progress)
        finally:
            self.app.call_from_thread(setattr, self, "running", False)
        self.post_message(ImportReported(report, dry_run))

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.post_message(WorkerEnded(event))
        if event.state == WorkerState.ERROR:
            self.set_class(False, "-running")
            self.query_one("#import-summary", Static).update(Content("The import failed."))

    @on(ImportProgressed)
    def _progress(self, message: ImportProgressed) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=message.done)

    @on(ImportReported)
    def _reported(self, message: ImportReported) -> None:
        report = message.report
        self.set_class(False, "-running")
        bar = self.query_one(ProgressBar)
        bar.update(total=1, progress=1 if report.status != "failed" else 0)
        self.query_one("#import-summary", Static).update(summary(report, message.dry_run))
        self._show_plan(report)
        if not message.dry_run and report.status == "imported":
            self.imported = True
            self.post_message(StoreChanged())

    def _show_plan(self, report: FileReport) -> None:
        columns = self.query_one("#import-columns", DataTable)
        rows = self.query_one("#import-rows", DataTable)
        columns.clear(columns=True)
        rows.clear(columns=True)
        if report.plan is None:
            return
        columns.add_column(Text("column"), key="column")
        columns.add_column(Text("role"), key="role")
        columns.add_column(Text("how"), key="how")
        for c in report.plan.columns:
            role = (c.role or "attribute") + (f" {c.scale}" if c.scale else "")
            columns.add_row(literal(c.header, limit=40), Text(role), literal(c.how, limit=60))
        if report.preview:
            for key in ("submitted", "csat", "nps", "ces", "touchpoint", "comment"):
                rows.add_column(Text(key), key=key)
            for record in report.preview:
                answers = {
                    a.metric: csat_text(a.score, a.scale)
                    if labelled(a.scale)
                    else f"{a.score} of {a.scale}"
                    for a in record.answers
                }
                rows.add_row(
                    literal(record.submitted_at or "", limit=20),
                    Text(answers.get("csat", "")),
                    Text(answers.get("nps", "")),
                    Text(answers.get("ces", "")),
                    literal(record.touchpoint, limit=20),
                    literal(record.comment, limit=50),
                )
