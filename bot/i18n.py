"""Languages: which one a person is answered in, and the gettext catalogs (managed with Babel).

Catalogs live in ``bot/locales/<language>/LC_MESSAGES/messages.po`` (``babel.cfg`` says which files
``pybabel extract`` reads; ``pybabel update`` / ``compile`` as usual). They are compiled in memory
the first time a language is used, so a checkout runs without a compile step; a ``.mo`` that
``pybabel compile`` wrote is not needed. English is the source language: its strings are the
message ids themselves.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT = "en"
#: Languages the bot speaks (besides English, each has a catalog).
LANGUAGES = ("en", "es")


def N_(message: str) -> str:
    """Marks a string for the catalogs (pybabel extract -k N_); it is translated where it is shown."""
    return message


def from_telegram(language_code: str | None) -> str:
    """The bot's language for Telegram's ``language_code``: es, es-MX, es-419 -> es; else English."""
    code = (language_code or "").strip().lower()
    return "es" if code.split("-")[0].split("_")[0] == "es" else DEFAULT


@functools.cache
def translation(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (English, or a language without a catalog: the ids)."""
    po = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT or not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(language: str | None):
    """The ``_`` function for ``language``."""
    return translation(language or DEFAULT).gettext


def ngettext_for(language: str | None):
    """The plural ``ngettext`` for ``language`` (plural forms from its catalog)."""
    return translation(language or DEFAULT).ngettext


def pages(content, language: str | None) -> dict:
    """The fixed pages (welcome, disclaimer ...) in ``language``: those of the content in that
    language (``content/<language>/pages.yaml``, loaded and checked with the rest of the content),
    else the English ones."""
    return content.in_language(language).pages
