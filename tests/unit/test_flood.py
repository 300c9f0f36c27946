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
