# Rootwise: a small, non-root image that runs the bot (long polling; webhook mode with WEBHOOK_URL).
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
COPY scheduler ./scheduler
COPY storage ./storage
COPY safety ./safety
COPY main.py settings.py ./
# The dependencies from the lock file, every file checked against its sha256 (tools/lock.sh writes
# it), then the project itself with the locked setuptools and nothing more from the network. One
# layer after the sources: each layer of a build with podman's vfs storage is a full copy.
RUN pip install --require-hashes --no-deps -r requirements.lock \
    && pip install --no-deps --no-build-isolation . \
    && pip check \
    && useradd --create-home --uid 10001 rootwise \
    && mkdir -p /app/data && chown rootwise:rootwise /app/data

USER rootwise
# The SQLite database lives here by default; mount a volume to keep it.
VOLUME ["/app/data"]
ENV DATABASE_URL=sqlite+aiosqlite:////app/data/rootwise.db

# Validate the content at build time: an image with broken content never ships.
RUN python main.py check-content

# The webhook (webhook mode) or /healthz, /readyz and /metrics alone (polling): the image serves
# them on 0.0.0.0:8080 by default, so that the HEALTHCHECK sees a stuck bot, not only a live process.
ENV WEBHOOK_LISTEN=0.0.0.0 \
    HEALTH_PORT=8080
EXPOSE 8080
# Healthy: /healthz answers (it is served by the bot's own event loop). Only in an image built
# without HEALTH_PORT and run without WEBHOOK_URL does it fall back to "the process is alive".
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD python -c "\
import os, sys, urllib.request; \
port = os.environ.get('WEBHOOK_PORT', '8080') if os.environ.get('WEBHOOK_URL') else os.environ.get('HEALTH_PORT'); \
host = os.environ.get('WEBHOOK_LISTEN') or '127.0.0.1'; \
host = '127.0.0.1' if host in ('0.0.0.0', '::') else host; \
sys.exit(0 if 'main.py' in open('/proc/1/cmdline').read() else 1) if not port else \
urllib.request.urlopen(f'http://{host}:{port}/healthz', timeout=4)"

# SIGTERM (docker stop) ends the bot gracefully: no new updates, the accepted ones finished.
CMD ["python", "main.py", "run"]
