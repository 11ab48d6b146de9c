"""Locate and load kg's knowledge files under data/ (gazetteers, boilerplate, triggers)."""
from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

from kg.resources import resource_dir


def data_dir() -> Path:
    """The folder holding gazetteers/ and the other knowledge files.

    ``KG_DATA_DIR`` overrides it; by default it is the data/ that kg ships
    (``kg.resources``: the wheel's copy, or the checkout's folder in an editable install)."""
    override = os.environ.get("KG_DATA_DIR")
    path = Path(override) if override else resource_dir("data")
    if not (path / "gazetteers").is_dir():
        where = "KG_DATA_DIR" if override else "the installed kg"
        raise FileNotFoundError(
            f"kg's data folder {path} ({where}) has no gazetteers/; set KG_DATA_DIR to a folder like the "
            "repository's data/, or unset it to use the data kg ships"
        )
    return path


def demo_articles_dir() -> Path:
    """The bundled demo articles (data/articles/ as shipped; KG_DATA_DIR does not move them)."""
    return resource_dir("data") / "articles"


def read_tsv(relative: str) -> list[dict[str, str]]:
    """Rows of a TSV file under data/ (header line; '#' lines are comments)."""
    path = data_dir() / relative
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for number, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise ValueError(f"{path}: row {number} has the wrong number of columns; use one tab between columns")
            rows.append({key: value.strip() for key, value in row.items()})
        return rows


def split_cell(value: str) -> list[str]:
    """The values of a '|'-separated cell."""
    return [part.strip() for part in value.split("|") if part.strip()]


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled page-furniture patterns from data/boilerplate.tsv.

    ``line`` patterns remove the rest of the line they start; ``phrase`` patterns
    remove just the match."""
    patterns = []
    for row in read_tsv("boilerplate.tsv"):
        body = row["pattern"]
        if row["scope"] == "line":
            body = rf"(?m)^[ \t]*(?:{body})[^\n]*"
        patterns.append(re.compile(body))
    return tuple(patterns)
