"""The webhook server against bad input and slow clients.

Every malformed body is answered 400 (never 500, never a traceback); every odd update (one the
bot cannot act on) is answered 200 and skipped quietly; 300 slow connections neither keep
/healthz from answering nor stay open past the header timeout.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time

import pytest

from bot.webhook import SECRET_HEADER
from tests.e2e.helpers import USER
from tests.e2e.helpers_process import SECRET, START_SECONDS, start
from tests.fake_bot_api import HOST, FakeBotApi


async def post_raw(http, base: str, body: bytes) -> int:
    async with http.post(
        f"{base}/telegram/hook", data=body, headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    ) as response:
        return response.status


def update_with(api: FakeBotApi, change) -> dict:
    update = copy.deepcopy(api.state.message(USER, "/help"))
    api.state.pending.clear()
    change(update)
    return update


MALFORMED = {
    "not json": lambda api: b"{nope",
    "deep nesting": lambda api: b"[" * 100_000 + b"]" * 100_000,
    "deep nesting in an update": lambda api: (
        json.dumps(update_with(api, lambda u: None))[:-1].encode() + b', "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    ),
    "a list": lambda api: b"[1, 2]",
    "no update_id": lambda api: b'{"message": {}}',
    "update_id a string": lambda api: b'{"update_id": "7"}',
    "update_id true": lambda api: b'{"update_id": true}',
    "date 1e30 in a reply": lambda api: json.dumps(
        update_with(
            api,
            lambda u: u["message"].update(
                reply_to_message={"message_id": 1, "date": 1e30, "chat": {"id": USER, "type": "private"}}
            ),
        )
    ).encode(),
}


def _set(path, value):
    def change(update):
        target = update
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


ODD = {
    "date 1e30": _set(("message", "date"), 1e30),
    "negative date": _set(("message", "date"), -5),
    "no chat": _set(("message", "chat"), KeyError),
    "chat without id": _set(("message", "chat"), {"type": "private"}),
    "numeric text": _set(("message", "text"), 12345),
    "text a list": _set(("message", "text"), ["/help"]),
    "sender without id": _set(("message", "from"), {"first_name": "x"}),
    "no kind": lambda u: u.pop("message"),
    "huge chat id": _set(("message", "chat", "id"), 2**70),
}


@pytest.mark.parametrize("name", MALFORMED)
async def test_a_malformed_body_is_answered_400_without_a_traceback(serve_bot, api: FakeBotApi, http, name, caplog):
    async with serve_bot() as (_application, base):
        assert await post_raw(http, base, MALFORMED[name](api)) == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize("name", ODD)
async def test_an_odd_update_is_skipped_quietly(serve_bot, api: FakeBotApi, http, name, caplog):
    async with serve_bot() as (_application, base):
        update = update_with(api, ODD[name])
        assert await post_raw(http, base, json.dumps(update).encode()) == 200
        # and the next ordinary update is answered as usual
        normal = api.state.message(USER + 1, "/help")
        api.state.pending.clear()
        assert await post_raw(http, base, json.dumps(normal).encode()) == 200
        await api.settle()
    assert api.sent(USER + 1) and not api.sent(USER)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_three_hundred_slow_connections_leave_healthz_answering(serve_bot, api: FakeBotApi, http):
    async with serve_bot(http_max_connections=64, http_header_timeout=1.5) as (_application, base):
        port = int(base.rsplit(":", 1)[1])
        slow = []
        for _ in range(300):
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the end of the head
            slow.append((reader, writer))
        await asyncio.sleep(0.1)
        for _ in range(3):
            started = time.monotonic()
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
            assert time.monotonic() - started < 1.0
        # the slow ones are closed: past the cap at once, the rest after the header timeout
        closed = 0
        deadline = time.monotonic() + 5
        for reader, writer in slow:
            try:
                data = await asyncio.wait_for(reader.read(), max(0.01, deadline - time.monotonic()))
            except (TimeoutError, ConnectionError):
                continue
            closed += data == b"" or b"408" in data or b"400" in data
            writer.close()
        assert closed == 300


async def test_a_body_that_never_arrives_is_answered_408(serve_bot, api: FakeBotApi):
    async with serve_bot(http_body_timeout=0.5) as (_application, base):
        port = int(base.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.write(
            f"POST /telegram/hook HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {SECRET}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
        )
        head = await asyncio.wait_for(reader.readline(), 5)
        assert b" 408 " in head
        writer.close()


async def test_slow_connections_cannot_exhaust_the_open_file_limit(api: FakeBotApi, tmp_path):
    """The real process with 256 open files allowed (its cap then 32 connections): 300 slow
    connections, and /healthz still answers (before the cap, accept() failed with EMFILE)."""
    import os
    import resource
    import signal
    import socket

    import aiohttp

    from tests.e2e.helpers import TOKEN

    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"},
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "HEALTH_PORT": str(port),
        "WEBHOOK_LISTEN": HOST,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
        "HTTP_HEADER_TIMEOUT": "60",
        "LOG_LEVEL": "WARNING",
        "REMINDER_TICK_SECONDS": "3600",
        "POLLING_TIMEOUT": "1",
    }
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    proc = await start(  # warm: the launcher's limit on open files is the bot's
        "main.py",
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard)),
    )
    slow = []
    try:
        # a new connection for every request: a kept-alive one would get around the slow ones
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    async with http.get(f"http://{HOST}:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, "the bot did not come up"
                await asyncio.sleep(0.2)
            for _ in range(300):
                reader, writer = await asyncio.open_connection(HOST, port)
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                slow.append(writer)
            await asyncio.sleep(0.5)
            for _ in range(3):
                started = time.monotonic()
                async with http.get(
                    f"http://{HOST}:{port}/healthz", timeout=aiohttp.ClientTimeout(total=5)
                ) as response:
                    assert response.status == 200
                assert time.monotonic() - started < 2.0
    finally:
        for writer in slow:
            writer.close()
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert b"Too many open files" not in err, err[-2000:]
