"""SPARQL over the store: every canned query's rows on a small hand-built dataset, safe parameters, formats."""
from __future__ import annotations

import csv
import gc
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import (
    QueryError, bind_params, canned_queries, compact, format_results, load_query, queries_dir, run_query,
    store_resolver, with_values,
)
from kg.rdf.graph import extraction_to_dataset
from kg.rdf.store import ingest, open_store
from kg.rdf.vocab import PREFIXES
from rdf_fixtures import (
    AMMAN, AMMAN_SENTENCES, AUTHORITY, AWKWARD, BRIEF_SENTENCES, CONFERENCE, FORUM, INSTITUTE, KAMAL, NADIA,
    SALIM, TUNIS, TUNIS_SENTENCES, awkward_extraction, sample_extractions,
)

README = Path(__file__).resolve().parents[1] / "README.md"
P_SALIM, P_NADIA, P_KAMAL = "kgperson:سليم_الحداد", "kgperson:نادية_القاسمي", "kgperson:كمال_بن_يوسف"
O_AUTH, O_INST = "kgorg:arab-water-authority", "kgorg:intl-irrigation-institute"
E_FORUM, E_CONF = "kgevent:منتدى_عمان_للمياه", "kgevent:مؤتمر_تونس_للري"
A_AMMAN, A_TUNIS, A_BRIEF = ("kgarticle:amman-water-forum", "kgarticle:tunis-irrigation-conference",
                            "kgarticle:water-brief")


def build_store(path: Path, extractions) -> Path:
    store = open_store(path)
    ingest(store, extraction_to_dataset(extractions))
    del store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("query") / "store", sample_extractions())


@pytest.fixture(scope="module")
def store(store_dir) -> ox.Store:
    return open_store(store_dir, read_only=True)


def rows(store: ox.Store, name: str, **params: str) -> list[tuple[str, ...]]:
    query = canned_queries()[name]
    results = run_query(store, query, bind_params(query, params, resolve=store_resolver(store)))
    variables = [v.value for v in results.variables]
    return [tuple(compact(solution[v]) for v in variables) for solution in results]


# ---------------------------------------------------------------- the canned queries, row by row

def test_attendance(store):
    assert rows(store, "attendance") == [
        (P_KAMAL, KAMAL, "kg:chaired", E_CONF, CONFERENCE, "1"),
        (P_NADIA, NADIA, "kg:attended", E_CONF, CONFERENCE, "1"),
        (P_SALIM, SALIM, "kg:attended", E_FORUM, FORUM, "1"),
        (P_NADIA, NADIA, "kg:attended", E_FORUM, FORUM, "1"),
    ]


def test_meetings_lists_each_pair_once(store):
    assert rows(store, "meetings") == [
        (P_SALIM, SALIM, P_NADIA, NADIA, "1"),
        (P_KAMAL, KAMAL, P_NADIA, NADIA, "1"),
    ]


def test_cooperation_counts_both_directions_as_one_pair(store):
    # amman says الهيئة cooperates with المعهد, tunis says it the other way round
    assert rows(store, "cooperation") == [(O_AUTH, AUTHORITY, O_INST, INSTITUTE, "2")]


def test_heads(store):
    assert rows(store, "heads") == [
        (P_KAMAL, KAMAL, O_INST, INSTITUTE, "1"),
        (P_SALIM, SALIM, O_AUTH, AUTHORITY, "1"),
    ]


def test_events_by_place_and_date(store):
    assert rows(store, "events") == [
        (E_FORUM, FORUM, "kgloc:amman", AMMAN, "2024-03-10", "2024-03-12", "2"),
        (E_CONF, CONFERENCE, "kgloc:tunis", TUNIS, "2024-06-02", "", "1"),
    ]


