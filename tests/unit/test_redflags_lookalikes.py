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
    "What would happen if I lost bladder control after the op next month?",
    "staff retention at my physio clinic is awful",
    "my plans crashed and burned this weekend because of my back",
    "overdosed on bake off, three episodes back to back",
    "Three years ago I woke up with a numb groin and had emergency surgery. All fine now, it hasn't changed since.",
    "the numb bum from the spinal anaesthetic wore off within a couple of hours",
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


# The second review of these readings: emergencies they, or the rules before them, silenced.
SECOND_REVIEW = [
    "I read about numb saddle on reddit and that's exactly me right now, can't feel my bits",
    "There was a show about a guy who couldn't feel his legs after a fall. Mine feel numb too since I fell today",
    "Watching Casualty and a man came in unable to pee, my husband hasn't been able to go since this morning either",
    "cant feel my bum or genitals, fine once i walk around a bit then it goes numb again and ive wet myself",
    "en teoria si no puedo mear desde ayer tengo que ir a urgencias?",
    "estaba viendo la tele y ya no siento las piernas ni puedo hacer pis",
    "fell asleep during a programme about hospitals and woke up unable to feel my legs or pee",
    "hipoteticamente si no puedo orinar desde ayer y tengo la entrepierna dormida que hago",
    "hypothetically if I'd been unable to pee since last night would that be bad",
    (
        "hypothetically if someone couldnt feel their bum and couldnt pee since this morning what should they do?"
        " asking for me"
    ),
    "hypothetically speaking, I haven't peed in 20 hours, is that bad?",
    "hypothetically, if someone couldn't feel their bum when wiping, asking for myself, it started yesterday",
    "se me duermen las dos piernas y se me doblan, al levantarme se me pasa pero luego me caigo",
    "tengo las dos piernas dormidas y se me doblan, me operaron en 2019 y todo bien hasta que me levante asi",
    "theoretically if i cant pee since last night is that a&e",
    "viendo una serie y de la nada no siento las piernas",
    "viendo urgencias en la tele salio uno que no podia orinar, mi marido tampoco puede desde esta mañana",
    "was watching a documentary about backs and cant feel my legs or bum now",
    "watching a programme about sepsis and realised i have a fever of 40 and shaking and my back is agony",
    "what if I can't pee tomorrow either? I've not been able to go all day",
    "what should I do if my legs go numb again later? they went completely numb and weak an hour ago",
    "y si despues de la infiltracion sigo sin sentir el culo? lo tengo dormido desde el lunes",
    "y si mañana tampoco puedo orinar? hoy no he podido en todo el dia",
    "y si mañana todavia no siento la entrepierna?",
    "What happens if the bum numbness I've had since Tuesday is still there after the weekend?",
    "What if I still can't pee after the injection tomorrow? I haven't been since last night",
    "en teoria hay que ir a urgencias si no controlas la vejiga, no? pq yo no la controlo desde anoche",
    "estaba viendo una serie sobre un medico y salio un paciente que no podia orinar, igual que yo desde ayer",
    "hoy nada nuevo con la espalda, lo unico es que tengo la zona genital dormida",
    "ive had no bladder control for 3 days",
    "ive had no bowel control for 4 days",
    "just curious, in theory, could a bulging disc stop you peeing? because I haven't been since yesterday",
    "no puedo orinar, me operaron en 2019 de la hernia y me recupere bien",
    "no siento las piernas ni el culo, me caí en 2022 pero ya estoy bien de eso",
    "que pasa si mañana sigo con la zona genital dormida?",
    "que pasa si sigo sin poder hacer pis despues de la operacion de ayer?",
    "viendo una peli sobre un tipo que no podia orinar, y yo igual desde ayer",
    "was watching a programme about the NHS and lost feeling in both legs",
    "watching Casualty and a man came in unable to pee, that's exactly what's happening to me since yesterday",
    "watching a film about a guy who couldn't pee, and same here since yesterday",
    "what do i do if i still cant pee tomorrow?",
    "what happens if I can't pee after the spinal injection yesterday? its been 10 hours",
    "what happens if my bum is still numb after the weekend?",
    "what if I still can't pee after the catheter comes out tomorrow? it's been in since Monday because I couldn't go",
    "what if my bum is still numb tomorrow?",
    "what if the numbness in my bum is still there tomorrow?",
    "what should i do if i still cant feel my bum tomorrow?",
    "y si mañana sigo con el culo dormido?",
    "y si mañana sigo sin poder orinar?",
    "six weeks and no better and now numb down below since this morning",
    "Had sepsis in 2019, fully recovered, now feverish, confused and breathing fast",
    "viendo un documental sobre la sepsis y tengo 40 de fiebre y tiritona con dolor de espalda",
    "watched a drama about sepsis last night and now I'm burning up with a fever and a racing heart",
]

# ... and ones now reached by the question at least (its "yes" gives the emergency reply).
SECOND_REVIEW_ASKED = [
    "I had bladder retention back in 2015 and recovered, same thing happening now",
    "both my legs are weak and numb and keep giving way, i broke my back in 2015 but recovered fine",
    "in 2019 i lost control of my bladder after a fall, recovered fully. its happening all over",
    "que pasa si sigo sin sentir las piernas despues del finde?",
    "que pasaria si sigo sin controlar la vejiga mañana?",
    "what if im still peeing myself tomorrow?",
    "what would happen if i ignored the fact i cant control my bladder until after christmas?",
    "episode of grey's where a guy cant feel his legs had me worried about my back ache",
]

# ... and look-alikes that stay quiet.
SECOND_REVIEW_QUIET = [
    "en la peli el protagonista no podia orinar, y yo con este dolor de espalda pensando",
    "work has a retention problem with staff, my back is stressing me",
]

