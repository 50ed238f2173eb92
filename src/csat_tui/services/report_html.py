"""The report as one self-contained HTML file: inline CSS and SVG, no script, no network.

Every piece of stored text (comments, names, tags, notes, touchpoints) goes through `esc`:
controls made visible, then HTML-escaped with quotes, so it can only ever show as text.
Each number that `scores --format json` also prints sits in a `<data>` element naming
its place in that JSON (`data-json="csat.pct"`), so a test can compare them exactly.
"""

from __future__ import annotations

from html import escape

from csat_tui import __version__
from csat_tui.safe_text import clip, sanitize
from csat_tui.scoring.scales import rule_for
from csat_tui.services.report import (
    LIST_LIMIT,
    Breakdown,
    Card,
    Figure,
    ReportData,
    cards,
    nps_text,
    number,
    period_words,
    signed,
    took,
)
from csat_tui.services.report_svg import Bar, Point, bars_svg, meter_svg, trend_svg
from csat_tui.store.loops import Loop


def esc(text: object) -> str:
    """Untrusted text for HTML: controls shown, then escaped (quotes too)."""
    return escape(sanitize("" if text is None else str(text)), quote=True)


def fig(f: Figure, attrs: str = "") -> str:
    """A number in a `<data>` element: its exact value, and its place in the scores JSON."""
    value = "" if f.value is None else repr(float(f.value))
    key = f' data-json="{esc(f.key)}"' if f.key else ""
    return f'<data value="{value}"{key}{attrs}>{esc(f.shown)}</data>'


_STYLE = """
:root{color-scheme:light dark;--bg:#f7f7f5;--fg:#1d1d1f;--muted:#5f6368;--card:#fff;
--line:#d9d9de;--accent:#2f5dd0;--low:#c8423b;--neutral:#c9a227;--high:#2e8b57;
--band:rgba(46,139,87,.10);--flag:#8a5a00;--flagbg:#fff3cd}
@media (prefers-color-scheme:dark){:root{--bg:#141416;--fg:#e8e8ea;--muted:#a0a0a8;
--card:#1f1f23;--line:#3a3a40;--accent:#7ea2ff;--low:#ff7b72;--neutral:#e3b341;
--high:#56d364;--band:rgba(86,211,100,.12);--flag:#f0c36a;--flagbg:#3a2e12}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
h3{font-size:.95rem;margin:0;color:var(--muted);font-weight:600}
.meta,.note{color:var(--muted);font-size:.9rem;margin:.2rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card p{margin:.15rem 0}.card .change{font-size:.9rem}.card .value{font-size:2rem;font-weight:700}
.card.small .value{opacity:.55}
.flag{display:inline-block;background:var(--flagbg);color:var(--flag);border-radius:4px;
padding:0 6px;font-size:.8rem;font-weight:600}
.up{color:var(--high)}.down{color:var(--low)}.flat{color:var(--muted)}
.detail,.interval,.n{font-size:.85rem;color:var(--muted)}
section{break-inside:avoid}
.chart{width:100%;height:auto;display:block;background:var(--card);border:1px solid var(--line);
border-radius:10px}
.meter{width:120px;height:14px;vertical-align:middle}
.c-grid{stroke:var(--line);stroke-width:1}.c-axis{fill:var(--muted);font-size:12px}
.c-band{fill:var(--band)}.c-line{fill:none;stroke:var(--accent);stroke-width:2.5}
.c-dot{fill:var(--accent)}.c-dot.c-small{fill:var(--card);stroke:var(--accent);stroke-width:1.5}
.c-low{fill:var(--low)}.c-neutral{fill:var(--neutral)}.c-high{fill:var(--high)}
.c-track{fill:var(--line)}.c-fill{fill:var(--accent)}.c-fill.c-small{opacity:.45}
.c-whisker{stroke:var(--fg);stroke-width:1.2}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem;background:var(--card)}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}
tr.small td{color:var(--muted)}
.overdue{color:var(--low);font-weight:600}
.themes{list-style:none;padding:0;margin:0;display:grid;gap:10px}
.themes li{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
blockquote{margin:.4rem 0;padding:.1rem .7rem;border-left:3px solid var(--line);
white-space:pre-wrap;overflow-wrap:anywhere}
.moved{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 14px}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
@media (max-width:560px){main{padding:10px}.card .value{font-size:1.6rem}
td,th{padding:5px 4px}.wide{display:none}.c-axis{font-size:18px}}
@media print{:root{--bg:#fff;--fg:#000;--card:#fff;--muted:#444;--line:#bbb}
body{font-size:11pt}main{max-width:none;padding:0}.card,.chart,.themes li{break-inside:avoid}
tr{break-inside:avoid}h2{break-after:avoid}}
"""


