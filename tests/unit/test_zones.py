"""Typed places to time zones: countries and regions give choices, never a crash; no posix/ or right/."""

from __future__ import annotations

import pytest

from scheduler.zones import find_zone, is_known_zone, zone_choices, zone_label


@pytest.mark.parametrize(
    "typed",
    [
        "Canada",
        "Brazil",
        "US",
        "Australia",
        "Europe",
        "America",
        "Mexico",
        "Russia",
        "usa",
        "canada",
        "Indonesia",
        "Asia",
    ],
)
def test_a_country_or_region_with_several_clocks_gives_choices_not_a_crash(typed):
    choices = zone_choices(typed)
    assert len(choices) > 1 and all(is_known_zone(z) for z in choices)
    assert find_zone(typed) is None


@pytest.mark.parametrize(
    "typed, first",
    [
        ("Canada", "America/Toronto"),
        ("US", "America/New_York"),
        ("Brazil", "America/Sao_Paulo"),
        ("Australia", "Australia/Sydney"),
    ],
)
def test_the_biggest_city_comes_first(typed, first):
    assert zone_choices(typed)[0] == first


@pytest.mark.parametrize(
    "typed, zone",
    [
        ("Germany", "Europe/Berlin"),
        ("Argentina", "America/Argentina/Buenos_Aires"),
        ("Europe/Paris", "Europe/Paris"),
        ("UTC+2", "Etc/GMT-2"),
        ("London", "Europe/London"),
    ],
)
def test_a_country_with_one_clock_is_that_zone(typed, zone):
    assert zone_choices(typed) == [] and find_zone(typed) == zone


@pytest.mark.parametrize(
    "typed",
    [
        "posix/Europe/London",
        "right/UTC",
        "posix",
        "right",
        "Etc",
        "posixrules",
        "localtime",
        "Factory",
        "Europe",
        "../etc/passwd",
        "Europe/",
        "/",
    ],
)
def test_folders_and_the_posix_and_right_trees_are_never_a_zone(typed):
    assert find_zone(typed) is None
    assert not is_known_zone(typed)


def test_an_offset_is_shown_as_people_write_it():
    assert zone_label("Etc/GMT-2") == "UTC+2"
    assert zone_label("Etc/GMT+5") == "UTC-5"
    assert zone_label("Etc/UTC") == "UTC"
    assert zone_label("Europe/Paris") == "Europe/Paris"
