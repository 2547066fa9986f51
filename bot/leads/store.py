"""Leads in SQL (SQLAlchemy Core): stored first, delivered later, each exactly once.

Any SQLAlchemy URL works (`LEADS_DB_URL`); SQLite under var/ by default, PostgreSQL in
production and in CI. Every operation takes its own connection and transaction from the
engine's pool, so concurrent requests never share a session. Statements are built with
SQLAlchemy expressions: visitor text is always a bound parameter.

Idempotency: a lead's `dedupe_key` hashes the conversation, the contact details, the
scenario and the estimate. The same final message sent twice (a channel retry, a double
click) maps to the same key, and the unique index turns the second insert into a read of
the first lead.

Delivery: each channel (email, webhook) has its own state, `pending` -> `sent` (or `off`
when not configured at creation). A sender first *claims* a pending lead with a conditional
UPDATE (only one claimant can win), sends, then marks it sent or releases it for a retry.
A claim expires after `CLAIM_SECONDS`, so a crash between sending and marking can repeat a
delivery once; nothing else can.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    create_engine,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

logger = logging.getLogger(__name__)

CHANNELS = ("email", "webhook")
PENDING, SENT, OFF = "pending", "sent", "off"
CLAIM_SECONDS = 300
MAX_ERROR_LENGTH = 300

metadata = MetaData()
leads = Table(
    "leads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("dedupe_key", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("conversation_id", String(255), nullable=False),
    Column("language", String(8), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(320), index=True),
    Column("phone", String(32)),
    Column("company", String(200)),
    Column("preferred_time", String(200)),
    Column("consent_text", Text, nullable=False),
    Column("consent_version", String(32), nullable=False),
    Column("consented_at", DateTime(timezone=True), nullable=False),
    Column("promise", String(32), nullable=False),
    Column("scenario", JSON, nullable=False),
    Column("estimate", JSON),
    Column("transcript", JSON, nullable=False),
    *(
        column
        for channel in CHANNELS
        for column in (
            Column(f"{channel}_state", String(16), nullable=False),
            Column(f"{channel}_attempts", Integer, nullable=False, default=0),
            Column(f"{channel}_claimed_until", DateTime(timezone=True)),
            Column(f"{channel}_sent_at", DateTime(timezone=True)),
            Column(f"{channel}_error", String(MAX_ERROR_LENGTH)),
        )
    ),
)


def utc_now() -> datetime:
    """Now, aware, in UTC."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class NewLead:
    """A lead as the dialogue hands it over, before it is stored."""

    conversation_id: str
    language: str
    name: str
    email: str | None
    phone: str | None
    company: str | None
    preferred_time: str | None
    consent_text: str
    consent_version: str
    promise: str  # "within_hour" or "next_working_day"
    scenario: dict[str, Any]
    estimate: dict[str, Any] | None
    transcript: list[dict[str, Any]] = field(default_factory=list)

    def dedupe_key(self) -> str:
        """The same request from the same conversation always gives the same key."""
        identity = {
            "conversation": self.conversation_id,
            "contact": [self.name, self.email, self.phone, self.company, self.preferred_time],
            "scenario": self.scenario,
            "estimate": self.estimate,
        }
        canonical = json.dumps(identity, sort_keys=True, ensure_ascii=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


# What a later message of the same conversation can change in a stored lead (`update`).
_UPDATED_FIELDS = (
    "name", "email", "phone", "company", "preferred_time", "scenario", "estimate", "transcript",
)  # fmt: skip


class LeadStore:
    """The leads table behind one SQLAlchemy engine."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite: wait for a concurrent writer instead of failing at once.
        connect_args = {"timeout": 15} if parsed.get_backend_name() == "sqlite" else {}
        self.engine: Engine = create_engine(
            parsed, future=True, pool_pre_ping=True, connect_args=connect_args
        )
        metadata.create_all(self.engine)

    def dispose(self) -> None:
        """Close the pool's connections (tests, and the CLI at exit)."""
        self.engine.dispose()

    def save(self, lead: NewLead, channels_on: dict[str, bool]) -> tuple[str, bool]:
        """Store `lead` unless the same one exists: (lead id, whether it is new)."""
        key = lead.dedupe_key()
        now = utc_now()
        row: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "dedupe_key": key,
            "created_at": now,
            "consented_at": now,
            **{name: getattr(lead, name) for name in NewLead.__dataclass_fields__},
        }
        for channel in CHANNELS:
            row[f"{channel}_state"] = PENDING if channels_on.get(channel) else OFF
            row[f"{channel}_attempts"] = 0
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(leads).values(**row))
            return row["id"], True
        except IntegrityError:
            with self.engine.connect() as connection:
                existing = connection.execute(
                    select(leads.c.id).where(leads.c.dedupe_key == key)
                ).scalar_one_or_none()
            if existing is None:  # not a duplicate: some other constraint failed
                raise
            return str(existing), False

    def update(self, lead_id: str, lead: NewLead) -> bool:
        """Replace a stored lead's details with `lead`'s; whether anything changed.

        For what the visitor adds after the handoff ("and on 06 … if needed"): the consent,
        its time and the promise stay; the contact details, scenario, estimate and transcript
        are the new ones, and every channel that is on delivers the lead again (a new
        `dedupe_key`, so receivers see a new version, not a repeat). Nothing to change, or
        no such lead: False, and nothing is sent again.
        """
        key = lead.dedupe_key()
        changed = {name: getattr(lead, name) for name in _UPDATED_FIELDS}
        requeue = {
            leads.c[f"{channel}_state"]: case(
                (leads.c[f"{channel}_state"] == OFF, OFF), else_=PENDING
            )
            for channel in CHANNELS
        }
        try:
            with self.engine.begin() as connection:
                result = connection.execute(
                    update(leads)
                    .where(and_(leads.c.id == lead_id, leads.c.dedupe_key != key))
                    .values({**changed, "dedupe_key": key, **requeue})
                )
        except IntegrityError:  # the same details as another lead of this conversation
            return False
        return bool(result.rowcount == 1)

    def latest_of(self, conversation_id: str) -> str | None:
        """The id of the conversation's latest lead, or None."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(leads.c.id)
                .where(leads.c.conversation_id == conversation_id)
                .order_by(leads.c.created_at.desc())
                .limit(1)
            ).scalar_one_or_none()
        return None if found is None else str(found)

    def get(self, lead_id: str) -> dict[str, Any] | None:
        """One lead as a dict, or None."""
        with self.engine.connect() as connection:
            found = connection.execute(select(leads).where(leads.c.id == lead_id)).mappings()
            row = found.one_or_none()
        return _plain(row) if row is not None else None

    def count(self) -> int:
        """How many leads are stored."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(leads)).scalar_one())

    def pending(self, channel: str, limit: int = 50) -> list[str]:
        """Ids of leads still to deliver on `channel`, oldest first."""
        state = leads.c[f"{channel}_state"]
        with self.engine.connect() as connection:
            ids = connection.execute(
                select(leads.c.id).where(state == PENDING).order_by(leads.c.created_at).limit(limit)
            ).scalars()
            return [str(lead_id) for lead_id in ids]

    def claim(self, lead_id: str, channel: str) -> bool:
        """Take `lead_id` for sending on `channel`; False if another sender has it or it is sent."""
        now = utc_now()
        claimed_until = leads.c[f"{channel}_claimed_until"]
        with self.engine.begin() as connection:
            result = connection.execute(
                update(leads)
                .where(
                    and_(
                        leads.c.id == lead_id,
                        leads.c[f"{channel}_state"] == PENDING,
                        or_(claimed_until.is_(None), claimed_until < now),
                    )
                )
                .values(
                    {
                        claimed_until: now + timedelta(seconds=CLAIM_SECONDS),
                        leads.c[f"{channel}_attempts"]: leads.c[f"{channel}_attempts"] + 1,
                    }
                )
            )
            return bool(result.rowcount == 1)

    def mark_sent(self, lead_id: str, channel: str) -> None:
        """Record a delivery: the lead is never sent on this channel again."""
        self._finish(lead_id, channel, {"state": SENT, "sent_at": utc_now(), "error": None})

    def release(self, lead_id: str, channel: str, error: str) -> None:
        """A failed delivery: keep the lead pending, note why (without personal data)."""
        self._finish(lead_id, channel, {"error": error[:MAX_ERROR_LENGTH]})

    def _finish(self, lead_id: str, channel: str, values: dict[str, Any]) -> None:
        columns = {leads.c[f"{channel}_{name}"]: value for name, value in values.items()}
        columns[leads.c[f"{channel}_claimed_until"]] = None
        with self.engine.begin() as connection:
            connection.execute(update(leads).where(leads.c.id == lead_id).values(columns))

    def purge(self, older_than_days: int) -> int:
        """Delete leads created more than `older_than_days` ago; how many went."""
        cutoff = utc_now() - timedelta(days=older_than_days)
        with self.engine.begin() as connection:
            result = connection.execute(delete(leads).where(leads.c.created_at < cutoff))
            return int(result.rowcount)

    def by_subject(self, subject: DataSubject) -> list[dict[str, Any]]:
        """Every lead of one person (a data-subject access request)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(leads).where(subject.clause()).order_by(leads.c.created_at)
            ).mappings()
            return [_plain(row) for row in rows]

    def delete_subject(self, subject: DataSubject) -> int:
        """Delete every lead of one person (a request to be forgotten)."""
        with self.engine.begin() as connection:
            return int(connection.execute(delete(leads).where(subject.clause())).rowcount)

    def stored_phones(self, numbers: Iterable[str]) -> list[str]:
        """Which of these E.164 numbers some lead holds."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(leads.c.phone).where(leads.c.phone.in_(list(numbers))).distinct()
            )
            return sorted(number for (number,) in found)


