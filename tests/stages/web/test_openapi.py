"""Every API operation, fuzzed by schemathesis against the OpenAPI document it publishes.

Checks: no server errors, status codes and content types that the document declares, and
responses that validate against the declared schemas.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.stages.web.conftest import make_client, populate


@pytest.fixture
def api_schema(db, tmp_path):  # type: ignore[no-untyped-def]
    """The published document of an app over the fixture corpus, on SQLite and PostgreSQL."""
    from newssearcher.config import Settings
    from newssearcher.web.app import create_app

    populate(db)
    app = create_app(Settings(data_dir=tmp_path / "data"), db)
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_api_conforms_to_its_openapi_document(api_schema) -> None:  # type: ignore[no-untyped-def]
    """Every operation, positive and negative inputs (schemathesis' own pytest plugin does not
    run under pytest 9, so its strategies are driven by hypothesis directly)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    for operation in operations:
        calls = 0

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            case.call_and_validate()

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}")
        assert calls > 0, operation.label
    assert not failures, "\n\n".join(failures)


def test_openapi_document_lists_the_api(tmp_path) -> None:
    from newssearcher.config import Settings
    from newssearcher.store import Database

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    db.migrate()
    with make_client(Settings(data_dir=tmp_path / "d"), db) as client:
        doc = client.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    for expected in (
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/articles",
        "/api/v1/search",
        "/api/v1/hubs",
        "/api/v1/entities",
        "/api/v1/claims",
        "/api/v1/stories/{story_id}/comments",
        "/feeds/hub/{slug}.{fmt}",
    ):
        assert expected in paths
    assert "ErrorBody" in doc["components"]["schemas"]
