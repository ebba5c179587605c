"""The link stage's per-substage timings, in its report and from `crosswire link --timings`."""

from __future__ import annotations

import re
import shutil
import tracemalloc
from pathlib import Path

from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.link.substages import Substages

_LINE = re.compile(r"^  (?P<name>[a-z ]+): [\d.]+ s \([\d.]+ CPU s\), RSS \d+ MB, peak \d+ MB$")


def test_link_timings_name_every_substage_of_a_full_run(seeds_db: str, tmp_path: Path) -> None:
    db = str(tmp_path / "seeds.sqlite")
    shutil.copy(seeds_db, db)
    result = CliRunner().invoke(app, ["link", "--full", "--timings", "--db", db])
    assert result.exit_code == 0, result.output
    names = [m["name"] for m in map(_LINE.match, result.output.splitlines()) if m]
    # the linkers with the largest working memory first, while only the inputs are held
    assert names == ["fingerprint", "markers", "load", "event linking", "claim alignment", "shared passages",
                     "provenance", "origins", "provenance rows", "event rows", "claim group rows", "stories", "stances",
                     "write", "mark linked"]
    quiet = CliRunner().invoke(app, ["link", "--full", "--db", db])
    assert not any(map(_LINE.match, quiet.output.splitlines()))


def test_a_step_under_tracemalloc_reports_its_own_peak() -> None:
    steps = Substages()
    tracemalloc.start()
    try:
        with steps.step("small"):
            small = bytearray(1 << 20)
        with steps.step("large"):
            large = bytearray(32 << 20)
            del large
    finally:
        tracemalloc.stop()
    with steps.step("after"):
        pass
    small_step, large_step, after = steps.timings
    assert small and small_step.traced_peak_mb is not None and large_step.traced_peak_mb is not None
    assert small_step.traced_peak_mb < 16 <= large_step.traced_peak_mb  # the 1 MB step did not inherit 32 MB
    assert large_step.traced_mb is not None and large_step.traced_mb < 16  # freed inside the step
    assert after.traced_mb is None and "traced" not in after.describe()
    assert "step peak" in large_step.describe()
