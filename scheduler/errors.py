"""What a ``send`` callable raises to tell the engine how a delivery went.

The bot translates its transport's errors into these (Telegram's RetryAfter, Forbidden,
BadRequest "chat not found", ChatMigrated, timeouts); the engine never sees Telegram.
"""

from __future__ import annotations


class SendError(Exception):
    """Base of every outcome a send can report other than success."""


class RetryAfter(SendError):
    """Rate-limited: wait ``seconds``, then try again."""

    def __init__(self, seconds: float):
        super().__init__(f"rate-limited; retry after {seconds} s")
        self.seconds = float(seconds)


class TemporaryFailure(SendError):
    """A timeout or server error: worth a few more tries, and the next tick."""


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
