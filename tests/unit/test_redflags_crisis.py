"""Emergencies that are not about the back: thoughts of suicide or self-harm, an overdose, the signs
of a stroke and a severe allergic reaction (content/redflags.yaml and content/es/redflags.yaml), and
Spanish wordings of the cauda equina signs in any tense or register.

Every positive must get the emergency reply at once (not a question); every negative must not get
the emergency reply, from the rules or the message model.
"""

from __future__ import annotations

from functools import cache

import pytest

from content.loader import load_content
from safety.redflags import RedFlagDetector

NEW_SIGNS = ("self-harm", "overdose", "stroke-signs", "severe-allergy")
#: Added after them, again at the end: signs of sepsis (emergency) and pain that stops everyday
#: life (soon), from the NHS sepsis and back pain pages.
LATER_SIGNS = ("sepsis-signs", "daily-life")
#: And after those: someone who has collapsed, won't respond or is having a fit (emergency), and
#: a faint someone came round from (soon), from the NHS pages on when to call 999, seizures and
#: fainting (tests/unit/test_redflags_collapse.py).
COLLAPSE_SIGNS = ("collapse", "fainted")
#: Last: a leg that has become weak or numb in someone who has or has had cancer (NICE NG234),
#: found together from two earlier signs (tests/unit/test_redflags_together.py).
TOGETHER_SIGNS = ("cancer-nerve",)
#: Last: a sudden, very severe headache and a sudden tearing pain in the chest or upper back, from
#: the NHS pages on subarachnoid haemorrhage and aortic dissection (tests/unit/test_redflags_sudden.py).
SUDDEN_SIGNS = ("sudden-headache", "tearing-pain")
#: Last: a headache worse upright and eased lying flat after a needle into the spine, from the NHS
#: pages on lumbar puncture and epidurals (tests/unit/test_redflags_came_and_went.py).
NEEDLE_SIGNS = ("spinal-headache",)
#: Last: a fever with a leg newly weak or numb, above all with a weakened immune system or injected
#: drugs (an infection beside the spine), found together (tests/unit/test_redflags_carers.py).
INFECTION_SIGNS = ("spinal-infection",)
#: Last: vomiting blood or sick like coffee grounds, or black poo with feeling faint (bleeding in
#: the stomach, which anti-inflammatory painkillers can cause), from the NHS page on vomiting blood
#: (tests/unit/test_redflags_plans.py).
BLEED_SIGNS = ("gi-bleed",)
#: Last: heavy bleeding that will not stop, from a wound or after giving birth, from the NHS page on
#: when to call 999 (tests/unit/test_redflags_plans.py).
HEAVY_BLEEDING_SIGNS = ("heavy-bleeding",)


@cache
def detector() -> RedFlagDetector:
    return RedFlagDetector.load()


def alarms(text: str, sign: str) -> None:
    triage = detector().triage(text)
    assert triage.action == "alert" and triage.level == "emergency", (text, triage)
    assert sign in {s.id for s in triage.alert}, (text, triage)


POSITIVES = {
    "self-harm": [
        "I want to kill myself, the pain is too much",
        "I'm going to end it all tonight, I can't live with this pain",
        "I've been thinking about killing myself",
        "honestly I just want to die, 3 years of this sciatica",
        "I wish I was dead",
        "everyone would be better off without me",
        "I don't want to live anymore with this pain",
        "I've started self harming again",
        "I have a plan to end my life",
        "sometimes I think about ending it all",
        "there's no point in living like this",
        "I'm feeling suicidal tonight",
        "I keep thinking about taking my own life",
        "I've been cutting myself on purpose",
        "I'm thinking of jumping in front of a train",
        "me quiero morir, no aguanto más el dolor",
        "me quiero matar",
        "ya no quiero vivir con este dolor",
        "estoy pensando en suicidarme",
        "tengo ganas de morirme",
        "voy a acabar con todo esta noche",
        "quisiera estar muerta",
        "he pensado en quitarme la vida",
        "no tengo ganas de vivir",
        "me hago cortes a propósito",
        "pienso en tirarme de un puente",
        "I feel like ending my life",
        "thinking of ending things, I can't cope with the pain",
        "I've had enough, I'm going to take all my tablets tonight",
        "I want to take all my pills and never wake up",
        "voy a tomarme todas las pastillas esta noche",
        "no le veo sentido a la vida",
        # a carer writing about the person they look after
        "my son wants to kill himself",
        "my husband keeps saying he's going to end his life",
        "mi hijo dice que se quiere matar",
        "mi esposo amenaza con suicidarse",
    ],
    "overdose": [
        "I took all my pregabalin pills at once",
        "I took an overdose of my painkillers",
        "I've swallowed a whole packet of paracetamol",
        "I took too many tablets tonight",
        "I accidentally took all my gabapentin at once",
        "I've taken the lot",
        "I had a handful of co-codamol an hour ago",
        "me tomé todas las pastillas de golpe",
        "me tomé toda la caja de paracetamol",
        "tomé demasiadas pastillas",
        "creo que tengo una sobredosis",
        "me tragué un montón de pastillas hace una hora",
    ],
    "stroke-signs": [
        "my face is drooping and I can't lift my arm",
        "my face has dropped on one side",
        "my mouth is drooping and my speech is slurred",
        "I can't raise my right arm and my words are coming out wrong",
        "I think I'm having a stroke",
        "her smile is lopsided suddenly",
        "I'm slurring my words",
        "tengo la cara torcida y no puedo mover el brazo",
        "tengo la boca chueca y hablo raro",
        "se me cayó un lado de la cara",
        "no puedo levantar el brazo derecho de repente",
        "estoy arrastrando las palabras",
        "creo que me está dando un derrame cerebral",
        "my speech went funny and my arm went weak",
        "my face went numb on one side and my arm is weak",
        "sudden weakness down one side of my body",
        "se me durmió la mitad de la cara y no puedo hablar bien",
        "my arm went suddenly weak and heavy an hour ago",
    ],
    "severe-allergy": [
        "my throat is swelling after the new medicine",
        "my tongue is swelling up",
        "my lips have swollen after the new tablets",
        "I think I'm having an anaphylactic reaction",
        "severe allergic reaction to the naproxen, throat feels tight",
        "I have hives and can't breathe properly",
        "se me está cerrando la garganta",
        "tengo la lengua hinchada después de la pastilla nueva",
        "tengo una reacción alérgica grave al ibuprofeno",
    ],
}


