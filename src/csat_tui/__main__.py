"""Allow `python -m csat_tui`."""

from csat_tui.cli.main import run

run()
