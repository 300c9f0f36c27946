"""Someone who has collapsed, will not respond or is having a fit (emergency), and a faint someone
came round from (soon): the signs ``collapse`` and ``fainted`` in content/redflags.yaml and
content/es/redflags.yaml, from the NHS pages on when to call 999, seizures and fainting.

The messages are our own wordings of the kinds, in both languages; a positive must get the
emergency reply at once, from the rules alone, naming the collapse sign.
"""

from __future__ import annotations

from functools import cache

import pytest

from content.loader import load_content
from safety.redflags import RedFlagDetector
from tests.helpers import urgent_page


@cache
def detector(with_model: bool = True) -> RedFlagDetector:
    return RedFlagDetector.load(with_model=with_model)


COLLAPSE = [
    "my dad has collapsed in the garden",
    "husband just keeled over at the table and isn't responding",
    "she's unconscious on the bathroom floor",
    "my son is having a seizure, what do I do",
    "he's been fitting for six minutes now",
    "mum fainted and we can't wake her up",
    "he passed out and hasn't come round yet",
    "my wife fainted while she was on the treadmill",
    "I blacked out for a bit and now my heart is pounding",
    "she fainted and was jerking for a few seconds",
    "found my neighbour on the kitchen floor, not moving",
    "he had one seizure and then another straight after",
    "mi padre se ha desplomado en el jardín",
    "mi abuela está inconsciente en el baño",
    "mi hijo está convulsionando, ¿qué hago?",
    "se desmayó y no la podemos despertar",
    "mi marido se desmayó y no vuelve en sí",
    "se desmayó corriendo en el parque",
    "lleva cinco minutos con una crisis epiléptica",
    "está en el suelo y no reacciona",
]

#: A faint with a full recovery: a GP soon (NHS fainting), never the emergency reply from the rules.
FAINTED = [
    "I fainted on Tuesday, came round straight away and I've been fine, no idea why",
    "I've passed out twice this month when standing up quickly",
    "me desmayé el martes, volví en mí enseguida y estoy bien, no sé por qué",
    "me he desmayado dos veces este mes al levantarme rápido",
]

#: Everyday senses of the words, a faint that did not happen, and past events.
LOOK_ALIKES = [
    "I collapsed onto the sofa after work",
    "had a fit of laughter at the physio",
    "the shed roof collapsed in the storm",
    "my MRI says there's a collapsed disc at L5",
    "I'll pass out if I have to sit through another meeting",
    "my phone isn't responding",
    "I nearly fainted from the pain but didn't",
    "the sciatica isn't responding to the tablets",
    "had a seizure when I was 12, none since",
    "my dog had a fit this morning",
    "went out like a light last night",
    "the unconscious bias course was three hours of sitting",
    "lying on the floor not moving much, back spasm",
    "me desmayo de sueño",
    "me dio un ataque de risa en la reunión",
    "el techo de la nave se desplomó",
    "la ciática no responde al tratamiento",
    "mi perro tuvo una convulsión",
    "casi me desmayo del dolor",
    "el celular no responde",
]


#: Kinds sets Y and ES-S found, in our own wordings: a story, a screen, a dream or a class
#: around the words; a scan's words; things that collapse under you; a back seizing up; an app.
LOOK_ALIKE_KINDS = [
    # a story, a screen, a dream, a class: what a bystander sign is not
    "saw a documentary about a footballer who collapsed on the pitch, scary stuff",
    "had a dream I collapsed at work, woke up in a sweat",
    "what's the difference between a faint and a seizure? it's for my first aid course",
    "on Casualty last night a patient had a seizure in the lift",
    "vi un documental sobre un chico que convulsionaba, qué miedo",
    "soñé que me desmayaba en el metro",
    # a scan's words; things that collapse under you; a question about a word
    "the report says disc space collapse at L4/5, what does that mean?",
    "the deckchair collapsed under me, only my pride hurt",
    "what does syncope mean? it's on my discharge letter",
    # a back seizing up; a pet; an app; a sofa day
    "my back keeps seizing up when I get out of the car",
    "la app del centro de salud no responde desde ayer",
    "lleva todo el día sin moverse del sofá por la ciática",
]


@pytest.mark.parametrize("text", FAINTED)
def test_a_faint_with_a_full_recovery_is_a_doctor_soon(text):
    triage = detector(False).triage(text)
    assert triage.action == "alert" and triage.level == "soon", (text, triage)
    assert [s.id for s in triage.alert] == ["fainted"], (text, triage)


@pytest.mark.parametrize("text", [*LOOK_ALIKES, *LOOK_ALIKE_KINDS])
def test_everyday_senses_and_past_events_do_not_alarm(text):
    triage = detector(False).triage(text)
    assert not (triage.action == "alert" and triage.level == "emergency"), (text, triage)
    assert "collapse" not in {s.id for s in (*triage.alert, *triage.unclear)}, (text, triage)


