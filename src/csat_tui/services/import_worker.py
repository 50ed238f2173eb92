"""Reading a file in a worker process while the writer inserts what it read.

The file is opened and planned first (the plan may recall a mapping from the store), the
writer's transaction begun, and the import runs in one process for `WORKER_AFTER`
seconds. If a core was spare meanwhile (`core_to_spare`), the process forks at the next
batch's end (so the batches, and the ids they allocate, are those of one process). The
child goes on reading the same opened file: it parses the rows, builds the records and
prepares the batches of response rows (`store.prepare.Preparer`: plain tuples, ids
allocated), and sends them through a pipe; the parent only writes them. A fork, not a
fresh interpreter: the child starts at once with the plan, the presets' hooks and the
reader state as they are, and nothing of them has to be pickled. The child never touches
the store (its connection is the parent's) and leaves with `os._exit`, so nothing of the
parent's is closed, flushed or finalised twice.

Memory stays bounded: the pipe holds about a batch, and the child waits when it is full.
An error met while reading (a limit, a file that changed) is sent to the parent and
raised there, exactly as the same import in one process would raise it; a child that
dies unexpectedly ends the import with a clear error; Ctrl-C reaches the parent only,
which rolls back and ends the child.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
import sys
import threading
import warnings
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import IO, Any

from csat_tui.errors import ImportFileError
from csat_tui.importers.model import OpenedFile, Problem, Record
from csat_tui.store.prepare import Batch, Preparer
from csat_tui.store.write_counts import WriteCounts
from csat_tui.store.writer import ImportWriter

WORKER_BYTES = 4 << 20
"""Files at least this large are read in a worker process (when one can be forked)."""
PIPE_BYTES = 1 << 20
"""The pipe's capacity asked for (Linux): a batch or two of rows waiting for the writer."""
_F_SETPIPE_SZ = 1031
_LENGTH = struct.Struct("!Q")
"""Each message through the pipe: its length, then the pickle."""
WORKER_AFTER = 0.5
"""Seconds an import runs in one process before it measures whether a core is spare."""
CHECK_EVERY = 1024
"""Items between two looks at the clock while the import waits to measure."""


def worker_possible(size: int) -> bool:
    """Whether a file of `size` bytes may be read in a worker process: a large file, on
    Linux (fork is safe there for a child that only reads and computes), from the main
    thread (not inside an app whose other threads a fork would leave behind half-way), on
    a machine with a second core. (Whether the second core is spare, `core_to_spare`
    measures.)"""
    return (
        size >= WORKER_BYTES
        and sys.platform == "linux"
        and hasattr(os, "fork")
        and threading.current_thread() is threading.main_thread()
        and (os.cpu_count() or 1) > 1
    )


CpuTimes = tuple[int, int]
"""Idle and total time of all cores since boot, in clock ticks."""
SPARE_CORE = 0.25
"""Idle cores (beside the one the import runs on) the worker needs: on cores that other
work keeps busy, its pickling and piping (about a tenth more CPU time) make an import
slower, not faster. (Measured at 1M rows on 2 cores: with a third of a core idle the
worker saved 2.4 s of 18.9; with none it lost 1–2 s.)"""
_MIN_TICKS = 20
"""Shorter windows than this (0.1 s of two cores) say too little: the load average says."""


def cpu_times() -> CpuTimes | None:
    """Idle and total time of all cores so far (Linux), to tell later how idle they were."""
    try:
        with open("/proc/stat", "rb") as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
        return fields[3] + fields[4], sum(fields)
    except (OSError, ValueError, IndexError):
        return None


def core_to_spare(since: CpuTimes | None = None) -> bool:
    """Is a core idle enough for the worker: measured over the time since `since` (the
    import running in one process meanwhile), or by the load average."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    now = cpu_times() if since is not None else None
    if since is not None and now is not None and now[1] - since[1] >= _MIN_TICKS:
        idle = cores * (now[0] - since[0]) / (now[1] - since[1])
        return idle >= SPARE_CORE
    try:
        load = os.getloadavg()[0]
    except OSError:
        return False
    return load <= cores - 1


def write_from_worker(
    items: Iterable[Record | Problem],
    opened: OpenedFile,
    writer: ImportWriter,
    written: Callable[[Batch, int], None],
) -> None:
    """Write the rest of `opened` (`items`: its next item first) through `writer`, read
    and prepared in a worker process; `written(batch, bytes read)` after each batch. The
    writer's queue must be empty (flushed). Counts, notes and what was left out come back
    from the worker at the end, as if read here."""
    read_end, write_end = os.pipe()
    with suppress(OSError, ValueError, ImportError):
        import fcntl

        fcntl.fcntl(write_end, _F_SETPIPE_SZ, PIPE_BYTES)
    preparer = writer.preparer(WriteCounts())
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork with other threads (a progress bar's): the child
        # touches none of what they hold.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its work is checked through the parent)
        os.close(read_end)
        _child(items, opened, preparer, write_end)
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    try:
        while True:
            try:
                message = _receive(pipe)
            except EOFError:
                raise ImportFileError(
                    f"{opened.plan.path}: the process reading the file stopped unexpectedly;"
                    " nothing was imported"
                ) from None
            kind = message[0]
            if kind == "batch":
                writer.write(message[1])
                written(message[1], message[2])
            elif kind == "error":
                raise message[1]
            else:
                _, counts, sent, notes, left_out = message
                break
    finally:
        pipe.close()
        _end(pid)
    writer.take_read(counts, sent)
    opened.notes[:] = notes
    opened.left_out.clear()
    opened.left_out.update(left_out)


def _end(pid: int) -> None:
    """Wait for the child, ending it first if it still runs (an error, Ctrl-C)."""
    with suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(  # pragma: no cover
    items: Iterable[Record | Problem], opened: OpenedFile, preparer: Preparer, fd: int
) -> None:
    """Read, prepare and send everything; leave without running the parent's clean-up."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        gc.disable()  # nothing here makes cycles; and no finaliser of the parent's may run
        try:
            position = opened.position
            for item in items:
                batch = preparer.add(item)
                if batch is not None:
                    _send(fd, ("batch", batch, position()))
            _send(fd, ("batch", preparer.take(), position()))
            _send(fd, ("end", preparer.counts, preparer.sent, opened.notes, opened.left_out))
        except BrokenPipeError:
            code = 1  # the parent stopped listening: it ends the import
        except Exception as error:
            code = 1
            _send(fd, ("error", _sendable(error)))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _send(fd: int, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(pipe: IO[bytes]) -> Any:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(head)
    data = pipe.read(length)
    if len(data) < length:
        raise EOFError
    return pickle.loads(data)


def _sendable(error: Exception) -> Exception:
    """The error itself when it survives pickling; otherwise one saying what it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
