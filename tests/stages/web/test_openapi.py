"""Every API operation, fuzzed by schemathesis against the OpenAPI document it publishes.

Checks: no server errors, status codes and content types that the document declares, and
responses that validate against the declared schemas.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.stages.web.conftest import make_client, populate


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):  # type: ignore[no-untyped-def]
    from newssearcher.config import Settings
    from newssearcher.store import Database
    from newssearcher.web.app import create_app

    folder = tmp_path_factory.mktemp("openapi")
    db = Database(f"sqlite:///{folder / 'api.db'}")
    db.migrate()
    populate(db)
    app = create_app(Settings(data_dir=folder / "data"), db)
    yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    db.dispose()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()


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
