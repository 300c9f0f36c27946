"""A warm interpreter for the tests that run ``main.py`` as a process.

Every such process would otherwise pay the same start-up: Python's imports of the bot,
python-telegram-bot, SQLAlchemy, Alembic and scikit-learn, about two seconds of CPU each. Here one
server process per test worker imports them once and forks a child for each run; the child is
then given the run's standard streams, environment, working directory, limit on open files and
arguments and runs the script as ``python script args`` would (``__main__``, ``sys.argv``, exit
code, atexit handlers).
The server also builds the red-flag detector once, so that the compiled rules and the learnt
models, which a process keeps by their files' content, are already in each child's memory. Nothing
else is shared: content, the database and every other thing the bot builds are built afresh by
each child, which has its own memory, as a replica has.

The test starts a small launcher process (``launch``), which stands for the child: it passes its
own streams, environment and arguments to the server, forwards SIGTERM, SIGINT and SIGHUP to the
child, and exits as the child did (with its code, or killed by its signal). When the launcher
dies, even by SIGKILL, its child is killed too: the child watches a pipe only the launcher holds.

    python -m tests.warm_python serve SOCKET              (SOCKET appears once the imports are done)
    python -I -S tests/warm_python.py launch SOCKET [--pid-fd N] script [args...]

Only the standard library is imported at the top: the launcher starts in a few milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile

#: What a bot process imports on its way to being up, imported once by the server.
PRELOAD = (
    "main",
    "bot.app",
    "bot.webhook",
    "bot.console",
    "storage.store",
    "safety.redflags",
    "content.search",
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.dialects.sqlite.aiosqlite",
    "sqlalchemy.dialects.postgresql.asyncpg",
    "alembic.command",
    "sklearn.feature_extraction.text",
    "sklearn.linear_model",
    "sklearn.pipeline",
    "joblib",
)
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
#: The child's descriptor of the launcher's pipe (after stdin, stdout and stderr).
LAUNCHER_FD = 3


# -- starting a server ------------------------------------------------------------------------

#: The environment variable naming a server shared by every test worker (set by tests/conftest.py).
SHARED = "ROOTWISE_WARM_SOCKET"


class Server:
    """A warm interpreter started from this process (its child: its CPU time, and its children's,
    count as this process's). It ends when this process does, as its stdin closes."""

    def __init__(self, root: str):
        self.path = os.path.join(tempfile.mkdtemp(prefix="rootwise-warm-"), "server")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.warm_python", "serve", self.path],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()


# -- the launcher ------------------------------------------------------------------------------


def launch(path: str, argv: list[str], pid_fd: int | None = None) -> None:
    """Run ``argv`` (a script and its arguments) in a child of the server at ``path``; exit as it does.
    The child's process id is written to ``pid_fd``, if given (then closed)."""
    alive_r, alive_w = os.pipe()  # the child watches alive_r: it ends when this process does
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    conn.connect(path)
    request = {
        "argv": argv,
        "env": dict(os.environ),
        "cwd": os.getcwd(),
        "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
    }
    pending: list[int] = []
    child = [0]

    def forward(signum: int, _frame: object) -> None:
        if child[0]:
            os.kill(child[0], signum)
        else:
            pending.append(signum)

    for signum in FORWARDED:
        signal.signal(signum, forward)
    socket.send_fds(conn, [json.dumps(request).encode()], [0, 1, 2, alive_r])
    os.close(alive_r)
    while True:
        message = conn.recv(64)
        if not message:
            if child[0]:
                os.kill(child[0], signal.SIGKILL)
            os.write(2, b"warm_python: the server went away\n")
            os._exit(70)
        word, number = message.decode().split()
        if word == "pid":
            child[0] = int(number)
            if pid_fd is not None:
                os.write(pid_fd, f"{number}\n".encode())
                os.close(pid_fd)
            for signum in pending:
                os.kill(child[0], signum)
        else:
            _exit_like(int(number))


def _exit_like(status: int) -> None:
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 70)


# -- the server --------------------------------------------------------------------------------


def serve(path: str) -> None:
    """Import :data:`PRELOAD`, then fork a child for every launcher that connects, until stdin closes."""
    set_by_imports = _preload()
    listener, wake_r, wake_w, selector = _listen(path)
    children: dict[int, socket.socket] = {}
    while True:
        for key, _ in selector.select():
            if key.data == "parent" and not os.read(sys.stdin.fileno(), 1024):
                return  # the test worker is gone
            if key.data == "accept":
                conn, _ = listener.accept()
                message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 4)
                pid = os.fork()
                if pid == 0:
                    selector.close()
                    inherited = [listener, wake_r, wake_w, conn, *children.values()]
                    _child(json.loads(message), fds, inherited, set_by_imports)
                for fd in fds:
                    os.close(fd)
                children[pid] = conn
                _send(conn, f"pid {pid}")
            if key.data == "reap":
                wake_r.recv(4096)
                _reap(children)


