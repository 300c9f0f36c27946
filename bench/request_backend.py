"""CPU per Bot API request: Rootwise's aiohttp backend vs. python-telegram-bot's HTTPX backend.

One process: a minimal HTTP/1.1 server on 127.0.0.1 answering every request with a ~600-character
sendMessage result, and ``BaseRequest.post`` (what every Bot method ends in) called by 1 and by 64
concurrent senders. CPU time covers both sides; the server's share is the same for both backends.
Prints figures, asserts nothing.

    python bench/request_backend.py
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.request import HTTPXRequest, RequestData  # noqa: E402
from telegram.request._requestparameter import RequestParameter  # noqa: E402

from bot.request import AiohttpRequest  # noqa: E402

HOST = "127.0.0.1"
RESULT = json.dumps(
    {"ok": True, "result": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}, "text": "x" * 600}}
).encode()
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(RESULT) + RESULT


class Answer(asyncio.Protocol):
    """Answer each request (Content-Length bodies, keep-alive) with RESPONSE."""

    def connection_made(self, transport) -> None:
        self.transport, self.buffer = transport, b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            length = 0
            for line in self.buffer[:end].split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            self.transport.write(RESPONSE)


async def main() -> None:
    server = await asyncio.get_running_loop().create_server(Answer, HOST, 0)
    url = f"http://{HOST}:{server.sockets[0].getsockname()[1]}/bot123456:bench/sendMessage"
    data = RequestData([RequestParameter.from_input("chat_id", 12345), RequestParameter.from_input("text", "y" * 600)])
    print("| backend | senders | CPU µs per request | requests/s |")
    print("|---|---|---|---|")
    for name, request in (("aiohttp (bot/request.py)", AiohttpRequest()), ("HTTPX (PTB default)", HTTPXRequest())):
        await request.initialize()
        for senders in (1, 64):
            n = 4000

            async def sender(n: int = n, senders: int = senders, request=request) -> None:
                for _ in range(n // senders):
                    await request.post(url, data)

            await asyncio.gather(*(sender() for _ in range(senders)))  # warm-up
            cpu, wall = time.process_time(), time.perf_counter()
            await asyncio.gather(*(sender() for _ in range(senders)))
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(f"| {name} | {senders} | {cpu / n * 1e6:.0f} | {n / wall:.0f} |")
        await request.shutdown()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