@pytest.mark.parametrize(
    ("text", "milder", "stronger"),
    [
        ("my wife fainted and isn't coming round", "fainted", "collapse"),
        ("mi marido se desmayó y no vuelve en sí", "fainted", "collapse"),
        ("slipped on the ice and now I can't get up off the ground", "minor-injury", "serious-injury"),
    ],
)
def test_a_milder_sign_is_not_named_beside_the_serious_one_it_would_contradict(text, milder, stronger):
    from bot.handlers.triage import alert_text
    from safety.verdict import Assessment

    triage = detector().triage(text)
    ids = [s.id for s in triage.alert]
    assert stronger in ids and milder not in ids, (text, ids)
    label = detector().in_language(triage.language).label_of(milder)
    out = alert_text(detector(), Assessment(list(triage.alert)), triage.language or "en", "999")
    assert out.startswith("🚨") and label not in out, out


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        (
            "my dad has collapsed and won't wake up",
            "en",
            ["speaker", "gasping", "on their side", "neck or spine", "do not hold"],
        ),
        (
            "mi padre se desplomó y no despierta",
            "es",
            ["altavoz", "boquear", "de lado", "cuello o la columna", "no la sujete"],
        ),
    ],
)
def test_the_collapse_reply_says_what_to_do_while_help_comes(text, language, words):
    from bot.handlers.triage import alert_text
    from safety.verdict import Assessment

    triage = detector().triage(text)
    out = alert_text(detector(), Assessment(list(triage.alert)), language, "999")
    action, advice = out.split("\n\n")[:2]
    assert action.startswith("🚨"), out
    assert all(w in advice for w in words), out


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_urgent_page_lists_a_collapse_as_an_emergency_and_a_recovered_faint_as_soon(language):
    rules = detector().in_language(language)
    page, body = urgent_page(detector(), language)
    emergency, urgent, soon = page.index("🚨"), page.index(body[2].heading), page.index(body[4].heading)
    collapse, fainted = page.index(f"• {rules.text_of('collapse')}"), page.index(f"• {rules.text_of('fainted')}")
    assert emergency < collapse < urgent < soon < fainted, language


def test_both_signs_cite_the_nhs_first_and_spanish_ones_a_spanish_national_page():
    content = load_content()
    for sign_id in ("collapse", "fainted"):
        for rules in (detector(), detector().others["es"]):
            sources = [content.sources[s] for s in rules.sources[sign_id]]
            assert sources[0].grade == "A" and sources[0].url.startswith("https://www.nhs.uk/"), sign_id
        es = [content.sources[s] for s in detector().others["es"].sources[sign_id]]
        assert any(s.url.startswith("https://medlineplus.gov/spanish/") for s in es), sign_id


# -- after a clinician's and an attacker's review: wordings where an exception, a mention, someone
# else's event, a date or a negative before the sign silenced a real emergency --------------------

REVIEW_EMERGENCIES = [
    "dad stood up from his chair and collapsed",
    "she was sitting on the sofa and collapsed, please help",
    "walking the dog and my dad collapsed",
    "my wife collapsed in her bed and her lips are going blue",
    "she collapsed onto the bed and is twitching",
    "my son collapsed in the second half of his football match",
    "found him in the car unresponsive",
    "I found him on the kitchen floor not moving",
    "he looks like he's sleeping peacefully but we can't wake him",
    "my son had fits as a kid and he's fitting now",
    "my friend just collapsed and isn't breathing",
    "please help if you can, my husband is unconscious",
    "her epilepsy card says call 999 if it's longer than 5 minutes, she's been fitting for 6",
    "My colleague collapsed at work and isn't breathing, anyway what should we do",
    "no pulse and not breathing",
    "he's not awake and not responding",
    "my husband is lying on the floor, he's not moving much and not answering me",
    "how long should a seizure last before you call an ambulance? it's been 7 minutes",
    "he went stiff and started jerking",
    "she fainted and is still not awake after 5 minutes",
    "he fainted and his lips went blue",
    "my daughter's febrile fit has lasted 5 minutes",
    "my dad's in a diabetic coma",
    "Lo encontré en el coche y no responde",
    "mi marido se desmayo y no reacciona con nada",
    "Se desplomó y respira con ronquidos, no responde",
    "Se ha desmayado y no vuelve en sí, es grave?",
    "Una persona se ha desplomado en la calle y no respira",
    "Mi padre, operado de la espalda hace 3 años, se ha desplomado y no responde",
    "No tiene pulso y no respira",
    "mi madre esta en el suelo inconciente",
    "esta dando sacudidas en el suelo",
    "le dio un ataque y está temblando en el suelo",
    "me desmaye hace 10 min y el corazon me sigue latiendo a mil",
]

