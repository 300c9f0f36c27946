"""Triage end to end: the follow-up question and its two answers, and one reply per red flag."""

from __future__ import annotations

from bot.handlers.fallback import NOT_FOUND
from bot.handlers.triage import QUESTION
from tests.e2e.helpers import ask, assert_valid, press, visible_text
from tests.fake_bot_api import FakeBotApi

UNCLEAR = "my right leg is numb"  # numbness in one leg: maybe long-standing, maybe new


async def test_an_unclear_sign_gets_one_question_with_two_answers(bot, api: FakeBotApi):
    replies = await ask(api, UNCLEAR)
    assert len(replies) == 1 and QUESTION in visible_text(replies[0].text)
    (yes_label, yes), (no_label, no), _urgent = replies[0].buttons()
    assert yes_label.startswith("Yes") and no_label.startswith("No")

    answer = await press(api, yes)
    text = visible_text(answer[0].text)
    assert text.startswith("🚨 Urgent today") and "Emergency now" not in text
    assert_valid(answer)

    answer = await press(api, no)
    shown = " ".join(visible_text(c.text) for c in answer)
    assert "🚨" not in shown[:3] and "won't treat it as an emergency" in shown
    assert "Numbness in a leg or foot that is new or spreading" in shown  # what would make it urgent
    assert "Urgent today" in shown


async def test_an_emergency_is_answered_once_and_nothing_contradicts_it(bot, api: FakeBotApi):
    for text in (
        "haven't had a wee since breakfast and my back is agony",
        "/remind numb between my legs and wet myself",
        "what exercise for this, I can't feel when I wipe since yesterday",
    ):
        replies = await ask(api, text)
        shown = [visible_text(c.text) for c in replies]
        assert len(replies) == 1, (text, shown)
        assert shown[0].startswith("🚨 Emergency now"), text
        assert NOT_FOUND not in shown[0] and "time I understand" not in shown[0]


async def test_a_not_urgent_sign_is_named_and_the_question_still_answered(bot, api: FakeBotApi):
    replies = await ask(api, "I've been doing the exercises for 8 weeks and my sciatica is no better")
    shown = [visible_text(c.text) for c in replies]
    assert shown[0].startswith("⚠️ See a doctor soon")
    assert len(replies) >= 2  # the answer from the content follows


async def test_forged_triage_buttons_get_a_fresh_menu(bot, api: FakeBotApi):
    from bot import keyboards

    for data in (
        keyboards.data("tq", "y", "999", ""),
        keyboards.data("tq", "y", "²", ""),
        keyboards.data("tq", "x", "1", ""),
    ):
        replies = await press(api, data)
        assert "expired" in visible_text(replies[0].text)


async def _run_check(api: FakeBotApi, answers: str) -> list:
    replies = await ask(api, "/check")
    assert "check-in" in visible_text(replies[0].text)
    for answer in answers:
        (yes_label, yes), (no_label, no) = replies[-1].buttons()
        assert (yes_label, no_label) == ("Yes", "No")
        replies = await press(api, yes if answer == "y" else no)
    return replies


async def test_check_in_with_every_answer_no_says_so(bot, api: FakeBotApi, detector):
    n = len(detector.check_items)
    assert n == 5
    replies = await _run_check(api, "n" * n)
    assert visible_text(replies[0].text).startswith("✅ No warning signs today")
    assert "once a week" in visible_text(replies[-1].text)  # the weekly offer follows


async def test_check_in_with_a_yes_ends_with_the_emergency_reply(bot, api: FakeBotApi):
    replies = await _run_check(api, "nynnn")  # bladder
    text = visible_text(replies[0].text)
    assert text.startswith("🚨 Emergency now") and "peeing" in text


async def test_check_in_buttons_cannot_be_forged(bot, api: FakeBotApi):
    from bot import keyboards

    for data in (
        keyboards.data("ck", "4", "nn"),
        keyboards.data("ck", "9", "nnnnnnnnnn"),
        keyboards.data("ck", "0", "x"),
        keyboards.data("ck", "²", "y"),
    ):
        replies = await press(api, data)
        assert "expired" in visible_text(replies[0].text), data


