"""The Mini App's HTTP side: its page under ``/app/`` and its JSON API under ``/app/api/``.

Mounted on the bot's own server (bot/webhook.py) when ``WEBAPP_URL`` is set. Every API call
carries ``Authorization: tma <initData>``; the user Telegram signed for is the person (a private
chat's id is its user's id), so a person only ever reads and changes their own reminders.
Anything else gets 401 and nothing more.

- ``GET /app/api/today``: the day's session of the person's reminder (the day its last reminder
  brought, or the first day before any came): each exercise with its steps, dose, cautions, a
  counter (reps and/or a hold in seconds, read from the dose) and its moving demonstration.
- ``POST /app/api/done`` ``{"reminder": id, "day": n}``: the same as the reminder's Done
  (bot.handlers.sessions.record_done: same store, same streak), and the same pain question
  follows in the chat.
- ``GET /app/api/progress``: the numbers of ``/progress``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import mimetypes
import re
from pathlib import Path
from typing import Any, TypeGuard

from aiohttp import web
from telegram import InlineKeyboardButton, WebAppInfo
from telegram.ext import Application

from bot import render
from bot.charts import weekly_done
from bot.context import Services
from bot.delivery import programme_day
from bot.webapp.auth import InitDataError, WebAppUser, from_header
from content.schema import Exercise, Programme
from scheduler.times import local_date
from storage.reminders import SubscriptionInfo
from storage.store import Store

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
#: The moving demonstrations, drawn by tools/draw_pictures.py --animate (one per picture).
DEMOS = "animated"
PREFIX = "/app"
MAX_BODY = 4096

_HOLD = re.compile(r"hold[^.]*?(?:for )?(?:a count of )?(\d+)(?: seconds?)?", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_TAG = re.compile(r"<[^>]+>")


def start_button(webapp_url: str, reminder: int) -> InlineKeyboardButton:
    """ "▶ Start session": opens the Mini App at that reminder's session (private chats only)."""
    url = f"{webapp_url}{'&' if '?' in webapp_url else '?'}reminder={reminder}"
    return InlineKeyboardButton("▶ Start session", web_app=WebAppInfo(url))


def counter(dose: str) -> dict[str, int | None]:
    """What the page counts for a dose: reps (the first number not part of a hold) and a hold in
    seconds ("Hold for a count of 5"); neither for a walk (the page then offers a timer)."""
    hold = _HOLD.search(dose)
    rest = dose[: hold.start()] + dose[hold.end() :] if hold else dose
    reps = _NUMBER.search(rest)
    return {"reps": int(reps.group()) if reps else None, "hold": int(hold.group(1)) if hold else None}


def plain(fragment: str) -> str:
    """A Telegram HTML fragment as plain text (the page sets text, never HTML)."""
    return html.unescape(_TAG.sub("", fragment))


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers={"Cache-Control": "no-store"})


def _error(status: int, message: str) -> web.Response:
    return _json({"error": message}, status)


