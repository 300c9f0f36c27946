"""Callback data is parsed in one place, every field with its shape and bounds."""

from __future__ import annotations

import pytest

from bot import keyboards
from bot.keyboards import MAX_ID, Press, parse


@pytest.mark.parametrize("raw", [
    "v1|rd|²|0", "v1|rd|1|²", "v1|rd|1²|0", f"v1|rd|{MAX_ID + 1}|0", "v1|rd|0|0", "v1|rd|-1|0", "v1|rd|1",
    "v1|rz|7|99999999999", "v1|rz|7|1000", "v1|pn|1|11", "v1|pn|1|-1", "v1|pn|1|١", "v1|gm|0", "v1|gm|-0",
    f"v1|gm|-{MAX_ID + 1}", "v1|gm|1e5", "v1|gt|-100|2460", "v1|gq|-100|7", "v1|pxl|²", "v1|rzc|../etc",
    "v1|rzc|Europe/London|x", "v1|tq|y|1.²|", "v1|zz", "v1|rkeep|x", "v2|menu", "v1||1", "",
])
def test_forged_fields_are_refused(raw):
    assert parse(raw) is None


@pytest.mark.parametrize("raw, press", [
    ("v1|rd|12|3", Press("rd", ("12", "3"))),
    (f"v1|rpa|{MAX_ID}", Press("rpa", (str(MAX_ID),))),
    ("v1|gm|-1001234567890", Press("gm", ("-1001234567890",))),
    ("v1|rzc|America/Argentina/Buenos_Aires", Press("rzc", ("America/Argentina/Buenos_Aires",))),
    ("v1|tq|n|1.4||sciatica:summary", Press("tq", ("n", "1.4", "", "sciatica:summary"))),
    ("v1|exlist", Press("exlist", ())),
    ("v1|menu", Press("menu", ())),
])
def test_real_buttons_parse(raw, press):
    assert parse(raw) == press


def test_every_kind_a_handler_takes_has_its_fields():
    from bot.handlers import buttons

    assert set(buttons.FEATURES) | set(buttons.SIMPLE) | {"sec", "exlist", "ex"} == set(keyboards.FIELDS)
