# Rootwise: a small, non-root image that runs the bot with long polling.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
COPY scheduler ./scheduler
COPY storage ./storage
COPY safety ./safety
COPY main.py settings.py ./
RUN pip install . \
    && useradd --create-home --uid 10001 rootwise \
    && mkdir -p /app/data && chown rootwise:rootwise /app/data

USER rootwise
# The SQLite database lives here by default; mount a volume to keep it.
VOLUME ["/app/data"]
ENV DATABASE_URL=sqlite+aiosqlite:////app/data/rootwise.db

# Validate the content at build time: an image with broken content never ships.
RUN python main.py check-content

CMD ["python", "main.py", "run"]
