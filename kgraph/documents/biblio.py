"""Bibliographic exports: records with a title, an abstract and metadata (pure Python).

Researchers export search results rather than folders of text. This module
recognises the common export formats by their content and reads each record
as a :class:`Record`: its id (PMID, DOI or the export's own id), title,
abstract, year, journal, authors and keywords.

============  ===============================================================
format        recognised by
============  ===============================================================
pubmed-xml    ``<PubmedArticleSet>`` (PubMed's XML, E-utilities ``efetch``)
bioc-xml      ``<collection>`` with ``<document>`` and ``<passage>`` (BioC)
bioc-json     BioC JSON, also PubTator3's ``{"PubTator3": [...]}``
medline       ``PMID- `` tagged lines (PubMed's MEDLINE / ``.nbib`` export)
wos           ``FN``/``PT`` two-letter tags (Web of Science plain text)
wos-tab       a ``PT<TAB>AU<TAB>...`` header line (Web of Science tab-delimited)
ris           ``TY  - `` tagged lines (Zotero, EndNote, Embase, Scopus, Ovid)
bibtex        ``@article{...}`` entries (Scopus, Zotero, JabRef)
pubtator      ``PMID|t|title`` and ``PMID|a|abstract`` lines
============  ===============================================================

CSV and JSON files with title/abstract/year/journal columns or fields (Scopus
CSV among them) are read by :mod:`kgraph.documents.records` with :func:`pick_fields`.
RIS is parsed by ``rispy`` (one record at a time, so that a malformed record
costs only itself) and BibTeX by ``bibtexparser``; XML by the standard
library (streamed, element by element). A record that cannot be read is
given as :class:`Unreadable` (where it starts, and why), never dropped.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

__all__ = ["FORMATS", "TEXT_FIELDS", "Fields", "Record", "Unreadable", "citation", "normal_id", "pick_fields",
           "read_records", "record_from_fields", "sniff", "year_of"]

FORMATS = {
    "pubmed-xml": "PubMed XML",
    "bioc-xml": "BioC XML",
    "bioc-json": "BioC JSON",
    "medline": "MEDLINE (.nbib)",
    "wos": "Web of Science plain text",
    "wos-tab": "Web of Science tab-delimited",
    "ris": "RIS",
    "bibtex": "BibTeX",
    "pubtator": "PubTator",
}
"""The export formats read here: name -> what it is called in messages."""


@dataclass
class Record:
    """One bibliographic record.

    Attributes:
        id: PMID, DOI or the export's own id ("" if the record has none).
        title: The title.
        abstract: The abstract (or the body of a full text), paragraphs
            separated by blank lines.
        year: Publication year, if known.
        journal: Journal (or book, proceedings) name.
        authors: Authors, as the export writes them.
        keywords: Keywords and MeSH headings.
        doi: The DOI, if known.
    """

    id: str = ""
    title: str = ""
    abstract: str = ""
    year: int | None = None
    journal: str = ""
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    doi: str = ""

    @property
    def text(self) -> str:
        """Title and abstract as two paragraphs (the document kgraph reads).

        Examples:
            >>> Record(title="CSCs resist", abstract="Radiotherapy spares them.").text
            'CSCs resist\\n\\nRadiotherapy spares them.'
        """
        if not self.title.strip():
            return self.abstract if self.abstract.strip() else ""
        return "\n\n".join(part for part in (self.title.strip(), self.abstract.strip()) if part)

    def metadata(self) -> dict[str, Any]:
        """The metadata kgraph keeps with the document (empty values left out)."""
        values = {"title": self.title.strip(), "year": self.year, "journal": self.journal.strip(),
                  "authors": self.authors, "keywords": self.keywords, "doi": normal_id(self.doi)}
        return {key: value for key, value in values.items() if value not in (None, "", [])}


@dataclass(frozen=True)
class Unreadable:
    """A record of an export that cannot be read.

    Attributes:
        line: The line of the file it starts on (1-based).
        reason: Why it cannot be read, in a few words.
    """

    line: int
    reason: str


_DOI = re.compile(r"^\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)\s*$", re.I)


def normal_id(value: str) -> str:
    """A record id as one writes it everywhere: a DOI without its URL prefix and in lower case.

    DOIs are case-insensitive, and exports write them as ``10.x/y``,
    ``doi:10.x/y`` or ``https://doi.org/10.x/y``; other ids are unchanged.

    Examples:
        >>> normal_id("http://dx.doi.org/10.1161/JAHA.114.001469"), normal_id(" 27797938 ")
        ('10.1161/jaha.114.001469', '27797938')
    """
    match = _DOI.match(value)
    return match.group(1).lower() if match else value.strip()


def year_of(value: Any) -> int | None:
    """The publication year in a date written any way (the first plausible 4-digit year).

    Examples:
        >>> year_of("2016 Jan 15"), year_of("1998-1999"), year_of(2020.0), year_of("n.d."), year_of(True)
        (2016, 1998, 2020, None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if 1000 <= value <= 2999 and value == int(value) else None
    match = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", str(value))
    return int(match.group(1)) if match else None


def citation(meta: Mapping[str, Any]) -> str:
    """A short citation of a document from its metadata ("" if it has none).

    Examples:
        >>> citation({"authors": ["Smith, John", "Doe, J."], "year": 2019, "journal": "Cancer Res"})
        'Smith et al., Cancer Res, 2019'
        >>> citation({"authors": ["Bao Y"], "year": 2017}), citation({"file": "a.txt"})
        ('Bao, 2017', '')
    """
    parts = []
    authors = meta.get("authors") or []
    if authors:
        first = str(authors[0])
        surname = first.split(",")[0] if "," in first else first.split()[0] if first.split() else first
        parts.append(surname.strip() + (" et al." if len(authors) > 1 else ""))
    if meta.get("journal"):
        parts.append(str(meta["journal"]))
    if meta.get("year"):
        parts.append(str(meta["year"]))
    return ", ".join(parts)


# Detection -------------------------------------------------------------------------------------

_TAG_LINES = {
    "medline": re.compile(r"^(PMID|TI  |AB  |DP  |FAU |AU  |OWN |STAT)- ", re.M),
    "ris": re.compile(r"^(TY|TI|T1|AU|A1|AB|N2|PY|Y1|ER)  - ?", re.M),
    "wos": re.compile(r"^(FN|VR|PT|AU|AF|TI|SO|AB|PY|UT|ER)( |$)", re.M),
    "pubtator": re.compile(r"^[^|\s]+\|[ta]\|", re.M),
}


_WOS_HEADER = re.compile(r"PT\t(?:[A-Z][A-Z0-9]\t)*(?:TI|AU)\t")  # the tags as column names
_WOS_ROW = re.compile(r"[JBSP]\t.*\tWOS:\d")  # a record (its PT and UT) where the header should be


def sniff(head: str) -> str | None:
    """The export format of a file, from its first few kilobytes (None: not an export).

    Examples:
        >>> sniff("PMID- 123\\nTI  - CSCs.\\nAB  - Text.\\n")
        'medline'
        >>> sniff("TY  - JOUR\\nTI  - CSCs\\nER  - \\n")
        'ris'
        >>> sniff("PT\\tAU\\tBA\\tTI\\tSO\\tAB\\tPY\\tUT\\nJ\\tSmith, J\\t\\tCSCs\\tNATURE\\tText.\\t2019\\tWOS:1\\n")
        'wos-tab'
        >>> sniff("Cancer stem cells (CSCs) resist therapy.") is None
        True
    """
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        if re.search(r"<PubmedArticleSet[\s>]|<PubmedArticle[\s>]", head):
            return "pubmed-xml"
        if re.search(r"<collection[\s>]", head) and re.search(r"<(document|passage)[\s>]", head):
            return "bioc-xml"
        return None
    if text.startswith(("{", "[")):
        if '"PubTator3"' in head[:200] or re.search(r'"passages"\s*:', head):
            return "bioc-json"
        return None
    if text.startswith("@") and re.match(r"@\s*\w+\s*[{(]", text):
        return "bibtex"
    first = text.split("\n", 1)[0]
    if _WOS_HEADER.match(first) or (_WOS_ROW.match(first) and first.count("\t") >= 20):
        return "wos-tab"
    if re.match(r"PMID- ?\d", first):
        return "medline"
    if re.match(r"(PT|FN)\s", first) and len(_TAG_LINES["wos"].findall(text)) >= 3:
        return "wos"
    if re.match(r"TY  - ", first) and len(_TAG_LINES["ris"].findall(text)) >= 2:
        return "ris"
    if _TAG_LINES["pubtator"].match(text):
        return "pubtator"
    if len(_TAG_LINES["medline"].findall(text)) >= 3 and re.search(r"^PMID- ", text, re.M):
        return "medline"
    return None


# Reading ---------------------------------------------------------------------------------------

def read_records(handle: IO[str] | IO[bytes], fmt: str) -> Iterator[Record | Unreadable]:
    """The records of an export file, in file order.

    Args:
        handle: The open file (text for tagged formats, JSON and BibTeX;
            bytes or text for XML).
        fmt: One of :data:`FORMATS`.

    Returns:
        An iterator of records (records without any text included: the
        caller reports them), and :class:`Unreadable` for each record that
        cannot be read (RIS, BibTeX, Web of Science tab-delimited).

    Raises:
        ValueError: ``fmt`` is not a known format, or the file is not valid
            in its format as a whole (the message says where).

    Examples:
        >>> records = read_records(io.StringIO("PMID- 7\\nDP  - 2019 Mar\\nTI  - CSCs and\\n      radiotherapy.\\n"
        ...                                    "AB  - Text.\\nJT  - Cancer Res\\n"), "medline")
        >>> [(r.id, r.year, r.title, r.journal) for r in records]
        [('7', 2019, 'CSCs and radiotherapy.', 'Cancer Res')]
    """
    readers = {"pubmed-xml": _pubmed_xml, "bioc-xml": _bioc_xml, "bioc-json": _bioc_json,
               "medline": _medline, "wos": _wos, "wos-tab": _wos_tab, "ris": _ris, "bibtex": _bibtex,
               "pubtator": _pubtator}
    if fmt not in readers:
        raise ValueError(f"Unknown export format {fmt!r}; known: {', '.join(sorted(readers))}.")
    return readers[fmt](handle)


def _text_of(handle: IO[str] | IO[bytes]) -> str:
    data = handle.read()
    return data.decode("utf-8-sig", "replace") if isinstance(data, bytes) else data.lstrip("\ufeff")


def _join(parts: Iterable[str | None], sep: str = " ") -> str:
    return sep.join(" ".join(p.split()) for p in parts if p and p.strip())


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item and item.strip()))


