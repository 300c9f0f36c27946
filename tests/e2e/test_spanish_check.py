"""The cauda equina check-in (/check) for a Spanish speaker: opening, questions, buttons and the
result in Spanish; a "Sí" ends with the Spanish emergency reply first."""

from __future__ import annotations

from tests.e2e.helpers import ask, assert_valid, press, visible_text
from tests.fake_bot_api import FakeBotApi


async def _run_check_es(api: FakeBotApi, answers: str) -> tuple[list, list]:
    replies = await ask(api, "/check", language_code="es")
    opening = [visible_text(r.text) for r in replies]
    for answer in answers:
        (yes_label, yes), (no_label, no) = replies[-1].buttons()
        assert (yes_label, no_label) == ("Sí", "No")
        opening.append(visible_text(replies[-1].text))
        replies = await press(api, yes if answer == "y" else no, language_code="es")
    return opening, replies


async def test_a_spanish_check_in_asks_in_spanish_and_a_yes_gets_the_spanish_alarm(bot, api: FakeBotApi):
    shown, replies = await _run_check_es(api, "nynnn")  # bladder
    assert shown[0].startswith("Control de cauda equina"), shown[0]
    assert "ano" in shown[1] and "nuevo" in shown[1], shown[1]  # the saddle-area question, new or worse
    assert "orinar" in shown[3], shown[3]
    assert not any("warning" in s or "Have you" in s for s in shown)
    first = visible_text(replies[0].text)
    assert first.startswith("🚨 Emergencia ahora"), first
    assert "Emergency" not in first
    labels = [label for label, _ in replies[0].buttons()]
    assert labels == ["🚨 Cuándo buscar ayuda ya", "🏠 Menú"]
    assert "una vez por semana" in visible_text(replies[-1].text)  # the weekly offer follows, in Spanish
    assert_valid(replies)


async def test_a_spanish_check_in_with_every_answer_no_says_so_in_spanish(bot, api: FakeBotApi):
    _shown, replies = await _run_check_es(api, "nnnnn")
    text = visible_text(replies[0].text)
    assert text.startswith("✅ Hoy no hay señales de alarma"), text
