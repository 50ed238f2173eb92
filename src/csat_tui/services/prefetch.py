"""Read an import's items in a background thread, so parsing overlaps SQLite's writing.

sqlite3 releases the GIL while it writes pages, so a parser thread and the writing
thread run side by side on two cores. Memory stays bounded by a few batches.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(items: Iterable[T], batch: int = 2000, depth: int = 4) -> Iterator[list[T]]:
    """Batches of `items`, produced by a daemon thread at most `depth` batches ahead.

    An exception in the producer is raised here, in the consumer's thread.
    """
    channel: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        chunk: list[T] = []
        try:
            for item in items:
                if stop.is_set():
                    return
                chunk.append(item)
                if len(chunk) >= batch:
                    channel.put(chunk)
                    chunk = []
            if chunk:
                channel.put(chunk)
            channel.put(_DONE)
        except BaseException as error:  # handed to the consumer, which re-raises it
            channel.put(_Failure(error))

    thread = threading.Thread(target=produce, name="import-reader", daemon=True)
    thread.start()
    try:
        while True:
            got = channel.get()
            if got is _DONE:
                return
            if isinstance(got, _Failure):
                raise got.error
            yield got  # type: ignore[misc]
    finally:
        stop.set()
        # Unblock a producer waiting on a full queue, then let it finish.
        while thread.is_alive():
            with contextlib.suppress(queue.Empty):
                channel.get(timeout=0.05)
