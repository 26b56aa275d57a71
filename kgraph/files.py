"""Writing files so that readers never see a half-written file or a mixed set of files.

* :func:`atomic_write_text`: one file, through a temporary file and a rename.
* :class:`OutputSet`: several files that belong together (a build's
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
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from filelock import FileLock

from .errors import OutputError

__all__ = ["SWITCH_JOURNAL", "Content", "OutputSet", "atomic_write_text", "finish_switch"]

SWITCH_JOURNAL = ".kgraph-switch.json"
_STAGING = ".kgraph-staging-"
_LOCK = ".kgraph-outputs.lock"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


Content = str | Callable[[TextIO], object]
"""A text, or a function that writes the text to an open file (for large outputs)."""


def _write_synced(path: Path, content: Content) -> None:
    """Write ``path`` and flush it to disk (a rename after it is then safe after a crash too)."""
    with open(path, "w", encoding="utf-8") as handle:
        if isinstance(content, str):
            handle.write(content)
        else:
            content(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o666 & ~_umask())  # temporary files are made 0600; use the usual mode


def atomic_write_text(path: str | Path, text: Content) -> Path:
    """Write ``text`` (or what a function writes) to ``path`` via a temporary file and a rename.

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


class OutputSet:
    """Files that belong together, staged and then switched in as one set.

    Use it as a context manager: each :meth:`write` stages one file in full;
    at the end of the ``with`` block the staged files replace the old ones
    (see the module docstring). If the block raises, nothing is switched
    and the staged files are removed.

    Args:
        folder: The folder (created if missing).

    Raises:
        OutputError: The folder cannot be made or written (a file in its
            place, no permission, a full disk); the old files are left as
            they were.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> with OutputSet(folder) as outputs:
        ...     _ = outputs.write("graph.json", "{}")
        ...     _ = outputs.write("report.json", lambda handle: handle.write("[]"))
        >>> sorted(p.name for p in folder.iterdir()), outputs.paths["report.json"].read_text()
        (['.kgraph-outputs.lock', 'graph.json', 'report.json'], '[]')
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.paths: dict[str, Path] = {}
        self._lock: FileLock | None = None
        self._staging: Path | None = None

    def __enter__(self) -> OutputSet:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = FileLock(str(self.folder / _LOCK))
            self._lock.acquire()
            _finish_switch(self.folder)  # an earlier build's interrupted switch first
            self._staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=self.folder))
        except OSError as error:
            self._release()
            raise self._error(error) from error
        return self

    def write(self, name: str, content: Content) -> Path:
        """Stage ``name``: a text, or a function that writes to an open text file.

        Returns:
            The staged file (it moves to ``folder / name`` at the end).
        """
        if self._staging is None:
            raise RuntimeError("OutputSet.write() is only possible inside its 'with' block.")
        path = self._staging / name
        _write_synced(path, content)
        self.paths[name] = self.folder / name
        return path

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> None:
        staging, journaled = self._staging, False
        try:
            if kind is None and staging is not None:
                atomic_write_text(self.folder / SWITCH_JOURNAL,
                                  json.dumps({"staging": staging.name, "files": sorted(self.paths)}))
                journaled = True  # from here on the switch happens, now or by the next reader
                _finish_switch(self.folder)
        except OSError as failure:
            error = failure
        finally:
            if staging is not None and not journaled:
                shutil.rmtree(staging, ignore_errors=True)
            self._release()
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise self._error(error) from error

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _error(self, error: OSError) -> OutputError:
        return OutputError(f"Cannot write the outputs to {self.folder} ({error.strerror or error}); "
                           "the files already there are unchanged. Free some space, fix the "
                           "permissions, or give another --out folder.")


def finish_switch(folder: str | Path) -> bool:
    """Complete a switch of :class:`OutputSet` that a killed process left half done.

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
    except (ValueError, KeyError, TypeError):  # not written by OutputSet: atomic writes are whole
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
