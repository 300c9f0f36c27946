"""The Telegram layer of Rootwise."""

import os

# Opt in to python-telegram-bot's future behaviour now: durations such as RetryAfter.retry_after
# are datetime.timedelta. Without this, PTB itself warns about the old int form on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")