def test_top_entities(store):
    assert rows(store, "top-entities") == [
        (O_AUTH, AUTHORITY, "kg:Organization", "3"),
        (P_NADIA, NADIA, "kg:Person", "3"),
        (O_INST, INSTITUTE, "kg:Organization", "2"),
        (E_FORUM, FORUM, "kg:Event", "2"),
        ("kgloc:tunis", TUNIS, "kg:Location", "1"),
        (P_SALIM, SALIM, "kg:Person", "1"),
        ("kgloc:amman", AMMAN, "kg:Location", "1"),
        (P_KAMAL, KAMAL, "kg:Person", "1"),
        (E_CONF, CONFERENCE, "kg:Event", "1"),
    ]


def offsets(sentences: tuple[str, ...], index: int) -> tuple[str, str]:
    begin = sum(len(s) + 1 for s in sentences[:index])
    return str(begin), str(begin + len(sentences[index]))


def test_evidence_answers_which_sentences_in_which_articles_say_x_attended_y(store):
    found = rows(store, "evidence", subject=NADIA, predicate="kg:attended", object=FORUM)
    assert found == [(P_NADIA, NADIA, "kg:attended", E_FORUM, FORUM, AMMAN_SENTENCES[2], A_AMMAN,
                      "انطلاق منتدى عمان للمياه", "2024-03-11", "", *offsets(AMMAN_SENTENCES, 2), "0.9")]
    # part of a name, another spelling, a Latin transliteration, or the IRI: the same rows
    for subject in ("القاسمي", "ناديه القاسمى", "Nadia al-Qasimi", P_NADIA):
        assert rows(store, "evidence", subject=subject, predicate="kg:attended", object="منتدى عمان") == found, subject


def test_evidence_with_only_a_subject_lists_every_fact_about_it_symmetric_ones_from_either_side(store):
    found = [(r[2], r[4], r[5], r[6]) for r in rows(store, "evidence", subject=NADIA)]
    assert found == [
        ("kg:attended", FORUM, AMMAN_SENTENCES[2], A_AMMAN),
        ("kg:metWith", SALIM, AMMAN_SENTENCES[2], A_AMMAN),
        ("kg:attended", CONFERENCE, TUNIS_SENTENCES[1], A_TUNIS),
        ("kg:metWith", KAMAL, TUNIS_SENTENCES[2], A_TUNIS),  # stated as كمال met نادية
        ("kg:memberOf", AUTHORITY, BRIEF_SENTENCES[0], A_BRIEF),
    ]
    assert rows(store, "evidence", subject=NADIA, predicate="kg:heads") == []


# ---------------------------------------------------------------- parameters

def test_query_headers_declare_what_they_answer_and_their_parameters():
    queries = canned_queries()
    assert set(queries) == {"attendance", "meetings", "cooperation", "heads", "events", "evidence", "top-entities"}
    for name, query in queries.items():
        assert len(query.description) > 60, f"queries/{name}.rq needs a header saying what it answers"
        # each parameter is a variable of the query's own VALUES (...) { (UNDEF ...) } block
        block = re.search(r"VALUES \(([^)]*)\) \{ \((\s*UNDEF)+\s*\) \}", query.text)
        assert bool(block) == bool(query.params), name
        if block:
            assert block.group(1).split() == [f"?{p.name}" for p in query.params], name
    evidence = queries["evidence"]
    assert [(p.name, p.type, p.optional) for p in evidence.params] == [
        ("subject", "entity", False), ("predicate", "iri", True), ("object", "entity", True)]


def test_values_fill_the_querys_own_block_or_a_trailing_one():
    evidence = canned_queries()["evidence"]
    filled = with_values(evidence.text, bind_params(evidence, {"subject": P_NADIA, "object": "kgr:x"}))
    assert (f'VALUES (?subject ?predicate ?object) {{ (<https://w3id.org/kg-arabic/id/person/نادية_القاسمي> '
            'UNDEF <https://w3id.org/kg-arabic/id/x>) }') in filled
    assert "UNDEF UNDEF UNDEF" not in filled
    adhoc = with_values("SELECT ?x WHERE { ?x rdfs:label ?name } # the end", {"name": ox.Literal("x")})
    assert adhoc.endswith('# the end\nVALUES (?name) { ("x") }\n')


