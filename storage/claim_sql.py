"""The reminder engine's claim and ``sent`` record in the database drivers' own terms.

storage.claims.ClaimSession sends these straight to aiosqlite or asyncpg on the hot path of a
fan-out; each does what ClaimStore's SQLAlchemy statements do (tests/unit/test_engine_fanout.py
and test_claim_order.py hold both paths to the same rows). The claim's order and the meaning of
OVERSAMPLE are explained in storage/claims.py.
"""

from __future__ import annotations

import re

# The claim (ClaimStore._claim_statement): ? and $n as in each statement below.
_CUT = "(SELECT next_due_utc FROM subscriptions WHERE active{a} AND next_due_utc <= {now} ORDER BY next_due_utc "
_CUT += "LIMIT 1 OFFSET {limit} - 1)"
_READY = (
    "SELECT id, coalesce(claimed_due_utc, next_due_utc) AS due, zone, row_number() OVER (PARTITION BY "
    "coalesce(claimed_due_utc, next_due_utc), zone ORDER BY id) AS turn FROM subscriptions "
    "WHERE active{a} AND next_due_utc <= {now} AND (next_due_utc <= coalesce({cut}, {now}) "
    "OR claimed_due_utc <= coalesce({cut}, {now}))"
)
_RETURNING = "RETURNING id, chat_id, programme_id, day, claimed_due_utc, local_time, zone, skip_weekdays"
_SQLITE_READY = _READY.format(a=" = 1", now="?3", cut=_CUT.format(a=" = 1", now="?3", limit="?4"))
CLAIM_SQLITE = (
    "UPDATE subscriptions SET claimed_due_utc = coalesce(claimed_due_utc, next_due_utc), "
    "next_due_utc = ?1, lease_owner = ?2 "
    f"WHERE id IN (SELECT id FROM ({_SQLITE_READY}) ORDER BY due, turn, zone LIMIT ?4) "
    f"AND active = 1 AND next_due_utc <= ?3 {_RETURNING}"
)
_POSTGRES_READY = _READY.format(a="", now="$3", cut=_CUT.format(a="", now="$3", limit="$5"))
CLAIM_POSTGRES = (
    "UPDATE subscriptions SET claimed_due_utc = coalesce(claimed_due_utc, next_due_utc), "
    "next_due_utc = $1, lease_owner = $2 "
    f"WHERE id IN (SELECT s.id FROM subscriptions AS s JOIN (SELECT id, due, turn, zone FROM ({_POSTGRES_READY}) AS w "
    "ORDER BY due, turn, zone LIMIT $5) AS r ON r.id = s.id WHERE s.active AND s.next_due_utc <= $3 "
    "ORDER BY r.due, r.turn, r.zone LIMIT $4 FOR UPDATE OF s SKIP LOCKED) "
    f"AND active AND next_due_utc <= $3 {_RETURNING}"
)
# SQLite: one script, so one trip to the driver's thread. Its values are ids and timestamps
# written by the engine (digits and separators), never text from a user.
SENT_SQLITE_DELIVERIES = (
    "INSERT INTO deliveries (subscription_id, due_utc, sent_at, status) VALUES {} "
    "ON CONFLICT (subscription_id, due_utc) DO NOTHING;"
)
SENT_SQLITE_SUBSCRIPTION = (
    "UPDATE subscriptions SET day = day + 1, failures = 0, claimed_due_utc = NULL, "
    "lease_owner = NULL, next_due_utc = '{}' WHERE id = {} AND claimed_due_utc = '{}';"
)
# PostgreSQL: one statement, atomic by itself: one round trip, no BEGIN and COMMIT.
SENT_POSTGRES = (
    "WITH v (id, due, at, next) AS (SELECT * FROM unnest($1::integer[], $2::timestamptz[], "
    "$3::timestamptz[], $4::timestamptz[])), "
    "logged AS (INSERT INTO deliveries (subscription_id, due_utc, sent_at, status) "
    "SELECT id, due, at, 'sent' FROM v ON CONFLICT (subscription_id, due_utc) DO NOTHING) "
    "UPDATE subscriptions AS s SET day = s.day + 1, failures = 0, claimed_due_utc = NULL, "
    "lease_owner = NULL, next_due_utc = v.next FROM v "
    "WHERE s.id = v.id AND s.claimed_due_utc = v.due"
)
STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
