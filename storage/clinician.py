"""A patient's choice that their prescriber hears when things change (``store.outcomes``): the
consent rows, the prescriptions they apply to, and the three-missed-days streaks.

Part of :class:`storage.outcomes.OutcomeStore` (as :class:`ClinicianAlertStore`); nothing about a
patient who did not say yes is read here for a prescriber.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.times import local_date
from storage.db import Base
from storage.models import Adherence, Delivery, Subscription, UTCDateTime

NAME_MAX = 60  # a display name, as long as a goal

A, D, S = Adherence.__table__, Delivery.__table__, Subscription.__table__


class ClinicianAlerts(Base):
    """A patient's explicit, revocable choice that the prescriber of one prescription hears when
    things change, with the name the patient chose to be shown by. Separate from sharing counts."""

    __tablename__ = "clinician_alerts"
    __table_args__ = (UniqueConstraint("chat_id", "prescription_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)  # the patient
    prescription_id: Mapped[int] = mapped_column(ForeignKey("prescriptions.id", ondelete="CASCADE"))
    display_name: Mapped[str] = mapped_column(String(NAME_MAX))
    agreed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The local day the prescriber was last told of three missed days (told again only after a day done).
    missed_alerted_on: Mapped[dt.date | None] = mapped_column(Date)


CA = ClinicianAlerts.__table__


@dataclass(frozen=True, slots=True)
class Prescriber:
    """A prescription a patient follows, and whether (as whom) its prescriber gets alerts."""

    prescription_id: int
    prescriber_chat: int
    prescriber_name: str
    programme_id: str
    alerts_id: int | None  # the consent row, when the patient said yes
    display_name: str | None


class ClinicianAlertStore:
    """The consent rows and what they let a prescriber hear; mixed into ``OutcomeStore``."""

    engine: AsyncEngine
    _insert: Callable[..., Any]  # the dialect's INSERT (for ON CONFLICT)

    async def prescribers(self, chat_id: int) -> list[Prescriber]:
        """The prescriptions this patient opened and agreed to, with their alert choice."""
        from storage.prescriptions import PATIENTS as PP
        from storage.prescriptions import PRESCRIPTIONS as P

        stmt = (
            select(
                P.c.id,
                P.c.chat_id,
                P.c.prescriber_name,
                P.c.programme_id,
                CA.c.id.label("alerts_id"),
                CA.c.display_name,
            )
            .join(PP, PP.c.prescription_id == P.c.id)
            .outerjoin(CA, (CA.c.prescription_id == P.c.id) & (CA.c.chat_id == chat_id))
            .where(PP.c.chat_id == chat_id, PP.c.accepted_at.is_not(None))
            .order_by(P.c.id)
        )
        async with self.engine.connect() as conn:
            return [Prescriber(*r) for r in await conn.execute(stmt)]

    async def allow_alerts(self, chat_id: int, prescription_id: int, display_name: str, now: dt.datetime) -> bool:
        """The patient says yes (or changes the name); False when they have no such prescription."""
        if not any(p.prescription_id == prescription_id for p in await self.prescribers(chat_id)):
            return False
        name = display_name[:NAME_MAX]
        async with self.engine.begin() as conn:
            await conn.execute(
                self._insert(CA)
                .values(chat_id=chat_id, prescription_id=prescription_id, display_name=name, agreed_at=now)
                .on_conflict_do_update(
                    index_elements=[CA.c.chat_id, CA.c.prescription_id],
                    set_={"display_name": name, "agreed_at": now},
                )
            )
        return True

    async def stop_alerts(self, chat_id: int, prescription_id: int) -> bool:
        """The patient takes it back; whether there was a yes to take back."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(CA).where(CA.c.chat_id == chat_id, CA.c.prescription_id == prescription_id)
            )
            return (result.rowcount or 0) > 0

    async def alerting_patients(self, prescriber_chat: int) -> list[tuple[int, str, str]]:
        """(consent row id, display name, programme id) of every patient who lets this prescriber hear."""
        from storage.prescriptions import PRESCRIPTIONS as P

        stmt = (
            select(CA.c.id, CA.c.display_name, P.c.programme_id)
            .join(P, P.c.id == CA.c.prescription_id)
            .where(P.c.chat_id == prescriber_chat)
            .order_by(CA.c.display_name, CA.c.id)
        )
        async with self.engine.connect() as conn:
            return [tuple(r) for r in await conn.execute(stmt)]

    async def alert_consent(self, alerts_id: int, prescriber_chat: int) -> tuple[int, str] | None:
        """(patient chat, display name) behind a consent row, if it still exists and the asker is
        its prescriber; None otherwise (revoked, forgotten, or someone else)."""
        from storage.prescriptions import PRESCRIPTIONS as P

        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(CA.c.chat_id, CA.c.display_name)
                    .join(P, P.c.id == CA.c.prescription_id)
                    .where(CA.c.id == alerts_id, P.c.chat_id == prescriber_chat)
                )
            ).first()
        return (row.chat_id, row.display_name) if row else None

    async def missed_streaks(self, now: dt.datetime, days: int = 3) -> list[tuple[int, int, str]]:
        """(patient chat, prescription id, display name) for each patient with alerts on whose prescribed
        reminder was sent on each of the last ``days`` local days before today with none of them done,
        and whose prescriber was not told of it yet (told once per streak: again only after a day done).
        The prescriber's mark is set here, by a conditional update, so of two replicas one tells."""
        async with self.engine.connect() as conn:
            found = [
                (r.id, local_date(now, r.zone), (r.chat_id, r.prescription_id, r.display_name))
                for r in await _alerting_reminders(conn)
                if await _missed(conn, r, now, days)
            ]
        out = []
        for alerts_id, today, item in found:
            async with self.engine.begin() as conn:
                claimed = await conn.execute(
                    update(CA)
                    .where(CA.c.id == alerts_id, (CA.c.missed_alerted_on.is_(None)) | (CA.c.missed_alerted_on < today))
                    .values(missed_alerted_on=today)
                )
            if claimed.rowcount == 1:
                out.append(item)
        return out