@pytest.mark.parametrize(
    "text",
    [
        # denied, figurative, someone else's or in the past
        "I'm not suicidal, just fed up with the pain",
        "I have never had suicidal thoughts",
        "my friend overdosed last year",
        "I nearly killed myself laughing at that video",
        "I almost killed myself laughing",
        "this pain is killing me",
        "this sciatica is killing me",
        "this stretch is killing me",
        "I'm dying to know if this exercise helps",
        "I hurt myself lifting a box",
        "my uncle died by suicide when I was 10 so I worry about depression",
        "I'm scared of overdosing on my meds",
        "what happens if you take too many painkillers?",
        "how many ibuprofen can I take?",
        "I took too many painkillers last year and ended up in hospital",
        "my dad had a stroke in 2015",
        "I had a stroke of luck, the pain eased",
        "I swim breast stroke for my back",
        "I can't talk to my GP about it",
        "I can't lift my arm above my head since my shoulder op",
        "I carry an epipen for peanuts",
        "I have a sore throat",
        "my glands are swollen",
        "I'm allergic to penicillin",
        "no me quiero morir, solo quiero que pare el dolor",
        "no soy suicida, solo estoy harta",
        "me muero de risa con este bot",
        "este dolor me está matando",
        "me mata la ciática",
        "no quiero hacerme daño con los ejercicios",
        "mi tío se suicidó hace años",
        "my uncle killed himself years ago",
        "mi tío se quitó la vida hace años",
        "mi amigo tuvo una sobredosis el año pasado",
        "me da miedo una sobredosis",
        "mi papá tuvo un ictus hace 3 años",
        "no puedo hablar de esto con nadie",
        "soy alérgica a la penicilina",
    ],
)
def test_denials_figures_of_speech_and_other_peoples_events_do_not_alarm(text):
    triage = detector().triage(text)
    assert triage.level != "emergency", (text, triage)
    assert not {s.id for s in (*triage.alert, *triage.unclear)} & set(NEW_SIGNS), (text, triage)


@pytest.mark.parametrize(
    "text",
    ["no puedo levantar el brazo por el hombro", "creo que me voy a morir del dolor", "tengo los ganglios inflamados"],
)
def test_spanish_look_alikes_the_rules_set_aside_get_at_most_a_question(text):
    """The rules set these aside (the shoulder, a figure of speech, swollen glands); the Spanish
    message model, which has learnt stroke, despair and allergy messages, may still ask its
    question (p 0.5-0.7, over the question's threshold). A question, never the alarm or a sign."""
    triage = detector().triage(text)
    assert triage.action != "alert" and not {s.id for s in triage.unclear} & set(NEW_SIGNS), triage


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to take all my tablets with breakfast from now on",
        "voy a tomarme todas las pastillas con el desayuno",
        "the right side of my body has been numb for years since my back op",
        "I take all my pills in the morning",
        "me tomo todas las pastillas en la mañana",
        "what's the point of physio if it doesn't help",
    ],
)
def test_everyday_wording_near_the_new_signs_is_not_read_as_them(text):
    """The rules find none of the four (the message model may still ask about something else)."""
    assert not {s.id for s in detector().check(text).signs} & set(NEW_SIGNS), text


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("perdí el control de la vejiga hoy por primera vez", "bladder-control"),
        ("se me escapó el pis hoy sin darme cuenta", "bladder-control"),
        ("se me fue la orina anoche", "bladder-control"),
        ("no pude controlar la orina esta mañana", "bladder-control"),
        ("llevo 12 horas sin orinar", "bladder-control"),
        ("llevamos 10 horas sin hacer pis", "bladder-control"),
        ("lleva todo el día sin mear", "bladder-control"),
        ("tengo anestesia en silla de montar", "saddle-numbness"),
        ("tengo la zona de la silla de montar anestesiada", "saddle-numbness"),
        ("estoy paralizado de cintura para abajo", "both-legs"),
        ("estoy paralizada de la cintura hacia abajo", "both-legs"),
    ],
)
def test_spanish_cauda_equina_signs_in_other_tenses_and_words_alarm(text, sign):
    alarms(text, sign)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("pérdida de control de esfínteres", "bladder-control"),
        ("perdió el control de la vejiga", "bladder-control"),
        ("perdí el control del intestino", "bowel-control"),
    ],
)
def test_spanish_loss_of_control_not_said_to_be_new_is_asked_about_as_in_english(text, sign):
    """As "I lost control of my bowels": the sign is named and the person asked whether it is new."""
    triage = detector().triage(text)
    assert triage.level == "emergency" and sign in {s.id for s in (*triage.alert, *triage.unclear)}, triage
    english = detector().triage("I lost control of my bowels")
    assert english.action == "ask" and "bowel-control" in {s.id for s in english.unclear}


def test_a_surgical_anaesthetic_in_the_buttock_is_not_saddle_anaesthesia():
    assert detector().triage("me pusieron anestesia en la nalga para la infiltración").level != "emergency"


def test_the_new_signs_are_emergencies_in_both_languages_with_nhs_sources():
    content = load_content()
    es = detector().others["es"]
    for sign_id in NEW_SIGNS:
        for rules in (detector(), es):
            sign = next(s for s in rules.signs if s.id == sign_id)
            assert sign.level == "emergency" and sign in rules.listed, (rules.language, sign_id)
        sources = [content.sources[s] for s in detector().sources[sign_id]]
        assert sources[0].grade == "A" and sources[0].url.startswith("https://www.nhs.uk/"), sign_id


