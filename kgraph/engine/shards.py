"""The sharded reduce of pass 2 on Dask: pair counts stay on the workers, cut by a hash of the pair.

With :class:`~kgraph.engine.parallel.DaskEngine`, pass 2 can keep the pair
counts off the driver:

1. each task extracts its batch and cuts its counts in ``shards`` parts by
   a hash of the pair (:meth:`~kgraph.graph.cooccur.CooccurrenceCounts.split`);
   the concept-level counts and the documents go back to the driver (they
   grow with the concepts and the documents, not with the pairs);
2. each shard is a Dask actor (:class:`Shard`) on a worker: the task sends
   it its part directly and it adds the part to its counts, so the
   scheduler keeps no lineage of the batches (it would hold their text) and
   the driver no pair; when the pass is over each shard drops its pairs
   below ``min_weight`` (:meth:`~kgraph.graph.cooccur.CooccurrenceCounts.prune`);
3. the links are read back in the graph's order, a chunk of each shard at
   a time, merged on the fly (:func:`sharded_links`): the driver holds a
   chunk per shard, never all pairs. A store build writes the pair counts
   to its store the same way, a chunk at a time (:func:`sharded_chunks`),
   and counts the extractions its store already holds on the workers too
   (:func:`count_into`).

The merge of counts is associative and commutative and every pair lands in
the same shard whatever task counted it, so the links are those of a
single-process build. A shard is not recomputed if its worker is lost (an
actor has no lineage): the build then fails and is run again.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..extraction import DocExtraction
from ..graph.cooccur import CooccurrenceCounts, Evidence, Link
from ..graph.schema import npmi
from .parallel import Batch, Extracted, ExtractTask, extract_batch

__all__ = ["Shard", "count_into", "extract_into", "extract_parts", "make_shards", "map_sharded", "part_candidates",
           "part_evidence", "part_links", "sharded_chunks", "sharded_links"]

CHUNK = 2048
"""Links read from a shard at a time."""
AHEAD = 3
"""Chunks of a shard computed ahead of the one being written."""


def extract_parts(batch: Batch, task: ExtractTask, shards: int) -> tuple[Extracted, list[CooccurrenceCounts]]:
    """Pass 2 on a batch: the result with only the concept-level counts, and the pair counts in ``shards`` parts."""
    result = extract_batch(batch, task)
    if result.counts is None:  # extract_batch without running totals always returns counts
        raise ValueError("extract_batch returned no counts.")
    result.counts, parts = result.counts.split(shards)
    return result, parts


def part_links(part: CooccurrenceCounts, start: int, stop: int) -> list[Link]:
    """The links ``start:stop`` of a shard in sorted order, with their evidence."""
    return list(part.links(start=start, stop=stop))


def part_candidates(part: CooccurrenceCounts, concepts: dict[str, int], total: int, max_edges: int) -> list[Link]:
    """The links of a shard that a view of the concepts ``concepts`` may draw (without evidence).

    A view draws each concept's strongest link and then the strongest others
    (by weight, then NPMI; see :func:`kgraph.views.html.select_subgraph`):
    each shard's strongest link per concept and its ``max_edges`` strongest
    links hold those of the whole graph.

    Args:
        part: A shard.
        concepts: The concepts of the view -> the sentences mentioning each.
        total: All sentences.
        max_edges: The most links a view draws.
    """
    def strength(link: Link) -> tuple[float, float, tuple[str, str]]:
        return (-link.sentences, -(npmi(link.sentences, concepts[link.a], concepts[link.b], total) or 0.0),
                (link.a, link.b))

    among = [link for link in part.links(evidence=False) if link.a in concepts and link.b in concepts]
    strongest: dict[str, Link] = {}
    for link in among:
        for concept in (link.a, link.b):
            best = strongest.get(concept)
            if best is None or strength(link) < strength(best):
                strongest[concept] = link
    chosen = {(link.a, link.b): link for link in heapq.nsmallest(max_edges, among, key=strength)}
    chosen.update({(link.a, link.b): link for link in strongest.values()})
    return [link for _, link in sorted(chosen.items())]


def part_evidence(part: CooccurrenceCounts, pairs: list[tuple[str, str]]) -> list[list[Evidence]]:
    """The evidence of some links of a shard (sorted pairs), in that order."""
    return [part.evidence_for(pair) for pair in pairs]


class Shard:
    """One shard of the pair counts, kept by a Dask worker (made with ``client.submit(Shard, ..., actor=True)``).

    Args:
        max_evidence: Evidence sentences kept per pair.
        max_sentence_chars: Longer evidence sentences are shortened.
    """

    def __init__(self, max_evidence: int, max_sentence_chars: int) -> None:
        self.counts = CooccurrenceCounts(max_evidence=max_evidence, max_sentence_chars=max_sentence_chars)

    def add(self, part: CooccurrenceCounts) -> None:
        """Add a part of a batch's counts (same shard number)."""
        self.counts.absorb(part)

    def finish(self, min_weight: int) -> int:
        """Drop the pairs seen in fewer than ``min_weight`` sentences; returns the number of links left."""
        self.counts.prune(min_weight)
        return len(self.counts)

    def size(self) -> int:
        """The number of links."""
        return len(self.counts)

    def chunk(self, start: int, stop: int) -> CooccurrenceCounts:
        """The pairs ``start:stop`` as counts of their own (see :meth:`~kgraph.graph.cooccur.CooccurrenceCounts.chunk`)."""
        return self.counts.chunk(start, stop)

    def links(self, start: int, stop: int) -> list[Link]:
        """The links ``start:stop`` in sorted order, with their evidence (see :func:`part_links`)."""
        return part_links(self.counts, start, stop)

    def candidates(self, concepts: dict[str, int], total: int, max_edges: int) -> list[Link]:
        """See :func:`part_candidates`."""
        return part_candidates(self.counts, concepts, total, max_edges)

    def evidence(self, pairs: list[tuple[str, str]]) -> list[list[Evidence]]:
        """See :func:`part_evidence`."""
        return part_evidence(self.counts, pairs)


