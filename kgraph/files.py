"""Writing files so that readers never see a half-written file or a mixed set of files.

* :func:`atomic_write_text`: one file, through a temporary file and a rename.
* :func:`write_set`: several files that belong together (a build's
  ``graph.json``, ``graph.html`` and ``report.json``). They are first
  written in full beside the old ones, in a hidden staging folder; then a
  small journal that names them is written (atomically), and only then are
  they renamed into place. A build killed before the journal exists leaves
  the old set untouched; killed after, the switch is completed by the next
  writer or reader of the folder (:func:`finish_switch`), like a database
  replays its journal. A full disk fails while staging, so the old set stays.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock

from .errors import OutputError

__all__ = ["SWITCH_JOURNAL", "atomic_write_text", "finish_switch", "write_set"]

SWITCH_JOURNAL = ".kgraph-switch.json"
_STAGING = ".kgraph-staging-"
_LOCK = ".kgraph-outputs.lock"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_synced(path: Path, text: str) -> None:
    """Write ``path`` and flush it to disk (a rename after it is then safe after a crash too)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o666 & ~_umask())  # temporary files are made 0600; use the usual mode


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file and a rename.

    An interrupted write never leaves a half-written file behind.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> atomic_write_text(folder / "a.txt", "CSCs").read_text()
        'CSCs'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        _write_synced(Path(tmp), text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_set(folder: str | Path, files: dict[str, str]) -> dict[str, Path]:
    """Write files that belong together so that readers see all old or all new ones.

    Args:
        folder: The folder (created if missing).
        files: File name -> text.

    Returns:
        File name -> path of the written file.

    Raises:
        OutputError: The folder cannot be made or written (a file in its
            place, no permission, a full disk); the old files are left as
            they were.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> paths = write_set(folder, {"graph.json": "{}", "report.json": "[]"})
        >>> sorted(p.name for p in folder.iterdir())
        ['.kgraph-outputs.lock', 'graph.json', 'report.json']
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(str(folder / _LOCK)):
            _finish_switch(folder)  # an earlier build's interrupted switch first
            staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=folder))
            try:
                for name, text in sorted(files.items()):
                    _write_synced(staging / name, text)
                atomic_write_text(folder / SWITCH_JOURNAL,
                                  json.dumps({"staging": staging.name, "files": sorted(files)}))
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _finish_switch(folder)
    except OSError as error:
        raise OutputError(f"Cannot write the outputs to {folder} ({error.strerror or error}); "
                          "the files already there are unchanged. Free some space, fix the "
                          "permissions, or give another --out folder.") from error
    return {name: folder / name for name in files}


def finish_switch(folder: str | Path) -> bool:
    """Complete a switch of :func:`write_set` that a killed process left half done.

    Readers of a folder call this before reading (it costs one ``stat``
    when there is nothing to do).

    Returns:
        Whether there was a switch to complete.

    Raises:
        OSError: The folder cannot be written.
    """
    folder = Path(folder)
    if not (folder / SWITCH_JOURNAL).exists():
        return False
    with FileLock(str(folder / _LOCK)):
        return _finish_switch(folder)


def _finish_switch(folder: Path) -> bool:
    """:func:`finish_switch` under the folder's lock; also removes staged files no journal names."""
    journal = folder / SWITCH_JOURNAL
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        staging, names = folder / plan["staging"], plan["files"]
    except FileNotFoundError:
        plan = None
    except (ValueError, KeyError, TypeError):  # not written by write_set: atomic writes are whole
        plan = None
        journal.unlink()
    if plan is not None:
        for name in names:
            if (staging / name).exists():
                os.replace(staging / name, folder / name)
        journal.unlink()
    for leftover in folder.glob(_STAGING + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return plan is not None
