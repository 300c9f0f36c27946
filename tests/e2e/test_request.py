"""The aiohttp request backend behaves as python-telegram-bot's own HTTPX one, over real HTTP.

Every behaviour test runs on both backends: what HTTPX does is the reference.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket

import pytest
from telegram import Bot, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.request import AiohttpRequest, encode_multipart
from tests.e2e.helpers import TOKEN, USER
from tests.fake_bot_api import HOST, FakeBotApi

BACKENDS = {
    "httpx": lambda **kw: HTTPXRequest(**kw),
    "aiohttp": lambda **kw: AiohttpRequest(**kw),
    "aiohttp-form": lambda **kw: AiohttpRequest(body="form", **kw),
}


@pytest.fixture(params=list(BACKENDS))
def backend(request):
    """A factory of request objects of one backend."""
    return BACKENDS[request.param]


@contextlib.asynccontextmanager
async def bot_on(base_url: str, request: BaseRequest, *, initialize: bool = True):
    bot = Bot(TOKEN, base_url=base_url, request=request, get_updates_request=request)
    if initialize:
        async with bot:
            yield bot
    else:
        await request.initialize()
        try:
            yield bot
        finally:
            await request.shutdown()


ERRORS = [
    # (status, description, parameters, exception type)
    (400, "Bad Request: chat not found", None, BadRequest),
    (403, "Forbidden: bot was blocked by the user", None, Forbidden),
    (429, "Too Many Requests: retry after 7", {"retry_after": 7}, RetryAfter),
    (400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": -1001234}, ChatMigrated),
    (409, "Conflict: terminated by other getUpdates request", None, Conflict),
    (401, "Unauthorized", None, InvalidToken),
    (500, "Internal Server Error", None, NetworkError),
    (502, "Bad Gateway", None, NetworkError),
]


def _describe(exc: TelegramError) -> tuple:
    return (type(exc), exc.message, getattr(exc, "retry_after", None), getattr(exc, "new_chat_id", None))


async def _failure(api: FakeBotApi, request: BaseRequest, status, description, parameters) -> TelegramError:
    async with bot_on(api.base_url, request) as bot:
        api.fail("sendMessage", status, description, parameters=parameters)
        with pytest.raises(TelegramError) as info:
            await bot.send_message(USER, "hello")
    return info.value


@pytest.mark.parametrize(
    ("status", "description", "parameters", "expected"), ERRORS, ids=[f"{e[0]}-{e[3].__name__}" for e in ERRORS]
)
async def test_each_error_maps_to_the_same_exception(api: FakeBotApi, status, description, parameters, expected):
    reference = await _failure(api, HTTPXRequest(), status, description, parameters)
    ours = await _failure(api, AiohttpRequest(), status, description, parameters)
    assert type(ours) is expected
    assert _describe(ours) == _describe(reference)
    if expected is RetryAfter:
        assert ours.retry_after == dt.timedelta(seconds=7)
    if expected is ChatMigrated:
        assert ours.new_chat_id == -1001234


async def test_a_normal_call_returns_the_parsed_result(api: FakeBotApi, backend):
    async with bot_on(api.base_url, backend()) as bot:
        message = await bot.send_message(USER, "héllo <b>&</b>", reply_markup=None)
    assert message.text == "héllo <b>&</b>" and message.chat.id == USER
    assert api.sent(USER)[-1].text == "héllo <b>&</b>"


async def test_a_slow_answer_times_out(api: FakeBotApi, backend):
    api.slow["sendMessage"] = 0.6
    async with bot_on(api.base_url, backend(read_timeout=0.2)) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "default read timeout")
    async with bot_on(api.base_url, backend()) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "per-call read timeout", read_timeout=0.2)


async def test_a_long_poll_is_covered_by_its_read_timeout(api: FakeBotApi, backend):
    # PTB adds the long-polling timeout to the request's read timeout.
    async with bot_on(api.base_url, backend(read_timeout=0.2)) as bot:
        assert await bot.get_updates(timeout=0.6) == ()


async def test_a_full_pool_times_out_without_sending(api: FakeBotApi, backend):
    api.slow["sendMessage"] = 0.6
    async with bot_on(api.base_url, backend(connection_pool_size=1)) as bot:
        first = asyncio.create_task(bot.send_message(USER, "first"))
        await api.wait_for(lambda: api.requests >= 2, what="the first send to arrive")  # getMe, sendMessage
        with pytest.raises(TimedOut, match="Pool timeout"):
            await bot.send_message(USER, "second", pool_timeout=0.1)
        await first
    assert [c.text for c in api.sent(USER)] == ["first"]


async def _silent_server(read: bool):
    """A server on 127.0.0.1 that accepts and never answers; it reads requests only if ``read``."""
    writers: list[asyncio.StreamWriter] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        if read:
            while await reader.read(65536):
                pass
        else:
            await asyncio.Event().wait()

    server = await asyncio.start_server(serve, HOST, 0)
    return server, f"http://{HOST}:{server.sockets[0].getsockname()[1]}/bot", writers


async def test_a_stalled_upload_hits_the_write_timeout(backend):
    server, base_url, writers = await _silent_server(read=False)
    try:
        async with bot_on(base_url, backend(), initialize=False) as bot:
            with pytest.raises(TimedOut):
                async with asyncio.timeout(30):  # a guard against hanging, not a measurement
                    await bot.send_document(
                        USER,
                        InputFile(b"x" * (64 * 1024 * 1024), filename="big.bin"),
                        write_timeout=0.5,
                        read_timeout=60,
                    )
    finally:
        for writer in writers:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_connection_that_is_never_accepted_hits_the_connect_timeout(backend):
    # A listening socket whose accept queue is full: the kernel drops further connection attempts.
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        try:
            for _ in range(3):
                filler = socket.socket()
                filler.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    filler.connect((HOST, port))
                fillers.append(filler)
            async with bot_on(f"http://{HOST}:{port}/bot", backend(connect_timeout=0.3), initialize=False) as bot:
                with pytest.raises(TimedOut):
                    async with asyncio.timeout(30):  # a guard against hanging, not a measurement
                        await bot.send_message(USER, "hello?", read_timeout=60, pool_timeout=60)
        finally:
            for filler in fillers:
                filler.close()


async def test_no_answer_hits_the_read_timeout(backend):
    server, base_url, writers = await _silent_server(read=True)
    try:
        async with bot_on(base_url, backend(), initialize=False) as bot:
            with pytest.raises(TimedOut):
                await bot.send_message(USER, "anyone?", read_timeout=0.3)
    finally:
        for writer in writers:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_refused_connection_is_a_network_error(backend):
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    async with bot_on(f"http://{HOST}:{port}/bot", backend(), initialize=False) as bot:
        with pytest.raises(NetworkError) as info:
            await bot.send_message(USER, "nobody home")
    assert not isinstance(info.value, TimedOut)


async def test_a_dropped_connection_is_a_network_error(backend):
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"ok":')
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(hang_up, HOST, 0)
    try:
        base_url = f"http://{HOST}:{server.sockets[0].getsockname()[1]}/bot"
        async with bot_on(base_url, backend(), initialize=False) as bot:
            with pytest.raises(NetworkError) as info:
                await bot.send_message(USER, "cut short")
        assert not isinstance(info.value, TimedOut)
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("size", [1000, 3 * 1024 * 1024 + 17], ids=["small", "chunked"])
async def test_an_upload_arrives_intact(api: FakeBotApi, backend, size):
    data = bytes(range(256)) * (size // 256) + b"end"
    async with bot_on(api.base_url, backend()) as bot:
        await bot.send_document(USER, InputFile(data, filename='report "é".pdf'), caption="<b>MRI</b> report")
        await bot.send_photo(USER, InputFile(b"\x89PNG fake", filename="p.png"), caption="a picture")
    call = api.method_calls("sendDocument")[-1]
    assert api.state.files["document"] == data
    assert call.params["caption"] == "<b>MRI</b> report" and int(call.params["chat_id"]) == USER
    assert call.params["document"].startswith("<file report")
    assert api.state.files["photo"] == b"\x89PNG fake"


async def test_every_failure_reaches_the_error_hook(api: FakeBotApi):
    seen: list[tuple[str, str]] = []
    request = AiohttpRequest(on_error=lambda method, exc: seen.append((method, type(exc).__name__)))
    async with bot_on(api.base_url, request) as bot:
        api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
        with pytest.raises(Forbidden):
            await bot.send_message(USER, "x")
        await bot.send_message(USER, "fine")
    assert seen == [("sendMessage", "Forbidden")]


async def test_not_initialized_or_shut_down_is_an_error():
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot/getMe", "POST")
    await request.initialize()
    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot/getMe", "POST")


def test_multipart_escapes_names_and_reads_file_objects():
    import io

    body, content_type = encode_multipart({"chat_id": "1"}, {"doc": ('a"b\r\n.txt', io.BytesIO(b"data"), "text/plain")})
    boundary = content_type.split("boundary=")[1]
    assert body.startswith(f"--{boundary}\r\n".encode()) and body.endswith(f"--{boundary}--\r\n".encode())
    assert b'filename="a%22b%0D%0A.txt"' in body and b"\r\n\r\ndata\r\n" in body
