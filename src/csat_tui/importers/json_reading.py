"""Streaming records out of JSON: an array (incrementally, never the whole file at once),
an object holding the array, or JSON Lines."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from itertools import chain
from typing import IO, Any

from csat_tui.importers.limits import (
    CELL_CHARS,
    JSON_DEPTH,
    LINE_CHARS,
    LimitError,
    clip_reject,
    size_text,
)
from csat_tui.importers.model import Problem
from csat_tui.importers.reading import CELL_OVER_LIMIT, Row, Table, bounded_lines

Item = tuple[int, Any] | Problem
"""A decoded JSON item with its number (or line), or a problem in its place."""

_WS = re.compile(r"[ \t\n\r]*")

_TOO_LARGE = f"a JSON record is larger than the {size_text(LINE_CHARS)} limit for a record"
_LONG_NUMBER = (
    f"a JSON number has more than {sys.get_int_max_str_digits():,} digits, over the limit"
)
_TOO_DEEP = f"a JSON record is nested more than {JSON_DEPTH} levels deep, over the limit"


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a value (0 for a scalar), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > JSON_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _checked(value: Any, text: str, start: int, end: int) -> Any:
    # Counting brackets is cheap and bounds the depth, so the walk is only for the rare
    # record with many of them.
    brackets = text.count("{", start, end) + text.count("[", start, end)
    if brackets > JSON_DEPTH and _depth(value) > JSON_DEPTH:
        raise LimitError(_TOO_DEEP)
    return value


def _oversized(obj: Any, size: int) -> bool:
    """Does a decoded record of `size` characters hold a string over the cell limit?"""
    if size <= CELL_CHARS or not isinstance(obj, dict):
        return False
    return any(isinstance(v, str) and len(v) > CELL_CHARS for v in obj.values())


class _JsonScanner:
    """Incremental JSON over a text stream: values are decoded with `raw_decode` from a buffer."""

    def __init__(self, text: IO[str], chunk: int = 1 << 16) -> None:
        self._text = text
        self._chunk = chunk
        self._decoder = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.last_size = 0
        """The length in characters of the value `value()` decoded last."""

    def _more(self, size: int) -> bool:
        if len(self.buf) - self.pos > LINE_CHARS:
            raise LimitError(_TOO_LARGE)
        data = self._text.read(size)
        if not data:
            self.eof = True
            return False
        if self.pos:
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += data
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            match = _WS.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more(self._chunk):
                return ""

    def take(self, char: str) -> bool:
        """Consume `char` if it is next."""
        if self.peek() == char:
            self.pos += 1
            return True
        return False

    def value(self) -> Any:
        """Decode the next value, reading more text while it is incomplete."""
        self.peek()
        size = self._chunk
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise LimitError(_TOO_DEEP) from None
            except json.JSONDecodeError as error:  # before ValueError: it is one
                if self.eof or not self.may_be_cut(error) or not self._more(size):
                    raise
                size *= 2  # doubling keeps a huge value linear to decode
                continue
            except ValueError:
                raise LimitError(_LONG_NUMBER) from None
            cut = end == len(self.buf) and not isinstance(value, dict | list | str)
            if cut and not self.eof and self._more(size):
                continue  # a number or literal cut at the buffer's end may be longer
            if end - self.pos > LINE_CHARS:
                raise LimitError(_TOO_LARGE)
            _checked(value, self.buf, self.pos, end)
            self.last_size = end - self.pos
            self.pos = end
            return value

    def may_be_cut(self, error: json.JSONDecodeError) -> bool:
        """Could the error be the end of the buffer cutting a value, rather than bad JSON?"""
        return error.pos >= len(self.buf) - 8 or error.msg.startswith("Unterminated string")

    def rest(self) -> str:
        """The buffered text not yet consumed (for a problem's raw value)."""
        return self.buf[self.pos :]


def _json_error(scanner: _JsonScanner, error: json.JSONDecodeError | None) -> str:
    cut = scanner.may_be_cut(error) if error else not scanner.rest().strip()
    if scanner.eof and cut:
        return "the JSON ends before the list of records is closed: the file looks truncated"
    detail = f" ({error.msg})" if error else ""
    return f"not valid JSON{detail}; the rest of the file was not read"


def _array_items(scanner: _JsonScanner) -> Iterator[Item]:
    index = 0
    if scanner.take("]"):
        return
    while True:
        index += 1
        try:
            item = scanner.value()
        except json.JSONDecodeError as error:
            yield Problem(index, None, clip_reject(scanner.rest()), _json_error(scanner, error))
            return
        if _oversized(item, scanner.last_size):
            yield Problem(index, None, clip_reject(json.dumps(item)), CELL_OVER_LIMIT)
        else:
            yield index, item
        if scanner.take(","):
            continue
        if scanner.take("]"):
            return
        yield Problem(index + 1, None, clip_reject(scanner.rest()), _json_error(scanner, None))
        return


class JsonShapeError(ValueError):
    """The JSON holds no list of records."""


def json_array_items(text: IO[str]) -> Iterator[Item]:
    """Items of a top-level JSON array, or of the first list value of a top-level object.

    Raises JsonShapeError (before the first item) when there is no such list.
    """
    scanner = _JsonScanner(text)
    if scanner.peek() == "\ufeff":
        scanner.pos += 1
    if scanner.take("["):
        return _array_items(scanner)
    if not scanner.take("{"):
        raise JsonShapeError("the JSON is neither a list of records nor an object holding one")
    try:
        while not scanner.take("}"):
            key = scanner.value()
            if not isinstance(key, str) or not scanner.take(":"):
                raise JsonShapeError("not valid JSON")
            if scanner.take("["):
                return _array_items(scanner)
            scanner.value()  # a value beside the records (a count, a cursor): skipped
            scanner.take(",")
    except json.JSONDecodeError as error:
        raise JsonShapeError(f"not valid JSON ({error.msg})") from None
    raise JsonShapeError("the JSON object holds no list of records")


def jsonl_items(text: IO[str]) -> Iterator[Item]:
    """Items of JSON Lines, each with its line number; unreadable lines become problems."""
    decode = json.loads
    for number, line in bounded_lines(text):
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            item = decode(line)
        except RecursionError:
            raise LimitError(_TOO_DEEP) from None
        except json.JSONDecodeError as error:
            raw = clip_reject(line.rstrip("\r\n"))
            yield Problem(number, None, raw, f"not valid JSON ({error.msg})")
            continue
        except ValueError:  # a number too long for Python to convert
            yield Problem(number, None, clip_reject(line.rstrip("\r\n")), _LONG_NUMBER)
            continue
        _checked(item, line, 0, len(line))
        if _oversized(item, len(line)):
            yield Problem(number, None, clip_reject(line.rstrip("\r\n")), CELL_OVER_LIMIT)
        else:
            yield number, item


def json_table(items: Iterator[Item], sample: int, stop: Callable[[], bool] | None = None) -> Table:
    """Rows from JSON items: headers are the keys of the first `sample` objects, in order."""
    head: list[Item] = []
    keys: dict[str, None] = {}
    for item in items:
        head.append(item)
        if not isinstance(item, Problem) and isinstance(item[1], dict):
            keys.update(dict.fromkeys(item[1]))
        if len(head) >= sample or (stop is not None and stop()):
            break
    headers = list(keys)
    return Table(headers, _json_rows(chain(head, items), headers))


def _json_rows(items: Iterator[Item], headers: list[str]) -> Iterator[Row | Problem]:
    known = set(headers)
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        line, obj = item
        if not isinstance(obj, dict):
            raw = clip_reject(json.dumps(obj, ensure_ascii=False))
            yield Problem(line, None, raw, "not a JSON object: each record must be {…}")
            continue
        if not obj:
            continue
        extra = None if obj.keys() <= known else {k: v for k, v in obj.items() if k not in known}
        yield line, [obj.get(h) for h in headers], extra
