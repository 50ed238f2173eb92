"""The report as Markdown for chat tools and issue trackers: the same numbers as the HTML.

Stored text goes through `md`: controls made visible, one line, and every character that
Markdown (CommonMark/GFM) gives a meaning to backslash-escaped, so a comment cannot make a
link, an image that loads from the network, raw HTML, a table cell break or a mention.
"""

from __future__ import annotations

import re

from csat_tui.safe_text import clip, sanitize
from csat_tui.services.report import (
    LIST_LIMIT,
    Breakdown,
    Card,
    ReportData,
    cards,
    nps_text,
    number,
    period_words,
    signed,
    took,
)

_SIGNIFICANT = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&@:=$])")


def md(text: object) -> str:
    """Untrusted text as inert one-line Markdown."""
    plain = sanitize("" if text is None else str(text), keep_newlines=True)
    plain = " ".join(plain.split())
    return _SIGNIFICANT.sub(r"\\\1", plain)


def _sentence(parts: tuple[str, ...]) -> str:
    """Our words as they are, the data's (every second part) made inert."""
    return "".join(md(part) if i % 2 else part for i, part in enumerate(parts))


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    out = [
        "| " + " | ".join(headings) + " |",
        "|" + "|".join("---:" if h.startswith(">") else "---" for h in headings) + "|",
    ]
    out[0] = out[0].replace(">", "")
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _card_row(card: Card) -> list[str]:
    flag = " ⚠ small sample" if card.small else ""
    return [
        f"**{card.label}**",
        f"**{card.value.shown}**",
        card.interval_text or "–",
        f"{card.n.shown}{flag}",
        f"{card.change.shown} vs {card.previous.shown}" if card.change.value is not None else "–",
        card.verdict,
    ]


def _scores(data: ReportData) -> list[str]:
    found = cards(data)
    lines = ["## Scores", ""]
    if not found:
        return [*lines, "No answers in this period.", ""]
    lines += _table(
        ["score", ">value", "interval", ">n", ">change (points)", "verdict"],
        [_card_row(c) for c in found],
    )
    c = data.scores.comparison
    before = f"{c.since} to {c.until}" if c else "no previous period"
    lines += ["", f"Against the previous period of equal length ({before})."]
    lines += ["", *(f"- {k.label}: {k.detail}" for k in found)]
    if any(c.small for c in found):
        lines += ["", "⚠ small sample: fewer than 30 answers."]
    rate = data.scores.response_rate
    if rate and rate.pct is not None:
        lines.append(
            f"Response rate: {number(rate.pct, 1, '%')} "
            f"({rate.responses:,} of {rate.sent:,.0f} sent)."
        )
    return [*lines, ""]


_BLOCKS = "▁▂▃▄▅▆▇█"


def _trend(data: ReportData) -> list[str]:
    points = [p for p in data.trend if p.csat.n]
    if len(points) < 2:
        return []
    values = [p.csat.pct or 0.0 for p in points]
    low, span = min(values), (max(values) - min(values)) or 1.0
    spark = "".join(_BLOCKS[min(7, int((v - low) / span * 8))] for v in values)
    rows = [
        [md(p.key), number(p.csat.pct, 1, "%"), f"{p.csat.n:,}{' ⚠' if p.csat.small else ''}"]
        for p in points
    ]
    return [
        f"## Trend: CSAT % per {data.step}",
        "",
        f"`{spark}`",
        "",
        *_table([data.step, ">CSAT", ">n"], rows),
        "",
    ]


def _distribution(data: ReportData) -> list[str]:
    if not data.csat_distribution:
        return []
    total = sum(n for _, _, n in data.csat_distribution)
    rows = [
        [md(scale), str(score), f"{n:,}", f"{n / total * 100:.0f}%"]
        for scale, score, n in data.csat_distribution
    ]
    return ["## CSAT answers", "", *_table(["scale", ">score", ">answers", ">share"], rows), ""]


def _breakdown(b: Breakdown) -> list[str]:
    if not b.rows:
        return []
    rows = []
    for r in b.rows:
        g = r.counts
        ci = g.csat.ci95
        rows.append(
            [
                md(g.key if g.key is not None else "(none)"),
                f"{g.csat.n:,}{' ⚠' if g.csat.small else ''}",
                number(g.csat.pct, 1, "%"),
                f"{number(ci[0])}–{number(ci[1])}" if ci else "–",
                nps_text(g.nps.score),
                signed(r.impact),
            ]
        )
    return [
        f"## {b.heading}",
        "",
        *_table([md(b.by), ">n", ">CSAT", ">95% interval", ">NPS", ">impact"], rows),
        "",
        "Worst impact first: (group CSAT − overall) × its share of answers, in points.",
        "",
    ]


def _more(total: int) -> list[str]:
    return [f"…and {total - LIST_LIMIT:,} more."] if total > LIST_LIMIT else []


def _loops(data: ReportData) -> list[str]:
    overdue = sum(1 for x in data.open if data.overdue(x))
    lines = ["## Closing the loop", "", f"**Closed this period: {len(data.closed):,}**", ""]
    for x in data.closed[:LIST_LIMIT]:
        note = f": {md(clip(x.note, 200))}" if x.note else ""
        lines.append(
            f"- {md(x.owner or 'no owner')} closed {md(x.touchpoint or 'a response')} "
            f"in {took(x)}{note}"
        )
    lines += _more(len(data.closed))
    lines += ["", f"**Still open: {len(data.open):,}, {overdue:,} overdue**", ""]
    for x in data.open[:LIST_LIMIT]:
        due = f"due {x.due_date}" if x.due_date else "no due date"
        late = " **overdue**" if data.overdue(x) else ""
        note = f": {md(clip(x.note, 200))}" if x.note else ""
        lines.append(f"- {md(x.owner or 'no owner')}, {md(due)}{late}{note}")
    return [*lines, *_more(len(data.open)), ""]


def _at_risk(data: ReportData) -> list[str]:
    lines = [f"## Customers at risk: {len(data.at_risk):,}", ""]
    for c in data.at_risk[:LIST_LIMIT]:
        nps = "" if c.latest_nps is None else f", NPS {c.latest_nps}"
        lines.append(
            f"- {md(c.respondent)} ({md(c.tier.replace('_', ' '))}): last CSAT "
            f"{md(' '.join(c.last_csat))}{nps}"
        )
    return [*lines, *_more(len(data.at_risk)), ""]


def _themes(data: ReportData) -> list[str]:
    if not data.themes:
        return []
    lines = ["## Top themes of low scores", ""]
    for t in data.themes:
        lines.append(
            f"- **{md(t.theme.term)}**: in {t.theme.low:,} low-score comments, "
            f"{t.theme.other:,} others"
        )
        lines += [f"  > {md(clip(q, 300))}" for q in t.examples]
    return [*lines, ""]


def render_markdown(data: ReportData) -> str:
    """The whole report as Markdown."""
    lines = [
        f"# Customer satisfaction: {period_words(data)}",
        "",
        f"Filter: {md(data.filter.with_range(None, None).describe())} · as of {data.today}",
        "",
    ]
    if data.what_moved:
        lines += ["## What moved", "", *(f"- {_sentence(line)}" for line in data.what_moved), ""]
    lines += _scores(data)
    lines += _trend(data)
    lines += _distribution(data)
    for b in data.breakdowns:
        lines += _breakdown(b)
    lines += _loops(data)
    lines += _at_risk(data)
    lines += _themes(data)
    return "\n".join(lines).rstrip() + "\n"