# An old episode's length ("for a few weeks" after a date long past, in its clause) is not news,
# nor "since then" just after such a date; not knowing it happened is the sign itself. The
# emergencies below include the reviewers' messages that drafts of these readings silenced or only
# asked about: a recent length beside an old date, "since then" after a newer event, a "worse"
# said beside pain or a question, "the feeling never came back".
EPISODES_QUIET = [
    "I had a numb patch on my shin for a few weeks after radiotherapy in 2015, went completely",
    "En 2017 estuve un par de días sin poder orinar después de la operación, no volvió nunca",
    "Si sigo levantando cajas me voy a hacer daño otra vez en la espalda",
    "Me voy a cortar hoy el pelo, luego hago los ejercicios",
    "el traumatologo me dijo que tengo que ir a urgencias si se me duerme la zona del ano, por ahora nada",
    "la doctora me pregunto si se me dormia la zona del ano o si me costaba orinar, le dije que no",
    "my auntie has had pain in both legs since 20 years from her knees, which exercise for her back?",
    "mi abuelo se cayo en 2010 de un andamio y desde entonces camina con baston",
    "he was so drunk he wet himself at the wedding, we still laugh about it",
    "mi tio se meo encima de lo borracho que estaba en la boda",
    "no me hago pis ni se me escapa nada, solo me duele la espalda",
    "Back in 2017 my bottom was numb for a couple of weeks after the birth, it went completely",
    "en 2018 tuve hormigueo en la entrepierna unas semanas despues del parto y no volvio nunca",
]
EPISODES_EMERGENCY = [
    # an old episode of suicidal thoughts or an overdose beside a current risk: a reading that set
    # the old one aside as over was withdrawn after a review silenced these
    "I tried to kill myself years ago and I'm in a good place now. But lately the thoughts are there every night",
    "Hace años intenté suicidarme, ahora estoy estable. Con este dolor ya no quiero seguir",
    "Took an overdose last winter. The kids are safe now with my mum. I've got nothing left to live for",
    "Hace años tuve una sobredosis, ahora estoy estable. Pero llevo días juntando pastillas en un cajón",
    "I had suicidal thoughts years ago, got better, but they're back tonight",
    "I used to self harm as a teenager and I'm in a good place now, but tonight I want to end it",
    "Last winter I wanted to kill myself, I'm stable now but I've stopped my meds and it's creeping in",
    "had suicidal thoughts last year and I'm much better now, though some days I still want to die",
    "I took an overdose in 2019 and I'm safe now. I've just taken 20 tramadol",
    "hace años quise matarme, ahora estoy bien, pero hoy lo estoy pensando otra vez",
    "En 2020 intenté quitarme la vida, ahora estoy mejor, pero esta semana volví a pensar en matarme",
    "Wet myself twice in the last 2 days, the last time this happened was in 2019 and it cleared up",
    "Couldn't pee for 2 days, had that back in 2020 after surgery and fully recovered",
    "Llevo 2 días sin controlar el pis, hace años me pasó con la hernia y me recuperé",
    "I had my disc op in 2015 and for 2 days both legs have been numb and weak",
    "Me operaron en 2015 y el domingo me caí y desde entonces tengo las dos piernas dormidas",
    "Numb down below, same as usual after my op. Since lunchtime it's spread much further and my back is killing me",
    "Bowel accidents for 7 years but now way worse with my sciatica",
    "Leaking wee for years, same as always. Since yesterday it's much worse, I have a question",
    "Se me durmió la zona genital con la caída y la sensibilidad no me ha vuelto",
    "I can't feel my bum since the fall, the feeling never came back",
    "I can't feel my bum or privates, weirdly the sciatica went completely",
    "Me meé encima sin darme cuenta y no fue de borracho, no había bebido nada",
    "hoy me voy a cortar, ya lo decidí",
    "No aguanto más, esta noche me voy a hacer daño",
    "I was drunk last night and since then I can't pee",
    "been at work all day and I can't pee",
    "la doctora me pregunto si tenia la entrepierna dormida y si, la tengo dormida desde ayer",
    "no me hago pis encima pero no puedo orinar desde ayer",
    "In 2016 I had a numb bum for a few weeks, it went completely. I wet myself this morning",
    "My legs have been weak for years, same as ever. Since Saturday both have gone much weaker",
    "I didn't realise I had wet myself until I stood up, that's never happened before",
    "no me di cuenta de que me habia hecho pis hasta que me levante, nunca me habia pasado",
    "antes solo me dolia la pierna derecha pero desde el martes tambien la izquierda",
    "ya lo decidi, me voy a cortar esta noche",
]

CASES = (
    [(t, "not now") for t in (*NOT_NOW, *SECOND_REVIEW_QUIET, *EPISODES_QUIET)]
    + [(t, "asked") for t in ASKED]
    + [(t, "emergency") for t in (*EMERGENCIES, *SECOND_REVIEW, *EPISODES_EMERGENCY)]
    + [(t, "reached") for t in SECOND_REVIEW_ASKED]
)


@pytest.mark.parametrize(("text", "want"), CASES)
def test_old_usual_and_imagined_signs_and_the_emergencies_beside_them(text, want):
    """Not now: no emergency reply. Asked: the question and nothing at once. Emergency: the
    emergency reply at once. Reached: the emergency reply or the question that leads to it."""
    triage = detector().triage(text)
    alarmed = triage.action == "alert" and triage.level == "emergency"
    if want == "emergency":
        assert alarmed, (text, triage)
    elif want == "reached":
        assert alarmed or (triage.action == "ask" and triage.level == "emergency"), (text, triage)
    elif want == "asked":
        assert triage.action == "ask" and not triage.alert, (text, triage)
    else:
        assert not alarmed, (text, triage)
