"""The notebooks in notebooks/ run top to bottom on a demo build, and find what they should.

The notebooks hold no test plumbing: each test runs one with ``KG_BUILD``
naming a build of the bundled articles, then appends (in memory only) a cell
that prints the notebook's findings as JSON, and reads that output.  The kernel
is ``python3`` from this environment (ipykernel is in the ``test`` extra;
jupyter_client starts it with this interpreter), which the appended cell
confirms by printing ``sys.prefix``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_explore", "02_who_meets_whom", "03_sparql"]


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory) -> Path:
    from kg.cli import main

    out = tmp_path_factory.mktemp("demo-build")
    result = CliRunner().invoke(main, ["build", str(ROOT / "data" / "articles"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _run(name: str, summary: str, build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Execute the notebook from its own folder on ``build``, then the ``summary`` expression; its JSON."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("KG_BUILD", str(build))
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        f"import json as _json, sys as _sys\nprint(_json.dumps({{**({summary}), 'python': _sys.prefix, "
        "'figures': len(__import__('matplotlib.pyplot').pyplot.get_fignums())}, ensure_ascii=False, default=str))"))
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    last = notebook.cells[-1]
    text = "".join(out.get("text", "") for out in last.outputs if out.output_type == "stream" and out.name == "stdout")
    found = json.loads(text)
    assert found["python"] == sys.prefix, "the notebook ran in another Python than this environment's"
    images = sum(1 for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
                 if "image/png" in out.get("data", {}))
    return {**found, "images": images}


def test_every_notebook_is_listed_and_stored_without_outputs():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    for name in NAMES:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata.kernelspec.name == "python3"
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code), f"{name}: clear the outputs"
        heading = notebook.cells[0].source.splitlines()[0]
        assert heading.startswith("# ") and any("\u0600" <= c <= "\u06ff" for c in heading), \
            f"{name}: the first cell should be an Arabic and English heading"


def test_notebooks_open_the_build_and_hold_no_test_plumbing():
    for name in NAMES:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert "analysis.open_build()" in code, f"{name}: open the user's build"
        for plumbing in ("json.dumps", "sys.prefix", "assert ", "def find_root", "build_dataset(", "tempfile"):
            assert plumbing not in code, f"{name}: {plumbing!r} is test plumbing, not analysis"


@pytest.mark.slow
def test_01_explore_opens_the_build_and_finds_central_actors(demo_build, tmp_path, monkeypatch):
    summary = _run("01_explore", """{
        "entities": graph.number_of_nodes(), "relations": graph.number_of_edges(),
        "types": {row.type: int(row.entities) for row in by_type.itertuples()},
        "predicates": {row.predicate: int(row.relations) for row in by_predicate.itertuples()},
        "top_actors": actors["label_ar"].head(5).tolist(), "relation_rows": len(tables["relations"]),
        "page_bytes": page.stat().st_size, "build": str(BUILD)}""", demo_build, tmp_path, monkeypatch)
    assert summary["build"] == str(demo_build)
    assert set(summary["types"]) == {"PERSON", "ORGANIZATION", "LOCATION", "EVENT"}
    assert sum(summary["types"].values()) == summary["entities"] > 50
    assert sum(summary["predicates"].values()) == summary["relations"]
    assert {"attended", "heads", "metWith", "cooperatesWith"} <= set(summary["predicates"])
    assert "الأنتربول" in summary["top_actors"]  # Interpol links most of the bundled articles
    assert summary["relation_rows"] >= summary["relations"]  # one row per sentence
    assert summary["page_bytes"] > 100_000  # the page inlines vis-network
    assert summary["images"] >= 1  # the centrality bars


@pytest.mark.slow
def test_02_who_meets_whom_finds_groups_evidence_and_a_chain(demo_build, tmp_path, monkeypatch):
    summary = _run("02_who_meets_whom", """{
        "coattendance_edges": coattendance.number_of_edges(), "meeting_edges": meetings.number_of_edges(),
        "communities": len(groups), "actor": graph.nodes[actor]["label_ar"], "same": same,
        "evidence_rows": len(evidence), "evidence_predicates": sorted(set(evidence["predicate"])),
        "chain": [[row.source_label, row.predicate, row.target_label] for row in chain.itertuples()]}""",
        demo_build, tmp_path, monkeypatch)
    assert summary["meeting_edges"] >= 5 and summary["coattendance_edges"] >= 1
    assert summary["communities"] >= 2
    assert summary["actor"] == "عبد اللطيف حموشي" and all(summary["same"])
    assert summary["evidence_rows"] >= 5 and "metWith" in summary["evidence_predicates"]
    chain = summary["chain"]
    assert chain and "عبد اللطيف حموشي" in chain[0] and "سيف بن زايد آل نهيان" in chain[-1]
    assert summary["images"] >= 1  # the who-met-whom network


@pytest.mark.slow
def test_03_sparql_runs_canned_queries_a_join_the_store_and_the_timeline(demo_build, tmp_path, monkeypatch):
    summary = _run("03_sparql", """{
        "queries": sorted(queries), "attendance_rows": len(attendance), "heads_rows": len(heads),
        "join_rows": len(leaders_at_events), "join_people": sorted(set(leaders_at_events["personLabel"])),
        "met_rows": len(met), "store_rows": len(on_store), "timeline_rows": len(events)}""",
        demo_build, tmp_path, monkeypatch)
    assert {"attendance", "heads", "evidence"} <= set(summary["queries"])
    assert summary["attendance_rows"] > 10 and summary["heads_rows"] > 5
    assert summary["join_rows"] >= 1 and "عبد اللطيف حموشي" in summary["join_people"]
    assert summary["met_rows"] >= 1
    assert summary["store_rows"] == summary["attendance_rows"]  # Oxigraph and rdflib agree
    assert summary["timeline_rows"] >= 1
    assert summary["images"] >= 1  # the timeline
