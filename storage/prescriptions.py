"""Prescribed programmes: links a physiotherapist (or a group admin) makes for patients.

A prescription is a programme, a start day, a suggested reminder time and the prescriber's chosen
display name, reached through a link ``https://t.me/<bot>?start=rx_<code>``. The code is a bearer
token: only its SHA-256 is stored, so a copy of the database cannot be turned back into working
links (and the link cannot be shown again later; a lost link is revoked and made anew).

A patient's row (``prescription_patients``) is written only after the patient agreed to the privacy
notice. It says when they opened the link, the subscription they started from it, and whether they
chose to share their progress. The prescriber sees only sums over the patients who said yes.

Person columns are named ``chat_id`` (the prescriber in ``prescriptions``, the patient in
``prescription_patients``), so ``store.privacy``'s export and deletion cover both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
    and_,
    case,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from storage.care import Rating
from storage.db import Base, StorePart
from storage.models import Adherence, UTCDateTime

NAME_MAX = 60
#: A code as :func:`new_code` makes it (16 characters, 96 bits); anything else is never looked up.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16}")


class Prescription(Base):
    """A programme link made by a prescriber (``chat_id``)."""

    __tablename__ = "prescriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)  # the prescriber's private chat
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    programme_id: Mapped[str] = mapped_column(String(64))
    start_day: Mapped[int] = mapped_column(Integer)  # 0-based programme day
    local_time: Mapped[dt.time] = mapped_column(Time)  # suggested reminder time
    prescriber_name: Mapped[str] = mapped_column(String(NAME_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class PrescriptionPatient(Base):
    """A patient (``chat_id``) who opened a prescription link after agreeing to the privacy notice."""

    __tablename__ = "prescription_patients"
    __table_args__ = (UniqueConstraint("prescription_id", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prescription_id: Mapped[int] = mapped_column(ForeignKey("prescriptions.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)  # the patient's private chat
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id", ondelete="SET NULL"))
    share: Mapped[bool | None] = mapped_column(Boolean)  # None: not answered yet


PRESCRIPTIONS = Prescription.__table__
PATIENTS = PrescriptionPatient.__table__
ADHERENCE = Adherence.__table__
RATINGS = Rating.__table__


def _active(now: dt.datetime):
    """A link that can still be opened at ``now`` (as :meth:`PrescriptionInfo.status` says "active")."""
    return and_(PRESCRIPTIONS.c.revoked_at.is_(None), PRESCRIPTIONS.c.expires_at > now)


def new_code() -> str:
    """A fresh code: 12 random bytes (96 bits) as 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PrescriptionInfo:
    id: int
    chat_id: int
    programme_id: str
    start_day: int
    local_time: dt.time
    prescriber_name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    def status(self, now: dt.datetime) -> str:
        """ "revoked", "expired" or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if now >= self.expires_at else "active"

    @classmethod
    def from_row(cls, row) -> PrescriptionInfo:
        return cls(
            row.id,
            row.chat_id,
            row.programme_id,
            row.start_day,
            row.local_time,
            row.prescriber_name,
            row.created_at,
            row.expires_at,
            row.revoked_at,
        )


@dataclass(frozen=True, slots=True)
class PatientLink:
    """One patient's row for one prescription."""

    prescription_id: int
    chat_id: int
    opened_at: dt.datetime
    accepted_at: dt.datetime | None
    subscription_id: int | None
    share: bool | None


@dataclass(frozen=True, slots=True)
class PrescriptionStats:
    """Counts over the patients who chose to share; nothing that tells one patient from another."""

    opened: int
    accepted: int
    done_last_7_days: int
    pain_change: float | None  # mean of (latest - first) pain score; None without two scores
    pain_patients: int  # how many patients that mean is over


