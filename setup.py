"""Packaging hook (pyproject.toml holds the rest): a wheel carries data/, queries/ and ontology/.

Those folders stay at the top of the repository; this build step copies them
into the wheel as ``kg/_resources/<folder>/``, where ``kg.resources`` finds
them.  An editable install (``pip install -e .``) gets no copies: kg reads
the checkout's folders directly.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Kept in step with kg.resources.FOLDERS and PACKAGED.
FOLDERS = ("data", "queries", "ontology")
PACKAGED = Path("kg") / "_resources"


class BuildWithResources(build_py):
    """build_py, then the shipped folders copied into the build's kg package."""

    def run(self):
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / PACKAGED
        shutil.rmtree(target, ignore_errors=True)  # a file removed from data/ leaves no stale copy
        for name in FOLDERS:
            source = ROOT / name
            if not source.is_dir():
                raise FileNotFoundError(f"{source} is missing: build the wheel from a full checkout or sdist")
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        target = Path(self.build_lib) / PACKAGED
        return outputs + [str(target / path.relative_to(ROOT)) for name in FOLDERS
                          for path in sorted((ROOT / name).rglob("*")) if path.is_file()]


# `kg build` writes to build/ by default: setuptools keeps its own files elsewhere.
setup(cmdclass={"build_py": BuildWithResources}, options={"build": {"build_base": ".setuptools-build"}})
