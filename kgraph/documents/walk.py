"""The folder walk: which files under a corpus folder are read, and the id of each file's document.

:func:`walk` lists the files to read and puts every other path in the
report with the reason; :func:`file_ids` names each file's document by its
path under the folder; :func:`shown` is how a path is written in reports
and messages.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from pathlib import Path

from ..errors import file_kind
from .document import CorpusReport, FileReport

__all__ = ["file_ids", "shown", "walk"]


def walk(root: Path, report: CorpusReport, suffixes: tuple[str, ...]) -> list[Path]:
    """The corpus files under ``root``, sorted; every other path goes to ``report`` with the reason.

    Links are followed (to files, and to folders once each: a link loop is
    reported, not walked forever); hidden files and folders and files that
    describe the corpus are ignored; unreadable folders, broken links,
    special files (pipes, devices, sockets) and files of other types than
    ``suffixes`` are skipped.
    """
    files: list[Path] = []

    def note(path: Path | str, status: str, reason: str) -> None:
        report.files[shown(path)] = FileReport(shown(path), status, 0, reason)

    def unreadable(error: OSError) -> None:
        note(error.filename, "skipped", f"cannot open the folder ({error.strerror or error})")

    seen: set[tuple[int, int]] = set()
    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(folder)
        try:
            info = here.stat()
        except OSError as error:
            note(here, "skipped", f"cannot open the folder ({error.strerror or error})")
            subfolders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # reached again through a link
            note(here, "ignored", "a link to a folder that is read already (a link loop, or a second link)")
            subfolders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        for name in list(subfolders):
            if name.startswith("."):
                note(here / name, "ignored", "a hidden folder")
                subfolders.remove(name)
        subfolders.sort()
        for name in sorted(names):
            path = here / name
            if name.startswith("."):
                note(path, "ignored", "a hidden file")
                continue
            try:
                mode = path.stat().st_mode
            except OSError as error:
                if path.is_symlink():
                    target = os.readlink(path)
                    reason = ("a link loop" if error.errno == errno.ELOOP else
                              f"a broken link (to {shown(target)}, which does not exist)")
                else:
                    reason = f"cannot read it ({error.strerror or error})"
                note(path, "skipped", reason)
                continue
            if not stat.S_ISREG(mode):
                note(path, "skipped", f"{file_kind(mode)}, not a file kgraph can read")
            elif _is_metadata(path):
                note(path, "ignored", "describes the corpus (README, LICENSE...)")
            elif path.suffix.lower() not in suffixes:
                note(path, "skipped", f"unsupported file type {path.suffix or '(none)'!r}")
            else:
                files.append(path)
    return sorted(files)


_METADATA_STEMS = ("readme", "license", "licence", "changelog", "copying")


def _is_metadata(path: Path) -> bool:
    """README, LICENSE and similar files describe a corpus; they are not part of it."""
    return path.stem.lower().startswith(_METADATA_STEMS)


def shown(path: Path | str) -> str:
    r"""A path as text that can be printed and written as UTF-8 (undecodable bytes of a name as ``\xe9``).

    Two names that differ only in such bytes stay two names (two documents, two report entries).

    Examples:
        >>> print(shown(Path("caf\udce9.txt")), shown(Path("caf\udce8.txt")))
        caf\xe9.txt caf\xe8.txt
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _doc_id(path: Path, root: Path, *, suffix: bool = False) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return shown((rel if suffix else rel.with_suffix("")).as_posix())


def file_ids(files: list[Path], root: Path) -> dict[Path, str]:
    """The id of each file's document: its path without suffix, or with it where two files share that.

    ``a.txt`` and ``a.md`` are both ``a`` without their suffix; each keeps
    its own document as ``a.txt`` and ``a.md``.

    Examples:
        >>> ids = file_ids([Path("c/a.md"), Path("c/a.txt"), Path("c/b.txt")], Path("c"))
        >>> [ids[Path(name)] for name in ("c/a.md", "c/a.txt", "c/b.txt")]
        ['a.md', 'a.txt', 'b']
    """
    stems = {path: _doc_id(path, root) for path in files}
    shared = {stem for stem, count in Counter(stems.values()).items() if count > 1}
    return {path: _doc_id(path, root, suffix=True) if stem in shared else stem for path, stem in stems.items()}
