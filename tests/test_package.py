"""kg installed from its wheel, away from the checkout: the wheel carries data/, queries/ and ontology/.

The test builds the wheel, installs it into a fresh virtual environment
outside the checkout, and runs the installed ``kg`` in a temporary folder
with no PYTHONPATH.  The fresh environment reaches kg's dependencies through
a .pth file naming the running interpreter's site-packages (nothing is
downloaded); a plain .pth line adds a folder to sys.path without running the
.pth files in it, so the checkout's editable install stays out of sight.
"""
from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ("hammouchi-interpol-lyon-seed.txt", "ma-interpol-marrakech-general-assembly.txt", "gulf-briefs.jsonl")


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def _dependency_dirs() -> list[str]:
    """The running interpreter's site-packages, where kg's dependencies are installed."""
    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and Path(site.getusersitepackages()).is_dir():
        dirs.append(site.getusersitepackages())
    return [d for d in dirs if Path(d).is_dir()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh venv outside the checkout with kg's wheel installed; its python, bin folder and environment."""
    import setuptools

    major = int(setuptools.__version__.split(".")[0])
    assert major >= 77, (f"setuptools {setuptools.__version__} cannot build kg's wheel without build isolation; "
                         "run `pip install -e '.[test]'` (it brings setuptools>=77)")
    tmp = tmp_path_factory.mktemp("package")
    assert ROOT not in tmp.parents, "the test folder must lie outside the checkout"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_DATA_DIR", "KG_BUILD", "VIRTUAL_ENV")}
    _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist")],
         cwd=ROOT, env=env)
    wheel, = (tmp / "dist").glob("kg-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp, env=env)
    python = venv / "bin" / "python"
    # Installed before the dependencies are in sight: pip would otherwise see the checkout's kg and replace it.
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
         cwd=tmp, env=env)
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        cwd=tmp, env=env).stdout.strip())
    (purelib / "kg-test-dependencies.pth").write_text("\n".join(_dependency_dirs()) + "\n", encoding="utf-8")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    work = tmp / "work"
    (work / "articles").mkdir(parents=True)
    for name in ARTICLES:
        shutil.copy(ROOT / "data" / "articles" / name, work / "articles" / name)
    return {"venv": venv, "python": python, "kg": venv / "bin" / "kg", "env": env, "work": work, "wheel": wheel}


def test_the_wheel_carries_the_shipped_folders(installed):
    import zipfile

    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for needed in ("kg/_resources/data/gazetteers/entities.tsv", "kg/_resources/data/models/relations.json",
                   "kg/_resources/data/articles/hammouchi-interpol-lyon-seed.txt",
                   "kg/_resources/queries/heads.rq", "kg/_resources/ontology/kg.ttl",
                   "kg/_resources/ontology/shapes.ttl", "kg/export/templates/graph.js"):
        assert needed in names


def test_installed_kg_reads_its_own_copies_not_the_checkout(installed):
    script = ("import json, kg, kg.data, kg.resources as r; print(json.dumps({'kg': kg.__file__, "
              "'data': str(kg.data.data_dir()), **{n: str(r.resource_dir(n)) for n in r.FOLDERS}}))")
    where = json.loads(_run([str(installed["python"]), "-c", script], installed["work"], installed["env"]).stdout)
    venv = installed["venv"].resolve()
    for name, path in where.items():
        assert venv in Path(path).resolve().parents, f"{name} comes from {path}, not from the venv {venv}"
        assert ROOT not in Path(path).resolve().parents


def test_installed_kg_builds_queries_validates_and_draws(installed):
    kg, env, work = str(installed["kg"]), installed["env"], installed["work"]
    built = _run([kg, "build", "articles", "--out", "out"], work, env)
    for name in ("graph.trig", "graph.ttl", "extractions.json", "graph.html"):
        assert (work / "out" / name).stat().st_size > 0, name
    assert (work / "out" / "store").is_dir()
    assert "Traceback" not in built.stderr

    listing = _run([kg, "query", "--list"], work, env).stdout
    assert "heads:" in listing and "attendance:" in listing

    top = _run([kg, "query", "top-entities", "--store", "out/store", "--format", "csv"], work, env).stdout
    rows = top.strip().splitlines()
    assert rows[0].startswith("entity,") and len(rows) > 3
    assert any("interpol" in row for row in rows)

    validated = _run([kg, "validate", "out/store"], work, env).stdout
    assert validated.startswith("conforms:")

    drawn = _run([kg, "viz", "out/extractions.json", "--out", "v.html"], work, env).stdout
    assert "entities" in drawn
    page = (work / "v.html").read_text(encoding="utf-8")
    assert "vis.Network" in page or "new vis." in page
    assert len(page) > 100_000  # vis-network is inlined


def test_installed_kg_builds_its_bundled_demo_articles(installed):
    # kg.analysis.open_build() builds these when there is no build: the wheel ships them
    script = "from kg.data import demo_articles_dir; print(demo_articles_dir())"
    demo = _run([str(installed["python"]), "-c", script], installed["work"], installed["env"]).stdout.strip()
    assert installed["venv"].resolve() in Path(demo).resolve().parents
    _run([str(installed["kg"]), "build", demo, "--out", "demo"], installed["work"], installed["env"])
    assert (installed["work"] / "demo" / "graph.trig").stat().st_size > 0


def test_the_wheel_ships_exactly_the_checkout_folders(installed):
    # setuptools reuses its build folder: a file removed from data/ must not linger in the next wheel
    import zipfile

    names = {n for n in zipfile.ZipFile(installed["wheel"]).namelist() if n.startswith("kg/_resources/")}
    shipped = {f"kg/_resources/{p.relative_to(ROOT)}" for name in ("data", "queries", "ontology")
               for p in (ROOT / name).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert names == shipped
