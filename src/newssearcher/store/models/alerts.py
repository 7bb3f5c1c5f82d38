"""Watchlists, alerts and their deliveries."""

from __future__ import annotations
