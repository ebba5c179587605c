from __future__ import annotations

import gzip

import pytest

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_html, decode_mixed, decode_text, gunzip


def test_mixed_utf8_and_windows_1252_bytes_both_decode() -> None:
    data = "café ".encode("utf-8") + b"\x93quoted\x94 and caf\xe9"
    assert decode_mixed(data) == "café \u201cquoted\u201d and café"
    assert decode_text(data) == "café \u201cquoted\u201d and café"


def test_byte_order_marks_and_declared_charsets_are_honoured() -> None:
    assert decode_text("\ufeffDeir Ezzor".encode("utf-8")) == "Deir Ezzor"
    assert decode_text("Deir Ezzor".encode("utf-16")) == "Deir Ezzor"
    page = '<html><head><meta charset="windows-1256"></head><body>\u062f\u064a\u0631</body></html>'
    assert "\u062f\u064a\u0631" in decode_html(page.encode("cp1256"))


def test_gunzip_refuses_output_over_the_limit_and_broken_data() -> None:
    bomb = gzip.compress(b"\0" * 2_000_000)
    with pytest.raises(InputError, match="expands beyond"):
        gunzip(bomb, limit=1_000_000)
    with pytest.raises(InputError, match="broken gzip"):
        gunzip(gzip.compress(b"hello world" * 100)[:20])
    assert gunzip(gzip.compress(b"hello")) == b"hello"


def test_gunzip_reports_a_corrupt_deflate_stream_as_broken() -> None:
    with pytest.raises(InputError, match="broken gzip"):
        gunzip(b"\x1f\x8b\x08\x00 not really gzip")
