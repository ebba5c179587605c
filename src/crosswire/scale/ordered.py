"""Keep a bounded number of tasks in flight and hand back results in order.

Both the process pool and Dask compute batches elsewhere while this process
writes; a bounded window keeps memory flat on large stores (only a few
batches of text are ever read ahead) and the input order makes the written
store identical to a single-process run.
"""

from __future__ import annotations

from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# A submitted task: calling it waits for and returns its result.
Waiter = Callable[[], Result]


def ordered_map(
    submit: Callable[[Item], Waiter[Result]], items: Iterable[Item], *, window: int
) -> Iterator[Result]:
    """Submit `items` with at most `window` unfinished at a time; yield results in input order."""
    in_flight: deque[Waiter[Result]] = deque()
    for item in items:
        in_flight.append(submit(item))
        if len(in_flight) >= max(1, window):
            yield in_flight.popleft()()
    while in_flight:
        yield in_flight.popleft()()
