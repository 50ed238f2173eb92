"""The error tree shared by every layer: a message for people, and a short title."""

from __future__ import annotations


class CsatError(Exception):
    """Base of every error that is the user's to fix, shown without a traceback."""

    title = "Error"

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class StoreError(CsatError):
    """The store cannot be opened, migrated or written."""

    title = "Store error"


class ImportFileError(CsatError):
    """A whole file cannot be imported (missing, binary, empty, no rating column...)."""

    title = "Import failed"


class FilterError(CsatError):
    """A filter value is not valid (unknown band, a date that is not a date...)."""

    title = "Invalid filter"


class NotFoundError(CsatError):
    """A response, tag or view that does not exist."""

    title = "Not found"


class NothingToUndoError(CsatError):
    """Undo was asked for but no action is left to undo."""

    title = "Nothing to undo"


class ExportError(CsatError):
    """An export file cannot be written."""

    title = "Export failed"


class StoreBusyError(StoreError):
    """Another program held the store's write lock for longer than we could wait."""

    title = "Store busy"


class StoreDamagedError(StoreError):
    """SQLite found a damaged page in the store (`csat-tui doctor` says more)."""

    title = "Store damaged"


class StoreFullError(StoreError):
    """The disk (or the store's size limit) is full."""

    title = "Disk full"


class StoreReadOnlyError(StoreError):
    """The store file or its folder cannot be written."""

    title = "Store read-only"