def test_no_crisis_line_is_in_the_signs_own_words_so_no_one_is_sent_to_another_countrys_line():
    """The label and text name no number: the reply names the person's own line (bot/emergency.py)."""
    for rules in (detector(), detector().others["es"]):
        for words in (rules.label_of("self-harm"), rules.text_of("self-harm")):
            assert not any(n in words for n in ("116", "988", "024", "800 911")), words
    assert detector().sources["self-harm"][0] == "nhs-suicidal-thoughts"
    page = load_content().pages["urgent"]
    assert "nhs-suicidal-thoughts" in page.sources


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_urgent_page_lists_the_new_signs_under_the_emergency_heading(language):
    from tests.helpers import urgent_page

    rules = detector().in_language(language)
    page, body = urgent_page(detector(), language)
    emergency, urgent = page.index("🚨"), page.index("\n", page.index(body[2].heading))
    for sign_id in NEW_SIGNS:
        at = page.index(f"• {rules.text_of(sign_id)}")
        assert emergency < at < urgent, (language, sign_id)


#: The signs in the rules files before these four, in order: a button already sent names signs by
#: their place in the list (bot/handlers/triage.py, _codes and signs_of).
EARLIER = [
    "saddle-numbness",
    "bladder-control",
    "bowel-control",
    "sexual-function",
    "both-legs",
    "leg-weakness",
    "serious-injury",
    "minor-injury",
    "chest-pain",
    "cauda-equina-worry",
    "fever-unwell",
    "wound-infection",
    "cancer-history",
    "weight-loss",
    "night-rest-pain",
    "immune-weakness",
    "lump-or-shape",
    "new-numbness",
    "thoracic-pain",
    "bone-weakness",
    "infection-risk",
    "new-pain-later-life",
    "constant-pain",
    "not-improving",
    "ces-possible",
    "described-emergency",
    "described-urgent",
]


def test_the_new_signs_come_last_so_old_buttons_keep_naming_the_same_signs():
    from bot.handlers.triage import signs_of

    ids = [s.id for s in detector().signs]
    assert ids[: len(EARLIER)] == EARLIER and ids[len(EARLIER) :] == [
        *NEW_SIGNS,
        *LATER_SIGNS,
        *COLLAPSE_SIGNS,
        *TOGETHER_SIGNS,
        *SUDDEN_SIGNS,
        *NEEDLE_SIGNS,
        *INFECTION_SIGNS,
        *BLEED_SIGNS,
        *HEAVY_BLEEDING_SIGNS,
    ]
    # "Yes, new or worse" on a question sent before them, about the safety net: still that sign
    old_yes = str(EARLIER.index("ces-possible"))
    assert [s.id for s in signs_of(detector(), old_yes) or []] == ["ces-possible"]


# -- after the clinical review (issues #14, #19): the kinds of wording it found missed ---------

#: Each kind, in the review's words and in others of the same kind.
REVIEW_POSITIVES = {
    "self-harm": [
        # wanting it all to stop or end
        "I've had enough, I want it all to stop",
        "honestly I just want everything to end",
        "ya no puedo más, quiero que todo se acabe",
        "estoy harta, quiero que todo termine",
        "solo quiero que todo esto pare",
        # not being here, not waking up
        "I don't want to be here anymore",
        "I don't want to be here any more",
        "I wish I could go to sleep and not wake up",
        "I'd rather not wake up tomorrow",
        "sometimes I wish I wouldn't wake up",
        "I hope I don't wake up in the morning",
        "ojalá no despertara mañana",
        "quisiera dormirme y no volver a despertar",
        "a veces pienso que sería mejor no despertar",
        # a burden
        "I'm a burden to everyone",
        "I feel like such a burden on my family",
        "it would be easier for everyone if I wasn't here",
        "mi familia estaría mejor sin mí",
        "soy una carga para mis hijos",
        # no point, not worth living, no way out
        "life isn't worth living with this pain",
        "I don't see the point of going on",
        "I can't see any reason to carry on anymore",
        "there's no way out",
        "I'm done with life",
        "no le veo sentido a la vida",
        "no le encuentro sentido a seguir viviendo",
        "no veo otra salida",
        "tengo ganas de desaparecer",
        # can't go on
        "I can't do this anymore",
        "I can't go on like this",
        "I can't cope any longer",
        "no quiero seguir así",
        # thinking about dying
        "I'm not going to do anything but I think about dying all the time",
        # stockpiling, taking everything
        "I've been stockpiling my pills",
        "I've been saving up my tablets",
        "I've been hoarding my tramadol",
        "I'm thinking of taking all my pills",
        "I might as well take the lot",
        "estoy juntando pastillas",
        # cutting, said plainly and in the past
        "I've been cutting again",
        "I cut myself last night",
        "I burned myself again tonight",
        "me corté los brazos anoche",
        "volví a cortarme",
        # a past cue beside a present crisis
        "I used to enjoy life, now I'm suicidal",
        "I self harmed as a teenager and now the urges to harm myself are back",
        "I used to be so active and now I want to die",
        "cuando era joven me cortaba y ahora quiero quitarme la vida",
        # more of the same kinds
        "honestly I wish I could just not wake up",
        "everyone would be happier if I wasn't around",
        "I really can't carry on like this anymore",
        "I can't cope with this anymore",
        "there's no reason for me to go on",
        "I've been putting aside my pregabalin in case",
        "I keep thinking about death every day",
        "ya no quiero seguir viviendo así",
        "me siento una carga para todos",
    ],
    "overdose": [
        # a count of a medicine
        "I took 20 paracetamol",
        "I took 30 of my pregabalin",
        "I took 16 co-codamol today because the pain was so bad",
        "I've been taking 12 paracetamol a day for a week",
        "I swallowed about 25 of my gabapentin",
        "took twenty codeine last night",
        "me tomé 20 paracetamoles",
        "me tragué unas 15 pastillas de tramadol",
        # loads of, more than prescribed, double
        "I've taken loads of my co-codamol",
        "I took more than prescribed, about 15 tablets",
        "I took double my dose of morphine by mistake",
        "me tomé el doble de la dosis de morfina sin querer",
        "tomé más de lo recetado de pregabalina",
        # an extra dose and drowsiness
        "I took my oxycodone twice by mistake and feel really sleepy",
        "I took extra tramadol and now I can't stay awake",
        "had another dose of morphine and I can't keep my eyes open",
        "me tomé otra dosis de tramadol y no puedo mantenerme despierta",
        # a handful of a named medicine
        "me tomé un puñado de tramadol",
        "I took a handful of my codeine",
        # "if I took" discloses
        "what happens if I took 10 tramadol?",
        "should I go to A&E if I took too many pills?",
        "took 40 paracetamol",
        "I swallowed 12 sleeping tablets",
        "I took a double dose of pregabalin and feel woozy",
        "my wife took extra morphine and now she won't wake up",
        "tomé 30 pastillas de pregabalina",
    ],
    "stroke-signs": [
        "my vision went in one eye and my arm is weak",
        "I suddenly can't find my words",
        "all of a sudden I couldn't get my words out",
        "my arm suddenly went weak and numb",
        "my hand suddenly went floppy",
        "de repente no me salen las palabras",
        "perdí la vista de un ojo y tengo el brazo débil",
        # transient signs that have gone still count
        "my face drooped for a few minutes this morning but it's fine now",
        "my speech was slurred for an hour yesterday, it's back to normal now",
    ],
    "severe-allergy": [
        "I've come out in hives and I'm wheezing",
        "rash all over after the new antibiotic and I feel faint",
        "my face is swelling up after the injection",
        "my eyes are puffing up after the new tablets",
        "se me están hinchando los labios después de la pastilla nueva",
        "me salieron ronchas y no puedo respirar",
        "tengo urticaria y me estoy mareando",
    ],
}