def test_optional_parameters_narrow_the_listing_queries(store):
    assert rows(store, "attendance", event=CONFERENCE) == [
        (P_KAMAL, KAMAL, "kg:chaired", E_CONF, CONFERENCE, "1"),
        (P_NADIA, NADIA, "kg:attended", E_CONF, CONFERENCE, "1"),
    ]
    assert rows(store, "attendance", attendee=SALIM) == [(P_SALIM, SALIM, "kg:attended", E_FORUM, FORUM, "1")]
    assert rows(store, "heads", organization=AUTHORITY) == [(P_SALIM, SALIM, O_AUTH, AUTHORITY, "1")]
    assert rows(store, "heads", person=P_NADIA) == []


def test_a_name_that_fits_several_entities_or_none_is_an_error_listing_them(store):
    with pytest.raises(QueryError, match="'للمياه' matches 2 entities: .*; give a longer name") as error:
        rows(store, "heads", organization="للمياه")
    assert AUTHORITY in str(error.value) and FORUM in str(error.value)
    with pytest.raises(QueryError, match="no entity matches 'لا أحد'"):
        rows(store, "heads", person="لا أحد")


def test_parameters_are_typed_checked_and_required():
    evidence = canned_queries()["evidence"]
    bound = bind_params(evidence, ["subject=kgr:person/x", "predicate=kg:attended"])
    assert bound["subject"] == ox.NamedNode("https://w3id.org/kg-arabic/id/person/x")
    assert bound["predicate"] == ox.NamedNode("https://w3id.org/kg-arabic/ontology#attended")
    with pytest.raises(QueryError, match="needs --param subject=VALUE"):
        bind_params(evidence, [])
    with pytest.raises(QueryError, match="has no parameter 'who'"):
        bind_params(evidence, ["who=x"])
    with pytest.raises(QueryError, match="not NAME=VALUE"):
        bind_params(evidence, ["subject"])
    with pytest.raises(QueryError, match="not a valid iri"):
        bind_params(evidence, ["subject=kgr:x", "predicate=kg:attended> } #"])


MALICIOUS = [
    'x" } } ; DROP ALL ; #',
    '"@ar . } UNION { ?s ?p ?o } #',
    "x'> } # ",
    "\\u0022 } #",
    AWKWARD + '"',
]


@pytest.fixture(scope="module")
def awkward_store_dir(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("awkward") / "store", sample_extractions() + [awkward_extraction()])


def test_names_with_quotes_brackets_braces_and_hashes_are_only_values(awkward_store_dir):
    store = open_store(awkward_store_dir, read_only=True)
    size = len(store)
    found = rows(store, "evidence", subject=AWKWARD)
    assert [(r[1], r[2], r[4]) for r in found] == [(AWKWARD, "kg:attended", FORUM)]
    assert AWKWARD in found[0][5]
    for value in MALICIOUS:
        with pytest.raises(QueryError, match="no entity matches|not a valid"):
            rows(store, "evidence", subject=value)
    assert len(store) == size


@pytest.mark.parametrize("value", MALICIOUS)
def test_cli_params_never_alter_the_query(awkward_store_dir, value):
    runner = CliRunner()
    base = ["query", "evidence", "--store", str(awkward_store_dir), "--format", "json"]
    result = runner.invoke(main, base + ["--param", f"subject={value}"])
    assert result.exit_code == 1 and "no entity matches" in result.stderr, result.output
    exact = runner.invoke(main, base + ["--param", f"subject={AWKWARD}"])
    [binding] = json.loads(exact.stdout)["results"]["bindings"]
    assert binding["subjectLabel"] == {"type": "literal", "value": AWKWARD}


# ---------------------------------------------------------------- the command

