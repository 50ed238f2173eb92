"""Text for output, for every input: no control byte reaches a terminal, nothing is lost."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from csat_tui.safe_text import defang_csv_cell, dump_json, sanitize
from csat_tui.services.exporting import csv_cell

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""C0, DEL and C1: what a terminal may act on."""

# Text rich in controls and escape sequences, plus anything else (no lone surrogates,
# which cannot come from decoding a file).
hostile_text = st.lists(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0x9F),
        st.sampled_from(["\x1b[", "\x1b]52;c;", "\x1bP", "\x9b", "\u202e", "\u2028", "\x07"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


@given(hostile_text)
def test_sanitize_leaves_no_control_but_newline(text: str) -> None:
    assert CONTROL.findall(sanitize(text)) == ["\n"] * text.count("\n")
    assert not CONTROL.search(sanitize(text, keep_newlines=False))


def test_sanitize_shows_8bit_controls_inside_an_osc_string() -> None:
    assert sanitize("\x1b]2;\x9b31m\x07") == "␛]2;\\x9b31m␇"


@given(json_values)
def test_dump_json_has_controls_only_as_escapes_and_round_trips(value: object) -> None:
    dumped = dump_json(value)
    assert not CONTROL.search(dumped)
    assert json.loads(dumped) == value
    indented = dump_json(value, indent=2)
    assert not CONTROL.search(indented.replace("\n", ""))
    assert json.loads(indented) == value


def test_dump_json_escapes_8bit_csi_and_separators() -> None:
    assert dump_json("a\x9bb") == '"a\\u009bb"'
    assert dump_json(["\x1b", "\x7f", "\u2028", "\u202e"]) == (
        '["\\u001b", "\\u007f", "\\u2028", "\\u202e"]'
    )
    assert json.loads(dump_json("\udc80")) == "\udc80"  # a lone surrogate, kept


@given(hostile_text)
def test_csv_cell_keeps_bytes_for_a_file_and_shows_them_for_a_terminal(text: str) -> None:
    assert csv_cell(text) == defang_csv_cell(text)
    shown = csv_cell(text, visible_controls=True)
    assert CONTROL.findall(shown) == ["\n"] * text.count("\n")
    assert shown == defang_csv_cell(sanitize(text))


@given(hostile_text, st.booleans())
def test_csv_cell_is_formula_safe_either_way(text: str, visible: bool) -> None:
    cell = csv_cell(text, visible_controls=visible)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\x00")) or re.fullmatch(
        r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cell
    )
