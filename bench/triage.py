"""Triage figures over the vignette sets: sensitivity per level, specificity, the confusion table.

    python bench/triage.py [--set a] [--set b] [--misses] [--legacy]
    python bench/triage.py --cv [--language en|es] [--misses]

``--cv`` is leave-one-set-out over the development sets (safety/vignettes/): the message model
learns from every development set but one, that one is scored, and so on for each set in turn;
the honest estimate of the model on wording it has not learnt from (the rules were written
against these sets, so the rules' share is still optimistic). Held-out sets are never used.

Each vignette (development sets in safety/vignettes/, which the message model learns from, and in
safety/vignettes/rules/, read for the rules only;
held-out sets in tests/data/triage_vignettes_*.yaml, never learnt from) has the level a clinician gives it
(emergency | urgent | soon | none) and, when the message names a sign that may be long-standing
without saying it is new, ``ask: true``: then the right answer is the follow-up question, and
its level is the one the answer "yes, new or worse" leads to.

What the bot did with a message is one of: emergency, urgent, soon (the level's reply at once),
ask (the follow-up question) or none. A case counts as caught when:
  - level emergency, not ask: the emergency reply at once (a question is a miss: it delays);
  - level emergency, ask:     the emergency reply, or the question;
  - level urgent:              urgent or emergency at once, or the question;
  - level soon:                soon or higher, or the question;
False emergency rate: the share of level-none messages answered with the emergency reply.
Over-asking: the share of level-none messages answered with the question.

``--legacy`` scores the detector's old two-level ``check()`` (what it did before triage levels).
Prints figures only; tests/unit/test_triage.py holds the thresholds.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from content.yamldoc import load_yaml  # noqa: E402
from safety.model import MessageModel, set_language  # noqa: E402
from safety.redflags import RedFlagDetector  # noqa: E402

DATA = ROOT / "tests" / "data"
DEVELOPMENT = ROOT / "safety" / "vignettes"
#: Development sets the rules were read against but the message model does not learn from
#: (learning them cost held-out emergencies: docs/triage.md, "Sets AF and ES-Z").
RULES_ONLY = DEVELOPMENT / "rules"
SETS = {p.stem: p for p in (*DEVELOPMENT.glob("*.yaml"), *RULES_ONLY.glob("*.yaml"))} | {
    p.stem.rsplit("_", 1)[1]: p for p in DATA.glob("triage_vignettes_*.yaml")
}
SETS |= {name.replace("-", ""): SETS[name] for name in list(SETS) if "-" in name}  # --set esa for es-a.yaml
LEVELS = ("emergency", "urgent", "soon", "none")
OUTCOMES = ("emergency", "urgent", "soon", "ask", "none")
RANK = {"none": 0, "soon": 1, "urgent": 2, "emergency": 3}


LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def language_of(name: str) -> str:
    """The language a set is written in: es-a.yaml / triage_vignettes_esa.yaml are Spanish."""
    return "es" if name.startswith("es") else "en"


def load(name: str) -> list[dict]:
    """The set's cases (read with libyaml's parser where PyYAML has it)."""
    return load_yaml(SETS[name].read_text(encoding="utf-8"))["cases"]


def outcome(detector: RedFlagDetector, text: str, legacy: bool = False) -> str:
    """What the bot does with ``text``: a level, "ask" or "none"."""
    if legacy or not hasattr(detector, "triage"):
        return detector.check(text).level or "none"
    result = detector.triage(text)
    if result.action == "ask":
        return "ask"
    return result.level if result.action == "alert" else "none"


def outcomes(detector: RedFlagDetector, texts: list[str], legacy: bool = False) -> list[str]:
    """``outcome`` of each of ``texts``, the message model reading them a thousand at a time."""
    got: list[str] = []
    for start in range(0, len(texts), 1000):
        chunk = texts[start : start + 1000]
        if not legacy:
            detector.read_ahead(chunk)
        got += [outcome(detector, text, legacy) for text in chunk]
    return got


def caught(case: dict, got: str) -> bool:
    level = case["level"]
    if level == "none":
        return got in ("none", "soon") or (got == "ask" and case.get("ask", False))
    if got == "ask":
        return level != "emergency" or case.get("ask", False)
    return got != "none" and RANK[got] >= RANK[level]


def score(cases: list[dict], outcomes: list[str]) -> dict[str, float]:
    """The gate's figures for one set."""

    def share(keep, hit) -> tuple[int, int]:
        chosen = [(c, g) for c, g in zip(cases, outcomes, strict=True) if keep(c)]
        return sum(1 for c, g in chosen if hit(c, g)), len(chosen)

    figures: dict[str, float] = {}
    for level in ("emergency", "urgent", "soon"):
        n, d = share(lambda c, lv=level: c["level"] == lv, caught)
        figures[f"{level}_recall"] = n / d if d else 1.0
        figures[f"{level}_n"] = d
    n, d = share(lambda c: c["level"] == "none", lambda c, g: g == "emergency")
    figures["false_emergency"] = n / d if d else 0.0
    figures["none_n"] = d
    n, d = share(lambda c: c["level"] == "none", lambda c, g: g in ("emergency", "urgent"))
    figures["false_alert"] = n / d if d else 0.0
    n, d = share(lambda c: c["level"] == "none", lambda c, g: g == "ask")
    figures["over_ask"] = n / d if d else 0.0
    n, d = share(lambda c: c["level"] == "none", lambda c, g: caught(c, g))
    figures["specificity"] = n / d if d else 1.0
    n, d = share(lambda c: c["level"] == "emergency" and not c.get("ask"), lambda c, g: g == "ask")
    figures["clear_emergency_asked"] = n
    n, d = share(lambda c: c["level"] == "emergency", lambda c, g: g in ("emergency", "ask"))
    figures["emergency_reached"] = n / d if d else 1.0
    return figures


