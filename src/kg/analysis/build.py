"""The build a notebook opens: the user's ``kg build`` output, or the demo built on the spot."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["find_build", "open_build", "BUILD_FILES"]

#: What a usable build folder holds (kg build writes them all from the store).
BUILD_FILES = ("graph.trig", "extractions.json")


def _is_build(folder: Path) -> bool:
    return all((folder / name).is_file() for name in BUILD_FILES)


def find_build(start: str | Path | None = None) -> Path | None:
    """The build folder to open: ``$KG_BUILD`` when set, else the first ``build/`` holding a build in
    ``start`` (default: the working folder) or a folder above it; None when there is none."""
    override = os.environ.get("KG_BUILD")
    if override:
        folder = Path(override).expanduser()
        if not _is_build(folder):
            raise FileNotFoundError(f"KG_BUILD={override} holds no build ({', '.join(BUILD_FILES)}); "
                                    f"run `kg build PATH... --out {override}` or unset KG_BUILD")
        return folder
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for candidate in (folder, folder / "build"):
            if _is_build(candidate):
                return candidate
    return None


def open_build(start: str | Path | None = None, *, demo: bool = True) -> Path:
    """The folder of the build to analyse (``find_build``); when there is none and ``demo``, the bundled
    articles (data/articles) are built with ``kg build`` into a temporary folder, and that is returned."""
    found = find_build(start)
    if found is not None:
        return found
    if not demo:
        raise FileNotFoundError("no kg build here or above; run `kg build PATH... --out build` "
                                "(or `make demo`), or set KG_BUILD to a build folder")
    from kg.build import build
    from kg.data import demo_articles_dir

    out = Path(tempfile.mkdtemp(prefix="kg-demo-"))
    print(f"no kg build found: building the demo articles into {out} (run `make demo` to keep one)")
    build([demo_articles_dir()], out, on_error=lambda err: print(f"kg: error: {err}"))
    return out
