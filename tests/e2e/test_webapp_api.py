"""The Mini App's JSON API on the bot's own server, with the real Application and the fake Bot API.

Every call is signed as Telegram signs a Mini App's initData (bot/webapp/auth.py); the person
with a reminder gets today's session, Done records what the chat's Done records (the chat's
/progress then shows the streak), and nobody reads or changes anyone else's data.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from bot.webapp.auth import signed_init_data
from tests.e2e.helpers import (
    PROGRAMME,
    TOKEN,
    USER,
    WEBAPP_URL,
    Clock,
    ask,
    clock_now,
    services_of,
    start_button,
    visible_text,
    webapp_on,
    with_reminder,
)
from tests.fake_bot_api import FakeBotApi

OTHER = USER + 1


@pytest.fixture
def serve_webapp(serve_bot):
    return webapp_on(serve_bot)


def tma(user_id: int = USER, token: str = TOKEN, **kwargs) -> dict[str, str]:
    return {"Authorization": "tma " + signed_init_data(user_id, token, **kwargs)}


async def test_today_done_progress_for_the_person_signed_in(serve_webapp, http, api: FakeBotApi, content):
    async with serve_webapp() as (application, base):
        clock = Clock(clock_now())
        sub = await with_reminder(application, clock)
        async with http.get(f"{base}/app/api/today", headers=tma()) as r:
            assert r.status == 200
            session = (await r.json())["session"]
        first_day = content.programmes[PROGRAMME].days[0]
        assert session["reminder"] == sub.id and session["day"] == 0 and not session["done_today"]
        assert [e["id"] for e in session["exercises"]] == first_day.exercises
        for ex in session["exercises"]:
            source = content.exercises[ex["id"]]
            assert ex["steps"] == source.steps and ex["dose"] == source.dose and ex["cautions"] == source.cautions
            async with http.get(base + ex["demo"]) as r:
                assert r.status == 200 and r.content_type == "image/webp"
                assert (await r.read())[:4] == b"RIFF"
        assert "talk to your physiotherapist or doctor" in session["too_painful"]["advice"]
        assert any("999" in line for line in session["too_painful"]["urgent"])

        async with http.post(
            f"{base}/app/api/done", headers=tma(), json={"reminder": sub.id, "day": session["day"]}
        ) as r:
            assert r.status == 200
            assert (await r.json())["streak"] == 1
        # the same pain question as after the chat's Done, in the chat
        await api.wait_for(lambda: any("Marked as done" in c.text for c in api.sent(USER)), what="the pain question")
        question = next(c for c in api.sent(USER) if "Marked as done" in c.text)
        assert [label for label, _ in question.buttons()][:11] == [str(n) for n in range(11)]

        async with http.get(f"{base}/app/api/today", headers=tma()) as r:
            assert (await r.json())["session"]["done_today"] is True
        async with http.get(f"{base}/app/api/progress", headers=tma()) as r:
            progress = await r.json()
        assert progress["streak"] == 1 and progress["this_week"]["done"] == 1 and progress["weeks"][-1] == 1
        # the chat's /progress says the same
        replies = await ask(api, "/progress")
        assert "Streak: 1 day(s)" in visible_text(replies[-1].text)


@pytest.mark.parametrize("case", ["missing", "not tma", "forged", "wrong token", "expired", "tampered"])
async def test_unsigned_forged_or_expired_init_data_gets_401(serve_webapp, http, case):
    headers = {
        "missing": {},
        "not tma": {"Authorization": "Bearer abc"},
        "forged": {"Authorization": "tma auth_date=1&user=%7B%22id%22%3A1%7D&hash=" + "0" * 64},
        "wrong token": tma(token="999:another-bot"),
        "expired": tma(now=time.time() - 24 * 3600 - 120),
        "tampered": {"Authorization": tma()["Authorization"].replace(str(USER), str(OTHER), 1)},
    }[case]
    async with serve_webapp() as (_application, base):
        for method, path in (("GET", "today"), ("POST", "done"), ("GET", "progress")):
            async with http.request(
                method, f"{base}/app/api/{path}", headers=headers, json={"reminder": 1, "day": 0}
            ) as r:
                assert r.status == 401, (case, path)
                assert await r.json() == {"error": "not signed in"}


async def test_another_persons_reminder_can_be_neither_read_nor_marked(serve_webapp, http, api: FakeBotApi):
    async with serve_webapp() as (application, base):
        clock = Clock(clock_now())
        theirs = await with_reminder(application, clock, chat_id=OTHER)
        async with http.get(f"{base}/app/api/today?reminder={theirs.id}", headers=tma()) as r:
            assert r.status == 200 and (await r.json())["session"] is None
        async with http.get(f"{base}/app/api/today", headers=tma()) as r:
            assert (await r.json())["session"] is None  # USER has no reminder of their own
        async with http.post(f"{base}/app/api/done", headers=tma(), json={"reminder": theirs.id, "day": 0}) as r:
            assert r.status == 404
        store = services_of(application).store
        assert await store.history.adherence_history(OTHER, clock.now.date() - dt.timedelta(days=2)) == {}
        async with http.get(f"{base}/app/api/today", headers=tma(OTHER)) as r:
            assert (await r.json())["session"]["reminder"] == theirs.id


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "the body must be JSON"),
        (b"[1, 2]", "the body must be a JSON object"),
        (json.dumps({"reminder": "1", "day": 0}).encode(), "reminder and day must be whole numbers"),
        (json.dumps({"reminder": 1, "day": -1}).encode(), "reminder and day must be whole numbers"),
        (json.dumps({"reminder": True, "day": 0}).encode(), "reminder and day must be whole numbers"),
    ],
)
async def test_bad_json_gets_400_with_a_short_message(serve_webapp, http, body, message):
    async with serve_webapp() as (_application, base), http.post(f"{base}/app/api/done", headers=tma(), data=body) as r:
        assert r.status == 400
        assert await r.json() == {"error": message}


async def test_page_is_served_and_nothing_else_under_app(serve_webapp, http):
    async with serve_webapp() as (_application, base):
        async with http.get(f"{base}/app/") as r:
            assert r.status == 200 and r.content_type == "text/html"
            assert "<title>" in await r.text()
        for path in ("/app/../settings.py", "/app/nothing.js", "/app/demo/nothing.webp", "/app/api/other"):
            async with http.get(base + path) as r:
                assert r.status in (401, 404), path
        async with http.post(f"{base}/app/api/today", headers=tma()) as r:
            assert r.status == 405


async def test_without_webapp_url_nothing_is_served(serve_webapp, http):
    async with serve_webapp(webapp_url=None, health_port=0) as (_application, base):
        for path in ("/app/", "/app/api/today"):
            async with http.get(base + path, headers=tma()) as r:
                assert r.status == 404
        async with http.get(base + "/healthz") as r:
            assert r.status == 200


async def test_a_reminder_in_a_private_chat_has_start_session_next_to_done(serve_webapp, api: FakeBotApi):
    async with serve_webapp() as (application, _base):
        sub = await with_reminder(application, Clock(clock_now()))
        (photo,) = api.sent(USER, "sendPhoto")
        labels, url = start_button(photo)
        assert labels == ["▶ Start session", "✅ Done"]
        assert url == f"{WEBAPP_URL}?reminder={sub.id}"
        group = -100123
        await with_reminder(application, Clock(clock_now()), chat_id=group)
        (group_photo,) = api.sent(group, "sendPhoto")
        assert start_button(group_photo) == (["✅ Done", "⏰ Snooze 30 min"], None)  # web_app: private chats only


async def test_without_webapp_url_reminders_have_no_start_button(serve_webapp, api: FakeBotApi):
    async with serve_webapp(webapp_url=None, health_port=0) as (application, _base):
        await with_reminder(application, Clock(clock_now()))
        (photo,) = api.sent(USER, "sendPhoto")
        assert start_button(photo) == (["✅ Done", "⏰ Snooze 30 min"], None)


async def test_today_in_the_chat_opens_the_session(serve_webapp, api: FakeBotApi, content):
    async with serve_webapp() as (application, _base):
        replies = await ask(api, "/today")
        assert "no exercise reminder yet" in replies[-1].text
        sub = await with_reminder(application, Clock(clock_now()))
        replies = await ask(api, "/today")
        text = visible_text(replies[-1].text)
        first_day = content.programmes[PROGRAMME].days[0]
        assert "day 1" in text and all(content.exercises[e].name in text for e in first_day.exercises)
        assert start_button(replies[-1]) == (["▶ Start session", "✅ Done"], f"{WEBAPP_URL}?reminder={sub.id}")


async def test_without_webapp_url_today_is_not_a_command(serve_webapp, api: FakeBotApi):
    async with serve_webapp(webapp_url=None, health_port=0) as (application, _base):
        await with_reminder(application, Clock(clock_now()))
        replies = await ask(api, "/today")
        assert "I don't know the command /today" in replies[-1].text
        assert all("web_app" not in json.dumps(c.reply_markup or {}) for c in replies)


async def test_progress_shows_the_check_in_scores_of_the_person_signed_in_only(serve_webapp, http):
    async with serve_webapp() as (application, base):
        clock = Clock(clock_now())
        await with_reminder(application, clock)
        outcomes = services_of(application).store.outcomes
        async with http.get(f"{base}/app/api/progress", headers=tma()) as r:
            assert (await r.json())["checkins"] == []
        for rmdq_yes, leg, back in ((12, 7, 5), (6, 4, 3)):
            state, _ = await outcomes.open_checkin(USER, clock(), walking=False)
            for i in range(24):
                assert await outcomes.answer_item(USER, state.id, i, i < rmdq_yes)
            assert await outcomes.advance(USER, state.id, "leg", "back", leg_pain=leg)
            assert await outcomes.advance(USER, state.id, "back", "end", back_pain=back)
            assert await outcomes.finish(USER, state.id, "end", clock())
            clock.now += dt.timedelta(days=14)
        async with http.get(f"{base}/app/api/progress", headers=tma()) as r:
            checkins = (await r.json())["checkins"]
        assert [(c["rmdq"], c["leg_pain"], c["back_pain"], c["walking_minutes"]) for c in checkins] == [
            (12, 7, 5, None),
            (6, 4, 3, None),
        ]
        async with http.get(f"{base}/app/api/progress", headers=tma(OTHER)) as r:
            assert (await r.json())["checkins"] == []
