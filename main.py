"""Rootwise entry point: ``run`` (default), ``check-content``, ``console``, ``report``, ``sign-init-data``."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from content.loader import Content, ContentError, load_content
from settings import Settings

EXIT_CONFIG = 2
EXIT_CONTENT = 3
#: Start-up gave up after STARTUP_RETRY_SECONDS: the database (4) or Telegram (5) stayed unreachable.
EXIT_DATABASE = 4
EXIT_TELEGRAM = 5
#: What the bot acts on; Telegram sends nothing else (edits are checked for red flags only).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Rootwise Telegram bot")
    sub = parser.add_subparsers(dest="command")
    run_parser = sub.add_parser("run", help="run the bot (default); long polling unless --webhook")
    run_parser.add_argument(
        "--webhook",
        action="store_true",
        help="take updates by webhook at WEBHOOK_URL (also on when WEBHOOK_URL is set)",
    )
    sub.add_parser("check-content", help="validate the YAML content and print a summary")
    console_parser = sub.add_parser("console", help="chat with the bot in this terminal, offline, no token needed")
    console_parser.add_argument(
        "--lang", default="en", choices=["en", "es"], help="chat as a person whose Telegram is in this language"
    )
    sub.add_parser("report", help="print content sections by helpfulness (from 👍/👎 counts)")
    capacity_parser = sub.add_parser("capacity", help="busiest reminder minutes and their expected lateness")
    capacity_parser.add_argument("--date", type=dt.date.fromisoformat, help="the day (YYYY-MM-DD; default today, UTC)")
    capacity_parser.add_argument("--top", type=int, default=10, help="how many minutes to list")
    sign_parser = sub.add_parser(
        "sign-init-data", help="print a Mini App initData for a user id, signed with TELEGRAM_BOT_TOKEN"
    )
    sign_parser.add_argument("user_id", type=int, help="the Telegram user id (the private chat's id)")
    sign_parser.add_argument("--name", default="Test", help="the first name it carries")
    return parser


def _load(settings: Settings) -> Content:
    try:
        return load_content(settings.content_dir)
    except ContentError as exc:
        print(f"Content error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONTENT) from None


def check_content(settings: Settings, today: dt.date | None = None) -> int:
    """Validate the content and print what it holds; warn about stale reviews."""
    content = _load(settings)
    print("Content is valid:")
    for language, version in [("en", content), *content.translations.items()]:
        print(f"  {language}: " + ", ".join(f"{name} {count}" for name, count in version.summary().items()))
        for item in version.stale_sections(today or dt.date.today()):
            print(f"warning: review is over 12 months old ({language}): {item}")
        if version.untranslated:
            print(f"  {language}: still in English: {', '.join(version.untranslated)}")
    return 0


def _services(settings: Settings, content: Content):
    from bot.app import make_services

    try:
        return make_services(settings, content)
    except ContentError as exc:
        print(f"Content error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONTENT) from None


def run(settings: Settings, webhook: bool = False) -> int:
    """Run the bot until SIGTERM or SIGINT: long polling, or a webhook server (``--webhook``, WEBHOOK_URL)."""
    webhook = webhook or bool(settings.webhook_url)
    if webhook and not settings.webhook_url:
        print("--webhook needs WEBHOOK_URL: the public HTTPS address Telegram sends updates to", file=sys.stderr)
        return EXIT_CONFIG
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        print(
            "TELEGRAM_BOT_TOKEN is not set: set it to your bot's token from @BotFather "
            "(or try the bot offline with: python main.py console)",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    content = _load(settings)  # invalid content stops here, before any connection
    services = _services(settings, content)
    from bot.app import StartupFailed, build_application
    from bot.logs import setup_logging

    setup_logging(settings.log_level, settings.log_format, [settings.telegram_bot_token.get_secret_value()])
    from telegram.error import InvalidToken

    application = build_application(services)
    try:
        from bot.webhook import run as run_until_stopped

        run_until_stopped(application, settings, webhook=webhook, allowed_updates=ALLOWED_UPDATES)
    except StartupFailed as exc:  # one line, in the log's format (JSON with LOG_FORMAT=json)
        import logging

        logging.getLogger("rootwise").critical("%s", exc)
        return exc.exit_code
    except InvalidToken:
        print(
            "The Bot API rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather "
            f"and TELEGRAM_API_BASE_URL ({settings.telegram_api_base_url})",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    return 0


def console(settings: Settings, language: str = "en") -> int:
    """Chat with the bot offline in this terminal (as a person whose Telegram is in ``language``)."""
    content = _load(settings)
    from bot.console import CONSOLE_DATABASE_URL, run_console
    from bot.logs import setup_logging

    setup_logging("WARNING", "text", [])
    update: dict[str, object] = {"rate_limit": False}
    if "database_url" not in settings.model_fields_set:  # its own database: a real run's stays untouched
        update["database_url"] = CONSOLE_DATABASE_URL
    asyncio.run(run_console(_services(settings.model_copy(update=update), content), language=language))
    return 0


def report(settings: Settings) -> int:
    """Print sections by helpfulness, least helpful first, for content review."""
    from bot.handlers.care import report_lines
    from storage.store import Store

    async def lines() -> list[str]:
        store = await Store.open(settings.database_url)
        try:
            return await report_lines(store)
        finally:
            await store.close()

    rows = asyncio.run(lines())
    print("\n".join(rows) if len(rows) > 1 else "No feedback yet.")
    return 0


def capacity(settings: Settings, day: dt.date | None = None, top: int = 10) -> int:
    """Print the busiest minutes of ``day``: reminders due and how late the last goes out at the
    configured budget (BROADCAST_PER_SECOND, or PAID_BROADCAST_PER_SECOND with paid broadcast)."""
    from scheduler.capacity import load_day
    from scheduler.capacity import report as capacity_report
    from storage.store import Store

    day = day or dt.datetime.now(dt.UTC).date()
    rate = settings.paid_broadcast_per_second if settings.allow_paid_broadcast else settings.broadcast_per_second

    async def lines() -> list[str]:
        store = await Store.open(settings.database_url)
        try:
            counts, zones = await load_day(store.reminders, day)
        finally:
            await store.close()
        return capacity_report(counts, zones, rate, top)

    print(f"Reminders on {day:%A %d %B %Y} (UTC minutes):")
    print("\n".join(asyncio.run(lines())))
    return 0


def sign_init_data(settings: Settings, user_id: int, name: str = "Test") -> int:
    """Print a signed ``initData`` for ``user_id`` (valid for WEBAPP_AUTH_MAX_AGE), and the URL
    that opens the Mini App with it in a browser (local mode: initData in the URL fragment)."""
    from urllib.parse import quote

    from bot.app import OFFLINE_TOKEN
    from bot.webapp.auth import signed_init_data

    secret = settings.telegram_bot_token
    token = secret.get_secret_value() if secret and secret.get_secret_value().strip() else OFFLINE_TOKEN
    data = signed_init_data(user_id, token, first_name=name)
    print(data)
    base = settings.webapp_url or f"http://127.0.0.1:{settings.web_port or settings.health_port or 8080}/app/"
    print(f"{base}#tgWebAppData={quote(data, safe='')}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(f"Configuration error: {'.'.join(map(str, first['loc'])).upper()}: {first['msg']}", file=sys.stderr)
        return EXIT_CONFIG
    command = args.command or "run"
    if command == "check-content":
        return check_content(settings)
    if command == "console":
        return console(settings, getattr(args, "lang", "en"))
    if command == "report":
        return report(settings)
    if command == "capacity":
        return capacity(settings, args.date, args.top)
    if command == "sign-init-data":
        return sign_init_data(settings, args.user_id, args.name)
    return run(settings, webhook=getattr(args, "webhook", False))


if __name__ == "__main__":
    sys.exit(main())
