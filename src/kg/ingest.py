"""Read article files (.txt, .jsonl, .html) into ``Article`` objects and mark page furniture.

Bad inputs never stop a batch: each one becomes an ``InputError`` naming the
file and saying how to fix it, and the caller decides what to do with it.

Bytes are read as UTF-8, as UTF-16 when a byte-order mark says so, and as Windows
Arabic (cp1256) only when that gives clearly Arabic text; anything else is refused.
Text, titles and publishers are cleaned by ``kg.hygiene.clean_text`` (lone surrogates,
controls, bidi marks, stray combining marks), which keeps the length, so offsets still
point into the text as read.  Ids are NFKC-normalised; a JSON Lines url must be an
absolute URL (it is quoted into a valid IRI) and a date a real date, else the line is
refused; an HTML page's metadata that fails these checks is left out.
"""
from __future__ import annotations

import codecs
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from kg.arabic import has_arabic
from kg.data import boilerplate_patterns
from kg.hygiene import check_date, check_url, clean_field, clean_text, nfkc_id
from kg.model import Article, Span

#: Article files larger than this are refused (a news article is a few KB).
MAX_ARTICLE_BYTES = 2_000_000
#: JSON Lines files are streamed; each line is one article and obeys MAX_ARTICLE_BYTES.
MAX_JSONL_BYTES = 500_000_000
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

#: a text that starts with one of these tags, or holds _HTML_TAGS tags, is an HTML page
_HTML_START = re.compile(
    r"^\s*<(!doctype|!--|\?xml|html|head|body|div|p|span|article|section|main|header|nav|table|meta|link|"
    r"script|style|h[1-6]|ul|ol|li|a|img|br|form|iframe)[\s>/]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_HTML_TAGS = 10
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’,;:!?\- ]{25,}[A-Za-z!?.]")
_SAFE_ID = re.compile(r"[^\w\-.]+", re.UNICODE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@dataclass(unsafe_hash=True)  # not frozen: unpickling an exception sets its __cause__ and traceback
class InputError(Exception):
    """One input that could not be read, with the reason and the fix."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __reduce__(self):
        # sent back by a worker process (or a Dask worker, whose tblib also sends its cause): rebuilt
        # from its fields, which Exception's own pickling would not pass to the constructor
        return type(self), (self.path, self.reason)


def find_article_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files to read: each path itself, or the article files inside a folder (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() not in SUFFIXES or child.is_dir():
                    continue
                yield child if child.is_file() else _missing(child)
        elif path.is_file():
            yield path
        else:
            yield _missing(path)


def _missing(path: Path) -> InputError:
    """Why a named path is not a readable file: a broken or looping link, or nothing there (any more)."""
    if path.is_symlink():
        return InputError(_display(path), "is a symbolic link to nothing (broken or looping); fix or remove the link")
    return InputError(_display(path), "no such file or folder (or it vanished while kg was reading); check the path")


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Every article found under ``paths``, or an ``InputError`` per bad input."""
    for item in find_article_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            suffix = item.suffix.lower()
            if suffix == ".jsonl":
                yield from _read_jsonl(item)
            elif suffix in (".html", ".htm"):
                yield _read_html(item)
            else:
                yield _read_txt(item)
        except InputError as err:
            yield err
        except FileNotFoundError:
            yield InputError(_display(item), "vanished while kg was reading it; check nothing else moves the inputs")
        except OSError as err:
            yield InputError(_display(item), f"cannot be read ({err.strerror or err}); check its permissions")


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError(_display(path), "is empty; remove it or add the article text")
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            _display(path),
            f"is {size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} allowed for one article; "
            "split it into one file per article or use .jsonl",
        )
    return path.read_bytes()


def _decode(data: bytes, where: str) -> str:
    """UTF-8 (a BOM allowed), UTF-16 with a BOM, or Windows Arabic (cp1256) when that reads as
    clearly Arabic text; else one InputError saying how to re-save the file."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(where, f"starts with a UTF-16 byte-order mark but is not valid UTF-16 (byte {err.start}); "
                                    "re-save it as UTF-8") from None
    if b"\x00" in data:
        raise InputError(where, "looks binary (it contains NUL bytes); give a UTF-8 text, .jsonl or .html file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text = data.decode("cp1256")
        if _clearly_arabic(text):
            return text
        raise InputError(
            where,
            f"is not valid UTF-8 (byte {err.start}), nor UTF-16 with a byte-order mark, nor Windows Arabic "
            "(cp1256) text; re-save it as UTF-8, e.g. `iconv -f CP1256 -t UTF-8`",
        ) from None


def _clearly_arabic(text: str) -> bool:
    """Text read as cp1256 is taken when most of its letters are Arabic, and not the ط/ظ soup that
    UTF-8 Arabic with a broken byte gives (its lead bytes D8, D9 are ط, ظ in cp1256)."""
    letters = sum(1 for char in text if char.isalpha())
    arabic = len(_ARABIC_LETTER.findall(text))
    soup = text.count("ط") + text.count("ظ")
    return arabic >= 20 and arabic >= 0.6 * letters and soup < 0.2 * arabic


def _looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_START.match(head)) or sum(1 for _ in zip(range(_HTML_TAGS), _HTML_TAG.finditer(text))) >= _HTML_TAGS


def _display(path: Path) -> str:
    """The path as text that can be written anywhere: undecodable bytes of a file name (lone surrogates
    in ``str(path)``) become U+FFFD; everything else is kept, so the path still names the file."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _checked(article: Article) -> Article:
    article = replace(article, text=clean_text(article.text), title=clean_field(article.title),
                      publisher=clean_field(article.publisher))
    if not article.text.strip():
        raise InputError(article.source, f"article {article.id!r} has no text")
    if not has_arabic(article.text):
        raise InputError(article.source, f"article {article.id!r} holds no Arabic text; kg reads Arabic news only")
    return replace(article, removed=find_boilerplate(article.text))


