"""Help: every key of the screen the user came from, with what it does."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KeyHelp = tuple[str, str, str]
"""(key, name, what it does)."""


def spelled(key: str) -> str:
    """A key as the rest of the app writes it: "ctrl+q", never "^q"."""
    return ", ".join(
        f"ctrl+{part[1:]}" if part.startswith("^") and len(part) > 1 else part
        for part in key.split(", ")
    )


def tidy_keys(keys: list[KeyHelp]) -> list[KeyHelp]:
    """One line per action name, its keys together ("q, ctrl+q"), ctrl spelled out."""
    merged: dict[str, tuple[list[str], str, str]] = {}
    for key, name, tip in keys:
        shown, first_name, first_tip = merged.setdefault(name.casefold(), ([], name, tip))
        if spelled(key) not in shown:
            shown.append(spelled(key))
        if not first_tip and tip:
            merged[name.casefold()] = (shown, first_name, tip)
    return [
        (", ".join(shown), name[:1].upper() + name[1:], tip) for shown, name, tip in merged.values()
    ]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, as a list; any of Escape, ? or q closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]  # fmt: skip

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = tidy_keys(keys)

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _, _ in self.keys), default=4)
        with Vertical(id="help-dialog"):
            yield Label(Content.styled(f"Keys on {self.title_text}", "bold"), id="help-title")
            # Two columns, so a long description wraps under itself, not under the keys.
            with VerticalScroll(id="help-body"), Grid(id="help-keys") as grid:
                grid.styles.grid_columns = f"{width + 2} 1fr"
                for key, name, tip in self.keys:
                    yield Static(Content.styled(f"{key:>{width}}", "bold $text-accent"))
                    tip_text = f" — {tip}" if tip else ""
                    yield Static(Content.assemble((name, "bold"), (tip_text, "$text-muted")))
            yield Label(Content.styled("escape, ? or q closes", "$text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)


def keys_shown(app: App[None]) -> list[KeyHelp]:
    """The keys of the screen shown and the app's own (no system or focus keys), then a line
    for moving and one for the palette."""
    keys: list[KeyHelp] = []
    seen: set[tuple[str, str]] = set()
    screen = app.screen
    for _key, active in screen.active_bindings.items():
        b = active.binding
        # The screen's and the app's own keys; scrolling and focus keys go in one line.
        key = (b.action, app.get_key_display(b))
        if b.system or key in seen or active.node not in (app, screen):
            continue
        seen.add(key)
        keys.append((app.get_key_display(b), b.description, active.tooltip or b.tooltip))
    keys.append(("↑↓ pgup pgdn", "Move", "in tables and long text; tab moves between parts"))
    keys.append(("ctrl+p", "Palette", "find any action or screen by name"))
    return keys
