"""The image's HEALTHCHECK command, run as Docker would run it (no Docker needed)."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

DOCKERFILE = Path(__file__).resolve().parents[2] / "Dockerfile"


def healthcheck_code() -> str:
    text = DOCKERFILE.read_text()
    start = text.index('HEALTHCHECK')
    start = text.index('CMD python -c "', start) + len('CMD python -c "')
    return text[start:text.index('"\n', start)].replace("\\\n", "")


def image_env() -> dict[str, str]:
    """The ENV lines of the Dockerfile (what the container starts with)."""
    env: dict[str, str] = {}
    lines = DOCKERFILE.read_text().replace("\\\n", " ").splitlines()
    for line in lines:
        if line.startswith("ENV "):
            for pair in line[4:].split():
                key, _, value = pair.partition("=")
                env[key] = value
    return env


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
    clean = {k: v for k, v in os.environ.items() if k not in ("HEALTH_PORT", "WEBHOOK_URL", "WEBHOOK_PORT", "WEBHOOK_LISTEN")}
    return subprocess.run([sys.executable, "-c", healthcheck_code()], env={**clean, **env},
                          capture_output=True, timeout=30).returncode


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