# PubMed XML ------------------------------------------------------------------------------------

def _all_text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _pubmed_xml(handle: IO[str] | IO[bytes]) -> Iterator[Record]:
    try:
        for _, element in ET.iterparse(handle, events=("end",)):
            if element.tag in ("PubmedArticle", "PubmedBookArticle"):
                yield _pubmed_article(element)
                element.clear()
    except ET.ParseError as error:
        raise ValueError(f"not well-formed PubMed XML ({error})") from error


def _pubmed_article(element: ET.Element) -> Record:
    article = element.find(".//Article")
    if article is None:
        article = element.find(".//Book") or element
    record = Record(id=(element.findtext(".//PMID") or "").strip())
    record.title = _all_text(article.find("ArticleTitle")) or _all_text(article.find("BookTitle")) \
        or _all_text(element.find(".//ArticleTitle"))
    sections = []
    for part in element.iterfind(".//Abstract/AbstractText"):
        text = _all_text(part)
        label = part.get("Label")
        if text:
            sections.append(f"{label.capitalize() if label.isupper() else label}: {text}" if label else text)
    record.abstract = "\n\n".join(sections)
    pub_date = article.find(".//JournalIssue/PubDate")
    for date in (pub_date, article.find("ArticleDate"), element.find(".//PubDate"),
                 element.find(".//DateCompleted"), element.find(".//DateCreated")):
        if date is not None:
            record.year = year_of(date.findtext("Year") or date.findtext("MedlineDate"))
            if record.year:
                break
    record.journal = _all_text(article.find("Journal/Title")) or (
        element.findtext(".//MedlineJournalInfo/MedlineTA") or "").strip()
    for author in element.iterfind(".//AuthorList/Author"):
        name = author.findtext("CollectiveName") or _join(
            [author.findtext("LastName"), author.findtext("Initials")])
        if name:
            record.authors.append(name.strip())
    record.keywords = _dedupe([_all_text(d) for d in element.iterfind(".//MeshHeading/DescriptorName")]
                              + [_all_text(k) for k in element.iterfind(".//KeywordList/Keyword")])
    for node in [*element.iterfind(".//ArticleIdList/ArticleId"), *article.iterfind("ELocationID")]:
        if (node.get("IdType") or node.get("EIdType")) == "doi" and node.text:
            record.doi = node.text.strip()
            break
    return record


