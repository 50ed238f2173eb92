"""Themes rank the planted complaint terms first, in every language of the data."""

from __future__ import annotations

from csat_tui.filters import Filter
from csat_tui.services.themes import comment_terms, rank_terms, themes
from csat_tui.store.db import Store
from tests.helpers import record, write


def test_terms_of_a_comment() -> None:
    assert comment_terms("The invoice was WRONG, again!") == {"invoice", "wrong", "again"}
    assert comment_terms("退款太慢") == {"退款", "款太", "太慢"}
    assert comment_terms("Fakturan var fel") == {"fakturan", "fel"}
    assert comment_terms("[bold]x[/bold] 42") == {"bold"}


def test_planted_complaints_rank_first(store: Store) -> None:
    low = (
        ["The invoice was wrong and nobody answered"] * 12
        + ["Fakturan var fel igen"] * 8
        + ["退款太慢了"] * 8
        + ["Great people but the invoice confused me"] * 2
    )
    other = ["Great service, thank you", "Fast and friendly", "Jättebra service", "服务很好"] * 10
    write(store, [record(1, comment=c) for c in low] + [record(5, comment=c) for c in other])
    report = themes(store, Filter(), top=6)
    assert (report.low_comments, report.other_comments) == (30, 40)
    assert report.min_comments == 5
    top = [t.term for t in report.themes]
    assert set(top[:5]) <= {"invoice", "wrong", "nobody", "answered", "fakturan", "fel", "igen",
                            "退款", "款太", "太慢", "慢了"}  # fmt: skip
    assert "invoice" in top
    invoice = next(t for t in report.themes if t.term == "invoice")
    assert (invoice.low, invoice.other) == (14, 0)
    assert all(t.z > 0 for t in report.themes)
    assert "great" not in top and "service" not in top


def test_rare_terms_are_left_out_and_the_threshold_said() -> None:
    report = rank_terms([("unique complaint", True), ("fine", False)] * 2, min_comments=3)
    assert report.min_comments == 3
    assert report.themes == []


def test_cjk_pairs_that_straddle_two_words_are_not_themes() -> None:
    # 客服 | 也 | 不好: "服也" and "也不" join two words; the words themselves stay.
    terms = comment_terms("客服也不好")
    assert {"服也", "也不"}.isdisjoint(terms)
    assert {"客服", "不好"} <= terms
    assert "の" not in "".join(comment_terms("配送の遅れ"))


def test_filler_words_are_not_themes() -> None:
    terms = comment_terms("Found out about the refund")
    assert terms == {"refund"}
