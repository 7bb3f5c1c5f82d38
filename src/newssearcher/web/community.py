"""Accounts and comments: the rules (who may do what, how often) apart from HTTP.

Every refusal raises :class:`CommunityError` whose ``message`` is an English msgid the pages
translate; the API returns it as is with ``code``.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

import nh3
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from newssearcher.config import Settings
from newssearcher.store.models import Story, utcnow
from newssearcher.store.models.community import Comment, CommentReport, User
from newssearcher.web.i18n import N_
from newssearcher.web.security import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    USERNAME_RE,
    hash_password,
    needs_rehash,
    verify_password,
)

MAX_COMMENT_CHARS = 5000
MAX_LINKS = 3
MAX_DEPTH_REPLY = 1  # replies attach to top-level comments; a reply to a reply joins its thread
DUPLICATE_WINDOW = timedelta(hours=24)
FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_SAME_TEXT = 3  # the same text from this many accounts in the window is a flood
HIDE_AFTER_REPORTS = 3

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_LINK_COUNT = re.compile(r"(https?://|www\.)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


class CommunityError(Exception):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


# ------------------------------------------------------------------ accounts


def username_key(username: str) -> str:
    return username.strip().lower()


def sign_up(session: Session, username: str, password: str) -> User:
    """Create an account; the very first account becomes an administrator."""
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise CommunityError(
            "bad_username", N_("Usernames have 3–32 letters, digits, dots, dashes or underscores.")
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise CommunityError("bad_password", N_("Passwords need at least 8 characters."))
    key = username_key(username)
    if session.scalar(select(User.id).where(User.username_key == key)) is not None:
        raise CommunityError("username_taken", N_("That username is taken."), 409)
    first = session.scalar(select(func.count(User.id))) == 0
    user = User(
        username=username,
        username_key=key,
        password_hash=hash_password(password),
        is_admin=first,
        last_login_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username_key == username_key(username)))
    if user is None:
        # spend the same time as a real check, so that timing does not reveal accounts
        verify_password(_DUMMY_HASH, password)
        return None
    if user.disabled or not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


_DUMMY_HASH = hash_password("not-a-real-password")


def make_admin(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username_key == username_key(username)))
    if user is None:
        raise CommunityError("no_such_user", f"No user named {username!r}.", 404)
    user.is_admin = True
    return user


class SlidingWindow:
    """In-process limiter for sign-in/sign-up attempts: ``limit`` events per ``window_s``."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> bool:
        """Record one event; False when ``key`` is over the limit."""
        now = time.monotonic()
        with self._lock:
            q = self._events.setdefault(key, deque())
            while q and now - q[0] > self.window_s:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            if len(self._events) > 10_000:
                self._events = {k: v for k, v in self._events.items() if v}
            return True


# ------------------------------------------------------------------ comments


