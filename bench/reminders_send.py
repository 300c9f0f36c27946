"""Fan-out through the real Telegram send: the engine vs. a bare send loop, same bot, same server.

N subscriptions are due in the same minute. The fake Bot API (``bench/fakeapi.py``'s HTTP
server, with ``sendPhoto`` added) runs in its own process on 127.0.0.1 with no limits; this
process builds the bot as the app does (python-telegram-bot ``ExtBot``, HTML defaults, the
project's ``AiohttpRequest``, uvloop where installed) with no rate limiter, and measures, on
each database, in one run:

- engine: one ``ReminderEngine.tick`` with the real :class:`bot.delivery.Sender`: claims in
  batches with leases, renders, sends, records the delivery and the next due time. A reminder
  is today's picture (sendPhoto by its cached file id, with a caption) and one message of
  ~2,900 characters with four buttons (sendMessage);
- bare: ``concurrency`` workers calling ``bot.send_photo`` and ``bot.send_message`` with the
  same file id, caption, HTML and buttons over the same bot object, no database;
- bare, quiet: the same, sending as the Sender does (``Sender.quiet_send``: no Message built
  from each answer), so that engine ÷ bare, quiet is the engine's own cost (claim, record);
- with ``--baseline REV``: also the engine and Sender of git revision REV (their two files
  loaded as they were; the storage is today's), for before/after figures from one run.

``--send text`` leaves the picture out on every side (one sendMessage per reminder). Runs are
interleaved (the sides take turns, in alternating order); the figures are medians. The bench
checks that the server got exactly the expected requests and that every reminder is recorded;
it asserts nothing about speed.

    python bench/reminders_send.py                          # 100,000 due, SQLite and PostgreSQL
    python bench/reminders_send.py --n 20000 --reps 3       # quicker, median of 3
    python bench/reminders_send.py --n 20000 --reps 3 --baseline 9c3a36e
    python bench/reminders_send.py --backend sqlite --send text --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.util
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"  # the fake server listens here only
TOKEN = "123456:bench"
PROGRAMME = "disc"  # day 0: a picture and one message of ~2,900 characters


# ---- the fake Bot API (its own process) -----------------------------------------------------


def serve() -> None:
    """Serve the fast fake Bot API until stdin closes; print ``PORT <n>`` first.

    ``bench/fakeapi.py`` answers ``sendMessage``; a reminder also sends a picture, so
    ``sendPhoto`` is answered here with a message holding a photo (its file id is then cached by
    the sender). ``benchCounts`` returns and resets the number of messages and photos received.
    """
    from bench.fakeapi import BOT, Api, HttpServer, Load

    class SendApi(Api):
        photos = 0

        async def answer(self, method: str, params: dict) -> bytes:
            if method == "sendPhoto":
                SendApi.photos += 1
                self.message_id += 1
                message = {
                    "message_id": self.message_id,
                    "date": int(time.time()),
                    "from": BOT,
                    "chat": {"id": int(params["chat_id"]), "type": "private", "first_name": "User"},
                    "caption": str(params.get("caption", "")),
                    "photo": [
                        {"file_id": "AgADBAAD-bench-photo", "file_unique_id": "bench", "width": 640, "height": 480}
                    ],
                }
                return b'{"ok":true,"result":' + json.dumps(message).encode() + b"}"
            if method == "benchCounts":
                counts = {"messages": load.messages, "photos": SendApi.photos}
                load.messages = SendApi.photos = 0
                return b'{"ok":true,"result":' + json.dumps(counts).encode() + b"}"
            return await super().answer(method, params)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: HttpServer(api), HOST, 0, backlog=1024)
        print("PORT", server.sockets[0].getsockname()[1], flush=True)
        stdin_closed = loop.create_future()
        loop.add_reader(sys.stdin.fileno(), lambda: stdin_closed.done() or stdin_closed.set_result(None))
        await stdin_closed
        server.close()

    load = Load(users=0, text="", keyboard_ends_answer=False, warmup=0, duration=0)
    api = SendApi(load)
    asyncio.run(main())


def start_server() -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    line = server.stdout.readline().split()
    if not line or line[0] != "PORT":
        raise RuntimeError("the fake Bot API did not start")
    return server, f"http://{HOST}:{line[1]}"


def stop_server(server: subprocess.Popen) -> None:
    server.stdin.close()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.send_signal(signal.SIGTERM)
        server.wait(10)


# ---- the bot side ----------------------------------------------------------------------------


def make_bot(api: str):
    """The bot as bot/app.py builds it (HTML defaults, aiohttp backend), no rate limiter."""
    from telegram import LinkPreviewOptions
    from telegram.constants import ParseMode
    from telegram.ext import Defaults, ExtBot

    from bot.request import AiohttpRequest

    return ExtBot(
        TOKEN,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)),
    )


def load_baseline(rev: str):
    """(engine module, delivery module) of git revision ``rev``, loaded under other names."""
    folder = Path(tempfile.mkdtemp(prefix="rootwise-baseline-"))
    sources = {}
    for name, path in (("baseline_engine", "scheduler/engine.py"), ("baseline_delivery", "bot/delivery.py")):
        text = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
        sources[name] = text.replace("from scheduler.engine import", "from baseline_engine import")
    modules = []
    for name, text in sources.items():
        (folder / f"{name}.py").write_text(text)
        spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def make_sender(delivery, bot, content, store, send: str):
    """``delivery``'s Sender; ``text``: the same without the picture (one message per reminder)."""

    class TextSender(delivery.Sender):
        async def _photo(self, chat_id, exercise_ids, *_args) -> bool:  # today's Sender: no picture
            return False

        async def _picture(self, chat_id, exercise_id) -> None:  # a baseline's Sender
            return None

    return (delivery.Sender if send == "full" else TextSender)(bot, content, store)