def _read_txt(path: Path) -> Article:
    data = _read_bytes(path)
    text = _decode(data, _display(path))
    if _looks_like_html(text):
        raise InputError(_display(path), "looks like an HTML page; rename it to .html so kg extracts its main text")
    return _checked(Article(id=article_id(path.stem), text=text, source=_display(path)))


def _read_html(path: Path) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html = _decode(_read_bytes(path), _display(path))
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise InputError(_display(path), "has no article text that could be extracted; is it a news article page?")
    meta = trafilatura.extract_metadata(html)
    return _checked(Article(
        id=article_id(path.stem),
        text=text,
        source=_display(path),
        title=(meta.title or "") if meta else "",
        date=_or_nothing(check_date, meta.date) if meta and meta.date else "",
        url=_or_nothing(check_url, meta.url) if meta and meta.url else "",
        publisher=(meta.sitename or "") if meta else "",
    ))


def _or_nothing(check, value: str) -> str:
    """A page's metadata value when it passes ``check``; else nothing (the page is still read)."""
    try:
        return check(value)
    except ValueError:
        return ""


def _read_jsonl(path: Path) -> Iterator[Article | InputError]:
    size = path.stat().st_size
    if size == 0:
        yield InputError(_display(path), "is empty; add one JSON object per line")
        return
    if size > MAX_JSONL_BYTES:
        yield InputError(_display(path), f"is {size:,} bytes, more than {MAX_JSONL_BYTES:,}; split it")
        return
    with path.open("rb") as fh:
        utf16 = fh.read(2) in _UTF16_BOMS
        fh.seek(0)
        lines: Iterable[bytes | str] = io.TextIOWrapper(fh, encoding="utf-16", errors="strict") if utf16 else fh
        number = 0
        try:
            for number, raw in enumerate(lines, start=1):
                yield from _jsonl_line(raw, f"{_display(path)}:{number}")
        except UnicodeDecodeError as err:
            yield InputError(f"{_display(path)}:{number + 1}", f"is not valid UTF-16 ({err.reason}); "
                                                               "re-save the file as UTF-8")


def _jsonl_line(raw: bytes | str, where: str) -> Iterator[Article | InputError]:
    if not raw.strip():
        return
    try:
        if len(raw) > MAX_ARTICLE_BYTES:
            raise InputError(where, f"line is {len(raw):,} bytes, more than {MAX_ARTICLE_BYTES:,}")
        record = json.loads(raw if isinstance(raw, str) else _decode(raw, where))
        yield _checked(_article_from_record(record, where))
    except json.JSONDecodeError as err:
        yield InputError(where, f"is not valid JSON ({err.msg}); write one JSON object per line")
    except RecursionError:
        yield InputError(where, "is JSON nested too deeply to read; write one flat JSON object per line")
    except InputError as err:
        yield err


_TEXT_FIELDS = ("title", "date", "url", "source")


def _article_from_record(record: object, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(where, "is not a JSON object; write {\"id\": ..., \"text\": ...}")
    missing = [key for key in ("id", "text") if not record.get(key)]
    if missing:
        raise InputError(where, f"lacks {' and '.join(missing)}; each line needs \"id\" and \"text\"")
    if not isinstance(record["text"], str):
        raise InputError(where, f"has a {type(record['text']).__name__} as \"text\"; write the article text as a string")
    if not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool):
        raise InputError(where, f"has a {type(record['id']).__name__} as \"id\"; write the id as a string")
    fields = {}
    for key in _TEXT_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"has a {type(value).__name__} as {key!r}; write it as a string or leave it out")
        fields[key] = value or ""
    try:
        day = check_date(fields["date"]) if fields["date"].strip() else ""
        url = check_url(fields["url"]) if fields["url"].strip() else ""
    except ValueError as err:
        raise InputError(where, f"has {err}; fix it or leave it out") from None
    return Article(
        id=article_id(str(record["id"]), where),
        text=record["text"],
        source=where.rsplit(":", 1)[0],
        title=fields["title"],
        date=day,
        url=url,
        publisher=fields["source"],
    )


def article_id(raw: str, where: str = "") -> str:
    """A file-system- and IRI-friendly article id (letters, digits, ``-``, ``_``, ``.``), NFKC-normalised
    so that ids differing only by Unicode compatibility ("K" and the KELVIN SIGN) are one id, which
    the duplicate-id check then reports.  The id is the suffix of its graph's IRI as it is
    (kg.rdf.graph.article_graph_iri)."""
    cleaned = raw
    for _ in range(5):  # NFKC of what the substitution left can give more to substitute: repeat until stable
        step = _SAFE_ID.sub("-", nfkc_id(cleaned).strip()).strip("-.")
        if step == cleaned:
            break
        cleaned = step
    if not cleaned:
        raise InputError(where or clean_text(raw), "gives an empty article id; name the file or the JSON id with letters or digits")
    return cleaned


def find_boilerplate(text: str) -> tuple[Span, ...]:
    """Spans of page furniture: known phrases (data/boilerplate.tsv) and runs of
    Latin-script prose glued into the Arabic article, such as
    "Thank you for reading this post, don't forget to subscribe!"."""
    spans: list[Span] = []
    for pattern in boilerplate_patterns():
        spans.extend(Span(m.start(), m.end()) for m in pattern.finditer(text))
    for match in _LATIN_RUN.finditer(text):
        if len(match.group().split()) >= 4:
            spans.append(Span(match.start(), match.end()))
    return _merge(spans)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return tuple(merged)
