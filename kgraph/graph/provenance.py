"""Where a concept's names come from: how each written form was resolved (read-only, plain NetworkX).

A researcher who sees a surprising node asks: *which words in the texts
were counted as this concept, and why?* :func:`explain` answers from the
graph alone: each written form with its mentions per way of resolving it
(``lexicon``, ``abbreviation`` defined in the same document,
``abbreviation_elsewhere`` defined in another document, ``discovered``), and
for every short form, the senses the corpus defines it with and where.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..text.counts import counted
from ..text.normalize import key_of

__all__ = ["SOURCES", "Explanation", "FormOrigin", "ShortFormSense", "explain"]

SOURCES = {
    "lexicon": "lexicon name",
    "abbreviation": "abbreviation defined in the same document",
    "abbreviation_elsewhere": "abbreviation defined in another document",
    "discovered": "discovered (drug name, long form or frequent term)",
    "ner": "entity found by another component of the pipeline (a trained NER, an entity linker)",
}
"""Each way a written form can be resolved, with the words the CLI and the view use for it."""


@dataclass(frozen=True)
class FormOrigin:
    """One written form of a concept.

    Attributes:
        form: The form as written in the texts.
        mentions: Mentions written so, per source (see :data:`SOURCES`).
    """

    form: str
    mentions: dict[str, int]

    @property
    def total(self) -> int:
        """All mentions written so."""
        return sum(self.mentions.values())


@dataclass(frozen=True)
class ShortFormSense:
    """One meaning the corpus gives a short form.

    Attributes:
        concept: The concept id.
        label: Its label.
        documents: Documents defining the short form with this meaning.
        examples: Up to three of those document ids.
    """

    concept: str
    label: str
    documents: int
    examples: list[str]


@dataclass(frozen=True)
class Explanation:
    """Everything the graph records about how a concept was recognised.

    Attributes:
        concept: The concept id.
        label: Its label.
        category: Its category.
        source: ``lexicon`` or ``discovered``.
        mentions: Its mentions.
        documents: Documents mentioning it.
        synonyms: Its names in the lexicon (or as discovered).
        forms: Written forms, most mentioned first.
        short_forms: Short form -> the senses the corpus defines it with,
            for the short forms among the concept's written forms.
        ids: Its standard identifiers (CURIEs; empty if ungrounded).
    """

    concept: str
    label: str
    category: str
    source: str
    mentions: int
    documents: int
    synonyms: list[str]
    forms: list[FormOrigin] = field(default_factory=list)
    short_forms: dict[str, list[ShortFormSense]] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        """A readable report (what ``kgraph explain`` prints); ids with the vocabulary's name for each."""
        from ..concepts.grounding import describe_ids

        lines = [f"{self.label} [{self.concept}] {self.category}, {self.source}: "
                 f"{counted(self.mentions, 'mention')} in {counted(self.documents, 'document')}"]
        if self.synonyms:
            lines.append("names: " + "; ".join(self.synonyms))
        lines.append("ids: " + ("; ".join(describe_ids(self.ids)) if self.ids else "none"))
        lines.append("written as:")
        for origin in self.forms:
            how = ", ".join(f"{n:,} {SOURCES.get(source, source)}" for source, n in
                            sorted(origin.mentions.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"  {origin.form!r}: {how}")
        for short, senses in self.short_forms.items():
            lines.append(f"short form {short!r} is defined in the corpus as:")
            for sense in senses:
                where = f" (e.g. {', '.join(sense.examples)})" if sense.examples else ""
                mark = "  *" if sense.concept == self.concept else "   "
                lines.append(f"{mark} {sense.label} [{sense.concept}]: {counted(sense.documents, 'document')}{where}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"concept": self.concept, "label": self.label, "category": self.category,
                "source": self.source, "mentions": self.mentions, "documents": self.documents,
                "synonyms": self.synonyms, "ids": self.ids,
                "forms": [{"form": o.form, "mentions": o.mentions} for o in self.forms],
                "short_forms": {s: [vars(x) for x in senses] for s, senses in self.short_forms.items()}}


def explain(graph: nx.Graph, node: str) -> Explanation:
    """How the mentions of ``node`` were recognised.

    Args:
        graph: A kgraph graph.
        node: A node id.

    Returns:
        The concept's written forms with their sources, and the senses of its short forms.

    Examples:
        >>> g = nx.Graph(short_forms={"SD": [["standard_deviation", 2, ["a", "b"]]]})
        >>> g.add_node("standard_deviation", label="standard deviation", category="statistic",
        ...            source="lexicon", mentions=5, documents=4, synonyms=["standard deviation", "SD"],
        ...            provenance=[["SD", "lexicon", 3], ["standard deviation", "lexicon", 2]])
        >>> e = explain(g, "standard_deviation")
        >>> [(o.form, o.mentions) for o in e.forms], [s.examples for s in e.short_forms["SD"]]
        ([('SD', {'lexicon': 3}), ('standard deviation', {'lexicon': 2})], [['a', 'b']])
    """
    data = graph.nodes[node]
    by_form: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for form, source, n in data.get("provenance", []):
        by_form[form][source] = by_form[form].get(source, 0) + n
    forms = sorted((FormOrigin(form, counts) for form, counts in by_form.items()),
                   key=lambda o: (-o.total, o.form))
    senses = graph.graph.get("short_forms", {})
    written = {key_of(name) for name in (*by_form, *data.get("synonyms", []))} - {None}
    short_forms = {}
    for short in sorted(s for s in senses if key_of(s) in written):
        short_forms[short] = [
            ShortFormSense(concept, graph.nodes[concept].get("label", concept) if concept in graph else concept,
                           documents, list(examples))
            for concept, documents, examples in senses[short]]
    return Explanation(node, data.get("label", node), data.get("category", "other"),
                       data.get("source", "lexicon"), int(data.get("mentions", 0)),
                       int(data.get("documents", 0)), list(data.get("synonyms", [])), forms, short_forms,
                       list(data.get("ids") or []))
