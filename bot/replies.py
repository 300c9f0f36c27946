"""A reply sent without reading back what Telegram answers.

``Bot.send_message`` builds a :class:`telegram.Message` from Telegram's answer: the sent text, its
entities and its whole keyboard, each button an object. Measured with ``bench/updates.py``'s load,
that parsing was about a fifth of the CPU of an update that gets one reply. Most replies are never
looked at again; :func:`send_text` sends the same request (the application's defaults inserted,
through the rate limiter and the request backend with their retries and errors) and returns
nothing. Use ``bot.send_message`` when the sent message is needed (its id for a later edit).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram.ext import ExtBot


async def send_text(bot: ExtBot, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """``bot.send_message(chat_id, text, reply_markup=reply_markup)``, without parsing the answer.

    The parameters are those ``send_message`` gives its request when called so (the keys whose
    value the application's ``Defaults`` may set included; ``None`` ones are dropped), so Telegram
    gets the same request; ``tests/unit/test_replies.py`` compares the two.
    """
    data = {
        "chat_id": chat_id,
        "text": text,
        "reply_markup": reply_markup,
        "parse_mode": DEFAULT_NONE,
        "link_preview_options": DEFAULT_NONE,
        "disable_notification": DEFAULT_NONE,
        "protect_content": DEFAULT_NONE,
    }
    await bot._post("sendMessage", data)  # noqa: SLF001 - the one step of send_message that is kept
