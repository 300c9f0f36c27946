"""Prescribed programmes end to end: /prescribe makes a link, a patient opens, agrees and starts it,
links expire and can be revoked, and the prescriber sees counts only from patients who share."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from sqlalchemy import select

from bot import keyboards
from storage.prescriptions import CODE_PATTERN, Prescription, PrescriptionPatient, new_code
from tests.e2e import helpers
from tests.e2e.helpers import (
    LINK,
    NAME,
    PATIENT,
    PRESCRIBER,
    PROGRAMME,
    START,
    Clock,
    all_text,
    ask,
    assert_valid,
    count,
    datas,
    make_link,
    open_and_agree,
    prescription_id,
    press,
    services_of,
    texts,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi

UTC = dt.UTC
SECOND = 7003


async def start_in_london(api: FakeBotApi, pid: str, chat_id: int) -> None:
    replies = await press(api, keyboards.data("pxa", pid), chat_id=chat_id)
    if keyboards.data("pxz", pid) in datas(replies):  # zone not known yet
        replies = await ask(api, "London", chat_id=chat_id)
    assert "✅ Started" in texts(replies)


async def test_codes_carry_96_bits_and_fit_a_start_payload():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        payload = "rx_" + code
        assert CODE_PATTERN.fullmatch(code) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
    assert len(code) == 16  # 12 random bytes, base64url


async def test_prescribe_makes_a_link_and_stores_only_the_codes_hash(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    store = services_of(bot).store
    replies = await ask(api, "/prescribe", chat_id=PRESCRIBER)
    await press(api, keyboards.data("agree", "prescribe"), chat_id=PRESCRIBER)
    await press(api, keyboards.data("pxp", PROGRAMME), chat_id=PRESCRIBER)
    await press(api, keyboards.data("pxd", PROGRAMME, "14"), chat_id=PRESCRIBER)
    replies = await ask(api, "25:99", chat_id=PRESCRIBER)  # a bad time: a clear answer, the flow goes on
    assert "hour" in texts(replies).lower()
    replies = await ask(api, "7.30 pm", chat_id=PRESCRIBER)
    assert "19:30" in texts(replies)
    replies = await ask(api, "x" * 61, chat_id=PRESCRIBER)  # too long: asked again, nothing stored
    assert "60 characters" in texts(replies)
    assert await count(store, Prescription) == 0
    replies = await ask(api, NAME, chat_id=PRESCRIBER)
    assert_valid(replies)
    text = texts(replies)
    assert NAME in text and "30 days" in text and "26 December 2026" in text
    (payload,) = LINK.findall(text)
    assert len(payload) <= 64
    code = payload.removeprefix("rx_")
    async with store.engine.connect() as conn:
        row = (await conn.execute(select(Prescription))).one()
    assert row.code_sha256 == hashlib.sha256(code.encode()).hexdigest()
    assert (row.chat_id, row.programme_id, row.start_day, row.local_time, row.prescriber_name) == (
        PRESCRIBER,
        PROGRAMME,
        14,
        dt.time(19, 30),
        NAME,
    )
    assert code not in await all_text(store)
    # a second link offers the name used before
    await ask(api, "/prescribe", chat_id=PRESCRIBER)
    await press(api, keyboards.data("pxp", PROGRAMME), chat_id=PRESCRIBER)
    await press(api, keyboards.data("pxd", PROGRAMME, "0"), chat_id=PRESCRIBER)
    replies = await press(api, keyboards.data("pxt", PROGRAMME, "0", "0900"), chat_id=PRESCRIBER)
    assert keyboards.data("pxn", PROGRAMME, "0", "0900") in datas(replies)
    replies = await press(api, keyboards.data("pxn", PROGRAMME, "0", "0900"), chat_id=PRESCRIBER)
    assert LINK.findall(texts(replies)) and await count(store, Prescription) == 2


async def test_patient_opens_agrees_and_starts_at_the_suggested_time_and_day(bot, api: FakeBotApi, content):
    clock = Clock()
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    payload = await make_link(api, day=7, time="0800")
    programme = content.programmes[PROGRAMME]

    replies = await ask(api, f"/start {payload}", chat_id=PATIENT)
    assert_valid(replies)
    text = texts(replies)
    assert NAME in text and programme.title in text and programme.description.split(".")[0] in text
    assert "week 2" in text and "08:00" in text
    assert helpers.agree_data(api, PATIENT).startswith("v1|agree|rx|")  # the privacy notice, last
    assert helpers.agree_data(api, PATIENT) in datas(replies[-1:])
    assert await count(store, PrescriptionPatient) == 0  # nothing about the patient before they agree

    replies = await helpers.agree(api, PATIENT)
    pid = prescription_id(replies)
    assert {keyboards.data("pxs", pid, "1"), keyboards.data("pxs", pid, "0")} <= datas(replies)
    assert "Share my progress (counts only) with" in texts(replies)
    assert await store.reminders.list_subscriptions(PATIENT) == []  # nothing started before the tap

    replies = await press(api, keyboards.data("pxa", pid), chat_id=PATIENT)
    assert "time zone" in texts(replies)
    replies = await ask(api, "London", chat_id=PATIENT)
    assert "✅ Started" in texts(replies)
    (sub,) = await store.reminders.list_subscriptions(PATIENT)
    assert (sub.programme_id, sub.local_time, sub.zone, sub.day, sub.active) == (
        PROGRAMME,
        dt.time(8, 0),
        "Europe/London",
        7,
        True,
    )
    assert sub.next_due_utc == dt.datetime(2026, 11, 26, 8, 0, tzinfo=UTC)

    # the first reminder is programme day 8 (week 2)
    clock.now = sub.next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    assert "day 8" in visible_text(api.sent(PATIENT, "sendPhoto")[-1].text)

    # a second tap, or opening the link again, makes no second reminder
    replies = await press(api, keyboards.data("pxa", pid), chat_id=PATIENT)
    assert "already started" in texts(replies)
    replies = await ask(api, f"/start {payload}", chat_id=PATIENT)
    assert "already started" in texts(replies) and keyboards.data("pxa", pid) not in datas(replies)
    assert len(await store.reminders.list_subscriptions(PATIENT)) == 1
    assert await count(store, PrescriptionPatient) == 1  # opened once per patient


async def test_a_remembered_zone_makes_start_one_tap(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    store = services_of(bot).store
    payload = await make_link(api, day=0, time="1800")
    await store.privacy.give_consent(PATIENT, START)
    await store.chats.set_zone(PATIENT, "Europe/Berlin")
    replies = await ask(api, f"/start {payload}", chat_id=PATIENT)  # agreed already: the offer at once
    replies = await press(api, keyboards.data("pxa", prescription_id(replies)), chat_id=PATIENT)
    assert "✅ Started" in texts(replies)
    (sub,) = await store.reminders.list_subscriptions(PATIENT)
    assert (sub.zone, sub.local_time, sub.day) == ("Europe/Berlin", dt.time(18, 0), 0)


async def test_an_expired_link_gets_a_friendly_message(bot, api: FakeBotApi):
    clock = Clock()
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    payload = await make_link(api)
    clock.now = START + dt.timedelta(days=29)
    replies = await ask(api, f"/start {payload}", chat_id=PATIENT)
    assert NAME in texts(replies)  # still good on day 29
    clock.now = START + dt.timedelta(days=30, minutes=1)
    replies = await ask(api, f"/start {payload}", chat_id=SECOND)
    assert_valid(replies)
    text = texts(replies)
    assert "expired on 26 December 2026" in text and "new one" in text
    assert NAME not in text and "agree" not in datas(replies)
    # the first patient agreeing now is told the same, and nothing is started
    replies = await helpers.agree(api, PATIENT)
    assert "expired" in texts(replies)
    assert await store.reminders.list_subscriptions(PATIENT) == []
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    assert "expired on 26 December 2026" in texts(replies)
    assert not any(d.startswith("v1|pxr|") for d in datas(replies))


async def test_a_revoked_link_gets_a_friendly_message(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    store = services_of(bot).store
    payload = await make_link(api)
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    (revoke,) = [d for d in datas(replies) if d.startswith("v1|pxr|")]
    pid = revoke.split("|")[2]
    # nobody else can revoke it
    replies = await press(api, keyboards.data("pxr2", pid), chat_id=SECOND)
    assert "expired" in texts(replies).lower()
    replies = await ask(api, f"/start {payload}", chat_id=PATIENT)
    assert NAME in texts(replies)
    # the prescriber revokes it, after confirming
    replies = await press(api, revoke, chat_id=PRESCRIBER)
    assert keyboards.data("pxr2", pid) in datas(replies)
    assert (await store.prescriptions.get_prescription(int(pid))).revoked_at is None
    replies = await press(api, keyboards.data("pxr2", pid), chat_id=PRESCRIBER)
    assert "Revoked" in texts(replies)
    replies = await ask(api, f"/start {payload}", chat_id=SECOND)
    assert_valid(replies)
    assert "withdrawn" in texts(replies) and NAME not in texts(replies)
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    assert "revoked on" in texts(replies) and not any(d.startswith("v1|pxr|") for d in datas(replies))


async def test_a_forged_code_gets_a_friendly_message(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    payload = await make_link(api)
    code = payload.removeprefix("rx_")
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in (f"rx_{forged}", "rx_AAAAAAAAAAAAAAAA", "rx_short", "rx_", f"rx_{code}x", "rx_" + "A" * 61):
        replies = await ask(api, f"/start {bad}", chat_id=PATIENT)
        assert_valid(replies)
        assert "don't recognise this programme link" in texts(replies), bad
        assert NAME not in texts(replies)
    # a press made up for a prescription this chat never opened is a stale menu, not a subscription
    pid = str((await services_of(bot).store.prescriptions.list_prescriptions(PRESCRIBER))[0].id)
    replies = await press(api, keyboards.data("pxa", pid), chat_id=PATIENT)
    assert "expired" in texts(replies).lower()
    assert await services_of(bot).store.reminders.list_subscriptions(PATIENT) == []


async def _session(bot, api: FakeBotApi, chat_id: int, pain: int) -> None:
    """Press Done on the chat's latest reminder and give a pain score."""
    (sub,) = await services_of(bot).store.reminders.list_subscriptions(chat_id)
    reminder = api.sent(chat_id, "sendPhoto")[-1]
    done = next(d for _, d in reminder.buttons() if d.startswith(f"v1|rd|{sub.id}|"))
    replies = await press(api, done, chat_id=chat_id)
    rating = next(d for d in datas(replies) if d.startswith("v1|pn|")).split("|")[2]
    await press(api, keyboards.data("pn", rating, str(pain)), chat_id=chat_id)


