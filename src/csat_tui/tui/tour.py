"""The guided tour of the demo: the morning routine, one step at a time.

Each step waits for something the user does (a screen opened, a filter set, a tag saved,
an export written), reported to the tour as a `Seen`. Pressing enter does not count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from csat_tui.filters import Filter
from csat_tui.services.demo_data import PRICE_CHANGE
from csat_tui.tui.screen_table import key_of

SeenKind = Literal["screen", "filter", "tag", "followup", "triaged", "undo", "export"]


@dataclass(frozen=True)
class Seen:
    """Something the user did that a step may be waiting for."""

    kind: SeenKind
    screen: str = ""
    """The screen opened (kind "screen")."""
    filter: Filter | None = None
    """The filter set (kind "filter"), or the one exported (kind "export")."""
    owner: str | None = None
    """A follow-up's owner (kind "followup")."""
    due: date | None = None
    """A follow-up's due date (kind "followup")."""


Check = Callable[[Seen, date], bool]
"""Is this what the step waits for (given the app's today)?"""


@dataclass(frozen=True)
class Step:
    """One step: a title, what to do (keys in `backticks`), and what completes it."""

    title: str
    body: str
    done: Check | None
    """None for the last step, which waits for nothing."""
    after: str = ""
    """Said once the step is done (shown above the next step)."""
    waits_for: SeenKind | None = None
    """The kind of action the step wants; one that misses its details gets `miss` said."""
    miss: str = ""
    """What to say when an action of the right kind is not quite what the step asks."""
    hint: str = ""
    """The step in one short line (HINT_WIDTH at most), for small terminals."""
    miss_hint: str = ""
    """`miss` in one short line."""


HINT_WIDTH = 56
"""Longest one-line hint: it fits an 80-column terminal beside "Tour 1/8 " and "ctrl+t more"."""


STORY_SINCE = PRICE_CHANGE
STORY_UNTIL = PRICE_CHANGE + timedelta(days=20)
"""The demo opens on the three weeks after the price change, where the story is."""


def _billing_in_story(seen: Seen, today: date) -> bool:
    flt = seen.filter
    if seen.kind != "filter" or flt is None or "billing" not in flt.touchpoints:
        return False
    # Any period that shows the weeks after the price change will do.
    since, until = flt.since or date.min, flt.until or date.max
    return since <= PRICE_CHANGE + timedelta(days=7) and until >= PRICE_CHANGE + timedelta(days=7)


def _screen(name: str) -> Check:
    key_of(name)  # a screen of the app's table (a KeyError at import otherwise)
    return lambda seen, _today: seen.kind == "screen" and seen.screen == name


def _kind(kind: SeenKind) -> Check:
    return lambda seen, _today: seen.kind == kind


def _anna_on_friday(seen: Seen, today: date) -> bool:
    return (
        seen.kind == "followup"
        and (seen.owner or "").strip().casefold() == "anna"
        and seen.due is not None
        and seen.due.weekday() == 4
    )


def _week_of_low_scores(seen: Seen, today: date) -> bool:
    flt = seen.filter
    return (
        seen.kind == "export"
        and flt is not None
        and flt.band == "low"
        and flt.since is not None
        and flt.since >= today - timedelta(days=7)
    )


