"""crosswire: cross-check conflict and crisis reporting across sources."""

__version__ = "0.1.0"
