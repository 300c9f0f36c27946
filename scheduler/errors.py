"""What a ``send`` callable raises to tell the engine how a delivery went.

The bot translates its transport's errors into these (Telegram's RetryAfter, Forbidden,
BadRequest "chat not found", ChatMigrated, timeouts); the engine never sees Telegram.
"""

from __future__ import annotations


class SendError(Exception):
    """Base of every outcome a send can report other than success."""


class RetryAfter(SendError):
    """Rate-limited: wait ``seconds``, then try again.

    ``bot_wide``: the limit is the bot's (every send waits); False when only this chat is
    limited (the other chats' reminders go on, and this one is tried again after ``seconds``).
    """

    def __init__(self, seconds: float, *, bot_wide: bool = True):
        super().__init__(f"rate-limited; retry after {seconds} s")
        self.seconds = float(seconds)
        self.bot_wide = bot_wide


class TemporaryFailure(SendError):
    """A failure worth a few more tries, and the next tick.

    ``bot_wide``: the failure is Telegram's or the network's (a 5xx answer, a timeout, a
    connection error), not this chat's: it never counts against the subscription, and many of
    them in a row across chats are an outage (the engine then waits for Telegram to be back).
    False (a request Telegram refused for this chat): it counts, and enough in a row pause the
    subscription.
    """

    def __init__(self, reason: str = "", *, bot_wide: bool = False):
        super().__init__(reason)
        self.bot_wide = bot_wide


class Unreachable(SendError):
    """The chat cannot be reached (blocked, deleted, kicked): stop sending to it.

    ``whole_chat``: every reminder of the chat is paused, not only this one (False when only
    this reminder cannot be sent, e.g. its programme no longer exists).
    """

    def __init__(self, reason: str, *, whole_chat: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.whole_chat = whole_chat


class ChatMoved(SendError):
    """The chat now has another id (group upgraded to supergroup): send there instead."""

    def __init__(self, new_chat_id: int):
        super().__init__(f"chat moved to {new_chat_id}")
        self.new_chat_id = new_chat_id
