"""Watchlists and alerts: follow entities and queries, hear when a story touches them.

Sits above the analysis stages (it reads entities, claims and stances) and below web/cli.
"""
