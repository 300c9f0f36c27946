"""Groups and channels: the daily post an admin sets up, and channels connected from a private chat.

A chat's choices live in its ``chat_settings`` row: the kind of post, its time and zone, the
topic focus and the quiet days, and for a channel the admin who connected it. The post itself is
a subscription with a reserved programme id, kept in step with those choices in the same
transaction, so the reminder engine sends it like any reminder: one claim per chat, never
doubled, after restarts too, and never on a quiet day (``subscriptions.skip_weekdays``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduler.times import ALL_WEEK, get_zone, next_due
from storage.db import StorePart
from storage.models import Adherence, ChatSettings, Delivery, Subscription

POST_KINDS = ("exercise", "tip", "off")
#: The reserved programme ids of daily posts (content ids never start with "group-").
POST_PROGRAMMES = {"exercise": "group-exercise", "tip": "group-tip"}
POST_IDS = tuple(POST_PROGRAMMES.values())
DEFAULT_TIME = dt.time(8, 0)
DEFAULT_ZONE = "Europe/London"
OFF = "off"  # paused_reason of a post an admin turned off

SUBS = Subscription.__table__
SETTINGS = ChatSettings.__table__
ADHERENCE = Adherence.__table__
DELIVERIES = Delivery.__table__

#: set_post keyword -> chat_settings column
_FIELDS = {
    "kind": "post_kind",
    "local_time": "post_time",
    "zone": "zone",
    "focus": "focus_topic",
    "quiet_days": "quiet_days",
    "title": "title",
}
_POST_COLUMNS = ("post_kind", "post_time", "focus_topic", "quiet_days", "title", "channel_admin")


@dataclass(frozen=True, slots=True)
class PostSettings:
    """A group's or channel's daily post: what the admins chose, and where its schedule stands."""

    chat_id: int
    kind: str
    local_time: dt.time
    zone: str
    focus: str | None
    quiet_days: int
    title: str | None
    channel_admin: int | None
    language: str | None = None  # the chat's language (its posts and replies); None: English
    active: bool = False
    paused_reason: str | None = None
    next_due_utc: dt.datetime | None = None

    @property
    def posting(self) -> bool:
        """Whether posts go out (on, and not paused)."""
        return self.kind != OFF and self.active

    @property
    def paused(self) -> bool:
        """On, but stopped: by an admin, or because the bot could not post."""
        return self.kind != OFF and not self.active


class CommunityStore(StorePart):
    """``store.community``: group and channel posts."""

    async def get_post(self, chat_id: int) -> PostSettings:
        """The chat's daily post settings (defaults when none were chosen yet)."""
        async with self.engine.connect() as conn:
            return await self._read_post(conn, chat_id)

    async def set_post(self, chat_id: int, now: dt.datetime, **changes) -> PostSettings:
        """Change the daily post (kind, local_time, zone, focus, quiet_days, title) and its schedule.

        Raises:
            ValueError: an unknown field, kind or zone, or quiet days that leave no day.
        """
        values = _columns(changes)
        await self._save(chat_id, now, values)
        return await self.get_post(chat_id)

    async def connect_channel(
        self, channel_id: int, admin_id: int, title: str | None, now: dt.datetime
    ) -> PostSettings:
        """Link a channel to the admin who manages it from a private chat (posts start off)."""
        await self._save(channel_id, now, {"channel_admin": admin_id, "title": title}, default_kind=OFF)
        return await self.get_post(channel_id)

    async def channels_of(self, admin_id: int) -> list[PostSettings]:
        """The channels this person connected, by title."""
        async with self.engine.connect() as conn:
            ids = await conn.scalars(
                select(SETTINGS.c.chat_id)
                .where(SETTINGS.c.channel_admin == admin_id)
                .order_by(SETTINGS.c.title, SETTINGS.c.chat_id)
            )
            return [await self._read_post(conn, chat_id) for chat_id in list(ids)]

    async def pause_post(self, chat_id: int, reason: str = "paused") -> bool:
        """Stop the daily post until resumed; False if the chat has none switched on."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(SUBS)
                .where(
                    SUBS.c.chat_id == chat_id,
                    SUBS.c.programme_id.in_(POST_IDS),
                    SUBS.c.paused_reason.is_distinct_from(OFF),
                )
                .values(active=False, paused_reason=reason)
            )
            return result.rowcount > 0

    async def resume_post(self, chat_id: int, now: dt.datetime) -> bool:
        """Post again from the next due time after ``now``; False if the chat has no post on."""
        async with self.engine.begin() as conn:
            sub = await _post_subscription(conn, chat_id)
            if sub is None or sub.paused_reason == OFF:
                return False
            await conn.execute(
                update(SUBS)
                .where(SUBS.c.id == sub.id)
                .values(
                    active=True,
                    paused_reason=None,
                    failures=0,
                    claimed_due_utc=None,
                    lease_owner=None,
                    next_due_utc=next_due(sub.local_time, sub.zone, now, sub.skip_weekdays),
                )
            )
        return True

    async def _read_post(self, conn: AsyncConnection, chat_id: int) -> PostSettings:
        row = (await conn.execute(select(SETTINGS).where(SETTINGS.c.chat_id == chat_id))).first()
        sub = await _post_subscription(conn, chat_id)
        settings = PostSettings(
            chat_id=chat_id,
            kind=(row.post_kind if row is not None and row.post_kind else OFF),
            local_time=(row.post_time if row is not None and row.post_time else DEFAULT_TIME),
            zone=(row.zone if row is not None and row.zone else DEFAULT_ZONE),
            focus=row.focus_topic if row is not None else None,
            quiet_days=row.quiet_days if row is not None else 0,
            title=row.title if row is not None else None,
            channel_admin=row.channel_admin if row is not None else None,
            language=row.language if row is not None else None,
        )
        if sub is None:
            return settings
        due = sub.claimed_due_utc or sub.next_due_utc
        return replace(
            settings, active=sub.active, paused_reason=sub.paused_reason, next_due_utc=due if sub.active else None
        )

    async def _save(self, chat_id: int, now: dt.datetime, values: dict, default_kind: str | None = None) -> None:
        """Upsert the chat's choices and bring its post subscription in step, in one transaction."""
        stamp = {"updated_at": now}
        insert = {"chat_id": chat_id, **values, **stamp}
        if default_kind is not None:
            insert.setdefault("post_kind", default_kind)
        stmt = (
            self._insert(SETTINGS)
            .values(**insert)
            .on_conflict_do_update(index_elements=[SETTINGS.c.chat_id], set_={**values, **stamp})
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)
            # Lock the row (PostgreSQL): two admins changing settings at once cannot make two posts.
            locked = select(SETTINGS).where(SETTINGS.c.chat_id == chat_id).with_for_update()
            row = (await conn.execute(locked)).one()
            await _sync_post(conn, row, now)