def _preload() -> dict[str, str]:
    """Import :data:`PRELOAD`; what the imports set in the environment (as bot/__init__.py does),
    to be set again in each child."""
    import gc
    import importlib
    import threading

    before = dict(os.environ)
    for name in PRELOAD:
        importlib.import_module(name)
    # The red-flag rules compiled and the learnt models read from the cache: each process keeps
    # them once, by their files (safety/rules.py, safety/model.py), so a child finds them built
    # (a detector then costs it 0.05 s of CPU instead of 1.6 s). Content, the database and
    # everything else the bot builds are still built by each child.
    importlib.import_module("safety.redflags").RedFlagDetector.load()
    if threading.active_count() != 1:
        sys.exit(f"warm_python: the imports started threads ({threading.enumerate()}); forking is not safe")
    # What the imports made is kept out of the collector's sight (CPython's gc.freeze, for servers
    # that fork): a child's collections, its last one included, then walk only what it made itself,
    # instead of writing to every inherited page (0.1 s of CPU for each full collection).
    gc.collect()
    gc.freeze()
    return {k: v for k, v in os.environ.items() if before.get(k) != v}


def _listen(path: str):
    """The listening socket, a wake-up pair written on SIGCHLD, and a selector over both and stdin."""
    import selectors

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path + ".starting")
    listener.listen(64)
    os.rename(path + ".starting", path)  # the path appears once connections are taken
    wake_r, wake_w = socket.socketpair()
    wake_w.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno())
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(wake_r, selectors.EVENT_READ, "reap")
    selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    return listener, wake_r, wake_w, selector


def _reap(children: dict[int, socket.socket]) -> None:
    while children:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is not None:
            _send(conn, f"exit {status}")
            conn.close()


def _send(conn: socket.socket, text: str) -> None:
    with contextlib.suppress(OSError):  # the launcher is gone; its child goes with it
        conn.send(text.encode())


def _child(request: dict, fds: list[int], inherited: list[socket.socket], set_by_imports: dict) -> None:
    """Become ``python script args`` with the launcher's streams, environment, directory and
    limit on open files.

    Never returns: the script's end (or its SystemExit) ends the child as the interpreter would
    end (:func:`_exit`): non-daemon threads are joined, atexit handlers run and the streams are
    flushed as in a real run.
    """
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for sock in inherited:
        sock.close()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    _watch_launcher()
    os.environ.clear()
    os.environ.update(request["env"])
    for name, value in set_by_imports.items():
        os.environ.setdefault(name, value)
    os.chdir(request["cwd"])
    # the launcher's limit on open files, as a process started with it would have (a test lowers it)
    resource.setrlimit(resource.RLIMIT_NOFILE, tuple(request["nofile"]))
    _run(request["argv"])


def _watch_launcher() -> None:
    import threading

    def watch() -> None:
        try:
            os.read(LAUNCHER_FD, 1)
        finally:
            os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="launcher-watch", daemon=True).start()


def _run(argv: list[str]) -> None:
    """Run the script as ``__main__``, then exit as Python would (an uncaught error: its traceback, 1)."""
    import runpy
    import traceback

    script = os.path.abspath(argv[0])
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(script)
    code: object = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - reported as the interpreter reports it
        traceback.print_exc()
        code = 1
    _exit(code)


def _exit(code: object) -> None:
    """End the child as the interpreter ends at ``SystemExit(code)``, without its last step.

    What a script can see of its end is done as Python does it: the non-daemon threads are
    joined, the atexit handlers run, garbage is collected (so an object the script left
    unreachable, an unclosed session say, is finalised and warns), the streams are flushed, and
    the exit code is ``code``'s. Left out is the interpreter freeing every object it still holds:
    in a forked child that writes to nearly every page inherited from the server (each object's
    reference count), about 0.7 s of CPU a process, paid by each of the ~40 processes the tests start.
    """
    import atexit
    import gc
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code & 0xFF
    else:
        print(code, file=sys.stderr)
        status = 1
    getattr(threading, "_shutdown")()  # noqa: B009 - what the interpreter calls first at its end
    atexit._run_exitfuncs()
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif sys.argv[3].startswith("--pid-fd="):
        launch(sys.argv[2], sys.argv[4:], int(sys.argv[3].removeprefix("--pid-fd=")))
    else:
        launch(sys.argv[2], sys.argv[3:])
