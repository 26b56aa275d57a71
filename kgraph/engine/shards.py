"""The sharded reduce of pass 2 on Dask: pair counts stay on the workers, cut by a hash of the pair.

With :class:`~kgraph.engine.parallel.DaskEngine`, pass 2 can keep the pair
counts off the driver:

1. each task extracts its batch and cuts its counts in ``shards`` parts by
   a hash of the pair (:meth:`~kgraph.graph.cooccur.CooccurrenceCounts.split`);
   the concept-level counts and the documents go back to the driver (they
   grow with the concepts and the documents, not with the pairs);
2. the parts of each shard are added up on the workers, a few at a time
   (:class:`ShardedCounts`), and when the pass is over each shard drops its
   pairs below ``min_weight`` (:meth:`~kgraph.graph.cooccur.CooccurrenceCounts.prune`);
3. the links are read back in the graph's order, a chunk of each shard at
   a time, merged on the fly (:func:`sharded_links`): the driver holds a
   chunk per shard, never all pairs.

The merge of counts is associative and commutative and every pair lands in
the same shard whatever task counted it, so the links are those of a
single-process build.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..graph.cooccur import CooccurrenceCounts, Evidence, Link
from ..graph.schema import npmi
from .parallel import Batch, Extracted, ExtractTask, extract_batch

__all__ = ["ShardedCounts", "extract_parts", "map_sharded", "merge_parts", "part_candidates", "part_evidence", "part_links",
           "part_size", "sharded_links"]

FAN_IN = 8
"""Parts of a shard added up in one task."""
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


def merge_parts(*parts: CooccurrenceCounts, min_weight: int = 1) -> CooccurrenceCounts:
    """The parts of one shard added up, without the pairs seen in fewer than ``min_weight`` sentences."""
    total = CooccurrenceCounts(max_evidence=parts[0].max_evidence, max_sentence_chars=parts[0].max_sentence_chars)
    for part in parts:
        total.absorb(part)
    total.prune(min_weight)
    return total


def part_size(part: CooccurrenceCounts) -> int:
    """The number of links of a (pruned) shard."""
    return len(part)


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


class ShardedCounts:
    """Pair counts in ``shards`` parts on a Dask cluster, added up where they are.

    Args:
        client: A ``distributed.Client``.
        shards: How many parts.
        fan_in: Parts of a shard added up by one task (a worker holds at most
            that many of a shard's parts at once).
    """

    def __init__(self, client: Any, shards: int, *, fan_in: int = FAN_IN) -> None:
        self.client, self.shards, self.fan_in = client, shards, fan_in
        self._levels: list[list[list[Any]]] = [[] for _ in range(shards)]  # per shard: parts, sums of parts, ...

    def add(self, parts: Any) -> None:
        """Take the future of a list of ``shards`` parts (what :func:`extract_parts` returns second).

        The parts of a shard are added up ``fan_in`` at a time, and those
        sums again ``fan_in`` at a time (a tree), so no task adds up more
        than ``fan_in`` parts and each pair is copied a logarithmic number of times.
        """
        submit = self.client.submit
        for number, levels in enumerate(self._levels):
            item, level = submit(operator.getitem, parts, number, pure=False), 0
            while True:
                if len(levels) == level:
                    levels.append([])
                levels[level].append(item)
                if len(levels[level]) < self.fan_in:
                    break
                item, levels[level] = submit(merge_parts, *levels[level], pure=False), []
                level += 1

    def finish(self, min_weight: int) -> list[Any]:
        """The futures of the shards, added up and pruned to ``min_weight`` (this object is then empty)."""
        done = []
        for levels in self._levels:
            waiting = [item for level in levels for item in level]
            done.append(self.client.submit(merge_parts, *waiting, min_weight=min_weight, pure=False)
                        if waiting else self.client.submit(CooccurrenceCounts, pure=False))
        self._levels = [[] for _ in range(self.shards)]
        return done


def sharded_links(client: Any, shards: Iterable[Any], *, chunk: int = CHUNK, ahead: int = AHEAD) -> Iterator[Link]:
    """The links of all shards in the graph's order (by concept ids), a few chunks of each at a time.

    Each shard computes its next ``ahead`` chunks while this process merges
    and writes the current ones; a chunk stays on its worker until it is needed.
    """
    shards = list(shards)
    sizes = client.gather([client.submit(part_size, shard, pure=False) for shard in shards])

    def links_of(shard: Any, size: int) -> Iterator[Link]:
        starts = iter(range(0, size, chunk))
        waiting = deque(client.submit(part_links, shard, start, start + chunk, pure=False)
                        for start in itertools.islice(starts, ahead))
        while waiting:
            links = waiting.popleft().result()
            for start in itertools.islice(starts, 1):
                waiting.append(client.submit(part_links, shard, start, start + chunk, pure=False))
            yield from links

    return heapq.merge(*(links_of(shard, size) for shard, size in zip(shards, sizes)),
                       key=lambda link: (link.a, link.b))


def map_sharded(client: Any, task: ExtractTask, items: Iterable[Batch], counts: ShardedCounts, *,
                in_flight: int) -> Iterator[Extracted]:
    """Run :func:`extract_parts` over batches: yields each batch's result; its pair parts go into ``counts``."""
    from distributed import as_completed

    shared = client.scatter(task, broadcast=True, hash=False)
    futures = as_completed()
    pending = 0

    def finished(future: Any) -> Extracted:
        result: Extracted = client.submit(operator.getitem, future, 0, pure=False).result()
        counts.add(client.submit(operator.getitem, future, 1, pure=False))
        return result

    for item in items:
        if pending >= in_flight:
            yield finished(next(futures))
            pending -= 1
        futures.add(client.submit(extract_parts, item, shared, counts.shards, pure=False))
        pending += 1
    for future in futures:
        yield finished(future)