def _card(card: Card) -> str:
    change = "flat"
    if card.change.value is not None and card.significant:
        change = "up" if card.change.value > 0 else "down"
    interval = card.interval.format(*(fig(f) for f in card.interval_figures))
    flag = ' <span class="flag">small sample</span>' if card.small else ""
    moved = (
        f'<p class="change {change}">{fig(card.change)} points vs {fig(card.previous)} · '
        f'<span class="verdict">{esc(card.verdict)}</span></p>'
        if card.change.value is not None
        else f'<p class="change flat">{esc(card.verdict)}</p>'
    )
    return (
        f'<article class="card{" small" if card.small else ""}" id="card-{card.name}">'
        f"<h3>{esc(card.label)}</h3>"
        f'<p class="value">{fig(card.value)}</p>'
        f'<p class="interval">{interval}</p>'
        f"{moved}"
        f'<p class="n">n = {fig(card.n)}{flag}</p>'
        f'<p class="detail">{esc(card.detail)}</p></article>'
    )


def _scores(data: ReportData) -> str:
    found = cards(data)
    if not found:
        return (
            '<section id="scores"><h2>Scores</h2>'
            '<p class="note">No answers in this period.</p></section>'
        )
    c = data.scores.comparison
    before = f"{c.since} to {c.until}" if c else "no previous period"
    rate = data.scores.response_rate
    rate_line = (
        f'<p class="note">Response rate: {number(rate.pct, 1, "%")} '
        f"({rate.responses:,} of {rate.sent:,.0f} sent)</p>"
        if rate and rate.pct is not None
        else ""
    )
    return (
        '<section id="scores"><h2>Scores</h2>'
        f'<div class="cards">{"".join(_card(k) for k in found)}</div>'
        f'<p class="note">Change against the previous period of equal length ({esc(before)}); '
        "greyed and flagged: fewer than 30 answers.</p>"
        f"{rate_line}</section>"
    )


def _trend(data: ReportData) -> str:
    points = [
        Point(p.key or "", p.csat.pct, p.csat.n, p.csat.small) for p in data.trend if p.csat.n
    ]
    if len(points) < 2:
        return ""
    title = f"CSAT % per {data.step}"
    return (
        f'<section id="trend"><h2>Trend: {esc(title)}</h2>'
        f"{trend_svg(points, title, band=(70, 85))}"
        '<p class="note">Shaded: 70–85 %, where many teams aim (a reference, not a verdict). '
        "Hollow dots: fewer than 30 answers.</p></section>"
    )


