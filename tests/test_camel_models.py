"""camel-tools' data-driven parts through the real camel-tools classes, on a tiny morphology database
built here, and the errors when the data is not installed.

No test touches the network: camel-tools reads CAMELTOOLS_DATA when camel_tools.data is first imported
and downloads catalogue.json only when that folder lacks it, so the module fixture points it at a temporary
folder holding a catalogue before anything imports camel_tools.data; subprocesses get the same folder, or
one without a catalogue (which kg checks before importing camel-tools).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.camel_data import CamelDataError
from kg.morphology import MorphologyLemmatizer, available

#: camel-tools' own catalogue layout: components -> datasets -> paths under <CAMELTOOLS_DATA>/data.
CATALOGUE = {
    "version": "1.6",
    "packages": {},
    "components": {
        "MorphologyDB": {"default": "calima-msa-r13",
                         "datasets": {"calima-msa-r13": {"path": "morphology_db/calima-msa-r13"}}},
        "NamedEntityRecognition": {"default": "arabert", "datasets": {"arabert": {"path": "ner/arabert"}}},
    },
}


def _offline_env(data: Path) -> dict[str, str]:
    return {**os.environ, "CAMELTOOLS_DATA": str(data), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "HOME": str(data.parent)}


@pytest.fixture(scope="module")
def camel_home(tmp_path_factory):
    """A camel-tools data folder with a catalogue and nothing installed yet; CAMELTOOLS_DATA names it."""
    home = tmp_path_factory.mktemp("camel_data")
    (home / "catalogue.json").write_text(json.dumps(CATALOGUE), encoding="utf-8")
    catalogue_module = sys.modules.get("camel_tools.data.catalogue")
    if catalogue_module is not None and Path(catalogue_module.CT_DATA_DIR) != home:
        pytest.fail(f"camel_tools.data was imported earlier in this run with data folder "
                    f"{catalogue_module.CT_DATA_DIR}: a test imported it without a catalogue of its own")
    saved = {k: os.environ.get(k) for k in ("CAMELTOOLS_DATA", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HOME")}
    os.environ.update(_offline_env(home))
    os.environ["HOME"] = str(tmp_path_factory.mktemp("home"))  # camel-tools creates ~/.camel_tools on import
    yield home
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


# ---------------------------------------------------------------- a tiny morphology database

#: camel-tools' .db text format (see camel_tools/morphology/database.py): feature definitions, defaults,
#: then prefixes, suffixes and stems (form TAB category TAB features) and the three compatibility tables.
#: Stems are keyed by their normalised undiacritised form; "امن" has two readings, the less likely first.
MORPHOLOGY_DB = """###DEFINES###
DEFINE pos pos:noun pos:verb pos:digit pos:punc
DEFINE diac diac:*open*
DEFINE lex lex:*open*
DEFINE bw bw:*open*
DEFINE gloss gloss:*open*
DEFINE pos_lex_logprob pos_lex_logprob:*open*
###DEFAULTS###
DEFAULT pos:noun diac:* lex:* bw:* gloss:* pos_lex_logprob:*
DEFAULT pos:digit diac:* lex:* bw:* gloss:* pos_lex_logprob:*
DEFAULT pos:punc diac:* lex:* bw:* gloss:* pos_lex_logprob:*
###ORDER###
ORDER pos diac lex bw gloss pos_lex_logprob
###TOKENIZATIONS###
###STEMBACKOFF###
###PREFIXES###
\tPref-0\tdiac: bw: gloss:
ال\tPref-Al\tdiac:ال bw:ال/DET gloss:the
ي\tIV3MS\tdiac:يَ bw:يَ/IV3MS gloss:he
###SUFFIXES###
\tSuff-0\tdiac: bw: gloss:
###STEMS###
وزراء\tN\tpos:noun diac:وُزَراء lex:وَزِير_1 bw:وُزَراء/NOUN gloss:ministers pos_lex_logprob:-3.2
لتقي\tIV\tpos:verb diac:لْتَقِي lex:اِلْتَقَى_1 bw:لْتَقِي/IV gloss:meet pos_lex_logprob:-4.0
امن\tPV\tpos:verb diac:آمَن lex:آمَن_1 bw:آمَن/PV gloss:believe pos_lex_logprob:-5.5
امن\tN\tpos:noun diac:أَمْن lex:أَمْن_1 bw:أَمْن/NOUN gloss:security pos_lex_logprob:-2.0
###TABLE AB###
Pref-0 N
Pref-0 PV
Pref-Al N
IV3MS IV
###TABLE BC###
N Suff-0
PV Suff-0
IV Suff-0
###TABLE AC###
Pref-0 Suff-0
Pref-Al Suff-0
IV3MS Suff-0
"""


@pytest.fixture(scope="module")
def morphology_db(camel_home, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("morphology") / "tiny.db"
    path.write_text(MORPHOLOGY_DB, encoding="utf-8")
    return path


def test_lemmas_come_from_the_database_analysis(morphology_db):
    from camel_tools.morphology.analyzer import Analyzer

    lemmatizer = MorphologyLemmatizer.load(morphology_db)
    assert isinstance(lemmatizer.analyzer, Analyzer)
    assert lemmatizer.lemma("يلتقي") == "التقى"       # prefix ي + imperfect stem -> the perfect-tense lemma
    assert lemmatizer.lemma("وزراء") == "وزير"        # broken plural -> singular
    assert lemmatizer.lemma("الوزراء") == "وزير"      # with the article
    assert lemmatizer.lemma("وُزَرَاء") == "وزير"      # diacritised input
    assert lemmatizer.lemma("امن") == "أمن"           # the more likely of two readings, not the first listed
    assert lemmatizer.lemma("كتاب") == "كتاب"         # unknown to the database: itself
    assert lemmatizer.lemma("Interpol") == "Interpol"
    assert lemmatizer.lemma("2024") == "2024"
    before = lemmatizer.cache_info().hits
    assert lemmatizer.lemma("يلتقي") == "التقى"
    assert lemmatizer.cache_info().hits == before + 1


def test_the_builtin_database_is_found_through_camel_tools_catalogue(camel_home, morphology_db):
    installed = camel_home / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db"
    assert not available()
    with pytest.raises(CamelDataError) as missing:
        MorphologyLemmatizer.load()
    assert "camel_data -i morphology-db-msa-r13" in str(missing.value) and str(installed) in str(missing.value)
    installed.parent.mkdir(parents=True)
    shutil.copy(morphology_db, installed)
    try:
        assert available()
        lemmatizer = MorphologyLemmatizer.load()
        assert lemmatizer.source == str(installed)
        assert lemmatizer.lemma("الوزراء") == "وزير"
    finally:
        shutil.rmtree(camel_home / "data" / "morphology_db")


def test_a_missing_or_broken_database_file_is_a_clear_error(camel_home, tmp_path):
    missing = tmp_path / "nowhere.db"
    assert available(missing) is False
    with pytest.raises(CamelDataError, match="nowhere.db: no morphology database there"):
        MorphologyLemmatizer.load(missing)
    broken = tmp_path / "broken.db"
    broken.write_text("###DEFINES###\nthis is not a definition\n", encoding="utf-8")
    assert available(broken)  # the probe does not parse; load does
    with pytest.raises(CamelDataError, match=r"broken\.db: not a camel-tools morphology database"):
        MorphologyLemmatizer.load(broken)


def test_without_camel_data_the_probe_says_no_and_nothing_is_imported_or_fetched(tmp_path):
    code = ("import sys\n"
            "from kg import morphology\n"
            "from kg.camel_data import CamelDataError\n"
            "print(morphology.available())\n"
            "try:\n"
            "    morphology.MorphologyLemmatizer.load()\n"
            "except CamelDataError as exc:\n"
            "    print(exc)\n"
            "print('camel_tools.data' in sys.modules)\n")
    empty = tmp_path / "no-camel-data"
    result = subprocess.run([sys.executable, "-c", code], env=_offline_env(empty), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    probe, error, imported = result.stdout.splitlines()
    assert probe == "False" and imported == "False"
    assert "camel_data -i morphology-db-msa-r13" in error and str(empty) in error and "CAMELTOOLS_DATA" in error
    assert not empty.exists()
