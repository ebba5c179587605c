"""Reading container files piece by piece, so that memory does not grow
with the size of the file.

Readers of multi-article formats take either bytes or a `ByteStream` (an
open file, a gzip stream) and pull lines from it with `split_lines`, which
never holds more than one line plus one chunk. A line longer than the
reader's limit is not kept: it is read through and reported as a
`LongLine`, so one runaway record costs that record, not the run's memory.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import Any, AnyStr, Iterator, Protocol

CHUNK_BYTES = 1024 * 1024
# "Universal" line ends (as io.StringIO(newline="") splits them) and "\n" only.
_UNIVERSAL_BYTES = re.compile(rb"\r\n|\r|\n")
_NEWLINE_BYTES = re.compile(rb"\n")
_UNIVERSAL_TEXT = re.compile(r"\r\n|\r|\n")
_NEWLINE_TEXT = re.compile(r"\n")
_TEXT_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ByteStream(Protocol):
    """What a reader needs of its input: `read`, as files and GzipFile have."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line over the limit, read through but not kept."""

    size: int
    quotes: int


def as_stream(data: bytes | ByteStream) -> ByteStream:
    return io.BytesIO(data) if isinstance(data, bytes) else data


def wide_encoding(head: bytes) -> str | None:
    """"utf-16"/"utf-32" when `head` starts with their byte-order mark.

    Such text cannot be split into lines as bytes ("\\n" is two or four bytes).
    """
    for bom, encoding in _TEXT_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def byte_chunks(stream: ByteStream, *, head: bytes = b"") -> Iterator[bytes]:
    if head:
        yield head
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


def text_chunks(stream: ByteStream, *, encoding: str, head: bytes = b"") -> Iterator[str]:
    """Decoded chunks of a UTF-16/32 stream; undecodable bytes become U+FFFD."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for chunk in byte_chunks(stream, head=head):
        if text := decoder.decode(chunk):
            yield text
    if tail := decoder.decode(b"", final=True):
        yield tail


def split_lines(chunks: Iterator[AnyStr], *, limit: int, universal: bool = False) -> Iterator[AnyStr | LongLine]:
    """The lines of `chunks`, each with its line end ("\\n" only, or also "\\r\\n"
    and "\\r" when `universal`); lines over `limit` come out as `LongLine`."""
    carry: list[AnyStr] = []
    carried = 0
    skipping: LongLine | None = None
    for chunk in _hold_back_cr(chunks) if universal else chunks:
        start = 0
        for match in _pattern(chunk, universal=universal).finditer(chunk):
            piece = chunk[start : match.end()]
            start = match.end()
            if skipping is not None:
                yield _grown(skipping, piece)
            elif carried + len(piece) > limit:
                yield _grown(LongLine(carried, sum(_quotes(part) for part in carry)), piece)
            else:
                yield piece[:0].join([*carry, piece]) if carry else piece  # type: ignore[list-item]
            carry, carried, skipping = [], 0, None
        rest = chunk[start:]
        if skipping is not None:
            skipping = _grown(skipping, rest)
        elif carried + len(rest) > limit:
            skipping = _grown(LongLine(carried, sum(_quotes(part) for part in carry)), rest)
            carry, carried = [], 0
        elif rest:
            carry.append(rest)
            carried += len(rest)
    if skipping is not None:
        yield skipping
    elif carry:
        yield carry[0][:0].join(carry)


def _hold_back_cr(chunks: Iterator[AnyStr]) -> Iterator[AnyStr]:
    """The chunks, with a final "\\r" moved to the next one, so that a "\\r\\n"
    cut between two chunks is still one line end."""
    held: AnyStr | None = None
    for chunk in chunks:
        if held is not None:
            chunk = held + chunk
            held = None
        if chunk[-1:] in (b"\r", "\r"):
            chunk, held = chunk[:-1], chunk[-1:]
        if chunk:
            yield chunk
    if held is not None:
        yield held


def _pattern(chunk: bytes | str, *, universal: bool) -> re.Pattern[Any]:
    if isinstance(chunk, bytes):
        return _UNIVERSAL_BYTES if universal else _NEWLINE_BYTES
    return _UNIVERSAL_TEXT if universal else _NEWLINE_TEXT


def _grown(line: LongLine, piece: bytes | str) -> LongLine:
    return LongLine(line.size + len(piece), line.quotes + _quotes(piece))


def _quotes(piece: bytes | str) -> int:
    return piece.count(b'"') if isinstance(piece, bytes) else piece.count('"')
