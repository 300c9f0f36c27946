"""A bare aiogram 3 echo bot with default settings, for the benchmarks.

usage: python bench/bots/aiogram_echo.py API_URL polling|webhook [WEBHOOK_PORT]
(aiogram is not a Rootwise dependency: see docs/benchmarks.md for how to install it.)
"""

import asyncio
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

router = Router()


@router.message()
async def echo(message: Message) -> None:
    await message.answer(message.text)


def main() -> None:
    api, mode = sys.argv[1], sys.argv[2]
    session = AiohttpSession(api=TelegramAPIServer.from_base(api))
    bot = Bot("123456:bench", session=session)
    dp = Dispatcher()
    dp.include_router(router)
    if mode == "polling":
        asyncio.run(dp.start_polling(bot))
        return
    port = int(sys.argv[3])

    async def on_startup(bot: Bot) -> None:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="bench-secret")

    dp.startup.register(on_startup)
    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token="bench-secret").register(app, path="/hook")
    setup_application(app, dp, bot=bot)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
