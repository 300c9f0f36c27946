"""The callback-data format behind every inline button: ``v1|code|arg|arg``.

Callback data is plain text rather than python-telegram-bot's arbitrary callback data, so a button
keeps working after a restart: everything a press needs is in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERSION = "v1"


@dataclass(frozen=True)
class Press:
    """A parsed button press: its kind's wire code (an old code already read as its new one) and
    its arguments."""

    kind: str
    args: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of button: its short wire code (Telegram carries at most 64 bytes of callback
    data), the shapes its arguments may take (one tuple of field checks per shape), and whether a
    press counts once per message (a vote, Done, a pain score). Its readable name, such as
    ``Remind.SKIP``, is the attribute it is declared as."""

    code: str
    shapes: tuple[tuple, ...]
    counted: bool = False
    name: str = field(default="", init=False)

    def __set_name__(self, owner: type, attribute: str) -> None:
        object.__setattr__(self, "name", f"{owner.__name__}.{attribute}")

    def __call__(self, *args: str) -> str:
        """The callback data of a press of this kind with ``args``."""
        return data(self.code, *args)

    def fits(self, *args: str) -> bool:
        """Whether a press of this kind with ``args`` fits in Telegram's 64 bytes."""
        return len("|".join((VERSION, self.code, *args)).encode()) <= 64

    def __repr__(self) -> str:
        return f"<Kind {self.name} {self.code!r}>"


def data(kind: str | Kind, *args: str) -> str:
    """Callback data for a button (at most 64 bytes, as Telegram requires)."""
    code = kind.code if isinstance(kind, Kind) else kind
    value = "|".join((VERSION, code, *args))
    if len(value.encode()) > 64:
        raise ValueError(f"callback data too long: {value!r}")
    return value
