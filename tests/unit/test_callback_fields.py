"""Callback data is parsed in one place, every field with its shape and bounds."""

from __future__ import annotations

import pytest

from bot import keyboards
from bot.keyboards import MAX_ID, Press, parse


@pytest.mark.parametrize(
    "raw",
    [
        "v1|rd|²|0",
        "v1|rd|1|²",
        "v1|rd|1²|0",
        f"v1|rd|{MAX_ID + 1}|0",
        "v1|rd|0|0",
        "v1|rd|-1|0",
        "v1|rd|1",
        "v1|rz|7|99999999999",
        "v1|rz|7|1000",
        "v1|pn|1|11",
        "v1|pn|1|-1",
        "v1|pn|1|١",
        "v1|gm|0",
        "v1|gm|-0",
        f"v1|gm|-{MAX_ID + 1}",
        "v1|gm|1e5",
        "v1|gt|-100|2460",
        "v1|gq|-100|7",
        "v1|pxl|²",
        "v1|rzc|../etc",
        "v1|rzc|Europe/London|x",
        "v1|tq|y|1.²|",
        "v1|zz",
        "v1|rkeep|x",
        "v2|menu",
        "v1||1",
        "",
    ],
)
def test_forged_fields_are_refused(raw):
    assert parse(raw) is None


@pytest.mark.parametrize(
    "raw, press",
    [
        ("v1|rd|12|3", Press("rd", ("12", "3"))),
        (f"v1|rpa|{MAX_ID}", Press("rpa", (str(MAX_ID),))),
        ("v1|gm|-1001234567890", Press("gm", ("-1001234567890",))),
        ("v1|rzc|America/Argentina/Buenos_Aires", Press("rzc", ("America/Argentina/Buenos_Aires",))),
        ("v1|tq|n|1.4||sciatica:summary", Press("tq", ("n", "1.4", "", "sciatica:summary"))),
        ("v1|exlist", Press("exlist", ())),
        ("v1|menu", Press("menu", ())),
    ],
)
def test_real_buttons_parse(raw, press):
    assert parse(raw) == press


def test_every_kind_has_one_handler_and_its_fields():
    from bot.handlers import FEATURES
    from bot.handlers.router import Registry

    registry = Registry(FEATURES)
    assert set(registry.buttons) == set(keyboards.KINDS)
    assert set(keyboards.FIELDS) == set(keyboards.KINDS) | set(keyboards.ALIASES)
    assert all(kind.name.count(".") == 1 and kind.name.split(".")[1].isupper() for kind in keyboards.KINDS.values())


def test_a_kind_claimed_twice_is_refused():
    from bot.handlers import FEATURES, reminders
    from bot.handlers.router import DuplicateError, Feature, Registry

    async def other_skip(update, context, args):
        return True

    with pytest.raises(DuplicateError, match="Remind.SKIP"):
        Registry([*FEATURES, Feature("another", buttons={keyboards.Remind.SKIP: other_skip})])
    with pytest.raises(DuplicateError, match="remind"):
        Registry([*FEATURES, Feature("another", flows=[reminders.SET_UP])])
    with pytest.raises(DuplicateError, match="quiet"):
        Registry([*FEATURES, Feature("another", after_consent={"quiet": other_skip})])


def test_a_wire_code_used_twice_is_refused():
    class One:
        A = keyboards.Kind("zz", ((),))

    class Two:
        B = keyboards.Kind("zz", ((keyboards.ID,),))

    with pytest.raises(ValueError, match="One.A and Two.B"):
        keyboards.kinds_by_code((One, Two))


def test_a_kind_without_a_handler_is_refused():
    from bot.handlers import FEATURES
    from bot.handlers.router import Registry

    with pytest.raises(ValueError, match="'rk'"):
        Registry([f for f in FEATURES if keyboards.Remind.SKIP not in f.buttons])


@pytest.mark.parametrize("old, kind", list(keyboards.ALIASES.items()))
def test_a_renamed_kind_is_read_as_its_new_one(old, kind):
    assert old not in keyboards.KINDS
    assert parse(f"{keyboards.VERSION}|{old}") == Press(kind.code, ()) == parse(kind())


def test_every_button_fits_in_telegrams_64_bytes():
    with pytest.raises(ValueError):
        keyboards.Remind.CHOSEN_ZONE("A" * 60)
    assert not keyboards.Safety.QUESTION.fits("n", "1" * 30, "2" * 30)


def test_a_continuation_the_agree_button_cannot_name_is_refused():
    from bot.handlers import FEATURES
    from bot.handlers.router import Feature, Registry

    async def later(update, context, argument):
        return None

    with pytest.raises(ValueError, match="unnamed"):
        Registry([*FEATURES, Feature("another", after_consent={"unnamed": later})])
