"""A day of reminders for 1,000,000 subscribers at Telegram's rate: how late do they arrive?

Subscribers choose their time as people do (mostly on the hour or the half hour, mornings and
evenings) in time zones weighted by population. The day is then run on a simulated clock the way
the engine runs it: a tick every ``--tick`` seconds claims what is due (a tick that is still
sending when the next is due makes the next wait, as the JobQueue does), the claimed reminders go
out in the engine's order (``scheduler.tick.fair_order``: oldest due first, zones in turn; checked
against the engine's own function on a sample), each send starting when the overall budget allows
(``--rate`` a second) and a worker is free (``--concurrency`` workers, each send taking
``--latency`` seconds), arriving when its send returns. Lateness is arrival minus due time; a
reminder is never sent before its due time.

"Nudged": the same people, but half of those whose minute is crowded (its last reminder expected
more than a minute late, ``scheduler.capacity``) take the nearest quieter time /remind offers
(5 to 30 minutes earlier or later, whichever minute still fits in its budget), one after another
in random order. (/remind works out the queue's carry-over from earlier minutes too; here a minute
is quiet when it alone fits in one minute of budget, which the moves keep true.)

It prints figures and asserts nothing.

    python bench/peak_simulation.py                  # 1,000,000 people; 30/s and 1,000/s; ~1 min
    python bench/peak_simulation.py --people 100000 --rates 30
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scheduler.capacity import CROWDED_SECONDS, lateness  # noqa: E402
from scheduler.ports import ClaimedReminder  # noqa: E402
from scheduler.tick import fair_order  # noqa: E402

DAY = dt.date(2026, 1, 15)
# Time zones by population (millions, rounded), one zone standing for each offset group.
ZONES = {
    "Asia/Kolkata": 1430,
    "Asia/Shanghai": 1410,
    "Asia/Jakarta": 280,
    "Asia/Karachi": 240,
    "Africa/Lagos": 330,
    "Europe/Paris": 300,
    "America/Sao_Paulo": 215,
    "Asia/Dhaka": 170,
    "America/New_York": 150,
    "Europe/Moscow": 145,
    "America/Mexico_City": 130,
    "Asia/Tokyo": 125,
    "Asia/Manila": 115,
    "Africa/Cairo": 110,
    "America/Chicago": 110,
    "Asia/Tehran": 89,
    "Europe/London": 68,
    "America/Los_Angeles": 55,
    "Africa/Johannesburg": 60,
    "Asia/Kathmandu": 30,
    "Australia/Sydney": 26,
    "America/Denver": 25,
}
# When people want their reminder (local hour, weight): mornings and evenings.
HOURS = {
    6: 4,
    7: 14,
    8: 18,
    9: 10,
    10: 4,
    11: 2,
    12: 5,
    13: 2,
    14: 1,
    15: 1,
    16: 2,
    17: 4,
    18: 8,
    19: 9,
    20: 9,
    21: 5,
    22: 2,
}
# The minute within the hour: on the hour, the half hour, the quarters, other 5-minute marks, any.
MINUTES = {"00": 0.55, "30": 0.25, "15/45": 0.08, "5s": 0.07, "any": 0.05}


def population(people: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(local minute of day, zone index, UTC minute of day on DAY) for each person."""
    zone_names = list(ZONES)
    zone_w = np.array([ZONES[z] for z in zone_names], float)
    zone = rng.choice(len(zone_names), people, p=zone_w / zone_w.sum())
    hour_keys = np.array(list(HOURS))
    hour_w = np.array(list(HOURS.values()), float)
    hour = rng.choice(hour_keys, people, p=hour_w / hour_w.sum())
    kind = rng.choice(len(MINUTES), people, p=np.array(list(MINUTES.values())))
    minute = np.zeros(people, int)
    minute[kind == 1] = 30
    minute[kind == 2] = rng.choice([15, 45], int((kind == 2).sum()))
    minute[kind == 3] = rng.choice([5, 10, 20, 25, 35, 40, 50, 55], int((kind == 3).sum()))
    minute[kind == 4] = rng.integers(0, 60, int((kind == 4).sum()))
    local = hour * 60 + minute
    offsets = np.array([_offset_minutes(z) for z in zone_names])
    utc = (local - offsets[zone]) % 1440
    return local, zone, utc