def test_cli_prints_a_table_and_the_sparql_results_formats(store_dir):
    runner = CliRunner()
    table = runner.invoke(main, ["query", "heads", "--store", str(store_dir)])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "person" and SALIM in table.stdout and lines[-1] == "(2 rows)"

    as_csv = runner.invoke(main, ["query", "heads", "--store", str(store_dir), "--format", "csv"])
    records = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["personLabel"] for r in records} == {SALIM, KAMAL}
    assert records[0]["person"].startswith("https://w3id.org/kg-arabic/id/person/")

    as_tsv = runner.invoke(main, ["query", "heads", "--store", str(store_dir), "--format", "tsv"])
    assert as_tsv.stdout.splitlines()[0].split("\t")[:2] == ["?person", "?personLabel"]
    assert f'"{SALIM}"' in as_tsv.stdout

    as_json = json.loads(runner.invoke(main, ["query", "heads", "--store", str(store_dir), "--format", "json"]).stdout)
    assert as_json["head"]["vars"][:2] == ["person", "personLabel"]
    assert len(as_json["results"]["bindings"]) == 2


def test_cli_runs_query_text_and_rq_files_over_the_union_of_graphs(store_dir, tmp_path):
    runner = CliRunner()
    text = "SELECT (COUNT(DISTINCT ?p) AS ?people) WHERE { ?p a kg:Person }"  # kg: is predeclared
    result = runner.invoke(main, ["query", text, "--store", str(store_dir), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["people", "3"]

    rq = tmp_path / "places.rq"
    rq.write_text("# Places.\nSELECT ?label WHERE { ?x a kg:Location ; skos:prefLabel ?label } ORDER BY ?label\n",
                  encoding="utf-8")
    result = runner.invoke(main, ["query", str(rq), "--store", str(store_dir), "--format", "csv"])
    assert result.stdout.split() == ["label", TUNIS, AMMAN]

    ask = runner.invoke(main, ["query", "ASK { ?x kg:heads ?y }", "--store", str(store_dir)])
    assert ask.stdout.strip() == "yes"

    listing = runner.invoke(main, ["query", "--list"])
    assert "evidence:" in listing.stdout and "--param subject=" in listing.stdout


def test_cli_errors_say_how_to_fix_them(store_dir, tmp_path):
    runner = CliRunner()
    cases = [
        (["query", "nosuchquery", "--store", str(store_dir)], "no canned query 'nosuchquery'"),
        (["query", "SELECT nonsense", "--store", str(store_dir)], "SPARQL syntax error"),
        (["query", "heads", "--store", str(tmp_path / "none")], "run `kg build"),
        (["query", "evidence", "--store", str(store_dir)], "needs --param subject=VALUE"),
        (["query", "missing.rq", "--store", str(store_dir)], "no query file missing.rq"),
        (["query", "DELETE WHERE { ?s ?p ?o }", "--store", str(store_dir)], "updates go through kg build"),
    ]
    for args, message in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)


def test_readme_documents_every_canned_query():
    readme = README.read_text(encoding="utf-8")
    for name in canned_queries():
        assert f"`{name}`" in readme, f"README.md should document the canned query {name}"
    assert "--param" in readme


def test_load_query_finds_files_names_and_text():
    assert load_query("heads").name == "heads"
    heads = queries_dir() / "heads.rq"
    assert load_query(str(heads)).text == heads.read_text(encoding="utf-8")
    assert load_query("SELECT * WHERE { ?s ?p ?o }").name == ""
    with pytest.raises(QueryError):
        format_results(None, "xml")


def test_printed_names_paste_back_into_sparql_on_oxigraph_and_rdflib(store):
    """Every IRI a canned query prints is a prefixed name (or <IRI>) that a query accepts as typed."""
    from rdflib import Dataset

    from kg.rdf.store import store_to_dataset

    dataset = store_to_dataset(store)
    printed = {cell for name in ("attendance", "heads", "events", "top-entities", "meetings")
               for row in rows(store, name) for cell in row if cell.startswith(("kgperson:", "kgorg:", "kgevent:", "kgloc:", "kgarticle:"))}
    assert "kgorg:arab-water-authority" in printed and "kgperson:نادية_القاسمي" in printed
    for name in sorted(printed):
        text = f"SELECT ?p WHERE {{ {name} ?p ?o }} LIMIT 1"
        assert list(run_query(store, text)), name
        assert list(dataset.query(text, initNs=dict(PREFIXES))), name
