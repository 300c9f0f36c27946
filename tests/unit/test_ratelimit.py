"""bot.ratelimit.TelegramRateLimiter: one chat's 429 holds back that chat; a bot-wide one, everyone;
replies are not held by the overall (broadcast) budget; budgets shared by replicas through Redis."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from telegram.error import RetryAfter

from bot.budget import LocalBudget, RedisBudget, Slot
from bot.ratelimit import Rates, TelegramRateLimiter, bulk

UNLIMITED = Rates(broadcast=1e6, chat=1e6, chat_burst=1000, group=1e6, group_burst=1000)


def limiter(rates: Rates = UNLIMITED, **kwargs) -> TelegramRateLimiter:
    return TelegramRateLimiter(rates, max_retries=2, **kwargs)


class Api:
    """A callback that answers 429 for the chats told, ``times`` times each."""

    def __init__(self, retry_after: float, **limited: int):
        self.retry_after = retry_after
        self.limited = {int(k.removeprefix("chat")): v for k, v in limited.items()}
        self.answered: dict[int, float] = {}

    def call(self, chat: int):
        async def callback():
            if self.limited.get(chat, 0) > 0:
                self.limited[chat] -= 1
                raise RetryAfter(self.retry_after)
            self.answered[chat] = time.monotonic()
            return True

        return callback


async def send(rl: TelegramRateLimiter, api: Api, chat: int | None):
    data = {"chat_id": chat} if chat is not None else {}
    return await rl.process_request(api.call(chat or 0), (), {}, "sendMessage", data, None)


async def test_one_chats_429_delays_that_chat_only():
    rl, api = limiter(), Api(1, chat1=1)
    started = time.monotonic()
    await asyncio.gather(send(rl, api, 1), send(rl, api, 2), send(rl, api, 3))
    assert api.answered[1] - started >= 1.0
    assert api.answered[2] - started < 0.3 and api.answered[3] - started < 0.3


async def test_429s_for_several_chats_at_once_are_the_bots_limit_and_everyone_waits():
    rl, api = limiter(bot_wide_chats=3), Api(1, chat1=1, chat2=1, chat3=1)
    started = time.monotonic()
    await asyncio.gather(send(rl, api, 1), send(rl, api, 2), send(rl, api, 3))
    await send(rl, api, 4)
    assert api.answered[4] - started >= 1.0


async def test_a_429_without_a_chat_is_the_bots():
    rl, api = limiter(), Api(1, chat0=1)
    started = time.monotonic()
    await asyncio.gather(send(rl, api, None), send(rl, api, 5))
    assert api.answered[5] - started >= 1.0


async def test_a_retry_after_over_max_wait_is_raised_at_once_marked_as_the_chats():
    rl, api = limiter(max_wait=2), Api(30, chat1=1)
    started = time.monotonic()
    with pytest.raises(RetryAfter) as raised:
        await send(rl, api, 1)
    assert time.monotonic() - started < 5  # did not wait out the retry_after (20-30 s)
    assert raised.value.chat_only is True
    chat1, chat2 = rl.chat_slot(1), rl.chat_slot(2)
    assert (await rl.budget.reserve([chat1], 0)).wait > 29 and (await rl.budget.reserve([chat2], 0)).wait == 0


async def test_a_reminders_request_never_waits_for_its_chats_limit():
    from bot.request import no_retries

    rl, api = limiter(), Api(20, chat1=1)
    started = time.monotonic()
    with no_retries():
        with pytest.raises(RetryAfter) as first:
            await send(rl, api, 1)
        with pytest.raises(RetryAfter) as again:  # still limited: not even tried
            await send(rl, api, 1)
        await send(rl, api, 2)
    assert time.monotonic() - started < 5  # did not wait out the retry_after (20-30 s)
    assert first.value.chat_only and again.value.chat_only and 1 not in api.answered


class Spy(LocalBudget):
    """A budget on a frozen clock that notes every reservation: (slot keys, wait)."""

    def __init__(self):
        super().__init__(clock=lambda: 100.0)
        self.reserved: list[tuple[tuple[str, ...], float]] = []

    def reserve_now(self, slots, max_wait=None):
        turn = super().reserve_now(slots, max_wait)
        self.reserved.append((tuple(s.key.split(":")[0] for s in slots), turn.wait))
        return turn


async def sends(rl: TelegramRateLimiter, chats: list[int], *, bulk_send: bool = False, **data) -> None:
    api = Api(0)

    async def one(chat: int):
        with bulk() if bulk_send else contextlib.nullcontext():
            await rl.process_request(api.call(chat), (), {}, "sendMessage", {"chat_id": chat, **data}, None)

    await asyncio.gather(*(one(c) for c in chats))
    assert set(api.answered) == set(chats)


async def test_replies_do_not_wait_for_the_broadcast_budget_but_bulk_sends_do():
    rates = Rates(broadcast=100, chat=1e6, chat_burst=1000, group=1e6, group_burst=1000)
    replies, reminders = Spy(), Spy()
    await sends(limiter(rates, budget=replies), list(range(1, 21)))
    await sends(limiter(rates, budget=reminders), list(range(1, 21)), bulk_send=True)
    assert {keys for keys, _ in replies.reserved} == {("hold", "c")}  # per chat only: no overall slot
    assert all(wait == 0 for _, wait in replies.reserved)  # twenty chats answered at once
    overall = [wait for keys, wait in reminders.reserved if keys == ("all",)]
    assert overall == pytest.approx([n / 100 for n in range(20)])  # twenty reminders paced at 100 a second


def test_one_chat_gets_its_burst_then_one_message_per_interval():
    rl, budget = limiter(Rates(chat=10, chat_burst=2)), Spy()
    waits = [budget.reserve_now([rl.HOLD, rl.chat_slot(7)]).wait for _ in range(4)]  # e.g. an answer in parts
    assert waits == pytest.approx([0, 0, 0.1, 0.2])


def test_a_group_is_held_to_its_per_minute_budget():
    rl, budget = limiter(Rates(group=16, group_burst=3)), Spy()
    waits = [budget.reserve_now([rl.HOLD, rl.chat_slot(-100)]).wait for _ in range(6)]
    assert waits == pytest.approx([0, 0, 0, 3.75, 7.5, 11.25])  # 3 at once, then 16 a minute: never 20


async def test_paid_broadcast_has_its_own_faster_budget():
    budget = Spy()
    rl = limiter(Rates(broadcast=10, paid=1000, chat=1e6, chat_burst=1000), budget=budget)
    await sends(rl, list(range(1, 31)), bulk_send=True, allow_paid_broadcast=True)
    paid = [wait for keys, wait in budget.reserved if keys == ("paid",)]
    assert len(paid) == 30 and max(paid) == pytest.approx(0.029)  # not the 10-a-second budget's 2.9 s
    assert not [keys for keys, _ in budget.reserved if keys == ("all",)]


async def two_replicas(redis_url: str, rates: Rates):
    import uuid

    import redis.asyncio as redis

    prefix = f"{{test-{uuid.uuid4().hex[:8]}}}:budget"
    return [
        TelegramRateLimiter(
            rates, budget=RedisBudget(redis.Redis.from_url(redis_url), prefix=prefix), salt="s", max_retries=2
        )
        for _ in range(2)
    ]


async def test_two_replicas_share_one_broadcast_budget_in_redis(redis_url):
    rates = Rates(broadcast=20, chat=1e6, chat_burst=1000, group=1e6, group_burst=1000)
    a, b = await two_replicas(redis_url, rates)
    try:
        api, started = Api(0), time.monotonic()

        async def one(rl, chat):
            with bulk():
                await send(rl, api, chat)

        await asyncio.gather(*(one(a if c % 2 else b, c) for c in range(1, 21)))
        times = sorted(t - started for t in api.answered.values())
    finally:
        await a.shutdown()
        await b.shutdown()
    # Twenty between them at 20 a second, not twenty each at once: the last after ~0.95 s.
    assert len(times) == 20 and times[-1] >= 0.85


async def test_a_chats_429_on_one_replica_holds_that_chat_on_the_other(redis_url):
    a, b = await two_replicas(redis_url, UNLIMITED)
    try:
        api = Api(20, chat1=1)
        from bot.request import no_retries

        with no_retries(), pytest.raises(RetryAfter):
            await send(a, api, 1)
        with no_retries(), pytest.raises(RetryAfter) as other:  # the other replica: not even tried
            await send(b, api, 1)
        await send(b, api, 2)
    finally:
        await a.shutdown()
        await b.shutdown()
    assert other.value.chat_only and 1 not in api.answered and 2 in api.answered


async def test_redis_away_never_stops_the_bot():
    import redis.asyncio as redis

    budget = RedisBudget(redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2))
    rl, api = TelegramRateLimiter(UNLIMITED, budget=budget), Api(0)
    try:
        with bulk():
            await send(rl, api, 5)
    finally:
        await rl.shutdown()
    assert 5 in api.answered


def test_a_local_budget_reserves_the_same_instant_in_every_bucket_and_forgets_old_ones():
    now = [100.0]
    budget = LocalBudget(clock=lambda: now[0])
    chat, overall = Slot("c", 1.0, 2), Slot("all", 0.5)  # the chat: 2 at once, then 1 a second
    assert budget.reserve_now([chat, overall]).wait == 0
    second = budget.reserve_now([chat, overall])
    assert second.wait == 0.5 and second.binding == 1  # the overall bucket binds
    third = budget.reserve_now([chat, overall], max_wait=0.1)
    assert not third.granted and third.wait == 1.0 and third.binding == 0  # the chat's burst is used up
    assert budget.reserve_now([chat, overall]).wait == 1.0  # the refused one reserved nothing
    now[0] += 120
    budget.reserve_now([Slot("other", 1.0)])
    assert len(budget) == 1


def test_the_window_guard_counts_sends_as_they_go_out():
    now = [10.0]
    budget = LocalBudget(clock=lambda: now[0])
    assert [budget.admit_now("all", 3, 1.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert budget.admit_now("all", 3, 1.0) == 1.0  # a fourth in the same second waits for the first to age out
    now[0] += 1.0
    assert budget.admit_now("all", 3, 1.0) == 0.0


async def test_the_window_guard_is_shared_in_redis(redis_url):
    a, b = await two_replicas(redis_url, UNLIMITED)
    try:
        waits = [await rl.budget.admit("all", 3, 1.0) for rl in (a, b, a, b)]
    finally:
        await a.shutdown()
        await b.shutdown()
    assert waits[:3] == [0.0, 0.0, 0.0] and 0.9 < waits[3] <= 1.0
