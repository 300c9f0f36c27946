"""Shared fixtures.

``store`` runs a test on each storage backend (aiogram tests/test_fsm/storage style): use
``@pytest.mark.parametrize("store", BACKENDS, indirect=True)`` with
``BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]``.
Each PostgreSQL test gets a database of its own, dropped afterwards. Where the server is
expected (CI=true) a missing server fails the test; elsewhere it is skipped, with the reason.

Migrations run once per backend and session, into a template; a store (and the end-to-end bot's
SQLite file) starts from a copy of it. ``sqlite_url`` and ``postgres_url`` stay empty databases,
for the tests that migrate themselves.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from storage.store import Store

# The red-flag detector's message model is learnt (scikit-learn, numpy's BLAS) in this process and
# in every bot process a test starts; BLAS's thread per core made that 3x slower on 2 busy cores
# (2.7 s of CPU with one thread, 8.7 s with its own). Set before numpy is first imported.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
ROOT = Path(__file__).resolve().parents[1]
_shared_server = None  # the warm interpreter every test worker shares, if started


def _postgres_unavailable(url: str, exc: BaseException) -> None:
    reason = f"PostgreSQL not reachable at {url}: {exc!r}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: the PostgreSQL leg must run)", pytrace=False)
    pytest.skip(reason + " (set TEST_POSTGRES_URL, or CI=true to make this fail)")


def migrate_once(url: str) -> None:
    """Apply every migration to the database at ``url``, on an event loop of its own (in a thread,
    so that no test's loop is touched)."""

    async def migrate() -> None:
        await (await Store.open(url)).close()

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, migrate()).result()


DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def redis_url():
    """The Redis server for tests of what replicas share (TEST_REDIS_URL); its keys are the
    test's own (each test uses a prefix of its own)."""
    import redis.asyncio as redis

    url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:  # noqa: BLE001
        await client.aclose()
        reason = f"Redis not reachable at {url}: {exc!r}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: the Redis leg must run)", pytrace=False)
        pytest.skip(reason + " (set TEST_REDIS_URL, or CI=true to make this fail)")
    await client.aclose()
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A fresh SQLite file."""
    return f"sqlite+aiosqlite:///{tmp_path / 'rootwise.db'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file with every migration applied, made once a session."""
    path = tmp_path_factory.mktemp("template") / "rootwise.db"
    migrate_once(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def migrated_sqlite_url(tmp_path, sqlite_template: Path) -> str:
    """A fresh SQLite file with every migration applied (a copy of the template)."""
    path = tmp_path / "rootwise.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


def _postgres_base():
    return make_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


def _dsn(url) -> str:
    """``url`` (SQLAlchemy's, with or without its driver) as asyncpg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _postgres_database(template: str | None = None):
    """Create a database of its own (a copy of ``template``, if given); yield its URL; drop it."""
    import asyncpg

    base = _postgres_base()
    try:
        conn = await asyncpg.connect(_dsn(base), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        _postgres_unavailable(base.render_as_string(), exc)
    name = f"rootwise_test_{uuid.uuid4().hex[:12]}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


@pytest.fixture
async def postgres_url():
    """A fresh, empty PostgreSQL database, dropped after the test."""
    async for url in _postgres_database():
        yield url


@pytest.fixture(scope="session")
def postgres_template():
    """The name of a PostgreSQL database with every migration applied, made once a session (the
    first time a test needs it) and dropped at its end; None where the server is not reachable."""
    name = f"rootwise_template_{uuid.uuid4().hex[:12]}"
    if not _on_server(f'CREATE DATABASE "{name}"'):
        yield None  # each test that needs the server says so (postgres_url)
        return
    migrate_once(_postgres_base().set(database=name).render_as_string(hide_password=False))
    yield name
    _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_kept(postgres_template):
    """One migrated PostgreSQL database per test process (a copy of the template), which each test
    that wants a fresh migrated database gets emptied (``migrated_postgres_url``); dropped at the
    end. None where the server is not reachable."""
    if postgres_template is None:
        yield None
        return
    name = f"rootwise_kept_{uuid.uuid4().hex[:12]}"
    _on_server(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    yield _postgres_base().set(database=name).render_as_string(hide_password=False)
    _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _on_server(statement: str) -> bool:
    """Run one statement on the server's maintenance database, from a thread of its own (outside
    any test's event loop); False, and nothing run, where the server is not reachable."""

    async def run() -> bool:
        import asyncpg

        try:
            conn = await asyncpg.connect(_dsn(_postgres_base()), timeout=5)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            return False
        try:
            await conn.execute(statement)
        finally:
            await conn.close()
        return True

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, run()).result()