async def _alerting_reminders(conn: AsyncConnection) -> list:
    """Each consent row with its patient's active prescribed reminder (its id and zone)."""
    from storage.prescriptions import PATIENTS as PP

    stmt = (
        select(
            CA.c.id,
            CA.c.chat_id,
            CA.c.prescription_id,
            CA.c.display_name,
            CA.c.missed_alerted_on,
            S.c.id.label("sub_id"),
            S.c.zone,
        )
        .join(PP, (PP.c.prescription_id == CA.c.prescription_id) & (PP.c.chat_id == CA.c.chat_id))
        .join(S, S.c.id == PP.c.subscription_id)
        .where(S.c.active.is_(True))
    )
    return list((await conn.execute(stmt)).all())


async def _missed(conn: AsyncConnection, r, now: dt.datetime, days: int) -> bool:
    """Whether the reminder was sent on each of the last ``days`` local days before today, none of
    them done, and the prescriber was not told of this streak yet."""
    today = local_date(now, r.zone)
    window = {today - dt.timedelta(days=i) for i in range(1, days + 1)}
    sent_at = await conn.scalars(
        select(D.c.due_utc).where(
            D.c.subscription_id == r.sub_id, D.c.status == "sent", D.c.due_utc >= now - dt.timedelta(days=days + 2)
        )
    )
    sent = {local_date(d, r.zone) for d in sent_at}
    since = r.missed_alerted_on or today - dt.timedelta(days=days + 1)
    done = set(
        await conn.scalars(
            select(A.c.date).where(A.c.subscription_id == r.sub_id, A.c.status == "done", A.c.date >= since)
        )
    )
    told = r.missed_alerted_on is not None and not any(d >= r.missed_alerted_on for d in done)
    return window <= sent and not done & window and not told
