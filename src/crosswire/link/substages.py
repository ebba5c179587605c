"""Where the link stage spends its time and memory: one record per substage.

The link stage runs a dozen steps over the whole store (reading, shared
passages, provenance, claim alignment, event linking, assessing, stances,
writing); at 100,000 articles one of them growing faster than the others is
what breaks the time or memory budget. Each step is timed by wall clock and
CPU seconds (which other jobs on a shared machine do not inflate), with the
process's resident memory after it and its peak so far, so the step that
raises the peak is the first whose peak is the final one.

After each step, memory the step freed is handed back to the system
(`release_memory`): glibc keeps freed heap memory for reuse, and the many
small arrays of one step (shared passages' tokens) otherwise stay resident
under the next one's peak (at 10,000 articles, 70 MB of 320).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator


@dataclass(frozen=True, slots=True)
class SubstageTiming:
    name: str
    seconds: float
    cpu_seconds: float
    rss_mb: float | None  # resident memory after the step (None where /proc is missing)
    peak_rss_mb: float | None  # the process's peak so far (None where `resource` is missing)
    traced_mb: float | None = None  # Python and numpy memory held after the step (under tracemalloc only)
    traced_peak_mb: float | None = None  # the most held during the step (under tracemalloc only)

    def describe(self) -> str:
        memory = "" if self.rss_mb is None else f", RSS {self.rss_mb:.0f} MB"
        peak = "" if self.peak_rss_mb is None else f", peak {self.peak_rss_mb:.0f} MB"
        traced = "" if self.traced_mb is None else f", traced {self.traced_mb:.0f} MB, step peak {self.traced_peak_mb:.0f} MB"
        return f"{self.name}: {self.seconds:.2f} s ({self.cpu_seconds:.2f} CPU s){memory}{peak}{traced}"


@dataclass(slots=True)
class Substages:
    """Timings of the steps run so far, in order; `on_step` hears of each as it ends (a long run's progress)."""

    timings: list[SubstageTiming] = field(default_factory=list)
    on_step: Callable[[SubstageTiming], None] | None = None

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the block; under tracemalloc (`python -X tracemalloc`), also its own peak of allocated memory."""
        if tracemalloc.is_tracing():
            tracemalloc.reset_peak()
        started, cpu = time.perf_counter(), time.process_time()
        yield
        release_memory()
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        traced, traced_peak = tracemalloc.get_traced_memory() if tracemalloc.is_tracing() else (None, None)
        timing = SubstageTiming(
            name=name, seconds=round(seconds, 3), cpu_seconds=round(cpu_seconds, 3), rss_mb=current_rss_mb(),
            peak_rss_mb=peak_rss_mb(), traced_mb=None if traced is None else round(traced / 2**20, 1),
            traced_peak_mb=None if traced_peak is None else round(traced_peak / 2**20, 1),
        )
        self.timings.append(timing)
        if self.on_step is not None:
            self.on_step(timing)


def release_memory() -> None:
    """Give the heap memory freed so far back to the system, where the C library can (glibc's malloc_trim)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def current_rss_mb() -> float | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
    except OSError:
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def peak_rss_mb() -> float | None:
    if sys.platform == "win32":
        return None
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)  # bytes on macOS, KiB on Linux
