"""Messages to a Spanish-speaking prescriber: the alert about a patient who said yes (in the
language the prescriber chose, whatever the patient's), its Summary button, and /prescriptions."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import USER, Clock, ask, button_labelled, press, services_of, visible_text
from tests.e2e.test_clinician import PRESCRIBER, _prescribed


@pytest.fixture
def clock(bot) -> Clock:
    clock = Clock()
    services_of(bot).engine.clock = clock
    return clock


async def test_a_spanish_prescriber_hears_of_the_worsening_alert_in_spanish(bot, api, clock: Clock):
    from bot import keyboards

    prescription = await _prescribed(bot, api, clock)
    store = services_of(bot).store
    await store.chats.set_language(PRESCRIBER, "es")
    await store.outcomes.allow_alerts(USER, prescription, "Alex", clock.now)
    (sub,) = await store.reminders.list_subscriptions(USER)
    rating = await store.care.add_rating(USER, sub.id, clock.now.date(), 0, clock.now)
    replies = await press(api, keyboards.data("pf", str(rating), "further"))
    assert "⚠️" in replies[0].text and "Please pause" in visible_text(replies[0].text)  # the patient's, in English
    (alert,) = api.sent(PRESCRIBER)
    text = visible_text(alert.text)
    assert text.startswith("🔔 Alex (su paciente, "), text
    assert "saltó el aviso de empeoramiento" in text and "your patient" not in text
    assert [label for label, _ in alert.buttons()] == ["📄 Resumen"]
    replies = await press(api, button_labelled([alert], "Resumen"), chat_id=PRESCRIBER)
    (doc,) = [c for c in replies if c.method == "sendDocument"]
    assert "Resumen de Alex" in doc.text and "no un diagnóstico" in doc.text


async def test_prescriptions_in_spanish(bot, api, clock: Clock):
    prescription = await _prescribed(bot, api, clock)
    await services_of(bot).store.outcomes.allow_alerts(USER, prescription, "Alex B", clock.now)
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER, language_code="es")
    shown = [visible_text(c.text) for c in replies]
    assert shown[0].startswith("Sus enlaces de programa"), shown[0]
    assert "1 enlace; siguen activos: 1." in shown[0]
    link = shown[1]
    assert "🟢 activo hasta el" in link and "desde el día 1" in link, link
    assert "Abierto: 0 · empezado: 0" in link and "Dolor: todavía no hay" in link and "Opened" not in link
    assert [label for label, _ in replies[1].buttons()] == ["🚫 Revocar este enlace"]
    assert shown[-1].startswith("Pacientes que eligieron que usted se entere") and "• Alex B" in shown[-1]