def render_comment(text: str) -> str:
    """Plain text → safe HTML: escaped, paragraphs, line breaks, http(s) links (nofollow)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    out = []
    for para in paragraphs:
        safe = escape(_SPACES.sub(" ", para), quote=True)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', safe)
        out.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return nh3.clean(
        "".join(out),
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener noreferrer",
    )


def _body_hash(text: str) -> str:
    norm = " ".join(text.lower().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _check_text(text: str) -> str:
    body = text.strip()
    if not body:
        raise CommunityError("empty", N_("Write something first."))
    if len(body) > MAX_COMMENT_CHARS:
        raise CommunityError("too_long", N_("Comments are limited to 5,000 characters."))
    if len(_LINK_COUNT.findall(body)) > MAX_LINKS:
        raise CommunityError("too_many_links", N_("Too many links in one comment (3 at most)."))
    return body


def _check_rate(session: Session, settings: Settings, user: User, body_hash: str) -> None:
    now = utcnow()
    recent = session.scalar(
        select(func.count(Comment.id)).where(
            Comment.user_id == user.id, Comment.created_at >= now - timedelta(seconds=60)
        )
    )
    if (recent or 0) >= settings.comment_rate_per_minute:
        raise CommunityError(
            "rate_limited", N_("You are commenting too fast. Wait a minute and try again."), 429
        )
    repeat = session.scalar(
        select(Comment.id)
        .where(
            Comment.user_id == user.id,
            Comment.body_hash == body_hash,
            Comment.created_at >= now - DUPLICATE_WINDOW,
        )
        .limit(1)
    )
    if repeat is not None:
        raise CommunityError("duplicate", N_("You already posted this comment."), 409)
    flood = session.scalar(
        select(func.count(func.distinct(Comment.user_id))).where(
            Comment.body_hash == body_hash, Comment.created_at >= now - FLOOD_WINDOW
        )
    )
    if (flood or 0) >= FLOOD_SAME_TEXT:
        raise CommunityError("spam", N_("This text is being posted by many accounts."), 429)


def post_comment(
    session: Session,
    settings: Settings,
    user: User,
    story_id: int,
    text: str,
    parent_id: int | None = None,
) -> Comment:
    if user.disabled:
        raise CommunityError("disabled", N_("This account is disabled."), 403)
    story = session.get(Story, story_id)
    if story is None:
        raise CommunityError("not_found", N_("No such story."), 404)
    body = _check_text(text)
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.story_id != story_id or parent.status == "removed":
            raise CommunityError("bad_parent", N_("The comment you reply to does not exist."), 404)
        if parent.parent_id is not None:
            parent_id = parent.parent_id
    digest = _body_hash(body)
    _check_rate(session, settings, user, digest)
    comment = Comment(
        story_id=story_id,
        user_id=user.id,
        parent_id=parent_id,
        body=body,
        body_html=render_comment(body),
        body_hash=digest,
        status="visible",
        report_count=0,
    )
    session.add(comment)
    session.flush()
    return comment


def can_edit(comment: Comment, user: User | None, settings: Settings, now: datetime) -> bool:
    if user is None or comment.user_id != user.id or comment.status == "removed":
        return False
    return now - comment.created_at <= timedelta(seconds=settings.comment_edit_window_s)


def edit_comment(
    session: Session, settings: Settings, user: User, comment_id: int, text: str
) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise CommunityError("not_found", N_("No such comment."), 404)
    if comment.user_id != user.id:
        raise CommunityError("forbidden", N_("You can only edit your own comments."), 403)
    if not can_edit(comment, user, settings, utcnow()):
        raise CommunityError("edit_window", N_("The time to edit this comment is over."), 403)
    body = _check_text(text)
    comment.body = body
    comment.body_html = render_comment(body)
    comment.body_hash = _body_hash(body)
    comment.edited_at = utcnow()
    return comment


def report_comment(session: Session, user: User, comment_id: int, reason: str = "") -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.status == "removed":
        raise CommunityError("not_found", N_("No such comment."), 404)
    if comment.user_id == user.id:
        raise CommunityError("own_comment", N_("You cannot report your own comment."))
    exists = session.scalar(
        select(CommentReport.id).where(
            CommentReport.comment_id == comment_id, CommentReport.user_id == user.id
        )
    )
    if exists is None:
        session.add(CommentReport(comment_id=comment_id, user_id=user.id, reason=reason[:500]))
        comment.report_count = (comment.report_count or 0) + 1
        if comment.report_count >= HIDE_AFTER_REPORTS and comment.status == "visible":
            comment.status = "hidden"
    session.flush()
    return comment


@dataclass(slots=True)
class QueueItem:
    comment: Comment
    author: str
    story_title: str | None
    reasons: list[str]


def moderation_queue(session: Session, limit: int = 100) -> list[QueueItem]:
    """Comments with open reports, most reported first."""
    open_ids = (
        select(CommentReport.comment_id).where(CommentReport.resolved_at.is_(None)).distinct()
    )
    rows = session.execute(
        select(Comment, User.username, Story.title)
        .join(User, User.id == Comment.user_id)
        .join(Story, Story.id == Comment.story_id)
        .where(Comment.id.in_(open_ids), Comment.status != "removed")
        .order_by(Comment.report_count.desc(), Comment.created_at)
        .limit(limit)
    ).all()
    reasons: dict[int, list[str]] = {}
    ids = [r[0].id for r in rows]
    if ids:
        for cid, reason in session.execute(
            select(CommentReport.comment_id, CommentReport.reason).where(
                CommentReport.comment_id.in_(ids), CommentReport.resolved_at.is_(None)
            )
        ):
            if reason:
                reasons.setdefault(cid, []).append(reason)
    return [QueueItem(c, u, t, reasons.get(c.id, [])) for c, u, t in rows]


def moderate(session: Session, admin: User, comment_id: int, action: str) -> Comment:
    """``keep`` restores the comment and closes its reports; ``remove`` takes it down."""
    if not admin.is_admin:
        raise CommunityError("forbidden", N_("Only moderators can do that."), 403)
    if action not in ("keep", "remove"):
        raise CommunityError("bad_action", N_("Unknown moderation action."))
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise CommunityError("not_found", N_("No such comment."), 404)
    now = utcnow()
    comment.status = "visible" if action == "keep" else "removed"
    comment.moderated_at = now
    comment.moderated_by = admin.id
    session.execute(
        update(CommentReport)
        .where(CommentReport.comment_id == comment_id, CommentReport.resolved_at.is_(None))
        .values(resolved_at=now, resolution="kept" if action == "keep" else "removed")
    )
    return comment
