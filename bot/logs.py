"""Logging set-up: secrets are redacted from every record, and HTTP client chatter is muted."""

from __future__ import annotations

import json
import logging
import sys

REDACTED = "[REDACTED]"


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
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
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
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet_third_party()
