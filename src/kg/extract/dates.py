"""Dates written in Arabic news, normalised to ISO dates (xsd:date).

Handles Maghrebi (شتنبر، دجنبر), Levantine (كانون الثاني) and Egyptian/Gulf
(سبتمبر) month names, Arabic-Indic digits, ranges ("يومي 3 و4 شتنبر",
"من 4 إلى 7 نونبر", "3-5 مايو") and a year left unsaid or said as "الجاري",
"الماضي", "المقبل", resolved against the article's own date when it is known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from dataclasses import replace

from kg.arabic import normalize
from kg.model import Document, Entity, EntityType, Span

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DAY = r"(\d{1,2})"
_WORD = r"[^\s\d،,.:;؛()]+"


@dataclass(frozen=True)
class DateMention:
    """A date or a range of dates found in the text."""

    span: Span
    start: str  # ISO date
    end: str  # ISO date; equal to start for a single day


def _month_pattern(months: dict[str, int]) -> str:
    names = sorted(months, key=len, reverse=True)
    return "(" + "|".join(re.escape(n) for n in names) + ")"


class DateFinder:
    """Finds dates in text given the month names (normalised name -> 1..12)."""

    def __init__(self, months: dict[str, int]):
        self.months = months
        month = _month_pattern(months)
        year = r"(?:\s+(?:من\s+)?(?:عام|سنه|لعام)?\s*(\d{4})|\s+(الجاري|الحالي|الماضي|المنصرم|المقبل|القادم))?"
        days = (rf"(?:يوم(?:ي)?\s+)?(?:من\s+)?{_DAY}(?:\s*(?:و|-|–|الي|حتي)\s*{_DAY})?")
        self._pattern = re.compile(rf"(?<!\d){days}\s+(?:من\s+)?(?:شهر\s+)?{month}{year}")

    def __call__(self, text: str, article_date: str = "") -> list[DateMention]:
        """Dates in ``text``; offsets index ``text`` itself (normalisation keeps lengths)."""
        folded = _fold(text)
        reference = _parse_iso(article_date)
        found: list[DateMention] = []
        for m in self._pattern.finditer(folded):
            first, second, month_name, year, relative = m.groups()
            month = self.months[month_name]
            y = self._year(year, relative, month, reference)
            if y is None:
                continue
            try:
                start = date(y, month, int(first))
                end = date(y, month, int(second)) if second else start
            except ValueError:
                continue
            if end < start:
                continue
            found.append(DateMention(Span(m.start(), m.end()), start.isoformat(), end.isoformat()))
        return found

    def _year(self, year: str | None, relative: str | None, month: int, reference: date | None) -> int | None:
        if year:
            return int(year)
        if reference is None:
            return None
        if relative in ("الماضي", "المنصرم"):
            return reference.year if month < reference.month else reference.year - 1
        if relative in ("المقبل", "القادم"):
            return reference.year if month > reference.month else reference.year + 1
        return reference.year  # "الجاري", or no year: the article's year


def _fold(text: str) -> str:
    """Same-length matching form: digits to ASCII, letters normalised one by one."""
    return text.translate(_DIGITS).translate(_letter_table())


@lru_cache(maxsize=1)
def _letter_table() -> dict[int, str]:
    """Each Arabic-block character to its normal form when that is one character (أ -> ا, ة -> ه);
    diacritics and the rest stay, so lengths and offsets are kept."""
    table = {}
    for code in range(0x0600, 0x0700):
        folded = normalize(chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


def _parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def date_events(document: Document, entities: tuple[Entity, ...], finder: DateFinder) -> tuple[Entity, ...]:
    """Give each event the date said in a sentence that names it: after the name first
    ("عقد ... يومي 3 و4 شتنبر"), else anywhere in that sentence ("اليوم الأربعاء ١٩ نوفمبر ٢٠٢٥،
    الاجتماع ..."). A date without its year ("الجاري") is read against the article's date, or
    when the file gives none, against the first full date the article states."""
    text = document.article.text
    reference = document.article.date or _first_full_date(text, finder)
    dated: list[Entity] = []
    for ent in entities:
        if ent.type is not EntityType.EVENT:
            dated.append(ent)
            continue
        found = None
        mentions = sorted(ent.mentions, key=lambda m: m.span.start)
        for m in mentions:
            sentence = document.sentences[m.sentence].span
            dates = finder(text[m.span.end:sentence.end], reference)
            if dates:
                found = dates[0]
                break
        if found is None:
            for m in mentions:
                sentence = document.sentences[m.sentence].span
                dates = finder(text[sentence.start:m.span.start], reference)
                if dates:
                    found = dates[-1]
                    break
        dated.append(replace(ent, date_start=found.start, date_end=found.end) if found else ent)
    return tuple(dated)


def _first_full_date(text: str, finder: DateFinder) -> str:
    """The first date in the text that states its year, as ISO; "" when none does."""
    found = finder(text, "")
    return found[0].start if found else ""
