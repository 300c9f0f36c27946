"""What the offline Bot API hands out and records: the bot's identity, calls, errors, and the
user, chat and member objects of updates (plain dicts, as Telegram sends them)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 7000000001
BOT_USERNAME = "RootwiseBot"

#: Methods whose result is the message the bot sent.
SENDS = {
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "sendLocation",
}


class ApiError(Exception):
    """An error answer of the Bot API (``ok: false``)."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class Call:
    """One recorded Bot API call."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    #: What the method answered (the message sent, for a send), when it answered.
    result: Any = None
    #: Uploaded files by their part name: (file name, content).
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value not in (None, "") else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def reply_markup(self) -> dict | None:
        markup = self.params.get("reply_markup")
        return json.loads(markup) if isinstance(markup, str) else markup

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data or URL) of every inline button, row by row."""
        return [button for row in self.buttons_by_row() for button in row]

    def buttons_by_row(self) -> list[list[tuple[str, str]]]:
        """(label, callback data or URL) of the inline buttons, one list a row."""
        markup = self.reply_markup or {}
        return [
            [(b["text"], b.get("callback_data") or b.get("url") or "") for b in row]
            for row in markup.get("inline_keyboard", [])
        ]


def user_dict(user_id: int, first_name: str = "Pat", username: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        data["username"] = username
    return data


def member_dict(user: dict[str, Any], status: str, **overrides: Any) -> dict[str, Any]:
    """A ChatMember as the Bot API sends it; an administrator has every right unless overridden."""
    data: dict[str, Any] = {"status": status, "user": user}
    if status == "administrator":
        data.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_change_info=True,
            can_delete_messages=True,
            can_invite_users=True,
            can_restrict_members=True,
            can_pin_messages=True,
            can_promote_members=False,
            can_manage_video_chats=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_post_messages=True,
            can_edit_messages=True,
        )
    elif status == "creator":
        data["is_anonymous"] = False
    elif status == "kicked":
        data["until_date"] = 0
    data.update(overrides)
    return data


def chat_dict(chat_id: int, title: str | None = None, chat_type: str | None = None) -> dict[str, Any]:
    if chat_type is None:
        chat_type = "private" if chat_id > 0 else ("supergroup" if str(chat_id).startswith("-100") else "group")
    data: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        data["first_name"] = "Pat"
    else:
        data["title"] = title or "Support group"
    return data


def command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    length = len(text.split()[0]) if text.split() else 1
    return [{"type": "bot_command", "offset": 0, "length": length}]
