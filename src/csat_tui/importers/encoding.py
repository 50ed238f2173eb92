"""Detecting a file's text encoding from its bytes, in a fixed order.

UTF-8 against a legacy code page is decided by evidence: a file whose non-ASCII bytes are
mostly valid UTF-8 is UTF-8, and its few invalid bytes are read as U+FFFD and counted, so
they can be reported; Windows-1252 is chosen only when most non-ASCII bytes are not UTF-8.
"""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from charset_normalizer import from_bytes

SAMPLE_BYTES = 1 << 16
"""How many bytes of the file the detection looks at."""

FALLBACK_ERRORS = "csat-cp1252-fallback"
"""Codec error handler: bytes that do not decode are read as Windows-1252."""

REPLACEMENT = "\ufffd"
"""What a byte that is not UTF-8 becomes in a UTF-8 file: �."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Windows-1252 leaves five bytes undefined; Windows itself maps them to the C1 controls.
_CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


@dataclass(frozen=True, slots=True)
class Encoding:
    """A decision: the codec to read with, its error handler, and why."""

    codec: str
    """What `open()` / `TextIOWrapper` gets: "utf-8", "utf-8-sig", "utf-16-le", "cp1252"…"""
    errors: str
    how: str
    """Why: "byte order mark", "valid UTF-8", "--encoding"…"""

    @property
    def is_wide(self) -> bool:
        """UTF-16 or UTF-32: NUL bytes are part of the text."""
        return self.codec.startswith(("utf-16", "utf-32"))


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_CP1252[b] for b in bad), error.end


def register_error_handler() -> None:
    """Register the cp1252 fallback handler (idempotent; called before opening a file)."""
    codecs.register_error(FALLBACK_ERRORS, _fallback)


@dataclass(slots=True)
class ByteErrors:
    """How many bytes one file's decoder could not decode (see `counted_errors`)."""

    bytes: int = 0


_handler_ids = itertools.count(1)


def counted_errors(errors: str) -> tuple[str, ByteErrors]:
    """A codec error handler that does what `errors` does and counts the bytes it handles.

    Each call registers a handler of its own (codecs keeps them by name), so the count is
    this file's alone even while another file is being read.
    """
    register_error_handler()
    base = codecs.lookup_error(errors)
    tally = ByteErrors()

    def handler(error: UnicodeError) -> tuple[str | bytes, int]:
        if isinstance(error, UnicodeDecodeError):
            tally.bytes += error.end - error.start
        return base(error)

    name = f"csat-counted-{next(_handler_ids)}"
    codecs.register_error(name, handler)
    return name, tally


def utf8_evidence(blocks: Sequence[bytes], at_eof: bool) -> tuple[int, int]:
    """Characters that are valid multibyte UTF-8, and runs of bytes that are not, in `blocks`.

    The first block is the file's start; the others are taken from further on and may
    begin or end inside a character (those bytes do not count).
    """
    valid = invalid = 0
    for number, block in enumerate(blocks):
        if number:  # skip the end of a character cut at the block's start
            skip = 0
            while skip < min(3, len(block)) and 0x80 <= block[skip] < 0xC0:
                skip += 1
            block = block[skip:]
        final = at_eof and number == 0
        text = codecs.getincrementaldecoder("utf-8")("replace").decode(block, final=final)
        stored = block.count(REPLACEMENT.encode())  # a real U+FFFD in the file
        replaced = text.count(REPLACEMENT) - stored
        non_ascii = len(text) - len(text.encode("ascii", "ignore"))
        valid += non_ascii - replaced - stored
        invalid += replaced
    return valid, invalid


def _utf16_by_nuls(sample: bytes, at_eof: bool) -> str | None:
    # Text that is mostly Latin script in UTF-16 has a NUL in every other byte: the odd
    # bytes for LE, the even ones for BE. The sample must then decode cleanly.
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > len(sample) / 20 and odd_nuls > 4 * even_nuls:
        codec = "utf-16-le"
    elif even_nuls > len(sample) / 20 and even_nuls > 4 * odd_nuls:
        codec = "utf-16-be"
    else:
        return None
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(sample, final=at_eof)
    except UnicodeDecodeError:
        return None
    return codec


def _normalizer_guess(sample: bytes) -> str | None:
    best = from_bytes(sample, cp_isolation=["utf_8", "cp1252", "utf_16"]).best()
    if best is None:
        return None
    return codecs.lookup(best.encoding).name


class BinaryFileError(ValueError):
    """The sample has NUL bytes and is not UTF-16/32: not a text file."""


def detect_encoding(
    sample: bytes,
    *,
    at_eof: bool,
    override: str | None = None,
    more: Sequence[bytes] = (),
) -> Encoding:
    """Choose the encoding of a file from its bytes; BinaryFileError if it is not text.

    `sample` is the file's start, `more` blocks from further on (evidence for UTF-8).
    Order: `override`, BOM, UTF-8 when its non-ASCII bytes are mostly UTF-8 (the others
    read as U+FFFD), UTF-16 by NUL pattern, charset-normalizer restricted to
    UTF-8/cp1252/UTF-16, then cp1252.
    """
    register_error_handler()
    if override:
        # LookupError (an unknown name) is the caller's to report.
        name = codecs.lookup(override).name
        return Encoding(name, "replace", "--encoding")
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return Encoding(codec, "replace", "byte order mark")
    has_nul = b"\x00" in sample
    valid, invalid = utf8_evidence([sample, *more], at_eof) if not has_nul else (0, 0)
    if not has_nul and invalid == 0:
        if valid:
            # Bytes further on that are not UTF-8 become U+FFFD, counted and reported.
            return Encoding("utf-8", "replace", "valid UTF-8")
        # ASCII so far: a byte further on that is not UTF-8 is likely a legacy letter.
        return Encoding("utf-8", FALLBACK_ERRORS, "valid UTF-8")
    if not has_nul and valid >= invalid:
        runs = "sequence" if invalid == 1 else "sequences"
        return Encoding(
            "utf-8",
            "replace",
            f"UTF-8 ({valid:,} non-ASCII characters), with {invalid:,} invalid byte {runs} "
            f"read as {REPLACEMENT}",
        )
    wide = _utf16_by_nuls(sample, at_eof)
    if wide:
        return Encoding(wide, "replace", "UTF-16 without byte order mark (NUL pattern)")
    if has_nul:
        raise BinaryFileError("NUL bytes in a file that is not UTF-16")
    guess = _normalizer_guess(b"\n".join([sample, *more]))
    if guess in ("cp1252", "utf-16"):
        return Encoding(guess, FALLBACK_ERRORS if guess == "cp1252" else "replace", "detected")
    return Encoding("cp1252", FALLBACK_ERRORS, "not UTF-8; read as Windows-1252")
