"""Encoding detection: BOMs, UTF-8, UTF-16 without BOM, Windows-1252, overrides."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.importers.encoding import (
    BinaryFileError,
    counted_errors,
    detect_encoding,
    utf8_evidence,
)

TEXT = "id,csat,comment\n1,5,It’s great: å ä ö, 满意\n2,4,naïve café\n"


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings_are_detected(data: bytes, codec: str) -> None:
    encoding = detect_encoding(data, at_eof=True)
    assert encoding.codec == codec
    assert data.decode(encoding.codec).lstrip("\ufeff") == TEXT


def test_cp1252_curly_apostrophe_and_swedish_letters() -> None:
    data = "id,csat,comment\n1,5,It’s fine – på svenska: åäö\n".encode("cp1252")
    assert b"\x92" in data
    encoding = detect_encoding(data, at_eof=True)
    assert encoding.codec == "cp1252"
    text = data.decode(encoding.codec, encoding.errors)
    assert "It\u2019s" in text
    assert "åäö" in text


def test_short_swedish_cp1252_is_not_read_as_cp1250() -> None:
    # charset-normalizer alone picks cp1250 here, turning å into ĺ.
    data = "kommentar\nJättebra, tack så mycket\nhåller med\n".encode("cp1252")
    encoding = detect_encoding(data, at_eof=True)
    assert data.decode(encoding.codec, encoding.errors).count("å") == 2


def test_a_multibyte_character_cut_at_the_sample_end_is_still_utf8() -> None:
    data = ("a" * 99 + "é").encode("utf-8")
    cut = data[:-1]  # the sample ends in the middle of é
    assert detect_encoding(cut, at_eof=False).codec == "utf-8"


def test_utf8_with_a_later_cp1252_byte_is_read_with_the_fallback() -> None:
    encoding = detect_encoding(b"comment\nplain\n", at_eof=False)
    assert encoding.codec == "utf-8"
    text = "comment\nIt’s".encode("cp1252").decode(encoding.codec, encoding.errors)
    assert text == "comment\nIt\u2019s"


def test_override_wins() -> None:
    encoding = detect_encoding("å".encode(), at_eof=True, override="latin-1")
    assert encoding.codec == "iso8859-1"
    assert encoding.how == "--encoding"


def test_nul_bytes_outside_utf16_are_binary() -> None:
    with pytest.raises(BinaryFileError):
        detect_encoding(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", at_eof=True)


def test_one_invalid_byte_near_the_top_keeps_the_file_utf8() -> None:
    data = b"csat,comment\n5,caf\xe9\n" + "4,café très bien\n3,déjà vu\n".encode()
    encoding = detect_encoding(data, at_eof=True)
    assert encoding.codec == "utf-8"
    text = data.decode(encoding.codec, encoding.errors)
    assert "café très bien" in text
    assert "caf\ufffd" in text


def test_mostly_invalid_non_ascii_bytes_are_a_legacy_code_page() -> None:
    data = "csat,comment\n5,café très bien\n4,déjà vu\n".encode("cp1252") + "3,é\n".encode()
    encoding = detect_encoding(data, at_eof=True)
    assert encoding.codec == "cp1252"


def test_evidence_from_further_on_decides_an_ascii_start() -> None:
    later = "4,It’s late\n".encode("cp1252")
    encoding = detect_encoding(b"csat,comment\n5,plain\n", at_eof=False, more=[later])
    assert encoding.codec == "cp1252"
    later = "4,It’s late\n".encode()
    encoding = detect_encoding(b"csat,comment\n5,plain\n", at_eof=False, more=[later])
    assert encoding.codec == "utf-8"


@given(st.lists(st.text(min_size=1), min_size=1), st.integers(min_value=0))
def test_utf8_evidence_counts_every_non_ascii_character(parts: list[str], seed: int) -> None:
    text = "\n".join(parts)
    data = text.encode()
    valid, invalid = utf8_evidence([data], at_eof=True)
    assert invalid == 0
    assert valid == sum(1 for char in text if ord(char) > 127 and char != "\ufffd")


@given(st.text(alphabet="abcdéèüåäö ,", min_size=1))
def test_an_invalid_byte_is_one_replacement_and_the_rest_is_kept(text: str) -> None:
    data = text.encode() + b"\xff" + text.encode()
    valid, invalid = utf8_evidence([data], at_eof=True)
    assert invalid == 1
    non_ascii = sum(1 for char in text if ord(char) > 127)
    assert valid == 2 * non_ascii
    if non_ascii:
        encoding = detect_encoding(data, at_eof=True)
        assert encoding.codec == "utf-8"
        assert data.decode(encoding.codec, encoding.errors) == f"{text}\ufffd{text}"


def test_counted_errors_count_the_bytes_of_one_file() -> None:
    name, tally = counted_errors("replace")
    other, untouched = counted_errors("replace")
    assert b"a\xff\xfeb".decode("utf-8", name) == "a\ufffd\ufffdb"
    assert tally.bytes == 2
    assert untouched.bytes == 0 and other != name
