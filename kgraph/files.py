"""Writing files so that readers never see a half-written file or a mixed set of files.

* :func:`atomic_write_text`: one file, through a temporary file and a rename.
* :class:`OutputSet`: several files that belong together (a build's
  ``graph.json``, ``graph.html`` and ``report.json``). They are first
  written in full beside the old ones, in a hidden staging folder; then a
  small journal that names them is written (atomically), and only then are
  they renamed into place. A build killed before the journal exists leaves
  the old set untouched; killed after, the next writer of the folder
  completes the switch before it stages its own files, like a database
  replays its journal. A full disk fails while staging, so the old set stays.

Reading a folder never writes to it: only a writer completes a switch, and
only for the names it writes itself, from a staging folder directly inside
the folder (no ``..``, no links), moving regular files only. A journal that
asks for anything else (a folder shared by someone else may hold any file)
is ignored with a warning and removed; no file outside the folder is ever
touched.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from filelock import FileLock

from .errors import OutputError

__all__ = ["SWITCH_JOURNAL", "Content", "OutputSet", "atomic_write_text", "pending_switch"]

SWITCH_JOURNAL = ".kgraph-switch.json"
_STAGING = ".kgraph-staging-"
_STAGING_NAME = re.compile(r"\.kgraph-staging-[A-Za-z0-9_]{1,64}")  # what tempfile.mkdtemp makes
_LOCK = ".kgraph-outputs.lock"
_MAX_JOURNAL = 65536  # a journal names a few files; anything larger was not written by OutputSet

logger = logging.getLogger(__name__)


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

    An interrupted write never leaves a half-written file behind. A link at
    ``path`` is replaced by the file, never written through.

    Raises:
        OutputError: The file cannot be written (its folder is a file or
            not writable, a full disk, a folder at ``path``).

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> atomic_write_text(folder / "a.txt", "CSCs").read_text()
        'CSCs'
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _cannot_write(path, error) from error
    os.close(fd)
    try:
        _write_synced(Path(tmp), text)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise _cannot_write(path, error) from error
        raise
    return path


def _cannot_write(path: Path, error: OSError) -> OutputError:
    return OutputError(f"Cannot write {path} ({error.strerror or error}); nothing was changed there. Free "
                       "some space, fix the permissions, or give another path.")


def _plain_name(name: str) -> str:
    """``name`` if it is a plain file name (no folder, no ``..``, not hidden), else ValueError."""
    if not name or name.startswith(".") or any(c in name for c in "/\\\x00"):
        raise ValueError(f"{name!r} is not a plain file name; an output set writes files directly "
                         "in its folder.")
    return name


class OutputSet:
    """Files that belong together, staged and then switched in as one set.

    Use it as a context manager: each :meth:`write` stages one file in full;
    at the end of the ``with`` block the staged files replace the old ones
    (see the module docstring). If the block raises, nothing is switched
    and the staged files are removed.

    Args:
        folder: The folder (created if missing).
        names: The file names the set may write (plain names inside
            ``folder``). An earlier writer's interrupted switch is completed
            for these names only.

    Raises:
        OutputError: The folder cannot be made or written (a file in its
            place, no permission, a full disk, a link where kgraph keeps
            its lock); the old files are left as they were.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> with OutputSet(folder, ["graph.json", "report.json"]) as outputs:
        ...     _ = outputs.write("graph.json", "{}")
        ...     _ = outputs.write("report.json", lambda handle: handle.write("[]"))
        >>> sorted(p.name for p in folder.iterdir()), outputs.paths["report.json"].read_text()
        (['.kgraph-outputs.lock', 'graph.json', 'report.json'], '[]')
    """

    def __init__(self, folder: str | Path, names: Iterable[str]) -> None:
        self.folder = Path(folder)
        self.names = tuple(_plain_name(name) for name in names)
        self.paths: dict[str, Path] = {}
        self._lock: FileLock | None = None
        self._staging: Path | None = None

    def __enter__(self) -> OutputSet:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = self.folder / _LOCK
            if lock.is_symlink():  # older filelock versions open (and truncate) what a link points to
                raise OutputError(f"Cannot write the outputs to {self.folder}: its lock file {lock} is a "
                                  "link, which kgraph never makes; remove it, or give another --out folder.")
            self._lock = FileLock(str(lock))
            self._lock.acquire()
            _finish_switch(self.folder, self.names)  # an earlier build's interrupted switch first
            self._staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=self.folder))
        except OutputError:
            self._release()
            raise
        except OSError as error:
            self._release()
            raise self._error(error) from error
        return self

    def write(self, name: str, content: Content) -> Path:
        """Stage ``name`` (one of the set's names): a text, or a function that writes to an open text file.

        Returns:
            The staged file (it moves to ``folder / name`` at the end).

        Raises:
            ValueError: ``name`` is not one of the names the set was made with.
        """
        if self._staging is None:
            raise RuntimeError("OutputSet.write() is only possible inside its 'with' block.")
        if name not in self.names:
            raise ValueError(f"{name!r} is not one of this output set's files ({', '.join(self.names)}).")
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
                journaled = True  # from here on the switch happens, now or by the next writer
                _finish_switch(self.folder, self.names)
        except OSError as failure:  # reported as the set's error (the old files are unchanged)
            cause = failure.__cause__
            error = cause if isinstance(failure, OutputError) and isinstance(cause, OSError) else failure
        finally:
            if staging is not None and not journaled:
                shutil.rmtree(staging, ignore_errors=True)
            self._release()
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise self._error(error) from error
        if kind is None and error is not None:  # the switch itself failed
            raise error

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _error(self, error: OSError) -> OutputError:
        return OutputError(f"Cannot write the outputs to {self.folder} ({error.strerror or error}); "
                           "the files already there are unchanged. Free some space, fix the "
                           "permissions, or give another --out folder.")


def pending_switch(folder: str | Path) -> bool:
    """Whether ``folder`` holds a switch that a killed writer left half done (read only: one ``lstat``).

    Readers call this to warn that the files may come from two builds; they
    never complete the switch themselves (the next writer does).

    Examples:
        >>> import tempfile
        >>> pending_switch(tempfile.mkdtemp())
        False
    """
    try:
        return stat.S_ISREG(os.lstat(Path(folder) / SWITCH_JOURNAL).st_mode)
    except OSError:
        return False


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    """Whether ``path`` itself (a link is not followed) exists and is of ``kind`` (``stat.S_ISDIR``...)."""
    try:
        return kind(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_plan(folder: Path, names: tuple[str, ...]) -> tuple[Path, list[str]] | str | None:
    """The switch the journal of ``folder`` asks for; a reason to refuse it; or None (no journal).

    A switch is accepted only as :class:`OutputSet` writes it: a regular file
    naming a staging folder directly inside ``folder`` (a real folder, not a
    link) and files among ``names``.
    """
    journal = folder / SWITCH_JOURNAL
    try:
        info = os.lstat(journal)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_size > _MAX_JOURNAL:
        return "it is too large"
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return "it is not JSON"
    if not (isinstance(plan, dict) and isinstance(plan.get("staging"), str)
            and isinstance(plan.get("files"), list) and all(isinstance(f, str) for f in plan["files"])):
        return "it does not name a staging folder and its files"
    if not _STAGING_NAME.fullmatch(plan["staging"]):
        return f"its staging folder {plan['staging']!r} is not a kgraph staging folder inside the folder"
    strange = sorted(set(plan["files"]) - set(names))
    if strange:
        return f"it names files this build does not write ({', '.join(map(repr, strange[:3]))})"
    staging = folder / plan["staging"]
    if not _is(staging, stat.S_ISDIR):
        return f"its staging folder {plan['staging']!r} is missing or a link"
    for name in plan["files"]:  # each is a regular file, or gone (moved in before the kill)
        if os.path.lexists(staging / name) and not _is(staging / name, stat.S_ISREG):
            return f"its staged {name!r} is a link or not a regular file"
    return staging, list(plan["files"])


def _finish_switch(folder: Path, names: tuple[str, ...]) -> bool:
    """Complete an interrupted switch of ``names`` (under the folder's lock); remove leftover staging folders.

    Returns:
        Whether there was a switch to complete.
    """
    plan = _read_plan(folder, names)
    if isinstance(plan, str):
        logger.warning("Ignored %s: %s, so kgraph did not write it; removed.", folder / SWITCH_JOURNAL, plan)
    elif plan is not None:
        staging, files = plan
        for name in files:
            if _is(staging / name, stat.S_ISREG):  # a name not there any more was moved before the kill
                os.replace(staging / name, folder / name)
    if plan is not None:
        (folder / SWITCH_JOURNAL).unlink()
    for leftover in folder.iterdir():
        if leftover.name.startswith(_STAGING) and _is(leftover, stat.S_ISDIR):
            shutil.rmtree(leftover, ignore_errors=True)
    return isinstance(plan, tuple)
