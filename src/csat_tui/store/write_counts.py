"""What one file's import did, counted: the one counting the import and its dry run share."""

from __future__ import annotations

from dataclasses import dataclass, field

from csat_tui.records import Record

SKIP_OFFERED = "offered, not answered"
SKIP_UNOFFERED = "never offered"
SKIP_OTHER = "left out by the importer"
DUPLICATE_STORED = "exact copy of a stored response"
DUPLICATE_NO_ID = "identical row in this file (no id)"
DUPLICATE_SAME_ID = "identical row in this file (same id)"
REJECT_CHANGED = "duplicate id with different content"
REJECT_UNREAD = "cell or row not read (reasons in rejects)"
CHANGED_EXAMPLES = 3
"""Changed copies described one by one in the messages; the rest are counted."""


def _tally(counts: dict[str, int], reason: str, n: int = 1) -> None:
    counts[reason] = counts.get(reason, 0) + n


@dataclass
class WriteCounts:
    """What one file's import did to the store, and why each record left out was left out.

    Every record read is imported, a duplicate, skipped, or (a changed copy) rejected; the
    reasons of `skipped` and `duplicates` add up to them. A dry run counts with the same
    methods, without duplicates.
    """

    records: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejects: int = 0
    reject_reasons: list[str] = field(default_factory=list)
    """The first few reject reasons, for the summary."""
    offered: int = 0
    """Surveys sent but not answered (Zendesk "offered"): counted in `sent` and `skipped`."""
    unoffered: int = 0
    """Records of surveys never sent (Zendesk "unoffered"): counted in `skipped` only."""
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    """Why records were skipped: reason → count, adding up to `skipped`."""
    duplicate_reasons: dict[str, int] = field(default_factory=dict)
    """What each duplicate is a copy of: reason → count, adding up to `duplicates`."""
    changed: int = 0
    """Records rejected as a duplicate id with different content (part of `rejects`)."""
    changed_examples: list[str] = field(default_factory=list)
    """The first few of those, naming the fields that differ."""
    skip_details: dict[str, str] = field(default_factory=dict)
    """Skip label → what the first record skipped for it stood for, for messages."""

    def leave_out(self, record: Record) -> None:
        """Count a record that is not a response: a survey not answered, a preview, a test."""
        if record.unanswered == "offered":
            self.offered += 1
            reason = SKIP_OFFERED
        elif record.unanswered:
            self.unoffered += 1
            reason = SKIP_UNOFFERED
        else:
            reason = record.skip_reason or SKIP_OTHER
            if record.skip_detail:
                self.skip_details.setdefault(reason, record.skip_detail)
        self.skip(reason)

    def skip(self, reason: str, n: int = 1) -> None:
        """Count `n` records skipped for `reason`."""
        self.skipped += n
        _tally(self.skipped_reasons, reason, n)

    def duplicate(self, reason: str) -> None:
        """Count a record that is an exact copy of a response already kept."""
        self.duplicates += 1
        _tally(self.duplicate_reasons, reason)

    def reject(self, reason: str) -> None:
        """Count a cell or row kept in rejects."""
        self.rejects += 1
        if len(self.reject_reasons) < 5:
            self.reject_reasons.append(reason)

    def changed_copy(self, external_id: str, line: int, fields: str, in_file: bool) -> str:
        """Count a record whose id is taken with different content; its reject reason."""
        reason = (
            f"duplicate id {external_id!r} with different content ({fields}): the first one stays"
        )
        self.reject(reason)
        self.changed += 1
        if len(self.changed_examples) < CHANGED_EXAMPLES:
            where = (
                f"appears twice in this file with a different {fields}: the first one stays"
                if in_file
                else f"already stored with a different {fields}: the stored one stays"
            )
            self.changed_examples.append(f"id {external_id!r} (line {line}) {where}")
        return reason

    def take_read(self, other: WriteCounts) -> None:
        """Add what `other` counted of the records read: records, and those left out."""
        self.records += other.records
        self.offered += other.offered
        self.unoffered += other.unoffered
        for reason, n in other.skipped_reasons.items():
            self.skip(reason, n)
        for reason, detail in other.skip_details.items():
            self.skip_details.setdefault(reason, detail)

    def reasons(self) -> dict[str, dict[str, int]]:
        """`skipped`, `duplicates` and `rejects` by reason, each adding up to its count."""
        rejects = {REJECT_CHANGED: self.changed, REJECT_UNREAD: self.rejects - self.changed}
        return {
            "skipped": dict(self.skipped_reasons),
            "duplicates": dict(self.duplicate_reasons),
            "rejects": {reason: n for reason, n in rejects.items() if n},
        }


def count_read(counts: WriteCounts, record: Record) -> bool:
    """Count a record read; True when it is a response to write, False when it is left out
    (a survey not answered, a preview, a test: counted as skipped). The import and its dry
    run both count through here."""
    counts.records += 1
    if record.unanswered or record.skip_reason:
        counts.leave_out(record)
        return False
    return True
