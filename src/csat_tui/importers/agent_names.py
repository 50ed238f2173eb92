"""How an agent's name is read: `Name (email)` and `Name <email>` are one agent, Name."""

from __future__ import annotations

import re

_WITH_ADDRESS = re.compile(r"^(?P<name>.*?\S)\s*[(<]\s*[^()<>\s]+@[^()<>\s]+\s*[)>]$")


def agent_name(text: str | None) -> str | None:
    """The agent's name as stored: trimmed, an address in brackets after it left out.

    A cell that is only an address stays the address; a blank cell is None.
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    found = _WITH_ADDRESS.match(text)
    return found["name"] if found else text
