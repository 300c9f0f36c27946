"""A lean fake Bot API for benchmarks, and the closed-loop load it puts on a bot.

Run as its own process (``python -m bench.fakeapi --mode polling``): it serves the Bot API on
127.0.0.1 with a hand-written HTTP/1.1 protocol (never the bottleneck), keeps at most one
unanswered update per user (``--users`` of them, so at most that many in all), hands updates
out by long polling or pushes them to the webhook the bot registers, and counts an update as
answered when the bot's reply to that user arrives. It prints one line per event on stdout:
``PORT <n>``, ``WINDOW`` (measurement starts) and ``RESULT <json>`` (measurement over).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import time
from collections import deque
from urllib.parse import parse_qsl, urlsplit

HOST = "127.0.0.1"  # never any other address
BOT = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Bench",
    "username": "BenchBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TRUE = b'{"ok":true,"result":true}'


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Load:
    """The closed loop: one outstanding update per user, a new one as soon as it is answered."""

    def __init__(self, users: int, text: str, keyboard_ends_answer: bool, warmup: float, duration: float):
        self.users = users
        self.text = text
        self.keyboard_ends_answer = keyboard_ends_answer
        self.warmup, self.duration = warmup, duration
        self.next_update_id = 1
        self.pending: deque[tuple[int, bytes]] = deque()  # (update_id, encoded update)
        self.arrived = asyncio.Event()
        self.asked_at: dict[int, float] = {}  # user -> when their open update was created
        self.started: float | None = None  # the first answer
        self.window: tuple[float, float] | None = None
        self.answered = 0
        self.messages = 0
        self.latencies: list[float] = []
        self.done = asyncio.Event()
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_ready = asyncio.Event()

    def ask(self, user: int) -> None:
        update_id = self.next_update_id
        self.next_update_id += 1
        now = time.time()
        message = {
            "message_id": update_id,
            "date": int(now),
            "text": self.text,
            "chat": {"id": user, "type": "private", "first_name": "User"},
            "from": {"id": user, "is_bot": False, "first_name": "User", "language_code": "en"},
        }
        if self.text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(self.text.split()[0])}]
        self.pending.append((update_id, json.dumps({"update_id": update_id, "message": message}).encode()))
        self.asked_at[user] = time.monotonic()
        self.arrived.set()

    def start(self) -> None:
        for user in range(1, self.users + 1):
            self.ask(100000 + user)

    def reply(self, chat_id: int, has_keyboard: bool) -> None:
        """The bot sent a message to ``chat_id``."""
        self.messages += 1
        if self.keyboard_ends_answer and not has_keyboard:
            return
        asked = self.asked_at.pop(chat_id, None)
        if asked is None:
            return
        now = time.monotonic()
        if self.started is None:
            self.started = now
            loop = asyncio.get_running_loop()
            loop.call_later(self.warmup, self._open_window)
        if self.window is not None and self.window[1] == 0.0:
            self.answered += 1
            self.latencies.append(now - asked)
        self.ask(chat_id)

    def _open_window(self) -> None:
        self.window = (time.monotonic(), 0.0)
        self.messages_at_start = self.messages
        print("WINDOW", flush=True)
        asyncio.get_running_loop().call_later(self.duration, self._close_window)

    def _close_window(self) -> None:
        start = self.window[0]
        self.window = (start, time.monotonic())
        self.done.set()

    def result(self, server_cpu: float) -> dict:
        start, end = self.window
        return {
            "updates": self.answered,
            "seconds": end - start,
            "updates_per_s": self.answered / (end - start),
            "p50_ms": percentile(self.latencies, 0.5) * 1000,
            "p99_ms": percentile(self.latencies, 0.99) * 1000,
            "messages_per_update": (self.messages - self.messages_at_start) / max(self.answered, 1),
            "server_cpu_share": server_cpu / (end - start),
        }


def _params(headers: dict[bytes, bytes], body: bytes, query: str) -> dict:
    kind = headers.get(b"content-type", b"")
    if kind.startswith(b"application/json"):
        params = json.loads(body) if body else {}
    elif kind.startswith(b"application/x-www-form-urlencoded"):
        params = dict(parse_qsl(body.decode()))
    elif kind.startswith(b"multipart/"):
        params = {}
        boundary = kind.split(b"boundary=")[1].strip(b'"')
        for part in body.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            if b'name="' in head and b"filename=" not in head:
                name = head.split(b'name="')[1].split(b'"')[0].decode()
                params[name] = value[:-2].decode()
    else:
        params = {}
    if query:
        params.update(parse_qsl(query))
    return params


class Api:
    """Answers Bot API methods for one :class:`Load`."""

    def __init__(self, load: Load):
        self.load = load
        self.message_id = 10**6

    async def answer(self, method: str, params: dict) -> bytes:
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            markup = params.get("reply_markup")
            self.message_id += 1
            message = {
                "message_id": self.message_id,
                "date": int(time.time()),
                "from": BOT,
                "chat": {"id": chat_id, "type": "private", "first_name": "User"},
                "text": str(params.get("text", "")),
            }
            if markup:
                message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
            self.load.reply(chat_id, bool(markup))
            return b'{"ok":true,"result":' + json.dumps(message).encode() + b"}"
        if method == "getUpdates":
            return await self.get_updates(params)
        if method == "getMe":
            return b'{"ok":true,"result":' + json.dumps(BOT).encode() + b"}"
        if method == "setWebhook":
            self.load.webhook_url = params["url"]
            self.load.webhook_secret = params.get("secret_token")
            self.load.webhook_ready.set()
            return TRUE
        if method == "getWebhookInfo":
            return b'{"ok":true,"result":{"url":"","has_custom_certificate":false,"pending_update_count":0}}'
        return TRUE  # deleteWebhook, setMyCommands, answerCallbackQuery, ...

    async def get_updates(self, params: dict) -> bytes:
        load = self.load
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        while load.pending and load.pending[0][0] < offset:
            load.pending.popleft()
        if not load.pending and timeout > 0:
            load.arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(load.arrived.wait(), timeout)
        batch = (
            [body for _, body in list(load.pending)[:limit]]
            if len(load.pending) > limit
            else [body for _, body in load.pending]
        )
        return b'{"ok":true,"result":[' + b",".join(batch) + b"]}"


class HttpServer(asyncio.Protocol):
    """A minimal HTTP/1.1 keep-alive server: Content-Length bodies, one request at a time."""

    def __init__(self, api: Api):
        self.api = api
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.busy = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.busy:
            self._next()

    def _next(self) -> None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].split(b"\r\n")
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get(b"content-length", b"0"))
        if len(self.buffer) < end + 4 + length:
            return
        body = self.buffer[end + 4 : end + 4 + length]
        self.buffer = self.buffer[end + 4 + length :]
        target = head[0].split(b" ")[1].decode()
        parts = urlsplit(target)
        method = parts.path.rsplit("/", 1)[-1]
        params = _params(headers, body, parts.query)
        self.busy = True
        task = asyncio.ensure_future(self.api.answer(method, params))
        task.add_done_callback(self._send)

    def _send(self, task: asyncio.Future) -> None:
        self.busy = False
        if task.cancelled():
            return
        payload = task.result()
        if self.transport is None or self.transport.is_closing():
            return
        self.transport.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(payload) + payload
        )
        if self.buffer:
            self._next()

    def connection_lost(self, exc) -> None:
        self.transport = None


async def push_updates(load: Load, connections: int) -> None:
    """Be Telegram in webhook mode: POST each update to the bot over ``connections`` connections."""
    await load.webhook_ready.wait()
    url = urlsplit(load.webhook_url)
    headers = (
        f"POST {url.path or '/'} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nContent-Type: application/json\r\n"
    )
    if load.webhook_secret:
        headers += f"X-Telegram-Bot-Api-Secret-Token: {load.webhook_secret}\r\n"

    async def post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, body: bytes) -> bytes:
        writer.write(f"{headers}Content-Length: {len(body)}\r\n\r\n".encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        if length:
            await reader.readexactly(length)
        return head

    async def worker() -> None:
        writer = None
        while True:
            while not load.pending:
                load.arrived.clear()
                await load.arrived.wait()
            item = load.pending.popleft()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(url.hostname, url.port)
                head = await post(reader, writer, item[1])
            except (OSError, asyncio.IncompleteReadError):
                head = b""  # not up yet, or the connection was closed: as Telegram, try again
                if writer is not None:
                    writer.close()
                writer = None
            if not head.startswith(b"HTTP/1.1 200"):
                load.pending.appendleft(item)
                load.arrived.set()
                await asyncio.sleep(0.05)

    await asyncio.gather(*(worker() for _ in range(connections)))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["polling", "webhook"], default="polling")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--text", default="/symptoms sciatica")
    parser.add_argument(
        "--keyboard-ends-answer",
        action="store_true",
        help="an answer is complete with the message that carries a keyboard",
    )
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=40, help="webhook connections (Telegram: 40)")
    args = parser.parse_args()
    load = Load(args.users, args.text, args.keyboard_ends_answer, args.warmup, args.duration)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpServer(Api(load)), HOST, 0, backlog=1024)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    load.start()
    pusher = asyncio.ensure_future(push_updates(load, args.connections)) if args.mode == "webhook" else None
    cpu_before = None

    async def watch_window():
        nonlocal cpu_before
        while load.window is None:
            await asyncio.sleep(0.05)
        cpu_before = os.times()

    watcher = asyncio.ensure_future(watch_window())
    done = asyncio.ensure_future(load.done.wait())
    await asyncio.wait([done] + ([pusher] if pusher is not None else []), return_when=asyncio.FIRST_COMPLETED)
    if pusher is not None and pusher.done():
        raise SystemExit(f"delivering updates failed: {pusher.exception()!r}")
    await watcher
    cpu_after = os.times()
    server_cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
    print("RESULT", json.dumps(load.result(server_cpu)), flush=True)
    if pusher is not None:
        pusher.cancel()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
