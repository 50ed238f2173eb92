"""Importing files: open with the right importer, write through the store, report what happened."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from csat_tui.errors import CsatError
from csat_tui.importers import open_file
from csat_tui.importers.model import FilePlan, ImportOptions, OpenedFile, Problem, Record
from csat_tui.importers.reading import TRUNCATED
from csat_tui.store.db import Store
from csat_tui.store.duplicates import CopyCheck
from csat_tui.store.imports import (
    previous_import,
    recall_mapping,
    record_failed_import,
    save_mapping,
)
from csat_tui.store.prepare import Batch
from csat_tui.store.write_counts import WriteCounts, count_read
from csat_tui.store.writer import ImportWriter, now_iso

Progress = Callable[[int, int], None]
"""Called with (bytes read, file size) as an import goes."""

PREVIEW_ROWS = 5


@dataclass
class FileReport:
    """What importing one file did; `to_json` is the CLI contract."""

    path: str
    status: str = "failed"
    """imported, failed or dry-run."""
    preset: str | None = None
    encoding: str | None = None
    records: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejects: int = 0
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    plan: FilePlan | None = None
    preview: list[Record] = field(default_factory=list)
    """The first records as they would be stored (dry run)."""
    reject_reasons: list[str] = field(default_factory=list)
    offered: int = 0
    """Surveys sent but not answered: counted toward the response rate, not stored."""
    unoffered: int = 0
    """Records of surveys never sent: neither responses nor counted as sent."""
    truncated: str | None = None
    """Where the file ends inside a quoted field ("line 9, column 'comment'"), if it does."""
    reasons: dict[str, dict[str, int]] = field(default_factory=dict)
    """`skipped`, `duplicates` and `rejects` by reason, each adding up to its count."""
    skip_details: dict[str, str] = field(default_factory=dict)
    """A skip reason → what the first record skipped for it stood for in the export."""

    def to_json(self) -> dict[str, Any]:
        """The file's entry in `import --json`."""
        return {
            "path": self.path,
            "preset": self.preset,
            "encoding": self.encoding,
            "records": self.records,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "rejects": self.rejects,
            "offered": self.offered,
            "unoffered": self.unoffered,
            "status": self.status,
            "messages": self.messages,
            "columns": column_roles(self.plan) if self.plan is not None else {},
            "reasons": {
                "skipped": self.reasons.get("skipped", {}),
                "duplicates": self.reasons.get("duplicates", {}),
                "rejects": self.reasons.get("rejects", {}),
            },
        }


def reason_lines(report: FileReport) -> list[str]:
    """A line for each count with reasons: "skipped: 2 survey preview; 1 report footer line"."""
    lines = []
    for key in ("skipped", "duplicates"):
        found = report.reasons.get(key) or {}
        if found:
            lines.append(f"{key}: " + "; ".join(f"{n:,} {why}" for why, n in found.items()))
    return lines


def column_roles(plan: FilePlan) -> dict[str, str]:
    """Each column's role as `--map` writes it: `csat:1-5`, `comment`, `attribute`, `date`…"""
    roles: dict[str, str] = {}
    for column in plan.columns:
        if column.role is None:
            roles[column.header] = "date" if column.date_format else "attribute"
        elif column.scale:
            roles[column.header] = f"{column.role}:{column.scale}"
        else:
            roles[column.header] = column.role
    return roles


