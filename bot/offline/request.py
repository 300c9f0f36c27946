"""A python-telegram-bot request backend answered from a :class:`BotApiState`, with no network."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.offline.records import ApiError
from bot.offline.state import BotApiState


def _files(request_data: RequestData | None) -> dict[str, tuple[str, bytes]]:
    """The uploaded files of a request: part name -> (file name, content)."""
    if request_data is None:
        return {}
    files = {}
    for part, (name, content, *_) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        files[part] = (name or part, data)
    return files


def _decode(request_data: RequestData | None) -> dict[str, Any]:
    if request_data is None:
        return {}
    params: dict[str, Any] = dict(request_data.json_parameters)
    for key, value in params.items():
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


class OfflineRequest(BaseRequest):
    """A python-telegram-bot request backend answered by a :class:`BotApiState`, no network."""

    def __init__(self, state: BotApiState):
        self.state = state

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params, files = _decode(request_data), _files(request_data)
        try:
            result = await self.state.answer(api_method, params)
        except ApiError as exc:
            self.state.record(api_method, params, files=files)
            return exc.status, json.dumps(exc.payload()).encode()
        if api_method != "getUpdates" or result:
            self.state.record(api_method, params, result=result, files=files)
        return 200, json.dumps({"ok": True, "result": result}).encode()
