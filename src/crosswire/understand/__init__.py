"""Understand: per-article NLP (sentences and entities for now)."""

from crosswire.understand.analyze import AnalyzeReport, analyze

__all__ = ["AnalyzeReport", "analyze"]
