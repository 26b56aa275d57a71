"""kgraph's version, as installed (``importlib.metadata``), so it is written in one place: pyproject.toml."""

from __future__ import annotations

from importlib import metadata

__all__ = ["VERSION"]


def _installed_version() -> str:
    try:
        return metadata.version("kgraph")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


#: The version of the installed kgraph distribution.
VERSION = _installed_version()
