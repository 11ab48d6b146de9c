"""kg.resources and kg.data find the shipped folders: here, the checkout's (an editable install)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.data import data_dir, demo_articles_dir
from kg.resources import FOLDERS, resource_dir, resource_path

ROOT = Path(__file__).resolve().parents[1]


def test_an_editable_install_reads_the_checkout_folders():
    for name in FOLDERS:
        assert resource_dir(name) == ROOT / name
    assert resource_path("ontology", "shapes.ttl").is_file()
    assert demo_articles_dir() == ROOT / "data" / "articles"


def test_an_unknown_folder_is_an_error_naming_the_known_ones():
    with pytest.raises(ValueError, match="data, queries, ontology"):
        resource_dir("models")


def test_kg_data_dir_overrides_the_knowledge_files_but_not_the_demo(tmp_path, monkeypatch):
    (tmp_path / "gazetteers").mkdir()
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    assert demo_articles_dir() == ROOT / "data" / "articles"


def test_a_kg_data_dir_without_gazetteers_says_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="KG_DATA_DIR"):
        data_dir()
