"""Updates per second, command latency, CPU and memory: Rootwise vs. bare echo bots.

Each run starts the lean fake Bot API (``bench/fakeapi.py``) and one bot, each in its own process
(pinned to its own core when there are two), lets 1,000 distinct users send ``/symptoms sciatica``
in a closed loop (at most one unanswered update each), and measures the bot over a fixed window
after a warm-up. Bots, modes and repetitions are interleaved; the figures are medians.
It prints figures and asserts nothing.

    python bench/updates.py                      # everything: 3 repetitions, polling and webhook
    python bench/updates.py --bots rootwise --modes polling --reps 1 --duration 5
    python bench/updates.py --bots baseline-limited rootwise-limited --baseline /tmp/old --modes polling
        # before and after in one run; /tmp/old from: git archive COMMIT | tar -x -C /tmp/old

With the rate limiter on (the ``-limited`` bots), each chat gets at most one reply a second, as from
Telegram, so N users cap such a bot at about N updates a second; the table says when a bot reached
that, and ``--users`` raises it.

aiogram is not a Rootwise dependency; give its interpreter with ``--aiogram-python`` (see
docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")
#: A bot with the rate limiter answering this share of ``--users`` a second is held by the per-chat limit.
CAPPED = 0.9
BOTS = ["rootwise", "rootwise-limited", "rootwise-on-arrival", "baseline-limited", "ptb", "aiogram"]
LABELS = {
    "rootwise": "Rootwise (all handlers, SQLite, concurrent updates)",
    "rootwise-limited": "Rootwise with its rate limiter as shipped (RATE_LIMIT=true)",
    "rootwise-on-arrival": "Rootwise, webhook answered on arrival (WEBHOOK_ANSWER_SECONDS=0)",
    "baseline-limited": "an older Rootwise (--baseline), rate limiter as shipped",
    "ptb": "bare python-telegram-bot 22 echo (defaults)",
    "aiogram": "bare aiogram 3 echo (defaults)",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bot_command(bot: str, mode: str, api: str, port: int, workdir: Path, args) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if bot.startswith(("rootwise", "baseline")):
        env.update(
            {
                "TELEGRAM_BOT_TOKEN": "123456:bench",
                "TELEGRAM_API_BASE_URL": f"{api}/bot",
                "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'rootwise.db'}",
                "RATE_LIMIT": "false",
                # Flood control stays on; its limit is above what each simulated user sends.
                "FLOOD_LIMIT_PER_MINUTE": "1000000",
                "LOG_LEVEL": "WARNING",
                "WEBHOOK_URL": f"http://{HOST}:{port}/telegram" if mode == "webhook" else "",
                "WEBHOOK_SECRET": "bench-secret",
                "WEBHOOK_PORT": str(port),
                "WEBHOOK_LISTEN": HOST,
            }
        )
        if bot == "rootwise-on-arrival":
            env["WEBHOOK_ANSWER_SECONDS"] = "0"
        if bot.endswith("-limited"):  # the production default: per-chat and per-group limits on replies
            env["RATE_LIMIT"] = "true"
        env.update(dict(kv.split("=", 1) for kv in args.rootwise_env))
        root = Path(args.baseline) if bot.startswith("baseline") else ROOT
        command = [sys.executable, str(root / "main.py"), "run"] + (["--webhook"] if mode == "webhook" else [])
        return command, env
    python = args.aiogram_python if bot == "aiogram" else sys.executable
    script = ROOT / "bench" / "bots" / f"{bot}_echo.py"
    return [python, str(script), api, mode, str(port)], env


def server_command(bot: str, mode: str, args) -> list[str]:
    """The fake Bot API and its closed loop of ``args.users`` users (bench/fakeapi.py)."""
    command = [sys.executable, "-m", "bench.fakeapi", "--mode", mode, "--users", str(args.users)]
    command += ["--warmup", str(args.warmup), "--duration", str(args.duration)]
    return command + (["--keyboard-ends-answer"] if bot.startswith(("rootwise", "baseline")) else [])


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM ``process`` and wait for it (15 s, then SIGKILL)."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_once(bot: str, mode: str, args) -> dict:
    server = subprocess.Popen(server_command(bot, mode, args), cwd=ROOT, stdout=subprocess.PIPE, text=True)
    bot_process = None
    # A run that gives no result in time is stopped (its bot hung, or never came up).
    watchdog = threading.Timer(args.warmup + args.duration + 90, server.kill)
    watchdog.start()
    try:
        line = server.stdout.readline().split()
        api = f"http://{HOST}:{line[1]}"
        # The bot is stopped before its directory (and its database) is removed.
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp, contextlib.ExitStack() as stack:
            command, env = bot_command(bot, mode, api, free_port(), Path(tmp), args)
            bot_process = subprocess.Popen(
                command,
                cwd=tmp,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=None if args.verbose else subprocess.DEVNULL,
            )
            stack.callback(stop, bot_process)
            if (os.cpu_count() or 1) >= 2:
                os.sched_setaffinity(server.pid, {0})
                os.sched_setaffinity(bot_process.pid, {1})
            cpu_start = None
            for line in server.stdout:
                if line.startswith("WINDOW"):
                    cpu_start = cpu_seconds(bot_process.pid)
                elif line.startswith("RESULT"):
                    cpu = cpu_seconds(bot_process.pid) - cpu_start
                    result = json.loads(line.split(" ", 1)[1])
                    result["cpu_s_per_1000"] = cpu / max(result["updates"], 1) * 1000
                    result["bot_cpu_share"] = cpu / result["seconds"]
                    result["peak_rss_mb"] = peak_rss_mb(bot_process.pid)
                    return result
                if bot_process.poll() is not None:
                    raise RuntimeError(f"{bot} exited with {bot_process.returncode}")
            raise RuntimeError("the fake server stopped without a result")
    finally:
        watchdog.cancel()
        for process in (bot_process, server):
            stop(process)


def summary(result: dict) -> str:
    """One run's figures on one line."""
    return (
        f"{result['updates_per_s']:8.0f} updates/s  p50 {result['p50_ms']:6.0f} ms  p99 {result['p99_ms']:6.0f} ms  "
        f"CPU {result['cpu_s_per_1000']:.2f} s/1000 (bot {result['bot_cpu_share']:.0%}, "
        f"server {result['server_cpu_share']:.0%})  RSS {result['peak_rss_mb']:.0f} MB  "
        f"msgs/update {result['messages_per_update']:.2f}"
    )