def file_checksum(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def import_file(
    store: Store,
    path: str | Path,
    options: ImportOptions,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> FileReport:
    """Import one file whole, or not at all. User errors end up in the report, not raised."""
    started = time.perf_counter()
    report = FileReport(path=str(path))
    if options.recall is None:
        options = replace(options, recall=lambda layout: recall_mapping(store, layout))
    try:
        if dry_run:
            _dry_run(store, path, options, report, progress)
        else:
            _import(store, Path(path), options, report, progress)
    except CsatError as error:
        report.status = "failed"
        report.messages.append(str(error))
        if not dry_run and Path(path).is_file():
            record_failed_import(store, str(path), report.preset, str(error), now_iso())
    finally:
        report.seconds = time.perf_counter() - started
    return report


def _dry_run(
    store: Store,
    path: str | Path,
    options: ImportOptions,
    report: FileReport,
    progress: Progress | None,
) -> None:
    counts = WriteCounts()
    with open_file(path, options) as opened:
        _describe(report, opened.plan)
        copies = CopyCheck(store, opened.plan, counts)
        for item in opened:
            if isinstance(item, Problem):
                copies.add(item)
                if item.reason == TRUNCATED:
                    report.truncated = _where(item)
                continue
            if not count_read(counts, item):
                continue
            copies.add(item)
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append(item)
            if progress and counts.records % 2000 == 0:
                progress(opened.position(), opened.size)
        copies.finish()
    _count_left_out(counts, opened.left_out)
    report.messages.extend(opened.notes)
    _take_counts(report, counts)
    _explain(report)
    report.status = "dry-run"
    report.messages.extend(counts.changed_examples)
    report.messages.append(
        "dry run: nothing was written; duplicates were checked against the store, as an "
        "import would count them"
    )


def _describe(report: FileReport, plan: FilePlan) -> None:
    report.plan = plan
    report.preset = plan.preset
    report.encoding = plan.encoding
    report.messages.extend(plan.notes)


def _import(
    store: Store, path: Path, options: ImportOptions, report: FileReport, progress: Progress | None
) -> None:
    with open_file(path, options) as opened:
        _describe(report, opened.plan)
        checksum, size = file_checksum(path)
        earlier = previous_import(store, checksum)
        doing = f"an import of {path.name}"
        with ImportWriter.open(
            store, opened.plan, checksum, size, doing=doing, messages=report.messages
        ) as writer:
            _write_all(opened, writer, report, progress)
            save_mapping(store, writer.import_id, opened.plan)
            _count_left_out(writer.counts, opened.left_out)
            report.messages.extend(opened.notes)
        counts = writer.counts
    report.status = "imported"
    _take_counts(report, counts)
    _explain(report)
    if earlier:
        report.messages.append(f"this file was imported before ({earlier})")
    if counts.records and counts.imported == 0 and counts.duplicates:
        report.messages.append(
            f"nothing new: all {counts.duplicates} responses were already in the store"
        )
    report.messages.extend(counts.changed_examples)
    if counts.changed > len(counts.changed_examples):
        report.messages.append(
            f"{counts.changed - len(counts.changed_examples):,} more ids already taken with "
            "different content: the first of each stays, the others are kept in rejects"
        )
    if counts.rejects:
        report.messages.append(
            f"{counts.rejects} cells or rows were not imported (kept in rejects): "
            + "; ".join(counts.reject_reasons[:3])
        )


def _write_all(
    opened: OpenedFile, writer: ImportWriter, report: FileReport, progress: Progress | None
) -> None:
    """Every record and problem of `opened` through `writer`. A large file goes on in a
    worker process (`import_worker`) once the import has run `WORKER_AFTER` seconds, if a
    core was spare meanwhile: the worker reads and prepares, this process writes."""
    from csat_tui.services import import_worker  # only an import needs it

    worker = import_worker.worker_possible(opened.size)
    began = import_worker.cpu_times() if worker else None
    look_at = time.perf_counter() + import_worker.WORKER_AFTER
    every = import_worker.CHECK_EVERY

    def written(batch: Batch, position: int) -> None:
        for problem in batch.problems:
            if problem.reason == TRUNCATED:
                report.truncated = _where(problem)
        if progress:
            progress(position, opened.size)

    due = False
    for n, item in enumerate(opened, 1):
        # At a batch's end, before a record: the batches, and so the ids, are the same.
        if worker and type(item) is Record:
            if not due and n % every == 0:
                due = time.perf_counter() >= look_at
            if due and writer.batch_full():
                worker = False
                if import_worker.core_to_spare(began):
                    writer.flush()
                    rest = chain((item,), opened)
                    import_worker.write_from_worker(rest, opened, writer, written)
                    return
        writer.add(item)
        if type(item) is Problem and item.reason == TRUNCATED:
            report.truncated = _where(item)
        if progress and n % 2000 == 0:
            progress(opened.position(), opened.size)


def _count_left_out(counts: WriteCounts, left_out: dict[str, int]) -> None:
    """Count the rows the importer read but yielded no record for (a report's footer) as
    records read and skipped, by the importer's reason."""
    for reason, n in left_out.items():
        counts.records += n
        counts.skip(reason, n)


def _take_counts(report: FileReport, counts: WriteCounts) -> None:
    """The counts of an import or a dry run, into its report."""
    report.records = counts.records
    report.imported = counts.imported
    report.duplicates = counts.duplicates
    report.skipped = counts.skipped
    report.rejects = counts.rejects
    report.reject_reasons = counts.reject_reasons
    report.offered = counts.offered
    report.unoffered = counts.unoffered
    report.reasons = counts.reasons()
    report.skip_details = dict(counts.skip_details)


def _explain(report: FileReport) -> None:
    """Messages for what the counts alone do not say."""
    skipped = report.reasons.get("skipped", {})
    for label, detail in report.skip_details.items():
        n = skipped.get(label, 0)
        others = ", and others like it" if n > 1 else ""
        report.messages.append(f"{n:,} left out as {label}: {detail}{others}")
    if report.truncated:
        report.messages.append(
            f"{report.path}, {report.truncated}: {TRUNCATED}; the complete records before it "
            "were imported, and the broken record is kept verbatim in rejects"
        )
    if report.offered:
        report.messages.append(
            f"{report.offered} surveys were offered but not answered: counted toward the "
            "response rate, not as responses"
        )
    if report.unoffered:
        report.messages.append(
            f"{report.unoffered} records are of surveys never offered: neither responses "
            "nor counted as sent"
        )


def _where(problem: Problem) -> str:
    """A problem's place in its file, as people read it: "line 9, column 'comment'"."""
    column = f", column '{problem.column}'" if problem.column else ""
    return f"line {problem.line}{column}"
