"""Secrets, passwords and CSRF tokens.

* The signing key comes from ``Settings.secret_key``; when unset, one is generated once and
  kept in ``data_dir/secret_key`` (mode 0600), so sessions survive restarts.
* Passwords are stored as argon2id hashes (argon2-cffi defaults), re-hashed on sign-in when
  the parameters change.
* CSRF: every browser session (signed cookie, signed-in or not) carries a random token; each
  unsafe request must echo it in the form field ``csrf_token`` or the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from newssearcher.config import Settings

SECRET_FILE = "secret_key"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 256

_hasher = PasswordHasher()


def load_secret_key(settings: Settings) -> str:
    """The configured key, or the one persisted in the data directory (created on first use)."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / SECRET_FILE
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if len(key) >= 32:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, created on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 16:
        token = secrets.token_urlsafe(24)
        session["csrf"] = token
    return token


def csrf_valid(session: dict[str, Any], supplied: str | None) -> bool:
    expected = session.get("csrf")
    if not isinstance(expected, str) or not supplied:
        return False
    return hmac.compare_digest(expected.encode(), supplied.encode())
