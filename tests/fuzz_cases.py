"""Hostile inputs and the invariants every one must keep, for tests/test_fuzz.py and bench/fuzz.py.

``make_case(rng)`` draws one case from a ``random.Random``: a few files (``.txt`` bytes in
UTF-8, UTF-16, cp1256 or raw, and ``.jsonl`` lines with random ids, titles, urls and dates)
whose texts mix Arabic words (from the bundled data/articles, not the evaluation set),
punctuation, Arabic-Indic digits, Latin words, emoji, combining marks, lone surrogates,
bidi controls, NUL and random code points.

``check_case(case, folder, extractor)`` writes the files to ``folder`` and runs them the
way ``kg build`` does: kg.ingest.read_articles -> Extractor -> kg.rdf.graph.extraction_to_dataset
-> TriG serialised and parsed back -> the scorer's JSON (kg.records.extraction_record) dumped
and loaded back -> kg.rdf.store.ingest into an in-memory Oxigraph store.  It returns an
``Outcome``: the input errors by reason, and every exception other than InputError and every
broken invariant (a mention whose text is not ``article.text[start:end]``, a lone surrogate left in
an article, an ill-typed literal, RDF that does not parse back, JSON that does not load back or
differs, an input error of more than one line).
"""
from __future__ import annotations

