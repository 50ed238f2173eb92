"""The one helper that shows untrusted text: literal, visible, clipped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.content import Content

from csat_tui.tui.text import first_line, literal, literal_content, safe
from tests.tui.hostile import BIG_COMMENT, FORBIDDEN, HOSTILE


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_literally(text: str) -> None:
    for shown in (literal(text).plain, literal_content(text).plain, safe(text)):
        assert not any(c in shown for c in FORBIDDEN)
    assert isinstance(literal(text), Text)
    assert isinstance(literal_content(text), Content)


def test_markup_is_not_interpreted() -> None:
    assert literal("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert literal("[bold]x[/bold]").spans == []
    assert literal_content("[@click=app.quit]x[/]").plain == "[@click=app.quit]x[/]"
    assert literal_content("[/bold] oops").plain == "[/bold] oops"
    assert literal(":thumbs_up:").plain == ":thumbs_up:"


def test_controls_become_visible() -> None:
    assert safe("\x1b[2J") == "␛[2J"
    assert safe("csi\x9b31m") == "csi\\x9b31m"
    assert safe("bell\x07") == "bell␇"
    assert safe("back\x08space") == "back␈space"
    assert safe("bare\rCR") == "bare␍CR"
    assert "<U+202E>" in safe("rtl \u202eevil")
    assert "<U+200B>" in safe("zero\u200bwidth")


def test_a_long_comment_is_clipped_with_its_length() -> None:
    shown = safe(BIG_COMMENT, limit=500)
    assert len(shown) < 600
    assert "(1,048,576 characters)" in shown


def test_first_line_marks_more_lines() -> None:
    assert first_line("one\ntwo") == "one …"
    assert first_line(None) == ""
    assert first_line("x" * 500, limit=10).startswith("x" * 10 + "…")


@given(st.text())
def test_nothing_dangerous_ever_passes(text: str) -> None:
    shown = safe(text, limit=None, newlines=True)
    assert not any(c in shown for c in FORBIDDEN)
    assert all(c == "\n" or c.isprintable() or c in "\u200d\ufe0f" or ord(c) > 0x9F for c in shown)
    Content(shown)  # never raises
    Text(shown)
