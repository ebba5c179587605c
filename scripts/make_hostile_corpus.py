"""Write a corpus of hostile and broken inputs into a folder, with a manifest.

    python scripts/make_hostile_corpus.py OUT_DIR [--huge-mb 100]

Each file is what crosswire meets in the wild, or what an attacker would
hand it: binary data under a text name, cut gzip and WARC files, mixed and
wrong encodings, empty pages, a 100 MB page (written sparse, so it costs no
disk or time), deeply nested markup and JSON, a billion-laughs document,
JSON with wrong types, CSV rows with missing columns, very long lines,
terminal escapes and undecodable file names. `manifest.json` in OUT_DIR
says for each file what a correct ingest does with it: "ingest" (at least
one article stored from it), "error" with a fragment of the expected reason
(recorded in ingest_errors), or "either". The files go into OUT_DIR/corpus
and the manifest into OUT_DIR/manifest.json. Nothing here is committed: tests
build the corpus in a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
from pathlib import Path
from typing import Any

ARTICLE = (
    "Shelling on the eastern districts of the town killed at least 12 civilians on Tuesday, "
    "the local health office said. Residents said the strikes began before dawn and lasted for hours."
)
Expect = dict[str, str]


def build(out: Path, *, huge_mb: int = 100, seed: int = 7) -> dict[str, Expect]:
    """Write the corpus into `out`/corpus and return (and save as `out`/manifest.json) its manifest."""
    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    manifest: dict[str, Expect] = {}
    for group in (_binary, _gzip, _warc, _encodings, _empty, _html, _json, _csv, _long, _odd):
        for name, content, expect in group(rng, huge_mb):
            path = corpus / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, _Sparse):
                content.write(path)
            else:
                path.write_bytes(content)
            manifest[name] = expect
    _unreadable_names(corpus, manifest)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


class _Sparse:
    """A file of `size` bytes whose first bytes are `head` and the rest a hole."""

    def __init__(self, head: bytes, size: int) -> None:
        self.head, self.size = head, size

    def write(self, path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(self.head)
            handle.truncate(self.size)


Entry = tuple[str, Any, Expect]


def _ok() -> Expect:
    return {"outcome": "ingest"}


def _err(reason: str) -> Expect:
    return {"outcome": "error", "reason": reason}


def _either() -> Expect:
    return {"outcome": "either"}


def _binary(rng: random.Random, _huge: int) -> list[Entry]:
    noise = bytes(rng.randrange(256) for _ in range(20_000))
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))
    return [
        ("binary/noise.bin", noise, _err("unsupported file type")),
        ("binary/noise.txt", noise, _err("binary data")),
        ("binary/image.html", png, _err("")),
        ("binary/noise.csv", noise, _err("")),
        ("binary/noise.json", noise, _err("not JSON")),
        ("binary/noise.warc", noise, _err("WARC")),
        ("binary/high_bytes.txt", bytes(rng.randrange(128, 256) for _ in range(5000)), _either()),
    ]


def _gzip(_rng: random.Random, _huge: int) -> list[Entry]:
    whole = gzip.compress((ARTICLE + "\n") .encode() * 50)
    bomb = gzip.compress(b"\0" * (40 * 1024 * 1024))  # 40 KB that expands to 40 MiB
    return [
        ("gzip/article.txt.gz", whole, _ok()),
        ("gzip/truncated.txt.gz", whole[: len(whole) // 2], _err("broken gzip")),
        ("gzip/not_gzip.txt.gz", ARTICLE.encode(), _err("broken gzip")),
        ("gzip/empty.txt.gz", gzip.compress(b""), _err("empty")),
        ("gzip/bomb.txt.gz", bomb, _err("expands beyond")),
        ("gzip/truncated.csv.gz", gzip.compress(b"text\n" + ARTICLE.encode() * 20)[:60], _err("broken gzip")),
    ]


def _warc_bytes(pages: list[str]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n, page in enumerate(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = f"<html><body><article><p>{page}</p></article></body></html>".encode()
        record = writer.create_warc_record(
            f"https://news.example/{n}", "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
    return buffer.getvalue()


def _warc(_rng: random.Random, _huge: int) -> list[Entry]:
    pages = [f"Story {n}. {ARTICLE} Item {n} of the archive." for n in range(3)]
    plain = _warc_bytes(pages)
    members = [gzip.compress(_warc_bytes([page])) for page in pages]
    zipped = b"".join(members)
    # Cut inside the last gzip member: record ids and dates vary in length, so a cut
    # at a fixed fraction could fall between members and leave a valid, shorter archive.
    cut = len(zipped) - len(members[-1]) // 2
    return [
        ("warc/whole.warc.gz", zipped, _ok()),
        ("warc/truncated.warc.gz", zipped[:cut], _err("truncated or corrupt WARC")),
        # Cut inside the last record: a cut between records is a shorter archive.
        ("warc/truncated.warc", plain[: len(plain) * 9 // 10], _err("truncated or corrupt WARC")),
        ("warc/header_only.warc", b"WARC/1.0\r\nWARC-Type: response\r\n", _err("WARC")),
        ("warc/gzip_garbage.warc.gz", b"\x1f\x8b" + b"\xff" * 500, _err("WARC")),
    ]


def _encodings(_rng: random.Random, _huge: int) -> list[Entry]:
    stray = ARTICLE.encode() + " The minister\u2019s office said caf\u00e9s were shut.".encode("cp1252")
    latin_page = f'<html><head><meta charset="utf-8"></head><body><p>{ARTICLE} Caf\u00e9 r\u00e9sidents.</p></body></html>'
    bogus_charset = f'<html><head><meta charset="x-no-such-charset"></head><body><p>{ARTICLE}</p></body></html>'
    return [
        ("encoding/fakes_stray_cp1252.txt", stray, _ok()),
        ("encoding/utf16_bom.txt", ("\ufeff" + ARTICLE).encode("utf-16-le"), _ok()),
        ("encoding/utf16_no_bom.txt", ARTICLE.encode("utf-16-le"), _either()),
        ("encoding/latin1_says_utf8.html", latin_page.encode("latin-1"), _ok()),
        ("encoding/unknown_charset.html", bogus_charset.encode(), _ok()),
        ("encoding/shift_jis.txt", ("\u6771\u4eac\u3067\u7206\u767a\u304c\u3042\u308a\u307e\u3057\u305f\u3002" * 20).encode("shift_jis"), _ok()),
        ("encoding/utf8_then_cp1252_csv.csv", b"text,title\n\"" + stray + b"\",T\xe9l\xe9\n", _ok()),
    ]


def _empty(_rng: random.Random, _huge: int) -> list[Entry]:
    blank = b" \n\t\r\n   \n"
    return [
        ("empty/empty.txt", b"", _err("empty")),
        ("empty/blank.txt", blank, _err("empty")),
        ("empty/empty.html", b"", _err("empty")),
        ("empty/blank.html", blank, _err("empty")),
        ("empty/no_text.html", b"<html><head><title>t</title></head><body><div> </div></body></html>", _err("no article text")),
        ("empty/empty.csv", b"", _err("empty CSV")),
        ("empty/header_only.csv", b"text,title\n", _either()),
        ("empty/empty.json", b"", _err("empty JSON")),
        ("empty/blank.jsonl", blank, _err("empty JSON")),
        ("empty/empty_list.json", b"[]", _either()),
        ("empty/empty.warc", b"", _err("empty")),
        ("empty/furniture_only.txt", b"Post a Comment\n\nNo comments:\n", _err("no article text")),
    ]


def _html(_rng: random.Random, huge_mb: int) -> list[Entry]:
    huge_head = f"<html><body><p>{ARTICLE}</p>".encode()
    nested = "<div>" * 100_000 + f"<p>{ARTICLE}</p>" + "</div>" * 100_000
    unclosed = "<div><span><b><i>" * 50_000 + ARTICLE
    flat = "<html><body>" + f"<div>{ARTICLE}</div>" * (5_000_000 // (len(ARTICLE) + 11)) + "</body></html>"
    laughs = _billion_laughs("html")
    return [
        ("html/huge.html", _Sparse(huge_head, huge_mb * 1024 * 1024), _err("limit")),
        ("html/nested_100k.html", nested.encode(), _either()),
        ("html/unclosed_200k.html", unclosed.encode(), _either()),
        ("html/flat_5mb.html", flat.encode(), _err("page too large")),
        ("html/flat_5mb.html.gz", gzip.compress(flat.encode()), _err("page too large")),
        ("html/billion_laughs.xhtml", laughs.encode(), _either()),
        ("html/script_only.html", b"<html><script>" + b"for(;;){}" * 1000 + b"</script></html>", _err("no article text")),
    ]


def _billion_laughs(root: str) -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + ("" if i == 1 else str(i - 1)) + ";") * 10}">' for i in range(1, 10)
    )
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{entities}]>\n<{root}><body><p>&lol9;</p></body></{root}>'


def billion_laughs_feed() -> bytes:
    """An RSS feed whose entities would expand to 3 GB (for a local feed server)."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + ("" if i == 1 else str(i - 1)) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{entities}]>\n<rss version="2.0"><channel><title>&lol9;</title>'
        "<item><title>&lol9;</title><description>&lol9; &lol9;</description></item></channel></rss>"
    ).encode()