#: The clinical review's false alarms: figures of speech, one's own medicines, a past stroke, wanting
#: the pain (not one's life) to stop.
REVIEW_NEGATIVES = [
    # figures of speech and everyday talk
    "my face dropped when I saw the bill",
    "se me cayó la cara de vergüenza cuando vi la cuenta",
    "I can't talk right now, at work",
    "no puedo hablar ahora, estoy en el trabajo",
    "I can't lift my arms after the gym",
    "I think I overdosed on gardening this weekend",
    "I had a whole packet of biscuits",
    "me tomé una caja entera de galletas",
    "I took a handful of nuts",
    "I took the lot to the tip",
    "I had a whole bottle of wine last night",
    "I accidentally cut myself chopping onions",
    "me corté cocinando",
    "I can't do this exercise anymore, it hurts",
    "I can't go on walking like this, my calf cramps",
    # questions about one's own medicines
    "am I taking too many pills?",
    "I take too many pills, can I cut down?",
    "I take a handful of pills every morning",
    "can I take a double dose if I miss one?",
    "what's the most paracetamol I can take in a day?",
    "I took 2 paracetamol",
    "I took 8 co-codamol today",
    "I took 10 minutes to walk to the shop",
    "I take 100mg pregabalin twice a day",
    # a stroke in the past, a diagnosed palsy, a deficit of months
    "I had a stroke in 2019 and now I have sciatica",
    "I had a TIA last year, now my back hurts",
    "tuve un derrame cerebral hace 3 años y ahora tengo ciática",
    "my face has been drooping for 3 weeks, the GP said Bell's palsy",
    "my speech has been slurred for months since I started pregabalin",
    # wanting the pain to stop is not wanting one's life to
    "I just want the pain to stop",
    "I don't want to be a burden on my family when I'm older",
    "what's the point of physio if it doesn't help",
    "I'm done with physio",
    # lists of medicines, tablets left, pain at waking, an extra paracetamol
    "I take 10 tablets a day for my heart and blood pressure",
    "I had 10 tablets left in the box",
    "I have 20 paracetamol left",
    "tomo 10 pastillas al día para la tensión",
    "I can't cope with work anymore, any tips for sitting?",
    "I don't want to be here in this waiting room any longer",
    "I wish I didn't wake up so stiff",
    "I hope I don't wake up in pain tomorrow",
    "I want it all to stop hurting so I can sleep",
    "ojalá no despertara con tanto dolor",
    "solo quiero que todo esto pare de doler",
    "I took an extra paracetamol and feel sleepy",
    "me tomé otra dosis de paracetamol y tengo mucho sueño",
    "my arm went numb after sleeping on it",
    "I can't talk for long on the phone, my back hurts",
]


# -- the reply: each sign's advice, and the crisis line of the person's country -----------------


def reply(text: str, language: str, zone: str | None) -> str:
    from bot.emergency import emergency_number
    from bot.handlers.triage import alert_text
    from safety.verdict import Assessment

    triage = detector().triage(text)
    return alert_text(detector(), Assessment(list(triage.alert)), language, emergency_number(zone))


