"""A checklist of warning signs answered item by item, a negation that belongs to another clause
than the sign's, too much of an opioid however it came about, a medicine taken with a drink, a
night chosen beside tablets made ready, black poo told as "pooing", and a past event "all sorted".

Every message is our own wording; each kind has messages the rules must answer and look-alikes
they must not. What the rules alone must do is one of: a level answered at once, "ask",
"nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from tests.evaluation import assert_rules_outcome

KINDS: dict[str, list[tuple[str, str]]] = {
    "a checklist answered item by item": [
        ("the leaflet list: numb bum? no. cant pee? no. both legs? no. what about sleep though", "nothing"),
        ("repasé la lista: pérdida de control de vejiga no, intestino no, debilidad no. ¿todo bien?", "nothing"),
        ("fiebre no, pérdida de peso no, cáncer no. solo me duele sentado en la oficina", "nothing"),
        ("numb between my legs? yes. since this morning", "emergency"),
        ("Checklist: 1 saddle numbness - no. 2 bladder - cant go, tried for 4 hrs. 3 bowel - ok", "emergency"),
        # without a question mark, "no" after a sign said in the negative is no answer
        ("i cant pee no", "emergency"),
        # a tag question is no answer
        ("se me duerme la entrepierna, no?", "emergency"),
    ],
    "a negation in another clause than the sign's": [
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
        ("My daughter's 3 and got into my naproxen and gabapentin, dont know how many", "emergency"),
        ("took a whole packet of cocodamol with wine", "emergency"),
        ("me tomé toda la tira de pregabalina con vino porque ya no aguanto más", "emergency"),
        ("my pupils are tiny on tramadol, is that normal? otherwise fine", "not emergency"),
        ("llevo 12 días con tramadol", "nothing"),
        ("my son is into my tablets again, he keeps asking for more", "nothing"),
        ("ate a whole packet of chocolate digestives lol", "nothing"),
        ("had a whole bottle of red wine last night", "nothing"),
        ("me comí una bolsa entera de papas", "nothing"),
    ],
    "a night chosen beside tablets made ready (NHS: help for suicidal thoughts)": [
        ("ive got the tablets lined up. gabapentin and my dads morphine. tonights the night. sorry", "emergency"),
        ("got my tablets laid out for the week in the dosette box. tonights the night we go out for curry", "nothing"),
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