STEPS: tuple[Step, ...] = (
    Step(
        "CSAT fell. Is it real?",
        "Shown: the three weeks after the price change of 3 August. The CSAT card compares "
        "them with the three weeks before: ▼ is a fall, and `*` means it is larger than "
        "the noise, so it is real.\n\n"
        "Where did it fall? `tab` to the breakdown, choose `billing` (`↑` `↓`) and "
        "press `enter`.",
        _billing_in_story,
        after="Billing it is: the filter now shows only billing responses.",
        hint="CSAT fell: `tab` to the breakdown, pick `billing`, `enter`",
    ),
    Step(
        "Open the queue",
        "The low scores with a comment wait in the triage queue, one at a time, "
        f"for the same filter.\n\nPress `{key_of('queue')}` to open it.",
        _screen("queue"),
        after="The queue shows one comment, its scores and the customer's other answers.",
        hint=f"Press `{key_of('queue')}` to open the queue of low scores to triage",
    ),
    Step(
        "Tag this comment",
        "Read the comment, then press `a`, type a tag that says what it is about "
        "(`billing`, `slow reply`…) and press `enter`.\n\n"
        "The tags shown with numbers take one key: `1` to `9`.",
        _kind("tag"),
        after=f"Tagged. Tags add up on the tags screen (`{key_of('tags')}`).",
        hint="Read the comment, then `a`, type a tag, `enter`",
    ),
    Step(
        "A follow-up for Anna, due Friday",
        "This customer deserves a call. Press `w`, type `Anna`, press `tab`, type `fri` "
        "for the due date, then press `enter`.",
        _anna_on_friday,
        after=f"Anna will see it on the follow-ups screen (`{key_of('followups')}`), overdue "
        "ones in red.",
        hint="A call-back: `w`, type `Anna`, `tab`, type `fri`, `enter`",
        miss_hint="Not quite: owner Anna, due a Friday. `w` again",
        waits_for="followup",
        miss="Not quite: the owner should be Anna and the due date a Friday. "
        "Press `w` again to change it.",
    ),
    Step(
        "Undo",
        "Changed your mind? Press `u`: the last action is undone. Press it again for "
        "the one before.",
        _kind("undo"),
        after="Undone. Every action is in the history, with who did it and when.",
        hint="Changed your mind? `u` undoes the last action",
    ),
    Step(
        "Find the at-risk customers",
        f"Some customers answer low again and again. Press `{key_of('customers')}` to see them.",
        _screen("customers"),
        after="At risk: low answers lately. `a` shows the advocates, `enter` a "
        "customer's responses.",
        hint=f"Press `{key_of('customers')}` to see the customers at risk",
    ),
    Step(
        "Export the week's low scores",
        "For the weekly report: `x` clears the filter, `p` picks Last 7 days, `b` keeps "
        "the low scores (low on any of CSAT, NPS or CES), then `e` and `enter` write "
        "the file.",
        _week_of_low_scores,
        after="Written. Cells a spreadsheet would run as a formula are defused.",
        hint="`x`, `p` to Last 7 days, `b` to low, then `e`, `enter`",
        miss_hint="Not the last 7 days' low scores: `x`, `p`, `b`, `e`",
        waits_for="export",
        miss="That export was not the last 7 days' low scores: `x`, `p`, `b`, then `e`.",
    ),
    Step(
        "That is the routine",
        "Dashboard, queue, tags, follow-ups, customers, export: a morning's triage.\n\n"
        "Nothing you did here is kept: the demo starts fresh every time. Try `?` for "
        "the keys of any screen, and `ctrl+p` for everything by name.",
        None,
        hint="That is the routine: `?` lists keys, `ctrl+p` finds all",
    ),
)


class Tour:
    """Where the user is in the steps; moves on when a step's action is seen."""

    def __init__(self, steps: tuple[Step, ...] = STEPS) -> None:
        self.steps = steps
        self.index = 0
        """The step shown (the last one once the tour is through)."""
        self.just_done: Step | None = None
        """The step the user has just completed (None after a skip or restart)."""
        self.missed = False
        """The last action was of the kind the step waits for, but not quite it."""
        self.expanded = False
        """On a small terminal: the whole step shows, not its one-line hint."""

    @property
    def step(self) -> Step:
        """The step shown."""
        return self.steps[self.index]

    @property
    def finished(self) -> bool:
        """On the last step, which waits for nothing."""
        return self.step.done is None

    def saw(self, seen: Seen, today: date) -> bool:
        """Move on if `seen` is what the step waits for; True when what to show changed."""
        step = self.step
        if step.done is None:
            return False
        if not step.done(seen, today):
            if step.miss and seen.kind == step.waits_for:
                self.missed = True
                return True
            return False
        self.just_done, self.missed = step, False
        self.index += 1
        return True

    def skip(self) -> None:
        """Go to the next step without doing this one."""
        if not self.finished:
            self.just_done, self.missed = None, False
            self.index += 1

    def restart(self) -> None:
        """Back to the first step."""
        self.index = 0
        self.just_done, self.missed = None, False
