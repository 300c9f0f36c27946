"""Typed access to the bot's shared objects from every handler (PTB ``contexttypesbot`` style)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackContext, ExtBot

from content.loader import Content
from settings import Settings

if TYPE_CHECKING:
    from content.search import QuestionIndex
    from safety.redflags import RedFlagDetector
    from scheduler.engine import ReminderEngine
    from storage.store import Store


@dataclass
class Services:
    """What handlers need, built once (``bot.app.make_services``) and passed to the application.

    The store and the engine are made when the application starts (``bot.app.startup``), unless
    given; the red-flag rules and the question index by ``make_services``.
    """

    settings: Settings
    content: Content
    store: Store | None = None
    detector: RedFlagDetector | None = None
    questions: QuestionIndex | None = None
    engine: ReminderEngine | None = None


class Ctx(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context with typed properties for our services."""

    def __init__(self, application: Application, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]

    @property
    def content(self) -> Content:
        return self.services.content

    def now(self) -> dt.datetime:
        """The current time as the reminder engine sees it (tests move this clock by hand)."""
        return self.engine.clock()

    @property
    def engine(self) -> ReminderEngine:
        engine = self.services.engine
        if engine is None:
            raise RuntimeError("the reminder engine is not started")
        return engine

    @property
    def store(self) -> Store:
        store = self.services.store
        if store is None:
            raise RuntimeError("the store is not open")
        return store
