"""Text, ids, URLs and dates from outside, made safe at the door: what is kept, replaced or refused.

Text is cleaned **without changing its length**: every replaced character becomes exactly
one character, so an offset into the cleaned text is the same offset into the text as read
(in code points), and every mention's ``text == article.text[start:end]`` still holds.

- a lone surrogate ("\\ud83d" in a JSON string; it cannot be encoded as UTF-8, so the RDF
  store would fail on it later) becomes U+FFFD, the replacement character;
- NUL and the other control characters (but tab, newline and carriage return), the bidi
  controls (LRM, RLM, ALM, the embeddings, overrides and isolates) and a stray byte-order
  mark become a space: they are invisible, and a space keeps the words around them apart;
- a combining mark with no letter to sit on (at the start, or after a space, a control or
  punctuation: "ٍِالمغرب") becomes a space, so no name starts with one.

Ids are NFKC-normalised (the KELVIN SIGN is K), so ids that differ only by Unicode
compatibility are one id and the duplicate-id check reports them.  URLs are checked and
quoted into valid IRIs; dates must be real dates.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

_SURROGATE = re.compile("[\ud800-\udfff]")
#: invisible characters that carry no text: C0/C1 controls but \t \n \r, DEL, bidi controls, BOM
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: runs that may hold a combining mark: neither word characters (letters, digits) nor spaces
_NOT_WORD = re.compile(r"[^\w\s]+")
#: what a combining mark cannot sit on: nothing, a space, a control, punctuation
_NO_BASE = frozenset("ZCP")

_ISO_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
#: Arabic-Indic and Eastern Arabic-Indic digits, written as ASCII digits in a date
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*$")
#: ASCII characters an IRI may hold as they are (RFC 3987 iunreserved, reserved and "%")
_IRI_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=")
_HEX = frozenset("0123456789abcdefABCDEF")
#: non-ASCII characters an IRI may hold (RFC 3987 ucschar and iprivate)
_UCS_RANGES = ((0xA0, 0xD7FF), (0xE000, 0xFDCF), (0xFDF0, 0xFFEF), *(
    (plane, plane + 0xFFFD) for plane in range(0x10000, 0x110000, 0x10000)))


def clean_text(text: str) -> str:
    """``text`` with lone surrogates, invisible controls and stray combining marks replaced,
    one character for one (see the module docstring); the same string when there are none."""
    text = _SURROGATE.sub("\ufffd", text)
    text = _INVISIBLE.sub(" ", text)
    return _NOT_WORD.sub(lambda m: _base_marks(m.group(), text[m.start() - 1] if m.start() else " "), text)


def _base_marks(run: str, before: str) -> str:
    out = []
    base = unicodedata.category(before)[0] not in _NO_BASE
    for char in run:
        category = unicodedata.category(char)[0]
        if category == "M":
            out.append(char if base else " ")
        else:
            out.append(char)
            base = category not in _NO_BASE
    return "".join(out)


def clean_field(text: str) -> str:
    """A one-line field (title, publisher): cleaned, its runs of white space one space, stripped."""
    return " ".join(clean_text(text).split())


def nfkc_id(raw: str) -> str:
    """The id in Unicode compatibility form, cleaned: "Ｋ-12" and "K-12" (KELVIN SIGN too) are one id."""
    return unicodedata.normalize("NFKC", clean_text(raw))


def check_date(value: str) -> str:
    """``value`` stripped, Arabic-Indic digits as ASCII ones ("٢٠٢٥-٠٣-٠٢" -> "2025-03-02"), when it
    is a real ISO date (YYYY-MM-DD, YYYY-MM or YYYY), else ValueError saying what is wrong."""
    value = value.strip().translate(_DIGITS)
    match = _ISO_DATE.match(value)
    if not match:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError as err:
        raise ValueError(f"date {value!r} is not a real date ({err})") from None
    return value


def check_url(value: str) -> str:
    """``value`` as an absolute IRI: characters an IRI may not hold (spaces, quotes, a bare "%",
    controls) percent-encoded; ValueError when it has no scheme, or no host for http(s)."""
    value = clean_text(value).strip()
    quoted = iri_quote(value)
    try:
        parts = urlsplit(quoted)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as err:
        raise ValueError(f"url {value!r} cannot be parsed ({err})") from None
    if not parts.scheme or not _SCHEME.match(parts.scheme):
        raise ValueError(f"url {value!r} has no scheme; write it as https://...")
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        raise ValueError(f"url {value!r} has no host; write it as https://host/path")
    return quoted


def iri_quote(value: str) -> str:
    """``value`` with every character an IRI may not hold percent-encoded as UTF-8: spaces,
    ``<>"{}|\\^``` ``, controls, a "%" not followed by two hex digits, and non-ASCII
    characters outside RFC 3987's ranges."""
    out: list[str] = []
    for i, char in enumerate(value):
        code = ord(char)
        if char == "%":
            ok = len(value) > i + 2 and value[i + 1] in _HEX and value[i + 2] in _HEX
        elif code < 0x80:
            ok = char in _IRI_ASCII
        else:
            ok = any(lo <= code <= hi for lo, hi in _UCS_RANGES)
        out.append(char if ok else "".join(f"%{b:02X}" for b in char.encode("utf-8", "replace")))
    return "".join(out)
