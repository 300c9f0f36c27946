"""The /start payloads and t.me links that open a section, a page or an exercise in a private chat."""

from __future__ import annotations


def section_payload(topic_id: str, kind: str) -> str:
    """The /start payload that opens one section (letters, digits, - and _ only)."""
    return f"s_{topic_id}_{kind}"


def parse_payload(payload: str) -> tuple[str, str] | None:
    """(topic id, section kind) from a /start payload made by :func:`section_payload`."""
    parts = payload.split("_")
    return (parts[1], parts[2]) if len(parts) == 3 and parts[0] == "s" else None


def page_payload(page_id: str) -> str:
    """The /start payload that opens a fixed page (urgent, about, help)."""
    return f"p_{page_id}"


def exercise_payload(exercise_id: str) -> str:
    """The /start payload that opens one exercise."""
    return f"x_{exercise_id}"


def parse_target(payload: str) -> tuple[str, str] | None:
    """("page", id) or ("exercise", id) from :func:`page_payload` / :func:`exercise_payload`."""
    kind, _, ref = payload.partition("_")
    if ref and kind in ("p", "x"):
        return ("page" if kind == "p" else "exercise"), ref
    return None


def deep_link_url(bot_username: str, payload: str) -> str:
    """A t.me link that opens a private chat with the bot and sends /start <payload>."""
    return f"https://t.me/{bot_username}?start={payload}"
