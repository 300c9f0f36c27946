"""Tables. Nothing here stores the text of a user's messages.

Changing a table means a new migration in ``storage/migrations/versions``; a unit test checks
that the migrated schema and these models agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from storage.db import Base

UTC = dt.UTC
DELIVERY_STATUSES = ("sent", "failed", "skipped")
ADHERENCE_STATUSES = ("done", "skipped", "snoozed")


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC: timestamptz on PostgreSQL, sortable text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one")
        value = value.astimezone(UTC)
        # SQLite keeps no offset; naive UTC text in one fixed format compares correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


class Chat(Base):
    """A chat the bot talks in, with the topic it is reading."""

    __tablename__ = "chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    topic_id: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ChatSettings(Base):
    """What a chat asked us to remember: its time zone; for a group or channel, its daily post.

    The daily post's columns are what the chat's admins chose (``storage/community.py``); the
    engine sends it from a subscription kept in step with them.
    """

    __tablename__ = "chat_settings"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    zone: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)
    # The language a person chose with /language ("en", "es"); None: Telegram's language_code.
    language: Mapped[str | None] = mapped_column(String(8))
    post_kind: Mapped[str | None] = mapped_column(String(10))  # "exercise", "tip", "off"
    post_time: Mapped[dt.time | None] = mapped_column(Time)
    focus_topic: Mapped[str | None] = mapped_column(String(32))  # None: every topic
    quiet_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # weekday mask
    title: Mapped[str | None] = mapped_column(String(128))
    # A channel: the admin who connected it (its settings are made in their private chat).
    channel_admin: Mapped[int | None] = mapped_column(BigInteger, index=True)


class Subscription(Base):
    """A daily reminder for one programme in one chat.

    ``next_due_utc`` is when the engine next picks it up. While a reminder is being sent the
    engine moves ``next_due_utc`` to the end of its lease and keeps the real due time in
    ``claimed_due_utc``: if the process dies, the row is simply due again when the lease ends.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_due", "active", "next_due_utc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    programme_id: Mapped[str] = mapped_column(String(64))
    local_time: Mapped[dt.time] = mapped_column(Time)
    zone: Mapped[str] = mapped_column(String(64))
    next_due_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    day: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    claimed_due_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    # Quiet days: local weekdays never due (bit 0 Monday … bit 6 Sunday; scheduler.times).
    skip_weekdays: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Delivery(Base):
    """One due reminder and what became of it; the unique key makes a second record impossible."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "due_utc"),
        CheckConstraint(f"status IN {DELIVERY_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    due_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10))


class Adherence(Base):
    """What the user said about a day of exercises: done, skipped or snoozed."""

    __tablename__ = "adherence"
    __table_args__ = (
        UniqueConstraint("subscription_id", "date", "exercise_id"),
        CheckConstraint(f"status IN {ADHERENCE_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    # "" when the answer is about the whole day rather than one exercise (NULLs never clash
    # in a unique key, so they would let duplicates in).
    exercise_id: Mapped[str] = mapped_column(String(64), default="")


class Press(Base):
    """A press that counts (a helpfulness vote, Done, a pain or how-it-felt answer), remembered so
    the same button of the same message, or the same update delivered again (to this replica or
    another), never counts twice: the primary key makes the second insert a no-op.

    ``key`` is a keyed hash of (chat, message, button): no chat id is stored, so a vote before
    consent stores nothing about the person. Rows older than :data:`PRESS_MEMORY` are dropped.
    """

    __tablename__ = "presses"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    pressed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


#: How long a counted press is remembered (a button older than this counts again: harmless).
PRESS_MEMORY = dt.timedelta(days=90)


class Flow(Base):
    """Where a typed flow stands (/remind waiting for a time, /prescribe for a name, a group's
    settings question for its reply...): its step and data, shared by every replica, until it is
    finished, replaced or expired. ``slot`` is "" for a private chat's one flow, and
    "prompt:<message id>" for each open settings question in a group. Deleted by /forget."""

    __tablename__ = "flows"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    slot: Mapped[str] = mapped_column(String(32), primary_key=True, default="")
    state: Mapped[str] = mapped_column(String(1000))  # JSON
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


#: How long a typed flow waits for its answer.
FLOW_TTL = dt.timedelta(hours=1)