async def test_a_sign_noted_as_usual_is_asked_about_and_a_new_one_still_alerts(bot, api: FakeBotApi, detector):
    from bot import keyboards

    wipe = "I can't feel when I wipe"  # a clear emergency for anyone who has not noted it
    assert visible_text((await ask(api, wipe))[0].text).startswith("🚨 Emergency now")

    # Someone with arachnoiditis for whom it is long-standing: the question, "No", then "Remember".
    replies = await ask(api, "I can't really feel it when I wipe")
    if QUESTION not in visible_text(replies[0].text):  # answered at once: note it from the button instead
        index = [s.id for s in detector.signs].index("saddle-numbness")
        no = keyboards.data("tq", "n", str(index), "", "-")
    else:
        (_, _), (_, no), _ = replies[0].buttons()
    answer = await press(api, no)
    ((label, remember),) = answer[-1].buttons()
    assert label.startswith("📝 Remember")
    notice = await press(api, remember)
    assert "Your privacy" in visible_text(notice[0].text)  # nothing stored before consent
    (agree_label, agree), _ = notice[0].buttons()
    done = await press(api, agree)
    assert "worse than usual" in visible_text(done[-1].text)

    replies = await ask(api, wipe)
    assert len(replies) == 1 and "worse than usual" in visible_text(replies[0].text)
    replies = await ask(api, "I can't feel when I wipe and it's worse since yesterday")
    assert visible_text(replies[0].text).startswith("🚨 Emergency now")
    replies = await ask(api, "haven't had a wee since breakfast")  # a sign not noted: at once
    assert visible_text(replies[0].text).startswith("🚨 Emergency now")

    listing = await ask(api, "/usual")
    assert "saddle" in visible_text(listing[0].text)
    (clear,) = [data for label, data in listing[0].buttons() if label.startswith("🗑")]
    await press(api, clear)
    assert visible_text((await ask(api, wipe))[0].text).startswith("🚨 Emergency now")


async def test_the_usual_signs_screen_shows_and_changes_them(bot, api: FakeBotApi):
    """/usual (and the private /settings reply) lists the signs that may be long-standing, each a
    tick to set or clear; a ticked sign gets "worse than usual?", an unticked one the alarm."""
    from bot.handlers.triage import QUESTION_USUAL
    from tests.e2e.helpers import USER, last_menu, services_of

    store = services_of(bot).store
    screen = await ask(api, "/usual")
    buttons = dict(screen[-1].buttons())
    assert "Nothing is ticked" in visible_text(screen[-1].text)
    assert {"▫️ Bladder (peeing)", "▫️ Bowels", "▫️ Numbness in the saddle area", "🏠 Menu"} <= set(buttons)
    assert not any(label.startswith("✅") for label in buttons)

    notice = await press(api, buttons["▫️ Bladder (peeing)"])  # nothing is stored before consent
    assert "Your privacy" in visible_text(notice[0].text) and not await store.care.usual_signs(USER)
    (_, agree), _ = notice[0].buttons()
    await press(api, agree)
    assert await store.care.usual_signs(USER) == {"bladder-control"}

    leak = "I leak a bit of wee"
    assert QUESTION_USUAL in visible_text((await ask(api, leak))[0].text)

    screen = await ask(api, "/usual")
    buttons = dict(screen[-1].buttons())
    assert "Ticked: Bladder (peeing)." in visible_text(screen[-1].text)
    await press(api, buttons["▫️ Bowels"])  # consent given: ticked at once, the screen redrawn in place
    text, data = last_menu(api, USER)
    assert "Bladder (peeing); Bowels" in text and await store.care.usual_signs(USER) == {
        "bladder-control",
        "bowel-control",
    }
    await press(api, buttons["✅ Bladder (peeing)"])  # untick
    assert await store.care.usual_signs(USER) == {"bowel-control"}
    assert "Ticked: Bowels." in last_menu(api, USER)[0]
    assert QUESTION_USUAL not in visible_text((await ask(api, leak))[0].text)

    settings = await ask(api, "/settings")  # the private /settings reply leads to the screen
    ((label, opening),) = settings[-1].buttons()
    assert label == "⚙️ Warning signs usual for me"
    screen = await press(api, opening)
    buttons = dict(screen[-1].buttons())
    assert "✅ Bowels" in buttons
    await press(api, buttons["🗑 Untick all"])
    assert not await store.care.usual_signs(USER) and "Nothing is ticked" in last_menu(api, USER)[0]

    from bot import keyboards

    chest = [s.id for s in services_of(bot).detector.signs].index("chest-pain")  # never usual
    for forged in (keyboards.data("tq", "t", "999"), keyboards.data("tq", "t", str(chest))):
        assert "expired" in visible_text((await press(api, forged))[0].text)
    assert not await store.care.usual_signs(USER)


