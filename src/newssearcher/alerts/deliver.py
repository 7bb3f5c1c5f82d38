"""Delivering alerts: signed webhooks and e-mail, retried with back-off, never twice.

Delivery state is in the database. A message is sent first and marked delivered after, so
a crash in between sends it again on restart, with the same idempotency key (an HTTP header
for webhooks, the Message-ID for e-mail) for the receiver to drop the repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from newssearcher.alerts.match import queue_deliveries
from newssearcher.config import Settings
from newssearcher.store import Database
from newssearcher.store.models import utcnow
from newssearcher.store.models.alerts import Alert, Delivery, Watchlist

log = logging.getLogger(__name__)

DIGEST_PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}
SIGNATURE_HEADER = "X-NewsSearcher-Signature"
TIMESTAMP_HEADER = "X-NewsSearcher-Timestamp"
KEY_HEADER = "X-NewsSearcher-Idempotency-Key"


class DeliveryFailed(Exception):
    """The receiver did not accept the message; the text says why."""


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    parked: int = 0
    errors: list[str] = field(default_factory=list)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` HMAC over ``timestamp.body``; receivers check it with :func:`verify`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def schedule_digests(session: Session, now: datetime | None = None) -> int:
    """Bundle the undigested alerts of hourly/daily watchlists whose period is over."""
    now = now or utcnow()
    queued = 0
    for wl in session.scalars(select(Watchlist).where(Watchlist.mode.in_(list(DIGEST_PERIODS)))):
        if wl.last_digest_at and now - wl.last_digest_at < DIGEST_PERIODS[wl.mode]:
            continue
        alerts = list(
            session.scalars(
                select(Alert)
                .where(Alert.watchlist_id == wl.id, Alert.digested_at.is_(None))
                .order_by(Alert.id)
            )
        )
        wl.last_digest_at = now
        if not alerts:
            continue
        key = f"digest:wl{wl.id}:{alerts[0].id}-{alerts[-1].id}"
        for alert in alerts:
            alert.digested_at = now
        queue_deliveries(session, wl, alerts, key, due=now)
        queued += 1
    return queued


def _send_webhook(delivery: Delivery, wl: Watchlist, settings: Settings) -> None:
    body = json.dumps(delivery.payload, sort_keys=True, ensure_ascii=False).encode()
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": settings.user_agent,
        KEY_HEADER: delivery.idempotency_key,
        TIMESTAMP_HEADER: ts,
    }
    if wl.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(wl.webhook_secret, ts, body)
    timeout = httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s)
    try:
        resp = httpx.post(delivery.target, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
    if not 200 <= resp.status_code < 300:
        raise DeliveryFailed(f"HTTP {resp.status_code} from {delivery.target}")


def render_email(delivery: Delivery, wl: Watchlist, settings: Settings) -> EmailMessage:
    alerts = delivery.payload.get("alerts", [])
    msg = EmailMessage()
    first = alerts[0]["title"] if alerts else ""
    msg["Subject"] = (
        f"[NewsSearcher] {wl.name}: {first}"
        if len(alerts) == 1
        else f"[NewsSearcher] {wl.name}: {len(alerts)} stories"
    )
    msg["From"] = settings.smtp_from
    msg["To"] = delivery.target
    digest = hashlib.sha256(delivery.idempotency_key.encode()).hexdigest()[:32]
    msg["Message-ID"] = make_msgid(idstring=digest, domain="newssearcher.local")
    msg[KEY_HEADER] = delivery.idempotency_key
    lines = [f"Watchlist: {wl.name}", ""]
    for a in alerts:
        lines.append(f"* {a.get('title') or 'Story'} (story {a['story_id']}, {a['kind']})")
        for m in a.get("matched", []):
            lines.append(f"  matched {m['kind']}: {m['value']}")
        for c in a.get("claims", []):
            stances = ", ".join(
                f"{s.get('outlet') or '?'}: {s['stance']}" for s in c.get("stances", [])
            )
            lines.append(f"  claim [{c['status']}]: {c['text']}")
            if stances:
                lines.append(f"    stances: {stances}")
        for s in a.get("sources", []):
            lines.append(f"  source: {s.get('outlet') or ''} {s.get('url') or ''}".rstrip())
        lines.append("")
    msg.set_content("\n".join(lines))
    return msg


def _send_email(delivery: Delivery, wl: Watchlist, settings: Settings) -> None:
    msg = render_email(delivery, wl, settings)
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.read_timeout_s
        ) as smtp:
            if settings.smtp_user:
                smtp.starttls()
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryFailed(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {exc}") from exc


SENDERS = {"webhook": _send_webhook, "email": _send_email}


def _next_due(session: Session, db: Database, now: datetime) -> Delivery | None:
    stmt = (
        select(Delivery)
        .where(Delivery.status == "pending", Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(1)
    )
    if db.is_postgres:  # several workers: each takes a different row
        stmt = stmt.with_for_update(skip_locked=True)
    return session.scalars(stmt).first()


def deliver_due(
    db: Database, settings: Settings, *, now: datetime | None = None, limit: int = 1000
) -> DeliveryReport:
    """Send every delivery that is due, each in its own transaction."""
    report = DeliveryReport()
    with db.session() as session:
        schedule_digests(session, now)
    for _ in range(limit):
        with db.session() as session:
            delivery = _next_due(session, db, now or utcnow())
            if delivery is None:
                break
            wl = session.get(Watchlist, delivery.watchlist_id)
            delivery.attempts += 1
            try:
                SENDERS[delivery.channel](delivery, wl, settings)
            except DeliveryFailed as exc:
                delivery.last_error = str(exc)
                report.errors.append(f"{delivery.idempotency_key}: {exc}")
                if delivery.attempts >= settings.webhook_max_attempts:
                    delivery.status = "parked"
                    report.parked += 1
                    log.warning("delivery %s parked: %s", delivery.idempotency_key, exc)
                else:
                    delay = min(
                        settings.alert_retry_base_s * 2 ** (delivery.attempts - 1),
                        settings.alert_retry_max_s,
                    )
                    delivery.next_attempt_at = (now or utcnow()) + timedelta(seconds=delay)
                    report.failed += 1
                continue
            delivery.status = "delivered"
            delivery.delivered_at = utcnow()
            delivery.last_error = None
            report.delivered += 1
    return report
