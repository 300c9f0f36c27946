"""A learnt model kept between starts: learning costs seconds of CPU, so what scikit-learn learnt is
kept with joblib (installed with scikit-learn) in ``ROOTWISE_MODEL_CACHE`` (default ``data/cache``;
empty: never kept), under a name made from everything it was learnt from. Any change to that learns
afresh; a cache that cannot be read or written only costs the learning."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

DEFAULT_CACHE = "data/cache"
T = TypeVar("T")


def kept(name: str, digest: hashlib._Hash, kind: type[T], learn: Callable[[], T]) -> T:
    """The ``kind`` learnt by ``learn()``, from the cache when it holds one under ``name`` and
    ``digest`` (which must cover every input of the learning), else learnt and then kept.

    Processes sharing the cache that need the same thing at once (replicas starting together, test
    workers) learn it once: the others wait for the first one's copy instead of learning it too."""
    folder = os.environ.get("ROOTWISE_MODEL_CACHE", DEFAULT_CACHE)
    cached = Path(folder) / f"{name}-{digest.hexdigest()[:16]}.joblib" if folder else None
    if cached is None:
        return learn()
    with _alone(cached.with_suffix(".lock")):
        return _kept(name, cached, kind, learn)


@contextlib.contextmanager
def _alone(lock: Path) -> Iterator[None]:
    """Hold ``lock`` (an advisory lock on a file) where the system has them; otherwise, or when the
    file cannot be made, go on without it: the lock saves work, correctness never depends on it."""
    try:
        import fcntl

        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a")
    except (ImportError, OSError):
        yield
        return
    with handle:
        with contextlib.suppress(OSError):  # a file system without locks: go on without
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _kept(name: str, cached: Path, kind: type[T], learn: Callable[[], T]) -> T:
    import joblib

    if cached.is_file():
        try:
            found = joblib.load(cached)
            if isinstance(found, kind):
                return found
        except Exception:  # noqa: BLE001 - a damaged or foreign file: learn afresh
            log.warning("the cached %s %s could not be read; learning afresh", name, cached)
    learnt = learn()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".tmp", delete=False) as handle:
            joblib.dump(learnt, handle)
        os.replace(handle.name, cached)  # whole, or not at all
    except OSError as exc:
        log.info("the %s is not cached (%s)", name, exc)
    return learnt
