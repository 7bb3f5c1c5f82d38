"""Duplicates: canonical URLs, exact content hashes, near-duplicates and rewrites."""
