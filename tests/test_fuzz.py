"""Hostile inputs through the whole flow (tests/fuzz_cases.py): ingest -> extraction -> RDF -> scorer JSON -> store.

No exception but InputError, every mention's text is ``article.text[start:end]``, the RDF parses
back, the JSON loads back.  Deterministic (derandomize): the same 200 cases every run.
bench/fuzz.py runs the same cases by the ten thousand.
"""
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_cases import check_case, make_case


@pytest.fixture(scope="module")
def extractor():
    from kg.extract.pipeline import Extractor

    return Extractor()


@settings(max_examples=200, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rng=st.randoms(use_true_random=False))
def test_hostile_inputs_give_input_errors_or_sound_output(extractor, rng):
    case = make_case(rng)
    with tempfile.TemporaryDirectory() as folder:
        outcome = check_case(case, Path(folder), extractor)
    assert not outcome.exceptions, outcome.exceptions[0]
    assert not outcome.violations, outcome.violations[:3]