def _offset_minutes(zone: str) -> int:
    from zoneinfo import ZoneInfo

    noon = dt.datetime.combine(DAY, dt.time(12), tzinfo=ZoneInfo(zone))
    return int(noon.utcoffset().total_seconds() // 60)


def nudge(utc: np.ndarray, rate: float, share: float, rng: np.random.Generator) -> np.ndarray:
    """Half (``share``) of the people in crowded minutes move to the nearest quieter minute."""
    counts = Counter(utc.tolist())
    late = lateness(counts, rate)
    crowded = {m for m, s in late.items() if s > CROWDED_SECONDS}
    budget = rate * 60
    moved = utc.copy()
    candidates = [i for i in rng.permutation(len(utc)) if utc[i] in crowded]
    for i in candidates[: int(len(candidates) * share)]:
        here = int(moved[i])
        if counts[here] <= budget:  # others moved away already: no longer crowded
            continue
        for step in (5, 10, 15, 20, 25, 30):
            for other in ((here - step) % 1440, (here + step) % 1440):
                if counts[other] + 1 <= budget:
                    counts[here] -= 1
                    counts[other] += 1
                    moved[i] = other
                    break
            else:
                continue
            break
    return moved


def engine_order(utc: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """Indices in the engine's order: due time, then zones in turn (a zone's k-th before any
    zone's (k+1)-th), as scheduler.tick.fair_order."""
    due_then_zone = np.lexsort((zone, utc))
    # the rank of each person within (due minute, zone), in the order the claim returns them
    key = utc[due_then_zone] * 100 + zone[due_then_zone]
    starts = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
    rank = np.arange(len(key)) - np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    return due_then_zone[np.lexsort((zone[due_then_zone], rank, utc[due_then_zone]))]


def check_order(utc: np.ndarray, zone: np.ndarray, rng: np.random.Generator) -> None:
    """The vectorised order is the engine's own (fair_order) on a sample of 5,000."""
    sample = rng.choice(len(utc), min(5000, len(utc)), replace=False)
    sample = sample[np.lexsort((zone[sample], utc[sample]))]  # as a claim returns them: by due time
    names = list(ZONES)
    base = dt.datetime.combine(DAY, dt.time(), tzinfo=dt.UTC)
    claims = [
        ClaimedReminder(
            int(i),
            int(i),
            "p",
            0,
            base + dt.timedelta(minutes=int(utc[i])),
            dt.time(),
            f"{zone[i]:03d}{names[zone[i]]}",
            0,
        )
        for i in sample
    ]
    want = [c.subscription_id for c in fair_order(claims)]
    got = sample[engine_order(utc[sample], zone[sample])].tolist()  # its own sort, from any order
    if want != got:
        raise SystemExit("the simulated order is not the engine's (scheduler.tick.fair_order)")


def run_day(
    utc: np.ndarray, zone: np.ndarray, rate: float, concurrency: int, latency: float, tick: float, phase: float
) -> np.ndarray:
    """Each reminder's lateness in seconds, on a simulated clock (see the module docstring)."""
    order = engine_order(utc, zone)
    due = utc[order].astype(float) * 60
    n = len(due)
    interval = 1.0 / rate
    workers = [0.0] * concurrency  # when each worker is free again (a min-heap)
    import heapq

    heapq.heapify(workers)
    late = np.empty(n)
    budget_at = 0.0  # the overall budget's next free slot
    clock = 0.0  # the current tick's time
    i = 0
    while i < n:
        clock = max(clock, math.ceil((due[i] - phase) / tick) * tick + phase)  # the tick that finds it due
        claimed_to = np.searchsorted(due, clock, side="right")  # everything due by this tick
        end = clock
        for j in range(i, claimed_to):
            start = max(clock, budget_at, workers[0])
            budget_at = start + interval
            heapq.heapreplace(workers, start + latency)
            arrival = start + latency
            late[j] = arrival - due[j]
            end = arrival
        i = claimed_to
        # the next tick that runs (one still sending when the next is due makes it wait)
        clock = math.ceil((end - phase) / tick) * tick + phase if end > clock else clock + tick
    return late


def figures(late: np.ndarray) -> str:
    p50, p99 = np.percentile(late, [50, 99])
    on_time = float((late <= 60).mean())
    return f"| {_t(p50)} | {_t(p99)} | {_t(late.max())} | {on_time:.1%} |"


def _t(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    minutes = seconds / 60
    return f"{minutes:.0f} min" if minutes < 120 else f"{int(minutes // 60)} h {int(minutes % 60):02d} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--rates", type=float, nargs="+", default=[30.0, 1000.0])
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[8, 64], help="reminder sends in flight (REMINDER_CONCURRENCY)"
    )
    parser.add_argument("--latency", type=float, default=0.05, help="seconds one send takes (Bot API round trip)")
    parser.add_argument("--tick", type=float, default=20.0, help="REMINDER_TICK_SECONDS")
    parser.add_argument("--phase", type=float, default=10.0, help="seconds past the minute of the ticks")
    parser.add_argument("--share", type=float, default=0.5, help="share of people in crowded minutes who move")
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    started = time.monotonic()
    _local, zone, utc = population(args.people, rng)
    check_order(utc, zone, rng)
    counts = Counter(utc.tolist())
    print(
        f"{args.people:,} people in {len(ZONES)} zones, {len(counts)} distinct UTC minutes; busiest minutes: "
        + ", ".join(f"{m // 60:02d}:{m % 60:02d} UTC {n:,}" for m, n in counts.most_common(3))
    )
    print(
        f"send latency {args.latency * 1000:.0f} ms, a tick every {args.tick:g} s ({args.phase:g} s past the "
        f"minute), seed {args.seed}\n"
    )
    print("| budget /s | concurrency | people | p50 | p99 | max | within 1 min |")
    print("|---|---|---|---|---|---|---|")
    for rate in args.rates:
        moved = nudge(utc, rate, args.share, rng)
        for concurrency in args.concurrency:
            for label, times in (("as chosen", utc), (f"{args.share:.0%} nudged", moved)):
                late = run_day(times, zone, rate, concurrency, args.latency, args.tick, args.phase)
                assert late.min() >= 0, "a reminder before its time"
                print(f"| {rate:g} | {concurrency} | {label} {figures(late)}", flush=True)
    print(f"\n({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
