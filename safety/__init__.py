"""Safety checks that know nothing of Telegram: the red-flag detector and its alert text."""

from safety.redflags import RedFlagDetector
from safety.verdict import Assessment, Sign, render_alert

__all__ = ["Assessment", "RedFlagDetector", "Sign", "render_alert"]
