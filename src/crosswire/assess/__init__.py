"""Assess: independent origins, reconciled ranges, corroboration grades, credibility signals."""
