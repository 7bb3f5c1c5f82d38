"""Fixtures for the sample-corpus tests: the manifest and the running loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newssearcher.sample import SampleServer, load_manifest, serve_corpus


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    return load_manifest()


@pytest.fixture(scope="module")
def sample_server() -> Iterator[SampleServer]:
    with serve_corpus() as server:
        yield server
