"""A small client for any OpenAI-compatible chat-completions endpoint (optional).

``Settings.llm_base_url`` is the API root including its version, as OpenAI clients expect it:
``http://127.0.0.1:8080/v1`` for llama.cpp's server, ``http://127.0.0.1:11434/v1`` for Ollama,
``https://api.openai.com/v1`` for the cloud. The client posts to ``{base}/chat/completions``.
Every failure is raised as :class:`LLMError` with a one-line reason fit for a log and a note.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx

from newssearcher.config import Settings


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every request (building one costs a third of a second)."""
    return httpx.create_ssl_context()


class LLMError(Exception):
    """The endpoint did not give a usable answer; ``str(exc)`` says why."""


@dataclass(slots=True)
class ChatClient:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 60.0
    user_agent: str = "NewsSearcher"

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatClient | None:
        """A client when both ``llm_base_url`` and ``llm_model`` are set, else None."""
        if not settings.llm_base_url or not settings.llm_model:
            return None
        return cls(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key,
            timeout_s=settings.llm_timeout_s,
            user_agent=settings.user_agent,
        )

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    def complete(
        self, messages: list[dict[str, str]], *, temperature: float = 0.2, max_tokens: int = 1024
    ) -> str:
        """The text of the first choice of one chat completion."""
        headers = {"Content-Type": "application/json", "User-Agent": self.user_agent}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": temperature,
            "max_tokens": max_tokens,
            "stream": False,
        }
        try:
            with httpx.Client(
                timeout=httpx.Timeout(self.timeout_s), follow_redirects=False, verify=_tls_context()
            ) as c:
                response = c.post(self.endpoint, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise LLMError(f"no answer from {self.endpoint} within {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise LLMError(f"request to {self.endpoint} failed: {exc}") from exc
        if response.status_code != 200:
            raise LLMError(f"HTTP {response.status_code} from {self.endpoint}")
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise LLMError(f"malformed reply from {self.endpoint}: not JSON") from exc
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMError(
                f"malformed reply from {self.endpoint}: no choices[0].message.content"
            ) from exc
        if not isinstance(content, str) or not content.strip():
            raise LLMError(f"malformed reply from {self.endpoint}: empty message")
        return content.strip()