@pytest.fixture
async def migrated_postgres_url(postgres_template, postgres_kept):
    """A fresh PostgreSQL database with every migration applied: the process's kept database,
    emptied (every table but alembic_version, with its sequences; ~10 ms, where a copy of the
    template and its drop take ~0.7 s), or a copy of the template of its own, dropped after the
    test, when the kept one cannot be emptied."""
    if postgres_kept is not None and await _emptied(postgres_kept):
        yield postgres_kept
        return
    async for url in _postgres_database(postgres_template):
        yield url


async def _emptied(url: str) -> bool:
    """Empty the database at ``url`` (ending any connection a test left open to it, as a drop
    WITH (FORCE) would); False if it could not be."""
    import asyncpg

    try:
        conn = await asyncpg.connect(_dsn(url), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    try:
        await conn.execute("SET lock_timeout = '3s'")
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        tables = await conn.fetch(
            "SELECT quote_ident(tablename) AS name FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        # Only the tables that hold a row are truncated: TRUNCATE makes new files for each table
        # and index it names, ~8 ms a table, 0.17-0.4 s for all of them at every test, where a
        # test writes to a few. A sequence is restarted if it was used (the rows it numbered may
        # be gone already), as RESTART IDENTITY would.
        if tables:
            names = [t["name"] for t in tables]
            used = await conn.fetch(
                " UNION ALL ".join(f"SELECT '{n}' AS name WHERE EXISTS (SELECT FROM {n})" for n in names)
            )
            if used:
                await conn.execute(f"TRUNCATE {', '.join(t['name'] for t in used)} CASCADE")
        await conn.execute(
            "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
            "FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
        )
        return True
    except asyncpg.PostgresError:
        return False
    finally:
        await conn.close()


@pytest.fixture
def database_url(request) -> str:
    """The URL of a fresh database of the backend named by the parameter."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def store(request) -> Store:
    """An opened Store on a fresh database of the backend named by the parameter."""
    return request.getfixturevalue(f"{request.param}_store")


async def _opened(url: str):
    opened = await Store.open(url)
    try:
        yield opened
    finally:
        await opened.close()


def _store_url(request, backend: str) -> str:
    """The database of a test's store: the one ``{backend}_url`` names if the test asks for that
    too (both then mean the same database), else a migrated copy of the template."""
    if f"{backend}_url" in request.fixturenames:
        return request.getfixturevalue(f"{backend}_url")
    return request.getfixturevalue(f"migrated_{backend}_url")


@pytest.fixture
def sqlite_store_url(request) -> str:
    return _store_url(request, "sqlite")


@pytest.fixture
def postgres_store_url(request) -> str:
    return _store_url(request, "postgres")


@pytest.fixture
async def sqlite_store(sqlite_store_url):
    """A Store on a fresh SQLite file (``sqlite_url``'s, when the test asks for that too)."""
    async for opened in _opened(sqlite_store_url):
        yield opened


@pytest.fixture
async def postgres_store(postgres_store_url):
    """A Store on a fresh PostgreSQL database (``postgres_url``'s, when the test asks for that too)."""
    async for opened in _opened(postgres_store_url):
        yield opened


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, when the run has tests of main.py as a process, start one warm
    interpreter (tests/warm_python.py) for every worker to share: it does the imports once, not
    once per worker."""
    global _shared_server
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return  # a worker, or a run without workers (the process starts its own when needed)
    _learn_once()
    if not _has_process_tests(config):
        return
    from tests.warm_python import SHARED, Server

    _shared_server = Server(str(ROOT))
    os.environ[SHARED] = _shared_server.path  # the workers, started after this, inherit it


#: What _learn_once learns, each in a process of its own.
_LEARN = (
    "from safety.model import default_model; default_model('en')",
    "from safety.model import default_model; default_model('es')",
    "from content.loader import load_content; from content.search import QuestionIndex;"
    " QuestionIndex.build(load_content())",
)
#: The learners' imports, done once by the process the learners are forked from: with the models
#: already in the cache they are all a learner does (~2 s of CPU each, at the busiest moment).
_LEARNERS = f"""
import os, sys, threading, traceback
import joblib, sklearn.feature_extraction.text, sklearn.linear_model, sklearn.pipeline
import content.loader, content.search, safety.model
children = []
for code in {_LEARN!r}:
    if threading.active_count() != 1:  # forking is not safe: learn here, one after another
        exec(code)
        continue
    pid = os.fork()
    if pid == 0:
        try:
            exec(code)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    children.append(pid)
sys.exit(max([os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children], default=0))
"""
_learners: list = []


def _learn_once() -> None:
    """Learn the message models and the question rankers into the model cache (safety/learnt.py)
    in processes of their own, side by side, while the workers start: on a fresh checkout each is
    learnt once and every worker (and every bot process a test starts) reads it, instead of each
    worker learning them at once on the same cores. A worker that needs one before it is ready
    waits for it (the cache entry's lock), and nothing else waits. Only the shipped content and
    sets are learnt here; a test that learns from something else still does so itself. The
    learners are forked from one process that has done their imports."""
    import subprocess
    import sys

    _learners.append(subprocess.Popen([sys.executable, "-c", _LEARNERS], cwd=ROOT))


def _has_process_tests(config: pytest.Config) -> bool:
    """Whether a test file the run names (or holds, for a folder) uses tests/e2e/helpers_process.py."""
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0])
        files = sorted(path.rglob("test_*.py")) if path.is_dir() else [path]
        if any(f.is_file() and "helpers_process" in f.read_text("utf-8") for f in files):
            return True
    return False


def pytest_unconfigure(config: pytest.Config) -> None:
    for learner in _learners:
        learner.wait()  # long done; waited for so that its CPU time is counted as the suite's
    if _shared_server is not None:
        _shared_server.stop()  # and wait for it, so that its CPU time is counted as the suite's


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop this worker's warm interpreter (tests/warm_python.py), if a test started one, and wait
    for it, so that its CPU time is counted as the suite's."""
    import sys

    process_helpers = sys.modules.get("tests.e2e.helpers_process")
    if process_helpers is not None:
        process_helpers.WarmServer.stop()


#: The files whose tests mostly wait (bot processes started and stopped, timeouts that must
#: elapse, a browser), the longest first: measured with --durations, each 5-35 s of wall in all.
WAITING_FIRST = (
    "tests/e2e/test_webhook.py",
    "tests/e2e/test_webapp_browser.py",
    "tests/e2e/test_replica_state.py",
    "tests/e2e/test_webhook_faults.py",
    "tests/e2e/test_database_faults.py",
    "tests/e2e/test_replica_budget.py",
    "tests/e2e/test_outages.py",
    "tests/e2e/test_startup_faults.py",
    "tests/e2e/test_cli.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, start each worker on its share of the tests of :data:`WAITING_FIRST`.

    Left where they fall in the collection, those tests came last, and a run ended with one
    worker still waiting on a bot process while the others were done. Worksteal gives each
    worker an equal run of the collection to start with (the first third, the second, the last;
    a worker that is done then takes half of what another has left, from its end); the tests are
    laid out so that each run begins with every n-th waiting test, then goes on with the others
    in their usual order. Every worker orders them the same way, as xdist requires."""
    workers = int(getattr(config, "workerinput", {}).get("workercount", 0))
    if workers < 2:
        return
    rank = {ROOT / name: n for n, name in enumerate(WAITING_FIRST)}
    waiting = sorted((item for item in items if item.path in rank), key=lambda item: rank[item.path])
    others = [item for item in items if item.path not in rank]
    laid_out: list[pytest.Item] = []
    left = len(items)
    for lane in range(workers):
        size = left // (workers - lane)  # as worksteal splits the collection at first
        first = waiting[lane::workers]
        taken = max(0, size - len(first))
        laid_out += first + others[:taken]
        del others[:taken]
        left -= size
    items[:] = laid_out + others