@pytest.mark.parametrize(
    ("zone", "line", "others"),
    [
        ("America/New_York", "988", ["116 123", "024", "800 911 2000"]),
        ("America/Toronto", "988", ["116 123", "024"]),
        ("Europe/London", "116 123", ["988", "024"]),
        ("Europe/Dublin", "116 123", ["988", "024"]),
        ("Europe/Madrid", "024", ["116 123", "988"]),
        ("America/Mexico_City", "800 911 2000", ["116 123", "988", "024"]),
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_self_harm_reply_names_the_crisis_line_of_the_persons_country_only(zone, line, others, language):
    text = reply("I want to die" if language == "en" else "me quiero morir", language, zone)
    assert line in text, text
    assert not any(other in text for other in others), text


@pytest.mark.parametrize("zone", [None, "America/Bogota", "Europe/Paris"])
def test_with_no_line_known_for_the_country_the_reply_names_every_line_with_its_country(zone):
    english = reply("I want to die", "en", zone)
    for words in (
        "116 123 in the UK and Ireland",
        "988 in the US",
        "988 in Canada",
        "024 in Spain",
        "800 911 2000 in Mexico",
    ):
        assert words in english, english
    spanish = reply("me quiero morir", "es", zone)
    assert "una línea de ayuda en crisis de su país" in spanish and "024, en España" in spanish, spanish


def test_the_self_harm_reply_is_warm_gives_both_tiers_and_leaves_out_the_symptom_wording():
    text = reply("I want to die", "en", "Europe/London")
    first, advice = text.split("\n\n")[:2]
    assert first.startswith("🚨 Emergency now: call 999"), text
    assert advice.startswith("I'm sorry you're feeling like this"), text
    assert "call 999 or go to A&E now" in advice and "Samaritans on 116 123" in advice, text
    assert "not a diagnosis" not in text and "these signs" not in text, text
    assert "116 123" not in text.split("What you told me")[1], text  # not inside the label
    # beside a symptom, the symptom wording stays
    both = reply("I want to die and I can't feel my groin since this morning", "en", "Europe/London")
    assert "not a diagnosis" in both and "I'm sorry" in both, both


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("my face is drooping on one side", "en", ["call an ambulance", "Note the time"]),
        (
            "my throat is swelling after the new medicine",
            "en",
            ["adrenaline auto-injector", "legs raised", "ambulance"],
        ),
        ("I took 20 paracetamol", "en", ["even if you feel well", "packets"]),
        ("tengo la cara torcida de repente", "es", ["ambulancia", "Anote la hora"]),
        ("se me está cerrando la garganta", "es", ["autoinyector de adrenalina", "piernas levantadas"]),
        ("me tomé 20 paracetamoles", "es", ["aunque se sienta bien", "cajas"]),
    ],
)
def test_each_sign_gets_its_own_advice_after_the_action(text, language, words):
    out = reply(text, language, None)
    action, advice = out.split("\n\n")[:2]
    assert action.startswith("🚨"), out
    assert all(w in advice for w in words), out


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("I'm struggling to cope with this pain", "en", ["can't go on", "116 123"]),
        ("esta ciática no me deja trabajar", "es", ["no puede seguir", "116 123"]),
    ],
)
def test_pain_that_stops_everyday_life_gets_a_crisis_line_as_its_safety_net(text, language, words):
    out = reply(text, language, "Europe/London")
    action, advice = out.split("\n\n")[:2]
    assert action.startswith("⚠️"), out
    assert all(w in advice for w in words), out


def test_every_advice_has_a_grade_a_source_and_only_known_placeholders():
    import re

    content = load_content()
    for language in ("en", "es"):
        advice = detector().in_language(language).advice
        assert set(advice) == {
            *NEW_SIGNS,
            *LATER_SIGNS,
            *COLLAPSE_SIGNS,
            *TOGETHER_SIGNS,
            *SUDDEN_SIGNS,
            *NEEDLE_SIGNS,
            *INFECTION_SIGNS,
            *BLEED_SIGNS,
        }, (
            language,
            sorted(advice),
        )
        for sign_id, text in advice.items():
            assert set(re.findall(r"{(\w+)}", text)) <= {"number", "crisis_line"}, text
            assert content.sources[detector().sources[sign_id][0]].grade == "A", sign_id


def test_every_crisis_line_has_an_official_source_and_every_country_one_line(tmp_path):
    import yaml

    from bot.emergency import TABLE, _crisis_lines

    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    for entry in data["crisis_lines"]:
        for source in entry["sources"]:
            assert data["sources"][source]["url"].startswith("https://"), source
        assert {"en", "es"} <= set(entry["name"]) and {"en", "es"} <= set(entry["where"]), entry
    assert {c for line in _crisis_lines() for c in line.countries} == {"GB", "IE", "US", "CA", "ES", "MX"}
    bad = tmp_path / "lines.yaml"
    bad.write_text(
        "sources: {}\nnumbers: []\ncrisis_lines:\n"
        "  - {number: '1', sources: [x], countries: [GB], name: {en: a}, where: {en: b}}\n"
    )
    with pytest.raises(ValueError, match="sources"):
        _crisis_lines(bad)


def test_the_spanish_signs_cite_a_spanish_page_of_a_national_body_beside_the_nhs():
    content = load_content()
    es = detector().others["es"]
    for sign_id in NEW_SIGNS:
        sources = [content.sources[s] for s in es.sources[sign_id]]
        assert sources[0].url.startswith("https://www.nhs.uk/"), sign_id
        assert any(s.url.startswith("https://medlineplus.gov/spanish/") and s.grade == "A" for s in sources), sign_id


# Kinds of wording found missed by development set L (the tests use wordings of our own).
PLAIN_SPEECH_POSITIVES = {
    "self-harm": [
        "what's the point anymore?",
        "is it normal to want to end it all with this pain?",
        "I've left notes for my family in the kitchen drawer",
        "I've said my goodbyes to everyone",
        "gave away all my things to my sister this week",
        "I can't face another day of this",
        "¿qué sentido tiene vivir así?",
    ],
    "bowel-control": ["I crapped myself this afternoon without realising"],
    "bladder-control": [
        "I wet the bed last night, never done that in my whole life",
        "I keep leaking when I cough, never had that happen before",
    ],
    "sexual-function": ["my back went on monday and now I can't finish when we have sex"],
    "serious-injury": ["knocked off my scooter by a taxi, my back is agony", "the pony threw me and my back is agony"],
    "saddle-numbness": [
        "the numbness has crept from my foot up to my groin",
        "my wife says I don't react when she touches my bottom",
    ],
    "sepsis-signs": [
        "back pain and a temperature of 39.5, my wife says I'm not making any sense",
        "he's got a fever with his back infection and his lips have gone blue",
        "tengo fiebre y dolor de espalda y mi marido dice que estoy desorientado",
    ],
}


