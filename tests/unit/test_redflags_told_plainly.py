"""Signs told plainly in ways the phrase rules had not read: numbers in words, the length of a
shift or a meeting, and the look-alikes each reading must leave alone.

The messages are our own wordings, in both languages.
"""

from __future__ import annotations

import pytest

from tests.evaluation import rules_only as detector

#: Each gets the emergency reply at once, from the rules alone.
EMERGENCIES = [
    # a length of time told in words is as new as one told in figures
    "Since two days urine is coming out and I do not feel it",
    "haven't had a wee for twelve hours and my belly is tight",
    "desde hace dos días no siento nada cuando me limpio",
    # a shift's length does not hide a numbness that stays
    "after my 3 hour drive my bum went numb and it's still numb 2 days later",
    # cancer in clinical shorthand, then suddenly unsteady; a carer's account of the same
    "prostate ca 6 yrs ago, treated. suddenly wobbly on my feet since lunch, holding the walls",
    "my dad has prostate cancer, since this morning he is staggering and walking like he is drunk",
    "mi papá tiene cáncer de próstata con metástasis, hoy de repente no se puede mantener de pie, se tambalea",
    # sight lost suddenly in one eye (a stroke sign on its own)
    "Lost the sight in my left eye suddenly ten minutes ago, like a curtain came down",
    "suddenly I can't see out of my right eye",
    "de repente dejé de ver del ojo izquierdo, como una cortina negra",
    # both legs gone and the person cannot stand
    "legs gone dead both sides. cant stand",
]

#: None of these is an emergency.
NOT_EMERGENCIES = [
    # how long a shift, a drive or a meeting lasted is no change
    "my legs feel dead after a twelve hour shift on the loading bay, every shift, fine by morning, just tired",
    "my legs feel dead after a 12 hour shift on the loading bay, every shift, fine by morning, just tired",
    "se me durmió el culo en la reunión de tres horas, al levantarme ya se me pasó",
    "se me durmió el culo en la reunión de 3 horas, al levantarme ya se me pasó",
    # sight lost long ago, a sudden back pain beside it; vision going black on standing up
    "I lost the sight in my left eye years ago from glaucoma, suddenly my back went",
    "my vision goes black for a second when I stand up too fast",
    "perdí la vista del ojo derecho hace años por un desprendimiento de retina",
    # legs that cannot stand for long, or cannot stand the pain
    "both legs numb, can't stand for long without sitting",
    "both legs weak, cant stand the pain",
    # leaking with a cough, not said to be new: asked about, not alarmed
    "urine comes out when I cough, I don't feel it coming",
]


#: Asked about (the follow-up question), not alarmed and not passed over.
ASKED = [
    "urine comes out when I cough, I don't feel it coming",
    "both legs numb, can't stand for long without sitting",
]


def test_cancer_in_shorthand_with_new_back_pain_is_urgent():
    result = detector().triage("Ca breast 2015. New back pain for a month")
    assert "cancer-history" in {s.id for s in result.alert}


def test_a_scar_leaking_onto_the_dressing_is_urgent():
    text = "desde esta mañana la herida de la espalda suelta un líquido amarillento"
    assert "wound-infection" in {s.id for s in detector().triage(text).alert}


@pytest.mark.parametrize("text", ASKED)
def test_possibly_long_standing_signs_are_asked_about(text):
    assert detector().triage(text).action == "ask", text


@pytest.mark.parametrize("text", EMERGENCIES)
def test_signs_told_plainly_alarm(text):
    result = detector().triage(text)
    assert result.action == "alert" and result.level == "emergency", text


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_their_look_alikes_are_not_emergencies(text):
    result = detector().triage(text)
    assert not (result.action == "alert" and result.level == "emergency"), text
