"""The Dockerfile read without Docker: what it copies, its environment, its HEALTHCHECK run as Docker would."""

from __future__ import annotations

import http.server
import os
import shlex
import subprocess
import sys
import threading

import pytest

from tests.image.dockerfile import ROOT, copied_sources, healthcheck_code, image_env, instructions

# Top-level packages that are not part of the bot and stay out of the image.
NOT_IN_IMAGE = {"tests": "the test suite", "bench": "benchmark scripts", "tools": "development scripts"}


@pytest.fixture
def health_server():
    status = {"code": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(status["code"] if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, status
    server.shutdown()
    server.server_close()


def run(env: dict[str, str]) -> int:
    dropped = ("HEALTH_PORT", "WEBHOOK_URL", "WEBHOOK_PORT", "WEBHOOK_LISTEN")
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-c", healthcheck_code()], env={**clean, **env}, capture_output=True, timeout=30
    ).returncode


def test_the_image_serves_health_on_all_interfaces_by_default():
    env = image_env()
    assert env["WEBHOOK_LISTEN"] == "0.0.0.0" and env["HEALTH_PORT"] == "8080"


def test_polling_image_is_healthy_only_while_healthz_answers(health_server):
    port, status = health_server
    env = {**image_env(), "HEALTH_PORT": str(port)}
    assert run(env) == 0
    status["code"] = 503
    assert run(env) != 0


def test_webhook_mode_checks_the_webhook_port_not_the_health_port(health_server):
    port, _ = health_server
    env = {**image_env(), "WEBHOOK_URL": "https://example.org/hook", "WEBHOOK_PORT": str(port), "HEALTH_PORT": "1"}
    assert run(env) == 0
    assert run({**env, "WEBHOOK_PORT": "1"}) != 0  # nothing listens there


def project_modules() -> set[str]:
    """The folders at the top of the repository with an __init__.py, and main.py and settings.py."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    return (packages - set(NOT_IN_IMAGE)) | {"main.py", "settings.py"}


def test_every_package_of_the_project_is_copied_into_the_image():
    copied = copied_sources()
    if "." in copied:  # the whole context, less .dockerignore
        return
    missing = sorted(project_modules() - copied)
    assert not missing, (
        f"the Dockerfile does not COPY {', '.join(missing)}: the image would fail to import it "
        f"(add a COPY line, or to NOT_IN_IMAGE in {__file__} if it is not part of the bot)"
    )


def test_the_check_sees_a_package_that_is_not_copied():
    assert {"bot", "main.py"} <= project_modules()
    assert "safety" not in copied_sources("FROM x\nCOPY bot ./bot\nCOPY main.py settings.py ./\n")
    assert {"bot", "safety", "main.py"} <= copied_sources('COPY --chown=1:1 ["bot", "safety", "main.py", "./"]')
    assert not copied_sources("COPY --from=build /app/bot ./bot")


def pip_installs(text: str | None = None) -> list[list[str]]:
    """The arguments of every `pip install` in the RUN lines (a RUN may chain several with &&)."""
    found = []
    for word, rest in instructions(text):
        if word == "RUN":
            for command in rest.split("&&"):
                args = shlex.split(command)
                if args[:2] == ["pip", "install"] or args[1:4] == ["-m", "pip", "install"]:
                    found.append(args[args.index("install") + 1 :])
    return found


def lock_is_used(text: str | None = None) -> bool:
    """Everything the image installs comes from requirements.lock, checked against its hashes."""
    installs = pip_installs(text)
    from_lock = [a for a in installs if "-r" in a and a[a.index("-r") + 1] == "requirements.lock"]
    return (
        bool(from_lock)
        and all("--require-hashes" in a for a in from_lock)
        and all(a in from_lock or "--no-deps" in a for a in installs)
        and "requirements.lock" in copied_sources(text)
    )


def test_the_image_installs_its_dependencies_from_the_lock_file_with_hashes():
    assert (ROOT / "requirements.lock").is_file()
    assert lock_is_used(), "the Dockerfile must install with `pip install --require-hashes -r requirements.lock`"


def test_the_lock_check_sees_an_install_outside_the_lock():
    good = (
        "COPY requirements.lock ./\nRUN pip install --require-hashes --no-deps -r requirements.lock\n"
        "RUN pip install --no-deps --no-build-isolation . && useradd x\n"
    )
    assert lock_is_used(good)
    assert not lock_is_used(good.replace("RUN pip install --no-deps --no-build", "RUN pip install --no-build"))
    assert not lock_is_used(good.replace("--require-hashes ", ""))
    assert not lock_is_used("COPY . .\nRUN pip install .\n")


def test_the_image_validates_its_content_while_it_is_built():
    assert ("RUN", "python main.py check-content") in instructions()