async def test_usual_signs_are_private(bot, api: FakeBotApi):
    from tests.e2e.helpers import GROUP

    replies = await ask(api, "/usual", chat_id=GROUP)
    assert "private chat" in visible_text(replies[0].text)


async def test_forget_deletes_usual_signs(bot, api: FakeBotApi):
    import datetime as dt

    from tests.e2e.helpers import USER, services_of

    store, now = services_of(bot).store, dt.datetime.now(dt.UTC)
    await store.privacy.give_consent(USER, now)
    await store.care.add_usual_signs(USER, ["bladder-control"], now)
    assert await store.care.usual_signs(USER) == {"bladder-control"}
    assert (await store.privacy.export_chat(USER))["usual_signs"]  # /mydata shows them
    await store.privacy.forget_chat(USER)
    assert await store.care.usual_signs(USER) == frozenset()


async def test_the_weekly_check_in_goes_out_through_the_reminder_engine(bot, api: FakeBotApi):
    """Opt in at the end of /check; it follows the reminder's time and zone, one weekday a week."""
    import datetime as dt

    from bot import keyboards
    from tests.e2e.helpers import USER, Clock, services_of, subscribe

    clock = Clock()
    services = services_of(bot)
    services.engine.clock = clock
    replies = await _run_check(api, "nnnnn")
    ((label, weekly),) = replies[-1].buttons()
    assert label.startswith("📅")
    replies = await press(api, weekly)  # nothing is stored before consent
    assert "Your privacy" in visible_text(replies[0].text)
    (_, agree), _ = replies[0].buttons()
    replies = await press(api, agree)
    assert "/remind" in visible_text(replies[-1].text)  # it needs a reminder's time and zone first

    reminder = await subscribe(bot, clock)  # 07:30 Europe/London, daily
    replies = await press(api, weekly)
    assert "every Thursday at 07:30" in visible_text(replies[-1].text)
    assert len(await services.store.reminders.list_subscriptions(USER)) == 1  # not listed as a reminder

    seen = []
    for day in range(8):  # a week and a day of ticks: the reminder daily, the check-in once
        clock.now = dt.datetime(2026, 11, 26, 7, 31, tzinfo=dt.UTC) + dt.timedelta(days=day)
        before = len(api.sent(USER))
        await services.engine.tick()
        await api.settle()
        seen.append(" ".join(visible_text(c.text) for c in api.sent(USER)[before:]))
    weekly_days = [i for i, text in enumerate(seen) if "Your weekly check-in" in text]
    assert weekly_days == [0, 7], weekly_days
    stop = next(d for c in api.sent(USER)[::-1] for _, d in c.buttons() if d == keyboards.data("ck", "x"))
    replies = await press(api, stop)
    assert "stopped" in visible_text(replies[-1].text)
    assert await services.store.reminders.get_subscription(reminder.id) is not None  # the reminder stays


