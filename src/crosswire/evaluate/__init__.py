"""Loaders and scorers for public data sets that measure crosswire's stages."""
