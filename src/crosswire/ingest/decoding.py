"""Turn bytes of unknown encoding into text without ever failing.

News archives mix encodings, sometimes inside one file (FA-KES rows carry
stray Windows-1252 bytes in otherwise UTF-8 text), so decoding is tried in
order of how much the bytes themselves tell: a byte-order mark, a charset the
container declared, strict UTF-8, then charset-normalizer's guess, and last
Windows-1252, which maps every byte.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from functools import partial
from typing import Callable

from charset_normalizer import from_bytes

from crosswire.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Below this size a statistical guess is unreliable (a Latin-1 word comes back
# as Arabic), so short texts fall back to UTF-8 with Windows-1252 for stray bytes.
_MIN_BYTES_TO_GUESS = 2048

# Limit on decompressed size, so that a small gzip bomb cannot fill memory.
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode `data`, trusting a BOM, then `declared`, then the bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if declared:
        try:
            return data.decode(_normalise_encoding(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) >= _MIN_BYTES_TO_GUESS:
        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            try:
                return data.decode(best.encoding)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_mixed(data)


def decode_html(data: bytes, *, declared: str | None = None) -> str:
    """Decode an HTML page, preferring the charset its own <meta> declares."""
    if declared is None:
        match = _META_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii", errors="ignore")
    return decode_text(data, declared=declared)


def decode_mixed(data: bytes) -> str:
    """Decode text that is mostly UTF-8 but may hold stray bytes of another
    encoding: valid UTF-8 runs stay as they are, each invalid run is decoded
    as Windows-1252 (the usual culprit in news exports). The five bytes that
    Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become
    U+FFFD: they carry no character in any encoding such text was in."""
    parts: list[str] = []
    view = memoryview(data)
    start = 0
    while start < len(data):
        try:
            parts.append(bytes(view[start:]).decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            good_end = start + error.start
            parts.append(bytes(view[start:good_end]).decode("utf-8"))
            bad_end = start + error.end
            parts.append(bytes(view[good_end:bad_end]).decode("cp1252", errors="replace"))
            start = bad_end
    return "".join(parts)


def line_decoder(sample: bytes) -> Callable[[bytes], str]:
    """How to decode, line by line, a stream that begins with `sample`.

    Lines come out as `decode_text` would have decoded the whole file: UTF-8
    with stray bytes as Windows-1252, unless the sample is not UTF-8 and
    charset-normalizer recognises another encoding that keeps "\\n" one byte
    (UTF-16/32 cannot be split into lines as bytes: see readers.stream).
    """
    if not _is_utf8_start(sample) and len(sample) >= _MIN_BYTES_TO_GUESS:
        best = from_bytes(sample[:200_000]).best()
        if best is not None and best.encoding and _splits_at_newline_bytes(best.encoding):
            return partial(_decode_or_mix, encoding=best.encoding)
    return decode_mixed


def _decode_or_mix(line: bytes, *, encoding: str) -> str:
    try:
        return line.decode(encoding)
    except UnicodeDecodeError:
        return decode_mixed(line)


def _is_utf8_start(sample: bytes) -> bool:
    """Whether `sample` is UTF-8, allowing a character cut at its end."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data" and error.start >= len(sample) - 3
    return True


def _splits_at_newline_bytes(encoding: str) -> bool:
    try:
        return "\n a".encode(encoding) == b"\n a"
    except LookupError:
        return False


def gunzip(data: bytes, *, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress gzip data, refusing output larger than `limit` bytes."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1024 * 1024):
                out.write(chunk)
                if out.tell() > limit:
                    raise InputError(f"gzip data expands beyond {limit // (1024 * 1024)} MiB; refused")
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"broken gzip data: {error}") from error
    return out.getvalue()


def _normalise_encoding(name: str) -> str:
    name = name.strip().lower()
    # Pages that say latin-1 or ascii are, in practice, Windows-1252.
    if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        return "cp1252"
    return codecs.lookup(name).name
