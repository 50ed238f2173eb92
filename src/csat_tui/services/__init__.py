"""The API the TUI and the CLI use: everything about responses goes through here."""

from typing import TYPE_CHECKING, Any

from csat_tui.services.scores import ScoreReport, report_json, scores
from csat_tui.store.aggregates import (
    GROUP_BYS,
    GroupBy,
    ScoreCounts,
    distribution,
    read_group_by,
)
from csat_tui.store.browse import (
    EXPORT_COLUMNS,
    ORDERS,
    Cursor,
    Followup,
    Order,
    Page,
    ResponseDetail,
    ResponseRow,
    count,
    detail,
    export_rows,
    iter_export,
    page,
)
from csat_tui.store.db import (
    Store,
    Waiting,
    explain_store_error,
    in_words,
    open_store,
    store_errors,
)

__all__ = [
    "EXPORT_COLUMNS",
    "GROUP_BYS",
    "ORDERS",
    "Cursor",
    "Followup",
    "GroupBy",
    "Order",
    "Page",
    "ResponseDetail",
    "ResponseRow",
    "ScoreCounts",
    "ScoreReport",
    "Store",
    "Waiting",
    "count",
    "detail",
    "distribution",
    "explain_store_error",
    "export_rows",
    "in_words",
    "iter_export",
    "open_store",
    "page",
    "read_group_by",
    "report_json",
    "scores",
    "store_errors",
]

# Filter choices, breakdown rows and responses by score for the TUI; importing goes through here.
from csat_tui.services.facets import BreakdownRow, Facets, breakdown_rows, facets
from csat_tui.store.score_pages import (
    SCORE_ORDERS,
    ScoreCursor,
    ScoreOrder,
    ScorePage,
    page_by_score,
)

__all__ += [
    "SCORE_ORDERS",
    "BreakdownRow",
    "Facets",
    "FileReport",
    "ImportOptions",
    "ScoreCursor",
    "ScoreOrder",
    "ScorePage",
    "breakdown_rows",
    "facets",
    "import_file",
    "page_by_score",
]

if TYPE_CHECKING:
    from csat_tui.importers.model import ImportOptions
    from csat_tui.services.importing import FileReport, import_file


def __getattr__(name: str) -> Any:
    # The importers load only for the commands that import (a quick start for the others).
    if name == "ImportOptions":
        from csat_tui.importers.model import ImportOptions

        return ImportOptions
    if name in ("FileReport", "import_file"):
        from csat_tui.services import importing

        return getattr(importing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
