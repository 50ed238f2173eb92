"""The report's numbers are exactly those of `scores --format json` for the same filter."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.services.report import nps_text, number, signed

runner = CliRunner()


class Figures(HTMLParser):
    """Every `<data data-json=…>` of the report: (group, json path, value), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[tuple[str, str] | None, str, str]] = []
        self._group: list[tuple[str, str] | None] = [None]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            by = a.get("data-by")
            self._group.append((by, a.get("data-key") or "") if by else None)
        if tag == "data" and a.get("data-json"):
            self.found.append((self._group[-1], a["data-json"] or "", a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and len(self._group) > 1:
            self._group.pop()


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _at(tree: Any, path: str) -> Any:
    for part in path.split("."):
        if tree is None:  # a change with nothing to compare with is null as a whole
            return None
        tree = tree[int(part)] if isinstance(tree, list) else tree[part]
    return tree


def _same(shown: str, expected: Any) -> None:
    if expected is None:
        assert shown == "", shown
    else:
        # repr of a float parses back to the very same float: equal, not close.
        assert float(shown) == float(expected)


PERIODS = [("2026-11-10", "2026-11-16"), ("2026-09-01", "2026-10-31"), ("2026-05-01", "2026-11-16")]


@pytest.mark.parametrize(("since", "until"), PERIODS)
@pytest.mark.parametrize(
    "extra", [[], ["--touchpoint", "billing"], ["--segment", "pro", "--channel", "email"]]
)
def test_every_figure_of_the_html_equals_scores_json(
    demo_db: Path, tmp_path: Path, since: str, until: str, extra: list[str]
) -> None:
    out = tmp_path / "r.html"
    db = ["--db", str(demo_db)]
    _cli("report", *db, "--period", f"{since}..{until}", *extra, "-o", str(out))
    span = ["--since", since, "--until", until, *extra, "--format", "json"]
    overall = json.loads(_cli("scores", *db, *span, "--compare", "previous"))
    groups = json.loads(_cli("scores", *db, *span, "--by", "touchpoint"))
    by_key = {g["key"] or "": g for g in groups["groups"]}

    parser = Figures()
    parser.feed(out.read_text(encoding="utf-8"))
    cards = [f for f in parser.found if f[0] is None]
    rows = [(group, path, value) for group, path, value in parser.found if group is not None]
    assert {p for _, p, _ in cards} >= {"csat.pct", "csat.ci95.0", "csat.n", "nps.score"}
    assert {k for (_, k), _, _ in (r for r in rows if r[0])} == set(by_key)
    for _, path, value in cards:
        _same(value, _at(overall, path))
    for group, path, value in rows:
        assert group is not None and group[0] == "touchpoint"
        _same(value, _at(by_key[group[1]], path))


def test_the_markdown_shows_the_same_numbers(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    db = ["--db", str(demo_db)]
    _cli("report", *db, "--period", "2026-10-01..2026-10-31", "-o", str(out))
    s = json.loads(
        _cli("scores", *db, "--since", "2026-10-01", "--until", "2026-10-31",
             "--compare", "previous", "--format", "json")
    )  # fmt: skip
    text = out.read_text(encoding="utf-8")
    change = s["previous"]["change"]
    csat_row = next(line for line in text.splitlines() if line.startswith("| **CSAT**"))
    assert f"**{number(s['csat']['pct'], 1, '%')}**" in csat_row
    lo, hi = s["csat"]["ci95"]
    assert f"{number(lo)}–{number(hi)}" in csat_row
    assert f"| {s['csat']['n']:,} |" in csat_row
    assert (
        f"{signed(change['csat_pct']['delta'])} vs {number(s['previous']['csat']['pct'], 1, '%')}"
        in csat_row
    )
    verdict = "larger than the noise" if change["csat_pct"]["significant"] else "within the noise"
    assert csat_row.endswith(f"| {verdict} |")
    nps_row = next(line for line in text.splitlines() if line.startswith("| **NPS**"))
    assert f"**{nps_text(s['nps']['score'])}**" in nps_row
    assert f"± {number(s['nps']['moe95'])}" in nps_row
    assert f"{signed(change['nps']['delta'])} vs" in nps_row


def test_small_samples_are_flagged_in_both_formats(demo_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(demo_db)]
    # One day of one touchpoint: fewer than 30 answers.
    flt = ["--period", "2026-11-12..2026-11-12", "--touchpoint", "onboarding"]
    s = json.loads(_cli("scores", *db, "--since", "2026-11-12", "--until", "2026-11-12",
                        "--touchpoint", "onboarding", "--format", "json"))  # fmt: skip
    assert s["csat"]["small_sample"] is True
    _cli("report", *db, *flt, "-o", str(tmp_path / "r.html"))
    _cli("report", *db, *flt, "-o", str(tmp_path / "r.md"))
    assert 'class="card small" id="card-csat"' in (tmp_path / "r.html").read_text()
    assert "⚠ small sample" in (tmp_path / "r.md").read_text()
