"""The spaCy components of kgraph.

* ``kgraph_sentences`` splits sentences at final punctuation and at line
  breaks (:mod:`kgraph.text.sentences`), so a title never runs into the next sentence.
* ``kgraph_concepts`` (:class:`ConceptExtractor`) writes the concepts it
  recognises to ``doc.spans["kgraph"]``: each span's ``kb_id_`` is the concept
  id and its ``label_`` the category. It also sets ``doc._.kg_recognition``,
  the full :class:`~kgraph.concepts.recognize.Recognition` (abbreviation definitions,
  undefined short forms, discovered concepts).

The recognition itself is the pure function :func:`kgraph.concepts.recognize.recognize`;
the component only calls it and stores the result.

The lexicon is data of the component, as patterns are of spaCy's
``SpanRuler``: :meth:`ConceptExtractor.initialize` loads it (``nlp.initialize()``
passes the settings of ``[initialize.components.kgraph_concepts]``, where
``lexicon = {"@misc": "kgraph.lexicon.v1", "path": "my.yaml"}``), and it travels
with the pipeline (``to_disk``/``from_disk``, ``to_bytes``/``from_bytes``):
``nlp.to_disk(path)`` then ``spacy.load(path)`` gives the same pipeline back,
even after the lexicon file has moved (kgraph registers its components,
tokenizer and lexicon with spaCy's entry points, so no import is needed first).
"""

# No ``from __future__ import annotations``: spaCy validates the settings of
# ``initialize`` against its signature, which needs the annotations as objects.

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy
from spacy import util
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from ..concepts.lexicon import Lexicon, default_lexicon, load_lexicon
from ..concepts.recognize import Recognition, recognize
from ..concepts.shortforms import ShortForm, ShortForms
from ..concepts.survey import concept_from_json, concept_to_json
from ..settings import ABBREVIATIONS_KEY, DEFINITIONS_KEY, SENTENCES_KEY, SPANS_KEY, TEXT_KEY
from ..text.abbreviations import Abbreviation
from ..text.sentences import split_sentences

__all__ = ["ConceptExtractor", "SENTENCES_KEY", "SPANS_KEY", "TEXT_KEY", "TextKeepingTokenizer", "lexicon_resource"]

TOKEN_STARTS_KEY = "kgraph.token_starts"  # character offset of each token (numpy), shared by components


@registry.misc("kgraph.lexicon.v1")
def lexicon_resource(path: str = "") -> Callable[[], Lexicon]:
    """A loader of the lexicon of a ``kgraph_concepts`` component: a lexicon file, or "" for kgraph's oncology lexicon.

    In a config: ``[initialize.components.kgraph_concepts]`` with
    ``lexicon = {"@misc": "kgraph.lexicon.v1", "path": "my.yaml"}``. The file
    is read when the component is initialised, not when the config is loaded
    (a saved pipeline carries its lexicon and never reads the file).

    Examples:
        >>> load = lexicon_resource("")
        >>> load() is default_lexicon()
        True
    """
    def load() -> Lexicon:
        return load_lexicon(path) if path else default_lexicon()

    return load


if not Doc.has_extension("kg_recognition"):
    Doc.set_extension("kg_recognition", default=None)


_NOT_START = numpy.uint64(2**64 - 1)  # -1 (not a sentence start) as spaCy's unsigned array value


@Language.component("kgraph_sentences", assigns=["token.is_sent_start"])
def sentences(doc: Doc) -> Doc:
    """Mark sentence starts found by :func:`kgraph.text.sentences.split_sentences`.

    The rule works on the raw text (final punctuation not followed by a
    lower-case word, and line breaks). Every token's ``is_sent_start`` is set
    (so ``doc.sents`` works), and the ``(start, end)`` offsets are kept in
    ``doc.user_data[SENTENCES_KEY]`` for :func:`kgraph.nlp.mentions.doc_extraction`.
    """
    text = _text_of(doc)
    spans = split_sentences(text)
    doc.user_data[SENTENCES_KEY] = spans
    if len(doc) == 0:
        return doc
    token_starts = doc.user_data[TOKEN_STARTS_KEY] = doc.to_array(IDX)
    marks = numpy.full((len(doc), 1), _NOT_START, dtype="uint64")
    marks[0] = 1
    if len(spans) > 1:
        # The token holding each sentence's first character (tokens never start inside white space
        # that a sentence starts after, so "the last token starting at or before" is the one).
        first = numpy.searchsorted(token_starts, [s for s, _ in spans[1:]], side="right") - 1
        marks[first[first > 0]] = 1
    # One bulk write: setting token.is_sent_start one by one rescans the Doc each time.
    doc.from_array([SENT_START], marks)
    return doc


def _json_file(path: Path) -> Path:
    return path.with_suffix(".json")  # spaCy names the entry "lexicon"; the file is lexicon.json


