"""Coverage-guided fuzzing (atheris / libFuzzer) of the ingest parsers.

    python fuzz/fuzz_ingest.py [--seconds 60] [--findings DIR]   (or: make fuzz FUZZ_SECONDS=60)

One input is one file: its first byte picks the format (txt, html, csv,
json, jsonl, warc, gzipped txt/warc, or an RSS/Atom feed), the rest is the
file's bytes. Each input goes through the reader, the cleaner and the
sanitizer, as `crosswire ingest` would run them. The contract: a reader
may refuse a whole file with `CrosswireError`; anything else raised, or a
stored text that breaks an invariant, is a finding. Findings do not stop
the run: each is written once (per exception type and place) to the
findings folder (default: $TMPDIR/crosswire-fuzz-findings) and printed. The fuzzer runs in a child process, because
libFuzzer ends the process when the budget is spent; this parent prints
the number of executions and findings at the end and exits 1 if there was
any finding.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

REPO = Path(__file__).resolve().parents[1]
FORMATS = (".txt", ".html", ".csv", ".json", ".jsonl", ".warc", ".txt.gz", ".warc.gz", ".rss")
# Outside the repo, so that nothing the fuzzer writes is committed by accident.
DEFAULT_FINDINGS = Path(tempfile.gettempdir()) / "crosswire-fuzz-findings"
_FINDINGS: Path = DEFAULT_FINDINGS
_SEEN: set[str] = set()


def _targets() -> dict[str, Callable[[str, bytes], Iterator[Any]]]:
    from crosswire.ingest.decoding import gunzip
    from crosswire.ingest.readers import htmlfile, jsonlines, tabular, text, warc

    def gz(reader: Callable[[str, bytes], Iterator[Any]]) -> Callable[[str, bytes], Iterator[Any]]:
        return lambda origin, data: reader(origin, gunzip(data, limit=4 * 1024 * 1024))

    return {
        ".txt": text.read, ".html": htmlfile.read, ".csv": tabular.read, ".json": jsonlines.read,
        ".jsonl": jsonlines.read, ".warc": warc.read, ".txt.gz": gz(text.read), ".warc.gz": warc.read, ".rss": _feed,
    }


def _feed(origin: str, data: bytes) -> Iterator[Any]:
    from crosswire.ingest import feeds
    from crosswire.ingest.fetch import FetchedPage

    page = FetchedPage(url="http://feed.invalid/rss", status=200, content_type="application/rss+xml", charset=None, body=data)
    parsed = feeds._parse(page)
    for n, entry in enumerate(list(parsed.entries)[:50], start=1):
        yield feeds._read_entry(None, origin, page.url, n, entry, outlet=None, fetch_pages=False)  # type: ignore[arg-type]


def one_input(data: bytes) -> None:
    """Run one fuzz input through a reader, the cleaner and the sanitizer."""
    from crosswire.errors import CrosswireError
    from crosswire.ingest.pipeline import clean
    from crosswire.ingest.sanitize import safe_article, safe_source, safe_text
    from crosswire.records import CleanArticle, SourceItem

    if not data:
        return
    suffix = FORMATS[data[0] % len(FORMATS)]
    origin = "fuzz" + suffix
    try:
        for record in TARGETS[suffix](origin, data[1:]):
            if not isinstance(record, SourceItem):
                continue
            cleaned = clean(safe_source(record))
            if isinstance(cleaned, CleanArticle):
                article = safe_article(cleaned)
                if safe_text(article.text) != article.text:
                    raise AssertionError("sanitised text is not stable")
                article.text.encode("utf-8")
    except CrosswireError:
        return
    except Exception as error:  # noqa: BLE001 - every other exception is a finding, recorded below
        _record_finding(suffix, data, error)


def _record_finding(suffix: str, data: bytes, error: Exception) -> None:
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames) if "crosswire" in f.filename), "?")
    key = f"{suffix} {type(error).__name__} {where}"
    if key in _SEEN:
        return
    _SEEN.add(key)
    _FINDINGS.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:12]
    (_FINDINGS / f"{name}.input").write_bytes(data)
    (_FINDINGS / f"{name}.txt").write_text(key + "\n" + "".join(traceback.format_exception(error)), encoding="utf-8")
    print(f"FINDING {key} -> {_FINDINGS / name}.input", flush=True)


def _seeds(folder: Path) -> None:
    """Small valid files of every format, for libFuzzer to mutate."""
    sentence = "Shelling killed at least 12 civilians in the town on Tuesday, officials said. "
    html = f"<html><head><meta charset='utf-8'><title>T</title></head><body><article><p>{sentence * 3}</p></article></body></html>"
    bodies = {
        ".txt": f"Tuesday, February 27, 2018\n\nHeadline here\n\n{sentence * 3}\n\nPost a Comment".encode(),
        ".html": html.encode(),
        ".csv": f'title,text,date,url\n"A","{sentence * 2}",2018-02-27,http://a.example/1\n'.encode(),
        ".json": json_dumps([{"title": "A", "text": sentence * 2, "published": "2018-02-27"}]),
        ".jsonl": json_dumps({"html": html, "url": "http://a.example"}) + b"\n",
        ".warc": _warc(html),
        ".txt.gz": gzip.compress((sentence * 3).encode()),
        ".warc.gz": gzip.compress(_warc(html)),
        ".rss": (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>A</title>'
            f"<link>http://a.example/1</link><description>{sentence * 4}</description>"
            "<pubDate>Tue, 27 Feb 2018 10:00:00 GMT</pubDate></item></channel></rss>"
        ).encode(),
    }
    for suffix, body in bodies.items():
        (folder / f"seed{suffix}").write_bytes(bytes([FORMATS.index(suffix)]) + body)


def json_dumps(value: Any) -> bytes:
    import json

    return json.dumps(value).encode()


def _warc(html: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warc_record("http://a.example/1", "response", payload=io.BytesIO(html.encode()), http_headers=http))
    return buffer.getvalue()


def _child(seconds: int, findings: Path, seeds: Path) -> None:
    import atheris

    global _FINDINGS, TARGETS
    _FINDINGS = findings
    with atheris.instrument_imports(include=["crosswire"]):
        import crosswire.ingest.pipeline  # noqa: F401
        import crosswire.ingest.readers.warc  # noqa: F401
    TARGETS = _targets()
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura logs every unparseable page
    args = [sys.argv[0], f"-max_total_time={seconds}", "-max_len=65536", "-rss_limit_mb=3072", "-timeout=60", "-seed=1", str(seeds)]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing budget in seconds")
    parser.add_argument("--findings", type=Path, default=DEFAULT_FINDINGS, help="where findings are written")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seeds", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.seconds, args.findings, args.seeds)
        return 0
    with tempfile.TemporaryDirectory(prefix="crosswire-fuzz-") as work:
        seeds = Path(work)
        _seeds(seeds)
        before = set(args.findings.glob("*.txt")) if args.findings.exists() else set()
        command = [sys.executable, __file__, "--child", "--seconds", str(args.seconds), "--findings", str(args.findings), "--seeds", str(seeds)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 300)
    output = done.stdout + done.stderr
    for line in output.splitlines():
        if line.startswith("FINDING") or "ERROR" in line or line.startswith("#") and "DONE" in line:
            print(line)
    runs = re.search(r"Done (\d+) runs in (\d+) second", output)
    new = sorted(set(args.findings.glob("*.txt")) - before) if args.findings.exists() else []
    crashed = done.returncode != 0
    print(f"fuzz: {runs.group(1) if runs else '?'} executions in {runs.group(2) if runs else '?'} s; "
          f"{len(new)} new findings in {args.findings}; fuzzer exit code {done.returncode}")
    if crashed:
        print(output[-3000:])
    return 1 if new or crashed else 0


TARGETS: dict[str, Callable[[str, bytes], Iterator[Any]]] = {}

if __name__ == "__main__":
    sys.exit(main())