@dataclass(frozen=True)
class DataSubject:
    """Whose leads a request is about: an email address, or the E.164 numbers a phone can be.

    Addresses compare case-insensitively (they are stored as email-validator normalised);
    phone numbers are stored, and compared, in E.164.
    """

    email: str | None = None
    phones: tuple[str, ...] = ()

    def clause(self) -> Any:
        """The WHERE clause selecting this person's leads."""
        if self.email is not None:
            return func.lower(leads.c.email) == self.email.strip().lower()
        return leads.c.phone.in_(self.phones)

    def as_json(self) -> dict[str, Any]:
        """What was searched for, as the command prints it."""
        return {"email": self.email} if self.email is not None else {"phone": list(self.phones)}


def delivery_id(lead: dict[str, Any]) -> str:
    """The id of this version of a stored lead: a repeat has it too, an update a new one.

    Receivers drop a repeat by it (the email's Message-ID, the webhook's Idempotency-Key)
    and still take a lead that was updated after it was first sent (`LeadStore.update`).
    """
    return f"{lead['id']}.{str(lead['dedupe_key'])[:12]}"


def _plain(row: Any) -> dict[str, Any]:
    """A result row as a JSON-ready dict (datetimes in ISO 8601, UTC)."""
    plain: dict[str, Any] = {}
    for name, value in dict(row).items():
        if isinstance(value, datetime):
            value = as_utc(value).isoformat()  # type: ignore[union-attr]
        plain[name] = value
    return plain