async def counts(bot) -> dict:
    return await bot.do_api_request("benchCounts")


async def warm_up(sender) -> dict[str, str]:
    """Send one reminder through ``sender`` first: it uploads the picture and caches its file id,
    as the bot does with its first reminder, and the connections are open. Not timed."""
    from scheduler.engine import DueReminder

    await sender.send(DueReminder(1, 1, PROGRAMME, 0, dt.datetime.now(dt.UTC)))
    await counts(sender.bot)
    return sender._photo_ids


def check_counts(got: dict, args) -> None:
    want = {"messages": 0 if args.send == "full" else args.n, "photos": args.n if args.send == "full" else 0}
    assert got == want, (got, want)


class Timer:
    """Wall time and this thread's CPU time (the event loop's) of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.thread_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.thread_time() - self.cpu


async def engine_run(engine_module, delivery_module, url: str, bot, content, args) -> dict:
    from reminders_tick import NOW, bulk_insert
    from sqlalchemy import func, select, text

    from storage.models import Delivery
    from storage.store import Store

    store = await Store.open(url)
    try:
        await bulk_insert(store, 1, args.n + 1, NOW - dt.timedelta(seconds=60), 60)  # due in one minute
        async with store.engine.begin() as conn:
            await conn.execute(text("UPDATE subscriptions SET programme_id = :p"), {"p": PROGRAMME})
        sender = make_sender(delivery_module, bot, content, store, args.send)
        await warm_up(sender)
        engine = engine_module.ReminderEngine(
            store,
            sender.send,
            clock=lambda: NOW,
            concurrency=args.concurrency,
            **({"batch_size": args.batch_size} if args.batch_size else {}),
        )
        with Timer() as timer:
            result = await engine.tick(NOW)
        got = await counts(bot)
        assert result.sent == result.claimed == args.n, result
        assert (await engine.tick(NOW)).claimed == 0
        async with store.engine.connect() as conn:
            recorded = await conn.scalar(select(func.count()).select_from(Delivery))
        assert recorded == args.n, recorded
        check_counts(got, args)
        return {"seconds": timer.wall, "cpu": timer.cpu}
    finally:
        await store.close()


async def bare_run(bot, content, photo_ids: dict, args, *, quiet: bool = False) -> dict:
    """``concurrency`` workers sending the same requests as the engine, with no database:
    ``bot.send_photo`` and ``bot.send_message``, or (``quiet``) the Sender's own way of sending
    them (:meth:`bot.delivery.Sender.quiet_send`, which does not build a Message of the answer)."""
    from telegram.constants import ParseMode

    from bot.delivery import Sender, reminder_caption, reminder_keyboard

    programme = content.programmes[PROGRAMME]
    caption = reminder_caption(content, programme, 0)
    exercises = [content.exercises[e] for e in programme.days[0].exercises]
    photo = next(iter(photo_ids.values()), None)  # the day's picture (all its exercises in one)
    chats = iter(range(1, args.n + 1))
    with_photo = args.send == "full"

    sender = Sender(bot, content)

    async def worker() -> None:
        for chat_id in chats:
            markup = reminder_keyboard(chat_id, 0, exercises)
            if with_photo:
                await bot.send_photo(chat_id, photo, caption=caption, reply_markup=markup)
            else:
                await bot.send_message(chat_id, caption, reply_markup=markup)

    async def quiet_worker() -> None:
        for chat_id in chats:
            markup = reminder_keyboard(chat_id, 0, exercises)
            if with_photo:
                await sender.quiet_send(
                    "sendPhoto",
                    chat_id=chat_id,
                    photo=photo,
                    caption=caption,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
            else:
                await sender._message(chat_id, caption, markup)

    with Timer() as timer:
        await asyncio.gather(*((quiet_worker if quiet else worker)() for _ in range(args.concurrency)))
    check_counts(await counts(bot), args)
    return {"seconds": timer.wall, "cpu": timer.cpu}


async def main(args) -> None:
    from reminders_tick import postgres_database

    import bot.delivery
    import scheduler.engine
    from content.loader import load_content

    sides = {"engine": (scheduler.engine, bot.delivery)}
    if args.baseline:
        sides[f"engine@{args.baseline}"] = tuple(load_baseline(args.baseline))
    sides["bare"] = None
    sides["bare, quiet"] = None  # the Sender's sends, no database: what the engine itself costs
    content = load_content()
    server, api = start_server()
    folder = tempfile.TemporaryDirectory()
    drops = []

    async def database(label: str, run: int) -> str | None:
        if label.startswith("SQLite"):
            return f"sqlite+aiosqlite:///{folder.name}/bench{run}.db"
        made = await postgres_database()
        if made is None:
            return None
        drops.append(made[1])
        return made[0]

    labels = {"sqlite": ["SQLite (WAL)"], "postgres": ["PostgreSQL"], "all": ["SQLite (WAL)", "PostgreSQL"]}[
        args.backend
    ]
    results: dict[tuple[str, str], list[dict]] = {}
    runs = 0
    try:
        telegram_bot = make_bot(api)
        async with telegram_bot:
            photo_ids = await warm_up(make_sender(bot.delivery, telegram_bot, content, None, args.send))
            for rep in range(args.reps):
                for label in labels:
                    order = list(sides) if rep % 2 == 0 else list(reversed(sides))
                    for side in order:
                        if sides[side] is None:
                            result = await bare_run(telegram_bot, content, photo_ids, args, quiet=side != "bare")
                        else:
                            runs += 1
                            url = await database(label, runs)
                            if url is None:
                                break
                            result = await engine_run(*sides[side], url, telegram_bot, content, args)
                            while drops:
                                await drops.pop()()
                        result["rate"] = args.n / result["seconds"]
                        results.setdefault((label, side), []).append(result)
                        print(
                            f"rep {rep + 1} {label:13} {side:16} {result['rate']:8,.0f} reminders/s "
                            f"({result['seconds']:.1f} s, event loop busy {result['cpu'] / result['seconds']:.0%})",
                            flush=True,
                        )
    finally:
        for drop in drops:
            await drop()
        folder.cleanup()
        stop_server(server)

    what = (
        "one sendPhoto (cached file id, caption, buttons)"
        if args.send == "full"
        else "one sendMessage (the caption, buttons)"
    )
    loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
    print(
        f"\n{args.n:,} due, concurrency {args.concurrency}, per reminder: {what}; median of "
        f"{args.reps}; {loop} event loop; {os.cpu_count()} CPUs\n"
    )
    print(
        "| backend | side | reminders/s | ratio to bare (target ≥ 0.9) | ratio to bare, quiet "
        "| loop CPU µs/reminder | loop idle µs/reminder |"
    )
    print("|---|---|---|---|---|---|---|")
    for label in labels:
        if (label, "bare") not in results:
            continue
        bare, quiet = (statistics.median(r["rate"] for r in results[(label, side)]) for side in ("bare", "bare, quiet"))
        for side in sides:
            if (label, side) not in results:
                continue
            runs_ = results[(label, side)]
            rate = statistics.median(r["rate"] for r in runs_)
            cpu = statistics.median(r["cpu"] / args.n * 1e6 for r in runs_)
            idle = statistics.median((r["seconds"] - r["cpu"]) / args.n * 1e6 for r in runs_)
            ratios = ("", "") if side.startswith("bare") else (f"{rate / bare:.2f}", f"{rate / quiet:.2f}")
            print(f"| {label} | {side} | {rate:,.0f} | {ratios[0]} | {ratios[1]} | {cpu:.0f} | {idle:.0f} |")


def run(args) -> None:
    loop_factory = None
    if args.loop == "uvloop":
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(main(args))


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
        sys.exit()
    try:
        import uvloop  # noqa: F401 - the bot runs on it where it is installed (bot/webhook.py)

        default_loop = "uvloop"
    except ImportError:
        default_loop = "asyncio"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="reminders due")
    parser.add_argument("--concurrency", type=int, default=8, help="sends in flight (engine default 8)")
    parser.add_argument("--batch-size", type=int, default=0, help="engine claim batch (default: the engine's)")
    parser.add_argument(
        "--send",
        choices=["full", "text"],
        default="full",
        help="full: picture + message (the real reminder); text: the message only",
    )
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--baseline", metavar="REV", help="also measure the engine and Sender of this git revision")
    parser.add_argument("--loop", choices=["uvloop", "asyncio"], default=default_loop)
    run(parser.parse_args())
