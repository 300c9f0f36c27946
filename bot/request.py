"""A python-telegram-bot request backend on aiohttp: keep-alive connections and little overhead.

python-telegram-bot's default backend (HTTPX) spends most of its time in its connection pool's
bookkeeping once many requests are in flight (see docs/benchmarks.md), which is exactly what a
bot processing updates concurrently does. :class:`AiohttpRequest` keeps PTB's behaviour: the
same timeouts (defaults and per-call overrides; a timeout raises :class:`telegram.error.TimedOut`),
network failures raise :class:`telegram.error.NetworkError`, and the HTTP status and body go back
to :meth:`BaseRequest._request_wrapper`, which maps them to ``BadRequest``, ``Forbidden``,
``RetryAfter``, ``ChatMigrated``... exactly as for HTTPX.

A send, edit or answer that failed on the way (a 5xx answer, no connection, a timeout, a
connection closed mid-request; not a 4xx, nor any other aiohttp error) is sent again for up to ``retry_seconds``
(1, 2, 4... s apart), so a reply in hand when Telegram goes down for a short while is not lost.
After a 5xx or a connection that could not be opened Telegram did not act on it (marked
``not_sent``); after a timeout or a connection closed mid-request it may have, and the reply then
arrives twice: at most the replies in flight when Telegram stopped answering, which beats losing
them. Not retried: uploads, look-ups (get...), the calls with retries of their own (setWebhook,
deleteWebhook), and anything sent under :func:`no_retries` (the reminder engine, which holds
its reminders through an outage itself, and the rate limiter does not wait for it either).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import os
from collections.abc import AsyncIterator, Callable
from typing import Any, Literal

import aiohttp
import yarl
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

#: Bodies up to this size go to the socket in one write; bigger ones are written in chunks of this
#: size so that a write that makes no progress for ``write_timeout`` seconds can be noticed.
CHUNK = 64 * 1024
POOL_TIMEOUT_MESSAGE = (
    "Pool timeout: All connections in the connection pool are occupied. Request was *not* sent to "
    "Telegram. Consider adjusting the connection pool size or the pool timeout."
)

#: Called with (Bot API method, exception) for every failed request.
ErrorHook = Callable[[str, TelegramError], None]


def retries_allowed() -> bool:
    """False inside :func:`no_retries` (this task's requests must fail fast)."""
    return _RETRIES.get()


#: Methods never retried here: they have retries of their own (polling, start-up) or must not wait.
NO_RETRY_METHODS = frozenset({"getUpdates", "getMe", "setWebhook", "deleteWebhook", "logOut", "close"})
_RETRIES = contextvars.ContextVar("rootwise_request_retries", default=True)


def not_sent(message: str) -> NetworkError:
    """The NetworkError python-telegram-bot gives, marked ``not_sent``: Telegram did not act on the
    request (a 5xx answer, or no connection), so it is safe to send again."""
    exc = NetworkError(message)
    exc.not_sent = True  # type: ignore[attr-defined]
    return _retryable(exc)


def _retryable(exc: NetworkError) -> NetworkError:
    """Mark ``exc`` as the failure of Telegram or of the way to it (see the module docstring)."""
    exc.retryable = True  # type: ignore[attr-defined]
    return exc


@contextlib.contextmanager
def no_retries():
    """Requests made inside this block (in this task) are not retried by :class:`AiohttpRequest`."""
    token = _RETRIES.set(False)
    try:
        yield
    finally:
        _RETRIES.reset(token)


def _quote(value: str) -> str:
    # As HTML forms (and HTTPX) escape names and file names in Content-Disposition.
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def encode_multipart(fields: dict[str, str], files: dict[str, tuple]) -> tuple[bytes, str]:
    """``multipart/form-data`` body and content type for plain ``fields`` and ``files``.

    Args:
        fields: name -> value (already JSON-encoded where PTB does so).
        files: name -> (file name, bytes or a binary file object, MIME type), as
            :attr:`RequestData.multipart_data` gives them.
    """
    boundary = os.urandom(16).hex()
    dash = f"--{boundary}\r\n".encode()
    parts: list[bytes] = []
    for name, value in fields.items():
        parts += [
            dash,
            f'Content-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'.encode(),
            str(value).encode(),
            b"\r\n",
        ]
    for name, spec in files.items():
        filename, content, mimetype = spec[0], spec[1], spec[2] if len(spec) > 2 else None
        if hasattr(content, "read"):
            content = content.read()
        if isinstance(content, str):
            content = content.encode()
        head = f'Content-Disposition: form-data; name="{_quote(name)}"'
        if filename:
            head += f'; filename="{_quote(filename)}"'
        head += f"\r\nContent-Type: {mimetype or 'application/octet-stream'}\r\n\r\n"
        parts += [dash, head.encode(), bytes(content), b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class AiohttpRequest(BaseRequest):
    """Talk to the Bot API over a pool of keep-alive connections (aiohttp).

    Args:
        connection_pool_size: connections open at most; a request waits up to ``pool_timeout``
            for a free one.
        read_timeout / write_timeout / connect_timeout / pool_timeout: default timeouts in
            seconds (``None``: wait forever), as for PTB's ``HTTPXRequest``. The read timeout
            bounds each wait for data from the server; the write timeout each wait while the
            body goes out; the connect timeout opening a connection; the pool timeout waiting for
            a free connection.
        media_write_timeout: the write timeout for uploads, unless one is passed per call.
        body: ``"json"`` sends parameters as a JSON object, ``"form"`` form-encoded (as HTTPX);
            uploads always use ``multipart/form-data``.
        on_error: called with the Bot API method and the exception for every failed request
            (for metrics); it must not raise.
        retry_seconds: how long a request Telegram did not act on is sent again (0: never);
            see the module docstring.
    """

    __slots__ = (
        "_body",
        "_connector_args",
        "_limit",
        "_on_error",
        "_pool",
        "_session",
        "_timeouts",
        "_urls",
        "_defaults",
        "_media_write_timeout",
        "retry_seconds",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        *,
        body: Literal["json", "form"] = "json",
        on_error: ErrorHook | None = None,
        retry_seconds: float = 0.0,
    ):
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        if body not in ("json", "form"):
            raise ValueError("body must be 'json' or 'form'")
        self._limit = connection_pool_size
        self._defaults = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._body = body
        self._on_error = on_error
        self.retry_seconds = retry_seconds
        self._session: aiohttp.ClientSession | None = None
        self._pool: asyncio.Semaphore | None = None
        self._timeouts: dict[tuple, aiohttp.ClientTimeout] = {}
        self._urls: dict[str, yarl.URL] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._defaults[0]

    async def initialize(self) -> None:
        """Open the connection pool (again, after :meth:`shutdown`)."""
        if self._session is None or self._session.closed:
            # The pool is limited by our semaphore (it knows a pool timeout from a connect one).
            connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=60, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            self._pool = asyncio.Semaphore(self._limit)

    async def shutdown(self) -> None:
        """Close every connection."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def _timeout(self, read: float | None, connect: float | None) -> aiohttp.ClientTimeout:
        key = (read, connect)
        timeout = self._timeouts.get(key)
        if timeout is None:
            timeout = self._timeouts[key] = aiohttp.ClientTimeout(
                total=None, connect=connect, sock_connect=connect, sock_read=read
            )
        return timeout

    def _url(self, url: str) -> yarl.URL:
        parsed = self._urls.get(url)
        if parsed is None:
            parsed = yarl.URL(url)
            if len(self._urls) < 512:  # Bot API method URLs; file URLs vary, don't keep them all
                self._urls[url] = parsed
        return parsed

    def _encode(self, request_data: RequestData | None) -> tuple[bytes | None, str | None]:
        if request_data is None:
            return None, None
        if request_data.contains_files:
            return encode_multipart(request_data.json_parameters, request_data.multipart_data)
        if self._body == "json":
            return request_data.json_payload, "application/json"
        return request_data.url_encoded_parameters().encode(), "application/x-www-form-urlencoded"

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; return its HTTP status and body."""
        session, pool = self._session, self._pool
        if session is None or session.closed or pool is None:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        default_read, default_write, default_connect, default_pool = self._defaults
        read = default_read if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = default_connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        waiting = default_pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        body, content_type = self._encode(request_data)
        if isinstance(write_timeout, DefaultValue):
            write_timeout = self._media_write_timeout if request_data and request_data.contains_files else default_write

        await _acquire(pool, waiting)
        try:
            headers = {"Content-Type": content_type} if content_type else {}
            timeout = self._timeout(read, connect)
            if body is None or len(body) <= CHUNK or write_timeout is None:
                return await _exchange(session, method, self._url(url), body, headers, timeout)
            # A big body: written in chunks, each of which must go out within the write timeout.
            async with asyncio.timeout(None) as deadline:
                headers["Content-Length"] = str(len(body))
                chunks = _timed_chunks(body, write_timeout, deadline)
                return await _exchange(session, method, self._url(url), chunks, headers, timeout)
        except TimeoutError as exc:  # aiohttp's ServerTimeoutError is one too
            raise _retryable(TimedOut()) from exc
        except aiohttp.ClientConnectorError as exc:  # no connection: nothing was sent
            raise not_sent(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:  # closed mid-request
            raise _retryable(NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}")) from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc
        finally:
            pool.release()

    async def _request_wrapper(  # type: ignore[override]  # timeouts by keyword
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        **timeouts,
    ) -> bytes:
        # The one place every error passes through, before PTB's retry logic sees it.
        if self._on_error is None and not self.retry_seconds:
            return await super()._request_wrapper(url, method, request_data, **timeouts)
        api_method = url.rsplit("/", 1)[-1]
        # Sends, edits and answers; not look-ups (get...), whose callers handle a failure themselves.
        retry = (
            self.retry_seconds > 0
            and _RETRIES.get()
            and api_method not in NO_RETRY_METHODS
            and not api_method.startswith("get")
            and not (request_data is not None and request_data.contains_files)
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.retry_seconds
        delay = 1.0
        while True:
            try:
                return await super()._request_wrapper(url, method, request_data, **timeouts)
            except TelegramError as exc:
                if self._on_error is not None:
                    self._on_error(api_method, exc)
                if not (retry and getattr(exc, "retryable", False) and loop.time() + delay <= deadline):
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 8.0)


def _server_error(status: int, payload: bytes) -> str:
    """The message python-telegram-bot would give a 5xx answer: Telegram's description, else the
    status."""
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        description = json.loads(payload).get("description")
        if isinstance(description, str) and description:
            return description
    return f"Server error ({status})"


async def _timed_chunks(body: bytes, write_timeout: float, deadline: asyncio.Timeout) -> AsyncIterator[bytes]:
    """Yield ``body`` in chunks; aiohttp asks for the next one once the last one is written."""
    loop = asyncio.get_running_loop()
    view = memoryview(body)
    try:
        for start in range(0, len(view), CHUNK):
            deadline.reschedule(loop.time() + write_timeout)
            yield bytes(view[start : start + CHUNK])
    finally:
        with contextlib.suppress(RuntimeError):  # the request may be over already
            deadline.reschedule(None)


async def _acquire(pool: asyncio.Semaphore, timeout: float | None) -> None:
    """Take a connection slot, waiting at most ``timeout`` seconds when none is free."""
    if not pool.locked():
        await pool.acquire()
        return
    try:
        async with asyncio.timeout(timeout):
            await pool.acquire()
    except TimeoutError as exc:
        raise TimedOut(POOL_TIMEOUT_MESSAGE) from exc


async def _exchange(
    session: aiohttp.ClientSession,
    method: str,
    url: yarl.URL,
    data: Any,
    headers: dict[str, str],
    timeout: aiohttp.ClientTimeout,
) -> tuple[int, bytes]:
    """One HTTP exchange; a 5xx answer means Telegram did not act on the request."""
    async with session.request(method, url, data=data, headers=headers or None, timeout=timeout) as response:
        status, payload = response.status, await response.read()
    if status >= 500:
        raise not_sent(_server_error(status, payload))
    return status, payload
