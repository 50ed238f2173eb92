"""The one helper that shows untrusted text (comments, names, tags, file names) literally.

Everything from an import goes through `literal` (a Rich `Text`, for DataTable cells and
column labels) or `literal_content` (a Textual `Content`, for Static, Label, options and
palette hits). Neither is ever parsed as markup; control characters and escape sequences
are made visible by `sanitize`, and long text is clipped with its real length shown.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from csat_tui.safe_text import clip, sanitize

DEFAULT_LIMIT = 2000
"""Longest text shown in one place; a longer one is clipped and its length shown."""


def safe(value: object, *, limit: int | None = DEFAULT_LIMIT, newlines: bool = False) -> str:
    """Untrusted text as a plain string safe for a terminal (None becomes "")."""
    if value is None:
        return ""
    text = str(value)
    if limit is not None:
        # Clip before sanitising so a 1 MB comment costs what a short one does.
        text = clip(text, limit)
    return sanitize(text, keep_newlines=newlines)


def literal(
    value: object, *, limit: int | None = DEFAULT_LIMIT, newlines: bool = False, style: str = ""
) -> Text:
    """Untrusted text as a Rich `Text` (DataTable cells and labels): never markup, no escapes."""
    return Text(
        safe(value, limit=limit, newlines=newlines),
        style=style,
        no_wrap=not newlines,
        overflow="fold" if newlines else "ellipsis",
    )


def literal_content(
    value: object, *, limit: int | None = DEFAULT_LIMIT, newlines: bool = False
) -> Content:
    """Untrusted text as a Textual `Content` (Static, Label, options): never markup, no escapes."""
    return Content(safe(value, limit=limit, newlines=newlines))


def first_line(value: object, limit: int = 120) -> str:
    """The first line of a comment, clipped, for a table row (newlines shown as nothing more)."""
    if value is None:
        return ""
    text = str(value).strip()
    head, sep, _ = text.partition("\n")
    shown = safe(head, limit=limit)
    return f"{shown} …" if sep and len(head) <= limit else shown
