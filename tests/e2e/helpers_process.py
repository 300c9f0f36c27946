"""Helpers for the tests of ``main.py`` as a process: run it to its exit, or keep a bot process up.

A process is started warm by default (``tests/warm_python.py``: a child of a server that has done
the imports already, with its own memory, streams, environment and exit code); ``cold=True``
starts a fresh interpreter, as the tests of the interpreter's own start-up need.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import signal
import sys
from pathlib import Path

import aiohttp

from bot.webhook import SECRET_HEADER
from tests.e2e.helpers import TOKEN
from tests.fake_bot_api import HOST, FakeBotApi
from tests.helpers import ROOT
from tests.warm_python import SHARED, Server

SECRET = "s3cret-Token_for-tests"
START_SECONDS = 120  # how long a bot process may take to start
HOOK = "https://bot.example.org/telegram/hook"
WARM = ROOT / "tests" / "warm_python.py"


class WarmServer:
    """The warm interpreter this test worker uses: the one shared by every worker (started by
    tests/conftest.py when the run has tests of processes), else its own, started on first use."""

    own: Server | None = None

    @classmethod
    async def path(cls) -> str:
        shared = os.environ.get(SHARED)
        if shared:
            await _ready(shared, None)
            return shared
        if cls.own is None or not cls.own.alive():
            cls.own = Server(str(ROOT))
            atexit.register(cls.stop)
        await _ready(cls.own.path, cls.own)
        return cls.own.path

    @classmethod
    def stop(cls) -> None:
        if cls.own is not None:
            cls.own.stop()


async def _ready(path: str, server: Server | None) -> None:
    """Wait for the server at ``path`` to take connections (its imports take seconds of CPU)."""
    deadline = asyncio.get_running_loop().time() + START_SECONDS
    while not os.path.exists(path):
        assert server is None or server.alive(), f"the warm interpreter ended (exit {server.process.poll()})"
        assert asyncio.get_running_loop().time() < deadline, f"the warm interpreter was not up in {START_SECONDS} s"
        await asyncio.sleep(0.05)


class Process:
    """A started ``python script``: the asyncio process, whose signals go to the script's own process.

    Started warm, the asyncio process is the launcher; ``send_signal``, ``terminate`` and ``kill``
    then reach the script's process itself, so that ``kill()`` followed by ``wait()`` returns once
    the script is dead (the launcher exits as its child did: killed by the same signal).
    """

    def __init__(self, launcher: asyncio.subprocess.Process, child: int | None):
        self.launcher = launcher
        self.child = os.pidfd_open(child) if child else None

    def __getattr__(self, name: str):
        return getattr(self.launcher, name)  # stdout, stderr, returncode, wait(), communicate()

    def send_signal(self, signum: int) -> None:
        if self.child is None:
            self.launcher.send_signal(signum)
        elif self.launcher.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.child, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def __del__(self) -> None:
        if self.child is not None:
            os.close(self.child)


async def start(script: str, *args: str, cold: bool = False, cwd: Path = ROOT, **kwargs) -> Process:
    """Start ``python script args`` (``script`` relative to ``cwd``, by default the repository), warm
    unless ``cold``; ``kwargs`` as for :func:`asyncio.create_subprocess_exec`."""
    if cold:
        return Process(await asyncio.create_subprocess_exec(sys.executable, script, *args, cwd=cwd, **kwargs), None)
    path = await WarmServer.path()
    pid_r, pid_w = os.pipe()
    try:
        launcher = await asyncio.create_subprocess_exec(
            *(sys.executable, "-I", "-S", str(WARM), "launch", path, f"--pid-fd={pid_w}", script, *args),
            cwd=cwd,
            pass_fds=(pid_w,),
            **kwargs,
        )
        os.close(pid_w)
        pid_w = -1
        child = (await asyncio.to_thread(os.read, pid_r, 64)).strip()  # empty if the launcher failed
    finally:
        os.close(pid_r)
        if pid_w != -1:
            os.close(pid_w)
    try:
        return Process(launcher, int(child) if child else None)
    except ProcessLookupError:  # it has ended already
        return Process(launcher, None)


async def run_main(
    *args: str, env: dict[str, str] | None = None, timeout: float = START_SECONDS, cold: bool = False
) -> tuple[int, str, str]:
    """Run ``main.py`` with ``args``; its exit code, stdout and stderr."""
    base = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN",)}
    base.update(env or {})
    proc = await start(
        "main.py", *args, cold=cold, env=base, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def post_update(http: aiohttp.ClientSession, base: str, update: dict, secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with http.post(f"{base}/telegram/hook", json=update, headers=headers) as response:
        return response.status


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _bot_env(api: FakeBotApi, database_url: str, port: int, webhook: bool, env: dict[str, str]) -> dict[str, str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "HEALTH_"))}
    full_env.update(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": database_url,
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": HOST,
            "RATE_LIMIT": "false",
            "POLLING_TIMEOUT": "1",
        }
    )
    if webhook:
        full_env.update({"WEBHOOK_URL": f"http://{HOST}:{port}/telegram/hook", "WEBHOOK_PORT": str(port)})
    else:
        full_env["HEALTH_PORT"] = str(port)
    full_env.update(env)
    return full_env


async def _until_ready(process: Process, base: str) -> None:
    async with aiohttp.ClientSession() as http:

        async def ready() -> bool:
            if process.returncode is not None:
                assert process.stderr is not None
                raise AssertionError(f"the bot exited early: {(await process.stderr.read()).decode()[-2000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"{base}/readyz") as r:
                    return r.status == 200
            return False

        # A bot process learns its message model at start: seconds of CPU, minutes on a busy machine.
        deadline = asyncio.get_running_loop().time() + START_SECONDS
        while not await ready():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the bot never became ready in {START_SECONDS} s")
            await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def bot_process(api: FakeBotApi, database_url: str, *, webhook: bool = True, cold: bool = False, **env: str):
    """``main.py run --webhook`` (or ``run`` with HEALTH_PORT) in a process; yields (process, base URL)."""
    port = free_port()
    process = await start(
        "main.py",
        "run",
        *(["--webhook"] if webhook else []),
        cold=cold,
        env=_bot_env(api, database_url, port, webhook, env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://{HOST}:{port}"
    try:
        await _until_ready(process, base)
        yield process, base
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
