"""camel-tools' data-driven parts through the real camel-tools classes, on a tiny BERT NER model and a
tiny morphology database built here, and the errors when the data is not installed.

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
from kg.extract.camel_ner import LABELS, CamelBertRecognizer, to_iob2
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
ARTICLE = ("الرباط - استقبل المدير العام للأمن الوطني، السيد كريم بنعلي، أمس بالرباط وفدا من الأنتربول "
           "برئاسة مدير إدارة العمليات.")


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


# ---------------------------------------------------------------- a tiny BERT NER model

#: Each word piece's embedding is a unit vector on its own axis ("other" pieces share axis 15); with the
#: attention and feed-forward outputs zeroed, the encoder passes LayerNorm(embedding) through, and the
#: classifier maps the axis of each listed piece to its label, all else to O.  So the labels camel-tools
#: predicts are known in advance, and the mapping and repair code meets B-MISC, I-MISC and stray I- labels.
PIECE_LABELS = {"محمد": "B-PERS", "علي": "I-PERS", "الرباط": "B-LOC", "الشرطة": "I-ORG",
                "الاولمبياد": "B-MISC", "الصيفي": "I-MISC"}
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *PIECE_LABELS, "زار", "##ي", "امس", "و"]
OTHER_AXIS = 15


def build_tiny_ner_model(folder: Path, labels: list[str] | None = None) -> Path:
    import torch
    from camel_tools.ner import NERecognizer
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    labels = labels or NERecognizer.labels()
    folder.mkdir(parents=True, exist_ok=True)
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=256,
                        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})
    model = BertForTokenClassification(config)
    axes = {piece: axis for axis, piece in enumerate(PIECE_LABELS)}
    with torch.no_grad():
        embeddings = model.bert.embeddings
        embeddings.word_embeddings.weight.zero_()
        embeddings.position_embeddings.weight.zero_()
        embeddings.token_type_embeddings.weight.zero_()
        for index, piece in enumerate(VOCAB):
            embeddings.word_embeddings.weight[index, axes.get(piece, OTHER_AXIS)] = 1.0
        layer = model.bert.encoder.layer[0]
        for dense in (layer.attention.output.dense, layer.output.dense):
            dense.weight.zero_()
            dense.bias.zero_()
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        if "O" in labels:
            model.classifier.bias[labels.index("O")] = 5.0
        for piece, label in PIECE_LABELS.items():
            if label in labels:
                model.classifier.weight[labels.index(label), axes[piece]] = 10.0
    model.save_pretrained(folder)
    BertTokenizer(str(vocab_file), do_lower_case=False).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_ner_model(camel_home, tmp_path_factory) -> Path:
    return build_tiny_ner_model(tmp_path_factory.mktemp("ner") / "tiny-camelbert")


SENTENCES = [
    ["زار", "محمد", "علي", "الرباط", "امس"],
    ["الشرطة", "و", "الاولمبياد", "الصيفي"],
    ["الرباط", "علي"],
    ["محمدي", "كتاب"],
    ["محمد", "\u200f", "علي"],
    [],
]


def _is_iob2(labels: list[str]) -> bool:
    return all(label == "O" or label.startswith("B-") or (i and labels[i - 1][2:] == label[2:])
               for i, label in enumerate(labels))


@pytest.mark.slow
def test_camelbert_labels_are_kgs_iob2_over_each_word(tiny_ner_model):
    recognizer = CamelBertRecognizer.load(tiny_ner_model)
    from camel_tools.ner import NERecognizer

    assert isinstance(recognizer.camel_recognizer, NERecognizer)
    # what camel-tools itself predicts: MISC, and I- labels that start an entity
    raw = recognizer.camel_recognizer.predict([SENTENCES[1], SENTENCES[2]])
    assert raw == [["I-ORG", "O", "B-MISC", "I-MISC"], ["B-LOC", "I-PERS"]]

    tagged = recognizer.tag(SENTENCES)
    assert [len(labels) for labels in tagged] == [len(words) for words in SENTENCES]
    assert all(set(labels) <= set(LABELS) and _is_iob2(labels) for labels in tagged)
    assert tagged == [
        ["O", "B-PERS", "I-PERS", "B-LOC", "O"],
        ["B-ORG", "O", "O", "O"],         # I- without B- starts the entity; MISC is dropped
        ["B-LOC", "B-PERS"],              # I-PERS after a place starts a person
        ["B-PERS", "O"],                  # the word's first piece (محمد + ##ي) decides; unknown word -> O
        ["B-PERS", "O", "B-PERS"],        # a mark with no word piece keeps its slot, as O
        [],
    ]
    assert recognizer.tag([]) == []


@pytest.mark.slow
def test_the_pretrained_model_is_found_through_camel_tools_catalogue(camel_home, tiny_ner_model):
    installed = camel_home / "data" / "ner" / "arabert"
    with pytest.raises(CamelDataError) as missing:
        CamelBertRecognizer.load()
    assert "camel_data -i ner-arabert" in str(missing.value) and "CAMELTOOLS_DATA" in str(missing.value)
    shutil.copytree(tiny_ner_model, installed)
    try:
        recognizer = CamelBertRecognizer.load()
        assert recognizer.source == str(installed)
        assert recognizer.tag([SENTENCES[0]]) == [["O", "B-PERS", "I-PERS", "B-LOC", "O"]]
    finally:
        shutil.rmtree(camel_home / "data" / "ner")


@pytest.mark.slow
def test_a_model_without_camel_labels_is_refused(camel_home, tmp_path):
    folder = build_tiny_ner_model(tmp_path / "not-ner", labels=["LABEL_0", "LABEL_1"])
    with pytest.raises(CamelDataError, match=r"not-ner: the model's labels \['LABEL_0', 'LABEL_1'\] have no 'O'"):
        CamelBertRecognizer.load(folder)


def test_a_folder_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(CamelDataError, match=r"empty: no BERT model there \(config.json missing\)"):
        CamelBertRecognizer.load(tmp_path / "empty")


def test_to_iob2_maps_camel_labels_and_repairs_stray_inside_labels():
    assert to_iob2(["B-PERS", "I-PERS", "I-PERS", "O"]) == ["B-PERS", "I-PERS", "I-PERS", "O"]
    assert to_iob2(["I-LOC", "I-LOC"]) == ["B-LOC", "I-LOC"]
    assert to_iob2(["B-ORG", "I-LOC"]) == ["B-ORG", "B-LOC"]
    assert to_iob2(["B-MISC", "I-MISC", "I-ORG"]) == ["O", "O", "B-ORG"]
    assert to_iob2(["B-PER", "I-PER", "E-LOC", "weird"]) == ["B-PERS", "I-PERS", "O", "O"]
    assert to_iob2([]) == []


# ---------------------------------------------------------------- the command line

def _kg(args: list[str], data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], env=_offline_env(data), capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize("command", ["extract", "build"])
def test_ner_camelbert_without_installed_data_fails_with_one_line_naming_the_fix(command, tmp_path):
    article = tmp_path / "a-rabat.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = _kg([command, str(article), "--ner", "camelbert", *(["--out", str(out)] if command == "build" else [])],
                 tmp_path / "no-camel-data")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kg: error: ")
    assert "camel_data -i ner-arabert" in result.stderr and "CAMELTOOLS_DATA" in result.stderr
    assert result.stdout == "" and not out.exists()


def test_camel_model_needs_ner_camelbert_and_an_existing_folder(tmp_path):
    article = tmp_path / "a-rabat.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = _kg(["extract", str(article), "--camel-model", str(tmp_path)], tmp_path / "no-camel-data")
    assert result.returncode == 1 and "--ner camelbert" in result.stderr and result.stderr.count("\n") == 1
    result = _kg(["extract", str(article), "--ner", "camelbert", "--camel-model", str(tmp_path / "nope")],
                 tmp_path / "no-camel-data")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert f"{tmp_path / 'nope'}: no BERT model there" in result.stderr


def test_the_default_rules_path_imports_no_camel_data_or_torch(tmp_path):
    article = tmp_path / "a-rabat.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code = ("import sys\n"
            "from click.testing import CliRunner\n"
            "from kg.cli import main\n"
            f"result = CliRunner().invoke(main, ['extract', {str(article)!r}])\n"
            "assert result.exit_code == 0, result.output\n"
            "print(sorted(m for m in ('torch', 'transformers', 'camel_tools.data') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], env=_offline_env(tmp_path / "no-camel-data"),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_ner_camelbert_hands_the_loaded_model_to_the_extractor(tiny_ner_model, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main
    from kg.extract import pipeline

    seen = []

    class RecordingExtractor(pipeline.Extractor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seen.append(self.recognizers)

    monkeypatch.setattr(pipeline, "Extractor", RecordingExtractor)
    article = tmp_path / "a-rabat.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article), "--ner", "camelbert",
                                       "--camel-model", str(tiny_ner_model)])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["id"] == "a-rabat"
    [(recognizer,)] = seen
    assert isinstance(recognizer, CamelBertRecognizer) and recognizer.source == str(tiny_ner_model)
    result = CliRunner().invoke(main, ["extract", str(article)])
    from kg.extract.learned_ner import LearnedRecognizer
    assert result.exit_code == 0 and [type(r) for r in seen[-1]] == [LearnedRecognizer]  # the default: kg's CRF
    result = CliRunner().invoke(main, ["extract", str(article), "--ner", "rules"])
    assert result.exit_code == 0 and seen[-1] == ()


def test_cue_words_match_by_their_lemma_when_the_morphology_database_is_given(camel_home, tmp_path):
    """"سيلتقي" is no cue word in triggers.tsv; its lemma "التقى" is: with the analyser the meeting is found."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.extract.pipeline import Extractor
    from kg.model import Article

    db = tmp_path / "future.db"
    db.write_text(MORPHOLOGY_DB.replace("ي\tIV3MS\t", "سي\tIV3MS\tdiac:سَيَ bw:سَ/FUT+يَ/IV3MS gloss:will+he\n"
                                        "ي\tIV3MS\t"), encoding="utf-8")
    lemmatizer = MorphologyLemmatizer.load(db)
    assert lemmatizer.lemma("سيلتقي") == "التقى"
    text = "سيلتقي وزير الداخلية سامي فهمي نظيره التونسي كمال العربي في تونس."
    article = Article(id="m1", text=text)

    def met(extraction):
        names = {e.id: e.label for e in extraction.entities}
        return {(names[r.subject], names[r.object]) for r in extraction.relations if r.predicate == "metWith"}

    assert ("سامي فهمي", "كمال العربي") in met(Extractor(recognizers=(), lemmatizer=lemmatizer)(article))
    assert ("سامي فهمي", "كمال العربي") not in met(Extractor(recognizers=())(article))
    path = tmp_path / "m1.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--ner", "rules", "--morphology", str(db)])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    labels = {e["id"]: e["label"] for e in record["entities"]}
    assert any(r["predicate"] == "metWith" and {labels[r["subject"]], labels[r["object"]]} == {"سامي فهمي", "كمال العربي"}
               for r in record["relations"])
    missing = CliRunner().invoke(main, ["extract", str(path), "--morphology", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "none.db" in missing.stderr
