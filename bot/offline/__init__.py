"""An in-process stand-in for the Telegram Bot API, for the console and the test server.

:class:`BotApiState` answers Bot API methods from memory: it hands out updates, stores the
messages the bot sends and records every call. :class:`OfflineRequest` plugs it into
python-telegram-bot as a request backend, so the real :class:`~telegram.ext.Application` and its
handlers run with no network at all.
"""

from bot.offline.records import BOT_ID, BOT_USERNAME, ApiError, Call, chat_dict, member_dict, user_dict
from bot.offline.request import OfflineRequest
from bot.offline.state import BotApiState

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "ApiError",
    "BotApiState",
    "Call",
    "OfflineRequest",
    "chat_dict",
    "member_dict",
    "user_dict",
]
