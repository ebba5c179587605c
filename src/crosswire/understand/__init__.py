"""Understand: per-article NLP (sentences, entities, claims, figures, time, places, events).

`analyze` and `AnalyzeReport` are re-exported lazily so that importing one
extractor module does not load the whole stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crosswire.understand.stage import AnalyzeReport, analyze

__all__ = ["AnalyzeReport", "analyze"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from crosswire.understand import stage

        return getattr(stage, name)
    raise AttributeError(f"module 'crosswire.understand' has no attribute {name!r}")
