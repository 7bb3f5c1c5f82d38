"""All configuration in one place: environment variables and an optional TOML file.

Precedence: explicit arguments > ``NEWSSEARCHER_*`` environment variables >
the TOML file named by ``NEWSSEARCHER_CONFIG`` (default: ``config.toml`` in the
user config directory) > defaults below.
"""

from __future__ import annotations

import os
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

APP_NAME = "newssearcher"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_file() -> Path:
    env = os.environ.get("NEWSSEARCHER_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the settings file; a missing file means no overrides."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        path = default_config_file()
        self._data: dict[str, Any] = {}
        if path.is_file():
            with path.open("rb") as fh:
                self._data = tomllib.load(fh)

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self._data.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    """Every tunable of NewsSearcher. Field ``foo`` is set by ``NEWSSEARCHER_FOO``."""

    model_config = SettingsConfigDict(env_prefix="NEWSSEARCHER_", extra="ignore")

    # storage
    db: str | None = Field(default=None, description="Database URL; default: SQLite in data_dir")
    data_dir: Path = Field(default_factory=default_data_dir)

    # fetching
    user_agent: str = "NewsSearcher/0.1 (+https://example.invalid/newssearcher; news aggregator)"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    max_response_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_retries: int = 3
    retry_backoff_s: float = 1.0
    per_host_delay_s: float = 1.0
    per_host_concurrency: int = 2
    fetch_concurrency: int = 8
    default_poll_interval_s: int = 900
    respect_robots: bool = True

    # abstractive summaries / translation through an OpenAI-compatible endpoint (optional)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0

    # analysis: the non-duplicate articles of one story that its summary, the user hubs'
    # queries and the watchlists read at most (the oldest and the newest halves), so
    # re-analysing a story costs the same however large it grows
    story_max_articles: int = Field(default=400, ge=2)

    # web
    secret_key: str | None = None
    comment_rate_per_minute: int = 5
    comment_edit_window_s: int = 900

    # alerts
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "newssearcher@localhost"
    webhook_max_attempts: int = 6
    alert_retry_base_s: float = 30.0
    alert_retry_max_s: float = 3600.0

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls))

    @cached_property
    def database_url(self) -> str:
        if self.db:
            return self.db
        return f"sqlite:///{self.data_dir / 'newssearcher.db'}"
