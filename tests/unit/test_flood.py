"""FloodGate: the window slides, warnings come once a window, idle users are forgotten."""

from bot.flood import FloodGate


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limit_per_window_and_sliding():
    clock = Clock()
    gate = FloodGate(limit=3, window=60, clock=clock)
    assert [gate.hit(1) for _ in range(4)] == [False, False, False, True]
    assert gate.hit(2) is False  # other users are not affected
    clock.now += 59.9
    assert gate.hit(1) is True
    clock.now += 0.2  # the first hits have left the window
    assert gate.hit(1) is False


def test_warning_once_per_window():
    clock = Clock()
    gate = FloodGate(limit=1, window=60, clock=clock)
    assert gate.should_warn(1) is True
    assert gate.should_warn(1) is False
    clock.now += 61
    assert gate.should_warn(1) is True


def test_idle_users_are_swept():
    clock = Clock()
    gate = FloodGate(limit=5, window=60, clock=clock)
    for user in range(100):
        gate.hit(user)
    clock.now += 120
    gate.hit(1000)
    assert len(gate) == 1


# -- shared by replicas, through Redis ----------------------------------------------------------


async def test_two_replicas_share_one_count_through_redis(redis_url):
    """A person's updates alternate between two replicas: the limit holds for both together."""
    import uuid

    import redis.asyncio as redis

    from bot.flood import SharedFloodGate

    prefix = f"rootwise:test:{uuid.uuid4().hex}"
    now = [1_000_000.0]
    clients = [redis.Redis.from_url(redis_url) for _ in range(2)]
    a, b = (SharedFloodGate(c, limit=5, salt="token", clock=lambda: now[0], prefix=prefix) for c in clients)
    try:
        refused = [await (a if i % 2 else b).check(42) for i in range(8)]
        assert refused == [False] * 5 + [True] * 3  # in memory each replica would allow 5: 10 in all
        assert await b.check(43) is False  # another person has their own count
        assert [await a.warn(42), await b.warn(42)] == [True, False]  # one slow-down message in all
        now[0] += 60  # the next minute
        assert await a.check(42) is False
        keys = [k async for k in clients[0].scan_iter(f"{prefix}:*")]
        assert keys and not any(b"42" in k.split(b":")[-2] for k in keys)  # no user id in a key
        ttls = [await clients[0].ttl(k) for k in keys]
        assert all(0 < ttl <= 120 for ttl in ttls)  # every key expires
    finally:
        for c in clients:
            async for k in c.scan_iter(f"{prefix}:*"):
                await c.delete(k)
            await c.aclose()


async def test_redis_away_never_silences_a_person():
    import redis.asyncio as redis

    from bot.flood import SharedFloodGate

    gate = SharedFloodGate(redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2), limit=1)
    try:
        assert [await gate.check(7) for _ in range(3)] == [False, False, False]
        assert await gate.warn(7) is False
    finally:
        await gate.client.aclose()
