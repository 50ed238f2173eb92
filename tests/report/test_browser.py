"""The HTML report in a real headless browser: cards and charts render, no script runs.

Needs Debian's `chromium-headless-shell` (or `chromium`); .ci/run installs it. The PNGs
land in the test's tmp_path (light, dark and phone-sized) for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser: apt-get install chromium-headless-shell (or chromium)",
)
runner = CliRunner()


def _browser(*args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)


def _report(db: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["report", "--db", str(db), *args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def _png(path: Path) -> bytes:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, path
    return data


def test_the_demo_report_renders_its_cards_and_charts(demo_db: Path, tmp_path: Path) -> None:
    page = _report(demo_db, tmp_path / "report.html")
    dom = _browser("--dump-dom", page.as_uri()).stdout
    for card in ("card-csat", "card-nps", "card-ces"):
        assert f'id="{card}"' in dom
    assert dom.count('<svg class="chart"') >= 3  # the trend and two distributions
    assert '<polyline class="c-line"' in dom and 'id="breakdown-touchpoint"' in dom
    assert 'id="loops"' in dom and 'id="at-risk"' in dom and 'id="themes"' in dom
    light, dark, phone = (tmp_path / f"{n}.png" for n in ("light", "dark", "phone"))
    _browser("--window-size=1000,2600", f"--screenshot={light}", page.as_uri())
    _browser("--blink-settings=preferredColorScheme=0", "--window-size=1000,2600",
             f"--screenshot={dark}", page.as_uri())  # fmt: skip
    _browser("--window-size=400,1800", f"--screenshot={phone}", page.as_uri())
    # prefers-color-scheme changes the page: the dark render is not the light one.
    assert _png(light) != _png(dark)
    _png(phone)


def test_a_hostile_comments_script_never_runs(hostile_db: Path, tmp_path: Path) -> None:
    page = _report(hostile_db, tmp_path / "hostile.html", "--period", "week")
    dom = _browser("--dump-dom", page.as_uri()).stdout
    # The script would rename the page and mark the body; the img would mark it too.
    assert "PWNED" not in dom.split("</title>")[0]
    assert "data-pwned" not in dom.split("<body")[1].split(">")[0]
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    # It shows as text, where it was written.
    assert "&lt;script&gt;document.title='PWNED'" in dom
    assert "&lt;b onmouseover=alert(1)&gt;billing&lt;/b&gt;" in dom
    _browser("--window-size=1000,2000", f"--screenshot={tmp_path / 'hostile.png'}", page.as_uri())
    _png(tmp_path / "hostile.png")
