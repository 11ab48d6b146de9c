"""Fixtures shared by the test modules."""
import itertools

import pytest

from kg.extract.pipeline import Extractor
from kg.model import Article


@pytest.fixture(scope="session")
def extract():
    """``extract(text, date="")``: the shipped extractor on an article of that text (each its own id)."""
    extractor = Extractor()
    counter = itertools.count()

    def run(text: str, date: str = ""):
        return extractor(Article(id=f"t{next(counter)}", text=text, date=date))

    return run
