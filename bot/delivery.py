"""The Telegram side of the reminder engine: render today's exercise, send it, map errors.

The engine (``scheduler/``) knows nothing of Telegram; :func:`make_send` gives it a ``send``
callable that speaks python-telegram-bot and translates its errors into ``scheduler.errors``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBUserWarning

from bot import keyboards
from bot.ratelimit import bulk
from bot.reminder_text import (  # the rendering, re-exported for the callers that import it from here
    STEPS_IN_PRIVATE,
    exercise_post_caption,
    fit,
    post_exercises,
    post_tips,
    programme_day,
    reminder_caption,
    reminder_keyboard,
    render_tip_post,
)
from bot.request import no_retries
from content.loader import Content
from content.schema import Programme
from scheduler import errors
from scheduler.engine import DueReminder, ReminderEngine
from storage.care import CHECK_PROGRAMME
from storage.community import POST_IDS, POST_PROGRAMMES
from storage.outcomes import OFFER_PROGRAMME
from storage.store import Store

log = logging.getLogger(__name__)

__all__ = [
    "STEPS_IN_PRIVATE",
    "Sender",
    "day_picture",
    "exercise_post_caption",
    "fit",
    "make_engine",
    "post_exercises",
    "post_tips",
    "programme_day",
    "reminder_caption",
    "reminder_keyboard",
    "render_tip_post",
]

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

#: Bad requests that mean the chat is gone for good, not that our message was wrong.
_GONE = (
    "chat not found",
    "user is deactivated",
    "bot was kicked",
    "bot is not a member",
    "have no rights to send",
    "not enough rights",
    "chat_write_forbidden",
)


def day_picture(paths: Sequence[Path]) -> bytes:
    """The day's exercise pictures in one PNG, in the order of the message (each picture carries
    its exercise's name): one row of up to three, four as two rows of two."""
    from PIL import Image  # Pillow: only loaded when a reminder first needs a picture

    tiles = []
    for path in paths:
        with Image.open(path) as picture:
            tiles.append(picture.convert("RGB"))
    width, height = max(t.width for t in tiles), max(t.height for t in tiles)
    cols = 2 if len(tiles) == 4 else min(len(tiles), 3)
    rows = -(-len(tiles) // cols)
    gap = 16
    sheet = Image.new("RGB", (cols * width + (cols - 1) * gap, rows * height + (rows - 1) * gap), "white")
    for i, tile in enumerate(tiles):
        sheet.paste(tile, ((i % cols) * (width + gap), (i // cols) * (height + gap)))
    out = io.BytesIO()
    sheet.save(out, "PNG")
    return out.getvalue()


class Sender:
    """Sends reminders with a bot, one message each; caches uploaded pictures by their file id.

    Args:
        paid_broadcast: send with ``allow_paid_broadcast`` (Telegram then allows up to 1,000
            messages a second, for Telegram Stars; README).
    """

    def __init__(self, bot: Bot, content: Content, store=None, *, paid_broadcast: bool = False):
        self.bot = bot
        self.content = content
        self.store = store  # reads a group's topic focus for its daily post
        self.detector = None  # the red-flag rules, for the weekly check-in's questions
        self.webapp_url: str | None = None  # WEBAPP_URL: reminders get "▶ Start session"
        self.paid = {"allow_paid_broadcast": True} if paid_broadcast else {}
        self._photo_ids: dict[tuple[str, ...], str] = {}  # by the exercises a picture shows
        # The same programme day goes to everyone on it: render it once (content is loaded once).
        self._captions: dict[tuple[str, int, int | None, str | None, str | None], str] = {}
        self._images: dict[tuple[str, ...], asyncio.Future[bytes]] = {}  # a day's picture, drawn once

    async def send(self, reminder: DueReminder) -> None:
        """Deliver one reminder; raises ``scheduler.errors`` for the engine."""
        post = reminder.programme_id in POST_IDS
        check = reminder.programme_id == CHECK_PROGRAMME and self.detector is not None
        offer = reminder.programme_id == OFFER_PROGRAMME
        programme = None if post or check or offer else self.content.programmes.get(reminder.programme_id)
        # The chat's language (a person's /language or consent-time Telegram language, a group's /settings).
        language = await self.store.chats.get_language(reminder.chat_id) if self.store is not None else None
        if programme is None and not (post or check or offer):
            raise errors.Unreachable(f"programme {reminder.programme_id!r} no longer exists", whole_chat=False)
        try:
            # The engine holds a reminder through an outage itself; a reminder is a bulk send.
            with no_retries(), bulk():
                if check:
                    await self._send_check(reminder, language)
                elif offer:
                    await self._send_offer(reminder, language)
                elif post:
                    await self._send_post(reminder, language)
                elif programme is not None:
                    await self._send(reminder, programme, language)
        except RetryAfter as exc:
            # bot.ratelimit marks a limit it saw for this chat only; any other is the bot's.
            raise errors.RetryAfter(_seconds(exc.retry_after), bot_wide=not getattr(exc, "chat_only", False)) from exc
        except ChatMigrated as exc:
            raise errors.ChatMoved(exc.new_chat_id) from exc
        except Forbidden as exc:
            raise errors.Unreachable(f"forbidden: {exc.message}") from exc
        except BadRequest as exc:
            if any(gone in exc.message.lower() for gone in _GONE):
                raise errors.Unreachable(f"bad request: {exc.message}") from exc
            raise errors.TemporaryFailure(f"bad request: {exc.message}") from exc
        except (TimedOut, NetworkError) as exc:
            # A 5xx answer, a timeout, a connection error: Telegram's or the network's, not the chat's.
            raise errors.TemporaryFailure(f"{type(exc).__name__}: {exc.message}", bot_wide=True) from exc

    async def _send(self, reminder: DueReminder, programme: Programme, language: str | None = None) -> None:
        """One message: the day's picture with the reminder as its caption and the buttons (a rest
        day, or a day without pictures: the same as a text message), in the chat's ``language``."""
        content = self.content.in_language(language)
        programme = content.programmes.get(programme.id, programme)
        today, _ = programme_day(programme, reminder.day)
        level, warned = await self._plan_lines(reminder, programme, content)
        key = (programme.id, reminder.day, level, language, warned)
        caption = self._captions.get(key)
        if caption is None:
            if len(self._captions) >= 4096:  # the day keeps counting up: keep the cache small
                self._captions.clear()
            caption = self._captions[key] = reminder_caption(content, programme, reminder.day, level, language, warned)
        exercises = [content.exercises[e] for e in today.exercises]
        webapp = self.webapp_url if reminder.chat_id > 0 else None  # web_app buttons: private chats only
        markup = reminder_keyboard(reminder.subscription_id, reminder.day, exercises, webapp, language)
        if not await self._photo(reminder.chat_id, today.exercises, caption, markup):
            await self._message(reminder.chat_id, caption, markup)

    async def _plan_lines(
        self, reminder: DueReminder, programme: Programme, content: Content
    ) -> tuple[int | None, str | None]:
        """The repeats this person's plan asks for now, once it adapted, and the line each reminder
        carries for some days after an emergency or urgent warning (content/progression.yaml:
        step_down.warned), read together."""
        rules = content.progression
        if self.store is None or rules is None:
            return None, None
        adapts, down = programme.id in rules.plans, rules.step_down
        if not adapts and not down.warned_alerts:
            return None, None
        since = reminder.due_utc - dt.timedelta(days=down.warned_days)
        level, shown = await self.store.plan.for_reminder(
            reminder.subscription_id, reminder.chat_id, adapts, down.warned_alerts, since
        )
        return level, None if shown is None else rules.warned_line(shown, content.language)

    async def _message(self, chat_id: int, html: str, markup: InlineKeyboardMarkup | None) -> None:
        await self.quiet_send(
            "sendMessage",
            chat_id=chat_id,
            text=html,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=markup,
        )

    async def quiet_send(self, method: str, **params: object) -> None:
        """``method`` (sendMessage, sendPhoto) through python-telegram-bot, without reading
        Telegram's answer back into a :class:`~telegram.Message`: nothing reads it, and building
        one (its text, entities and keyboard) was the largest single cost of a reminder
        (docs/benchmarks.md). The rest is python-telegram-bot's as for ``send_message``: the
        request backend and its timeouts, the rate limiter, and the same errors raised (and,
        as for every call, a parameter given as None is left out)."""
        await _Unwarned(self.bot.do_api_request(method, api_kwargs={**params, **self.paid}))

    async def _send_check(self, reminder: DueReminder, language: str | None = None) -> None:
        """The weekly cauda equina check-in in one message: /check's opening and its first question
        with that question's buttons (the same as /check's, so older offers' buttons work alike), in the
        chat's ``language``."""
        from bot.handlers.check import check_opening

        opening = check_opening(self.detector, weekly=True, language=language)
        await self._message(reminder.chat_id, "\n\n".join(html for html, _ in opening), opening[-1][1])

    async def _send_offer(self, reminder: DueReminder, language: str | None = None) -> None:
        """The function check-in offer. Its subscription is due weekly (as the cauda equina
        check-in's); it is offered every second week, and not within 10 days of a check-in the
        person did by themselves. A week with nothing to offer still counts as sent (the engine
        moves the day on, which keeps the fortnight)."""
        from bot.handlers.outcomes import offer_message

        if reminder.day % 2 == 1 or self.store is None:
            return
        last = await self.store.outcomes.last_completed(reminder.chat_id)
        if last is not None and reminder.due_utc - last < dt.timedelta(days=10):
            return
        html, markup = offer_message(language=language)
        await self._message(reminder.chat_id, html, markup)

    async def _send_post(self, reminder: DueReminder, language: str | None = None) -> None:
        """A group's or channel's daily post, rotating through its topic's items by day: one
        message (an exercise: its picture with the post as its caption), in its ``language``."""
        content = self.content.in_language(language)
        focus = (await self.store.community.get_post(reminder.chat_id)).focus if self.store is not None else None
        topic = content.topics.get(focus) if focus else None
        if reminder.programme_id == POST_PROGRAMMES["exercise"]:
            items = post_exercises(content, topic)
            ex = items[reminder.day % len(items)]
            caption = exercise_post_caption(content, ex, topic, language)
            payload = keyboards.exercise_payload(ex.id)
            markup = keyboards.read_in_private(self.bot.username, payload, STEPS_IN_PRIVATE, language)
            if not await self._photo(reminder.chat_id, [ex.id], caption, markup):
                await self._message(reminder.chat_id, caption, markup)
            return
        tips = post_tips(content, topic) or post_tips(content, None)
        tip = tips[reminder.day % len(tips)]
        messages = render_tip_post(content, tip, language)
        payload = keyboards.section_payload(tip[0].id, tip[1].kind)
        markup = keyboards.read_in_private(self.bot.username, payload, language=language)
        for i, html in enumerate(messages):
            await self._message(reminder.chat_id, html, markup if i == len(messages) - 1 else None)

    async def _photo(
        self, chat_id: int, exercise_ids: Sequence[str], caption: str, markup: InlineKeyboardMarkup
    ) -> bool:
        """The pictures of ``exercise_ids`` (those that have one) in one photo, with ``caption``
        and ``markup``: a day's several pictures side by side, one exercise's as it is. Uploaded
        once, then sent by file id. False (nothing sent) when none has a picture."""
        key = tuple(e for e in exercise_ids if self.content.exercises[e].picture)
        if not key:
            return False
        file_id = self._photo_ids.get(key)
        if file_id is not None:
            await self.quiet_send(
                "sendPhoto",
                chat_id=chat_id,
                photo=file_id,
                caption=caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
            return True
        message = await self._upload(chat_id, key, caption, markup)
        if message.photo:
            self._photo_ids[key] = message.photo[-1].file_id
        return True

    async def _upload(self, chat_id: int, key: tuple[str, ...], caption: str, markup: InlineKeyboardMarkup) -> Message:
        """Send the pictures of the exercises ``key`` (one as it is, several drawn side by side)."""
        paths = [path for e in key if (path := self.content.picture_path(self.content.exercises[e]))]
        extra: dict[str, Any] = {"api_kwargs": self.paid} if self.paid else {}
        if len(paths) == 1:
            with paths[0].open("rb") as photo:
                return await self.bot.send_photo(
                    chat_id, photo, caption=caption, reply_markup=markup, parse_mode=ParseMode.HTML, **extra
                )
        drawing = self._images.get(key)
        if drawing is None:  # drawn once per combination, off the event loop; concurrent sends share it
            drawing = self._images[key] = asyncio.ensure_future(asyncio.to_thread(day_picture, paths))
        try:
            image = await asyncio.shield(drawing)
        except Exception:
            self._images.pop(key, None)  # the next send draws it again
            raise
        return await self.bot.send_photo(
            chat_id,
            image,
            caption=caption,
            filename="today.png",
            reply_markup=markup,
            parse_mode=ParseMode.HTML,
            **extra,
        )


class _Unwarned:
    """Awaits ``do_api_request(...)`` without python-telegram-bot's "Please use 'Bot.send_message'"
    warning (sending that way is on purpose: :meth:`Sender.quiet_send`). The warning is given in the
    coroutine's first step, before it first waits: only that step runs inside
    ``warnings.catch_warnings``, so no other task ever runs with the filter in place."""

    def __init__(self, coro):
        self.coro = coro

    def __await__(self):
        coro = self.coro
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)
            try:
                waiting = coro.send(None)
            except StopIteration as done:
                return done.value
        while True:
            try:
                value, step = (yield waiting), coro.send
            except BaseException as exc:  # noqa: BLE001 - a cancellation, passed on to the request
                value, step = exc, coro.throw
            try:
                waiting = step(value)
            except StopIteration as done:
                return done.value


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def make_engine(
    store: Store,
    bot: Bot,
    content: Content,
    *,
    grace_minutes: int,
    concurrency: int = 8,
    detector=None,
    paid_broadcast: bool = False,
    webapp_url: str | None = None,
    **kwargs,
) -> ReminderEngine:
    """A reminder engine that delivers through ``bot``."""
    sender = Sender(bot, content, store, paid_broadcast=paid_broadcast)
    sender.detector = detector
    sender.webapp_url = webapp_url
    return ReminderEngine(
        store, sender.send, grace=dt.timedelta(minutes=grace_minutes), concurrency=concurrency, **kwargs
    )