def _distribution(data: ReportData) -> str:
    parts: list[str] = []
    scales = {scale for scale, _, _ in data.csat_distribution}
    for scale in sorted(scales):
        rule = rule_for("csat", scale)
        counts = {score: n for s, score, n in data.csat_distribution if s == scale}
        bars = [
            Bar(str(score), counts.get(score, 0), rule.band(score))
            for score in range(rule.scale.low, rule.scale.high + 1)
        ]
        parts.append(f"<h3>CSAT answers ({esc(scale)})</h3>" + bars_svg(bars, f"CSAT {scale}"))
    if data.nps_distribution:
        nps = rule_for("nps", "0-10")
        counts = {score: n for _, score, n in data.nps_distribution}
        bars = [Bar(str(s), counts.get(s, 0), nps.band(s)) for s in range(11)]
        parts.append("<h3>NPS answers (0–10)</h3>" + bars_svg(bars, "NPS 0-10"))
    if not parts:
        return ""
    return f'<section id="distribution"><h2>Distribution</h2>{"".join(parts)}</section>'


def _breakdown(b: Breakdown) -> str:
    if not b.rows:
        return ""
    rows = []
    for r in b.rows:
        g = r.counts
        ci = g.csat.ci95
        interval = (
            f"{fig(Figure('csat.ci95.0', ci[0], number(ci[0])))}–"
            f"{fig(Figure('csat.ci95.1', ci[1], number(ci[1])))}"
            if ci
            else "–"
        )
        rows.append(
            f'<tr class="{"small" if g.csat.small else ""}" data-by="{esc(b.by)}" '
            f'data-key="{esc(g.key if g.key is not None else "")}">'
            f"<td>{esc(g.key if g.key is not None else '(none)')}</td>"
            f'<td class="num">{fig(Figure("csat.n", g.csat.n, f"{g.csat.n:,}"))}</td>'
            f'<td class="num">{fig(Figure("csat.pct", g.csat.pct, number(g.csat.pct, 1, "%")))}'
            f'</td><td class="wide">{meter_svg(g.csat.pct, ci, g.csat.small)}</td>'
            f'<td class="num wide">{interval}</td>'
            f'<td class="num">{fig(Figure("nps.score", g.nps.score, nps_text(g.nps.score)))}</td>'
            f'<td class="num">{esc(signed(r.impact))}</td></tr>'
        )
    return (
        f'<section id="breakdown-{esc(b.by)}"><h2>{esc(b.heading)}</h2><div class="table"><table>'
        f'<thead><tr><th>{esc(b.by)}</th><th class="num">n</th><th class="num">CSAT</th>'
        '<th class="wide"></th><th class="num wide">95% interval</th><th class="num">NPS</th>'
        '<th class="num">impact</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p class="note">Worst impact first: (group CSAT − overall) × its share of answers, '
        "in points. Greyed: fewer than 30 answers.</p></section>"
    )


def _more(total: int) -> str:
    extra = total - LIST_LIMIT
    return f'<p class="note">…and {extra:,} more.</p>' if extra > 0 else ""


def _loops(data: ReportData) -> str:
    closed = [
        f"<tr><td>{esc(x.owner or '–')}</td><td>{esc(clip(x.note or '', 200))}</td>"
        f"<td>{esc(took(x))}</td><td>{esc(x.touchpoint or '–')}</td>"
        f"<td>{esc((x.updated_at or '')[:10])}</td></tr>"
        for x in data.closed[:LIST_LIMIT]
    ]
    overdue = sum(1 for x in data.open if data.overdue(x))

    def open_row(x: Loop) -> str:
        late = data.overdue(x)
        due = (
            f'<span class="overdue">{esc(x.due_date)} overdue</span>'
            if late
            else esc(x.due_date or "–")
        )
        return (
            f"<tr><td>{esc(x.owner or '–')}</td><td>{due}</td>"
            f"<td>{esc(x.status.replace('_', ' '))}</td>"
            f"<td>{esc(clip(x.note or '', 200))}</td><td>{esc(x.touchpoint or '–')}</td></tr>"
        )

    head_closed = "<tr><th>owner</th><th>note</th><th>took</th><th>touchpoint</th><th>done</th>"
    closed_html = (
        f'<div class="table"><table><thead>{head_closed}</tr></thead>'
        f"<tbody>{''.join(closed)}</tbody></table></div>{_more(len(data.closed))}"
        if closed
        else '<p class="note">No follow-up was closed in this period.</p>'
    )
    opened = [open_row(x) for x in data.open[:LIST_LIMIT]]
    open_html = (
        '<div class="table"><table><thead><tr><th>owner</th><th>due</th><th>status</th>'
        f"<th>note</th><th>touchpoint</th></tr></thead><tbody>{''.join(opened)}</tbody>"
        f"</table></div>{_more(len(data.open))}"
        if opened
        else '<p class="note">Nothing open.</p>'
    )
    return (
        '<section id="loops"><h2>Closing the loop</h2>'
        f'<h3 id="loops-closed">Closed this period: {len(data.closed):,}</h3>{closed_html}'
        f'<h3 id="loops-open">Still open: {len(data.open):,}, {overdue:,} overdue</h3>{open_html}'
        "</section>"
    )