class WebApp:
    """The page and the API, for one application (its store, content and bot)."""

    def __init__(self, application: Application, settings):
        self.application = application
        secret = settings.telegram_bot_token
        from bot.app import OFFLINE_TOKEN

        self.token = secret.get_secret_value() if secret and secret.get_secret_value() else OFFLINE_TOKEN
        self.max_age = settings.webapp_auth_max_age
        self.api = {
            "/app/api/today": ("GET", self.today),
            "/app/api/done": ("POST", self.done),
            "/app/api/progress": ("GET", self.progress),
        }
        self.files = {p.name: p for p in STATIC.iterdir() if p.is_file()} if STATIC.is_dir() else {}

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        """Everything under ``/app``: the API (authenticated), the page, the demonstrations."""
        path = request.path
        if path in self.api:
            method, handler = self.api[path]
            if request.method != method:
                return web.Response(status=405, text="method not allowed", headers={"Allow": method})
            try:
                user = from_header(request.headers.get("Authorization"), self.token, max_age=self.max_age)
            except InitDataError as exc:
                log.info("mini app: refused (%s)", exc)
                return _error(401, "not signed in")
            return await handler(request, user)
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, text="method not allowed", headers={"Allow": "GET"})
        if path in (PREFIX, PREFIX + "/"):
            return self._file(self.files.get("index.html"))
        if path.startswith(PREFIX + "/demo/"):
            return self._demo(path.removeprefix(PREFIX + "/demo/"))
        return self._file(self.files.get(path.removeprefix(PREFIX + "/")))

    def _file(self, file: Path | None) -> web.StreamResponse:
        if file is None:
            return web.Response(status=404, text="not found")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        cache = "no-cache" if file.suffix == ".html" else "public, max-age=300"
        return web.Response(
            body=file.read_bytes(),
            headers={"Content-Type": kind, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
        )

    def _demo(self, name: str) -> web.StreamResponse:
        """An exercise's moving demonstration, by exercise id (``<id>.webp``)."""
        ex = self.services.content.exercises.get(name.removesuffix(".webp"))
        path = self.demo_path(ex) if ex is not None and name.endswith(".webp") else None
        if path is None or not path.is_file():
            return web.Response(status=404, text="not found")
        return web.Response(
            body=path.read_bytes(), headers={"Content-Type": "image/webp", "Cache-Control": "public, max-age=86400"}
        )

    def demo_path(self, ex: Exercise) -> Path | None:
        picture = self.services.content.picture_path(ex)
        return picture.parent / DEMOS / (picture.stem + ".webp") if picture is not None else None

    # ---- the API ------------------------------------------------------------------------------

    def _store(self) -> Store:
        store = self.services.store
        if store is None:
            raise web.HTTPServiceUnavailable(text="not ready")
        return store

    def _signs(self) -> dict[str, list[str]]:
        """Each level's signs in plain words, from the red-flag rules (as /urgent lists them)."""
        detector = self.services.detector
        out: dict[str, list[str]] = {}
        if detector is None:
            return out
        for sign in detector.listed:
            out.setdefault(sign.level, []).append(detector.text_of(sign.id))
        return out

    async def _reminder(self, user: WebAppUser, wanted: int | None = None) -> SubscriptionInfo | None:
        """The person's reminder: the one asked for if it is theirs, else their first active one."""
        subs = await self._store().reminders.list_subscriptions(user.id)
        if wanted is not None:
            return next((s for s in subs if s.id == wanted), None)
        return next((s for s in subs if s.active), subs[0] if subs else None)

    def _now(self) -> dt.datetime:
        engine = self.services.engine
        return engine.clock() if engine is not None else dt.datetime.now(dt.UTC)

    async def today(self, request: web.BaseRequest, user: WebAppUser) -> web.Response:
        wanted = request.query.get("reminder")
        if wanted is not None and not wanted.isdigit():
            return _error(400, "reminder must be a number")
        info = await self._reminder(user, int(wanted) if wanted else None)
        if info is None:
            return _json(
                {
                    "session": None,
                    "message": "You have no exercise reminder yet. Send /remind in the chat to set one up.",
                }
            )
        content = self.services.content
        programme = content.programmes.get(info.programme_id)
        if programme is None:
            return _json({"session": None, "message": "This plan is no longer available. /remind sets up another."})
        day = max(info.day - 1, 0)  # the day the last reminder brought (the count moves on when one is sent)
        today, finished = programme_day(programme, day)
        exercises = [content.exercises[e] for e in today.exercises if e in content.exercises]
        local = local_date(self._now(), info.zone)
        history = await self._store().history.adherence_history(user.id, local)
        advice_names = [ex.name for ex in exercises]
        plan = await self._plan(info, programme, day)
        from bot.handlers.care import worsening_advice

        urgent = render.urgent_page(content, self._signs(), levels=2)  # its title: the page has its own
        return _json(
            {
                "session": {
                    "reminder": info.id,
                    "day": day,
                    "programme": programme.title,
                    "finished": finished,
                    "rest": today.rest or not exercises,
                    "note": today.note,
                    "caution": programme.caution,
                    "done_today": "done" in history.get(local, set()),
                    "exercises": [self._exercise(ex, plan.get(ex.id)) for ex in exercises],
                    "too_painful": {"advice": worsening_advice(advice_names), "urgent": [plain(f) for f in urgent[1:]]},
                }
            }
        )

    async def _plan(self, info: SubscriptionInfo, programme: Programme, day: int) -> dict[str, tuple[int, str]]:
        """The repeats an adapted plan asks for on ``day``, per exercise, and their words, as the
        reminder shows them (content/progression.yaml); empty while the plan has not adapted."""
        rules = self.services.content.progression
        if rules is None or programme.id not in rules.plans:
            return {}
        level = await self._store().plan.level(info.id)
        out = {}
        for e in programme_day(programme, day)[0].exercises:
            n = rules.level_of(programme, day, e, level)
            words, reps = rules.for_now(programme.id, e, n), rules.repeats(programme.id, e, n or 0)
            if words is not None and reps is not None:
                out[e] = (reps, words)
        return out

    def _exercise(self, ex: Exercise, plan: tuple[int, str] | None = None) -> dict[str, Any]:
        """An exercise of the session; ``plan``: the repeats and words of an adapted plan, which
        lead the dose and set the counter."""
        demo = self.demo_path(ex)
        count = counter(ex.dose)
        if plan is not None:
            count["reps"] = plan[0]
        return {
            "id": ex.id,
            "name": ex.name,
            "summary": ex.summary,
            "steps": ex.steps,
            "dose": f"{plan[1]}. {ex.dose}" if plan else ex.dose,
            "cautions": ex.cautions,
            "counter": count,
            "demo": f"{PREFIX}/demo/{ex.id}.webp" if demo is not None and demo.is_file() else None,
            "demo_alt": f"A moving drawing of {ex.name}: " + " ".join(ex.steps[:2]),
        }

    async def done(self, request: web.BaseRequest, user: WebAppUser) -> web.Response:
        try:
            body = json.loads(await request.content.read(MAX_BODY + 1))
        except (ValueError, UnicodeDecodeError):
            return _error(400, "the body must be JSON")
        if not isinstance(body, dict):
            return _error(400, "the body must be a JSON object")
        reminder, day = body.get("reminder"), body.get("day")
        if not (_whole(reminder) and _whole(day)):
            return _error(400, "reminder and day must be whole numbers")
        info = await self._reminder(user, reminder)
        if info is None:
            return _error(404, "no such reminder of yours")
        from bot.handlers import care
        from bot.handlers.sessions import done_message, record_done

        progress, rating = await record_done(self._store(), info, day, self._now())
        # The same pain question as after the chat's Done, in the chat.
        try:
            await self.application.bot.send_message(
                info.chat_id, done_message(progress.streak), reply_markup=care.rating_keyboard(rating)
            )
        except Exception:  # noqa: BLE001 - recorded either way; the chat message is a courtesy
            log.warning("mini app: done recorded, the pain question could not be sent", exc_info=True)
        return _json({"done": True, "streak": progress.streak, "week_done": progress.done})

    async def progress(self, _request: web.BaseRequest, user: WebAppUser) -> web.Response:
        """The numbers of /progress (bot.handlers.sessions.progress)."""
        store = self._store()
        subs = await store.reminders.list_subscriptions(user.id)
        zone = subs[0].zone if subs else (await store.chats.get_zone(user.id) or "Etc/UTC")
        today = local_date(self._now(), zone)
        history = await store.history.adherence_history(user.id, today - dt.timedelta(days=27))
        stats = await store.history.progress(user.id, today)
        pain = [(p.date, p.pain) for p in await store.care.pain_series(user.id, today - dt.timedelta(days=27))]
        checkins = await store.outcomes.history(user.id)
        return _json(
            {
                "recorded": bool(history),
                "streak": stats.streak,
                "weeks": weekly_done(history, today),
                "this_week": {"done": stats.done, "skipped": stats.skipped, "snoozed": stats.snoozed},
                "pain": {
                    "first": pain[0][1],
                    "last": pain[-1][1],
                    "series": [{"date": d.isoformat(), "pain": p} for d, p in pain],
                }
                if pain
                else None,
                # the function check-ins (/checkin), oldest first: the RMDQ score (0-24, lower is
                # better), leg and back pain in the week before, walking minutes where asked
                "checkins": [
                    {
                        "date": local_date(c.completed_at, zone).isoformat(),
                        "rmdq": c.rmdq,
                        "leg_pain": c.leg_pain,
                        "back_pain": c.back_pain,
                        "walking_minutes": c.walking_minutes,
                    }
                    for c in checkins
                ],
            }
        )
