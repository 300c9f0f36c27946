"""A "no" after a sign that is no checklist's answer, a negation that belongs to another clause
than the sign's, too much of an opioid however it came about, black poo told as "pooing", and a
past event "all sorted".

Every message is our own wording; each kind has messages the rules must answer and look-alikes
they must not. What the rules alone must do is one of: a level answered at once, "ask",
"nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from tests.evaluation import assert_rules_outcome

KINDS: dict[str, list[tuple[str, str]]] = {
    # A "no" after a sign is not read as a checklist's answer: it may correct a number, stress the
    # sign, end a sentence in Indian English or confirm a sign asked in the negative.
    'a "no" after a sign is no denial': [
        ("son has swallowed my co-codamol no, about 8 we think", "emergency"),
        ("doctor there is numbness in my private parts no, since yesterday evening. what to do", "emergency"),
        ("¿no puedo orinar? no, nada desde anoche y tengo la barriga hinchada", "emergency"),
        ("can't pee? no, not a drop since last night and my belly is swollen", "emergency"),
        ("lips and tongue swelling no, cant breathe properly", "emergency"),
        ("Bladder control: no. Bowel control: no. since yesterday evening", "emergency"),
        ("Checklist: 1 saddle numbness - no. 2 bladder - cant go, tried for 4 hrs. 3 bowel - ok", "emergency"),
        ("i cant pee no", "emergency"),
        ("se me duerme la entrepierna, no?", "emergency"),
        ("my physio said watch for numbness down below yes, will do", "nothing"),
    ],
    "a negation in another clause than the sign's": [
        ("temp 39.2 and shivery but not what i would call confused at all", "not emergency"),
        ("numb leg but not my groin", "not emergency"),
        ("my foot is numb, not my bum", "not emergency"),
        (
            "I've had a fever of 39 since yesterday, I haven't slept at all with the pain, and now I'm really confused",
            "emergency",
        ),
        ("my groin is not numb", "nothing"),
        ("my groin is not at all numb", "nothing"),
        ("No es que me desmaye ni nada, es puro agotamiento de aguantar el dolor todo el día.", "not emergency"),
        ("me desmayé, no tengo fiebre ni nada, pero el dolor es horrible", "emergency"),
        ("no puedo orinar ni nada, y me duele la espalda desde ayer", "emergency"),
    ],
    "too much of an opioid (NHS: overdose)": [
        (
            "mum's on fentanyl patches, we just found 3 on her instead of 1, shes very drowsy, breathing slow",
            "emergency",
        ),
        ("tiny pupils and so drowsy after my oxycodone", "emergency"),
        ("las pupilas chiquitas y respiro super lento", "emergency"),
        ("tramadol 50 cada 6h, me equivoqué con las cajas y llevo como 12 hoy", "emergency"),
        ("my pupils are tiny on tramadol, is that normal? otherwise fine", "not emergency"),
        ("llevo 12 días con tramadol", "nothing"),
        ("his pupils are like pinpricks and he keeps nodding off mid sentence", "emergency"),
        ("my GP put me on 2 pregabalin at night instead of 1, now i feel drowsy in the mornings, normal?", "nothing"),
        ("noticed tiny pupils since starting oxycodone, and i do slow breathing exercises for the pain", "nothing"),
        ("tomo pregabalina, llevo como 10 pastillas en la caja y no me da la receta", "nothing"),
        ("ate a whole packet of jaffa cakes after my gabapentin, feel sick lol", "nothing"),
        ("amitriptyline counted out. tonights the night i start it, bit nervous", "nothing"),
        ("ate a whole packet of chocolate digestives lol", "nothing"),
        ("had a whole bottle of red wine last night", "nothing"),
        ("me comí una bolsa entera de papas", "nothing"),
        ("overdosed on my nans christmas cake haha", "nothing"),
    ],
    "black poo with feeling faint (NHS: vomiting blood)": [
        ("on naproxen a month, now pooing black tar and nearly fainted getting off the loo", "emergency"),
    ],
    "a past event all sorted": [
        (
            "last year I went to A&E cos I couldnt pee, turned out to be my prostate, all sorted. how long now?",
            "nothing",
        ),
        ("last year I couldnt pee, all sorted, but since this morning I cant pee again", "emergency"),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [case for cases in KINDS.values() for case in cases],
    ids=[f"{kind[:30]}-{i}" for kind, cases in KINDS.items() for i in range(len(cases))],
)
def test_each_kind_and_its_look_alikes(text, expected):
    assert_rules_outcome(text, expected)
