"""Accounts and comments (owned by the web stage)."""

from __future__ import annotations