async def test_a_sciatica_plan_offers_the_weekly_check_in(bot, api: FakeBotApi):
    from bot import keyboards
    from tests.e2e import helpers

    await ask(api, "/remind")
    await helpers.agree(api)
    await press(api, keyboards.data("rp", "general-nerve-root"))  # a sciatica plan
    await press(api, keyboards.data("rt", "general-nerve-root", "0730"))
    replies = await ask(api, "London")
    assert "✅" in replies[0].text
    offer = replies[-1]
    assert "check-in" in visible_text(offer.text) and offer.buttons() == [
        ("📅 Yes, every week", keyboards.data("ck", "w"))
    ]
    replies = await press(api, keyboards.data("ck", "w"))
    assert "every" in visible_text(replies[-1].text) and "07:30" in visible_text(replies[-1].text)

    await ask(api, "/remind")  # a stenosis plan does not offer it
    await press(api, keyboards.data("rp", "stenosis-flexion"))
    await press(api, keyboards.data("rt", "stenosis-flexion", "1800"))
    replies = await press(api, keyboards.data("rok", "stenosis-flexion", "1800"))
    assert not any("check-in" in visible_text(c.text) for c in replies)


async def test_a_clear_urgent_sign_beside_an_unclear_one_is_answered_with_the_question(bot, api: FakeBotApi):
    """A fever (urgent today) beside a bowel sign that may be long-standing: one message, the fever's
    reply first and the question last (so that it is answered, with no Menu button to leave by);
    "No, usual" does not send the fever's reply again but says it still stands, and reads what to
    do if the sign changes as a condition; "Yes, new" gives the emergency reply."""
    replies = await ask(api, "I have a fever and I've lost control of my bowels")
    (only,) = replies
    text = visible_text(only.text)
    assert text.startswith("🚨 Urgent today") and "Emergency now" not in text, text
    assert text.rstrip().endswith("If you are not sure, answer Yes.") and QUESTION in text
    (_, yes), (_, no), (help_label, _help) = only.buttons()
    assert "Menu" not in help_label
    answer = [visible_text(c.text) for c in await press(api, no)]
    shown = " ".join(answer)
    assert not any(a.startswith("🚨 Urgent today") for a in answer), answer
    assert "won't treat it as an emergency" in shown and "If it does: Emergency now" in shown
    assert "still needs a doctor today" in shown
    answer = [visible_text(c.text) for c in await press(api, yes)]
    assert answer[0].startswith("🚨 Emergency now"), answer


async def test_a_deep_link_code_is_no_symptom_but_words_after_start_are(bot, api: FakeBotApi):
    """A t.me link's code is letters the bot chose at random: "rx_7uti9Us_3kfbpp3o" holds "uti"
    (a urine infection) and "rx_hiV-XncFUa8U3WJD" holds "hiv", and each got the urgent reply
    instead of the link's answer. Words typed after /start are still read."""
    for code in ("rx_7uti9Us_3kfbpp3o", "rx_hiV-XncFUa8U3WJD"):
        shown = " ".join(visible_text(c.text) for c in await ask(api, f"/start {code}"))
        assert "🚨" not in shown and "don't recognise this programme link" in shown, (code, shown)
    replies = await ask(api, "/start I can't feel when I wipe since yesterday")
    assert visible_text(replies[0].text).startswith("🚨 Emergency now")


async def test_a_collapse_gets_the_emergency_reply_with_what_to_do_while_help_comes(bot, api: FakeBotApi):
    for text, words in (
        ("my husband has collapsed in the kitchen and won't wake up", ["CPR", "on their side"]),
        ("mi madre se ha desplomado y no reacciona", ["RCP", "de lado"]),
    ):
        replies = await ask(api, text)
        shown = [visible_text(c.text) for c in replies]
        assert len(replies) == 1, (text, shown)
        assert shown[0].startswith("🚨"), shown
        assert all(w in shown[0] for w in words), shown
        assert "came round" not in shown[0] and "volvió en sí" not in shown[0]  # no milder sign beside it