# -- steps of other stores' transactions (``store.chats``, ``store.privacy``) ------------------


async def move_posts(conn: AsyncConnection, old_chat_id: int, new_chat_id: int) -> None:
    """Before a chat moves: keep one post and one set of choices, the new chat's if it has any."""
    # Write before reading: Telegram sends two service messages for one move, and the second
    # move must wait for the first and then see all of it (SQLite takes its write lock at the
    # first write; PostgreSQL locks these rows), never half of it.
    both = [old_chat_id, new_chat_id]
    await conn.execute(update(SETTINGS).where(SETTINGS.c.chat_id.in_(both)).values(chat_id=SETTINGS.c.chat_id))
    await conn.execute(
        update(SUBS).where(SUBS.c.chat_id.in_(both), SUBS.c.programme_id.in_(POST_IDS)).values(chat_id=SUBS.c.chat_id)
    )
    old = (await conn.execute(select(SETTINGS).where(SETTINGS.c.chat_id == old_chat_id))).first()
    new = (await conn.execute(select(SETTINGS).where(SETTINGS.c.chat_id == new_chat_id))).first()
    old_sub = await _post_subscription(conn, old_chat_id)
    new_sub = await _post_subscription(conn, new_chat_id)
    new_wins = new is not None and new.post_kind is not None
    if old is not None and old.post_kind is not None and new is not None and not new_wins:
        # The new id has a row of its own (it wins the move) but no post: give it the old one's.
        carried = {c: getattr(old, c) for c in _POST_COLUMNS}
        if new.zone is None:
            carried["zone"] = old.zone
        await conn.execute(update(SETTINGS).where(SETTINGS.c.chat_id == new_chat_id).values(**carried))
    if old_sub is not None and new_sub is not None and old_sub.id != new_sub.id:
        await _delete_subscription(conn, (old_sub if new_wins else new_sub).id)


