"""Messages from people who live with a condition that gives them red-flag-like symptoms every
day: a risk factor with no back pain, a shy bladder, a numbness "the same as it's been since the
op", an old scare that is over. None of them is an emergency or urgent by itself; the same words
with a new change still are.

The messages are our own wordings, in both languages.
"""

from __future__ import annotations

from functools import cache

import pytest

from safety.redflags import RedFlagDetector
from tests.evaluation import rules_only as detector
from tests.evaluation import signs_read as signs

RISK_FACTORS = {"cancer-history", "immune-weakness", "bone-weakness", "infection-risk"}


@pytest.mark.parametrize(
    "text",
    [
        # no pain and no back named
        "Since the chemo my fingertips have been numb, three years now. Any gadgets for buttons?",
        "I'm on alendronic acid for osteoporosis, is pilates allowed?",
        "tomo corticoides desde hace años por el asma, ¿debo tomar calcio?",
        # the back said to be fine, and nothing new
        "I had bowel cancer in 2016. My back is fine, does that history matter for pilates?",
        "Long-term prednisolone for my lungs. Back is ok. Do steroids thin the bones?",
        "tuve cáncer de mama hace 8 años, la espalda la tengo bien, ¿puedo hacer yoga?",
    ],
)
def test_a_risk_factor_without_back_pain_is_no_urgent_sign(text):
    assert not signs(text) & RISK_FACTORS, text


@pytest.mark.parametrize(
    "text",
    [
        "I had bowel cancer in 2016 and my back has started aching at night",
        "My back was fine until last week, I had lymphoma in 2019",
        "had breast cancer years ago, my back isn't fine at all",
        "Long-term steroids for my Crohn's and my back went suddenly when I sneezed",
        "tengo osteoporosis y al agacharme me dio un pinchazo en la columna",
        "tuve cáncer de próstata y desde hace un mes me duele la espalda",
        # the back said to be fine, and a complaint named besides: a survivor's sciatica
        "Had breast cancer 3 years ago. My back is fine, it's the pain down my leg that's unbearable",
        "I'm a cancer survivor, back is ok, but the shooting pains in my bum and leg keep me awake",
        "Had kidney cancer. I don't have any pain killers that work for my back",
        "tuve cáncer de ovario, la espalda bien, pero la pierna me duele muchísimo al caminar",
    ],
)
def test_a_risk_factor_with_back_pain_is_still_urgent(text):
    result = detector().triage(text)
    assert result.level in ("urgent", "emergency") and signs(text) & RISK_FACTORS, (text, result)


def test_a_risk_factor_set_aside_takes_no_other_sign_with_it():
    """Only the risk factor goes: a bladder sign beside it is still asked about."""
    result = detector().triage("I had bowel cancer years ago. I sometimes wet myself")
    assert result.action == "ask" and "bladder-control" in {s.id for s in result.unclear}, result
    assert "cancer-history" not in signs("I had bowel cancer years ago. I sometimes wet myself")


def test_cancer_and_a_newly_weak_leg_stays_an_emergency_with_the_back_fine():
    """The risk factor set aside never takes away a sign found together with it."""
    result = detector().triage("I had breast cancer years ago, my back is fine, but since Monday I drag my left foot")
    assert result.level == "emergency" and "cancer-nerve" in {s.id for s in result.alert}


@pytest.mark.parametrize(
    "text",
    [
        "Can't pee when someone's standing next to me at the urinal, is that a nerve thing?",
        "I can never wee in public toilets, always been that way",
        "shy bladder at the stadium again lol",
    ],
)
def test_a_shy_bladder_is_not_a_bladder_sign(text):
    assert not signs(text) & {"bladder-control", "ces-possible"}, text


def test_a_numbness_the_same_as_since_the_op_is_long_standing():
    text = "Cauda equina surgery 5 years ago, I still have some numbness in my bum, same as it's been since the op"
    assert detector().triage(text).level != "emergency"
    new = "Cauda equina surgery 5 years ago, the numbness in my bum has spread since last night"
    assert detector().triage(new).level == "emergency"


