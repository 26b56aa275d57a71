"""The ``kgraph`` command line (Typer); each command wraps a library function."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Any, Literal, Optional

import click
import typer
from typer.core import TyperCommand

from .errors import KGraphError
from .settings import DEFAULTS
from .text.counts import counted

app = typer.Typer(name="kgraph", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  help="Build and explore concept knowledge graphs from document collections.")


class _SafeFormatter(logging.Formatter):
    r"""Log lines with terminal control sequences from documents made visible (as error lines are).

    Examples:
        >>> record = logging.LogRecord("kgraph", logging.WARNING, "", 0, "Skipped PMID %s", ("2\x1b[2J",), None)
        >>> print(_SafeFormatter("%(levelname)s: %(message)s").format(record))
        WARNING: Skipped PMID 2\x1b[2J
    """

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).translate(_UNSAFE)


class _Command(TyperCommand):
    """A command whose usage line reads ``kgraph export [OPTIONS] GRAPH FORMAT``.

    Typer writes required arguments as ``{GRAPH}``, which reads like a set
    or a placeholder to fill in braces and all.
    """

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in super().collect_usage_pieces(ctx)]


def _fails_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report kgraph errors as one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        handler = logging.StreamHandler()
        # Warnings from everyone, INFO only from kgraph (--verbose): libraries that set their own
        # loggers' levels (Dask) stay quiet.
        handler.addFilter(lambda record: record.levelno >= logging.WARNING or record.name.startswith("kgraph"))
        handler.setFormatter(_SafeFormatter("%(levelname)s: %(message)s"))
        logging.basicConfig(level=logging.WARNING, handlers=[handler])
        try:
            return func(*args, **kwargs)
        except KGraphError as err:
            typer.echo(f"Error: {err}".translate(_UNSAFE), err=True)
            raise typer.Exit(1) from None

    return wrapper


class _Engine(str, Enum):
    local = "local"
    dask = "dask"


class _Format(str, Enum):
    vosviewer = "vosviewer"
    vosviewer_json = "vosviewer-json"
    gexf = "gexf"
    graphml = "graphml"
    cytoscape = "cytoscape"
    node_link = "node-link"
    csv = "csv"


class _Rank(str, Enum):
    weight = "weight"
    npmi = "npmi"


# Control characters (but line breaks and tabs) and bidirectional overrides from documents would
# act on the terminal (colours, cursor moves, hidden text): they are printed as escapes instead.
_UNSAFE = {code: f"\\x{code:02x}" for code in [*range(0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]}
_UNSAFE.update({code: f"\\u{code:04x}" for code in [*range(0x202a, 0x202f), *range(0x2066, 0x206a)]})


def _say(text: str) -> None:
    r"""Print text that may come from documents, with terminal control sequences made visible.

    Examples:
        >>> _say("CSCs \x1b[2Jgone")
        CSCs \x1b[2Jgone
    """
    typer.echo(text.translate(_UNSAFE))


def _digest(path: Path) -> str:
    """The id of a set of outputs: a hash of its graph.json (read in chunks: it may be large)."""
    digest = hashlib.blake2b(digest_size=12)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


BUILD_OUTPUTS = ("graph.json", "graph.html", "report.json")
"""The files ``kgraph build`` writes into its --out folder, as one set (:class:`~kgraph.files.OutputSet`)."""


def _check_out_file(out: Path, option: str = "--out") -> None:
    """Fail before the work, not after it, when OUT cannot be written as a file."""
    if out.is_dir():
        raise typer.BadParameter(f"{out} is a folder; give the name of a file (in it, or elsewhere).",
                                 param_hint=option)
    if out.exists() and not out.is_file():
        raise typer.BadParameter(f"{out} is not a regular file (a pipe or a device); give another {option}.",
                                 param_hint=option)
    _check_out(out.parent, option, target=out)


def _check_out(out: Path, option: str = "--out", *, target: Path | None = None) -> None:
    """Fail before a long build, not after it, when OUT cannot hold the outputs (or the file ``target``)."""
    parent = out
    while not parent.exists():  # the nearest existing folder decides
        if parent.parent == parent:
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        what = f"{target} cannot be written" if target is not None else f"{out} cannot be an output folder"
        raise typer.BadParameter(f"{parent} is a file, so {what}; give another {option}.", param_hint=option)
    if parent.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise typer.BadParameter(f"{parent} is not writable; give another {option}.", param_hint=option)


@app.command(cls=_Command)
@_fails_cleanly
def build(
    # fmt: off
    corpus: Path = typer.Argument(..., metavar="CORPUS", help="A folder or a file: texts, PDF, JSON(L), CSV, or a PubMed/MEDLINE/RIS/BibTeX/Scopus/WoS/PubTator/BioC export."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory for graph.html and graph.json."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", "-l", help="Use this lexicon file instead of the built-in one."),
    add_lexicon: list[Path] = typer.Option([], "--add-lexicon", "-a", metavar="FILE", help="Add the concepts of this lexicon file (repeatable)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="An installed trained spaCy pipeline to use."),
    max_evidence: int = typer.Option(DEFAULTS.max_evidence, "--max-evidence", min=0, help="Evidence sentences kept per edge."),
    min_weight: int = typer.Option(DEFAULTS.min_weight, "--min-weight", min=1, help="Drop edges seen in fewer sentences."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", min=1, help="Concepts shown in the HTML view (the most mentioned)."),
    title: str = typer.Option("kgraph", "--title", help="Title of the HTML view."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="JSON field / CSV column with the text [default: text, abstract, ...]."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="JSON field / CSV column with the document id [default: id, pmid, doi, ...]."),
    title_field: Optional[str] = typer.Option(None, "--title-field", help="JSON field / CSV column with the title [default: title, ...]."),
    year_field: Optional[str] = typer.Option(None, "--year-field", help="JSON field / CSV column with the year or date [default: year, py, date, ...]."),
    journal_field: Optional[str] = typer.Option(None, "--journal-field", help="JSON field / CSV column with the journal [default: journal, source title, ...]."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first unreadable file or record."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (same result for any number)."),
    update: bool = typer.Option(False, "--update", "-u", help="Add CORPUS to the documents of the store (only new documents are read)."),
    wait: float = typer.Option(0.0, "--wait", min=0, help="Seconds to wait for another build that holds the store (0: fail at once)."),
    store: Optional[Path] = typer.Option(None, "--store", help="The build store (SQLite) [default: OUT/kgraph.db]."),
    no_store: bool = typer.Option(False, "--no-store", help="Keep nothing between builds (two streaming passes)."),
    engine: _Engine = typer.Option(_Engine.local, "--engine", help="'local' or 'dask' (pip install \"kgraph[dask]\")."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler, e.g. tcp://host:8786."),
    thesaurus: Optional[Path] = typer.Option(None, "--thesaurus", help="A VOSviewer thesaurus file (label<TAB>replace by; empty replacement: leave the term out)."),
    stop_list: Optional[Path] = typer.Option(None, "--stop-list", help="A file of terms to leave out, one per line."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also log what the build did and how long each phase took."),
    # fmt: on
) -> None:
    """Build the graph of CORPUS: writes OUT/graph.html, OUT/graph.json and OUT/report.json.

    Documents, extractions and counts are kept in a store (OUT/kgraph.db): a
    rerun after an interruption resumes, and --update adds documents without
    reading the old ones again.
    """
    from .build import build as build_graph
    from .build import build_sharded
    from .concepts.lexicon import default_lexicon, load_lexicon
    from .documents.biblio import Fields
    from .engine.parallel import fewer_gc_pauses

    _check_out(out)
    lex = load_lexicon(lexicon) if lexicon else default_lexicon()
    for extra in add_lexicon:
        lex = lex.merged(load_lexicon(extra))
    if no_store and (update or store):
        raise typer.BadParameter("--no-store cannot be combined with --update or --store.")
    store_path: Path | Literal[False] = False if no_store else (store or out / "kgraph.db")
    kgraph_logger = logging.getLogger("kgraph")
    level = kgraph_logger.level
    if verbose:
        kgraph_logger.setLevel(logging.INFO)
    fields = Fields(text_field, id_field, title_field, year_field, journal_field)
    try:
        if engine is _Engine.dask:  # the pair counts stay on the workers (kgraph.engine.shards)
            kg: Any = build_sharded(corpus, lexicon=lex, model=model, max_evidence=max_evidence,
                                    min_weight=min_weight, strict=strict, fields=fields, workers=workers,
                                    progress=not quiet, scheduler=scheduler, store=store_path or None,
                                    update=update, wait=wait, thesaurus=thesaurus, stop_list=stop_list)
        else:
            kg = build_graph(corpus, lexicon=lex, model=model, max_evidence=max_evidence,
                             min_weight=min_weight, strict=strict, fields=fields,
                             workers=workers, progress=not quiet, store=store_path, update=update,
                             engine=engine.value, scheduler=scheduler, thesaurus=thesaurus,
                             stop_list=stop_list, wait=wait)
    finally:
        kgraph_logger.setLevel(level)
    # Writing makes the map's many small graphs while the built graph lives: as the passes do, run the
    # cyclic garbage collector less often (it would scan the graph again and again; about 1 s in 10 here).
    with contextlib.closing(kg) if hasattr(kg, "close") else contextlib.nullcontext(), fewer_gc_pauses():
        _write_build(kg, corpus, out, title, max_nodes)


def _write_build(kg: Any, corpus: Path, out: Path, title: str, max_nodes: int | None) -> None:
    """Write graph.json, graph.html and report.json of a build (a KnowledgeGraph or a ShardedGraph) as one set."""
    from .files import OutputSet
    from .views.html import write_pieces

    if kg.summary()["documents"] == 0:
        problems = [f"{Path(f['path']).name}: {f['reason'] or '; '.join(f['problems'][:2])}"
                    for f in kg.report.to_dict()["files"] if f["status"] == "skipped" or f["problems"]]
        raise KGraphError(f"No document could be read from {corpus}, so there is no graph to write"
                          + (f" ({'; '.join(problems[:3])})" if problems else "") + ". Point kgraph at "
                          "texts, PDFs, CSV/JSON records or a bibliographic export.")
    # The three files as one set: a reader sees this build's or the previous one's, never a mix.
    # Each names the graph it belongs to (a hash of graph.json).
    with OutputSet(out, BUILD_OUTPUTS) as outputs:
        staged = outputs.write("graph.json", kg.write)
        stamp = _digest(staged)
        outputs.write("graph.html", write_pieces(kg.html_pieces(title=title, max_nodes=max_nodes, stamp=stamp)))
        outputs.write("report.json", json.dumps({"graph": stamp, **kg.report.to_dict()}, indent=1) + "\n")
    json_path, html_path, report_path = (outputs.paths[name] for name in ("graph.json", "graph.html",
                                                                          "report.json"))
    s, r = kg.summary(), kg.report.summary()
    typer.echo(f"{counted(s['documents'], 'document')}, {counted(s['sentences'], 'sentence')} -> "
               f"{counted(s['concepts'], 'concept')}, {counted(s['edges'], 'edge')}")
    if r["files"]:
        typer.echo(f"  input: {counted(r['processed'], 'file')} read, {r['skipped']} skipped, {r['ignored']} ignored, "
                   f"{counted(r['skipped_records'], 'record')} skipped (see {report_path})")
    typer.echo(f"  view:  {html_path}\n  graph: {json_path}")


@app.command(cls=_Command)
@_fails_cleanly
def find(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build'."),
    name: str = typer.Argument(..., metavar="NAME", help="Any name, alias or abbreviation of a concept, or a "
                                                         "standard identifier (MESH:D002945, D002945, NCBIGene:7157)."),
) -> None:
    """Print the concept id for NAME (a name or a standard identifier)."""
    from .kg import load

    _say(load(graph).find(name))


@app.command(cls=_Command)
@_fails_cleanly
def neighbors(
    # fmt: off
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build'."),
    name: str = typer.Argument(..., metavar="NAME", help="Any name of the concept."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many neighbours."),
    by: _Rank = typer.Option(_Rank.weight, "--by", help="Rank by 'weight' (sentences) or 'npmi' (links seen in at least --min-documents documents)."),
    generic: bool = typer.Option(False, "--generic", help="Also list statistics, lab methods and basic molecules."),
    min_documents: Optional[int] = typer.Option(None, "--min-documents", help="Leave out links seen in fewer documents [default: 1 by weight, 3 by npmi]."),
    # fmt: on
) -> None:
    """List the strongest neighbours of a concept."""
    from .kg import load

    kg = load(graph)
    for n in kg.neighbors(name, limit=limit, by=by.value, generic=generic, min_documents=min_documents):
        _say(f"{n.weight:5d}  {n.npmi:+.3f}  {n.label}")


@app.command(cls=_Command)
@_fails_cleanly
def evidence(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build'."),
    a: str = typer.Argument(..., metavar="NAME_A", help="First concept."),
    b: str = typer.Argument(..., metavar="NAME_B", help="Second concept."),
) -> None:
    """Print the sentences that link two concepts."""
    from .kg import load

    items = load(graph).evidence(a, b)
    if not items:
        _say(f"No sentence mentions both {a!r} and {b!r}.")
    for item in items:
        _say(f"[{item['doc']}:{item['start']}-{item['end']}] {item['text']}")


@app.command(cls=_Command)
@_fails_cleanly
def explain(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build'."),
    name: str = typer.Argument(..., metavar="NAME", help="Any name of the concept."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show how a concept was recognised: its written forms, how each was resolved, where its short forms are defined."""
    from .kg import load

    explanation = load(graph).explain(name)
    _say(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=1) if as_json
         else explanation.to_text())


@app.command(cls=_Command)
@_fails_cleanly
def html(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build'."),
    out: Path = typer.Option(Path("graph.html"), "--out", "-o", help="Output HTML file."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", help="Concepts shown (the most mentioned)."),
    title: str = typer.Option("kgraph", "--title", help="Title of the view."),
) -> None:
    """Write the interactive view of a saved graph."""
    from .kg import load

    _check_out_file(out)
    typer.echo(load(graph).to_html(out, title=title, max_nodes=max_nodes))


_EXPORT_FILES = {"vosviewer-json": "graph.vosviewer.json", "gexf": "graph.gexf", "graphml": "graph.graphml",
                 "cytoscape": "graph.cyjs", "node-link": "graph.node-link.json", "csv": "evidence.csv"}


@app.command(cls=_Command)
@_fails_cleanly
def export(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build'."),
    to: _Format = typer.Argument(..., metavar="FORMAT", help="vosviewer (map and network files), vosviewer-json, gexf (Gephi), graphml, cytoscape (Cytoscape.js JSON), node-link (NetworkX JSON) or csv (the evidence)."),
    out: Path = typer.Option(Path("."), "--out", "-o", help="Output folder."),
) -> None:
    """Write a saved graph in another tool's format, into the folder OUT.

    File names: vosviewer_map.txt and vosviewer_network.txt, graph.vosviewer.json,
    graph.gexf, graph.graphml, graph.cyjs, graph.node-link.json, evidence.csv.
    """
    from .kg import load

    kg = load(graph)
    _check_out(out)
    if to is _Format.vosviewer:
        paths = list(kg.to_vosviewer(out / "vosviewer_map.txt", out / "vosviewer_network.txt"))
    else:
        target = out / _EXPORT_FILES[to.value]
        writer = {"vosviewer-json": kg.to_vosviewer_json, "gexf": kg.to_gexf, "graphml": kg.to_graphml,
                  "cytoscape": kg.to_cytoscape, "node-link": kg.to_node_link, "csv": kg.to_csv}[to.value]
        paths = [writer(target)]
    for path in paths:
        typer.echo(str(path))


def _years(text: str) -> tuple[int | None, int | None]:
    """``2010-2015``, ``2010-`` (from 2010), ``-2015`` (up to 2015) or ``2012`` as a range of years."""
    match = re.fullmatch(r"\s*(\d{4})?\s*(-?)\s*(\d{4})?\s*", text)
    if not match or not (match.group(1) or match.group(3)) or (not match.group(2) and match.group(3)):
        raise typer.BadParameter(f"{text!r} is not a range of years: write 2010-2015, 2010-, -2015 or 2012.")
    first = int(match.group(1)) if match.group(1) else None
    last = int(match.group(3)) if match.group(3) else (None if match.group(2) else first)
    if first is not None and last is not None and first > last:
        raise typer.BadParameter(f"{text!r}: the first year is after the last.")
    return first, last


def _write_rows(path: Path, rows: list[Any], columns: list[str]) -> None:
    """Dataclass rows as a CSV file (cells that would start a spreadsheet formula neutralised)."""
    from .files import atomic_write_text
    from .views.formats import spreadsheet_safe

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(str(getattr(row, c)) if c == "key" else getattr(row, c)) for c in columns])
    atomic_write_text(path, buffer.getvalue())


