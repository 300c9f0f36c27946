"""Everyday accounts: a pulsing belly with sudden pain, a goodbye to a support group, cutting now,
a weight on the chest named before the chest, black poo with dizziness told in Spanish, a hand that
will not obey, a crisis dated long past and told as over (and what says it may not be), a general
question about the signs followed by the writer's worry or by "I think I have them all", and a
medicine said to be able to cause an overdose.

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
    "a fall and then 'can't get' something other than up": [
        ("my gran fell this morning, got up by herself, now can't get comfy in her chair", "not emergency"),
        ("dad fell, can't get comfortable and can't get up", "emergency"),
        ("I fell and I can't get myself off the floor", "emergency"),
        ("tackled hard, couldn't even get to my feet", "emergency"),
    ],
    "a crisis dated long past and told as over, and what says it may not be": [
        ("had suicidal thoughts years ago when my marriage ended, in a good place now. yoga ok?", "nothing"),
        ("tried to take my life in 2016, much better now with therapy. any tips for pacing?", "nothing"),
        ("hace 5 años intenté quitarme la vida, ahora estoy mucho mejor. qué ejercicios me recomiendan?", "nothing"),
        ("years ago I wanted to die, in a good place now. tonight I've got the pills ready", "emergency"),
        ("tried to end my life in 2015, recovered now. I've written letters to my kids", "emergency"),
        ("I had suicidal thoughts years ago, much better now, but lately I wish I wasn't here", "emergency"),
        ("I self harmed as a teenager and now the urges are back", "emergency"),
        ("I had suicidal thoughts years ago, got better, but now they're back and I want to die", "emergency"),
        ("hace años pensaba en matarme, ahora estoy bien. otra vez tengo esas ideas", "emergency"),
        ("pensaba en matarme anoche", "emergency"),
        ("I was suicidal last month, better now", "emergency"),
    ],
    "a medicine said to be able to cause an overdose": [
        ("me dijeron que la morfina puede causar sobredosis, la uso como me indicaron", "nothing"),
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
