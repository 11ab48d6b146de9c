#!/usr/bin/env python3
"""Build data/gazetteers/given_names.tsv from labelled corpora and a general list.

    python scripts/derive_given_names.py [CORPORA_DIR]

CORPORA_DIR (default: ../shared/corpora next to the repository) holds the corpora in
``token LABEL...`` lines, a blank line between sentences:

- anercorp/train.txt (ANERcorp, CC BY-SA 4.0): labels B-PERS / I-PERS;
- newsfane_gold/NewsFANE_Gold_clean.conll (NewsFANE Gold, CC BY-SA 3.0): fine-grained
  person labels (Politician, Athlete, Artist, Other_PER ...);
- wojood_sample/{train,val,test}.txt (Wojood sample, MIT): nested labels, any column.

The first token of every person span of two tokens or more is a candidate given name.
Candidates seen at least twice in one corpus are kept unless they are titles, name
particles, function words, gazetteer names, single letters, or words on the stoplist
below; a leading proclitic (و ل ب ف) is dropped (ومحمد -> محمد, لأبي -> أبي) when the
rest is itself a candidate, a known name or an excluded word.  The corpora are read, never copied: only the list of names is written.
data/gazetteers/sources/given_names_general.tsv (general knowledge) is merged in.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT / "data" / "gazetteers"
OUTPUT = GAZETTEERS / "given_names.tsv"
GENERAL = GAZETTEERS / "sources" / "given_names_general.tsv"
MIN_COUNT = 2

NEWSFANE_PERSON = {"Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                   "Businessperson", "Lawyer", "Engineer"}

# First tokens of person spans that are not given names, or are given names that are also
# frequent ordinary words in news text (judgement, see the README).
STOPLIST = set("""
أمين امين الأمين نور أمل إيمان حياة وفاء رجاء نجاح سلام سلامة طالب نصر شمس سهل آية اية جميل
جميلة فرح رحمة بشرى عزة ندى صفاء دعاء سحر خميس تركي صوفيا جورجيا ليون لي بان كي دان بو فان
دا دون دي دو ديل فون سيدي مولاي لالة شيخ سيد صديق ريت تيني دام قو قوه تشن آق كولو جار
فيلار صلاد كامبوسيا بسر انوش أريادني ارياد لبيونج سوراكيارت بارادورن جاينثا شاركو
فيم جينسون روبنز كيني فيفي روبي أوبرا اوبرا من ل ب س ف ابا أبا اسقف أسقف خلف روي امنية أمنية لفرانس
""".split())

_PROCLITICS = ("و", "ل", "ب", "ف")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_MALE_IN_TEH_MARBUTA = {"حمزة", "أسامة", "اسامة", "معاوية", "خليفة", "سلامة", "عطية", "طلحة", "عبيدة",
                        "قتيبة", "عكرمة", "حذيفة", "جبلة", "عنترة", "ربيعة", "مسلمة", "حمودة"}


def fold(word: str) -> str:
    """The matcher's normal form of one word, approximately."""
    return _DIACRITICS.sub("", word).translate(_FOLD)


def read_tokens(path: Path) -> list[list[str] | None]:
    """One entry per line: [token, label, ...] or None at a sentence break."""
    rows: list[list[str] | None] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            rows.append(parts if parts and parts[0] != "$#$" else None)
    return rows


def first_tokens(rows: list[list[str] | None], begins, inside) -> Counter[str]:
    """First tokens of person spans longer than one token."""
    counts: Counter[str] = Counter()
    for i, row in enumerate(rows[:-1]):
        following = rows[i + 1]
        if row and following and any(begins(label) for label in row[1:]) \
                and any(inside(label) for label in following[1:]):
            counts[row[0]] += 1
    return counts


