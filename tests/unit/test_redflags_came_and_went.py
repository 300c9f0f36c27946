"""Signs that came and went, headaches after a needle in the spine, and posts that only share the
warning signs: what the rules must do with each, in both languages.

The messages are our own wordings. Each row is (message, what the rules alone must do): a level
answered at once, "ask", "nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from tests.evaluation import rules_only as detector

CASES = [
    # A stroke sign that passed is still a reason to call 999 (NHS, TIA)
    ("my right eye went dark for five minutes at lunch, like a blind coming down, then it cleared", "emergency"),
    ("dad's mouth dropped to one side for a few minutes this afternoon, he's talking fine again now", "emergency"),
    ("my wife's words came out all jumbled for ten minutes after tea, back to normal now", "emergency"),
    ("my right arm and right leg gave way together for a minute while I was cooking, fine now", "emergency"),
    ("esta mañana estuve unos diez minutos sin poder hablar bien, ya se me pasó", "emergency"),
    ("hoy perdí la vista del ojo derecho unos minutos, como una cortina, y volvió", "emergency"),
    # ... but a stroke named and over is history, and a passing cause is not a stroke
    ("my mum had a mini stroke last month, she's fine now", "not emergency"),
    ("had a TIA in the summer, all good since", "not emergency"),
    ("mi papá tuvo un derrame cerebral en marzo, ya se recuperó bien", "not emergency"),
    ("a mi abuela le dio un ictus el mes pasado, ya está mejor", "not emergency"),
    ("I lost the sight in my left eye in 2015 after a detached retina", "not emergency"),
    ("slurring after the wine lol back to normal now", "not emergency"),
    ("no podía hablar de la risa, ya se me pasó", "not emergency"),
    ("se me trababan las palabras de los nervios, ya pasó", "not emergency"),
    ("tenía la boca torcida por la parálisis facial, ya se me quitó", "not emergency"),
    ("se me fue la vista un momento al pararme rápido, ya volvió", "not emergency"),
    ("my arm and leg went numb from sitting on the floor, fine now", "not emergency"),
]


def outcome(text: str) -> str:
    result = detector().triage(text)
    if result.action == "alert":
        return str(result.level)
    return "ask" if result.action == "ask" else "nothing"


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_message_gets_what_a_clinician_would_give_it(text, expected):
    got = outcome(text)
    if expected == "not emergency":
        assert got != "emergency", text
    else:
        assert got == expected, text