@pytest.mark.parametrize(
    "text",
    [
        "I'm struggling to cope with this pain",
        "the sciatica is stopping me from working",
        "esta ciática no me deja trabajar",
        "llevo un mes que no duermo por la espalda",
        "haven't slept more than two hours a night for weeks",
        "feeling really down about my back, crying every day",
        "this sciatica has ruined my sleep",
        "I can't do my job with this back",
        "my son hasn't been to school for three weeks with his back",
        "I'm finding it hard to look after the baby with this pain",
    ],
)
def test_pain_that_stops_everyday_life_is_answered_see_a_doctor_soon(text):
    triage = detector().triage(text)
    assert triage.action == "alert" and triage.level == "soon", (text, triage)
    assert "daily-life" in {s.id for s in triage.alert}, (text, triage)


@pytest.mark.parametrize(
    "text",
    [
        "I wrote a letter to my kids' teacher about their homework",
        "I gave away my old clothes to the charity shop",
        "what are the warning signs of suicide in someone with chronic pain?",
        "I can't do this exercise anymore, it hurts",
        "I saw a van knocked off its mirror by a bus",
        "I'm confused about which exercise to do, I had a temperature last week",
        "I had sepsis years ago, now my back aches",
        "we have a septic tank and my back hurts from digging",
    ],
)
def test_everyday_words_near_the_plain_speech_kinds_do_not_alarm(text):
    triage = detector().triage(text)
    assert triage.level != "emergency" or triage.action == "ask", (text, triage)
    assert not {s.id for s in triage.alert} & {"self-harm", "serious-injury", "sepsis-signs"}, (text, triage)