#: (an old event asked about, its sign, the same told as happening now): the first is no sign,
#: the second is the emergency reply.
OLD_AND_NOW = [
    # an episode's length told with "for" ("for a day") after its date is how long it lasted, and
    # "will it happen again?" asks; it does not say it came back
    (
        "Couldn't pee after a spinal anaesthetic for my knee op in 2021 - they catheterised me for a day "
        "and it's been fine since. Will it happen again if I get the other knee done?",
        "bladder-control",
        "Couldn't pee after my knee op in 2021, fine since. It's happening again since this morning",
    ),
    # someone else's old accident, then a question about their recovery
    (
        "My brother had a car accident last month and broke his back, he's in hospital getting care. "
        "How long is recovery usually?",
        "serious-injury",
        "my husband was in a car crash an hour ago and his back is agony, how long does recovery take?",
    ),
]


@pytest.mark.parametrize(("old", "sign", "now"), OLD_AND_NOW)
def test_an_old_event_asked_about_is_no_sign_and_the_same_now_is_an_emergency(old, sign, now):
    assert sign not in signs(old)
    assert detector().triage(now).level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "did anyone see that boxer collapse in the ring on telly last night? awful",
        "salió en el noticiero que un ciclista se desplomó en plena carrera, hay que aprender RCP",
    ],
)
def test_a_collapse_seen_on_a_screen_is_not_an_emergency(text):
    assert "collapse" not in signs(text), text


def test_a_collapse_in_front_of_the_television_is_still_an_emergency():
    assert detector().triage("mi esposo se desplomó viendo el partido en la tele y no responde").level == "emergency"
    assert detector().triage("watching tv when my husband collapsed and isn't breathing").level == "emergency"


def test_a_tag_question_does_not_deny_the_relief_after_it():
    text = "las piernas se me duermen en los vuelos largos, le pasa a todos, no? me levanto a caminar y listo"
    assert detector().triage(text).level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My backside goes numb on the bike saddle after an hour, fine as soon as I get off, no other problems.",
        "My legs go numb on long flights but it passes when I stand up and walk around.",
        "On long-term steroids for asthma. No pain anywhere, just asking if I can do yoga.",
    ],
)
def test_the_second_attack_s_look_alikes_are_not_alarmed(text):
    """With the message model too: a numbness set aside as one that goes on standing is asked about
    at most, and a risk factor set aside is not given the model's urgent reply either."""
    result = _with_model().triage(text)
    assert result.level not in ("emergency", "urgent") or result.action == "ask", (text, result)


def test_a_risk_factor_with_something_getting_worse_is_still_urgent():
    text = "Prostate cancer treated in 2020. Now I can't straighten up and it's getting worse every day"
    assert _with_model().triage(text).level in ("urgent", "emergency")


@cache
def _with_model() -> RedFlagDetector:
    return RedFlagDetector.load()


def test_a_long_standing_numbness_told_with_its_years_first_is_asked_about():
    """ "llevo 6 años con ..." says how long it has lasted, as "... for 6 years" after it does."""
    result = detector().triage("llevo 6 años con el culo dormido por la aracnoiditis, la ciática como siempre")
    assert result.action == "ask", result
    assert detector().triage("llevo 2 días con el culo dormido").level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My hair has fallen out from the chemo",
        "Se ha caído la web del hospital y no puedo pedir cita",
        "Se me ha caído el pelo por la quimio",
        "Se ha caído el vaso y se ha roto",
        "The baby is on the floor playing, she can't get up by herself yet",
    ],
)
def test_things_that_fall_and_a_baby_on_the_floor_are_no_injury(text):
    assert not signs(text) & {"serious-injury", "minor-injury"}, text


