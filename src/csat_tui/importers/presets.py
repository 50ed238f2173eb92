"""Presets: a survey tool's export described as data (how to spot it, what its columns mean).

The generic importer reads every preset's file; a preset only adds knowledge about the
columns. A new tool is one more `Preset(...)` in `PRESETS`, plus hooks where data is not
enough (a second header row, test responses to skip).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from csat_tui.importers.model import Record


@dataclass(frozen=True, slots=True)
class Preset:
    """One export format: its name, how to recognise it, and what its columns mean."""

    name: str
    """As given to `--preset`, and stored as `FilePlan.preset`."""
    title: str
    source: str
    """The `responses.source` value of its records."""
    signature: tuple[str, ...] = ()
    """Headers that together identify the export (matched case-insensitively)."""
    detect: Callable[[Sequence[str]], bool] | None = None
    """Recognises the export from its headers, where a signature is not enough."""
    roles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Header → role, as in `--map` (`"Overall satisfaction": "csat:1-5"`); `--map` wins."""
    skip: Callable[[Mapping[str, Any]], str | None] | None = None
    """Given a row (header → cell), the reason to leave it out (a test response), or None."""
    header_rows: int = 1
    """Rows the header takes; with more than one, `merge_headers` makes one header row."""
    merge_headers: Callable[[Sequence[Sequence[str]]], list[str]] | None = None
    finish: Callable[[Record], Record] | None = None
    """A last adjustment of each record."""

    def matches(self, headers: Sequence[str]) -> bool:
        """True when the headers look like this preset's export."""
        if self.detect is not None:
            return self.detect(headers)
        if not self.signature:
            return False
        folded = {h.strip().casefold() for h in headers}
        return all(s.casefold() in folded for s in self.signature)


GENERIC = Preset(
    name="generic",
    title="Any CSV, TSV, JSON or JSON Lines file",
    source="generic",
)
"""The fallback: roles are guessed from headers and values."""

PRESETS: Mapping[str, Preset] = MappingProxyType({GENERIC.name: GENERIC})
"""Every preset by name; detection tries them in this order, `generic` last."""


def find_preset(name: str) -> Preset | None:
    """The preset of that name (case-insensitive), or None."""
    return PRESETS.get(name.strip().casefold())


def detect_preset(headers: Sequence[str]) -> Preset:
    """The first preset whose export the headers look like, else `generic`."""
    for preset in PRESETS.values():
        if preset is not GENERIC and preset.matches(headers):
            return preset
    return GENERIC
