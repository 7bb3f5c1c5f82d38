"""Errors of the sources stage: each names what went wrong and where."""

from __future__ import annotations

# Kinds worth trying again later: the server or the network may recover.
TRANSIENT_KINDS = frozenset(
    {"timeout", "connection", "server_error", "rate_limited", "robots_unavailable"}
)


class FetchError(Exception):
    """A URL could not be fetched.

    ``kind`` is one of: ``invalid_url``, ``timeout``, ``connection``, ``server_error`` (5xx),
    ``rate_limited`` (429), ``http_status`` (other 4xx), ``too_large``, ``redirect_loop``,
    ``too_many_redirects``, ``robots_disallowed``, ``robots_unavailable``, ``not_found``
    (a local file), ``bad_content``.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        url: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{url}: {message}")
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        """True when trying again later may succeed."""
        return self.kind in TRANSIENT_KINDS

    def __reduce__(self) -> tuple[object, ...]:  # picklable across processes (job queues)
        return (
            _rebuild,
            (self.kind, self.message, self.url, self.status, self.retry_after),
        )


def _rebuild(
    kind: str, message: str, url: str, status: int | None, retry_after: float | None
) -> FetchError:
    return FetchError(kind, message, url, status=status, retry_after=retry_after)


class SourceError(ValueError):
    """A source cannot be added or found (bad URL, unknown id, duplicate)."""
