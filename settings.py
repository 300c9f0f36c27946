"""Configuration, read once from the environment (and an optional ``.env``) into one object."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/rootwise.db"


class Settings(BaseSettings):
    """Every setting has a default except the token, which only ``run`` needs."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str | None = Field(
        default=None, description="Defaults to the base URL with /bot replaced by /file/bot."
    )
    telegram_retry_seconds: float = Field(
        default=30.0,
        ge=0,
        le=600,
        description="A reply that failed on the way (5xx, no connection, timeout) is sent again for up to this long.",
    )
    database_url: str = DEFAULT_DATABASE_URL
    database_connect_timeout: float = Field(
        default=5.0, gt=0, le=300, description="Seconds to open a database connection before giving up."
    )
    database_statement_timeout: float = Field(
        default=5.0, gt=0, le=300, description="Seconds a database statement may take before it is abandoned."
    )
    database_pool_timeout: float = Field(
        default=5.0, gt=0, le=300, description="Seconds to wait for a free pooled database connection."
    )
    content_dir: Path = Path(__file__).resolve().parent / "content"
    log_level: str = "INFO"
    log_format: str = "text"
    rate_limit: bool = Field(default=True, description="Keep outgoing messages within Telegram's limits.")
    concurrent_updates: int = Field(default=64, ge=1, le=4096)
    polling_timeout: int = Field(default=30, ge=0, le=50)
    reminder_tick_seconds: float = Field(default=20.0, gt=0)
    reminder_grace_minutes: int = Field(default=120, ge=0)
    reminder_concurrency: int = Field(default=8, ge=1, le=256, description="Reminder sends in flight at once.")
    reminder_batch_size: int = Field(default=256, ge=1, le=10000, description="Due reminders claimed at a time.")
    reminder_lease_seconds: float = Field(
        default=600.0,
        gt=0,
        description="How long a claim lasts: a crashed replica's reminders are sent again after it.",
    )
    broadcast_per_second: float = Field(
        default=28.0,
        gt=0,
        le=30,
        description="Reminders and daily posts sent per second, across all replicas (Telegram: about 30).",
    )
    allow_paid_broadcast: bool = Field(
        default=False, description="Send reminders with allow_paid_broadcast (paid in Telegram Stars) at a higher rate."
    )
    paid_broadcast_per_second: float = Field(
        default=1000.0,
        gt=0,
        le=1000,
        description="With ALLOW_PAID_BROADCAST: reminders sent per second (at most 1,000).",
    )
    flood_limit_per_minute: int = Field(default=20, ge=1)
    redis_url: str | None = Field(
        default=None, description="redis://host:6379/0: flood control shared by every replica; unset: per process."
    )
    prescription_days: int = Field(default=30, ge=1, le=365, description="How long a /prescribe link works.")
    webhook_url: str | None = Field(
        default=None, description="Public HTTPS URL for Telegram's updates; set: webhook mode."
    )
    webhook_secret: SecretStr | None = Field(default=None, description="Defaults to one derived from the token.")
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=0, le=65535)
    webhook_answer_seconds: float = Field(
        default=10.0,
        ge=0,
        le=60,
        description="Answer Telegram when the update is handled, or after this long; 0: on arrival.",
    )
    webhook_max_connections: int = Field(
        default=40, ge=1, le=100, description="Telegram's webhook requests open at once, across all replicas."
    )
    http_header_timeout: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="Webhook/health server: seconds for a connection to send a whole request head "
        "(idle keep-alive too).",
    )
    http_body_timeout: float = Field(
        default=10.0, gt=0, le=300, description="Webhook server: seconds to read an update's body."
    )
    http_max_connections: int = Field(
        default=0,
        ge=0,
        le=100_000,
        description="Webhook/health server: connections open at most (0: from the open-file limit, at most 1,000).",
    )
    startup_retry_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="At start, how long to keep trying an unreachable database or Telegram before exiting.",
    )
    health_port: int | None = Field(
        default=None, ge=0, le=65535, description="Polling: serve /healthz, /readyz, /metrics."
    )
    webapp_url: str | None = Field(
        default=None,
        description="Public HTTPS URL of the Mini App (ending in /app/); set: reminders get a Start session button.",
    )
    web_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Polling: serve the Mini App (and /healthz...) on this port (default: HEALTH_PORT, else 8080).",
    )
    webapp_auth_max_age: int = Field(
        default=24 * 3600,
        ge=0,
        le=30 * 24 * 3600,
        description="Mini App: seconds a signed initData stays valid (0: no limit).",
    )

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{0,256}", value.get_secret_value()):
            raise ValueError("must be at most 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def file_url(self) -> str:
        """The Bot API file URL, derived from the base URL unless set."""
        if self.telegram_api_file_url:
            return self.telegram_api_file_url
        base = self.telegram_api_base_url
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file"