def make_shards(client: Any, shards: int, *, max_evidence: int, max_sentence_chars: int) -> list[Any]:
    """``shards`` empty :class:`Shard` actors, spread over the cluster's workers in turn."""
    workers = sorted(client.scheduler_info().get("workers", {})) or [None]
    futures = [client.submit(Shard, max_evidence, max_sentence_chars, actor=True, pure=False,
                             workers=None if workers[i % len(workers)] is None else [workers[i % len(workers)]])
               for i in range(shards)]
    return [future.result() for future in futures]


def extract_into(batch: Batch, task: ExtractTask, shards: list[Any]) -> Extracted:
    """Pass 2 on a batch: each shard's part goes to its :class:`Shard`; returns the concept-level result."""
    result, parts = extract_parts(batch, task, len(shards))
    for sent in [shard.add(part) for shard, part in zip(shards, parts)]:
        sent.result()
    return result


def count_into(extractions: list[DocExtraction], max_evidence: int, max_sentence_chars: int,
               shards: list[Any]) -> CooccurrenceCounts:
    """Count extractions made earlier (a store's): each shard's part goes to its :class:`Shard`; returns the
    concept-level counts."""
    counts = CooccurrenceCounts(max_evidence=max_evidence, max_sentence_chars=max_sentence_chars)
    for extraction in extractions:
        counts.add(extraction)
    head, parts = counts.split(len(shards))
    for sent in [shard.add(part) for shard, part in zip(shards, parts)]:
        sent.result()
    return head


def sharded_chunks(shards: Iterable[Any], *, chunk: int | None = None,
                   ahead: int = AHEAD) -> Iterator[CooccurrenceCounts]:
    """The pair counts of all :class:`Shard` actors, ``chunk`` pairs at a time (shard after shard, in key order).

    Each shard computes its next ``ahead`` chunks while this process takes
    the current ones: this process holds a few chunks, never all pairs.
    ``chunk`` None: :data:`CHUNK`.
    """
    chunk = CHUNK if chunk is None else chunk
    shards = list(shards)
    sizes = [future.result() for future in [shard.size() for shard in shards]]
    for shard, size in zip(shards, sizes):
        yield from _prefetched(shard.chunk, size, chunk, ahead)


def _prefetched(fetch: Any, size: int, chunk: int, ahead: int) -> Iterator[Any]:
    """The results of ``fetch(start, end)`` over ``range(0, size, chunk)`` in order, ``ahead`` of them asked for early."""
    starts = iter(range(0, size, chunk))
    waiting = deque(fetch(start, start + chunk) for start in itertools.islice(starts, ahead))
    while waiting:
        result = waiting.popleft().result()
        for start in itertools.islice(starts, 1):
            waiting.append(fetch(start, start + chunk))
        yield result


def sharded_links(shards: Iterable[Any], *, chunk: int = CHUNK, ahead: int = AHEAD) -> Iterator[Link]:
    """The links of all :class:`Shard` actors in the graph's order (by concept ids), a few chunks of each at a time.

    Each shard computes its next ``ahead`` chunks while this process merges
    and writes the current ones.
    """
    shards = list(shards)
    sizes = [future.result() for future in [shard.size() for shard in shards]]

    def links_of(shard: Any, size: int) -> Iterator[Link]:
        for links in _prefetched(shard.links, size, chunk, ahead):
            yield from links

    return heapq.merge(*(links_of(shard, size) for shard, size in zip(shards, sizes)),
                       key=lambda link: (link.a, link.b))


def map_sharded(client: Any, task: ExtractTask, items: Iterable[Batch], shards: list[Any], *,
                in_flight: int) -> Iterator[Extracted]:
    """Run :func:`extract_into` over batches: yields each batch's concept-level result (its pairs went to ``shards``)."""
    from distributed import as_completed

    shared = client.scatter(task, broadcast=True, hash=False)
    futures = as_completed()
    pending = 0
    for item in items:
        if pending >= in_flight:
            yield next(futures).result()
            pending -= 1
        futures.add(client.submit(extract_into, item, shared, shards, pure=False))
        pending += 1
    for future in futures:
        yield future.result()
