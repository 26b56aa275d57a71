"""Building with several worker processes: shards of raw text in, partial counts out.

Each worker builds its own pipeline once and turns batches of ``(doc_id,
text)`` into a :class:`~kgraph.cooccur.CooccurrenceCounts`; the parent merges
them. Merging is associative and commutative (counts add up, evidence is the
bottom-k sample by hash), so the result equals a single-process build. Only
raw text and compact counts cross process boundaries, never spaCy Docs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from .cooccur import CooccurrenceCounts
from .corpus import Document
from .lexicon import Concept, Lexicon
from .mentions import pipe_extractions
from .recognize import ShortForms, merge_discovered

__all__ = ["count_in_workers"]

_STATE: dict[str, Any] = {}


def _init(lexicon: Lexicon, short_forms: dict[tuple[str, ...], str], known: dict[str, Concept],
          discover: bool, max_evidence: int, batch_size: int) -> None:
    from .pipeline import make_nlp

    _STATE.update(nlp=make_nlp(lexicon=lexicon), lexicon=lexicon, short_forms=ShortForms(short_forms),
                  known=known, discover=discover, max_evidence=max_evidence, batch_size=batch_size)


def _count(batch: list[Document]) -> tuple[CooccurrenceCounts, dict[str, Concept]]:
    state = _STATE
    counts = CooccurrenceCounts(max_evidence=state["max_evidence"])
    discovered: dict[str, Concept] = {}
    for extraction in pipe_extractions(state["nlp"], batch, state["lexicon"],
                                       short_forms=state["short_forms"], known=state["known"],
                                       discover=state["discover"], batch_size=state["batch_size"]):
        merge_discovered(discovered, extraction.discovered)
        counts.add(extraction)
    return counts, discovered


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def count_in_workers(documents: Iterable[Document], *, lexicon: Lexicon,
                     short_forms: dict[tuple[str, ...], str], known: dict[str, Concept], discover: bool,
                     max_evidence: int, batch_size: int, workers: int,
                     docs_per_task: int = 256, on_batch: Any = None
                     ) -> tuple[CooccurrenceCounts, dict[str, Concept]]:
    """Count co-occurrences of ``documents`` in ``workers`` processes.

    At most ``2 * workers`` batches are in flight, so memory stays bounded
    however large the corpus.

    Returns:
        The merged counts and the concepts discovered in the documents.
    """
    total = CooccurrenceCounts(max_evidence=max_evidence)
    discovered: dict[str, Concept] = {}
    pending: set[Future[Any]] = set()
    init = (lexicon, short_forms, known, discover, max_evidence, batch_size)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=init) as pool:
        for batch in _batches(documents, docs_per_task):
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    total = _absorb(total, discovered, future, on_batch)
            pending.add(pool.submit(_count, batch))
        for future in pending:
            total = _absorb(total, discovered, future, on_batch)
    return total, discovered


def _absorb(total: CooccurrenceCounts, discovered: dict[str, Concept], future: Future[Any],
            on_batch: Any) -> CooccurrenceCounts:
    counts, found = future.result()
    merge_discovered(discovered, found)
    if on_batch is not None:
        on_batch(counts.documents)
    total.absorb(counts)  # the parent's own accumulator: in place
    return total
