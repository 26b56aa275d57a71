"""Cutting a stream of items into lists bounded in number and in weight (text size)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["batches"]

T = TypeVar("T")


def batches(items: Iterable[T], size: int, *, weight: Callable[[T], int] | None = None,
            max_weight: int = 0) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter).

    With ``weight``, a list also ends once its items weigh ``max_weight`` or
    more (a list holds at least one item), so that memory is bounded by the
    weight, not only by the number of items.

    Examples:
        >>> list(batches(range(5), 2))
        [[0, 1], [2, 3], [4]]
        >>> list(batches(["a", "bbbb", "c", "d"], 10, weight=len, max_weight=4))
        [['a', 'bbbb'], ['c', 'd']]
    """
    iterator = iter(items)
    if weight is None:
        while batch := list(itertools.islice(iterator, size)):
            yield batch
        return
    batch, total = [], 0
    for item in iterator:
        batch.append(item)
        total += weight(item)
        if len(batch) >= size or total >= max_weight:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
