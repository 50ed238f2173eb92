"""Tags: every tag with its count; rename, merge, delete; tag counts per touchpoint."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from csat_tui.filters import Filter
from csat_tui.services import Store, triage
from csat_tui.services.triage_loads import TagData, load_tags
from csat_tui.tui.context import FilterAsked, TriageAsked
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.screens.triage_dialogs import ConfirmDialog, TextDialog
from csat_tui.tui.text import literal, literal_content, safe
from csat_tui.tui.triage_runner import tags_action
from csat_tui.tui.widgets.filter_line import FilterLine


@dataclass
class TagsLoaded(Loaded):
    """Every tag and the counts per touchpoint."""

    data: TagData


def _count(n: int) -> Text:
    return Text(f"{n:,}", justify="right")


class TagsScreen(DataScreen):
    """Every tag with how many responses carry it; per touchpoint within the filter beside."""

    SUB_TITLE = "Tags"
    LOADING_PARTS = {"tags": "#tags, #tags-by"}

    BINDINGS = [
        Binding("e", "rename", "Rename", id="tags.rename",
                tooltip="Rename the tag (to an existing name: merge into it)"),
        Binding("m", "merge", "Merge", id="tags.merge",
                tooltip="Move every response of the tag to another, then remove it"),
        Binding("delete,backspace", "delete", "Delete", id="tags.delete",
                tooltip="Delete the tag everywhere (asks first; u undoes)"),
        Binding("enter", "open_responses", "Responses", id="tags.responses",
                tooltip="The responses with this tag (the filter narrowed to it)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        """The tags in table order."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        with Horizontal(id="tags-body"):
            with Vertical(id="tags-all"):
                yield Static(Content.styled("Every tag (all responses)", "bold"), classes="title")
                yield DataTable[Text](id="tags", cursor_type="row", zebra_stripes=True)
            with Vertical(id="tags-touchpoints"):
                yield Static(
                    Content.styled("Per touchpoint, within the filter", "bold"), classes="title"
                )
                yield DataTable[Text](id="tags-by", cursor_type="row", zebra_stripes=True)
        yield Static(Content(""), id="tags-empty")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        tags = self.query_one("#tags", DataTable)
        tags.add_column(Text("Tag"), key="tag", width=20)
        tags.add_column(Text("Responses"), key="n", width=9)
        by = self.query_one("#tags-by", DataTable)
        by.add_column(Text("Touchpoint"), key="touchpoint", width=14)
        by.add_column(Text("Tag"), key="tag", width=16)
        by.add_column(Text("N"), key="n", width=5)
        self.query_one("#tags-empty", Static).update(
            Content(
                "No tags yet. In the queue (n) or the responses (r), a adds tags to a response; "
                "new names create tags."
            )
        )

    def start_loads(self) -> None:
        self.started("tags")
        self._load(self.generation, self.context.filter)

    @work(thread=True, exclusive=True, group="tags", exit_on_error=False)
    def _load(self, generation: int, flt: Filter) -> None:
        data = load_tags(self.opener("tags"), flt)
        if not self.cancelled():
            self.post_message(TagsLoaded(generation, data))

    @on(TagsLoaded)
    def _loaded(self, message: TagsLoaded) -> None:
        if not self.current(message.generation):
            return
        self.finished("tags")
        tags = self.query_one("#tags", DataTable)
        shown = self.selected
        tags.clear()
        self.names = [t.name for t in message.data.tags]
        for t in message.data.tags:
            tags.add_row(literal(t.name, limit=60), _count(t.responses))
        if shown in self.names:
            tags.move_cursor(row=self.names.index(shown), animate=False)
        by = self.query_one("#tags-by", DataTable)
        by.clear()
        for touchpoint, name, n in message.data.by_touchpoint:
            by.add_row(
                literal(touchpoint or "(none)", limit=40), literal(name, limit=40), _count(n)
            )
        self.set_class(not self.names, "-empty")
        self.refresh_bindings()  # the tag keys depend on there being tags (check_action)

    @property
    def selected(self) -> str | None:
        """The tag under the cursor."""
        row = self.query_one("#tags", DataTable).cursor_row
        return self.names[row] if 0 <= row < len(self.names) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tag keys are greyed out when there is no tag."""
        if action in ("rename", "merge", "delete", "open_responses"):
            return bool(self.names)
        return True

    def action_rename(self) -> None:
        """Ask for a new name for the tag under the cursor."""
        old = self.selected
        if old is None:
            return

        def named(new: str | None) -> None:
            if new and new != old:
                said = f"Renamed tag {safe(old, limit=40)} to {safe(new, limit=40)}"
                self.post_message(
                    TriageAsked(tags_action("rename", partial(_rename, old, new), said))
                )

        title = Content.assemble(("Rename ", "bold"), literal_content(old, limit=60), " to")
        self.app.push_screen(TextDialog(title, "new name", self.names), named)

    def action_merge(self) -> None:
        """Ask which tag to merge the tag under the cursor into."""
        source = self.selected
        if source is None:
            return

        def chosen(target: str | None) -> None:
            if target:
                said = f"Merged tag {safe(source, limit=40)} into {safe(target, limit=40)}"
                self.post_message(
                    TriageAsked(tags_action("merge", partial(_merge, source, target), said))
                )

        title = Content.assemble(("Merge ", "bold"), literal_content(source, limit=60), " into")
        others = [n for n in self.names if n != source]
        self.app.push_screen(TextDialog(title, "an existing tag (→ completes)", others), chosen)

    def action_delete(self) -> None:
        """Delete the tag under the cursor, after asking."""
        name = self.selected
        if name is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                said = f"Deleted tag {safe(name, limit=40)}"
                self.post_message(TriageAsked(tags_action("delete", partial(_delete, name), said)))

        question = Content.assemble(
            ("Delete the tag ", "bold"),
            literal_content(name, limit=60),
            " from every response?",
        )
        self.app.push_screen(ConfirmDialog(question), answered)

    def action_open_responses(self) -> None:
        """Show the responses with the tag under the cursor."""
        name = self.selected
        if name is not None:
            flt = replace(self.context.filter, tags=(name,))
            self.post_message(FilterAsked(flt, then_show="responses"))


def _rename(old: str, new: str, store: Store) -> None:
    triage.rename_tag(store, old, new)


def _merge(source: str, target: str, store: Store) -> None:
    triage.merge_tags(store, source, target)


def _delete(name: str, store: Store) -> None:
    triage.delete_tag(store, name)