async def forget_admin(conn: AsyncConnection, chat_id: int) -> None:
    """A person asked to be forgotten: their channels keep posting, linked to nobody."""
    await conn.execute(update(SETTINGS).where(SETTINGS.c.channel_admin == chat_id).values(channel_admin=None))


async def export_channels(conn: AsyncConnection, chat_id: int) -> list[dict]:
    """The channels a person connected, for /mydata."""
    rows = await conn.execute(select(SETTINGS.c.chat_id, SETTINGS.c.title).where(SETTINGS.c.channel_admin == chat_id))
    return [{"channel_id": row.chat_id, "title": row.title} for row in rows]


def _columns(changes: dict) -> dict:
    """Validated chat_settings values for set_post's keywords."""
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ValueError(f"unknown post settings: {sorted(unknown)}")
    if "kind" in changes and changes["kind"] not in POST_KINDS:
        raise ValueError(f"kind must be one of {POST_KINDS}")
    if "zone" in changes:
        get_zone(changes["zone"])
    if "quiet_days" in changes and not 0 <= changes["quiet_days"] < ALL_WEEK:
        raise ValueError("quiet days must leave at least one day of the week")
    return {_FIELDS[key]: value for key, value in changes.items()}


async def _post_subscription(conn: AsyncConnection, chat_id: int):
    return (
        await conn.execute(
            select(SUBS)
            .where(SUBS.c.chat_id == chat_id, SUBS.c.programme_id.in_(POST_IDS))
            .order_by(SUBS.c.id)
            .limit(1)
        )
    ).first()


async def _delete_subscription(conn: AsyncConnection, sub_id: int) -> None:
    await conn.execute(delete(ADHERENCE).where(ADHERENCE.c.subscription_id == sub_id))
    await conn.execute(delete(DELIVERIES).where(DELIVERIES.c.subscription_id == sub_id))
    await conn.execute(delete(SUBS).where(SUBS.c.id == sub_id))


async def _sync_post(conn: AsyncConnection, row, now: dt.datetime) -> None:
    """Make the chat's post subscription match its settings row.

    Turning posts off pauses the subscription (its day count, which rotates the posts, is kept);
    turning them on again resumes it. A pause for another reason (an admin's, or a chat the bot
    could not post to) is left alone: only Resume ends it.
    """
    sub = await _post_subscription(conn, row.chat_id)
    programme = POST_PROGRAMMES.get(row.post_kind or OFF)
    if programme is None:
        if sub is not None and sub.paused_reason != OFF:
            await conn.execute(
                update(SUBS)
                .where(SUBS.c.id == sub.id)
                .values(active=False, paused_reason=OFF, claimed_due_utc=None, lease_owner=None)
            )
        return
    local_time, zone, skip = row.post_time or DEFAULT_TIME, row.zone or DEFAULT_ZONE, row.quiet_days
    due = next_due(local_time, zone, now, skip)
    if sub is None:
        schedule = dict(programme_id=programme, local_time=local_time, zone=zone, skip_weekdays=skip)
        await conn.execute(
            SUBS.insert().values(
                chat_id=row.chat_id, **schedule, next_due_utc=due, day=0, active=True, failures=0, created_at=now
            )
        )
        return
    values: dict = {}
    if sub.paused_reason == OFF:
        values.update(active=True, paused_reason=None, failures=0)
    if (sub.programme_id, sub.local_time, sub.zone, sub.skip_weekdays) != (programme, local_time, zone, skip):
        values.update(programme_id=programme, local_time=local_time, zone=zone, skip_weekdays=skip)
    if values:
        # A new schedule starts from now; a send in flight finds its claim gone and records nothing.
        values.update(next_due_utc=due, claimed_due_utc=None, lease_owner=None)
        await conn.execute(update(SUBS).where(SUBS.c.id == sub.id).values(**values))