def report(name: str, cases: list[dict], outcomes: list[str], misses: bool) -> None:
    f = score(cases, outcomes)
    print(f"\n== set {name} ({LANGUAGE_NAMES[language_of(name)]}): {len(cases)} messages")
    for level in ("emergency", "urgent", "soon"):
        print(f"  {level:<10} recall {f[f'{level}_recall']:.3f}  (n={f[f'{level}_n']:.0f})")
    print(f"  none       specificity {f['specificity']:.3f}  (n={f['none_n']:.0f})")
    print(f"  false emergency rate on level-none messages: {f['false_emergency']:.3f}")
    print(f"  false emergency-or-urgent rate on level-none:  {f['false_alert']:.3f}")
    print(f"  over-asking on level-none messages:            {f['over_ask']:.3f}")
    print(f"  clear emergencies answered with a question:    {f['clear_emergency_asked']:.0f}")
    print(f"  emergencies reached (the alarm or the question): {f['emergency_reached']:.3f}")
    confusion = Counter(
        (("ask-" if c.get("ask") else "") + c["level"], g) for c, g in zip(cases, outcomes, strict=True)
    )
    rows = [r for lv in LEVELS for r in (lv, f"ask-{lv}") if any(k[0] == r for k in confusion)]
    print("  confusion (rows: expected; ask- = a question is right; columns: what the bot did)")
    print(f"  {'':>15}" + "".join(f"{o:>10}" for o in OUTCOMES))
    for row in rows:
        print(f"  {row:>15}" + "".join(f"{confusion[row, o]:>10}" for o in OUTCOMES))
    if misses:
        wrong = [(c, g) for c, g in zip(cases, outcomes, strict=True) if not caught(c, g)]
        print(f"  wrong: {len(wrong)}")
        for c, g in wrong:
            print(f"    want {('ask-' if c.get('ask') else '') + c['level']:<15} got {g:<10} {c['text'][:150]!r}")


def development_sets() -> list[str]:
    """The development sets by name (a, b, ..., es-a, ...), English first."""
    return sorted((p.stem for p in DEVELOPMENT.glob("*.yaml")), key=lambda n: (language_of(n), n))


def without(detector: RedFlagDetector, left_out: str) -> RedFlagDetector:
    """The detector with its message model learnt from every development set but ``left_out``
    (in that set's language; the rules and every other setting are the detector's own)."""
    language = set_language(SETS[left_out])
    paths = [p for p in DEVELOPMENT.glob("*.yaml") if p.stem != left_out]
    fold = copy.copy(detector)
    fold._read = {}  # the model's memo of short texts: this fold's model reads afresh
    if language == "en":
        fold.model = MessageModel.from_files(p for p in paths if set_language(p) == "en")
        fold.models = {}  # an English set has no Spanish messages; none reaches another model
    else:
        fold.models = {
            **detector.models,
            language: MessageModel.from_files(p for p in paths if set_language(p) in ("en", language)),
        }
    return fold


def cross_validate(detector: RedFlagDetector, misses: bool, language: str | None = None) -> None:
    """Leave-one-set-out over the development sets (of ``language`` only, when given), then the
    figures over all of each language's."""
    pooled: dict[str, tuple[list[dict], list[str]]] = {}
    for name in development_sets():
        if language is not None and language_of(name) != language:
            continue
        cases = load(name)
        fold = without(detector, name)
        got = outcomes(fold, [c["text"] for c in cases])
        report(f"{name} (left out)", cases, got, misses)
        both = pooled.setdefault(LANGUAGE_NAMES[language_of(name)], ([], []))
        both[0].extend(cases)
        both[1].extend(got)
    print("\n== every development set, each scored by the model learnt without it")
    for language, (cases, got) in pooled.items():
        f = score(cases, got)
        print(
            f"  {language}: emergency {f['emergency_recall']:.3f} / urgent {f['urgent_recall']:.3f} / "
            f"false emergency {f['false_emergency']:.3f} / false emergency-or-urgent {f['false_alert']:.3f} / "
            f"soon {f['soon_recall']:.3f} / "
            f"over-asking {f['over_ask']:.3f} / reached {f['emergency_reached']:.3f} "
            f"/ clear emergencies asked {f['clear_emergency_asked']:.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", dest="sets", help="a, b, ... (default: every set)")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    parser.add_argument("--legacy", action="store_true", help="score the old two-level check()")
    parser.add_argument("--cv", action="store_true", help="leave one development set out in turn")
    parser.add_argument("--language", choices=sorted(LANGUAGE_NAMES), help="with --cv: only this language's sets")
    args = parser.parse_args()
    if args.cv:
        cross_validate(RedFlagDetector.load(), args.misses, args.language)
        return
    names = args.sets or sorted((n for n in SETS if "-" not in n), key=lambda n: (language_of(n), n))
    detector = RedFlagDetector.load()
    for name in names:
        cases = load(name)
        report(name, cases, outcomes(detector, [c["text"] for c in cases], args.legacy), args.misses)
    print(f"\nrules checked on every message: {', '.join(LANGUAGE_NAMES.get(x, x) for x in detector.languages)}")


if __name__ == "__main__":
    main()
