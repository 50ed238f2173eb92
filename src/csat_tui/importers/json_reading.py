"""Streaming records out of JSON: an array (incrementally, never the whole file at once),
an object holding the array, or JSON Lines."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from itertools import chain
from typing import IO, Any

from csat_tui.importers.model import Problem
from csat_tui.importers.reading import FIELD_SIZE_LIMIT, Row, Table

Item = tuple[int, Any] | Problem
"""A decoded JSON item with its number (or line), or a problem in its place."""

_WS = re.compile(r"[ \t\n\r]*")


class _JsonScanner:
    """Incremental JSON over a text stream: values are decoded with `raw_decode` from a buffer."""

    def __init__(self, text: IO[str], chunk: int = 1 << 16) -> None:
        self._text = text
        self._chunk = chunk
        self._decoder = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _more(self, size: int) -> bool:
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
            except json.JSONDecodeError as error:
                if self.eof or not self.may_be_cut(error) or not self._more(size):
                    raise
                size *= 2  # doubling keeps a huge value linear to decode
                continue
            cut = end == len(self.buf) and not isinstance(value, dict | list | str)
            if cut and not self.eof and self._more(size):
                continue  # a number or literal cut at the buffer's end may be longer
            self.pos = end
            return value

    def may_be_cut(self, error: json.JSONDecodeError) -> bool:
        """Could the error be the end of the buffer cutting a value, rather than bad JSON?"""
        if len(self.buf) - self.pos > FIELD_SIZE_LIMIT:
            return False
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
            yield Problem(index, None, scanner.rest(), _json_error(scanner, error))
            return
        yield index, item
        if scanner.take(","):
            continue
        if scanner.take("]"):
            return
        yield Problem(index + 1, None, scanner.rest(), _json_error(scanner, None))
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
    for number, line in enumerate(text, 1):
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            yield number, decode(line)
        except json.JSONDecodeError as error:
            yield Problem(number, None, line.rstrip("\r\n"), f"not valid JSON ({error.msg})")


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
            raw = json.dumps(obj, ensure_ascii=False)
            yield Problem(line, None, raw, "not a JSON object: each record must be {…}")
            continue
        if not obj:
            continue
        extra = None if obj.keys() <= known else {k: v for k, v in obj.items() if k not in known}
        yield line, [obj.get(h) for h in headers], extra
