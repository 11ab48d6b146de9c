"""Where camel-tools keeps its installed data, and one clear error when a part kg needs is missing.

camel-tools resolves its data folder (``CAMELTOOLS_DATA``, default ``~/.camel_tools``)
when ``camel_tools.data`` is first imported, and at that import fetches
``catalogue.json`` over the network when the folder lacks it.  kg looks for the
catalogue before importing, so a missing installation is reported instead of
downloaded, and the default (rules-only) path never imports camel-tools' data layer.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


class CamelDataError(Exception):
    """A camel-tools model, database or catalogue is missing or unreadable; the message says how to get it."""


def data_dir() -> Path:
    """The folder camel-tools reads its data from (``CAMELTOOLS_DATA``, else ``~/.camel_tools``)."""
    catalogue_module = sys.modules.get("camel_tools.data.catalogue")
    if catalogue_module is not None:  # camel-tools fixed its folder when it was imported
        return Path(catalogue_module.CT_DATA_DIR)
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser().absolute() if env is not None else Path.home() / ".camel_tools"


def catalogue_path() -> Path:
    return data_dir() / "catalogue.json"


def install_hint(package: str) -> str:
    return (f"run `camel_data -i {package}` (it installs into {data_dir()}; set CAMELTOOLS_DATA "
            "to the folder holding camel-tools' data to use another one)")


def import_camel(importer: Callable[[], T], package: str) -> T:
    """Run ``importer`` (an import of a camel-tools module that reads the catalogue); a failed
    catalogue download becomes a CamelDataError."""
    try:
        return importer()
    except Exception as exc:
        # camel_tools.data failed to import, but its downloader module stays loaded
        downloader = sys.modules.get("camel_tools.data.downloader")
        if downloader is not None and isinstance(exc, downloader.DownloaderError):
            raise CamelDataError(f"camel-tools could not fetch its data catalogue {catalogue_path()} ({exc}); "
                                 f"{install_hint(package)}") from exc
        raise


def installed_dataset(component: str, package: str, what: str) -> Path:
    """The folder of ``component``'s default dataset, as camel-tools' catalogue names it.

    Raises CamelDataError, without importing camel-tools' data layer, when the
    catalogue is absent (then nothing is installed), and when the catalogue
    knows no such component.  The folder itself may still be missing.
    """
    if "camel_tools.data" not in sys.modules and not catalogue_path().is_file():
        raise CamelDataError(f"{what} is not installed: no camel-tools data in {data_dir()}; {install_hint(package)}")

    def catalogue():
        from camel_tools.data import CATALOGUE

        return CATALOGUE

    try:
        camel_catalogue = import_camel(catalogue, package)
    except (KeyError, ValueError) as exc:  # a truncated or hand-edited catalogue.json
        raise CamelDataError(f"{what}: camel-tools' catalogue {catalogue_path()} is unreadable "
                             f"({type(exc).__name__}: {exc}); {install_hint(package)}") from exc
    from camel_tools.data import CatalogueError

    try:
        return Path(camel_catalogue.get_dataset(component).path)
    except CatalogueError as exc:
        raise CamelDataError(f"{what} is not installed: camel-tools' catalogue {catalogue_path()} has no "
                             f"{component} dataset ({exc}); {install_hint(package)}") from exc