# BioC ------------------------------------------------------------------------------------------

_TITLE_TYPES = frozenset({"title", "front", "title_1"})


def _bioc_record(doc_id: str, passages: list[tuple[dict[str, str], str]],
                 infons: Mapping[str, str]) -> Record:
    record = Record(id=doc_id)
    body = []
    for passage_infons, text in passages:
        kind = (passage_infons.get("type") or passage_infons.get("section_type") or "").lower()
        text = " ".join(text.split())
        if not text:
            continue
        if kind in _TITLE_TYPES and not record.title:
            record.title = text
        elif kind not in {"ref", "table", "fig", "footnote", "title_caption"}:
            body.append(text)
        for source in (passage_infons, infons):
            record.year = record.year or year_of(source.get("year"))
            if not record.journal and source.get("journal"):
                record.journal = source["journal"].split(";")[0].strip()
            if not record.authors and source.get("authors"):
                record.authors = _dedupe(source["authors"].split(","))
            if not record.doi and source.get("article-id_doi"):
                record.doi = source["article-id_doi"]
    record.abstract = "\n\n".join(body)
    return record


def _bioc_xml(handle: IO[str] | IO[bytes]) -> Iterator[Record]:
    try:
        for _, element in ET.iterparse(handle, events=("end",)):
            if element.tag != "document":
                continue
            infons = {i.get("key", ""): i.text or "" for i in element.findall("infon")}
            passages = [({i.get("key", ""): i.text or "" for i in p.findall("infon")}, p.findtext("text") or "")
                        for p in element.findall("passage")]
            yield _bioc_record((element.findtext("id") or "").strip(), passages, infons)
            element.clear()
    except ET.ParseError as error:
        raise ValueError(f"not well-formed BioC XML ({error})") from error