def _text_of(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:  # a Doc not made by a kgraph tokenizer: rebuild the text
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


class ConceptExtractor:
    """Recognises lexicon concepts and abbreviations in a Doc.

    The lexicon is the component's data: :meth:`initialize` loads it, and
    :meth:`to_disk`/:meth:`from_disk` (or :meth:`to_bytes`/:meth:`from_bytes`)
    carry it with the pipeline. Until one of them gives it a lexicon, the
    component uses kgraph's oncology lexicon (the default of :meth:`initialize`).

    Args:
        nlp: The pipeline (unused; part of spaCy's factory protocol).
        name: The component name.
        spans_key: Key in ``doc.spans`` that receives the concept spans.

    Examples:
        >>> import spacy
        >>> from kgraph.concepts.lexicon import Concept
        >>> nlp = spacy.blank("en")
        >>> extractor = nlp.add_pipe("kgraph_concepts")
        >>> mine = Lexicon.from_concepts([Concept("rt", "radiotherapy", "therapy")], name="mine")
        >>> extractor.initialize(nlp=nlp, lexicon=lambda: mine)
        >>> doc = nlp("Radiotherapy worked.")
        >>> [(s.text, s.kb_id_) for s in doc.spans["kgraph"]]
        [('Radiotherapy', 'rt')]
        >>> copy = spacy.blank("en").add_pipe("kgraph_concepts").from_bytes(extractor.to_bytes())
        >>> copy.lexicon.name, sorted(copy.lexicon.concepts)
        ('mine', ['rt'])
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self._lexicon: Lexicon | None = None
        self._cached_for: tuple[tuple[Any, Any], dict[str, tuple[int, int]]] = ((None, None), {})

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon: from :meth:`initialize` or a saved pipeline; kgraph's oncology lexicon until then."""
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   lexicon: Callable[[], Lexicon] | None = None) -> None:
        """Load the lexicon (``nlp.initialize()`` calls this).

        Args:
            get_examples: Unused (part of spaCy's protocol: the component learns nothing).
            nlp: Unused (part of spaCy's protocol).
            lexicon: A function that gives the lexicon, as the registered
                ``kgraph.lexicon.v1`` does in ``[initialize.components.<name>]``;
                None for kgraph's oncology lexicon.

        Raises:
            LexiconError: The lexicon file is missing or invalid.
        """
        self._lexicon = lexicon() if lexicon is not None else default_lexicon()

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The component's lexicon as bytes (``nlp.to_bytes`` calls this)."""
        return util.to_bytes({"lexicon": self._lexicon_json}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> "ConceptExtractor":
        """Load the lexicon saved by :meth:`to_bytes` (``nlp.from_bytes`` calls this)."""
        util.from_bytes(bytes_data, {"lexicon": lambda data: self._read_lexicon(data, "<bytes>")}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the component's lexicon as ``lexicon.json`` in ``path`` (``nlp.to_disk`` calls this)."""
        util.to_disk(path, {"lexicon": lambda file: _json_file(file).write_bytes(self._lexicon_json())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ConceptExtractor":
        """Load the lexicon saved by :meth:`to_disk` (``spacy.load`` calls this)."""
        util.from_disk(path, {"lexicon": lambda file: self._read_lexicon(_json_file(file).read_bytes(),
                                                                         str(_json_file(file)))}, exclude)
        return self

    def _lexicon_json(self) -> bytes:
        data = {"name": self.lexicon.name, "spans_key": self.spans_key,
                "concepts": [concept_to_json(c) for _, c in sorted(self.lexicon.concepts.items())]}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def _read_lexicon(self, data: bytes, origin: str) -> None:
        saved = json.loads(data)
        self._lexicon = Lexicon.from_concepts((concept_from_json(c) for c in saved["concepts"]),
                                              name=saved["name"], origin=origin)

    def __call__(self, doc: Doc, *, short_forms: ShortForms | Mapping[ShortForm, str] | None = None,
                 discover: bool = True) -> Doc:
        """Annotate ``doc``: ``doc.spans[spans_key]`` and ``doc._.kg_recognition``.

        The output is the same whoever calls it (``nlp(text)``, ``nlp.pipe``
        or kgraph's builders). Corpus-wide inputs are passed per call with
        ``nlp.pipe(texts, component_cfg={"kgraph_concepts": {...}})``.

        Args:
            doc: The Doc.
            short_forms: Corpus-wide abbreviations (short form -> concept id) for
                short forms this Doc uses without defining.
            discover: Also recognise drug names the lexicon lacks by their form.
        """
        self.set_annotations(doc, self.match(doc, short_forms=short_forms, discover=discover))
        return doc

    def match(self, doc: Doc, *, short_forms: ShortForms | Mapping[ShortForm, str] | None = None,
              discover: bool = True) -> Recognition:
        """Recognise the concepts in ``doc`` without changing it.

        A Doc that is one part of a longer document may carry the whole
        document's abbreviation definitions in ``doc.user_data[DEFINITIONS_KEY]``
        (key -> concept id); they apply as the Doc's own. A Doc may also carry
        the abbreviation definitions already found in its text
        (``doc.user_data[ABBREVIATIONS_KEY]``, as pass 1 of a build found them);
        they are not looked for again.
        """
        return self.match_text(_text_of(doc), short_forms=short_forms, discover=discover,
                               definitions=doc.user_data.get(DEFINITIONS_KEY),
                               abbreviations=doc.user_data.get(ABBREVIATIONS_KEY))

    def match_text(self, text: str, *, short_forms: ShortForms | Mapping[ShortForm, str] | None = None,
                   discover: bool = True, definitions: Mapping[ShortForm, str] | None = None,
                   abbreviations: Sequence[Abbreviation] | None = None) -> Recognition:
        """Recognise the concepts in a text: what :meth:`match` gives for a Doc of it, with no Doc made.

        ``definitions`` and ``abbreviations`` are what :meth:`match` reads from
        ``doc.user_data`` (see there).

        Examples:
            >>> import spacy
            >>> extractor = spacy.blank("en").add_pipe("kgraph_concepts")
            >>> text = "Cancer stem cells (CSCs) resist. CSCs return."
            >>> [text[f.start:f.end] for f in extractor.match_text(text).found]
            ['Cancer stem cells', 'CSCs', 'CSCs']
        """
        return recognize(text, self.lexicon, short_forms=short_forms, discover=discover,
                         definitions=definitions, abbreviations=abbreviations)

    def set_annotations(self, doc: Doc, recognition: Recognition) -> None:
        """Write the recognised concepts to ``doc.spans`` and ``doc._``."""
        spans = []
        found = recognition.found
        if found and len(doc):
            token_starts = doc.user_data.get(TOKEN_STARTS_KEY)
            if token_starts is None:
                token_starts = doc.to_array(IDX)
            # Token spans that cover each mention (like char_span's "expand" mode), all at once.
            firsts = numpy.searchsorted(token_starts, [f.start for f in found], side="right") - 1
            lasts = numpy.searchsorted(token_starts, [f.end for f in found], side="left")
            ids = self._ids(recognition, doc.vocab.strings)
            for f, first, last in zip(found, firsts.tolist(), lasts.tolist()):
                label, kb_id = ids(f.concept)
                spans.append(Span(doc, max(first, 0), max(last, first + 1), label=label, kb_id=kb_id))
        doc.spans[self.spans_key] = spans
        doc._.kg_recognition = recognition

    def _ids(self, recognition: Recognition, strings: Any) -> Callable[[str], tuple[int, int]]:
        """Concept id -> the ids in ``strings`` of its category and its id (cached per lexicon and store).

        The Doc's own string store: a user's pipeline may have made the Doc.
        """
        (lexicon, store), cache = self._cached_for
        if lexicon is not self.lexicon or store is not strings:
            cache = {}
            self._cached_for = ((self.lexicon, strings), cache)
        concepts, discovered = self.lexicon.concepts, recognition.discovered

        def ids(concept_id: str) -> tuple[int, int]:
            found = cache.get(concept_id)
            if found is None:
                concept = concepts.get(concept_id) or discovered.get(concept_id)
                found = (strings.add(concept.category if concept else "other"), strings.add(concept_id))
                if concept_id in concepts:  # discovered concepts differ between documents
                    cache[concept_id] = found
            return found

        return ids


class TextKeepingTokenizer:
    """Wraps a tokenizer and keeps the input text in ``doc.user_data``.

    spaCy rebuilds ``doc.text`` from the tokens on every access, which costs as
    much as the rest of kgraph's work on a Doc; the tokenizer is
    non-destructive, so the input text is the same string.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str) -> Any:  # explain(), to_bytes(), rules, ...
        return getattr(self.tokenizer, name)


@Language.factory(
    "kgraph_concepts",
    assigns=["doc.spans", "doc._.kg_recognition"],
    default_config={"spans_key": SPANS_KEY},
)
def make_concept_extractor(nlp: Language, name: str, spans_key: str) -> ConceptExtractor:
    """Factory of :class:`ConceptExtractor` (defaults live in ``default_config``; the lexicon comes in ``initialize``)."""
    return ConceptExtractor(nlp, name, spans_key=spans_key)


@registry.tokenizers("kgraph.tokenizer.v1")
def text_keeping_tokenizer() -> Callable[[Language], TextKeepingTokenizer]:
    """spaCy's rule-based tokenizer for the language, wrapped in :class:`TextKeepingTokenizer`.

    In a config: ``[nlp.tokenizer] @tokenizers = "kgraph.tokenizer.v1"``.
    """
    create = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> TextKeepingTokenizer:
        return TextKeepingTokenizer(create(nlp))

    return make