def _json(_rng: random.Random, _huge: int) -> list[Entry]:
    wrong = [
        {"text": 12345},
        {"text": ["a", "list"]},
        {"text": ARTICLE, "title": {"nested": True}},
        {"text": ARTICLE + " Second.", "author": [1, 2]},
        {"text": ARTICLE + " Third.", "published": True},
        "a bare string",
        None,
        {"html": None, "text": None},
        {"text": ARTICLE + " The one good record."},
    ]
    surrogate = '{"text": "' + ARTICLE + ' \\ud800 lone \\udfff", "title": "bad \\udc80 title"}\n'
    return [
        ("json/wrong_types.json", json.dumps(wrong).encode(), _ok()),
        ("json/wrong_types_errors.json", json.dumps(wrong[:8]).encode(), _err("expected")),
        ("json/deep.json", b"[" * 200_000 + b"]" * 200_000, _err("nested too deeply")),
        ("json/deep_line.jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", _err("")),
        ("json/surrogates.jsonl", surrogate.encode(), _ok()),
        ("json/number.json", b"42", _err("expected an object")),
        ("json/not_json.json", b"{this is not json", _err("not JSON")),
        ("json/huge_number.json", b'{"text": "' + ARTICLE.encode() + b'", "published": 1' + b"0" * 5000 + b"}", _either()),
    ]


