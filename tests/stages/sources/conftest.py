"""Fixtures of the sources tests: fast, polite-but-quick settings and a loopback site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newssearcher.config import Settings
from tests.stages.sources.site import Site, serve_site


@pytest.fixture
def fast_settings(settings: Settings) -> Settings:
    """Settings with short timeouts and delays so the hostile cases stay fast."""
    return settings.model_copy(
        update={
            "connect_timeout_s": 2.0,
            "read_timeout_s": 2.0,
            "retry_backoff_s": 0.05,
            "max_retries": 2,
            "per_host_delay_s": 0.0,
            "per_host_concurrency": 4,
            "fetch_concurrency": 8,
            "max_response_bytes": 1024 * 1024,
            "max_redirects": 5,
        }
    )


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running
