"""``/healthz`` answers 200 with a working database and 503 without one."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.web.app import create_app


def test_healthy(db: Database, tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path / "data"), db)
    with TestClient(app) as client:
        resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok", "database": db.dialect}


def test_unreachable_database_is_503(tmp_path: Path) -> None:
    db = Database("postgresql://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    app = create_app(Settings(data_dir=tmp_path / "data"), db)
    with TestClient(app) as client:
        resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json()["status"] == "unavailable"