#: Emergencies told around a usual background, a mention, a past episode or a relief: each still
#: gets the emergency reply (each group names what a reading had to keep).
EMERGENCIES = [
    # not being able to pee since this morning, beside the words of a shy bladder
    "can't pee since this morning, even at home with nobody around",
    "can't pee since this morning, tried the public toilet and nothing",
    # a numbness from sitting, with something new beside it
    "numb bum since this morning after sitting, gone now",
    "numb bum from sitting on the bench, it's gone now but my bladder won't empty",
    # a fall onto the back with legs that tingle or do not move
    "my 12 yo fell off the climbing frame onto his back, he's not moving his legs much and says they tingle",
    # hours told with nothing passed, beside a bladder that is usually slow
    "My bladder has always been slow with the arachnoiditis. Now it's been 15 hours with nothing and it hurts",
    # a Spanish carer's plural: both legs going numb, with cancer
    "tuve cáncer de mama en 2016 y desde hace una semana las piernas se me duermen y me tambaleo",
    # the numbness from sitting went, but something began since then
    "After a long drive my privates went numb, it's gone now but since then I can't feel when I need to wee.",
    # hours with nothing passed, in Spanish
    "Normalmente orino despacio pero llevo 14 horas sin hacer nada de pis y me duele la tripa.",
    # a child with a fever, a headache and the light hurting (meningitis)
    "My daughter is burning up, says her head hurts and she can't look at the lights.",
    "Tengo fiebre, un dolor de cabeza horrible y el cuello tan rígido que no puedo bajar la barbilla.",
    # cauda equina signs told in Spanish slang and negatives
    "tia q me pasa algo rarisimo, desde esta mñn tengo el chichi dormido y las dos piernas me hormiguean",
    "ahorita ya no puedo levantar ninguno de los dos pies y arrastro las piernas",
    "tengo la entrepierna dormida y la ciática de siempre, ¿me preocupo o no?",
    # not knowing, or no longer feeling, that it happens
    "wet myself in the shop and didnt even know til my daughter said. back's been bad all week",
    "my husband's stopped feeling when he needs the toilet. it started at the weekend",
    # a mention, then the sign taken as one's own
    "I read on the internet that numbness down there is dangerous. I've had it since this morning.",
    "My aunt said if I couldn't feel the toilet paper I should go to hospital. I can't feel it, since yesterday.",
    "mi tía dice que si no siento al limpiarme es grave. Pues no lo siento desde ayer",
    # a dream, then waking to the real thing
    "I dreamt I wet myself, woke up and the bed really was soaked and I hadn't felt a thing",
    # stool lost without noticing, after an old numbness said to be unchanged
    "el entumecimiento sigue igual desde entonces. Desde ayer se me escapan las heces sin notarlo",
    # sciatica that has moved to the other leg too, told verb first
    "la ciática me empezó en la derecha hace semanas pero desde ayer también me baja por la izquierda",
    # a fall, still on the floor and unable to get up
    "Mi madre se ha caído en la cocina hace media hora, está en el suelo y no puede levantarse",
    # a carer's account of a father's cancer and his legs
    "Mi papá tiene cáncer de próstata, desde ayer se le duermen las dos piernas y anda como borracho",
    # a hand that will not obey, with double vision
    "no puedo escribir, la mano derecha no me hace caso y veo doble desde hace un rato",
    "my right hand won't do what I tell it and I'm seeing double, started 20 minutes ago",
    # an old all-clear or a general question beside a sign now
    "tengo dolor de pecho desde hace una hora, el año pasado al final era ansiedad pero esto es distinto",
    "si uno no puede orinar desde ayer es grave? yo llevo desde ayer sin poder orinar",
]

#: Their look-alikes: numbness from sitting that has gone, mentions, near misses, an old numbness
#: unchanged, an old sign that turned out to be nothing.
NOT_EMERGENCIES = [
    # numbness from sitting a while that has gone
    "numb bum from three hours on the stadium bench at my daughter's game, it's gone now",
    "my legs went numb from gaming in the same position for 5 hours, stood up and it went away",
    "se me durmió la cola en el viaje de 6 horas en bus, ya se me pasó",
    # mentions, near misses, an old numbness unchanged, an old sign that was nothing
    "Hello po, just asking, my tita said if my butt is numb I should go to hospital? I don't have that",
    "I read on the internet that numbness of the bottom is dangerous. I don't have this, only pain in my leg.",
    "When I cough it shoots down my leg and I nearly pee myself from the shock haha",
    "con la fiesta de anoche casi me hago encima del pedo que tenía jajaja",
    "me operaron de cola de caballo en 2018 y me quedó una zona dormida en la nalga, sigue igual desde entonces",
    "leí en internet que no sentir la cola es peligroso, yo no tengo eso",
    "Had a runny tummy from a dodgy kebab, nearly didn't make it to the loo haha",
    "con la gastroenteritis casi no llego al baño jaja",
    "¿La hernia puede hacer que uno no sienta cuando va al baño? lo leí en un foro, a mí no me pasa",
    "El dolor de pecho que tuve el año pasado al final era ansiedad, me hicieron todas las pruebas",
    "The chest pain last year turned out to be reflux, all tests fine",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_told_around_a_usual_background_still_alarm(text):
    assert detector().triage(text).level == "emergency", text


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_their_look_alikes_are_not_emergencies(text):
    assert detector().triage(text).level != "emergency", text