async def test_the_prescriber_sees_counts_only_from_patients_who_share(bot, api: FakeBotApi):
    clock = Clock()
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    payload = await make_link(api, day=0, time="0800")
    # PATIENT shares; SECOND says no; a third person opens the link but never agrees
    replies = await open_and_agree(api, payload, PATIENT, first_name="Quentin")
    pid = prescription_id(replies)
    replies = await press(api, keyboards.data("pxs", pid, "1"), chat_id=PATIENT)
    assert "counts only" in texts(replies)
    await start_in_london(api, pid, PATIENT)
    await ask(api, f"/start {payload}", chat_id=PATIENT, first_name="Quentin")  # opened again: counted once
    await open_and_agree(api, payload, SECOND, first_name="Xavier")
    await press(api, keyboards.data("pxs", pid, "0"), chat_id=SECOND)
    await start_in_london(api, pid, SECOND)
    await ask(api, f"/start {payload}", chat_id=SECOND + 1, first_name="Yolanda")

    for pains in ((6, 2), (4, 9)):  # two days of sessions: PATIENT 6 then 4, SECOND 2 then 9
        sub = (await store.reminders.list_subscriptions(PATIENT))[0]
        clock.now = sub.next_due_utc
        assert (await services_of(bot).engine.tick()).sent == 2
        await _session(bot, api, PATIENT, pains[0])
        await _session(bot, api, SECOND, pains[1])

    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    assert_valid(replies)
    text = texts(replies)
    assert "Opened: 1 · started: 1 · sessions done in the last 7 days: 2" in text
    assert "-2.0 points" in text and "(1 patient;" in text
    every = texts(api.sent(PRESCRIBER))
    for secret in ("Quentin", "Xavier", "Yolanda", str(PATIENT), str(SECOND), str(SECOND + 1)):
        assert secret not in every

    # changing one's mind is honoured at once
    await press(api, keyboards.data("pxs", pid, "0"), chat_id=PATIENT)
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    assert "Opened: 0 · started: 0 · sessions done in the last 7 days: 0" in texts(replies)
    assert "not enough pain scores yet" in texts(replies)


