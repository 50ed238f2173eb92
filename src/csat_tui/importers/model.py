"""What an importer produces: records ready for the store, and problems for `rejects`.

Importers never write to the store and never print: they yield `Record`s and
`Problem`s, and raise `ImportFileError` when a whole file cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from csat_tui.records import (
    ROLES as ROLES,
)
from csat_tui.records import (
    SKIP_FOOTER as SKIP_FOOTER,
)
from csat_tui.records import (
    SKIP_PREVIEW as SKIP_PREVIEW,
)
from csat_tui.records import (
    SKIP_TEST as SKIP_TEST,
)
from csat_tui.records import (
    Answer as Answer,
)
from csat_tui.records import (
    ColumnPlan as ColumnPlan,
)
from csat_tui.records import (
    FilePlan as FilePlan,
)
from csat_tui.records import (
    Problem as Problem,
)
from csat_tui.records import (
    Recalled as Recalled,
)
from csat_tui.records import (
    Record as Record,
)
from csat_tui.records import (
    Role as Role,
)


@dataclass
class ImportOptions:
    """What the user told the importer (the CLI's options)."""

    preset: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    """`--map COLUMN=ROLE` (ROLE may carry a scale: `csat:1-7`)."""
    timezone: str | None = None
    """IANA zone for times with no zone; None: the one recalled for the layout, else UTC."""
    day_first: bool | None = None
    """True/False settles ambiguous dates; None infers per column."""
    encoding: str | None = None
    """Overrides detection."""
    recall: Callable[[str], Recalled | None] | None = None
    """Looks up the mapping saved with an earlier import of the same layout (by `layout`)."""


class OpenedFile:
    """An import in progress: its plan, and an iterator over its records and problems.

    Use it as a context manager so the file is closed. `position()` tells how many
    bytes of `size` have been read, for a progress bar.
    """

    def __init__(
        self,
        plan: FilePlan,
        items: Iterator[Record | Problem],
        size: int,
        position: Callable[[], int],
        close: Callable[[], None],
        notes: list[str] | None = None,
        left_out: dict[str, int] | None = None,
    ) -> None:
        self.plan = plan
        self.size = size
        self.position = position
        self.notes: list[str] = notes if notes is not None else []
        """Notes found while reading the records (a footer line left out), in order."""
        self.left_out: dict[str, int] = left_out if left_out is not None else {}
        """Rows read that yield no record (a report's footer): reason → count, complete once
        the records have all been read."""
        self._items = items
        self._close = close

    def __iter__(self) -> Iterator[Record | Problem]:
        return self._items

    def __enter__(self) -> OpenedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()