import json
import random
import re
import traceback
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PUNCTUATION = list(".،؛؟!:«»()-\"'…") + ["\n", "\n\n", " - ", "، "]
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_WORDS = ["Interpol", "Rabat", "the", "minister", "visited", "UN", "2025", "Thank you for reading this post"]
EMOJI = ["😀", "🇲🇦", "👍🏽", "1️⃣", "❤️", "🤝"]
MARKS = [chr(c) for c in (*range(0x064B, 0x0653), 0x0670, 0x0300, 0x0301, 0x0308, 0x20DD, 0xFE0F)]
SURROGATES = ["\ud83d", "\ude00", "\udc80", "\ud800"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"]
CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\r", "\t", "\x0b", "\u2028"]
URLS = ["https://example.org/news/1", "http://example.org/a b", "https://example.org/100%", "example.org/x",
        "https://exa mple.org/", "http://:80/", "https://example.org:port/", "mailto:info@example.org",
        "https://مثال.مغرب/خبر?id=٣", "javascript:alert(1)", "https://example.org/%zz", "ftp://x/\u200f",
        "https://example.org/\ud83d", "https://[::1]/", "https://[bad/", ""]
DATES = ["2025-03-02", "2024-13-45", "2023-02-29", "2024-02-29", "2024", "2024-06", "0000-01-01", "2025-3-2",
         "02/03/2025", "٢٠٢٥-٠٣-٠٢", "", "2025-03-02T10:00:00", "9999-12-31"]


@lru_cache(maxsize=1)
def arabic_words() -> tuple[str, ...]:
    """The Arabic words of the bundled articles (data/articles), each once, in order of first use."""
    words: dict[str, None] = {}
    for path in sorted((ROOT / "data" / "articles").iterdir()):
        if path.suffix in (".txt", ".jsonl", ".html"):
            for word in re.findall(r"[\u0621-\u064a]+", path.read_text(encoding="utf-8")):
                words.setdefault(word, None)
    return tuple(words)


def random_text(rng: random.Random, pieces: int | None = None) -> str:
    words = arabic_words()
    out: list[str] = []
    for _ in range(rng.randint(0, 120) if pieces is None else pieces):
        kind = rng.random()
        if kind < 0.62:
            piece = rng.choice(words)
        elif kind < 0.74:
            piece = rng.choice(PUNCTUATION)
        elif kind < 0.77:
            piece = "".join(rng.choice(ARABIC_DIGITS) for _ in range(rng.randint(1, 4)))
        elif kind < 0.80:
            piece = rng.choice(LATIN_WORDS)
        elif kind < 0.83:
            piece = rng.choice(EMOJI)
        elif kind < 0.88:
            piece = "".join(rng.choice(MARKS) for _ in range(rng.randint(1, 3)))
        elif kind < 0.91:
            piece = rng.choice(SURROGATES)
        elif kind < 0.94:
            piece = rng.choice(BIDI)
        elif kind < 0.96:
            piece = rng.choice(CONTROLS)
        else:
            piece = chr(rng.randrange(0x110000))
        glue = rng.random()
        # glued to the word before (a mark or a surrogate inside a word), or after a space
        out.append(piece if glue < 0.25 else " " + piece)
    return "".join(out)


def _string_or_junk(rng: random.Random, value: str) -> object:
    roll = rng.random()
    if roll < 0.04:
        return rng.choice([None, 12, 3.5, True, ["x"], {"a": 1}])
    if roll < 0.12:
        return random_text(rng, rng.randint(0, 4))
    return value


def _record(rng: random.Random, text: str, n: int) -> object:
    if rng.random() < 0.03:
        return rng.choice([[1, 2], "just a string", 42, None])
    record: dict[str, object] = {"id": _string_or_junk(rng, rng.choice(
        [f"item-{n}", f"my_article_{n}", "K-dup", "\u212a-dup", f"ｒｅｐｏｒｔ{n}", f"a b/{n}", "..", f"\ud83d{n}", "-"])),
        "text": _string_or_junk(rng, text)}
    for key, pool in (("title", None), ("url", URLS), ("date", DATES), ("source", None)):
        if rng.random() < 0.6:
            value = rng.choice(pool) if pool else random_text(rng, rng.randint(0, 6))
            record[key] = _string_or_junk(rng, value)
    return record


def _encode(rng: random.Random, text: str) -> bytes:
    roll = rng.random()
    if roll < 0.7:
        return text.encode("utf-8", "surrogatepass" if rng.random() < 0.1 else "replace")
    if roll < 0.8:
        return text.encode("utf-16", "surrogatepass")
    if roll < 0.9:
        return text.encode("cp1256", "replace")
    data = bytearray(text.encode("utf-8", "replace"))
    for _ in range(rng.randint(1, 4)):  # a few broken bytes
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


@dataclass(frozen=True)
class Case:
    files: tuple[tuple[str, bytes], ...]  # (file name, content)


def make_case(rng: random.Random) -> Case:
    """One case: one to three files, each a .txt or a .jsonl of one to three lines."""
    files = []
    for n in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            name = rng.choice([f"t{n}.txt", f"my_article_{n}.txt", f"K{n}.txt", f"\u212a{n}.txt", f"ٍِ{n}.txt"])
            files.append((name, _encode(rng, random_text(rng))))
        else:
            lines = []
            for k in range(rng.randint(1, 3)):
                # escaped (\ud83d in the JSON: the lone surrogates reach the text), or UTF-8 bytes,
                # now and then with the surrogates encoded as they are (not valid UTF-8)
                line = json.dumps(_record(rng, random_text(rng), k), ensure_ascii=rng.random() < 0.7)
                lines.append(line.encode("utf-8", "surrogatepass") if rng.random() < 0.1
                             else line.encode("utf-8", "replace"))
            files.append((f"b{n}.jsonl", b"\n".join(lines) + b"\n"))
    return Case(tuple(files))


@dataclass
class Outcome:
    articles: int = 0
    input_errors: Counter = field(default_factory=Counter)  # reason kind -> count
    exceptions: list[str] = field(default_factory=list)  # anything but InputError, with its traceback
    violations: list[str] = field(default_factory=list)  # broken invariants


def reason_kind(reason: str) -> str:
    """An input error's reason without its particulars (quoted values, numbers), to count by."""
    reason = re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|\d[\d,.]*", "_", reason)
    return " ".join(reason.split()[:7])


def check_case(case: Case, folder: Path, extractor) -> Outcome:
    """Write ``case`` into ``folder`` (which must be empty) and run it through ingest, extraction,
    RDF, the scorer's JSON and the store; see the module docstring."""
    from kg.ingest import InputError, read_articles

    outcome = Outcome()
    for name, data in case.files:
        (folder / name).write_bytes(data)
    extractions = []
    seen: set[str] = set()
    try:
        for item in read_articles([folder]):
            if isinstance(item, InputError):
                _input_error(outcome, item)
                continue
            if item.id in seen:  # as kg build does: the second article with an id is an input error
                _input_error(outcome, InputError(item.source, f"article id {item.id!r} already used; rename one"))
                continue
            seen.add(item.id)
            try:
                extraction = extractor(item)
            except InputError as err:
                _input_error(outcome, err)
                continue
            outcome.articles += 1
            _check_extraction(extraction, outcome)
            extractions.append(extraction)
        if extractions:
            _check_outputs(extractions, outcome)
    except InputError as err:
        _input_error(outcome, err)
    except Exception:  # noqa: BLE001 - what the fuzzing looks for
        outcome.exceptions.append(traceback.format_exc(limit=-6))
    return outcome


def _input_error(outcome: Outcome, err) -> None:
    text = str(err)
    if "\n" in text:
        outcome.violations.append(f"input error of more than one line: {text!r}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        outcome.violations.append(f"input error that cannot be written as UTF-8: {text!r}")
    outcome.input_errors[reason_kind(err.reason)] += 1


def _check_extraction(extraction, outcome: Outcome) -> None:
    article = extraction.article
    for value in (article.id, article.text, article.title, article.url, article.publisher, article.source):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            outcome.violations.append(f"article {article.id!r}: a field holds a lone surrogate: {value[:40]!r}")
    for entity in extraction.entities:
        for m in entity.mentions:
            written = article.text[m.span.start:m.span.end]
            # the one form kg gives on purpose: the span "لأنتربول" of "للأنتربول" reads "الأنتربول", the
            # alef of ال restored (kg.extract.phrases.restore_article); the offsets are still the text's
            if written != m.text and not (written.startswith("ل") and m.text == "ا" + written):
                outcome.violations.append(f"article {article.id!r}: mention {m.text!r} is not text[{m.span.start}:"
                                          f"{m.span.end}] = {article.text[m.span.start:m.span.end]!r}")
            if not m.text.strip():
                outcome.violations.append(f"article {article.id!r}: empty mention at {m.span}")
    for rel in extraction.relations:
        if rel.evidence.end > len(article.text):
            outcome.violations.append(f"article {article.id!r}: evidence {rel.evidence} past the text")


def _check_outputs(extractions, outcome: Outcome) -> None:
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.rdf.graph import extraction_to_dataset
    from kg.rdf.store import article_graphs, ingest
    from kg.records import extraction_record

    dataset = extraction_to_dataset(extractions, include_text=True)
    trig = dataset.serialize(format="trig")
    back = Dataset()
    back.parse(data=trig, format="trig")
    if sum(1 for _ in back.quads()) != sum(1 for _ in dataset.quads()):
        outcome.violations.append("the TriG does not parse back to as many quads")
    for extraction in extractions:
        record = extraction_record(extraction)
        text = json.dumps(record, ensure_ascii=False)
        text.encode("utf-8")
        if json.loads(text) != record:
            outcome.violations.append(f"article {extraction.article.id!r}: the scorer JSON does not load back the same")
    for _, _, obj, _ in dataset.quads():
        if getattr(obj, "ill_typed", False):
            outcome.violations.append(f"an ill-typed literal in the RDF: {obj!r}")
    store = ox.Store()
    ingest(store, dataset)
    stored = set(article_graphs(store))
    wanted = {e.article.id for e in extractions}
    if stored != wanted:
        outcome.violations.append(f"the store holds articles {sorted(stored)}, not {sorted(wanted)}")