def _bioc_json(handle: IO[str] | IO[bytes]) -> Iterator[Record]:
    try:
        data = json.loads(_text_of(handle))
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON (line {error.lineno}: {error.msg})") from error
    if isinstance(data, dict):
        documents = data.get("PubTator3", data.get("documents", [data]))
    else:
        documents = data
    if not isinstance(documents, list):
        raise ValueError("BioC JSON without a list of documents")
    for number, document in enumerate(documents, start=1):
        if not isinstance(document, dict):
            raise ValueError(f"document {number} is not a JSON object")
        passages = [(_strings(p.get("infons")), str(p.get("text") or "")) for p in document.get("passages", [])
                    if isinstance(p, dict)]
        yield _bioc_record(str(document.get("id") or ""), passages, _strings(document.get("infons")))


def _strings(infons: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in infons.items() if v is not None} if isinstance(infons, dict) else {}


# Tagged text: MEDLINE, Web of Science, PubTator -------------------------------------------------

def _tagged(lines: Iterable[str], tag: re.Pattern[str], cont: str) -> Iterator[list[tuple[str, str]]]:
    """Records of a tagged format as ``(tag, value)`` lists; continuation lines extend the value."""
    fields: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            continue
        match = tag.match(line)
        if match:
            name, value = match.group(1).strip(), line[match.end():].strip()
            if name in ("ER", "EF", "FN", "VR"):
                if name == "ER" and fields:
                    yield fields
                    fields = []
                continue
            if name == "PMID" and any(t == "PMID" for t, _ in fields):
                yield fields  # MEDLINE: a new record starts at each PMID
                fields = []
            fields.append((name, value))
        elif line.startswith(cont) and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value}\n{line.strip()}")
    if fields:
        yield fields


def _lines(handle: IO[str] | IO[bytes]) -> Iterable[str]:
    if isinstance(handle, io.TextIOBase):
        return handle
    return io.TextIOWrapper(handle, "utf-8-sig", errors="replace")  # type: ignore[arg-type]


def _values(fields: list[tuple[str, str]], *names: str) -> list[str]:
    return [value for name, value in fields if name in names]


