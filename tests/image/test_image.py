"""Smoke test of the image built from the real Dockerfile, run the way a container runs it.

``tools/build_image.sh`` builds the image with podman (a Debian bookworm stand-in for
python:3.11-slim). Containers cannot be started on a machine without cgroups, so the image's file
system is exported and each command runs under ``chroot`` as the image's user, with the image's
own environment, working directory and CMD, in a mount namespace of its own that gives it /proc
and a minimal /dev, as a container runtime would. The network is the machine's: the bot reaches a
fake Bot API on 127.0.0.1 and serves /healthz on port 8080, the image's own HEALTH_PORT.

Needs podman and root. Without them the tests are skipped with the reason, except under
``CI=true``, where they fail (``.ci/run`` installs podman first, and sets ROOTWISE_IMAGE_SKIP with
the reason when it cannot).
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.helpers import visible_text
from tests.fake_bot_api import FakeBotApi
from tests.image.dockerfile import ROOT, healthcheck_code, image_env

TAG = os.environ.get("ROOTWISE_IMAGE_TAG", "localhost/rootwise:smoke")
PODMAN = ["podman", f"--storage-driver={os.environ.get('PODMAN_STORAGE_DRIVER', 'vfs')}"]
TOKEN = "123456:IMAGE-smoke-token"
BUILD_SECONDS = 1800
START_SECONDS = 120  # a cold start in the image: imports, migrations, content, getMe

# Run as root in a mount namespace of its own: /proc and a minimal /dev for the chroot, then
# chroot to the image's user, with only the given environment, in the image's working directory.
ENTER = r"""
set -e
root=$1 user=$2 workdir=$3; shift 3
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=755,size=1m tmpfs "$root/dev"
for dev in null zero full random urandom; do
    touch "$root/dev/$dev" && mount --bind "/dev/$dev" "$root/dev/$dev"
done
mkdir -m 1777 "$root/dev/shm"
exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$workdir" "$@"
"""


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true" and not os.environ.get("ROOTWISE_IMAGE_SKIP"):
        pytest.fail(f"{reason} (CI=true: the image must be built and run)", pytrace=False)
    pytest.skip(reason)


def podman(*args: str, timeout: float = 300) -> str:
    done = subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        pytest.fail(f"podman {' '.join(args)} failed: {done.stderr.strip()[-2000:]}", pytrace=False)
    return done.stdout


@dataclass
class Container:
    """The image's file system, and how its container would run a command."""

    rootfs: Path
    config: dict
    healthcheck: list[str]
    healthcheck_timeout: float
    uid: int
    gid: int
    home: str
    logs: Path
    before: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # the files before any run

    @property
    def env(self) -> dict[str, str]:
        env = dict(item.split("=", 1) for item in self.config.get("Env") or [])
        env.setdefault("HOME", self.home)  # as docker and podman set it from the image's passwd
        env.setdefault("HOSTNAME", "rootwise")
        return env

    def argv(self, command: list[str], extra: dict[str, str] | None = None) -> list[str]:
        env = {**self.env, **(extra or {})}
        return [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
            ENTER,
            "enter",
            str(self.rootfs),
            f"{self.uid}:{self.gid}",
            self.config.get("WorkingDir") or "/",
            *(f"{k}={v}" for k, v in env.items()),
            *command,
        ]

    async def run(self, command: list[str], timeout: float = 120, **extra: str) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            *self.argv(command, extra), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), timeout)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise AssertionError(f"{command} did not end within {timeout} s") from None
        return proc.returncode, out.decode(errors="replace")

    async def run_healthcheck(self) -> int:
        """The image's HEALTHCHECK command, as the runtime runs it (CMD-SHELL: through /bin/sh -c)."""
        kind, *rest = self.healthcheck
        command = ["/bin/sh", "-c", rest[0]] if kind == "CMD-SHELL" else rest
        code, _ = await self.run(command, timeout=self.healthcheck_timeout + 30)
        return code


