"""A reply sent without reading back what Telegram answers.

``Bot.send_message`` builds a :class:`telegram.Message` from Telegram's answer: the sent text, its
entities and its whole keyboard, each button an object. Measured with ``bench/updates.py``'s load,
that parsing was about a fifth of the CPU of an update that gets one reply. Most replies are never
looked at again; :func:`send_text` sends the same request (the application's defaults inserted,
through the rate limiter and the request backend with their retries and errors) and returns
nothing. Use ``bot.send_message`` when the sent message is needed (its id for a later edit).
"""

from __future__ import annotations

import json

from telegram import InlineKeyboardMarkup
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram.ext import ExtBot


class JsonFormOnce:
    """For a python-telegram-bot object sent unchanged with many requests (a keyboard shared by
    every copy of a section): its JSON form is made once.

    python-telegram-bot turns each object in a request into its JSON form (``to_dict``), then
    JSON-encodes that form as the parameter's value, for every request; both are made here on first
    use and kept. Such objects are frozen (python-telegram-bot's), so the form cannot go stale.
    A class using this names the slots ``_json_form`` and ``_json_text``.
    """

    __slots__ = ()

    def to_dict(self, recursive: bool = True) -> dict:
        if not recursive:
            return super().to_dict(recursive=False)  # type: ignore[misc]
        form = getattr(self, "_json_form", None)
        if form is None:
            form = super().to_dict()  # type: ignore[misc]
            object.__setattr__(self, "_json_form", form)  # a private slot: settable on a frozen object
        return form

    def json_text(self) -> str:
        """The parameter's value in a request, exactly as python-telegram-bot encodes it
        (``json.dumps(obj.to_dict())``)."""
        text = getattr(self, "_json_text", None)
        if text is None:
            text = json.dumps(self.to_dict())
            object.__setattr__(self, "_json_text", text)
        return text


async def send_text(bot: ExtBot, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """``bot.send_message(chat_id, text, reply_markup=reply_markup)``, without parsing the answer.

    The parameters are those ``send_message`` gives its request when called so (the keys whose
    value the application's ``Defaults`` may set included; ``None`` ones are dropped), so Telegram
    gets the same request; ``tests/unit/test_replies.py`` compares the two. A shared keyboard
    (:class:`JsonFormOnce`) goes as the JSON text python-telegram-bot would make of it, made once
    (not with arbitrary callback data, where python-telegram-bot rewrites the keyboard first).
    """
    markup: InlineKeyboardMarkup | str | None = reply_markup
    if isinstance(reply_markup, JsonFormOnce) and bot.callback_data_cache is None:
        markup = reply_markup.json_text()
    data = {
        "chat_id": chat_id,
        "text": text,
        "reply_markup": markup,
        "parse_mode": DEFAULT_NONE,
        "link_preview_options": DEFAULT_NONE,
        "disable_notification": DEFAULT_NONE,
        "protect_content": DEFAULT_NONE,
    }
    await bot._post("sendMessage", data)  # noqa: SLF001 - the one step of send_message that is kept