REVIEW_LOOK_ALIKES = [
    "my husband is fitting a new bathroom",
    "I've been slumped at my desk all day",
    "I dropped to the floor to do my McKenzie press ups",
    "my sciatica isn't responding to the steroid injection",
    "I'll be unconscious for the operation",
    "I collapsed with the pain this morning, managed to crawl to bed",
    "I keeled over laughing",
    "gabapentin is used for seizures isn't it?",
    "the physio told me to call 999 if I collapse",
    "the back spasm was so strong it felt like a seizure",
    "the old man next door is always collapsed in front of the telly",
    "collapsed onto the bed in tears after trying to hoover",
    "Been out cold every night since starting amitriptyline",
    "mi hijo es un inconsciente, conduce fatal",
    "Llevo tres crisis seguidas, no puedo con la lumbalgia",
    "mi hija no me contesta desde ayer, está enfadada",
    "Mi marido ronca y a veces deja de respirar unos segundos por la noche",
    "mi hija no respira bien por el resfriado, tiene mocos",
    "la gabapentina se usa para las convulsiones, no?",
    "Si alguien no respira hay que hacer RCP?",
    "en 2015 tuve una crisis epiléptica",
    "el médico lleva una semana sin responder",
]


@pytest.mark.parametrize("text", REVIEW_EMERGENCIES)
def test_the_reviews_emergencies_alarm_at_once(text):
    triage = detector().triage(text)
    assert triage.action == "alert" and triage.level == "emergency", (text, triage)


@pytest.mark.parametrize("text", REVIEW_LOOK_ALIKES)
def test_the_reviews_look_alikes_do_not_alarm(text):
    triage = detector().triage(text)
    assert not (triage.action == "alert" and triage.level == "emergency"), (text, triage)


# -- kinds set Y and ES-S (collapse and its look-alikes) found, in our own wordings --------------


EMERGENCY_KINDS = [
    "he had a fit ten minutes ago, first one ever, he's sleepy now",
    "my mum passed out in the bath and slipped under the water",
    "dad's on the floor moaning and can't get up, I think he blacked out first",
    "woke up on the kitchen floor, no idea how long I was out",
    "she's been seizing for six minutes",
    "he's shaking on the floor and his eyes have rolled back",
    "she passed out, and now she's awake but breathing really fast",
    "mi padre se ha desvanecido y al caer se ha dado en la frente, toma sintrom",
    "no consigo despertarla, lleva así diez minutos",
    "se desmaya, se despierta y se vuelve a desmayar",
]


#: A story on screen before a collapse happening now ("when", "my"): still the collapse.
STORY_THEN_NOW = [
    "we were watching a film with dad when he collapsed",
    "watching a documentary about dogs and my husband just collapsed",
    "estábamos viendo una película de miedo y mi padre se desplomó, no responde",
]


@pytest.mark.parametrize(
    ("text", "named"),
    [*((t, "collapse") for t in COLLAPSE), *((t, None) for t in (*EMERGENCY_KINDS, *STORY_THEN_NOW))],
)
def test_a_collapse_a_fit_or_someone_who_wont_respond_alarms_at_once(text, named):
    """From the rules alone; the first kinds name the collapse sign (some later ones name a fall)."""
    triage = detector(False).triage(text)
    assert triage.action == "alert" and triage.level == "emergency", (text, triage)
    assert named is None or named in {s.id for s in triage.alert}, (text, triage)


# -- a last review of the round: a story cue too broad, a date, waking, causes, the negatives -------

LAST_REVIEW_EMERGENCIES = [
    "We were watching a film with mum and she collapsed and won't wake up",
    "I was in a class at the gym and the instructor collapsed, he's not responding",
    "In the exam a student had a seizure and she's still fitting",
    "I was reading a book on the train and the man opposite collapsed, he's unresponsive",
    "En el examen un alumno tuvo una convulsión y sigue convulsionando",
    "He had a seizure 2 years ago and he just had another one",
    "Apenas respira",
    "Está en coma",
    "Mi amigo acaba de desplomarse",
    "Me desmayé haciendo los ejercicios y el corazón me iba a mil",
    "Me desperté en el suelo del baño y no sé cómo llegué",
    "hes not waking up",
]

LAST_REVIEW_LOOK_ALIKES = [
    "The pain isn't waking me up anymore",
    "My daughter won't wake up for school",
    "Mi hija no se despierta para ir al cole",
    "I'm trying to get more fit so my back gets stronger",
    "Does gabapentin cause seizures?",
    "¿La pregabalina puede causar convulsiones?",
    "If he collapses again should I call 999?",
    "¿Si vuelve a convulsionar llamo al 112?",
    "I have epilepsy but my seizures are well controlled, can I do yoga?",
    "My MRI showed my L5 has collapsed a bit",
    "La resonancia dice que la L5 se ha desplomado un poco",
    "My left foot isn't responding properly when I walk",
]


@pytest.mark.parametrize(
    ("text", "alarms"), [*((t, True) for t in LAST_REVIEW_EMERGENCIES), *((t, False) for t in LAST_REVIEW_LOOK_ALIKES)]
)
def test_the_last_reviews_messages(text, alarms):
    triage = detector().triage(text)
    assert (triage.action == "alert" and triage.level == "emergency") == alarms, (text, triage)
    if not alarms:
        assert "collapse" not in {s.id for s in (*triage.alert, *triage.unclear)}, (text, triage)


def test_a_dizzy_spell_is_not_a_faint():
    triage = detector(False).triage("I've been having dizzy spells when I stand up")
    assert "fainted" not in {s.id for s in triage.alert}, triage
