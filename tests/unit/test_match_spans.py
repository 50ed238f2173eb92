"""Where a search matched, in the original text, for highlighting."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from csat_tui.text_search import match_spans, parse_query


def marked(text: str, query: str) -> str:
    out, last = [], 0
    for start, end in match_spans(text, parse_query(query)):
        out += [text[last:start], "<", text[start:end], ">"]
        last = end
    return "".join([*out, text[last:]])


def test_spans_in_the_original_text() -> None:
    assert marked("A Refund, refunded? REFUND!", "refund") == "A <Refund>, refunded? <REFUND>!"
    assert marked("Too late, far too late", '"too late"') == "<Too late>, far <too late>"
    assert marked("退款太慢了", "退款 慢") == "<退款>太<慢>了"
    assert marked("XİDMƏTİ yaxşı", "xidməti") == "<XİDMƏTİ> yaxşı"
    assert marked("jätte-bra", "jätte-bra") == "<jätte-bra>"
    assert marked("[bold]x[/bold] \x1b[2J", "bold") == "[<bold>]x[/<bold>] \x1b[2J"
    assert marked("nothing here", "-here") == "nothing here"


@given(st.text(max_size=60), st.text(max_size=20))
def test_spans_are_sorted_disjoint_and_inside(text: str, query: str) -> None:
    spans = match_spans(text, parse_query(query))
    for (a, b), (c, _) in itertools.pairwise(spans):
        assert a < b < c
    assert all(0 <= a < b <= len(text) for a, b in spans)
