"""Long-standing, past and imagined signs that are not an emergency now, and the emergencies told
beside the same words, in both languages (safety/scope.py):

- a sign dated long ago in its own clause and said to be over ("in 2018 I wet myself with the
  disc, had the op and recovered, nothing since"): cues.past with cues.resolved or cues.over;
- a cauda equina sign with how long it has lasted right after it ("bowel incontinence for 7
  years"): asked, never alarmed;
- a question about what might happen at a time still to come ("what if I can't pee after the
  block tomorrow?"): cues.hypothetical with cues.to_come;
- numbness that goes as soon as the person stands up (``positional`` signs, cues.relief);
- a beginning dated long ago ("started years ago"): cue words ``onset``;
- a time cue before a sign counts only in its clause: not across "but" or a comma and a new
  subject ("had a stroke years ago and recovered, his face is drooping");
- a symptom in a story on a screen (cues.story) until the writer comes in ("watching Casualty
  and a fella came in unable to pee" / "... and I can't feel my bum").

The emergencies are the reviewers' messages that an earlier version of these readings silenced;
each must get the emergency reply at once.
"""

from __future__ import annotations

from functools import cache

import pytest

from safety.redflags import RedFlagDetector


@cache
def detector() -> RedFlagDetector:
    return RedFlagDetector.load()


NOT_NOW = [
    "My erection problems started years ago, before the back pain",
    "los problemas de erección empezaron hace años, antes del dolor de espalda",
    "What if I can't pee after the nerve block tomorrow?",
    "¿Y si no puedo orinar después de la infiltración de mañana?",
    "se me duerme el culo después de 3 horas en clase, se me pasa en cuanto me levanto",
    "cuando estoy mucho rato sentada se me duerme la entrepierna pero me pongo de pie y se me quita",
    "my bum went numb on the stadium bench for 3 hours, fine once i stood up and walked about",
    "en 2018 me hice pis encima por la hernia, me operaron y me recuperé, desde entonces nada, quería ejercicios",
    "hace 5 años tuve retencion de orina por la hernia y me operaron, desde entonces nada raro",
    # a story on a screen, a hypothetical, everyday words, an old beginning, a quick recovery
    "watching Holby last night and a man came in who couldn't wee after a fall, is that cauda equina?",
    "the programme about sepsis on telly frightened me",
    "What would happen if I lost bladder control after the op next month?",
    "hypothetically if I couldn't feel my legs would I call 999?",
    "staff retention at my physio clinic is awful",
    "my plans crashed and burned this weekend because of my back",
    "overdosed on bake off, three episodes back to back",
    "Three years ago I woke up with a numb groin and had emergency surgery. All fine now, it hasn't changed since.",
    "the numb bum from the spinal anaesthetic wore off within a couple of hours",
    "la ciática en las dos piernas la tengo desde hace años, ya lo sabe la doctora, hoy nada distinto",
]

ASKED = [
    "bowel incontinence has been part of my life for 7 yrs with arachnoiditis, any pad recommendations?",
]

EMERGENCIES = [
    # a date that is another event's, not the sign's
    "cant pee and numb between my legs, had my op in 2023 and havent recovered",
    "I hurt my back lifting years ago and I can't pee at all, it stopped completely",
    "hace años tuve una hernia y no siento la vagina, por lo demás todo normal",
    "me operaron de la espalda en 2019 y no siento nada al limpiarme, la herida todo bien",
    "I've had sciatica since 2019 and cant pee or feel my bum",
    # a time that is another symptom's, or a fear
    "I've lost all feeling when I wipe and my bowels have been bad for years",
    "im terrified this numbness between my legs will be permanent, i cant feel myself when i wipe",
    # what is happening now, in a question
    "what if its cauda equina, i cant pee and my bum is numb?",
    "que hago si no puedo orinar y tengo la entrepierna dormida?",
    "y si, no siento nada ahi abajo y me hice pis encima, que hago?",
    # relief that is not the numbness going
    "numb down below since my epidural, once I walked it was not fine",
    "the numbness in my saddle goes right down both legs when i walk",
    "se me durmió la vagina y el culo, el dolor de espalda se me pasa cuando camino",
    "desde ayer tengo la entrepierna dormida, camino y se me pasa un poco",
    # an old event recovered from, then a new emergency in the same sentence
    "I took an overdose 2 years ago and recovered, I've just swallowed 30 paracetamol",
    "My dad had a stroke 3 years ago and recovered, his face is drooping on one side and he can't lift his arm",
    "I had a stroke years ago and I'm in a good place but my speech is slurred and my face feels droopy",
    "I had a heart attack in 2019 and recovered, but I've got crushing chest pain going down my left arm",
    "Years ago I had a disc op and I was fine after, but I've got no feeling down below and can't wee",
    "mi papá tuvo un ictus hace 2 años, se recuperó, tiene la cara torcida y no puede mover el brazo",
    "tuve un infarto hace 3 años, ahora estoy bien, pero tengo un dolor opresivo en el pecho que me baja por el brazo",
    "hace años me lastimé la espalda y ya estoy bien pero no puedo hacer pis, no me sale nada",
    # a story, then the writer's own emergency
    "watching a documentary about cauda equina and I can't feel my bum or pee properly",
    "I was watching telly when my legs both went numb and I can't pee",
    # a mention of where the writer is posting from
    "asked in my group chat, my legs are both numb and I cant pee",
]


CASES = [(t, "not now") for t in NOT_NOW] + [(t, "asked") for t in ASKED] + [(t, "emergency") for t in EMERGENCIES]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_old_usual_and_imagined_signs_and_the_emergencies_beside_them(text, want):
    """Not now: no emergency reply. Asked: the question and nothing at once. Emergency: the
    emergency reply at once."""
    triage = detector().triage(text)
    alarmed = triage.action == "alert" and triage.level == "emergency"
    if want == "emergency":
        assert alarmed, (text, triage)
    elif want == "asked":
        assert triage.action == "ask" and not triage.alert, (text, triage)
    else:
        assert not alarmed, (text, triage)
