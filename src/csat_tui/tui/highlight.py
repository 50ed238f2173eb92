"""Search matches highlighted by styling spans of already-safe text (never by writing markup).

Spans are found on the very string shown (after `sanitize`), so a comment whose control
characters became visible pictures, or whose markup shows literally, highlights correctly.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from csat_tui.text_search import SearchQuery, match_spans, parse_query

MATCH_STYLE = "bold black on yellow"
"""How a match looks (a plain Rich style, readable on the light and the dark theme)."""


def search_of(text: str) -> SearchQuery | None:
    """The query a filter's search box holds, or None when there is nothing to highlight."""
    query = parse_query(text) if text else None
    return query if query is not None and query.include else None


def highlight_text(text: Text, query: SearchQuery | None) -> Text:
    """Style the matches in a Rich `Text` in place (for table cells); returns it."""
    if query is not None:
        for start, end in match_spans(text.plain, query):
            text.stylize(MATCH_STYLE, start, end)
    return text


def highlight_content(content: Content, query: SearchQuery | None) -> Content:
    """A Textual `Content` with the matches styled (Static, the preview, the detail)."""
    if query is None:
        return content
    for start, end in match_spans(content.plain, query):
        content = content.stylize(MATCH_STYLE, start, end)
    return content
