"""A leg that has become weak or numb in someone who has or has had cancer: the emergency sign
``cancer-nerve``, found together from ``cancer-history`` and ``leg-weakness`` or ``new-numbness``
(``together:`` in content/redflags.yaml and content/es/redflags.yaml). NICE NG234 and the Scottish
referral guidelines for suspected cancer treat limb weakness, difficulty walking or a loss of
feeling in someone with cancer as possible spinal cord compression, to be seen at once.

The messages are our own wordings, in both languages.
"""

from __future__ import annotations

from functools import cache

import pytest

from content.yamldoc import ContentError
from safety.redflags import RedFlagDetector
from safety.rules import load_rules


@cache
def detector() -> RedFlagDetector:
    return RedFlagDetector.load(with_model=False)


#: Cancer now or in the past, and a leg that has just become weak or numb: the emergency reply.
TOGETHER = [
    # a cancer named with its date
    "Melanoma 10 yrs ago, all clear. This week my foot has started dragging",
    "Cáncer de mama en 2019, y desde ayer la pierna izquierda se me duerme",
    # the attack on the sign's own patterns
    "kidney cancer survivor, past few days finding it really hard to walk",
    "Mi abuela tiene cáncer de pulmón avanzado y desde esta mañana no se puede sostener en pie",
    "Mi esposa tiene cáncer de ovario y desde el fin de semana se le duerme la pierna derecha",
    "Estoy en inmunoterapia por un melanoma y desde el viernes voy como borracha, inestable al caminar",
    # difficulty walking, new, with one's own cancer (NICE NG234)
    "I have lymphoma, on chemo, 2 days unsteady walking",
    "Tengo cáncer y me cuesta caminar desde hace dos días, me tambaleo",
    # a carer's account: that person's cancer and leg (the sign's own patterns)
    "my mum has secondary breast cancer in her spine and since last night she can't feel her left leg",
    "my husband has myeloma. This morning his right leg won't work",
    "mi mamá tuvo cáncer de colon y desde hace tres días no puede levantar la pierna",
    "Mi marido tiene mieloma y esta mañana no puede mover la pierna derecha",
    "Scan showed the mets have spread to my spine and my left leg is weak since Tuesday",
    "tuve cáncer de mama hace 6 años y desde hace una semana la pierna izquierda se me está debilitando",
    "he tenido cáncer de riñón, y desde el domingo se me duerme la pierna y tropiezo",
    "my husband thinks my cancer is back, my leg has gone weak since the weekend",
    "Mi marido cree que el cáncer volvió, tengo la pierna débil desde el sábado",
    "Walking the dog since my cancer in 2017, my leg gave way yesterday and is still weak",
    "I had bowel cancer in 2017 and over the last 3 days my right leg has gone weak and keeps giving way",
    "Tuve cáncer de mama hace 4 años y llevo 3 días con la pierna izquierda débil, se me dobla",
    "I had breast cancer 5 years ago and since Monday my left leg has gone weak",
    "had bowel cancer in 2019, all clear, new numbness down my right leg since yesterday",
    "I'm in remission from lymphoma and my foot has started dragging this week",
    "Breast cancer survivor here. My right leg keeps giving way this week and my back hurts",
    "tuve cáncer de mama hace 5 años y desde el lunes tengo la pierna izquierda débil",
    "estoy en remisión de un linfoma y desde ayer arrastro el pie derecho",
]


@pytest.mark.parametrize("text", TOGETHER, ids=range(len(TOGETHER)))
def test_cancer_and_a_newly_weak_or_numb_leg_is_an_emergency(text):
    """Answered at once, the cancer sign named first (the reply's advice is its own)."""
    result = detector().triage(text)
    first = result.alert[0].id if result.alert else None
    assert (result.action, result.level, first) == ("alert", "emergency", "cancer-nerve"), (text, result)


def test_a_leg_sign_that_may_be_long_standing_is_asked_about_at_the_emergency_level():
    result = detector().triage("I had breast cancer 5 years ago. My left leg is weak")
    assert result.action == "ask" and result.level == "emergency"
    assert "cancer-nerve" in {s.id for s in result.unclear}


@pytest.mark.parametrize(
    "text",
    [
        "I had breast cancer 5 years ago and my back aches after gardening",  # no leg sign
        "my mum had cancer and my leg has gone weak since monday",  # a relative's cancer
        "I'm a cancer survivor, my legs have been numb for years from the chemo, no change",
        "mi madre tuvo cáncer y desde ayer tengo la pierna débil",
        "my dad has prostate cancer and his legs have been weak for years, he uses a frame",
        "I have cancer and walking is hard because of my sciatica, always has been",
        "My mum had breast cancer. Since yesterday I'm unsteady on my feet.",
        "My husband had chemo last year; since the weekend I'm struggling to walk.",
        "Mi madre tiene cáncer y desde el lunes me cuesta caminar.",
        "Tuve un susto de cáncer el año pasado, era benigno. Esta semana se me ha dormido la pierna.",
        "a cancer scare years ago turned out fine, since yesterday my foot is numb",
        # a spouse's or child's cancer, another illness in remission, a benign growth, a job, a pet
        "My husband had prostate cancer a few years back. My left foot went numb yesterday",
        "Mi marido tuvo cáncer de próstata hace años y desde ayer se me duerme el pie izquierdo",
        "My rheumatoid arthritis is in remission, but since yesterday my right foot is numb",
        "I'm a secondary school teacher and since yesterday my left foot has gone numb",
        "Soy enfermera de oncología y desde ayer tengo la pierna derecha dormida",
        "Mi perro está en tratamiento de quimio y yo desde ayer con el pie dormido",
    ],
)
def test_one_sign_alone_is_not_the_emergency(text):
    result = detector().triage(text)
    assert "cancer-nerve" not in {s.id for s in (*result.alert, *result.unclear)}, text
    assert result.level != "emergency", text


def test_a_leg_sign_recorded_as_usual_is_asked_about_even_with_cancer():
    text = "I had breast cancer years ago. I drag my left foot"
    assert detector().triage(text).level == "emergency"
    result = detector().triage(text, usual={"leg-weakness"})
    assert result.action == "ask" and "cancer-nerve" in {s.id for s in result.unclear}


def test_together_must_name_earlier_signs(tmp_path):
    from safety.redflags import DEFAULT_PATH

    text = DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "together: [[cancer-history], [leg-weakness, new-numbness]]", "together: [[cancer-history], [no-such-sign]]"
    )
    path = tmp_path / "redflags.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="together"):
        load_rules(path)
