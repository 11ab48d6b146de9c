"""Lemmas from camel-tools' morphological analyser, when a morphology database is installed.

Optional: kg's default path needs no database.  ``available()`` says whether
one is there without raising; ``MorphologyLemmatizer.load()`` reads it (the
builtin calima-msa database that `camel_data -i morphology-db-msa-r13`
installs, or any camel-tools ``.db`` file) and ``lemma()`` gives the
undiacritised lemma of a word's most likely analysis.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.camel_data import CamelDataError, import_camel, install_hint, installed_dataset

#: The camel_data package holding the default (calima-msa-r13) database.
PACKAGE = "morphology-db-msa-r13"
_WHAT = "camel-tools' morphology database"
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
#: Analysis features giving its log-probability, most specific first (calima-msa has all three).
_LOGPROB_FEATURES = ("pos_lex_logprob", "lex_logprob", "pos_logprob")


def default_db_path() -> Path:
    """The builtin database file the catalogue names (raises CamelDataError when nothing is installed)."""
    return installed_dataset("MorphologyDB", PACKAGE, _WHAT) / "morphology.db"


def available(db_path: str | Path | None = None) -> bool:
    """True when the database file (default: the builtin one) is there; never raises, never downloads.

    It does not parse the file: ``MorphologyLemmatizer.load`` does, and reports a bad one.
    """
    try:
        path = Path(db_path) if db_path is not None else default_db_path()
    except CamelDataError:
        return False
    return path.is_file()


class MorphologyLemmatizer:
    """word -> lemma with camel-tools' ``Analyzer``; unknown words are their own lemma."""

    def __init__(self, analyzer, source: str, cache_size: int = 65536):
        self.analyzer = analyzer
        self.source = source
        self._lemma = lru_cache(maxsize=cache_size)(self._lemma_uncached)

    @classmethod
    def load(cls, db_path: str | Path | None = None) -> "MorphologyLemmatizer":
        """Read a camel-tools morphology database: ``db_path``, or the builtin one when None."""
        if db_path is None:
            path = default_db_path()
            if not path.is_file():
                raise CamelDataError(f"{_WHAT} is not installed (no {path}); {install_hint(PACKAGE)}")
        else:
            path = Path(db_path)
            if not path.is_file():
                raise CamelDataError(f"{path}: no morphology database there; give the path of a camel-tools .db "
                                     f"file, or leave it out to use the builtin one (`camel_data -i {PACKAGE}` "
                                     "installs it)")

        def camel_classes():
            from camel_tools.morphology.analyzer import Analyzer
            from camel_tools.morphology.database import MorphologyDB

            return MorphologyDB, Analyzer

        MorphologyDB, Analyzer = import_camel(camel_classes, PACKAGE)
        from camel_tools.morphology.errors import MorphologyError

        try:
            db = MorphologyDB.builtin_db() if db_path is None else MorphologyDB(str(path))
        except (MorphologyError, OSError, UnicodeDecodeError, KeyError, IndexError, ValueError) as exc:
            raise CamelDataError(f"{path}: not a camel-tools morphology database ({type(exc).__name__}: {exc}); "
                                 "give another file, or reinstall the builtin one with "
                                 f"`camel_data -i {PACKAGE}`") from exc
        return cls(Analyzer(db), str(path))

    def lemma(self, word: str) -> str:
        """The undiacritised lemma of the word's most likely analysis ("وزراء" -> "وزير"); the word
        itself when the database does not know it or it has no Arabic letter."""
        return self._lemma(word)

    def cache_info(self):
        return self._lemma.cache_info()

    def _lemma_uncached(self, word: str) -> str:
        if not _ARABIC_LETTER.search(word):
            return word
        analyses = self.analyzer.analyze(word)
        if not analyses:
            return word
        best = max(analyses, key=_log_probability)  # max keeps the first of equals: the database's order
        lex = best.get("lex")
        if not lex:
            return word
        from camel_tools.utils.dediac import dediac_ar

        return dediac_ar(lex)


def _log_probability(analysis: dict) -> float:
    for feature in _LOGPROB_FEATURES:
        value = analysis.get(feature)
        if value is not None:
            try:
                return float(value)
            except (TypeError, ValueError):
                continue
    return float("-inf")
