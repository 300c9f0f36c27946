"""Whether an update's body has the shape the bot can act on (checked before python-telegram-bot
reads it): a forged or broken body is skipped quietly instead of tripping a handler."""

from __future__ import annotations

from typing import TypeGuard

#: What :func:`odd_update` checks: the kinds of update the bot acts on (main.ALLOWED_UPDATES).
MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post")
#: Telegram's dates are Unix times; past this (year 2100) a date is not Telegram's.
MAX_DATE = 4_102_444_800


def _bad_chat(chat: object) -> bool:
    return not (isinstance(chat, dict) and is_int64(chat.get("id")) and isinstance(chat.get("type"), str))


def is_int64(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63


def _bad_user(user: object, required: bool) -> bool:
    if user is None:
        return required
    return not (isinstance(user, dict) and is_int64(user.get("id")))


def _bad_message(message: object) -> str | None:
    if not isinstance(message, dict):
        return "not an object"
    if _bad_chat(message.get("chat")):
        return "no chat"
    if not is_int64(message.get("message_id")):
        return "no message id"
    if not _date(message.get("date")):
        return "bad date"
    for key in ("text", "caption", "data"):
        if key in message and not isinstance(message[key], str):
            return f"{key} is not a string"
    if _bad_user(message.get("from"), required=False):
        return "bad sender"
    return None


def odd_update(data: dict) -> str | None:
    """Why the bot cannot act on this update (then it is skipped), or None.

    Telegram's own updates always pass; these are the shapes a forged or broken body may have
    that python-telegram-bot reads without complaint and a handler then trips over.
    """
    for kind in MESSAGE_KINDS:
        if kind in data:
            problem = _bad_message(data[kind])
            return f"{kind}: {problem}" if problem else None
    if "callback_query" in data:
        problem = _bad_query(data["callback_query"])
        return f"callback_query: {problem}" if problem else None
    if "my_chat_member" in data:
        problem = _bad_member_change(data["my_chat_member"])
        return f"my_chat_member: {problem}" if problem else None
    return "no kind the bot acts on"


def _bad_query(query: object) -> str | None:
    if not isinstance(query, dict) or not isinstance(query.get("id"), str):
        return "no id"
    if _bad_user(query.get("from"), required=True):
        return "bad sender"
    if "data" in query and not isinstance(query["data"], str):
        return "data is not a string"
    if "message" in query:
        message = query["message"]
        if not isinstance(message, dict) or _bad_chat(message.get("chat")) or not _date(message.get("date")):
            return "bad message"
    return None


def _bad_member_change(member: object) -> str | None:
    if not isinstance(member, dict) or _bad_chat(member.get("chat")) or _bad_user(member.get("from"), True):
        return "no chat"
    if not _date(member.get("date")):
        return "bad date"
    for key in ("old_chat_member", "new_chat_member"):
        part = member.get(key)
        if not isinstance(part, dict) or not isinstance(part.get("status"), str) or _bad_user(part.get("user"), True):
            return f"bad {key}"
    return None


def _date(value: object) -> bool:
    """A Unix time Telegram could have sent."""
    return is_int64(value) and 0 <= value <= MAX_DATE
