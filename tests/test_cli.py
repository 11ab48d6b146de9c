"""The `kg` command: build and extract over files and folders, with bad inputs in the batch."""
import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main

ARTICLE_A = ("الرباط - استقبل المدير العام للأمن الوطني، السيد كريم بنعلي، أمس بالرباط وفدا من الأنتربول "
             "برئاسة مدير إدارة العمليات. وبحث الجانبان سبل تعزيز التعاون بين المغرب والمنظمة.")
ARTICLE_B = ("تونس - شارك وزير الداخلية التونسي في الدورة الحادية والأربعين لمجلس وزراء الداخلية العرب "
             "التي عقدت في مدينة تونس بمشاركة ممثلين عن الأنتربول وجامعة الدول العربية.")


@pytest.fixture()
def batch(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-rabat.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-tunis.txt").write_text(ARTICLE_B, encoding="utf-8")
    (folder / "d-binary.txt").write_bytes(bytes(range(256)))
    return folder


def test_build_writes_rdf_json_and_html_and_reports_bad_inputs(batch, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(batch), "--out", str(out)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 2
    assert any("b-empty.txt" in e and "empty" in e for e in errors)
    assert any("d-binary.txt" in e for e in errors)
    for name in ("graph.trig", "graph.ttl", "extractions.json", "graph.html"):
        assert (out / name).stat().st_size > 0
    records = json.loads((out / "extractions.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["a-rabat", "c-tunis"]
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    graph_names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert any(n.endswith("graph/a-rabat") for n in graph_names)
    assert any(n.endswith("graph/c-tunis") for n in graph_names)
    assert "articles: 2" in result.stdout and "graph.html" in result.stdout


def test_a_failed_rebuild_keeps_what_was_built(batch, tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(main, ["build", str(batch), "--out", str(out)])
    before = (out / "graph.trig").read_bytes()
    result = CliRunner().invoke(main, ["build", str(batch / "b-empty.txt"), "--out", str(out)])
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert (out / "graph.trig").read_bytes() == before


def test_extract_prints_the_scorers_format(batch):
    result = CliRunner().invoke(main, ["extract", str(batch / "a-rabat.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["id"] == "a-rabat"
    ids = {e["id"] for e in record["entities"]}
    for ent in record["entities"]:
        assert ent["type"] in {"PERSON", "ORGANIZATION", "LOCATION", "EVENT", "DATE"}
        assert ent["label"] and ent["mentions"]
    assert record["relations"], "the article states relations"
    for rel in record["relations"]:
        assert rel["subject"] in ids and rel["object"] in ids
        assert 0 < rel["confidence"] <= 1
        assert rel["evidence"] and rel["evidence"] in ARTICLE_A


def test_every_command_has_help():
    for command in main.commands.values():
        result = CliRunner().invoke(main, [command.name, "--help"])
        assert result.exit_code == 0 and command.help and len(result.output) > 100


def test_python_dash_m_kg_runs():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "build" in result.stdout


def _conll_labels(output: str) -> list[list[tuple[str, str]]]:
    return [[tuple(line.split("\t")) for line in block.splitlines()] for block in output.split("\n\n") if block]


def test_ner_conll_labels_every_token_in_order(tmp_path):
    conll = tmp_path / "sentences.conll"
    conll.write_text("التقى\tX\nالوزير\tX\nالمصري\tX\nنظيره\tX\nالفرنسي\tX\nفي\tX\nباريس\tX\n\n"
                     "وقال O\nرئيس O\nالوزراء O\nالياباني O\nشينزو O\nآبي O\n.\tO\n\n\nوصل\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ner", "--conll", str(conll)])
    assert result.exit_code == 0, result.output
    sentences = _conll_labels(result.stdout)
    assert [[t for t, _ in s] for s in sentences] == [
        ["التقى", "الوزير", "المصري", "نظيره", "الفرنسي", "في", "باريس"],
        ["وقال", "رئيس", "الوزراء", "الياباني", "شينزو", "آبي", "."], ["وصل"]]
    assert result.stdout.count("\n\n") == 2 and result.stdout.endswith("\n")
    labels = [label for s in sentences for _, label in s]
    assert set(labels) <= {"B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "O"}
    first, second, _ = (dict(s) for s in sentences)
    assert first["المصري"] == first["الفرنسي"] == "O", "a country adjective is not a name"
    assert first["باريس"] == "B-LOC"
    assert second["الياباني"] == "O" and second["شينزو"] == "B-PERS" and second["آبي"] == "I-PERS"


def test_ner_conll_bad_file_is_one_line_naming_it(tmp_path):
    empty = tmp_path / "empty.conll"
    empty.write_bytes(b"")
    cp1256 = tmp_path / "cp1256.conll"
    cp1256.write_bytes("باريس O\n".encode("cp1256"))
    for path, reason in [(empty, "empty"), (cp1256, "not UTF-8"), (tmp_path / "missing.conll", "no such file")]:
        result = CliRunner().invoke(main, ["ner", "--conll", str(path)])
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert line.startswith("kg: error:") and str(path) in line and reason in line
        assert result.stdout == ""


def test_ner_without_the_model_says_how_to_train_it(tmp_path):
    conll = tmp_path / "one.conll"
    conll.write_text("باريس\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ner", "--conll", str(conll), "--model", str(tmp_path / "none.crfsuite")])
    assert result.exit_code == 1
    assert "none.crfsuite" in result.stderr and "python scripts/train_ner.py" in result.stderr


def test_every_output_describes_the_whole_store_after_a_build_of_another_folder(tmp_path):
    """kg build A, then kg build B into the same folder: files, page, viz and query all hold A and B."""
    first, second, out = tmp_path / "first", tmp_path / "second", tmp_path / "out"
    first.mkdir()
    second.mkdir()
    (first / "a-rabat.txt").write_text(ARTICLE_A, encoding="utf-8")
    (second / "c-tunis.txt").write_text(ARTICLE_B, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(first), "--out", str(out)]).exit_code == 0
    result = runner.invoke(main, ["build", str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "articles: 2" in result.stdout

    records = json.loads((out / "extractions.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["a-rabat", "c-tunis"]
    assert any(e["label"] == "كريم بنعلي" for e in records[0]["entities"])
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    graphs = {str(g.identifier).rsplit("/", 1)[-1] for g in dataset.graphs() if "/graph/" in str(g.identifier)}
    assert graphs == {"a-rabat", "c-tunis"}
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "كريم بنعلي" in page and "a-rabat" in page and "c-tunis" in page

    query = runner.invoke(main, ["query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }",
                                 "--store", str(out / "store"), "--format", "csv"])
    assert query.stdout.split() == ["n", "2"]
    viz = runner.invoke(main, ["viz", str(out / "extractions.json"), "--focus", "بنعلي",
                               "--out", str(tmp_path / "view.html")])
    assert viz.exit_code == 0, viz.output


def test_a_build_too_big_to_draw_shows_the_most_connected_part_of_its_whole_graph(tmp_path, monkeypatch):
    """The page of a big build draws what `kg viz` would draw of its extractions.json at the same limit,
    in the same order, says how big the whole graph is, and the summary counts the whole graph."""
    import re

    import kg.export.html
    from kg.export.network import read_graph_json
    from kg.export.views import most_connected_view

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-rabat.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "c-tunis.txt").write_text(ARTICLE_B, encoding="utf-8")
    whole = None
    for limit in (4, 1500):
        monkeypatch.setattr(kg.export.html, "MAX_NODES", limit)
        out = tmp_path / f"out-{limit}"
        result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])
        assert result.exit_code == 0, result.output
        whole = read_graph_json(out / "extractions.json")
        page = (out / "graph.html").read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S).group(1))
        drawn = most_connected_view(whole, limit)
        assert [n["id"] for n in data["nodes"]] == list(drawn.nodes)
        assert len(data["edges"]) == drawn.number_of_edges()
        named = {a for _, d in drawn.nodes(data=True) for a in d["articles"]}
        assert f"المقالات: {len(named)}</p>" in page  # the articles that name what the page draws
        assert f"entities: {whole.number_of_nodes()} (distinct" in result.output
        assert f"relations: {whole.number_of_edges()} distinct" in result.output
        if limit == 4:
            assert whole.number_of_nodes() > 4 and data["whole"] == {"nodes": whole.number_of_nodes(),
                                                                  "edges": whole.number_of_edges()}
        else:
            assert data["whole"] is None and len(data["nodes"]) == whole.number_of_nodes()


def test_a_rebuilt_extractions_json_gives_the_page_the_build_gave(tmp_path):
    """The records read back from the store rebuild the same graph as the extraction itself."""
    from kg.export.network import extractions_to_graph, graph_from_records
    from kg.extract.pipeline import Extractor
    from kg.ingest import read_articles

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-rabat.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "c-tunis.txt").write_text(ARTICLE_B, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out")]).exit_code == 0
    records = json.loads((tmp_path / "out" / "extractions.json").read_text(encoding="utf-8"))
    extractor = Extractor()
    direct = extractions_to_graph([extractor(a) for a in read_articles([str(folder)])])
    rebuilt = graph_from_records(records)
    assert {n: (d["type"], d["label"], d["articles"]) for n, d in rebuilt.nodes(data=True)} == \
        {n: (d["type"], d["label"], d["articles"]) for n, d in direct.nodes(data=True) if d["type"] != "DATE"}
    assert sorted(rebuilt.edges(keys=True)) == sorted(direct.edges(keys=True))
