"""One exception hierarchy for crosswire, with messages a user can act on.

Errors about a single input item (a row, a page, a WARC record) are not raised
out of a run: readers turn them into `ItemError` records that land in the
store's `ingest_errors` table. These exceptions are for the caller's mistakes
and for failures of a whole input or of the store.
"""

from __future__ import annotations


class CrosswireError(Exception):
    """Base class of every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input (file, folder, URL, option value) cannot be used as given."""


class FetchError(CrosswireError):
    """A URL or feed could not be fetched (network, status, size, type)."""


class StoreError(CrosswireError):
    """The store cannot be opened, migrated or written."""


class ConfigError(CrosswireError):
    """A setting or option has an unknown key or a wrong value."""