def corpus_candidates(corpora: Path) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    anercorp = corpora / "anercorp" / "train.txt"
    if anercorp.exists():
        found["anercorp"] = first_tokens(read_tokens(anercorp), lambda l: l == "B-PERS", lambda l: l == "I-PERS")
    newsfane = corpora / "newsfane_gold" / "NewsFANE_Gold_clean.conll"
    if newsfane.exists():
        found["newsfane"] = first_tokens(
            read_tokens(newsfane),
            lambda l: l.startswith("B-") and l[2:] in NEWSFANE_PERSON,
            lambda l: l.startswith("I-") and l[2:] in NEWSFANE_PERSON)
    wojood = Counter()
    for split in ("train", "val", "test"):
        path = corpora / "wojood_sample" / f"{split}.txt"
        if path.exists():
            wojood += first_tokens(read_tokens(path), lambda l: l == "B-PERS", lambda l: l == "I-PERS")
    if wojood:
        found["wojood"] = wojood
    if not found:
        raise SystemExit(f"no corpus found under {corpora}; pass the corpora folder as the first argument")
    return found


def read_tsv_column(path: Path, column: int) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    return [line.split("\t")[column] for line in lines[1:]]


def excluded_words() -> set[str]:
    """Folded words that are not given names: titles, particles, function words, gazetteer names."""
    words = {fold(w) for w in STOPLIST}
    for phrase in read_tsv_column(GAZETTEERS / "titles.tsv", 0):
        words.add(fold(phrase.split()[0]))
    words |= {fold(p) for p in read_tsv_column(GAZETTEERS / "family_name_particles.tsv", 0)}
    function_words = ROOT / "data" / "lexicon" / "function_words.txt"
    if function_words.exists():
        with function_words.open(encoding="utf-8") as fh:
            words |= {fold(w.strip()) for w in fh if w.strip() and not w.startswith("#")}
    entities = GAZETTEERS / "entities.tsv"
    if entities.exists():
        with entities.open(encoding="utf-8") as fh:
            lines = [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]
        for cells in lines[1:]:
            for name in [cells[3], *cells[4].split("|"), *cells[9].split("|")]:
                if name and " " not in name.strip():
                    words.add(fold(name.strip()))
    return words


def guess_gender(name: str) -> str:
    if name.endswith("ة") and name not in _MALE_IN_TEH_MARBUTA:
        return "f"
    return "u"


def derive(corpora: Path) -> list[tuple[str, str, str]]:
    general = []
    with GENERAL.open(encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        name, gender, _group = line.split("\t")
        general.append((name, gender))
    gender_of = {fold(name): gender for name, gender in general}

    excluded = excluded_words()
    rows: dict[str, tuple[str, str, str]] = {}  # folded -> (name, gender, source)
    for name, gender in general:
        rows.setdefault(fold(name), (name, gender, "general"))
    for source, counts in corpus_candidates(corpora).items():
        merged: Counter[str] = Counter()
        known = {fold(t) for t in counts} | set(gender_of) | excluded
        for token, count in counts.items():
            if token[:1] in _PROCLITICS and len(token) > 3 and fold(token[1:]) in known:
                token = token[1:]
            merged[token] += count
        for token, count in merged.items():
            key = fold(token)
            if count < MIN_COUNT or len(key) < 2 or not _ARABIC_WORD.match(token) or key in excluded:
                continue
            if key in rows:
                name, gender, sources = rows[key]
                if source not in sources.split("|"):
                    rows[key] = (name, gender, f"{sources}|{source}")
            else:
                rows[key] = (token, gender_of.get(key, guess_gender(token)), source)
    return sorted(rows.values(), key=lambda row: (row[2].split("|")[0] != "general", row[0]))


HEADER = """\
# Given names (first words of person names).  GENERATED by scripts/derive_given_names.py:
# general knowledge (sources/given_names_general.tsv) merged with the first tokens of person
# names that occur at least twice in labelled corpora (ANERcorp, NewsFANE Gold, Wojood
# sample; see README.md for credits and licences).  Re-run the script rather than editing.
# gender: m | f | u (unknown).  source: general and/or the corpora the name was seen in.
"""


def main(argv: list[str]) -> int:
    corpora = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpora"
    rows = derive(corpora)
    lines = [HEADER.rstrip("\n"), "name\tgender\tsource"]
    lines += ["\t".join(row) for row in rows]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_source = Counter(source for _, _, source in rows)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(rows)} names")
    for source, count in sorted(by_source.items()):
        print(f"  {source}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
