"""What the triage screens load, as plain functions run inside thread workers.

Like `services.dashboard`, each call opens its own store connection through an `Opener`
and closes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from csat_tui.filters import Filter
from csat_tui.services import triage
from csat_tui.services.opening import Opener
from csat_tui.services.triage import Customer, CustomerCursor, FollowupRow, TagCount, Tier
from csat_tui.store.browse import Followup, ResponseDetail, ResponseRow, detail

QUEUE_SIZE = 500
"""Queue entries loaded at once (the counter says how many there are in all)."""
QUICK_TAGS = 9
"""Tags the queue offers on the number keys."""


@dataclass(frozen=True)
class QueueData:
    """The queue within the filter: the first entries and how many there are."""

    rows: list[ResponseRow]
    total: int
    top_tags: list[str]
    """The most used tags, for the number keys."""
    tag_names: list[str]
    """Every tag, for completion."""
    owners: list[str]
    """Everyone who has owned a follow-up, for completion."""


@dataclass(frozen=True)
class QueueContext:
    """One queue entry in full, and its respondent's earlier responses."""

    detail: ResponseDetail
    earlier: list[ResponseRow]


def load_queue(opener: Opener, flt: Filter) -> QueueData:
    """Responses needing attention within the filter, newest first, and their number."""
    with opener() as store:
        found = triage.queue_page(store, flt, None, QUEUE_SIZE)
        names = [t.name for t in triage.tag_counts(store)]
        total = triage.queue_count(store, flt)
        # The most used tags, by name: the same numbers from one day to the next.
        top = sorted(names[:QUICK_TAGS], key=str.casefold)
        return QueueData(found.rows, total, top, names, triage.owners(store))


def load_context(opener: Opener, response_id: int, respondent: str | None) -> QueueContext:
    """A response in full with the respondent's other responses, newest first."""
    with opener() as store:
        found = detail(store, response_id)
        earlier = (
            triage.respondent_history(store, respondent, before_id=response_id, limit=8)
            if respondent
            else []
        )
        return QueueContext(found, earlier)


def load_tag_names(opener: Opener) -> list[str]:
    """Every tag name, most used first (for completion)."""
    with opener() as store:
        return [t.name for t in triage.tag_counts(store)]


def load_followup(opener: Opener, response_id: int) -> Followup | None:
    """A response's follow-up as it is now (to edit it), or None."""
    with opener() as store:
        return detail(store, response_id).followup


def load_owners(opener: Opener) -> list[str]:
    """Everyone who has owned a follow-up (for completion)."""
    with opener() as store:
        return triage.owners(store)


def load_followups(opener: Opener, owner: str | None) -> list[FollowupRow]:
    """Follow-ups by status, then due date; only one owner's when given."""
    with opener() as store:
        return triage.list_followups(store, owner=owner)


@dataclass(frozen=True)
class TagData:
    """Every tag with its count, and tag counts per touchpoint within the filter."""

    tags: list[TagCount]
    by_touchpoint: list[tuple[str | None, str, int]]


def load_tags(opener: Opener, flt: Filter) -> TagData:
    """Every tag with its count, and (touchpoint, tag, count) within the filter."""
    with opener() as store:
        return TagData(triage.tag_counts(store), triage.tag_counts_by(store, flt, "touchpoint"))


CUSTOMERS_PAGE = 200
"""Customers per page on the customers screen (the next page loads as the user scrolls)."""


@dataclass(frozen=True)
class CustomerPage:
    """One page of a customers list, and where the next one starts (None: the last page)."""

    rows: list[Customer]
    next: CustomerCursor | None


def load_customers(
    opener: Opener,
    flt: Filter,
    tiers: tuple[Tier, ...],
    after: CustomerCursor | None = None,
    limit: int | None = None,
) -> CustomerPage:
    """A page of the respondents in the given tiers, worst first, after `after` (`limit`
    of them: CUSTOMERS_PAGE unless said)."""
    limit = CUSTOMERS_PAGE if limit is None else limit
    with opener() as store:
        found = triage.customers(store, flt, tiers, limit=limit + 1, after=after)
    more = len(found) > limit
    rows = found[:limit]
    return CustomerPage(rows, triage.customer_cursor(rows[-1]) if more else None)


def load_respondent(opener: Opener, respondent: str) -> list[ResponseRow]:
    """All of a respondent's responses, newest first."""
    with opener() as store:
        return triage.respondent_history(store, respondent, limit=500)
