"""Presets: each survey tool's export described as data, and the registry that detects them.

A new tool is one more `Preset(...)` in a module here, added to `PRESETS`, with a comment
citing the public source of its layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from csat_tui.importers.presets.base import GENERIC, Cells, Header, Preset, has_headers
from csat_tui.importers.presets.feedback import CHATWOOT, DELIGHTED, FORMBRICKS, HOTJAR, ZENDESK
from csat_tui.importers.presets.surveys import (
    GOOGLE_FORMS,
    GOOGLE_SHEETS,
    QUALTRICS,
    SURVEYMONKEY,
    TYPEFORM,
)

__all__ = ["GENERIC", "PRESETS", "Header", "Preset", "detect_preset", "find_preset", "has_headers"]

PRESETS: Mapping[str, Preset] = MappingProxyType(
    {
        preset.name: preset
        for preset in (
            QUALTRICS,
            SURVEYMONKEY,
            TYPEFORM,
            FORMBRICKS,
            CHATWOOT,
            HOTJAR,
            ZENDESK,
            DELIGHTED,
            GOOGLE_FORMS,
            GOOGLE_SHEETS,
            GENERIC,
        )
    }
)
"""Every preset by name; detection tries them in this order, `generic` last."""


def find_preset(name: str) -> Preset | None:
    """The preset of that name (case-insensitive), or None."""
    return PRESETS.get(name.strip().casefold())


def detect_preset(headers: Sequence[str], rows: Sequence[Cells] = ()) -> Preset:
    """The first preset whose export the headers (and first rows) look like, else `generic`."""
    for preset in PRESETS.values():
        if preset is not GENERIC and preset.matches(headers, rows):
            return preset
    return GENERIC