def _at_risk(data: ReportData) -> str:
    if not data.at_risk:
        body = '<p class="note">No customer at risk in this period.</p>'
    else:
        rows = [
            f"<tr><td>{esc(c.respondent)}</td><td>{esc(c.tier.replace('_', ' '))}</td>"
            f"<td>{esc(' '.join(c.last_csat))}</td>"
            f'<td class="num">{esc("–" if c.latest_nps is None else c.latest_nps)}</td>'
            f"<td>{esc((c.last_response_at or '')[:10])}</td></tr>"
            for c in data.at_risk[:LIST_LIMIT]
        ]
        body = (
            '<div class="table"><table><thead><tr><th>customer</th><th>tier</th>'
            '<th>last CSAT</th><th class="num">NPS</th><th>last answer</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>{_more(len(data.at_risk))}"
        )
    return (
        f'<section id="at-risk"><h2>Customers at risk: {len(data.at_risk):,}</h2>{body}'
        '<p class="note">Immediate: the last three CSAT answers low and an NPS detractor. '
        "At risk: the last three CSAT low, or a detractor whose latest CSAT is low.</p></section>"
    )


def _themes(data: ReportData) -> str:
    if not data.themes:
        return ""
    items = []
    for t in data.themes:
        quotes = "".join(f"<blockquote>{esc(clip(q, 400))}</blockquote>" for q in t.examples)
        items.append(
            f'<li><strong class="term">{esc(t.theme.term)}</strong> '
            f'<span class="note">in {t.theme.low:,} low-score comments, '
            f"{t.theme.other:,} others</span>{quotes}</li>"
        )
    return (
        '<section id="themes"><h2>Top themes of low scores</h2>'
        f'<ul class="themes">{"".join(items)}</ul>'
        f'<p class="note">Words that low-score comments use more than the others '
        f"({data.low_comments:,} low-score comments).</p></section>"
    )


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document."""
    period = period_words(data)
    moved = (
        '<section id="what-moved" class="moved"><h2>What moved</h2><ul>'
        + "".join(f"<li>{esc(''.join(line))}</li>" for line in data.what_moved)
        + "</ul></section>"
        if data.what_moved
        else ""
    )
    body = "".join(
        [
            moved,
            _scores(data),
            _trend(data),
            _distribution(data),
            *(_breakdown(b) for b in data.breakdowns),
            _loops(data),
            _at_risk(data),
            _themes(data),
        ]
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        # Nothing may load or run: no script, no network, even if a comment tried.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>Customer satisfaction: {esc(period)}</title><style>{_STYLE}</style></head>"
        f'<body><main><header><h1 id="title">Customer satisfaction: {esc(period)}</h1>'
        f'<p class="meta">Filter: {esc(data.filter.with_range(None, None).describe())} · '
        f"as of {esc(data.today)}</p>"
        f"</header>{body}"
        f"<footer>Made by csat-tui {esc(__version__)} on {esc(data.today)}.</footer>"
        "</main></body></html>\n"
    )
