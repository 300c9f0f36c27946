"""/report for a Spanish speaker: the PDF's labels, headings, "not a diagnosis" line, dates and the
warning shown are in Spanish (read from the page's text layer)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.e2e import helpers
from tests.e2e.helpers import USER, Clock, ask, services_of, subscribe, visible_text
from tests.e2e.helpers_outcomes import checkin
from tests.fake_bot_api import FakeBotApi

pypdf = pytest.importorskip("pypdf", reason="pypdf (a dev dependency) reads the report's text layer")


async def test_a_spanish_speakers_report_is_in_spanish(bot, api: FakeBotApi):
    clock = Clock(dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC))
    store = services_of(bot).store
    await ask(api, "/privacy", language_code="es")
    await helpers.agree(api)
    await store.chats.set_language(USER, "es")  # as /language would
    sub = await subscribe(bot, clock)
    await store.plan.change(USER, sub.id, 5, 7, "up", "week", clock.now)
    await store.outcomes.add_goal(USER, "caminar hasta la tienda", clock.now)
    await checkin(store, clock.now, yes=13, leg=7, back=5, ratings=[2])
    clock.now += dt.timedelta(days=14)
    await checkin(store, clock.now, yes=8, leg=4, back=5, ratings=[6])
    replies = await ask(api, "desde ayer no puedo orinar y tengo la entrepierna dormida", language_code="es")
    assert visible_text(replies[0].text).startswith("🚨 Emergencia ahora")
    replies = await ask(api, "/report", language_code="es")
    (doc,) = [c for c in replies if c.method == "sendDocument"]
    assert "no un diagnóstico" in doc.text
    reader = pypdf.PdfReader(io.BytesIO(api.state.files["document"]))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Rootwise: informe para su próxima cita" in text
    assert "RMDQ 13/24, dolor de pierna 7/10, dolor de espalda 5/10" in text
    assert "1 oct 2026" in text  # the check-in's date in Spanish
    assert "caminar hasta la tienda: 2 -> 6" in text
    assert "una buena semana" in text and "(día 1, activo)" in text
    assert "emergencia:" in text  # the warning shown, its level in Spanish ...
    assert "emergencia: adormecimiento u hormigueo en los genitales" in text  # ... and its sign in Spanish words
    assert "Hecho el 15 de octubre de 2026" in text
    assert "no un diagnóstico" in text and "Puntuaciones de los controles" in text
    for english in ("leg pain", "Check-ins", "Warnings shown", "not a diagnosis", "Made "):
        assert english not in text, english


def test_the_english_page_is_unchanged_without_a_language():
    from bot.report import CheckInRow, ReportData, report_pdf

    day = dt.date(2026, 10, 1)
    data = ReportData(made=day, topic=None, programmes=[], checkins=[CheckInRow(day, 10, 5, 4)])
    text = " ".join(pypdf.PdfReader(io.BytesIO(report_pdf(data))).pages[0].extract_text().split())
    assert "01 Oct 2026: RMDQ 10/24, leg pain 5/10, back pain 4/10" in text and "Made 01 October 2026" in text
