"""Logging set-up: secrets are redacted from every record, chat ids are replaced by a salted hash,
and HTTP client chatter is muted."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import sys

REDACTED = "[REDACTED]"

#: The key of :func:`chat_ref`'s hash: derived from the bot token by :func:`setup_logging`, so every
#: replica names a chat alike while nobody without the token can tell which chat it is (a list of
#: every possible id would otherwise undo an unsalted hash); random until then.
_salt = os.urandom(32)


def set_salt(secret: str) -> None:
    """Key chat hashes with ``secret`` (the bot token: the same on every replica, never logged)."""
    global _salt
    _salt = hashlib.sha256(b"rootwise log salt|" + secret.encode()).digest()


def keyed_hash(text: str) -> str:
    """A hex digest of ``text`` keyed like :func:`chat_ref` (for keys that must name no chat)."""
    return hmac.new(_salt, text.encode(), hashlib.sha256).hexdigest()


def chat_ref(chat_id: int | str) -> str:
    """How a log names a chat: a salted hash of its id ("chat #3fa9c2d1e0"), never the id."""
    return "#" + keyed_hash(str(chat_id).strip())[:10]


# A number that follows words naming a chat ("in chat 5001", "added to supergroup -100555",
# "moved to -100...", "chat_id=5001"): the safety net for log lines that pass a raw id.
_CHAT_ID = re.compile(
    r"(?P<before>\b(?:chats?|group|supergroup|channel|private|moved to|chat_id[=:])\s*)"
    r"(?P<id>-?\d+)\b"
)


def hide_chat_ids(text: str) -> str:
    """``text`` with every chat id it names replaced by :func:`chat_ref`."""
    return _CHAT_ID.sub(lambda m: m["before"] + chat_ref(m["id"]), text)


class ChatIdFilter(logging.Filter):
    """Replace chat ids in a record's final message (and its traceback) by their salted hash."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = hide_chat_ids(record.getMessage())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide_chat_ids(record.exc_text)
        record.msg, record.args = message, None
        return True


class RedactFilter(logging.Filter):
    """Replace every given secret in a record's final message (and its traceback) with a mark."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, REDACTED)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
        record.msg, record.args = message, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info or record.exc_text:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


def quiet_third_party() -> None:
    """Keep libraries from logging what people wrote, names or the token, whatever the root level.

    python-telegram-bot logs whole updates and API parameters at DEBUG, and httpx logs every
    request URL (which holds the token) at INFO.
    """
    floor = max(logging.INFO, logging.getLogger().getEffectiveLevel())
    logging.getLogger("telegram").setLevel(floor)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite", "asyncio", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: list[str] | None = None) -> None:
    """Configure the root logger once: level, format and the redaction filter."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactFilter(secrets or []))
    handler.addFilter(ChatIdFilter())
    if secrets:
        set_salt(secrets[0])
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet_third_party()
