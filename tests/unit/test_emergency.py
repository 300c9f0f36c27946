"""The emergency number named in the 🚨 reply, by the country of the person's time zone."""

from __future__ import annotations

import pytest
import yaml

from bot.emergency import TABLE, _numbers, emergency_number, with_number
from bot.i18n import gettext_for
from safety.verdict import ACTIONS


@pytest.mark.parametrize(
    ("zone", "number"),
    [
        ("Europe/Madrid", "112"),
        ("Atlantic/Canary", "112"),  # Spain's other zones
        ("Africa/Ceuta", "112"),
        ("Europe/Berlin", "112"),
        ("Europe/Dublin", "112"),
        ("America/Mexico_City", "911"),
        ("America/Tijuana", "911"),
        ("America/New_York", "911"),
        ("America/Los_Angeles", "911"),
        ("America/Toronto", "911"),
        ("America/Puerto_Rico", "911"),
        ("Europe/London", "999"),
        # not listed: the reply keeps its wording naming several numbers
        ("America/Bogota", None),  # Colombia: 123
        ("America/Santiago", None),  # Chile: 131
        ("America/Sao_Paulo", None),  # Brazil: 192
        ("Europe/Zurich", None),  # not in the EU
        ("Etc/UTC", None),
        ("Not/AZone", None),
        (None, None),
    ],
)
def test_number_by_zone(zone, number):
    assert emergency_number(zone) == number


def test_every_number_has_sources_and_every_country_one_number():
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    for entry in data["numbers"]:
        assert entry["sources"] and all(s in data["sources"] for s in entry["sources"]), entry["number"]
    for source in data["sources"].values():
        assert source["url"].startswith("https://") and source["publisher"] and source["title"]
    assert len(_numbers()) == sum(len(e["countries"]) for e in data["numbers"])  # none listed twice
    assert len(data["numbers"][0]["countries"]) == 27  # the EU member states


def test_a_table_with_an_unknown_source_is_refused(tmp_path):
    bad = tmp_path / "numbers.yaml"
    bad.write_text("sources: {}\nnumbers:\n  - {number: '112', sources: [eu], countries: [ES]}\n")
    with pytest.raises(ValueError, match="sources"):
        _numbers(bad)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_emergency_action_names_the_one_number_and_nothing_else_changes(language):
    _ = gettext_for(language)
    named = with_number(_, "112")(ACTIONS["emergency"])
    assert "112" in named and "911" not in named and "999" not in named
    assert with_number(_, "112")(ACTIONS["urgent"]) == _(ACTIONS["urgent"])
    assert with_number(_, None)(ACTIONS["emergency"]) == _(ACTIONS["emergency"])


def test_an_old_alias_takes_the_number_of_the_zone_with_the_same_rules():
    assert emergency_number("US/Eastern") == emergency_number("America/New_York") == "911"
    assert emergency_number("Europe/Nicosia") == "112"  # an alias of Asia/Nicosia, Cyprus
    assert emergency_number("Not/A_Zone") is None
    assert emergency_number("../../etc/passwd") is None
