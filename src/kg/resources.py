"""Where kg's shipped folders are: data/, queries/ and ontology/, in the checkout or inside an installed wheel.

The repository keeps them at its top level.  A wheel carries copies under
``kg/_resources/`` (setup.py's build step puts them there); an editable
install (``pip install -e .``) has no copies, so it reads the checkout's
folders, and an edit to a gazetteer takes effect without reinstalling.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The folders kg ships, named as at the top of the repository.
FOLDERS = ("data", "queries", "ontology")
#: Where a wheel keeps them, inside the kg package (kept in step with setup.py).
PACKAGED = "_resources"


def resource_dir(name: str) -> Path:
    """The folder ``name`` ("data", "queries" or "ontology"): the wheel's copy, else the checkout's."""
    if name not in FOLDERS:
        raise ValueError(f"unknown kg folder {name!r}; use one of {', '.join(FOLDERS)}")
    package = Path(str(files("kg")))
    for candidate in (package / PACKAGED / name, package.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"kg's {name}/ folder is missing: neither {package / PACKAGED / name} (a wheel's copy) nor "
        f"{package.parents[1] / name} (the checkout's) exists; reinstall kg from a wheel "
        "(pip install kg-*.whl) or from its checkout (pip install -e .)")


def resource_path(name: str, relative: str) -> Path:
    """A file under one of the shipped folders, e.g. ``resource_path("ontology", "shapes.ttl")``."""
    return resource_dir(name) / relative