@app.command(cls=_Command)
@_fails_cleanly
def trends(
    # fmt: off
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A graph.json written by 'kgraph build' from documents with years."),
    min_documents: int = typer.Option(DEFAULTS.trend_min_documents, "--min-documents", min=1, help="Test only concepts and links in at least this many dated documents."),
    alpha: float = typer.Option(DEFAULTS.alpha, "--alpha", min=0.0, max=1.0, help="False discovery rate (Benjamini-Hochberg)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many to print."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Also write every significant trend to this CSV file."),
    # fmt: on
) -> None:
    """List concepts and links whose share of documents rises or falls over the years (Cochran-Armitage test)."""
    from .graph.timeline import trends as find_trends
    from .kg import load

    if out is not None:
        _check_out_file(out)
    rows = find_trends(load(graph).graph, min_documents=min_documents, alpha=alpha)
    _say(f"{len(rows)} significant trends (q <= {alpha}; tested: items in >= {min_documents} dated documents)")
    for t in rows[:limit]:
        _say(f"{t.direction:8s} {t.share_first:7.1%} -> {t.share_last:7.1%}  q={t.q:.2g}  since {t.first_year}  "
             f"{t.kind}: {t.label}")
    if len(rows) > limit:
        _say(f"... and {len(rows) - limit} more (--limit {len(rows)} prints all; --out FILE writes them to a table)")
    if out is not None:
        _write_rows(out, rows, ["kind", "label", "key", "documents", "first_year", "share_first", "share_last",
                                "slope", "z", "p", "q"])
        _say(f"  table: {out}")


@app.command(cls=_Command)
@_fails_cleanly
def compare(
    # fmt: off
    a: Path = typer.Argument(..., metavar="A", help="The graph.json of corpus A."),
    b: Optional[Path] = typer.Argument(None, metavar="B", help="The graph.json of corpus B [default: A again, with --b-years]."),
    a_years: Optional[str] = typer.Option(None, "--a-years", help="Only the documents of A from these years, e.g. 2010-2015."),
    b_years: Optional[str] = typer.Option(None, "--b-years", help="Only the documents of B from these years, e.g. 2020-2024."),
    names: str = typer.Option("A,B", "--names", help="What to call the two corpora, e.g. early,late."),
    min_documents: int = typer.Option(DEFAULTS.compare_min_documents, "--min-documents", min=1, help="Test only concepts and links in at least this many documents of both."),
    alpha: float = typer.Option(DEFAULTS.alpha, "--alpha", min=0.0, max=1.0, help="False discovery rate (Benjamini-Hochberg)."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many to print for each corpus."),
    out: Path = typer.Option(Path("compare"), "--out", "-o", help="Output directory: compare.html, concepts.csv, links.csv."),
    # fmt: on
) -> None:
    """Compare two corpora: concepts and links one mentions significantly more often (log-likelihood G2)."""
    from .kg import compare as compare_kgs
    from .kg import load

    pair = tuple(n.strip() for n in names.split(","))
    if len(pair) != 2 or not all(pair):
        raise typer.BadParameter("--names takes two names separated by a comma, e.g. early,late.")
    if b is None and a_years is None and b_years is None:
        raise typer.BadParameter("Give a second graph B, or year ranges (--a-years, --b-years) to compare "
                                 "two periods of A.")
    _check_out(out)
    first = load(a)
    second = load(b) if b is not None else first
    kg_a = first.filter(years=_years(a_years)) if a_years else first
    kg_b = second.filter(years=_years(b_years)) if b_years else second
    result = compare_kgs(kg_a, kg_b, min_documents=min_documents, alpha=alpha, names=(pair[0], pair[1]))
    page = result.to_html(out / "compare.html", title=f"{pair[0]} vs {pair[1]}")
    columns = ["kind", "label", "more_in", "documents_a", "documents_b", "share_a", "share_b", "log2_ratio",
               "g2", "p", "q"]
    for kind, name in (("concept", "concepts.csv"), ("link", "links.csv")):
        _write_rows(out / name, [d for d in result.differences if d.kind == kind], columns)
    _say(f"{pair[0]}: {counted(kg_a.summary()['documents'], 'document')}; "
         f"{pair[1]}: {counted(kg_b.summary()['documents'], 'document')}")
    for side, name in (("A", pair[0]), ("B", pair[1])):
        found = [d for d in result.differences if d.q <= alpha and d.more_in == side]
        _say(f"More in {name} ({len(found)} concepts and links, q <= {alpha}):")
        for d in found[:limit]:
            _say(f"  {d.share_a:6.1%} vs {d.share_b:6.1%}  log2 {d.log2_ratio:+.2f}  q={d.q:.2g}  {d.kind}: {d.label}")
    _say(f"  view:   {page}\n  tables: {out / 'concepts.csv'}, {out / 'links.csv'}")


@app.command(cls=_Command)
@_fails_cleanly
def extract(
    file: Path = typer.Argument(..., metavar="FILE", help="A text file."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", "-l", help="Lexicon file to use."),
) -> None:
    """Print the concept mentions in a text file (tab-separated)."""
    from .build import extract as extract_mentions
    from .documents.decoding import FALLBACK, decode_noting
    from .errors import file_kind

    if file.exists() and not file.is_file():  # a pipe or a device would be read forever
        raise KGraphError(f"Cannot read {file}: it is {file_kind(file.stat().st_mode)}, not a file; give the "
                          "path of a file.")
    try:
        text, fallback = decode_noting(file.read_bytes())
    except OSError as err:
        raise KGraphError(f"Cannot read {file}: {err}") from err
    if fallback:
        logging.getLogger("kgraph").warning("%s is not UTF-8; decoded as %s.", file, FALLBACK)
    typer.echo("start\tend\ttext\tconcept\tcategory")
    for m in extract_mentions(text, lexicon=lexicon):
        _say(f"{m.start}\t{m.end}\t{m.text}\t{m.concept}\t{m.category}")


@app.command("eval", cls=_Command)
@_fails_cleanly
def eval_(
    # fmt: off
    gold: Path = typer.Argument(..., metavar="GOLD", help="Gold file: passages (.json, seeds format) or spans (.jsonl)."),
    types: Optional[str] = typer.Option(None, "--types", "-t", help="Comma-separated entity types whose recall counts (span files)."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", "-l", help="Lexicon file to use."),
    categories: Optional[str] = typer.Option(None, "--categories", "-c", help="Comma-separated concept categories whose mentions count for precision (span files; all if not given)."),
    misses: int = typer.Option(20, "--misses", min=0, help="How many misses and unmatched mentions to list."),
    # fmt: on
) -> None:
    """Report precision and recall of concept extraction against annotations."""
    from .evaluate import evaluate_file

    report = evaluate_file(gold, types=types.split(",") if types else None, lexicon=lexicon,
                           categories=categories.split(",") if categories else None)
    summary = report.summary()
    for line in report.misses[:misses]:
        typer.echo(f"  {line}")
    if report.unmatched and misses:
        common = ", ".join(f"{t!r} x{n}" for t, n in report.unmatched.most_common(misses))
        typer.echo(f"  mentions on no annotation: {common}")
    per_type = summary.pop("per_type", {})
    totals = summary.pop("totals")
    typer.echo("  ".join(f"{k} {v}" for k, v in summary.items()))
    for kind, value in per_type.items():
        typer.echo(f"  recall {kind}: {value}")
    typer.echo(f"  totals: {totals}")


@app.command("discover", cls=_Command)
@_fails_cleanly
def discover_(
    # fmt: off
    corpus: Path = typer.Argument(..., metavar="CORPUS", help="A folder or a file: texts, PDF, JSON(L), CSV, or a PubMed/MEDLINE/RIS/BibTeX/Scopus/WoS/PubTator/BioC export."),
    out: Path = typer.Option(Path("candidates.yaml"), "--out", "-o", help="Lexicon file of candidates to review."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", "-l", help="Lexicon to compare against."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="An installed trained spaCy pipeline (adds noun chunks)."),
    min_count: int = typer.Option(DEFAULTS.min_term_count, "--min-count", min=1, help="Minimum occurrences of a multiword term."),
    min_c_value: float = typer.Option(DEFAULTS.min_term_c_value, "--min-c-value", help="Minimum C-value of a multiword term."),
    # fmt: on
) -> None:
    """Find concepts the lexicon lacks and write them as a lexicon file for review."""
    from .build import discover_concepts
    from .concepts.discover import write_candidates

    _check_out_file(out)
    found = discover_concepts(corpus, lexicon=lexicon, model=model, min_count=min_count,
                              min_c_value=min_c_value)
    path = write_candidates(out, found)
    kinds = Counter(how for *_, how in found)
    typer.echo(f"{len(found)} candidates ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}) -> {path}")
