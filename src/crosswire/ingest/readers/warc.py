"""WARC archives (plain or gzipped): one article per archived HTML page.

Only what a browser would have shown as a page becomes an item: `response`
records with status 200 and an HTML content type, and HTML `resource`
records. Requests, metadata, images, scripts and error pages are skipped
without a word, since a crawl holds far more of them than of articles.

warcio reads a cut-off archive as if it simply ended, so this reader checks
every record against its Content-Length and does its own gzip decompression
(which also copes with a .warc.gz compressed as one gzip member rather than
per record) in order to say where an archive is damaged. The archive is
read as a stream, record by record; only one page is held at a time.
"""

from __future__ import annotations

import io
import zlib
from typing import Any, BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.limitreader import LimitReader

from crosswire.ingest.decoding import decode_html
from crosswire.records import ItemError, SourceItem

_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# A larger "page" is a mislabelled download, not an article (the same limit
# as for a page file, inputs.MAX_ARTICLE_FILE_BYTES, and html.MAX_PAGE_CHARS).
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
_CHUNK = 64 * 1024
_STREAM_ERRORS = (ChunkedDataException, ValueError, EOFError, OSError, zlib.error)


class _Damaged(Exception):
    """The archive ends or breaks inside a record."""


class _GunzipStream:
    """Gzip data as a readable stream, one member after another, that notes
    (in `damage`) whether the data stopped inside a member or stopped being
    gzip; warcio's own decompression hides both."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self._position = 0  # compressed bytes read from `source`
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = bytearray()
        self._delivered = 0
        self.damage: str | None = None

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._pending) < size) and self._inflate_more():
            pass
        count = len(self._pending) if size < 0 else min(size, len(self._pending))
        out = bytes(self._pending[:count])
        del self._pending[:count]
        self._delivered += count
        return out

    def tell(self) -> int:
        return self._delivered

    def _inflate_more(self) -> bool:
        """Decompress the next piece into `_pending`; False at the end."""
        if self._inflater.eof:
            # unused_data is what followed the member in the last chunk fed.
            source = self._inflater.unused_data or self._next_chunk()
            if not source:
                return False
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        else:
            source = self._inflater.unconsumed_tail or self._next_chunk()
            if not source:
                self.damage = "the gzip data ends in the middle of a record"
                return False
        try:
            # Bounded output, so that a gzip bomb cannot fill memory at once.
            self._pending += self._inflater.decompress(source, 4 * _CHUNK)
        except zlib.error as error:
            self.damage = f"broken gzip data before byte {self._position}: {error}"
            return False
        return True

    def _next_chunk(self) -> bytes:
        chunk = self._source.read(_CHUNK)
        self._position += len(chunk)
        return chunk


def read(origin: str, data: bytes | BinaryIO) -> Iterator[SourceItem | ItemError]:
    """Read the HTML pages archived in `data` (bytes or a seekable binary
    stream, such as an open file), which may be gzipped."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    head = stream.read(_CHUNK)
    stream.seek(0)
    if not head.strip() and len(head) < _CHUNK:
        yield ItemError(origin, "", "empty file")
        return
    gunzip = _GunzipStream(stream) if head.startswith(_GZIP_MAGIC) else None
    archive = ArchiveIterator(gunzip if gunzip is not None else stream)
    records = iter(archive)
    count = end = 0
    try:
        while (record := _next_record(records)) is not None:
            result = _record_item(origin, record)
            _check_complete(record)
            end = _record_end(archive)
            count += 1
            if result is not None:
                yield result
        _check_nothing_after(end, stream=stream, gunzip=gunzip, count=count)
    except _Damaged as error:
        reason = gunzip.damage if gunzip is not None and gunzip.damage else str(error)
        yield ItemError(origin, f"after record {count}", f"truncated or corrupt WARC: {reason}")


def _next_record(records: Iterator[Any]) -> Any | None:
    """The next warcio record, None at the end; damage raises `_Damaged`."""
    try:
        return next(records)
    except StopIteration:
        return None
    # warcio fails on damaged input with anything from ArchiveLoadFailed to
    # AttributeError (a header cut before WARC-Target-URI), so all of it
    # means "damaged" here.
    except (AttributeError, TypeError, KeyError) as error:
        # warcio's own bug on a header it could not parse, not a message for users.
        raise _Damaged(f"a record header is cut off or malformed ({type(error).__name__})") from error
    except Exception as error:
        raise _Damaged(_one_line(error)) from error


def _record_item(origin: str, record: Any) -> SourceItem | ItemError | None:
    """The page a record holds, an error about it, or None to skip it."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    mime, charset = _parse_content_type(content_type)
    if mime not in _HTML_TYPES:
        return None
    item = f"record {record.rec_headers.get_header('WARC-Record-ID')}"
    try:
        payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
    except _STREAM_ERRORS as error:
        return ItemError(origin, item, f"cannot read the page: {_one_line(error)}")
    if len(payload) > MAX_PAYLOAD_BYTES:
        return ItemError(origin, item, f"page is over {MAX_PAYLOAD_BYTES // (1024 * 1024)} MiB; skipped")
    if not payload.strip():
        return ItemError(origin, item, "empty payload")
    fetched = record.rec_headers.get_header("WARC-Date")
    return SourceItem(
        origin=origin,
        item=item,
        body=decode_html(payload, declared=charset),
        body_format="html",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        extra={"fetched": fetched} if fetched else {},
    )


def _check_complete(record: Any) -> None:
    """Raise `_Damaged` if the archive ended before the record's declared end."""
    # warcio also reads old ARC files, whose header says "length"; it takes
    # almost any line of five words for one, so garbage shows up here too.
    length = record.rec_headers.get_header("length" if record.format == "arc" else "Content-Length")
    if not (length and length.strip().isdigit()):
        raise _Damaged("a record header is cut off or has no valid Content-Length")
    stream = record.raw_stream
    try:
        while stream.read(_CHUNK):
            pass
    except _STREAM_ERRORS as error:
        raise _Damaged(_one_line(error)) from error
    if isinstance(stream, LimitReader) and stream.limit > 0:
        raise _Damaged(f"a record ends {stream.limit} bytes before its Content-Length")


def _record_end(archive: Any) -> int:
    """Where the record just read ends in the (decompressed) stream."""
    try:
        return int(archive.get_record_offset() + archive.get_record_length())
    except _STREAM_ERRORS as error:
        raise _Damaged(_one_line(error)) from error


def _check_nothing_after(end: int, *, stream: BinaryIO, gunzip: _GunzipStream | None, count: int) -> None:
    """Raise `_Damaged` if anything but blank lines follows the last record.

    warcio ends quietly at a record header cut short, so the leftover bytes
    are the only sign of it.
    """
    if gunzip is not None:
        if gunzip.damage:
            raise _Damaged(gunzip.damage)
        # Only the length is known here; records are followed by "\r\n\r\n".
        leftover = gunzip.tell() - end > len(b"\r\n\r\n")
    else:
        leftover = _has_data_after(stream, end)
    if count == 0:
        raise _Damaged("no WARC record found")
    if leftover:
        raise _Damaged(f"the data after record {count} is not a complete WARC record")


def _has_data_after(stream: BinaryIO, end: int) -> bool:
    """Whether anything but whitespace follows offset `end` of a plain archive."""
    try:
        stream.seek(end)
        while chunk := stream.read(_CHUNK):
            if chunk.strip():
                return True
    except (OSError, ValueError) as error:
        raise _Damaged(_one_line(error)) from error
    return False


def _parse_content_type(value: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'."""
    if not value:
        return "", None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