# After the clinical review of the new signs, the attacker's review, and sets O and ES-I: the kinds
# of wording each found missed, and the false alarms each found (the tests use wordings of our own).
LATER_POSITIVES = [
    # the clinical review: sepsis over two sentences and in plain words, the means made ready,
    # a carer describing goodbyes
    ("sepsis-signs", "She had a high temperature yesterday. Now she's not making any sense."),
    ("sepsis-signs", "fever and I can't catch my breath"),
    ("sepsis-signs", "temp of 39 and his hands have gone pale and blotchy"),
    ("sepsis-signs", "tengo calentura y me cuesta respirar"),
    ("self-harm", "I've bought a rope"),
    ("self-harm", "dad keeps saying goodbye to the family and has given away all his things"),
    ("self-harm", "ya no puedo más con mi vida"),
    ("chest-pain", "she fainted and went grey and clammy"),
    # the attacker's review: casual and text-speak crises, all of a named medicine, not breathing
    ("self-harm", "gonna hang myself tonight"),
    ("self-harm", "i wanna die"),
    ("self-harm", "i want to kill my self"),
    ("self-harm", "i dont wanna live anymore"),
    ("self-harm", "me voy a colgar esta noche"),
    ("self-harm", "me corté las venas"),
    ("overdose", "i took all my tramadol"),
    ("overdose", "me tomé un bote de pastillas"),
    ("chest-pain", "my husband isn't breathing"),
    # sets O and ES-I
    ("bladder-control", "since yesterday my mum can't hold her water at all"),
    ("chest-pain", "I passed out on the stairs. I'm grey and sweaty now"),
    ("sepsis-signs", "he's hot and shivery and talking nonsense"),
    ("self-harm", "how many of my tablets would be fatal"),
    ("overdose", "took a double dose of my gabapentin by mistake. now really drowsy"),
    ("serious-injury", "mi hijo se cayó jugando, escuchó un crujido y no puede levantarse"),
    ("sepsis-signs", "tiene fiebre y la piel marmoleada"),
    ("overdose", "mi nieta se tragó unas pastillas de mi abuela"),
    ("overdose", "me pasé con el paracetamol hoy"),
    # set P: the other leg too, said a sentence later or as pain that moved across; wet without
    # waking or noticing (a next sentence "was fine" is not a denial); a child who ate someone's
    # tablets; 'boiling hot' as a fever; wishing not to wake up or not to be here
    ("both-legs", "my right leg has had sciatica for a month. Since this morning the left leg has the same pain too"),
    ("both-legs", "the pain in my left leg has spread over to the right as well since last night"),
    ("bladder-control", "woke up wet this morning and didn't even wake up for it"),
    ("bladder-control", "my trousers were wet and I didn't notice a thing. Was fine when I left home"),
    ("overdose", "my toddler swallowed some of my co-codamol tablets"),
    ("sepsis-signs", "he's boiling hot and confused and struggling to breathe"),
    ("self-harm", "sometimes I think it would be better not to wake up"),
    ("self-harm", "most days I wish I wasn't here"),
    # older English sets: a disc said to press on the cauda equina, 'now both feet', dragging
    # both feet, a second lot of night tablets and 'just sleepy'
    ("cauda-equina-worry", "my MRI shows the disc is squashing the cauda equina"),
    ("both-legs", "the tingling started in my left calf and now it's both legs"),
    ("both-legs", "I'm dragging both feet like they're made of lead"),
    ("overdose", "took my gabapentin twice tonight by accident, feeling a bit woozy"),
    # a sign that ends its sentence is not denied by "was fine" opening the next one
    ("bladder-control", "since lunch I have no control of my bladder. Was fine at breakfast"),
    ("saddle-numbness", "I can't feel anything down below. Was fine yesterday."),
    # chest pressure described, soiling not known of, both feet slapping where one did before,
    # a leg that went to dragging within hours
    ("chest-pain", "my chest feels like there's a weight on it and I'm sweating"),
    ("bowel-control", "found my pants soiled twice today and I hadn't noticed"),
    ("both-legs", "both feet flop when I walk now, it was only the left one before"),
    # the attacker's review of these rules: a programme or podcast about a sign, then the sign
    # itself; 'nothing to do with my back' beside chest pain; 'si uno...' then 'yo la tengo'; a
    # temperature said after the chemotherapy
    ("overdose", "Podcast about overdoses got me thinking, I took 30 of my tramadol an hour ago"),
    ("bladder-control", "I listened to a podcast about cauda equina and now I can't pee and my bum is numb"),
    ("chest-pain", "Crushing chest pain, my husband says it's nothing to do with my back"),
    (
        "stroke-signs",
        "I watched a documentary about strokes, and now my face is drooping on one side and my arm is weak",
    ),
    ("saddle-numbness", "Si uno tiene la entrepierna dormida es grave? porque yo la tengo dormida desde esta mañana"),
    ("sepsis-signs", "estoy con quimio y tengo 38.9 con un dolor en la columna, tiritando"),
    ("overdose", "My son ate some of my tramadol tablets"),
    ("overdose", "My 3 year old got into nans pills, he ate 4 of them"),
    # a Spanish statement that opens with "se" is not a question
    ("overdose", "se tomó todas sus pastillas y no responde"),
    # set R: a vehicle rolled or driven into from behind, a fall and no getting up said a sentence
    # later or "for ages", one side of someone else's face, a face puffing up after a medicine,
    # spots that don't fade, muddled thinking with a weeping wound, passive and planned wishes
    ("serious-injury", "flipped the van on a bend last night and now my lower back is killing me"),
    ("serious-injury", "a lorry ploughed into the back of my car at the lights, my back is really sore"),
    ("serious-injury", "I got tackled hard and went down on my back. Can't get up off the pitch"),
    ("serious-injury", "came off my skateboard, landed on my back and couldn't get up for ages"),
    ("stroke-signs", "my grandad's speech is slow and one side of his face has gone"),
    ("stroke-signs", "her face looks weird on one side and she isn't herself"),
    ("severe-allergy", "took my new pills and my face is puffing up"),
    ("severe-allergy", "took a naproxen an hour ago, my eyes are puffy and I'm wheezing"),
    ("sepsis-signs", "she has a high temperature and little purple spots on her tummy"),
    ("sepsis-signs", "running a fever and these red spots don't fade when I press a tumbler on them"),
    ("self-harm", "I'd honestly be better off not here"),
    ("self-harm", "on the drive to work I keep wanting to swerve into a tree"),
    ("self-harm", "stood looking at the railway bridge thinking it would all be easier"),
    ("self-harm", "I looked up how many of my tramadol it would take"),
    # sets ES-AB and AH (development): a death wish with a plan, a way named, an allergy told
    # without the throat, sepsis told as bluish hands or not knowing the family, a fit in Pidgin,
    # sight lost with a numb arm
    ("self-harm", "why won't I just die already, I've even thought about how to do it"),
    ("self-harm", "por qué no me muero de una vez... ya hasta pensé cómo hacerlo"),
    ("self-harm", "if they cancel the op again I'll walk into the river, I mean it"),
    ("self-harm", "I have been thinking to just drink the weedkiller and rest"),
    ("self-harm", "si me dicen que no me operan me voy a meter al río y ya"),
    ("severe-allergy", "my daughter is allergic to nuts, she just ate a cookie and she's wheezing with hives"),
    ("severe-allergy", "took amoxicillin for the first time and my face is like a balloon and my voice is hoarse"),
    ("severe-allergy", "mi hijo comió algo con maní, tiene la cara hinchada y respira con ruido"),
    ("sepsis-signs", "infected wound, shivering, and my fingers have gone bluish"),
    ("sepsis-signs", "mi abuela tiene fiebre desde ayer y hoy no nos reconoce"),
    ("collapse", "my uncle just fall for ground for market, e no dey talk"),
    ("stroke-signs", "I lost the sight in one eye and my right arm went numb"),
    ("stroke-signs", "perdí la vista de un ojo y se me quedó dormido el brazo"),
    ("serious-injury", "mi abuela se resbaló en el baño, sintió un crujido en la espalda y no la podemos levantar"),
    ("serious-injury", "me voltié en la moto y sonó algo en la espalda, no me atrevo ni a moverme"),
    # the second attack on this round: attempts told with intentar, a plan, a way, the sea
    ("self-harm", "ayer intenté matarme"),
    ("self-harm", "me quise matar anoche, me tomé varias pastillas"),
    ("self-harm", "tried to end it last night, didn't work"),
    ("self-harm", "I've planned how I'd end it, the date and everything"),
    ("self-harm", "gonna walk into the sea when everyone's asleep"),
    ("self-harm", "Me voy a tomar la lejía, ya no puedo"),
    ("self-harm", "Estoy pensando cómo matarme sin que duela"),
    ("self-harm", "ya está, no puedo más, me voy a cortar"),
    ("severe-allergy", "Es alérgico a los mariscos y comió camarones, está pálido y se ahoga"),
    ("sepsis-signs", "Mi madre con fiebre y las manos azuladas, está rara"),
    ("stroke-signs", "Woke up blind in my right eye and my left hand is weak and clumsy"),
    # a last clinical review: nothing to live for said in the negative, tongue swelling told
    # verb first, not daring to move told with "ni"
    ("self-harm", "ya no tengo nada por lo que vivir"),
    ("self-harm", "i dont have anything to live for anymore"),
    ("severe-allergy", "comí camarones en la cena y se me hinchó la cara y la lengua"),
    ("serious-injury", "me caí de la bici, no me atrevo ni a moverme, me duele mucho la espalda"),
]
LATER_NEGATIVES = [
    # the clinical review
    "I messed up the bridge exercise without realising",
    "my cat pooed on the rug without warning",
    "my knee has been stiff for years, saw the physio on Monday",
    "giving my dog away because I can't walk him with my back",
    "no he sentido nada raro, solo me arde la pierna",
    # the attacker's review: spelling "corrected" to retention, a crash on the sofa, a goodbye
    # note to a job, another day of rain, sepsis long past
    "thanks for your attention",
    "my son got detention",
    "I crashed on the sofa",
    "the bot crashed again",
    "I wrote a goodbye note to my old job lol",
    "can't face another day of this rain",
    "back in 2018 I had sepsis with a fever and confusion, all fine now",
    # sets O and ES-I
    "my legs feel like I've been hit by a truck after the gym",
    "what's a lethal dose of chocolate for my dog",
    "se me duerme la pierna de estar sentada en el sofá",
    # set P: tired legs after a class, numbness from kneeling that went on standing, a film's
    # accident, an accident years back and healed, a colleague's crash with nobody hurt, a denial
    # in a list, a professional's question, long-standing problems put down to another cause
    "my legs felt like jelly after pilates",
    "both legs went dead kneeling in the garden for an hour, fine once I got up",
    "watched a film about a roofer who fell off a roof, scary stuff",
    "I was in a car crash three years back, completely recovered",
    "my mate crashed his van into a post, not me, nobody hurt. anyway my back is easing",
    "I don't have any numbness down there or any bowel changes, only the sciatica",
    "For my own reference, what do you advise for saddle anaesthesia?",
    "I've had erection problems for years with my blood pressure tablets, the GP knows all about it",
    # an age before the chemotherapy, a blue shirt after the pills
    "Tengo 45 y estoy con quimio, puedo hacer ejercicios para la ciatica?",
    "Me tome mis pastillas y me puse la camisa azul",
    "my son takes his tablets every morning",
    "the kids got into the biscuits again",
    "Tomé ibuprofeno y el whatsapp no responde bien",
    # set R: a figure of speech, legs tired by a session named first, numbness from sitting that
    # goes on getting up, a question about what sepsis is
    "that film nearly gave me a heart attack",
    "my bum goes numb on the drive to work, as soon as I get out it's fine",
    "Anyway, what's the difference between sepsis and an ordinary infection?",
    "me está ardiendo la pierna por la ciática y estoy confundida con las pastillas",
    # the same sets: a paddle in the sea, a pet and bleach, an epipen carried, a GP saying no
    "we're going to walk into the sea for a paddle on holiday",
    "my dog is going to drink the bleach if I leave it out",
    "I have an epipen for bee stings, can I take naproxen?",
    "me voy a meter al mar a nadar con los niños",
    "the GP said no numbness is normal after the op",
    "I'm going to walk into the sea with the grandkids tomorrow, cold water helps my sciatica",
    "I'm going to take the rat poison to the tip so the kids don't find it",
    "Why won't it just die down, this sciatica is driving me insane",
    "me voy a cortar el bigote que ya parezco un abuelo",
    "Me voy a cortar con el azúcar, el médico dice que adelgace",
    "No puedo más con la ciática, me voy a hacer daño de tanto estar en la cama",
    "voy a tomar el veneno de las cucarachas para echarlo en la cocina",
    "I'm allergic to dust, have had a cough and my throat is tickly all week",
    "Tengo alergia primaveral, me tomé una pastilla y sigo con tos",
    "I've got a temperature and I don't know where to start with all these exercises",
    "Bit of a temp with a cold, my toes go bluish in the cold, I've got Raynaud's",
    "Tengo fiebre y las manos moradas de frío porque se rompió la calefacción",
    "Ayer me resbalé, sentí un crack en la rodilla pero camino normal",
    "Se cayó la tele y no la podemos levantar, pesa mucho",
    "Lost the sight in my right eye as a child, and my sciatica leg is numb today as always",
    "Tried to end it with my boyfriend last week, the stress is making my sciatica worse",
    "I'm allergic to elastoplast, just had one put on after my jab and the skin underneath is a bit blotchy",
    "no tengo nada por que preocuparme, todo bien con la espalda",
]


