"""The view inside a notebook, light: the page is a file beside the notebook, shown by reference.

A view embedded in a notebook (``<iframe srcdoc>``) carries vis-network and
the graph's data into the ``.ipynb``: a megabyte for five documents, tens of
megabytes for thousands, beyond what Jupyter keeps without complaint. Here
the page is written once to a file in the notebook's folder (Jupyter runs a
kernel in its notebook's folder) and the output is an ``<iframe src>`` of a
few hundred bytes that Jupyter's file server fills. Front ends that serve no
files (VS Code, a notebook sent by mail) need the embedded page instead
(:func:`embedded_frame`).
"""

from __future__ import annotations

import hashlib
import os
import re
from html import escape as html_escape
from pathlib import Path
from urllib.parse import quote

from ..files import atomic_write_text

__all__ = ["VIEW_FOLDER", "embedded_frame", "page_file", "referenced_frame"]

VIEW_FOLDER = Path("kgraph-views")
"""Where :func:`page_file` writes pages by default (relative to the current folder)."""

_FRAME_STYLE = "width:100%;height:{height}px;border:1px solid #d9e2ec"


def page_file(page: str, *, title: str = "kgraph", folder: str | Path = VIEW_FOLDER) -> Path:
    """Write ``page`` to ``folder`` under a name made of the title and a hash of the page.

    The same page always gets the same file (written once), and another
    graph or title another file, so an earlier output of a notebook keeps
    showing its own graph.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> first = page_file("<p>one</p>", title="My graph!", folder=folder)
        >>> first.name.startswith("my-graph-"), page_file("<p>one</p>", title="My graph!", folder=folder) == first
        (True, True)
    """
    digest = hashlib.blake2b(page.encode("utf-8"), digest_size=6).hexdigest()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "kgraph"
    path = Path(folder) / f"{slug}-{digest}.html"
    if not path.exists():
        atomic_write_text(path, page)
    return path


def referenced_frame(path: str | Path, *, height: int = 650) -> str:
    """HTML showing the page at ``path`` in an iframe by its address relative to the current folder.

    Examples:
        >>> print(referenced_frame(VIEW_FOLDER / "a b.html", height=300))  # doctest: +ELLIPSIS
        <div class="kgraph-view"><iframe src="kgraph-views/a%20b.html" style="width:100%;height:300px;...
    """
    relative = Path(os.path.relpath(Path(path).resolve(), Path.cwd().resolve()))
    src = html_escape(quote(relative.as_posix()))
    return (f'<div class="kgraph-view"><iframe src="{src}" style="{_FRAME_STYLE.format(height=int(height))}" '
            'sandbox="allow-scripts"></iframe>'
            '<div style="font-size:12px;color:#52606d">The view is the file '
            f'<a href="{src}" target="_blank" rel="noopener">{html_escape(relative.as_posix())}</a> (it works '
            'offline; open it in a new tab for more room). An empty frame means this notebook front end '
            'serves no files (VS Code, for one): <code>kg.show(embed=True)</code> puts the whole page in '
            'the notebook instead.</div></div>')


def embedded_frame(page: str, *, height: int = 650) -> str:
    """HTML holding the whole ``page`` (an ``<iframe srcdoc>``: self-contained, offline, and as large as the page).

    Examples:
        >>> embedded_frame("<p>a & b</p>", height=100)[:70]
        '<div class="kgraph-view"><iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"'
    """
    return (f'<div class="kgraph-view"><iframe srcdoc="{html_escape(page)}" '
            f'style="{_FRAME_STYLE.format(height=int(height))}" sandbox="allow-scripts"></iframe></div>')
