"""A database that accepts connections but never answers (PostgreSQL behind a proxy that freezes).

With the connect, statement and pool timeouts set, a person whose request needs the database gets
a short apology within seconds, red flags and reading answers keep working, and /readyz says 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import types

import pytest
from sqlalchemy.engine import make_url

from bot.app import build_application, make_services, reminder_tick, running
from bot.handlers.errors import DATABASE_APOLOGY
from bot.webhook import BotServer
from tests.e2e.helpers import USER, visible_text
from tests.fake_bot_api import FakeBotApi
from tests.tcp_proxy import FreezingProxy

pytestmark = pytest.mark.postgres

TIMEOUT = 1.0


@contextlib.asynccontextmanager
async def bot_behind(proxy: FreezingProxy, postgres_url: str, settings_for, content, detector, questions):
    url = make_url(postgres_url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    settings = settings_for(
        database_url=url,
        database_connect_timeout=TIMEOUT,
        database_statement_timeout=TIMEOUT,
        database_pool_timeout=TIMEOUT,
    )
    application = build_application(make_services(settings, content, detector=detector, questions=questions))
    async with running(application):  # opens the store with the settings' timeouts, and closes it after
        yield application


async def timed(awaitable):
    """What ``awaitable`` returns, and the seconds it took."""
    started = time.monotonic()
    result = await awaitable
    return result, time.monotonic() - started


async def replies_within(api: FakeBotApi, text: str, seconds: float, chat_id: int = USER):
    before = len(api.sent(chat_id))
    started = time.monotonic()
    api.message(chat_id, text)
    await api.wait_for(lambda: len(api.sent(chat_id)) > before, timeout=seconds + 5, what=f"a reply to {text!r}")
    took = time.monotonic() - started
    assert took < seconds, f"{text!r} answered after {took:.1f} s"
    return api.sent(chat_id)[before:]


async def test_a_database_that_stops_answering_costs_seconds_not_minutes(
    api: FakeBotApi, postgres_url, settings_for, content, detector, questions
):
    async with FreezingProxy("127.0.0.1", make_url(postgres_url).port or 5432) as proxy:  # noqa: SIM117
        async with bot_behind(proxy, postgres_url, settings_for, content, detector, questions) as application:
            server = BotServer(application, application.bot_data["services"].settings, webhook=False)
            assert (await server.checks())["database"] == "ok"
            proxy.freeze()
            # three people at once, each answered within seconds (each waits on its own timeouts):
            # a command that needs the database gets a short apology, reading a topic needs no
            # database, and a red flag is answered
            mine, topic, flag = await asyncio.gather(
                replies_within(api, "/mydata", 6 * TIMEOUT),
                replies_within(api, "/symptoms sciatica", 6 * TIMEOUT, chat_id=USER + 1),
                replies_within(api, "I can't feel anything when I wipe and I can't pee", 6 * TIMEOUT, chat_id=USER + 2),
            )
            assert visible_text(mine[0].text) == visible_text(DATABASE_APOLOGY)
            assert "sciatica" in visible_text(topic[0].text).lower()
            assert any("999" in visible_text(r.text) or "emergency" in visible_text(r.text).lower() for r in flag), [
                r.text[:80] for r in flag
            ]
            # at the same time, the reminder tick gives up in seconds, with one line, not a
            # traceback; and the bot is not ready while the database does not answer
            services = application.bot_data["services"]
            tick = types.SimpleNamespace(services=services, engine=services.engine, bot_data=application.bot_data)
            (_, tick_took), (checks, checks_took) = await asyncio.gather(
                timed(reminder_tick(tick)), timed(server.checks())
            )
            assert tick_took < 6 * TIMEOUT
            assert checks["database"].startswith("error") and checks_took < 5
            proxy.thaw()
            assert (await server.checks())["database"] == "ok"
