"""The store: schema, migrations and the queries the stages share."""

from crosswire.store.db import DEFAULT_DB, open_store

__all__ = ["DEFAULT_DB", "open_store"]
