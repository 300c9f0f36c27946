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
    # A headache worse upright and better flat after a needle in the spine: the team today
    ("three days since my spinal tap and my head pounds whenever I stand, flat on the bed it's fine", "urgent"),
    ("epidural for my back on Friday, now my head splits when I sit up, lying down it goes", "urgent"),
    ("desde la punción lumbar del lunes me duele la cabeza al levantarme y acostada se me pasa", "urgent"),
    ("post dural puncture headache since the birth, day 4", "urgent"),
    ("had a spinal headache after my injection in May, all gone now. will it happen again next time?", "nothing"),
    ("my sister had an epidural years ago and got a headache, a blood patch sorted it, she was fine", "not emergency"),
    ("I get headaches when I stand up too fast, better lying down, had an epidural for my son 10 years ago", "nothing"),
    # ... with a fever, being sick, a stiff neck or light that hurts: meningitis after it, 999
    ("lumbar puncture on Tuesday, today I'm burning up, my neck is like a plank and the light hurts", "emergency"),
    ("after the nerve block I have a high temperature and my neck hurts to bend", "emergency"),
    ("a mi esposo le hicieron una punción lumbar, ahora tiene fiebre y el cuello durísimo", "emergency"),
    ("tengo el cuello tieso, me molesta la luz y vomité tres veces", "emergency"),
    ("my neck is stiff from sleeping funny, the light is fine, no temperature", "not emergency"),
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
