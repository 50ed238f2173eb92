"""The comment index: an FTS5 table over normalised comment tokens, kept in step with imports.

The table is contentless (the comments stay in `responses`); its rowid is the response
id. Tokens come from `csat_tui.text_search`, the same function that reads queries.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from csat_tui.text_search import _CJK_CLASS

CREATE_TABLE = (
    "CREATE VIRTUAL TABLE comment_index USING fts5("
    "body, content='', tokenize='unicode61 remove_diacritics 0')"
)


_RANGES = _CJK_CLASS[1:-1]
# `text_search.tokens` in one pass: runs of letters and digits that are not CJK, and each
# CJK letter alone (tokens() spaces CJK characters apart, then finds the runs).
_INDEX_TOKEN = re.compile(f"[^\\W_{_RANGES}]+|(?![\\W_])[{_RANGES}]")


def index_text(comment: str | None) -> str | None:
    """What the index holds for a comment: its tokens (`text_search.tokens`), space-separated.

    It runs for every comment an import adds that is not printable ASCII, so it is written
    for speed; a property test checks it against `tokens`.
    """
    if not comment:
        return None
    folded = unicodedata.normalize("NFKC", comment).casefold().replace("\u0307", "")
    return " ".join(_INDEX_TOKEN.findall(folded)) or None


def index_body(comment: str) -> str | None:
    """What the index holds for a non-empty comment, as `_BODY` computes it in SQL: the
    comment itself when it is ASCII with no NUL, its `index_text` otherwise."""
    if comment.isascii() and "\x00" not in comment:
        return comment
    return index_text(comment)


def add_bodies(conn: sqlite3.Connection, bodies: list[tuple[int, str | None]]) -> None:
    """Add comments to the index as (response id, `index_body` of its comment): an import
    does, batch by batch, inside its transaction."""
    conn.executemany("INSERT INTO comment_index (rowid, body) VALUES (?, ?)", bodies)


def _register(conn: sqlite3.Connection) -> None:
    conn.create_function("csat_index_text", 1, index_text, deterministic=True)


# ASCII text tokenizes the same in FTS5's unicode61 as in `tokens` (letters and digits,
# case-folded), so only other text needs the Python normalisation. Text is ASCII when it
# has as many characters as bytes (a NUL cuts length() short, so such text counts as other).
_BODY = (
    "CASE WHEN length(CAST(comment AS BLOB)) = length(comment) THEN comment"
    " ELSE csat_index_text(comment) END"
)


def index_all(conn: sqlite3.Connection) -> None:
    """Index every comment (for a store made before the index existed)."""
    _register(conn)
    conn.execute(
        f"INSERT INTO comment_index (rowid, body) SELECT id, {_BODY}"
        " FROM responses WHERE comment IS NOT NULL AND comment != ''"
    )
