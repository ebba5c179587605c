"""Linking across articles: copies and citations, events, stories, claims and stance."""
