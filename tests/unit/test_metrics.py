"""Metrics: a registry per application, the labels operators read, and the hooks that feed them."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram import Bot, Update
from telegram.error import Forbidden, RetryAfter
from telegram.ext import AIORateLimiter, ApplicationBuilder, CommandHandler

from bot.metrics import MeteredRateLimiter, Metrics, update_kind
from bot.processor import MeteredUpdateProcessor

BOT = Bot("123456:metrics-test")


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    """The value of one sample in the exposition text (0 when it is absent)."""
    for family in text_string_to_metric_families(metrics.render().decode()):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


def message(text: str, update_id: int = 1, chat_id: int = 42) -> Update:
    data = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
        },
    }
    return Update.de_json(data, BOT)


def press(data: str) -> Update:
    return Update.de_json(
        {
            "update_id": 9,
            "callback_query": {
                "id": "1",
                "chat_instance": "1",
                "data": data,
                "from": {"id": 1, "is_bot": False, "first_name": "P"},
            },
        },
        BOT,
    )


def test_each_instance_has_its_own_registry():
    one, two = Metrics(), Metrics()
    one.reminders.inc("sent", 3)
    assert sample(one, "rootwise_reminders_total", outcome="sent") == 3
    assert sample(two, "rootwise_reminders_total", outcome="sent") == 0


def test_reminder_outcomes_are_all_exposed_and_counted():
    metrics = Metrics()
    for outcome in ("due", "sent", "failed", "skipped"):
        assert f'rootwise_reminders_total{{outcome="{outcome}"}} 0.0' in metrics.render().decode()
    metrics.reminders.inc("due", 5)
    metrics.reminders.inc("sent", 4)
    metrics.reminders.inc("failed")
    metrics.reminders.inc("skipped", 0)
    assert sample(metrics, "rootwise_reminders_total", outcome="due") == 5
    assert sample(metrics, "rootwise_reminders_total", outcome="sent") == 4
    assert sample(metrics, "rootwise_reminders_total", outcome="failed") == 1
    with pytest.raises(ValueError, match="unknown reminder outcome"):
        metrics.reminders.inc("lost")


@pytest.mark.parametrize(
    ("update", "kind", "command"),
    [
        (message("/symptoms sciatica"), "message", "symptoms"),
        (message("/Symptoms@RootwiseBot clumping"), "message", "symptoms"),
        (message("/frobnicate"), "message", "unknown"),
        (message("/"), "message", "unknown"),
        (message("my leg hurts"), "message", "text"),
        (press("v1|topics"), "callback_query", "button"),
        ("not an update", "other", "other"),
    ],
)
def test_updates_are_labelled_by_type_and_command(update, kind, command):
    metrics = Metrics(commands={"symptoms", "help"})
    assert update_kind(update) == kind
    assert metrics.command_of(update) == command
    metrics.observe_update(update, 0.02)
    assert sample(metrics, "rootwise_updates_total", type=kind) == 1
    assert sample(metrics, "rootwise_command_seconds_count", command=command) == 1
    assert sample(metrics, "rootwise_command_seconds_bucket", command=command, le="0.025") == 1
    assert sample(metrics, "rootwise_command_seconds_bucket", command=command, le="0.01") == 0


def test_commands_are_learnt_from_the_application():
    async def noop(update, context):
        return None

    application = ApplicationBuilder().token("123456:x").build()
    application.add_handler(CommandHandler(["symptoms", "causes"], noop))
    application.add_handler(CommandHandler("remind", noop), group=3)
    metrics = Metrics()
    metrics.learn_commands(application)
    assert metrics.commands == {"symptoms", "causes", "remind"}


def test_api_errors_are_counted_by_kind_and_method():
    metrics = Metrics()
    metrics.api_error("sendMessage", Forbidden("blocked"))
    metrics.api_error("sendMessage", Forbidden("blocked"))
    metrics.api_error("sendPhoto", RetryAfter(3))
    assert sample(metrics, "rootwise_telegram_api_errors_total", kind="Forbidden", method="sendMessage") == 2
    assert sample(metrics, "rootwise_telegram_api_errors_total", kind="RetryAfter", method="sendPhoto") == 1


async def test_the_processor_times_every_update_and_shows_what_is_in_flight():
    metrics = Metrics(commands={"help"})
    processor = MeteredUpdateProcessor(4, metrics)
    release = asyncio.Event()

    async def handlers():
        await release.wait()

    task = asyncio.create_task(processor.process_update(message("/help"), handlers()))
    await asyncio.sleep(0)
    assert sample(metrics, "rootwise_updates_in_flight") == 1
    release.set()
    await task
    assert sample(metrics, "rootwise_updates_in_flight") == 0
    assert sample(metrics, "rootwise_command_seconds_count", command="help") == 1

    async def failing():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await processor.process_update(message("/help", 2), failing())
    assert sample(metrics, "rootwise_updates_total", type="message") == 2


async def test_rate_limiter_waits_and_retries_are_counted():
    metrics = Metrics()
    # One request a second: the second of two requests has to wait for the first.
    limiter = MeteredRateLimiter(AIORateLimiter(overall_max_rate=1, overall_time_period=1, max_retries=2), metrics)
    # The second request waits about a second; on a loaded machine the first one's bookkeeping can
    # take a few milliseconds, which is not the wait this test is about.
    limiter.MIN_WAIT = 0.25
    await limiter.initialize()
    attempts = []

    async def send(*args, **kwargs):
        attempts.append(kwargs["n"])
        if kwargs["n"] == 2 and attempts.count(2) == 1:
            raise RetryAfter(0)
        return True

    try:
        for n in (1, 2):
            assert await limiter.process_request(send, (), {"n": n}, "sendMessage", {"chat_id": 1}, None)
    finally:
        await limiter.shutdown()
    assert attempts == [1, 2, 2]
    assert sample(metrics, "rootwise_rate_limiter_waits_total", reason="limit") == 1
    assert sample(metrics, "rootwise_rate_limiter_waits_total", reason="retry_after") == 1
    assert sample(metrics, "rootwise_rate_limiter_wait_seconds_total") > 0


def test_reminder_lateness_and_backlog_are_exposed():
    class Engine:
        backlog = 7
        on_sent = None

    metrics, engine = Metrics(), Engine()
    metrics.watch_engine(engine)
    engine.on_sent(3.0)
    engine.on_sent(400.0)
    text = metrics.render().decode()
    assert "rootwise_reminder_backlog 7.0" in text
    assert "rootwise_reminder_lateness_seconds_count 2.0" in text
    assert 'rootwise_reminder_lateness_seconds_bucket{le="5.0"} 1.0' in text
    assert 'rootwise_reminder_lateness_seconds_bucket{le="600.0"} 2.0' in text