def snapshot(rootfs: Path) -> dict[str, tuple[int, int, int]]:
    """Every path of the file system (but /proc, /dev, /sys) with its mtime, size and owner."""
    seen: dict[str, tuple[int, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(rootfs):
        rel = Path(dirpath).relative_to(rootfs)
        if rel == Path("."):
            dirnames[:] = [d for d in dirnames if d not in ("proc", "dev", "sys")]
        for name in [*dirnames, *filenames, ""]:
            path = Path(dirpath, name) if name else Path(dirpath)
            st = path.lstat()
            seen["/" + str(path.relative_to(rootfs)).removeprefix(".")] = (st.st_mtime_ns, st.st_size, st.st_uid)
    return seen


@pytest.fixture(scope="module")
def container(tmp_path_factory) -> Container:
    if reason := os.environ.get("ROOTWISE_IMAGE_SKIP"):
        pytest.skip(reason)
    if shutil.which("podman") is None:
        unavailable(
            "podman is not installed: install it (apt-get install podman debootstrap) to build and smoke-test the image"
        )
    if os.geteuid() != 0:
        unavailable("building and running the image here needs root (podman's vfs storage, chroot)")
    work = tmp_path_factory.mktemp("image")
    logs = work / "logs"
    logs.mkdir()
    build_log = logs / "build.log"
    started = time.monotonic()
    with build_log.open("w") as log:
        done = subprocess.run(
            ["bash", str(ROOT / "tools" / "build_image.sh"), TAG],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=BUILD_SECONDS,
        )
    if done.returncode:
        tail = "\n".join(build_log.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(f"tools/build_image.sh failed ({done.returncode}):\n{tail}", pytrace=False)
    print(f"image {TAG} built in {time.monotonic() - started:.0f} s")

    inspected = json.loads(podman("image", "inspect", TAG))[0]
    config = inspected["Config"]
    healthcheck = inspected.get("Healthcheck") or config.get("Healthcheck") or {}
    if not healthcheck.get("Test"):
        pytest.fail("the image has no HEALTHCHECK (built in OCI format? build it with --format=docker)")

    rootfs = work / "rootfs"
    rootfs.mkdir()
    tar = work / "image.tar"
    name = podman("create", TAG).strip()
    try:
        podman("export", "-o", str(tar), name)
    finally:
        podman("rm", "-f", name)
    subprocess.run(["tar", "--numeric-owner", "-xpf", str(tar), "-C", str(rootfs)], check=True)
    tar.unlink()

    user = config.get("User") or "root"
    passwd = [line.split(":") for line in (rootfs / "etc" / "passwd").read_text().splitlines()]
    entry = next((e for e in passwd if user in (e[0], e[2])), None)
    assert entry is not None, f"the image's user {user!r} is not in its /etc/passwd"
    box = Container(
        rootfs,
        config,
        healthcheck["Test"],
        healthcheck.get("Timeout", 5 * 10**9) / 10**9,
        int(entry[2]),
        int(entry[3]),
        entry[5],
        logs,
    )
    box.before = snapshot(rootfs)
    yield box
    shutil.rmtree(rootfs, ignore_errors=True)


def test_the_image_runs_as_its_own_user_not_root(container: Container):
    assert container.config.get("User"), "the image has no USER: it would run as root"
    assert container.uid == 10001 and container.gid != 0


def test_the_image_has_the_dockerfiles_environment_and_healthcheck(container: Container):
    for key, value in image_env().items():
        assert container.env.get(key) == value, key
    assert healthcheck_code() in " ".join(container.healthcheck)


async def test_check_content_passes_in_the_image(container: Container):
    code, out = await container.run(["python", "main.py", "check-content"])
    assert code == 0, out
    assert "Content is valid" in out


def port_taken(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


async def healthz(port: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(
                    f"http://127.0.0.1:{port}/healthz", timeout=aiohttp.ClientTimeout(total=5)
                ) as response:
                    return response.status
            except aiohttp.ClientError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)


def ids(pid: int) -> dict[str, list[int]]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {
        line.split(":")[0]: [int(x) for x in line.split()[1:]]
        for line in lines
        if line.startswith(("Uid:", "Gid:", "Groups:"))
    }


async def test_the_image_runs_the_bot_answers_start_and_is_healthy(container: Container):
    port = int(container.env["HEALTH_PORT"])
    assert not port_taken(port), f"port {port} is taken on this machine: the image's /healthz cannot be served"
    log = container.logs / "bot.log"
    async with FakeBotApi() as api:
        with log.open("wb") as out:
            bot = await asyncio.create_subprocess_exec(
                *container.argv(
                    container.config["Cmd"], {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
                ),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

        def output() -> str:
            return "\n".join(log.read_text(errors="replace").splitlines()[-30:])

        try:
            try:
                api.message(4242, "/start")  # taken by the bot's first getUpdates
                await api.wait_for(
                    lambda: bot.returncode is not None or api.sent(4242), START_SECONDS, "an answer to /start"
                )
                assert bot.returncode is None, f"the bot exited with {bot.returncode}:\n{output()}"
                await api.settle()
                replies = api.sent(4242)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\nbot output:\n{output()}") from None
            assert "not a diagnosis" in " ".join(visible_text(c.text) for c in replies).lower()
            assert TOKEN in api.tokens_seen

            # the process is the image's CMD, as the image's user
            assert "main.py" in Path(f"/proc/{bot.pid}/cmdline").read_text()
            assert all(x == container.uid for x in ids(bot.pid)["Uid"])
            assert all(x == container.gid for x in ids(bot.pid)["Gid"])
            assert 0 not in ids(bot.pid)["Groups"]

            assert await healthz(port, timeout=30) == 200
            assert await container.run_healthcheck() == 0, "HEALTHCHECK failed while the bot runs"
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.wait(), 60)
            except TimeoutError:
                bot.kill()
                await bot.wait()
                raise AssertionError(f"the bot did not stop within 60 s of SIGTERM:\n{output()}") from None
    assert bot.returncode == 0, f"the bot exited with {bot.returncode} on SIGTERM:\n{output()}"
    assert await container.run_healthcheck() != 0, "HEALTHCHECK passed with no bot running"


def test_files_the_app_wrote_are_in_app_data_and_not_roots(container: Container):
    after = snapshot(container.rootfs)
    changed = sorted(path for path, state in after.items() if container.before.get(path) != state)
    assert "/app/data/rootwise.db" in changed, f"no database in /app/data; changed: {changed}"
    outside = [path for path in changed if path != "/app/data" and not path.startswith("/app/data/")]
    assert not outside, f"the app wrote outside /app/data: {outside}"
    assert all(after[path][2] == container.uid for path in changed if path.startswith("/app/data/"))