def _first(fields: list[tuple[str, str]], *names: str, sep: str = " ") -> str:
    for name in names:
        found = _values(fields, name)
        if found:
            return " ".join(found[0].replace("\n", sep).split())
    return ""


_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})- ?")


def _medline(handle: IO[str] | IO[bytes]) -> Iterator[Record]:
    lines = _lines(handle)
    for fields in _tagged(lines, _MEDLINE_TAG, "      "):
        doi = next((v.split()[0] for v in _values(fields, "LID", "AID") if v.endswith("[doi]")), "")
        yield Record(id=_first(fields, "PMID"), title=_first(fields, "TI", "BTI"), abstract=_first(fields, "AB"),
                     year=year_of(_first(fields, "DP", "DEP", "DA", "EDAT")),
                     journal=_first(fields, "JT", "TA"),
                     authors=[" ".join(a.split()) for a in _values(fields, "FAU") or _values(fields, "AU")],
                     keywords=_dedupe(" ".join(k.split("/")[0].strip("* ").split())
                                      for k in _values(fields, "MH", "OT")), doi=doi)


_WOS_TAG = re.compile(r"^([A-Z][A-Z0-9])(?: |$)")


def _wos_record(fields: list[tuple[str, str]], authors_sep: str) -> Record:
    authors = [a for v in _values(fields, "AF") or _values(fields, "AU") for a in v.split(authors_sep)]
    keywords = [k for v in _values(fields, "DE", "ID") for k in v.replace("\n", " ").split(";")]
    return Record(id=_first(fields, "UT") or _first(fields, "DI"), title=_first(fields, "TI"),
                  abstract=_first(fields, "AB"), year=year_of(_first(fields, "PY", "EA", "PD")),
                  journal=_first(fields, "SO"), authors=_dedupe(authors), keywords=_dedupe(keywords),
                  doi=_first(fields, "DI"))


def _wos(handle: IO[str] | IO[bytes]) -> Iterator[Record]:
    lines = _lines(handle)
    for fields in _tagged(lines, _WOS_TAG, "   "):
        yield _wos_record(fields, "\n")


