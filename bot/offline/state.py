"""The offline Bot API's memory: updates to hand out, the chats and messages, and every call made."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

from bot.offline.records import (
    BOT_ID,
    BOT_USERNAME,
    ApiError,
    Call,
    chat_dict,
    command_entities,
    member_dict,
    user_dict,
)


class BotApiState:
    """Answers Bot API methods from memory and records every call.

    Args:
        bot_id / bot_username: who the bot is, as answered by ``getMe``.
        on_call: called with each recorded :class:`Call`, after it is answered.
    """

    def __init__(
        self, bot_id: int = BOT_ID, bot_username: str = BOT_USERNAME, on_call: Callable[[Call], None] | None = None
    ):
        self.bot = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Rootwise",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.on_call = on_call
        self.pending: list[dict[str, Any]] = []
        self._arrived: asyncio.Event | None = None
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.chat_members: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int | str, dict[str, Any]] = {}  # by id, and by @username when public
        self.files: dict[str, bytes] = {}
        self.webhook: dict[str, Any] = {}

    # ---- updates the test or the console puts in -------------------------------------------

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update with a fresh update_id and return it."""
        update = {"update_id": next(self._update_ids), kind: payload}
        self.pending.append(update)
        if self._arrived is not None:
            self._arrived.set()
        return update

    def message(
        self,
        chat_id: int,
        text: str | None,
        *,
        user_id: int | None = None,
        first_name: str = "Pat",
        chat_type: str | None = None,
        title: str | None = None,
        sender_chat: dict | None = None,
        language_code: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Queue a text message (commands get their ``bot_command`` entity)."""
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat_dict(chat_id, title, chat_type),
            **({"text": text} if text is not None else {}),
            **extra,
        }
        if sender_chat is not None:
            msg["sender_chat"] = sender_chat
        else:
            msg["from"] = user_dict(user_id or (chat_id if chat_id > 0 else 1), first_name)
            if language_code is not None:
                msg["from"]["language_code"] = language_code
        if text is not None and (entities := command_entities(text)):
            msg["entities"] = entities
        return self.push("message", msg)

    def press(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int | None = None,
        user_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """Queue a press on an inline button with ``data`` under the given (or last) bot message."""
        if message_id is None:
            mine = [mid for (cid, mid) in self.messages if cid == chat_id]
            message_id = max(mine) if mine else next(self._message_ids)
        stored = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat_dict(chat_id, chat_type=chat_type),
            "text": "(an old message)",
            "from": self.bot,
        }
        query = {
            "id": str(next(self._callback_ids)),
            "from": user_dict(user_id or (chat_id if chat_id > 0 else 1)),
            "chat_instance": str(chat_id),
            "message": stored,
            "data": data,
        }
        if language_code is not None:
            query["from"] = {**user_dict(user_id or (chat_id if chat_id > 0 else 1)), "language_code": language_code}
        return self.push("callback_query", query)

    def bot_status(
        self,
        chat_id: int,
        old: str,
        new: str,
        *,
        by_user: int = 1,
        chat_type: str | None = None,
        title: str | None = None,
    ) -> dict[str, Any]:
        """Queue a ``my_chat_member`` update: the bot's status in ``chat_id`` went from old to new."""

        payload = {
            "chat": chat_dict(chat_id, title, chat_type),
            "from": user_dict(by_user),
            "date": int(time.time()),
            "old_chat_member": member_dict(self.bot, old),
            "new_chat_member": member_dict(self.bot, new),
        }
        return self.push("my_chat_member", payload)

    def set_member(self, chat_id: int, user_id: int, status: str, **overrides: Any) -> dict[str, Any]:
        """Set what getChatMember answers for ``user_id`` (the bot's own id too) in ``chat_id``."""
        user = self.bot if user_id == self.bot["id"] else user_dict(user_id)
        member = self.chat_members[(chat_id, user_id)] = member_dict(user, status, **overrides)
        return member

    def add_chat(self, chat_id: int, chat_type: str, title: str, username: str | None = None) -> dict[str, Any]:
        """Make getChat know a chat by its id and, when it is public, by its @username."""
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type, "title": title}
        if username:
            chat["username"] = username
            self.chats[f"@{username}"] = chat
        self.chats[chat_id] = chat
        return chat

    # ---- answering methods -----------------------------------------------------------------

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """As Telegram does: updates stay until a later call confirms them with ``offset``."""
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        if not self.pending and timeout > 0:
            if self._arrived is None:
                self._arrived = asyncio.Event()
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except TimeoutError:
                return []
        return [u for u in self.pending if u["update_id"] >= offset][:limit]

    @property
    def idle(self) -> bool:
        """True when no update is waiting to be fetched."""
        return not self.pending

    def _sent(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chats.get(chat_id) or chat_dict(chat_id),
            "from": self.bot,
            **content,
        }
        if markup := params.get("reply_markup"):
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if "inline_keyboard" in markup:  # as Telegram: a message carries only inline keyboards back
                msg["reply_markup"] = markup
        self.messages[(chat_id, msg["message_id"])] = msg
        return msg

    async def answer(self, method: str, params: dict[str, Any]) -> Any:
        """The ``result`` for ``method``; raises :class:`ApiError` for an error answer."""
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return await handler(params) if asyncio.iscoroutinefunction(handler) else handler(params)

    def record(
        self, method: str, params: dict[str, Any], result: Any = None, files: dict[str, tuple[str, bytes]] | None = None
    ) -> Call:
        call = Call(method, params, result=result, files=files or {})
        self.calls.append(call)
        if self.on_call:
            self.on_call(call)
        return call

    def api_getMe(self, _params):
        return self.bot

    async def api_getUpdates(self, params):
        return await self.get_updates(params)

    def api_deleteWebhook(self, _params):
        self.webhook = {}
        return True

    def api_setWebhook(self, params):
        self.webhook = dict(params)
        return True

    def api_getWebhookInfo(self, _params):
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def api_setMyCommands(self, params):
        scope = params.get("scope")
        scope = json.loads(scope) if isinstance(scope, str) else (scope or {"type": "default"})
        commands = params.get("commands")
        self.commands[scope["type"]] = json.loads(commands) if isinstance(commands, str) else commands
        return True

    def api_sendMessage(self, params):
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._sent(params, text=text)

    def api_sendPhoto(self, params):
        caption = str(params.get("caption", ""))
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        photo = [{"file_id": "photo1", "file_unique_id": "p1", "width": 640, "height": 400}]
        return self._sent(params, photo=photo, caption=caption)

    def api_sendDocument(self, params):
        document = {"file_id": "doc1", "file_unique_id": "d1", "file_name": "file"}
        return self._sent(params, document=document, caption=str(params.get("caption", "")))

    def api_sendChatAction(self, _params):
        return True

    def api_editMessageText(self, params):
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        msg = dict(self.messages[key], text=str(params.get("text", "")), edit_date=int(time.time()))
        msg.pop("reply_markup", None)
        if markup := params.get("reply_markup"):
            msg["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
        self.messages[key] = msg
        return msg

    def api_editMessageReplyMarkup(self, params):
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        msg = dict(self.messages[key])
        markup = params.get("reply_markup")
        msg["reply_markup"] = json.loads(markup) if isinstance(markup, str) else (markup or {})
        self.messages[key] = msg
        return msg

    def api_answerCallbackQuery(self, _params):
        return True

    def api_deleteMessage(self, _params):
        return True

    def api_getChat(self, params):
        chat_id = int(params["chat_id"]) if str(params["chat_id"]).lstrip("-").isdigit() else params["chat_id"]
        # getChat answers a ChatFullInfo: a chat plus the fields Telegram always sends with it.
        full = {"accent_color_id": 0, "max_reaction_count": 11}
        if chat_id in self.chats:
            return {**self.chats[chat_id], **full}
        if isinstance(chat_id, int):
            return {**chat_dict(chat_id), **full}
        raise ApiError(400, "Bad Request: chat not found")

    def api_getChatMember(self, params):
        key = (int(params["chat_id"]), int(params["user_id"]))
        if key in self.chat_members:
            return self.chat_members[key]
        return {"status": "member", "user": user_dict(int(params["user_id"]))}

    def api_leaveChat(self, _params):
        return True
