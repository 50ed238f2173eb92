"""Encoding detection: BOMs, UTF-8, UTF-16 without BOM, Windows-1252, overrides."""

from __future__ import annotations

import codecs

import pytest

from csat_tui.importers.encoding import BinaryFileError, detect_encoding

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