def print_table(args, results: dict[tuple[str, str], list[dict]]) -> None:
    """The medians of every bot and mode, as a Markdown table."""
    print(
        f"\nMedians of {args.reps} interleaved repetitions; {args.users} users, closed loop, "
        f"{args.duration:g} s window after {args.warmup:g} s warm-up; {os.cpu_count()} CPUs\n"
    )
    print("| mode | bot | updates/s | p50 ms | p99 ms | CPU s per 1,000 updates | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    capped: list[str] = []
    for mode in args.modes:
        for bot in args.bots:
            runs = results.get((mode, bot))
            if not runs:
                print(f"| {mode} | {LABELS[bot]} | failed | | | | |")
                continue

            def med(key: str, runs: list = runs) -> float:
                return statistics.median(r[key] for r in runs)

            print(
                f"| {mode} | {LABELS[bot]} | {med('updates_per_s'):.0f} | {med('p50_ms'):.0f} | "
                f"{med('p99_ms'):.0f} | {med('cpu_s_per_1000'):.2f} | {med('peak_rss_mb'):.0f} |"
            )
            if bot.endswith("-limited") and max(r["updates_per_s"] for r in runs) >= CAPPED * args.users:
                capped.append(f"{mode} {bot}")
    if capped:
        print(
            f"\nAt the per-chat limit: {', '.join(capped)}. Each user has one update open, and the rate "
            f"limiter (as Telegram) lets one reply a second into a chat, so {args.users} users get at most "
            f"~{args.users} replies a second whatever the CPU; give more --users to measure the bot."
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bots", nargs="+", default=["rootwise", "ptb", "aiogram"], choices=BOTS)
    parser.add_argument("--modes", nargs="+", default=["polling", "webhook"], choices=["polling", "webhook"])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--aiogram-python", default=os.environ.get("AIOGRAM_PYTHON", sys.executable))
    parser.add_argument(
        "--rootwise-env",
        nargs="*",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for Rootwise (e.g. CONCURRENT_UPDATES=128)",
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="another Rootwise checkout (e.g. git archive of an older commit) run as bot baseline-limited",
    )
    parser.add_argument("--verbose", action="store_true", help="show the bots' stderr")
    args = parser.parse_args()
    if "baseline-limited" in args.bots and not args.baseline:
        parser.error("baseline-limited needs --baseline DIR")
    return args


def main() -> None:
    args = parse_args()
    results: dict[tuple[str, str], list[dict]] = {}
    for rep in range(args.reps):
        for mode in args.modes:
            for bot in args.bots:
                started = time.monotonic()
                try:
                    result = run_once(bot, mode, args)
                except (RuntimeError, IndexError) as exc:
                    print(f"rep {rep + 1} {mode:8} {bot:9} failed: {exc}", flush=True)
                    continue
                results.setdefault((mode, bot), []).append(result)
                print(
                    f"rep {rep + 1} {mode:8} {bot:9} {summary(result)}  ({time.monotonic() - started:.0f} s)",
                    flush=True,
                )

    print_table(args, results)


if __name__ == "__main__":
    main()
