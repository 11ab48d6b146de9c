"""The notebooks in notebooks/ run top to bottom on the bundled articles, and find what they should.

Each notebook ends with a cell printing its findings as JSON; the tests read
that output.  The kernel is ``python3`` from this environment (ipykernel is in
the ``test`` extra; jupyter_client starts it with this interpreter), which the
notebooks confirm by printing ``sys.prefix``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_explore", "02_who_meets_whom", "03_sparql"]


def _run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Execute the notebook from its own folder and return the JSON its last cell prints.

    The kernel inherits TMPDIR, so the folders the notebooks make with tempfile land in ``tmp_path``.
    """
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    last = notebook.cells[-1]
    text = "".join(out.get("text", "") for out in last.outputs if out.output_type == "stream" and out.name == "stdout")
    summary = json.loads(text)
    assert summary["python"] == sys.prefix, "the notebook ran in another Python than this environment's"
    return summary


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


@pytest.mark.slow
def test_01_explore_builds_the_demo_graph_and_finds_central_actors(tmp_path, monkeypatch):
    summary = _run("01_explore", tmp_path, monkeypatch)
    articles = sum(1 for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".html"))
    articles += sum(1 for line in (ROOT / "data" / "articles" / "gulf-briefs.jsonl").open(encoding="utf-8")
                    if line.strip())
    assert summary["articles"] == articles
    assert set(summary["types"]) == {"PERSON", "ORGANIZATION", "LOCATION", "EVENT"}
    assert sum(summary["types"].values()) == summary["entities"] > 50
    assert sum(summary["predicates"].values()) == summary["relations"]
    assert {"attended", "heads", "metWith", "cooperatesWith"} <= set(summary["predicates"])
    assert "الأنتربول" in summary["top_actors"]  # Interpol links most of the bundled articles
    assert summary["page_bytes"] > 100_000  # the page inlines vis-network


@pytest.mark.slow
def test_02_who_meets_whom_finds_groups_evidence_and_a_chain(tmp_path, monkeypatch):
    summary = _run("02_who_meets_whom", tmp_path, monkeypatch)
    assert summary["meeting_edges"] >= 5 and summary["coattendance_edges"] >= 1
    assert summary["communities"] >= 2
    assert summary["actor"] == "عبد اللطيف حموشي"
    assert summary["evidence_rows"] >= 5 and "metWith" in summary["evidence_predicates"]
    chain = summary["chain"]
    assert chain and "عبد اللطيف حموشي" in chain[0] and "سيف بن زايد آل نهيان" in chain[-1]
    assert summary["figure_axes"] == 1


@pytest.mark.slow
def test_03_sparql_runs_canned_queries_a_join_and_the_store(tmp_path, monkeypatch):
    summary = _run("03_sparql", tmp_path, monkeypatch)
    assert {"attendance", "heads", "evidence"} <= set(summary["queries"])
    assert summary["attendance_rows"] > 10 and summary["heads_rows"] > 5
    assert summary["join_rows"] >= 1 and "عبد اللطيف حموشي" in summary["join_people"]
    assert summary["met_rows"] >= 1
    assert summary["hostile_rows"] == 0
    assert summary["store_rows"] == summary["attendance_rows"]  # Oxigraph and rdflib agree
    assert summary["timeline_rows"] >= 1
