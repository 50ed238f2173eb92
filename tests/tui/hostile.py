"""Text written by anyone on the internet: every kind of string that must show literally."""

from __future__ import annotations

HOSTILE = [
    "[bold]x[/bold]",
    "[@click=app.quit]x[/]",
    "[/bold] oops",
    "[link=https://evil.example]click[/link]",
    ":thumbs_up: $var [/]",
    "\x1b]0;title\x07",
    "\x1b[2J\x1b[H",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "csi\x9b31m",
    "bell\x07",
    "back\x08space",
    "bare\rCR",
    "rtl \u202eevil\u202c",
    "zero\u200bwidth\u2060join\ufeff",
]
"""Markup, escape sequences (title, clear, OSC 52, OSC 8, 8-bit CSI), controls, bidi, zero-width."""

BIG_COMMENT = "A" * (1 << 20)
"""A 1 MB comment."""

FORBIDDEN = ("\x1b", "\x9b", "\x07", "\x08", "\r", "\u202e", "\u200b")
"""Characters that must never reach the terminal."""
