"""Untrusted text made safe: for the screen (no escapes, no control characters), CSV and JSON.

Survey comments are written by anyone on the internet. The store keeps them exactly;
these functions are applied only when text is shown or exported.
"""

from __future__ import annotations

import json
import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI ... final byte
  | \x1b[\]PX^_].*?(?:\x07|\x1b\\|$)    # OSC, DCS, SOS, PM, APC strings up to BEL or ST
  | \x1b[ -/]*[0-~]?                    # two-byte (and nF) escapes, or a lone ESC
  | [\x80-\x9f]                         # 8-bit C1 controls (CSI is \x9b)
    """,
    re.VERBOSE | re.DOTALL,
)
_BIDI_AND_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def _picture(char: str) -> str:
    code = ord(char)
    if code == 0x7F:
        return "\u2421"  # ␡
    return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC, ␉ for TAB, ␍ for CR)


def _show_char(char: str) -> str:
    if "\x80" <= char <= "\x9f":
        return f"\\x{ord(char):02x}"
    if char == "\x1b" or _CONTROL.fullmatch(char):
        return _picture(char)
    return char


def _show_sequence(match: re.Match[str]) -> str:
    # Every control inside a sequence is shown too: an OSC string may hold 8-bit ones.
    return "".join(_show_char(c) for c in match.group(0))


def sanitize(text: str, *, keep_newlines: bool = True) -> str:
    """Make text safe to put on a terminal, showing what was neutralised.

    Escape sequences become visible (`␛[2J`), 8-bit controls become `\\x9b`, other
    control characters become Control Pictures (␇, ␈, ␍), and bidi overrides or
    zero-width characters become `<U+202E>`. Newlines stay unless `keep_newlines` is
    False (then they show as ⏎). Letters, emoji (ZWJ included) and CJK pass unchanged.
    """
    text = _ESCAPE_SEQUENCE.sub(_show_sequence, text)
    text = _BIDI_AND_INVISIBLE.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)
    text = _CONTROL.sub(lambda m: _picture(m.group(0)), text)
    if not keep_newlines:
        text = text.replace("\n", "⏎")
    return text


def clip(text: str, limit: int) -> str:
    """Cut text to `limit` characters, saying how long it really was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def defang_csv_cell(value: str) -> str:
    """Guard a CSV cell against formula injection (OWASP): prefix `'` to a risky start.

    Cells starting with = + - @, TAB, CR or NUL (and their full-width forms) are
    prefixed, except plain numbers such as -3 or +1.5.
    """
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060"
    "\ufeff\ud800-\udfff]"
)


def dump_json(value: object, *, indent: int | None = None) -> str:
    """JSON with every control character escaped, so it is safe on a terminal and lossless.

    `json.dumps` already escapes C0 controls (ESC is `\\u001b`); this also escapes DEL,
    the C1 controls (8-bit CSI is `\\u009b`), line and paragraph separators, bidi
    overrides, zero-width characters and lone surrogates. `json.loads` gives back the
    exact text. These characters can only occur inside JSON strings, where the escape
    is valid.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