def _csv(_rng: random.Random, _huge: int) -> list[Entry]:
    short = f'title,text,url\nfirst,"{ARTICLE}",http://a.example/1\nonly a title\n,,\nthird,"{ARTICLE} Third."\n'
    return [
        ("csv/no_text_column.csv", b"title,url\nHello,http://a.example\n", _err("no text or html column")),
        ("csv/short_rows.csv", short.encode(), _ok()),
        ("csv/short_rows_errors.csv", b"title,text,url\nonly a title\n", _err("row has no text")),
        ("csv/unterminated_quote.csv", f'text\n"{ARTICLE}\nnext line, never closed'.encode(), _either()),
        ("csv/nul_bytes.csv", f'text,title\n"{ARTICLE}\0 with NUL",t\0\n'.encode(), _ok()),
        ("csv/ragged_delimiters.csv", f"text;title\t,x\n{ARTICLE};a\tb,,,,\n".encode(), _either()),
    ]


def _long(_rng: random.Random, _huge: int) -> list[Entry]:
    words = (ARTICLE + " ") * (2_000_000 // len(ARTICLE))
    return [
        ("long/one_line_2mb.txt", words.replace("\n", " ").encode(), _ok()),
        ("long/no_spaces_4mb.txt", b"x" * 4_000_000, _ok()),
        ("long/over_cap.txt", _Sparse(b"text ", 20 * 1024 * 1024), _err("limit")),
        ("long/field_60mb.csv", b'text\n"' + b"y" * (60 * 1024 * 1024) + b'"\n', _err("")),
        ("long/jsonl_long_line.jsonl", b'{"text": "' + b"z " * 1_000_000 + b'"}\n', _ok()),
    ]


def _odd(_rng: random.Random, _huge: int) -> list[Entry]:
    ansi = f"\x1b]0;pwned\x07\x1b[2J{ARTICLE}\x1b[31m red \x9b31m end".encode()
    return [
        ("odd/terminal_escapes.txt", ansi, _ok()),
        ("odd/control_only.txt", bytes(range(1, 32)) * 10, _err("")),
        ("odd/with_bad_sidecar.txt", ARTICLE.encode(), _err("not valid JSON")),
        ("odd/with_bad_sidecar.meta.json", b"{broken", {"outcome": "sidecar"}),
        ("odd/with_list_sidecar.txt", ARTICLE.encode() + b" Another.", _err("must hold a JSON object")),
        ("odd/with_list_sidecar.meta.json", b"[1, 2]", {"outcome": "sidecar"}),
        ("odd/feed.xml", b"<rss></rss>", _err("unsupported file type")),
        ("odd/good_article.txt", (ARTICLE + " A control article that must be stored.").encode(), _ok()),
    ]


def _unreadable_names(out: Path, manifest: dict[str, Expect]) -> None:
    """A file whose name is not UTF-8, and a symlink loop, where the OS allows."""
    folder = out / "names"
    folder.mkdir(exist_ok=True)
    try:
        raw = os.path.join(os.fsencode(folder), b"caf\xe9-\xff.txt")
        with open(raw, "wb") as handle:
            handle.write((ARTICLE + " Under an undecodable name.").encode())
        manifest[os.fsdecode(raw)[len(str(out)) + 1 :]] = _ok()
    except (OSError, UnicodeError):
        pass
    try:
        (folder / "loop").symlink_to("..", target_is_directory=True)
    except OSError:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    parser.add_argument("--huge-mb", type=int, default=100, help="size of the (sparse) huge HTML page")
    args = parser.parse_args()
    manifest = build(args.out, huge_mb=args.huge_mb)
    print(f"wrote {len(manifest)} files into {args.out / 'corpus'}; expectations in {args.out / 'manifest.json'}")


if __name__ == "__main__":
    main()