def by_sign(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(sign, text) for sign, texts in groups.items() for text in texts]


@pytest.mark.parametrize(
    ("sign", "text"),
    [*by_sign(POSITIVES), *by_sign(REVIEW_POSITIVES), *by_sign(PLAIN_SPEECH_POSITIVES), *LATER_POSITIVES],
)
def test_each_kind_alarms_at_once_by_its_sign(sign, text):
    alarms(text, sign)


@pytest.mark.parametrize(
    "text", ["my left leg went from normal to dragging in an hour", "my right foot started dragging in the last hour"]
)
def test_a_leg_that_went_to_dragging_within_hours_is_a_doctor_today(text):
    result = detector().triage(text)
    assert (result.action, result.level) == ("alert", "urgent"), (text, result)
    assert "leg-weakness" in {s.id for s in result.alert}


def test_a_crick_from_sleeping_is_not_pain_between_the_shoulder_blades():
    for text, thoracic in (
        ("Between the shoulder blade and neck it's stiff from sleeping funny", False),
        ("new pain between my shoulder blades since yesterday", True),
    ):
        assert ("thoracic-pain" in {s.id for s in detector().triage(text).alert}) is thoracic, text


@pytest.mark.parametrize("text", [*REVIEW_NEGATIVES, *LATER_NEGATIVES])
def test_the_reviews_false_alarms_do_not_alarm(text):
    triage = detector().triage(text)
    assert not {s.id for s in triage.alert} & set(NEW_SIGNS), (text, triage)
    assert triage.level != "emergency" or triage.action == "ask", (text, triage)


@pytest.mark.xfail(strict=True, reason="known: the model alone alarms or asks on these since it learnt new sets")
@pytest.mark.parametrize(
    "text",
    [
        "I cut myself shaving",  # since the model learnt Z and ES-T
        "tengo la garganta irritada",  # asked about since the Spanish model learnt ES-W
    ],
)
def test_everyday_words_the_model_took_for_an_emergency(text):
    triage = detector().triage(text)
    assert triage.level != "emergency", (text, triage)  # neither the alarm nor the question


@pytest.mark.xfail(strict=True, reason="known: the model alone reads this as an emergency since it learnt flares")
def test_a_face_that_fell_at_a_price_is_no_emergency():
    """A known false alarm, kept visible: when the model stops reading it as an emergency this
    test passes, fails as strict, and the message goes back to REVIEW_NEGATIVES."""
    assert detector().triage("my face fell when she told me the price").level != "emergency"


def test_a_face_that_fell_is_no_fall_to_the_rules():
    triage = detector().triage("my face fell when she told me the price")
    assert not {s.id for s in triage.alert} - {"described-emergency"}, triage  # only the model's reading
