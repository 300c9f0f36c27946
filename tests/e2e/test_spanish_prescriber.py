"""Messages to a Spanish-speaking prescriber: the alert about a patient who said yes (in the
language the prescriber chose, whatever the patient's), its Summary button, and /prescriptions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.helpers import USER, Clock, ask, button_labelled, press, services_of, visible_text
from tests.e2e.helpers_outcomes import CLINICIAN as PRESCRIBER
from tests.e2e.helpers_outcomes import prescribed


@pytest.fixture
def clock(bot) -> Clock:
    clock = Clock()
    services_of(bot).engine.clock = clock
    return clock


async def test_a_spanish_prescriber_hears_of_the_worsening_alert_in_spanish(bot, api, clock: Clock):
    from bot import keyboards

    prescription = await prescribed(bot, api, clock)
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
    prescription = await prescribed(bot, api, clock)
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


async def test_a_prescriber_who_consented_before_languages_were_kept_gets_alerts_in_their_telegrams_language(
    bot, api, clock: Clock
):
    """A prescriber's consent from before the language was kept with it leaves no language stored;
    making a link in a Spanish Telegram keeps Spanish, so the alerts sent later, unasked, are in it."""
    from bot import keyboards
    from tests.e2e.helpers import LINK, PROGRAMME, press
    from tests.e2e.helpers import PRESCRIBER as PHYSIO

    store = services_of(bot).store
    await store.privacy.give_consent(PHYSIO, clock.now)  # consent stored, no language with it
    assert await store.chats.get_language(PHYSIO) is None
    replies = await ask(api, "/prescribe", chat_id=PHYSIO, language_code="es")
    for data in (
        keyboards.data("pxp", PROGRAMME),
        keyboards.data("pxd", PROGRAMME, "0"),
        keyboards.data("pxt", PROGRAMME, "0", "0800"),
    ):
        replies = await press(api, data, chat_id=PHYSIO, language_code="es")
    replies = await ask(api, "Fisio Ana", chat_id=PHYSIO, language_code="es")
    assert LINK.findall("\n".join(visible_text(c.text) for c in replies)), [c.text for c in replies]
    assert await store.chats.get_language(PHYSIO) == "es"

    (made,) = await store.prescriptions.list_prescriptions(PHYSIO)
    await ask(api, "/privacy")
    from tests.e2e import helpers

    await helpers.agree(api)
    await store.prescriptions.open_prescription(made.id, USER, clock.now)
    await store.reminders.add_subscription(
        USER, PROGRAMME, dt.time(8, 0), "Europe/London", clock.now, prescription=(made.id, None)
    )
    await store.outcomes.allow_alerts(USER, made.id, "Alex", clock.now)
    (sub,) = await store.reminders.list_subscriptions(USER)
    rating = await store.care.add_rating(USER, sub.id, clock.now.date(), 0, clock.now)
    await press(api, keyboards.data("pf", str(rating), "further"))
    (alert,) = api.sent(PHYSIO)[-1:]
    assert visible_text(alert.text).startswith("🔔 Alex (su paciente"), alert.text
