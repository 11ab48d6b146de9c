"""Read article files (.txt, .jsonl, .html) into ``Article`` objects and mark page furniture.

Bad inputs never stop a batch: each one becomes an ``InputError`` naming the
file and saying how to fix it, and the caller decides what to do with it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from kg.arabic import has_arabic
from kg.data import boilerplate_patterns
from kg.model import Article, Span

#: Article files larger than this are refused (a news article is a few KB).
MAX_ARTICLE_BYTES = 2_000_000
#: JSON Lines files are streamed; each line is one article and obeys MAX_ARTICLE_BYTES.
MAX_JSONL_BYTES = 500_000_000
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’,;:!?\- ]{25,}[A-Za-z!?.]")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SAFE_ID = re.compile(r"[^\w\-.]+", re.UNICODE)


@dataclass(frozen=True)
class InputError(Exception):
    """One input that could not be read, with the reason and the fix."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


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
        return InputError(str(path), "is a symbolic link to nothing (broken or looping); fix or remove the link")
    return InputError(str(path), "no such file or folder (or it vanished while kg was reading); check the path")


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
            yield InputError(str(item), "vanished while kg was reading it; check nothing else moves the inputs")
        except OSError as err:
            yield InputError(str(item), f"cannot be read ({err.strerror or err}); check its permissions")


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "is empty; remove it or add the article text")
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            str(path),
            f"is {size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} allowed for one article; "
            "split it into one file per article or use .jsonl",
        )
    return path.read_bytes()


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise InputError(where, "looks binary (it contains NUL bytes); give a UTF-8 text, .jsonl or .html file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            where,
            f"is not valid UTF-8 (byte {err.start}); re-save it as UTF-8, e.g. `iconv -f CP1256 -t UTF-8`",
        ) from None


def _checked(article: Article) -> Article:
    if not article.text.strip():
        raise InputError(article.source, f"article {article.id!r} has no text")
    if not has_arabic(article.text):
        raise InputError(article.source, f"article {article.id!r} holds no Arabic text; kg reads Arabic news only")
    return replace(article, removed=find_boilerplate(article.text))


def _read_txt(path: Path) -> Article:
    data = _read_bytes(path)
    if _HTML_START.match(data[:512]):
        raise InputError(str(path), "looks like an HTML page; rename it to .html so kg extracts its main text")
    text = _decode(data, str(path))
    return _checked(Article(id=article_id(path.stem), text=text, source=str(path)))


def _read_html(path: Path) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html = _decode(_read_bytes(path), str(path))
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise InputError(str(path), "has no article text that could be extracted; is it a news article page?")
    meta = trafilatura.extract_metadata(html)
    return _checked(Article(
        id=article_id(path.stem),
        text=text,
        source=str(path),
        title=(meta.title or "") if meta else "",
        date=(meta.date or "") if meta and _ISO_DATE.match(meta.date or "") else "",
        url=(meta.url or "") if meta else "",
        publisher=(meta.sitename or "") if meta else "",
    ))


def _read_jsonl(path: Path) -> Iterator[Article | InputError]:
    size = path.stat().st_size
    if size == 0:
        yield InputError(str(path), "is empty; add one JSON object per line")
        return
    if size > MAX_JSONL_BYTES:
        yield InputError(str(path), f"is {size:,} bytes, more than {MAX_JSONL_BYTES:,}; split it")
        return
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                if len(raw) > MAX_ARTICLE_BYTES:
                    raise InputError(where, f"line is {len(raw):,} bytes, more than {MAX_ARTICLE_BYTES:,}")
                record = json.loads(_decode(raw, where))
                yield _checked(_article_from_record(record, where))
            except json.JSONDecodeError as err:
                yield InputError(where, f"is not valid JSON ({err.msg}); write one JSON object per line")
            except InputError as err:
                yield err


def _article_from_record(record: object, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(where, "is not a JSON object; write {\"id\": ..., \"text\": ...}")
    missing = [key for key in ("id", "text") if not record.get(key)]
    if missing:
        raise InputError(where, f"lacks {' and '.join(missing)}; each line needs \"id\" and \"text\"")
    fields = {key: str(record.get(key) or "") for key in ("title", "date", "url")}
    if fields["date"] and not _ISO_DATE.match(fields["date"]):
        raise InputError(where, f"has date {fields['date']!r}; write it as YYYY-MM-DD")
    return Article(
        id=article_id(str(record["id"])),
        text=str(record["text"]),
        source=where.rsplit(":", 1)[0],
        publisher=str(record.get("source") or ""),
        **fields,
    )


def article_id(raw: str) -> str:
    """A file-system- and IRI-friendly article id (letters, digits, ``-``, ``_``, ``.``)."""
    cleaned = _SAFE_ID.sub("-", raw.strip()).strip("-.")
    if not cleaned:
        raise InputError(raw, "gives an empty article id; name the file or the JSON id with letters or digits")
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