async def test_mydata_and_forget_cover_prescriber_and_patient_rows(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    store = services_of(bot).store
    payload = await make_link(api)
    replies = await open_and_agree(api, payload, PATIENT)
    pid = prescription_id(replies)
    await press(api, keyboards.data("pxs", pid, "1"), chat_id=PATIENT)
    await start_in_london(api, pid, PATIENT)
    await open_and_agree(api, payload, SECOND)

    prescriber = await store.privacy.export_chat(PRESCRIBER)
    assert [r["prescriber_name"] for r in prescriber["prescriptions"]] == [NAME]
    assert prescriber["prescription_patients"] == []
    patient = await store.privacy.export_chat(PATIENT)
    assert [(r["chat_id"], r["share"]) for r in patient["prescription_patients"]] == [(PATIENT, True)]
    assert patient["prescriptions"] == []

    await ask(api, "/forget", chat_id=PATIENT)
    await press(api, keyboards.data("forget"), chat_id=PATIENT)
    assert await count(store, PrescriptionPatient, PrescriptionPatient.chat_id == PATIENT) == 0
    assert await count(store, PrescriptionPatient) == 1  # SECOND's row stays
    await ask(api, "/forget", chat_id=PRESCRIBER)
    await press(api, keyboards.data("forget"), chat_id=PRESCRIBER)
    assert await count(store, Prescription) == 0
    assert await count(store, PrescriptionPatient) == 0  # the link went, and its patients' rows with it
    replies = await ask(api, f"/start {payload}", chat_id=SECOND)
    assert "don't recognise" in texts(replies)


async def test_prescribe_is_for_private_chats_and_other_flows_keep_their_typed_answers(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    replies = await ask(
        api, "/prescribe", chat_id=-100555, chat_type="supergroup", title="Back pain group", user_id=PRESCRIBER
    )
    assert "private chat" in texts(replies)
    # /remind after a half-done /prescribe: the typed time goes to the reminder
    await ask(api, "/prescribe", chat_id=PRESCRIBER)
    await press(api, keyboards.data("agree", "prescribe"), chat_id=PRESCRIBER)
    await press(api, keyboards.data("pxp", PROGRAMME), chat_id=PRESCRIBER)
    await press(api, keyboards.data("pxd", PROGRAMME, "0"), chat_id=PRESCRIBER)
    await ask(api, "/remind", chat_id=PRESCRIBER)
    await press(api, keyboards.data("rp", PROGRAMME), chat_id=PRESCRIBER)
    replies = await ask(api, "7:30", chat_id=PRESCRIBER)
    assert "Which time zone" in texts(replies) or "time zone" in texts(replies)
    replies = await ask(api, "London", chat_id=PRESCRIBER)
    assert "✅" in texts(replies)
    assert len(await services_of(bot).store.reminders.list_subscriptions(PRESCRIBER)) == 1
    assert await count(services_of(bot).store, Prescription) == 0


def revoke_ids(calls) -> list[int]:
    """Ids behind the Revoke buttons, in the order the links were listed."""
    return [int(d.split("|")[2]) for c in calls for _, d in c.buttons() if d.startswith("v1|pxr|")]


def last_answer(api: FakeBotApi) -> str | None:
    return api.method_calls("answerCallbackQuery")[-1].params.get("text")


async def test_prescriptions_pages_to_old_active_links_and_revokes_one(bot, api: FakeBotApi):
    clock = Clock()
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    payload = await make_link(api)  # the oldest link, made through /prescribe
    (oldest,) = await store.prescriptions.list_prescriptions(PRESCRIBER)
    newer = []
    for i in range(1, 13):  # twelve newer active links: more than one page holds
        _, info = await store.prescriptions.create_prescription(
            PRESCRIBER, PROGRAMME, 0, dt.time(9), f"Clinic {i:02d}", START + dt.timedelta(hours=i), 30
        )
        newer.append(info)
    # the newest link of all is revoked: it is listed after every active one
    _, withdrawn = await store.prescriptions.create_prescription(
        PRESCRIBER, PROGRAMME, 0, dt.time(9), "Clinic 13", START + dt.timedelta(hours=13), 30
    )
    await store.prescriptions.revoke_prescription(withdrawn.id, PRESCRIBER, START + dt.timedelta(hours=14))
    clock.now = START + dt.timedelta(days=1)

    # page 1: the ten newest active links, and a way to older ones only
    first = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    assert_valid(first)
    text = texts(first)
    assert "page 1 of 2" in text and "14 links, 13 still active" in text
    assert revoke_ids(first) == [info.id for info in reversed(newer[2:])]
    assert oldest.id not in revoke_ids(first) and NAME not in text and "Clinic 13" not in text
    assert keyboards.data("pxl", "1") in datas(first) and keyboards.data("pxl", "0") not in datas(first)
    assert [label for label, _ in first[-1].buttons()] == ["Older ▶"]

    # page 2: the two oldest active links, then the revoked one; back to newer only
    second = await press(api, keyboards.data("pxl", "1"), chat_id=PRESCRIBER)
    assert_valid(second)
    assert last_answer(api) is None
    text = texts(second)
    assert "page 2 of 2" in text and "links 11–14 of 14" in text
    assert revoke_ids(second) == [newer[1].id, newer[0].id, oldest.id]
    assert text.index(NAME) < text.index("Clinic 13") and "revoked on" in text
    assert [label for label, _ in second[-1].buttons()] == ["◀ Newer"]
    assert keyboards.data("pxl", "0") in datas(second)
    assert set(revoke_ids(first)) | set(revoke_ids(second)) == {oldest.id, *(i.id for i in newer)}

    # revoke the oldest from page 2
    replies = await press(api, keyboards.data("pxr", str(oldest.id)), chat_id=PRESCRIBER)
    replies = await press(api, keyboards.data("pxr2", str(oldest.id)), chat_id=PRESCRIBER)
    assert "Revoked" in texts(replies)
    assert (await store.prescriptions.get_prescription(oldest.id)).revoked_at == clock.now
    for info in newer:
        assert (await store.prescriptions.get_prescription(info.id)).revoked_at is None
    replies = await ask(api, f"/start {payload}", chat_id=PATIENT)
    assert "withdrawn" in texts(replies)

    # a stale or forged page number past the end: the last page, with a word in the answer
    for page in ("2", "99", "9" * 57):
        replies = await press(api, keyboards.data("pxl", page), chat_id=PRESCRIBER)
        assert_valid(replies)
        assert last_answer(api) == "That page is gone: here is page 2 of 2."
        assert "page 2 of 2" in texts(replies) and "12 still active" in texts(replies)
        assert revoke_ids(replies) == [newer[1].id, newer[0].id]  # the oldest is revoked now
    # nonsense is a stale menu, never an error
    for forged in (
        keyboards.data("pxl", "-1"),
        keyboards.data("pxl", "x"),
        keyboards.data("pxl", "²"),
        keyboards.data("pxl"),
        keyboards.data("pxl", "1", "1"),
        keyboards.data("pxr", "9" * 30),
    ):
        replies = await press(api, forged, chat_id=PRESCRIBER)
        assert last_answer(api) == "This menu has expired. Here is a fresh one.", forged
        assert "expired" in texts(replies).lower()
    # someone without links pressing a page button is told so
    replies = await press(api, keyboards.data("pxl", "1"), chat_id=SECOND)
    assert "You have no programme links" in texts(replies)
    assert PROGRAMME not in texts(replies) and NAME not in texts(replies)
