"""Helpers shared by the tests of the reminder engine and the stores (both storage backends)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from content.yamldoc import load_yaml
from scheduler.engine import DueReminder, ReminderEngine
from storage.models import Subscription

#: ``@pytest.mark.parametrize("store", BACKENDS, indirect=True)``: run on SQLite and PostgreSQL.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

ROOT = Path(__file__).resolve().parents[1]  # the repository
UTC = dt.UTC
LONDON = "Europe/London"
T0730 = dt.time(7, 30)
DUE = dt.datetime(2025, 1, 15, 7, 30, tzinfo=UTC)  # 07:30 in London (GMT)
BEFORE = DUE - dt.timedelta(hours=12)
TOMORROW = DUE + dt.timedelta(days=1)


class FakeSend:
    """Records every call; raises the errors queued for a chat, in order, then succeeds."""

    def __init__(self, **errors: list[BaseException]):
        self.calls: list[DueReminder] = []
        self.errors = {int(chat.removeprefix("chat")): list(errs) for chat, errs in errors.items()}
        self.during = None  # async hook run inside the send

    async def __call__(self, reminder: DueReminder) -> None:
        self.calls.append(reminder)
        if self.during:
            await self.during(reminder)
        queued = self.errors.get(reminder.chat_id)
        if queued:
            error = queued.pop(0)
            if error is not None:
                raise error

    @property
    def chats(self) -> list[int]:
        return [r.chat_id for r in self.calls]


class FakeSleep:
    def __init__(self):
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_engine(store, send, now=DUE, **kwargs) -> ReminderEngine:
    kwargs.setdefault("sleep", FakeSleep())
    return ReminderEngine(store, send, clock=lambda: now, **kwargs)


async def subscribe(store, chat_id=1, local_time=T0730, zone=LONDON, now=BEFORE, programme="sciatica"):
    return await store.reminders.add_subscription(chat_id, programme, local_time, zone, now)


async def add_many(store, count: int, due: dt.datetime, zone: str = LONDON) -> list[int]:
    """Insert ``count`` due subscriptions, one per chat, directly (fast set-up)."""
    rows = [
        {
            "chat_id": 1000 + i,
            "programme_id": "p",
            "local_time": T0730,
            "zone": zone,
            "next_due_utc": due,
            "day": 0,
            "active": True,
            "failures": 0,
            "created_at": due,
        }
        for i in range(count)
    ]
    async with store.engine.begin() as conn:
        await conn.execute(Subscription.__table__.insert(), rows)
        ids = await conn.scalars(select(Subscription.id).order_by(Subscription.id))
        return list(ids)


async def count(store, model, *where) -> int:
    """Rows of ``model`` matching ``where``."""
    async with store.engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(model).where(*where))


def read_yaml(path: Path):
    """A YAML file's data, read with libyaml's parser where PyYAML has it (as content/loader.py
    does): test modules that read a large file at import do so in every test worker."""
    return load_yaml(path.read_text("utf-8"))


def urgent_page(detector, language: str) -> tuple[str, list]:
    """The /urgent page as the bot renders it in ``language`` (HTML apostrophes as plain ones),
    with the signs of ``detector`` under their levels, and the page's body blocks."""
    from bot import render
    from content.loader import load_content

    content = load_content().in_language(language)
    rules = detector.in_language(language)
    by_level: dict[str, list[str]] = {}
    for sign in rules.listed:
        by_level.setdefault(sign.level, []).append(rules.text_of(sign.id))
    page = "\n".join(render.urgent_page(content, by_level)).replace("&#x27;", "'")
    return page, content.pages["urgent"].body
