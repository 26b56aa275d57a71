"""Measuring extraction quality against annotated passages.

Two formats are read:

* **passages** (``.json``): ``{"passages": [{"id", "text" | "file", "gold",
  "same", "edges", "not"}]}`` with the surface forms a reader expects as
  concepts, alias groups that must share a node, same-sentence pairs that
  must be linked and generic words that must not be concepts (the format of
  ``shared/eval/seeds.json``);
* **spans** (``.jsonl``): one passage per line, ``{"id", "text", "entities":
  [{"start", "end", "type", "text"}]}`` (BioNLP-style annotations); recall is
  reported per entity type.

A gold occurrence is *found* when one mention covers at least half of it.
*Precision* is the share of mentions that overlap some gold annotation: a
lower bound, since annotators rarely mark every concept.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import LexiconSource, build, extract, resolve_lexicon
from .errors import KGraphError, read_text
from .extraction import Mention

__all__ = ["EvalReport", "evaluate_file", "evaluate_passages", "evaluate_spans"]


@dataclass
class EvalReport:
    """Results of an evaluation.

    Attributes:
        totals: Raw counts (gold, found, mentions, on_gold, groups, merged, ...).
        per_type: For span files: entity type -> (gold, found).
        misses: Human-readable misses, in passage order.
        unmatched: Mention texts that overlap no annotation, most frequent first.
    """

    totals: Counter[str] = field(default_factory=Counter)
    per_type: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    unmatched: Counter[str] = field(default_factory=Counter)

    def ratio(self, part: str, whole: str) -> float:
        """``totals[part] / totals[whole]`` rounded to 3 places (1.0 if empty)."""
        return round(self.totals[part] / self.totals[whole], 3) if self.totals[whole] else 1.0

    @property
    def recall(self) -> float:
        return self.ratio("found", "gold")

    @property
    def precision(self) -> float:
        return self.ratio("on_gold", "mentions")

    def summary(self) -> dict[str, Any]:
        """The headline figures."""
        out: dict[str, Any] = {"recall": self.recall, "precision": self.precision}
        if self.totals["groups"]:
            out["merged"] = self.ratio("merged", "groups")
        if self.totals["edges"]:
            out["edges"] = self.ratio("linked", "edges")
        if self.totals["negatives"]:
            out["false_nodes"] = self.totals["false_nodes"]
        if self.per_type:
            out["per_type"] = {t: round(f / g, 3) if g else 1.0 for t, (g, f) in sorted(self.per_type.items())}
        out["totals"] = dict(sorted(self.totals.items()))
        return out


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    pattern = r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])"
    return [m.span() for m in re.finditer(pattern, text)]


def _covering(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    best, best_overlap = None, 0
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best if best_overlap * 2 >= end - start else None


def _concept_of(text: str, mentions: Sequence[Mention], surface: str) -> str | None:
    """The concept of the mention covering the first occurrence of ``surface``."""
    spans = _occurrences(text, surface)
    hit = _covering(mentions, *spans[0]) if spans else None
    return hit.concept if hit else None


def _count_mentions(report: EvalReport, mentions: Sequence[Mention], spans: list[tuple[int, int]]) -> None:
    report.totals["mentions"] += len(mentions)
    for m in mentions:
        if any(min(e, m.end) - max(s, m.start) > 0 for s, e in spans):
            report.totals["on_gold"] += 1
        else:
            report.unmatched[m.text] += 1


def evaluate_passages(passages: Iterable[dict[str, Any]], *, base: Path = Path("."),
                      lexicon: LexiconSource = None) -> EvalReport:
    """Score extraction on passages in the *passages* format (see the module docstring)."""
    lex = resolve_lexicon(lexicon)
    report = EvalReport()
    for p in passages:
        text = p["text"] if "text" in p else (base / p["file"]).read_text(encoding="utf-8")
        pid = p.get("id", "?")
        mentions = extract(text, lexicon=lex)
        gold_spans: list[tuple[int, int]] = []
        for surface in p.get("gold", []):
            spans = _occurrences(text, surface)
            if not spans:
                raise KGraphError(f"Passage {pid}: gold form {surface!r} does not occur in the text.")
            gold_spans.extend(spans)
        for start, end in gold_spans:
            report.totals["gold"] += 1
            if _covering(mentions, start, end):
                report.totals["found"] += 1
            else:
                report.misses.append(f"{pid}: missed {text[start:end]!r}")
        _count_mentions(report, mentions, gold_spans)

        for group in p.get("same", []):
            report.totals["groups"] += 1
            ids = {_concept_of(text, mentions, s) for s in group}
            if len(ids) == 1 and None not in ids:
                report.totals["merged"] += 1
            else:
                report.misses.append(f"{pid}: not merged {group}")
        if p.get("edges"):
            graph = build([text], lexicon=lex).graph
            for a, b in p["edges"]:
                report.totals["edges"] += 1
                ida, idb = _concept_of(text, mentions, a), _concept_of(text, mentions, b)
                if ida and idb and ida != idb and graph.has_edge(ida, idb):
                    report.totals["linked"] += 1
                else:
                    report.misses.append(f"{pid}: no edge {a!r} -- {b!r}")
        for word in p.get("not", []):
            report.totals["negatives"] += 1
            if any(_covering(mentions, s, e) for s, e in _occurrences(text, word)):
                report.totals["false_nodes"] += 1
                report.misses.append(f"{pid}: generic word became a concept: {word!r}")
    return report


def evaluate_spans(records: Iterable[dict[str, Any]], *, types: Sequence[str] | None = None,
                   lexicon: LexiconSource = None,
                   categories: Sequence[str] | None = None) -> EvalReport:
    """Score extraction on span-annotated passages (see the module docstring).

    Args:
        records: Passages with ``text`` and ``entities``.
        types: Entity types whose recall counts (all if None). Precision
            counts overlap with annotations of any type.
        lexicon: The lexicon to use.
        categories: Count only mentions of these concept categories for
            precision (all if None). Annotation schemes mark some kinds of
            concept and not others: BioNLP-CG annotates genes, cells,
            cancers, chemicals and anatomy as entities but processes
            (apoptosis, angiogenesis) as events, so mentions of mechanisms
            overlap no entity however right they are.
    """
    lex = resolve_lexicon(lexicon)
    wanted = set(types) if types else None
    kept = set(categories) if categories else None
    report = EvalReport()
    for record in records:
        text = record["text"]
        mentions = extract(text, lexicon=lex)
        entities = record.get("entities", [])
        for entity in entities:
            kind = entity["type"]
            if wanted is not None and kind not in wanted:
                continue
            start, end = entity["start"], entity["end"]
            counts = report.per_type.setdefault(kind, [0, 0])
            counts[0] += 1
            report.totals["gold"] += 1
            if _covering(mentions, start, end):
                counts[1] += 1
                report.totals["found"] += 1
            else:
                report.misses.append(f"{record.get('id', '?')}: missed {kind} {text[start:end]!r}")
        counted = mentions if kept is None else [m for m in mentions if m.category in kept]
        _count_mentions(report, counted, [(e["start"], e["end"]) for e in entities])
    return report


def evaluate_file(path: str | Path, *, types: Sequence[str] | None = None,
                  lexicon: LexiconSource = None, categories: Sequence[str] | None = None) -> EvalReport:
    """Evaluate against a gold file in either format (chosen by its content).

    Raises:
        KGraphError: The file cannot be read or has neither format.
    """
    path = Path(path)
    raw = read_text(path, KGraphError, "gold file")
    stripped = raw.lstrip()
    if stripped.startswith("{") and '"passages"' in raw[:100_000]:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise KGraphError(f"{path}, line {err.lineno}: not valid JSON ({err.msg}).") from err
        return evaluate_passages(data["passages"], base=path.parent, lexicon=lexicon)
    records = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise KGraphError(f"{path}, line {number}: not valid JSON ({err.msg}).") from err
        if not isinstance(record, dict) or "text" not in record or "entities" not in record:
            raise KGraphError(f"{path}, line {number}: expected an object with 'text' and 'entities', "
                              "or a file with {\"passages\": [...]}.")
        records.append(record)
    return evaluate_spans(records, types=types, lexicon=lexicon, categories=categories)