def _wos_tab(handle: IO[str] | IO[bytes]) -> Iterator[Record | Unreadable]:
    """Web of Science tab-delimited: a header of field tags, then one record per line (no quoting)."""
    from .tables import check_width

    header: list[str] | None = None
    for number, raw in enumerate(_lines(handle), start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            continue
        cells = line.split("\t")
        if header is None:
            if not _WOS_HEADER.match(line):
                raise ValueError("a tab-delimited export without its header line of field tags (PT, AU, "
                                 "TI, ...), so its columns are unknown; export it again with the header, or "
                                 "as plain text")
            header = [cell.strip() for cell in cells]
            continue
        problem = check_width(cells, header)
        if problem:
            yield Unreadable(number, problem)
            continue
        yield _wos_record([(tag, value) for tag, value in zip(header, cells) if value.strip()], ";")


def _pubtator(handle: IO[str] | IO[bytes]) -> Iterator[Record]:
    lines = _lines(handle)
    record: Record | None = None
    for raw in lines:
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        match = re.match(r"([^|\t]+)\|([ta])\|(.*)", line)
        if not match:
            continue  # annotation rows (tab-separated) and blank lines
        doc_id, kind, text = match.groups()
        if record is None or record.id != doc_id:
            if record is not None:
                yield record
            record = Record(id=doc_id)
        if kind == "t":
            record.title = text.strip()
        else:
            record.abstract = text.strip()
    if record is not None:
        yield record


# RIS and BibTeX (well-kept parsers) -------------------------------------------------------------

_RIS_FIELDS = {
    "title": ("title", "primary_title", "translated_title"),
    "abstract": ("abstract", "notes_abstract"),
    "year": ("year", "publication_year", "date", "access_date"),
    "journal": ("secondary_title", "journal_name", "alternate_title3", "alternate_title1",
                "alternate_title2", "tertiary_title"),
    "authors": ("authors", "first_authors", "secondary_authors"),
}


_RIS_START = re.compile(r"^TY  -")
_RIS_END = re.compile(r"^ER  -")


def _ris_chunks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record's lines (from its ``TY`` to its ``ER``) and the line it starts on.

    A record without its ``ER`` ends where the next begins, or at the end of
    the file; lines outside records are left out (as rispy does).
    """
    start, chunk = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        if _RIS_START.match(line):
            if chunk:
                yield start, chunk
            start, chunk = number, [line]
        elif chunk:
            chunk.append(line)
            if _RIS_END.match(line):
                yield start, chunk
                chunk = []
    if chunk:
        yield start, chunk


def _ris(handle: IO[str] | IO[bytes]) -> Iterator[Record | Unreadable]:
    import rispy

    for start, chunk in _ris_chunks(_text_of(handle)):
        if not _RIS_END.match(chunk[-1]):
            chunk = [*chunk, "ER  - "]  # cut short (a truncated file): read what is there
        try:
            entries = rispy.loads("\n".join(chunk) + "\n")
        except Exception as error:  # rispy raises plain KeyError/ValueError subclasses on bad records
            yield Unreadable(start, f"not valid RIS ({type(error).__name__}: {error})")
            continue
        yield from (_ris_record(entry) for entry in entries)


def _ris_record(entry: dict[str, Any]) -> Record:
    def first(kind: str) -> Any:
        for name in _RIS_FIELDS[kind]:
            value = entry.get(name)
            if value:
                return value[0] if isinstance(value, list) and kind != "authors" else value
        return None

    doi = str(entry.get("doi") or "").strip()
    ident = entry.get("id") or entry.get("accession_number") or doi
    return Record(id=str(ident or "").strip(), title=_join([first("title")]),
                  abstract=str(first("abstract") or "").strip(), year=year_of(first("year")),
                  journal=_join([first("journal")]), authors=list(first("authors") or []),
                  keywords=_dedupe(entry.get("keywords") or []), doi=doi)


def _bibtex_failure(block: Any) -> str:
    """Why bibtexparser could not read a block: its entry key, and the parser's reason on one line."""
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", str(getattr(block, "raw", "")))
    error = getattr(block, "error", None)
    reason = " ".join(str(getattr(error, "abort_reason", "") or error or "a syntax error").split())
    return f"not valid BibTeX{f' (entry {key.group(1)})' if key else ''}: {reason[:200]}"


def _bibtex(handle: IO[str] | IO[bytes]) -> Iterator[Record | Unreadable]:
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(_text_of(handle), append_middleware=[middlewares.SeparateCoAuthors()])
    entries: list[Any] = list(library.entries)
    for block in library.failed_blocks:
        ignored = getattr(block, "ignore_error_block", None)  # a field given twice: the entry is kept
        if ignored is not None and hasattr(ignored, "fields_dict"):
            entries.append(ignored)
        else:  # unbalanced braces, a missing comma...: reported, never dropped
            entries.append(Unreadable(block.start_line + 1, _bibtex_failure(block)))
    entries.sort(key=lambda e: e.line - 1 if isinstance(e, Unreadable) else e.start_line)
    for entry in entries:
        if isinstance(entry, Unreadable):
            yield entry
            continue
        fields = {name.lower(): entry.fields_dict[name].value for name in entry.fields_dict}

        def value(*names: str) -> str:
            for name in names:
                found = fields.get(name)
                if isinstance(found, str) and found.strip():
                    return _latex(found)
            return ""

        authors = fields.get("author")
        if isinstance(authors, str):  # an entry kept from a failed block: no middleware ran on it
            authors = re.split(r"\s+and\s+", authors)
        keywords = [k for name in ("keywords", "author_keywords") for k in value(name).split(";")]
        yield Record(id=value("doi") or entry.key, title=value("title"), abstract=value("abstract"),
                     year=year_of(value("year", "date")),
                     journal=value("journal", "journaltitle", "booktitle", "source"),
                     authors=[_latex(str(a)) for a in authors] if isinstance(authors, list) else [],
                     keywords=_dedupe(keywords), doi=value("doi"))


def _latex(value: str) -> str:
    r"""A BibTeX value as plain text: LaTeX accents and commands decoded, braces dropped.

    Only values with a backslash go through the (slow) LaTeX decoder.

    Examples:
        >>> _latex("The {CAR-T} caf{\\'e}  effect")
        'The CAR-T café effect'
    """
    if "\\" in value:
        from pylatexenc.latex2text import LatexNodes2Text

        value = LatexNodes2Text(math_mode="verbatim").latex_to_text(value)
    return " ".join(value.replace("{", "").replace("}", "").split())


# Generic records (CSV rows, JSON objects) -------------------------------------------------------

@dataclass(frozen=True)
class Fields:
    """Which field of a CSV row or JSON record holds what (None: found by its name).

    Attributes:
        text: The text (abstract) field.
        id: The id field.
        title: The title field.
        year: The year (or date) field.
        journal: The journal field.
    """

    text: str | None = None
    id: str | None = None
    title: str | None = None
    year: str | None = None
    journal: str | None = None


TEXT_FIELDS = ("text", "abstract", "contexts", "ab", "body", "content", "full_text")
"""The names of a record's text field (or column), in the order they are looked for (any case)."""

_CANDIDATES = {
    "text": TEXT_FIELDS,
    "id": ("id", "pmid", "doi", "eid", "record_id", "ut", "uid", "accession number"),
    "title": ("title", "ti", "article title", "document title"),
    "year": ("year", "py", "publication year", "pubyear", "pub_year", "publication_year", "date",
             "publication date"),
    "journal": ("journal", "source title", "so", "journal title", "journal/book", "venue",
                "publication title", "container-title"),
    "authors": ("authors", "author", "au", "author full names"),
    "keywords": ("keywords", "author keywords", "index keywords", "mesh", "meshes", "mesh terms", "de"),
}


def pick_fields(columns: Iterable[str], chosen: Fields) -> dict[str, str]:
    """The column used for each role: the chosen one, else the first known name present.

    Names match without regard to case. A role with no column is left out.

    Examples:
        >>> pick_fields(["Authors", "Title", "Year", "Source title", "Abstract", "EID"], Fields())
        {'text': 'Abstract', 'id': 'EID', 'title': 'Title', 'year': 'Year', 'journal': 'Source title', 'authors': 'Authors'}
        >>> pick_fields(["id", "text", "source"], Fields())
        {'text': 'text', 'id': 'id'}
    """
    present = {str(c).strip().lower(): c for c in columns}
    picked: dict[str, str] = {}
    for role, names in _CANDIDATES.items():
        wanted = getattr(chosen, role, None)
        if wanted is not None:
            picked[role] = wanted
            continue
        for name in names:
            if name in present and present[name] not in picked.values():
                picked[role] = present[name]
                break
    return picked


_MISSING = frozenset({"na", "n/a", "nan", "null", "none", "-", "[no abstract available]"})
"""How exports write a missing value (R writes ``NA``, pandas ``nan``)."""

_NO_ABSTRACT = re.compile(r"^\s*\[?\s*no abstract available\s*\]?\s*$", re.I)


def record_from_fields(values: Mapping[str, Any], picked: Mapping[str, str]) -> Record:
    """A record from a CSV row or JSON object, by the columns of :func:`pick_fields`.

    A list of strings (e.g. PubMedQA's ``CONTEXTS``) becomes paragraphs.

    Examples:
        >>> r = record_from_fields({"Title": "CSCs", "Abstract": "[No abstract available]", "Year": "2020"},
        ...                        {"title": "Title", "text": "Abstract", "year": "Year"})
        >>> r.text, r.year
        ('CSCs', 2020)
    """
    def get(role: str) -> Any:
        name = picked.get(role)
        return values.get(name) if name is not None else None

    def text(value: Any, sep: str = "\n\n") -> str:
        if isinstance(value, list):
            return sep.join(" ".join(str(v).split()) for v in value if isinstance(v, (str, int, float)))
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return ""
        return "" if str(value).strip().lower() in _MISSING else str(value)

    def listing(value: Any) -> list[str]:
        if isinstance(value, list):
            return _dedupe(str(v) for v in value)
        return _dedupe(re.split(r"\s*;\s*", text(value))) if text(value) else []

    abstract = text(get("text"))
    if _NO_ABSTRACT.match(abstract):
        abstract = ""
    title = text(get("title"), " ").strip()
    if title and abstract.lstrip().startswith(title):
        title = ""  # the text field holds the title already
    return Record(id=text(get("id"), " ").strip(), title=title, abstract=abstract, year=year_of(get("year")),
                  journal=text(get("journal"), " ").strip(), authors=listing(get("authors")),
                  keywords=listing(get("keywords")))
