"""A bare python-telegram-bot 22 echo bot with default settings, for the benchmarks.

usage: python bench/bots/ptb_echo.py API_URL polling|webhook [WEBHOOK_PORT]
"""

import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


def main() -> None:
    api, mode = sys.argv[1], sys.argv[2]
    application = Application.builder().token("123456:bench").base_url(f"{api}/bot").build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    if mode == "polling":
        application.run_polling()
    else:
        port = int(sys.argv[3])
        application.run_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="bench-secret",
        )


if __name__ == "__main__":
    main()
