"""Untrusted text in the report is shown as text: no markup, script, link or mention runs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.services.report_md import md

runner = CliRunner()


class Tags(HTMLParser):
    """Every tag and attribute name of a document, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _report(db: Path, out: Path) -> str:
    result = runner.invoke(app, ["report", "--db", str(db), "--period", "week", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_hostile_text_is_text_in_the_html(hostile_db: Path, tmp_path: Path) -> None:
    html = _report(hostile_db, tmp_path / "r.html")
    tags = Tags()
    tags.feed(html)
    assert "script" not in tags.tags and "img" not in tags.tags and "b" not in tags.tags
    assert not {a for a in tags.attributes if a.startswith("on")}
    assert "<script" not in html.lower()
    text = "".join(tags.text)
    # Each hostile value is there, readable, in the parts that show it.
    assert "<script>document.title='PWNED'" in text  # a theme's example comment
    assert "<b onmouseover=alert(1)>billing</b>" in text  # a touchpoint
    assert "<i>Eve</i>" in text and "Omar & <Co>" in text  # follow-up owners
    assert "Called back: <img src=x onerror=alert(1)>" in text  # a note
    assert "<script>alert('who')</script>@example.com" in text  # a customer at risk
    assert "&lt;script&gt;" in html and "onerror=&quot;" in html


def test_hostile_text_is_inert_in_the_markdown(hostile_db: Path, tmp_path: Path) -> None:
    text = _report(hostile_db, tmp_path / "r.md")
    # Every < [ ( ! is escaped: no raw HTML, link or image.
    assert not re.search(r"(?<!\\)[<\[]", text)
    assert r"\<script\>document" in text
    assert r"\[click\]\(http\://evil" in text  # no link
    assert r"\@channel" in text  # no mention
    assert r"\<i\>Eve\</i\>" in text


def test_md_escapes_every_character_markdown_reads() -> None:
    assert md("a|b") == r"a\|b"  # no table cell break
    assert md("![x](http://t/p.png)") == r"\!\[x\]\(http\://t/p\.png\)"  # no image
    assert md("`code` *em* _u_ ~s~ # h") == r"\`code\` \*em\* \_u\_ \~s\~ \# h"
    assert md("line one\n\n# two") == r"line one \# two"  # one line: no heading
    assert md("\x1b]52;c;evil\x07") == "␛\\]52;c;evil␇"  # controls shown, not sent
