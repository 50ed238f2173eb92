"""One table of screens feeds the app's modes and keys, the palette, the help and `--screen`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app as cli
from csat_tui.tui.app import CsatApp
from csat_tui.tui.screen_table import BY_NAME, SCREEN_NAMES, SCREENS, key_of
from csat_tui.tui.tour import STEPS


def test_the_app_has_a_mode_and_a_key_for_every_screen_of_the_table() -> None:
    assert set(CsatApp.MODES) == set(SCREEN_NAMES)
    keys = {b.action: b.key for b in CsatApp.BINDINGS if not isinstance(b, tuple)}
    for entry in SCREENS:
        assert CsatApp.MODES[entry.name] is entry.screen_class()
        assert keys[f"show('{entry.name}')"] == entry.key


def test_every_screen_has_its_own_key() -> None:
    assert len({entry.key for entry in SCREENS}) == len(SCREENS)


@pytest.mark.parametrize("name", SCREEN_NAMES)
def test_the_cli_accepts_every_screen_of_the_table(name: str) -> None:
    # --help after a valid value: the value was accepted, nothing opens.
    result = CliRunner().invoke(cli, ["tui", "--screen", name, "--help"])
    assert result.exit_code == 0, result.output


def test_the_cli_names_the_screens_when_one_is_unknown() -> None:
    result = CliRunner().invoke(cli, ["tui", "--screen", "nowhere"])
    assert result.exit_code == 2
    assert "agents" in result.output and "nowhere" in result.output


def test_the_tour_names_keys_from_the_table() -> None:
    texts = " ".join(f"{step.body} {step.hint} {step.after}" for step in STEPS)
    for name in ("queue", "customers", "tags", "followups"):
        assert f"`{key_of(name)}`" in texts
    with pytest.raises(KeyError):
        key_of("placeholder")
    assert "placeholder" not in BY_NAME