class PrescriptionStore(StorePart):
    """``store.prescriptions``: a prescriber's links, and the patients who opened them."""

    # -- prescriber --------------------------------------------------------------------------

    async def create_prescription(
        self,
        chat_id: int,
        programme_id: str,
        start_day: int,
        local_time: dt.time,
        prescriber_name: str,
        now: dt.datetime,
        days: int,
    ) -> tuple[str, PrescriptionInfo]:
        """Make a link; returns the code (never stored, only its hash) and the prescription."""
        if not prescriber_name or len(prescriber_name) > NAME_MAX:
            raise ValueError(f"the display name must have 1 to {NAME_MAX} characters")
        code = new_code()
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    PRESCRIPTIONS.insert()
                    .values(
                        chat_id=chat_id,
                        code_sha256=code_hash(code),
                        programme_id=programme_id,
                        start_day=start_day,
                        local_time=local_time,
                        prescriber_name=prescriber_name,
                        created_at=now,
                        expires_at=now + dt.timedelta(days=days),
                    )
                    .returning(*PRESCRIPTIONS.c)
                )
            ).one()
        return code, PrescriptionInfo.from_row(row)

    async def list_prescriptions(
        self, chat_id: int, limit: int = 20, offset: int = 0, now: dt.datetime | None = None
    ) -> list[PrescriptionInfo]:
        """A prescriber's links, newest first; given ``now``, the active ones (neither revoked nor
        expired at ``now``) come first, then the rest, each newest first. ``offset`` skips that many."""
        order: list[Any] = [PRESCRIPTIONS.c.created_at.desc(), PRESCRIPTIONS.c.id.desc()]
        if now is not None:
            order.insert(0, case((_active(now), 0), else_=1))
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(PRESCRIPTIONS)
                .where(PRESCRIPTIONS.c.chat_id == chat_id)
                .order_by(*order)
                .limit(limit)
                .offset(max(offset, 0))
            )
            return [PrescriptionInfo.from_row(r) for r in rows]

    async def count_prescriptions(self, chat_id: int) -> int:
        async with self.engine.connect() as conn:
            return (
                await conn.scalar(
                    select(func.count()).select_from(PRESCRIPTIONS).where(PRESCRIPTIONS.c.chat_id == chat_id)
                )
                or 0
            )

    async def count_active_prescriptions(self, chat_id: int, now: dt.datetime) -> int:
        """How many of a prescriber's links neither are revoked nor have expired at ``now``."""
        async with self.engine.connect() as conn:
            return (
                await conn.scalar(
                    select(func.count())
                    .select_from(PRESCRIPTIONS)
                    .where(PRESCRIPTIONS.c.chat_id == chat_id, _active(now))
                )
                or 0
            )

    async def last_prescriber_name(self, chat_id: int) -> str | None:
        """The display name this prescriber used last, to offer it again."""
        async with self.engine.connect() as conn:
            return await conn.scalar(
                select(PRESCRIPTIONS.c.prescriber_name)
                .where(PRESCRIPTIONS.c.chat_id == chat_id)
                .order_by(PRESCRIPTIONS.c.created_at.desc(), PRESCRIPTIONS.c.id.desc())
                .limit(1)
            )

    async def revoke_prescription(self, prescription_id: int, chat_id: int, now: dt.datetime) -> bool:
        """Revoke one of this prescriber's links; False if it is not theirs or was revoked already."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(PRESCRIPTIONS)
                .where(
                    PRESCRIPTIONS.c.id == prescription_id,
                    PRESCRIPTIONS.c.chat_id == chat_id,
                    PRESCRIPTIONS.c.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
            return result.rowcount > 0

    async def prescription_stats(self, prescription_id: int, since: dt.date) -> PrescriptionStats:
        """Counts over the patients of a link who chose to share (done sessions from ``since`` on)."""
        sharing = (
            select(PATIENTS).where(PATIENTS.c.prescription_id == prescription_id, PATIENTS.c.share.is_(True)).subquery()
        )
        async with self.engine.connect() as conn:
            patients = (await conn.execute(select(sharing))).all()
            subs = [p.subscription_id for p in patients if p.subscription_id is not None]
            done = await _days_done(conn, subs, since) if subs else 0
            changes: list[int] = []
            for p in patients:
                if p.subscription_id is None:
                    continue
                scores = await _pain_scores(conn, p.chat_id, p.subscription_id)
                if len(scores) >= 2:
                    changes.append(scores[-1] - scores[0])
        return PrescriptionStats(
            opened=len(patients),
            accepted=sum(p.accepted_at is not None for p in patients),
            done_last_7_days=done or 0,
            pain_change=sum(changes) / len(changes) if changes else None,
            pain_patients=len(changes),
        )

    # -- patient -----------------------------------------------------------------------------

    async def find_prescription(self, code: str) -> PrescriptionInfo | None:
        """The prescription behind a code (whatever its status), or None."""
        if not CODE_PATTERN.fullmatch(code):
            return None
        async with self.engine.connect() as conn:
            stmt = select(PRESCRIPTIONS).where(PRESCRIPTIONS.c.code_sha256 == code_hash(code))
            row = (await conn.execute(stmt)).first()
            return PrescriptionInfo.from_row(row) if row else None

    async def get_prescription(self, prescription_id: int) -> PrescriptionInfo | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(PRESCRIPTIONS).where(PRESCRIPTIONS.c.id == prescription_id))).first()
            return PrescriptionInfo.from_row(row) if row else None

    async def open_prescription(self, prescription_id: int, chat_id: int, now: dt.datetime) -> bool:
        """Record that a patient (who agreed to the notice) opened a link; True the first time only."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                self._insert(PATIENTS)
                .values(prescription_id=prescription_id, chat_id=chat_id, opened_at=now)
                .on_conflict_do_nothing(index_elements=[PATIENTS.c.prescription_id, PATIENTS.c.chat_id])
            )
            return result.rowcount > 0

    async def patient_link(self, prescription_id: int, chat_id: int) -> PatientLink | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(PATIENTS).where(PATIENTS.c.prescription_id == prescription_id, PATIENTS.c.chat_id == chat_id)
                )
            ).first()
        if row is None:
            return None
        return PatientLink(
            row.prescription_id, row.chat_id, row.opened_at, row.accepted_at, row.subscription_id, row.share
        )

    async def set_sharing(self, prescription_id: int, chat_id: int, share: bool) -> bool:
        """A patient's choice to share counts with the prescriber; False without a row."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(PATIENTS)
                .where(PATIENTS.c.prescription_id == prescription_id, PATIENTS.c.chat_id == chat_id)
                .values(share=share)
            )
            return result.rowcount > 0


async def _days_done(conn: AsyncConnection, subscription_ids: list[int], since: dt.date) -> int:
    """How many (subscription, day) pairs from ``since`` on have a done session."""
    days = (
        select(ADHERENCE.c.subscription_id, ADHERENCE.c.date)
        .distinct()
        .where(
            ADHERENCE.c.subscription_id.in_(subscription_ids), ADHERENCE.c.status == "done", ADHERENCE.c.date >= since
        )
    )
    return await conn.scalar(select(func.count()).select_from(days.subquery())) or 0


async def _pain_scores(conn: AsyncConnection, chat_id: int, subscription_id: int) -> list[int]:
    """A patient's pain scores for one subscription, oldest first."""
    rows = await conn.execute(
        select(RATINGS.c.pain)
        .where(RATINGS.c.chat_id == chat_id, RATINGS.c.subscription_id == subscription_id, RATINGS.c.pain.is_not(None))
        .order_by(RATINGS.c.created_at, RATINGS.c.id)
    )
    return list(rows.scalars().all())
