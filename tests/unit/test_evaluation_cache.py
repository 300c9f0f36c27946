"""tests/evaluation.py keeps what the evaluation gates score under a name made from every input:
a change to any file of the product's code or content, or to the set, names another result."""

from __future__ import annotations

from pathlib import Path

from tests import evaluation


def _tree(root: Path) -> None:
    for name in (*evaluation.TREES, "tests"):
        (root / name).mkdir(parents=True)
    for name in evaluation.FILES:
        (root / name).write_text("")
    (root / "content" / "redflags.yaml").write_text("signs: []\n")
    (root / "safety" / "redflags.py").write_text("X = 1\n")
    (root / "tests" / "set.yaml").write_text("cases: []\n")


def test_every_input_of_a_score_is_in_its_name(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.setattr(evaluation, "ROOT", tmp_path)
    scored = tmp_path / "tests" / "set.yaml"

    product = evaluation._product.__wrapped__  # not the once-a-process answer

    def name() -> str:
        made = product()
        monkeypatch.setattr(evaluation, "_product", lambda: made)
        return evaluation._digest("a/model", scored).hexdigest()

    first = name()
    assert name() == first  # the same inputs, the same name
    for path, change in (
        (tmp_path / "content" / "redflags.yaml", "signs: [x]\n"),
        (tmp_path / "safety" / "redflags.py", "X = 2\n"),
        (tmp_path / "content" / "es" / "redflags.yaml", "signs: []\n"),  # a new file
        (scored, "cases: [1]\n"),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        before = name()
        path.write_text(change)
        assert name() != before, path
    monkeypatch.setattr(evaluation, "_product", lambda: b"")
    assert evaluation._digest("a/model", scored).digest() != evaluation._digest("a/rules", scored).digest()


def test_processes_needing_the_same_thing_at_once_learn_it_once(tmp_path, monkeypatch):
    """While one process learns, the cache entry's lock is held, so a second one that needs it
    waits and then takes the first one's copy instead of learning it again."""
    import fcntl
    import hashlib
    import threading

    from safety.learnt import kept

    monkeypatch.setenv("ROOTWISE_MODEL_CACHE", str(tmp_path))
    digest = hashlib.sha256(b"inputs")
    learning, release, learnt = threading.Event(), threading.Event(), []

    def slow() -> list[str]:
        learning.set()
        release.wait(10)
        learnt.append("first")
        return ["first"]

    first = threading.Thread(target=lambda: kept("thing", digest, list, slow))
    first.start()
    assert learning.wait(10)
    (lock,) = tmp_path.glob("thing-*.lock")
    with lock.open("a") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = False
        except BlockingIOError:
            held = True
    release.set()
    first.join(10)
    assert held  # the learning process holds the lock while it learns

    def again() -> list[str]:
        learnt.append("second")
        return ["second"]

    assert kept("thing", digest, list, again) == ["first"]
    assert learnt == ["first"]
