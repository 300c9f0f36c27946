"""The gettext catalogs: every marked string of the code is in every catalog, translated, not fuzzy."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, LOCALES, from_telegram, gettext_for, ngettext_for

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    line[len("[python: ") : -1]
    for line in (ROOT / "babel.cfg").read_text().splitlines()
    if line.startswith("[python: ")
]
KEYWORDS = {"_": None, "N_": None, "plural": (1, 2)}


def _code_ids() -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=[(f, "python") for f in SOURCES], keywords=KEYWORDS
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.mark.parametrize("language", [x for x in LANGUAGES if x != "en"])
def test_every_string_in_the_code_is_translated(language):
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    code = _code_ids()
    assert len(SOURCES) >= 6 and len(code) >= 40, (SOURCES, len(code))
    in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    assert code - in_catalog == set(), "run pybabel extract and update (babel.cfg)"
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"untranslated: {message.id!r}"
        if "{" in str(message.id):  # the same placeholders
            assert all(("{signs}" in s) == ("{signs}" in str(message.id)) for s in strings), message.id


def test_language_from_telegram():
    assert [from_telegram(c) for c in ("es", "es-MX", "ES_419", "en", "pt-BR", None, "")] == [
        "es",
        "es",
        "es",
        "en",
        "en",
        "en",
        "en",
    ]


def test_translations_and_plural_forms_come_from_the_catalog():
    assert gettext_for("es")("Yes, new or worse") == "Sí, es nuevo o está peor"
    assert gettext_for("en")("Yes, new or worse") == "Yes, new or worse"
    assert ngettext_for("es")("and {n} more", "and {n} more", 2) == "y {n} más"
    assert "911" in gettext_for("es")(
        "Emergency now: call your local emergency number (999 in the UK, 112 in most of Europe, "
        "911 in the US) or go to A&E / the emergency department now. Don't drive yourself."
    )


def _unextractable(tree) -> list[int]:
    """Lines where a string literal is translated by a call pybabel cannot see: ``gettext_for(x)("...")``
    or ``(await translator(...))("...")`` (extract only reads calls of a plain name: _, N_, plural)."""
    import ast

    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if literal and isinstance(node.func, (ast.Call, ast.Await)):
            lines.append(node.lineno)
    return lines


def test_every_translated_literal_can_be_extracted():
    import ast

    found = {}
    for source in SOURCES:
        tree = ast.parse((ROOT / source).read_text(encoding="utf-8"))
        if lines := _unextractable(tree):
            found[source] = lines
    assert found == {}, "wrap the string in N_() (or call _ by name) so pybabel extracts it"
    assert _unextractable(ast.parse('gettext_for("es")("Hello")')) == [1]  # the check can fail
