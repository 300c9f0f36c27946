"""Everyday accounts: a pulsing belly with sudden pain, a goodbye to a support group, cutting now,
a weight on the chest named before the chest, black poo with dizziness told in Spanish, a hand that
will not obey, a general question about the signs followed only by the writer's worry or by "I think
I have them all", and what the reviews of these found.

Every message is our own wording; each kind has messages the rules must answer and look-alikes
they must not. What the rules alone must do is one of: a level answered at once, "ask",
"nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from tests.evaluation import assert_rules_outcome

KINDS: dict[str, list[tuple[str, str]]] = {
    "a pulsing in the tummy with sudden pain or feeling faint (NHS: abdominal aortic aneurysm)": [
        ("my lower back went suddenly, agony, and there's a pulsing by my belly button. feel faint", "emergency"),
        ("sudden awful pain in my back and tummy, it's pulsating like a heartbeat, sweating", "emergency"),
        ("de golpe un dolor horrible en la espalda y me late la barriga, estoy mareado", "emergency"),
        ("my stomach is pulsing and I feel dizzy after the roller coaster", "nothing"),
        ("I can feel a pulse in my tummy when I lie flat, is that normal? back ache as usual", "nothing"),
    ],
    "a goodbye with an end in view, affairs sorted, cutting now (NHS: help for suicidal thoughts)": [
        ("goodbye all of you, the pain won. thank you for the kindness", "emergency"),
        ("I've sorted my affairs. Tonight is the night", "emergency"),
        ("I'm cutting myself right now", "emergency"),
        ("me despido de todos, el dolor ganó", "emergency"),
        ("dejé arreglados mis papeles, esta noche es la noche", "emergency"),
        ("me estoy cortando ahora mismo", "emergency"),
        ("goodbye everyone, leaving the group as my surgery went great, thanks for everything", "nothing"),
        ("sorted my affairs before my op tonight, fingers crossed", "nothing"),
        ("me estoy cortando el pelo ahora mismo", "nothing"),
    ],
    "a weight on the chest named first (NHS: heart attack)": [
        ("it's like a weight on my chest going down my left arm, sweaty", "emergency"),
        ("feels like an elephant sitting on my chest for half an hour", "emergency"),
    ],
    "black poo with dizziness, a hand that will not obey, in Spanish": [
        ("popo negra como alquitrán desde ayer y me mareé en el baño", "emergency"),
        ("la mano derecha no me ahce caso y veo doble", "emergency"),
        ("la popo negra desde que tomo hierro, me mareé en el bus pero eso me pasa siempre", "nothing"),
    ],
    "a general question about the signs, then the writer's worry or the writer's own signs": [
        ("what are the signs of cauda equina? my physio mentioned it and now I'm paranoid", "nothing"),
        ("what are the signs of cauda equina? I think I have them all", "emergency"),
        ("what are the warning signs of cauda equina? I think I've got most of them", "emergency"),
        ("cuáles son los síntomas de cola de caballo? creo que los tengo todos", "emergency"),
        ("cuáles son los síntomas de cola de caballo? me lo dijo el fisio y ahora estoy preocupada", "nothing"),
        ("what are the signs of cauda equina? now I'm scared, I can't feel my bum since this morning", "emergency"),
    ],
    "a wish to be dead, thoughts of self-harm (NHS: help for suicidal thoughts)": [
        ("been wishing I was dead most nights lately, wouldn't do anything though", "emergency"),
        ("tengo pensamientos de hacerme daño desde que empezó el dolor", "emergency"),
        ("no tengo pensamientos de hacerme daño, solo estoy cansada del dolor", "nothing"),
    ],
    "a fall and not getting up": [
        ("dad fell, can't get comfortable and can't get up", "emergency"),
        ("I fell and I can't get myself off the floor", "emergency"),
        ("tackled hard, couldn't even get to my feet", "emergency"),
    ],
    "what a clinician's and an attacker's reading found: none may lose the reply, none may get it": [
        # a crisis dated long past and told as over was set aside: withdrawn, relapse is told in words no list holds
        ("tried to end my life in 2017, doing really well now. some days I think about it still", "emergency"),
        ("I tried to kill myself last year, much better now", "emergency"),
        ("tried to end my life years ago, recovered. im in the bath with a razor", "emergency"),
        ("Hace 3 años intenté suicidarme. Ya no estoy bien.", "emergency"),
        ("hace años pensaba en matarme, ahora estoy bien. otra vez tengo esas ideas", "emergency"),
        # a worry after a general question, with the writer's own time
        ("what are the signs of CES? I'm nervous, I've had it since this morning", "emergency"),
        ("what are the signs of cauda equina? my back got much worse today and now I'm worried it's that", "emergency"),
        (
            "is losing control of your bladder serious? Really scared, it started happening to me today.",
            "emergency",
        ),
        # an overdose asked about after it was taken (the Spanish "puede causar sobredosis" except: withdrawn)
        (
            "mi padre se ha puesto dos parches de fentanilo juntos, ¿podría causar sobredosis? está muy adormilado",
            "emergency",
        ),
        # "can't get" after a fall (the narrowing: withdrawn)
        ("grandad had a fall and we cant get grandad back into bed", "emergency"),
        ("mum's fallen in the kitchen and I can't get mum up, she's 84", "emergency"),
        # look-alikes of the new patterns
        ("the hangover had me wishing I was dead lol", "nothing"),
        ("I wished I was dead lifting again like before my injury", "nothing"),
        ("goodbye guys, moving to Spain for good next month", "nothing"),
        ("goodbye all, physio signed me off, im done with this group haha", "nothing"),
        ("getting my affairs sorted before my spinal fusion next week, tonight i pack", "nothing"),
        ("me da mucho miedo la idea de morir en el quirófano, me operan de la hernia el lunes", "nothing"),
        ("I'm 30 weeks pregnant and can feel a pulse in my belly like a heartbeat", "not emergency"),
        ("me late el corazón muy fuerte de la ansiedad y me duele el estómago", "nothing"),
        ("I get a pulsing headache and stomach ache when my back flares", "not emergency"),
        (
            "I'm 72, sudden terrible pain in my back and belly, a throbbing lump by my belly button, feel faint",
            "emergency",
        ),
    ],
    "an overdose told in Spanish": [
        ("tomé toda la caja de tramadol, creo que es una sobredosis", "emergency"),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [case for cases in KINDS.values() for case in cases],
    ids=[f"{kind[:30]}-{i}" for kind, cases in KINDS.items() for i in range(len(cases))],
)
def test_each_kind_and_its_look_alikes(text, expected):
    assert_rules_outcome(text, expected)
