"""The export and report dialogs share one question: each refuses what it cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Label, Static

from csat_tui.tui.screens.export_dialog import ExportDialog
from csat_tui.tui.screens.file_dialog import FileDialog
from csat_tui.tui.screens.report_dialog import ReportDialog


class Host(App[None]):
    """A bare app that asks once and keeps the answer."""

    def __init__(self, dialog: FileDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.answers: list[Path | None] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.answers.append)


CASES = [
    (ExportDialog, "export-path", "out.csv", "out.pdf", "needs .csv, .json or .jsonl"),
    (ReportDialog, "report-path", "out.html", "out.csv", "needs .html or .md"),
]


@pytest.mark.parametrize(("kind", "field_id", "good", "bad", "needs"), CASES)
async def test_each_dialog_says_what_is_wrong_then_takes_a_good_name(
    tmp_path: Path, kind: type[FileDialog], field_id: str, good: str, bad: str, needs: str
) -> None:
    dialog = kind("last 30 days", tmp_path / good)
    app = Host(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = dialog.query_one(f"#{field_id}", Input)
        assert field.has_focus and field.value == str(tmp_path / good)

        def said() -> str:
            return str(dialog.query_one("#export-error", Label).render())

        for value, expected in [
            ("  ", "Name a file to write."),
            (str(tmp_path / bad), needs),
            (str(tmp_path / "missing" / good), "That folder does not exist."),
        ]:
            field.value = value
            await pilot.press("enter")
            await pilot.pause()
            assert expected in said() and app.answers == []
        (tmp_path / f"folder{Path(good).suffix}").mkdir()
        field.value = str(tmp_path / f"folder{Path(good).suffix}")
        await pilot.press("enter")
        await pilot.pause()
        assert "That is a folder" in said() and app.answers == []
        field.value = str(tmp_path / good)
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [tmp_path / good]


@pytest.mark.parametrize("kind", [ExportDialog, ReportDialog])
async def test_escape_answers_none(tmp_path: Path, kind: type[FileDialog]) -> None:
    app = Host(kind("all time", tmp_path / "x"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.answers == [None]


async def test_a_hostile_file_name_is_said_as_text(tmp_path: Path) -> None:
    dialog = ExportDialog("all time", tmp_path / "x.csv")
    app = Host(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = str(
            tmp_path / "[@click=app.quit]x[red].pdf"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert "[@click=app.quit]x[red].pdf" in str(
            dialog.query_one("#export-error", Label).render()
        )
