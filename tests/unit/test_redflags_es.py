"""Red flags in Spanish: the rules in content/es/redflags.yaml, checked on every message.

Floors under today's figures on the Spanish development set ES-A (safety/vignettes/es-a.yaml,
200 messages written without sight of the rules; before these rules: emergency recall 0.000).
"""

from __future__ import annotations

import pytest

from bench.triage import load, score
from safety.language import message_language
from safety.redflags import RedFlagDetector
from tests.evaluation import assert_floors, triage_outcomes


@pytest.fixture(scope="module")
def detector() -> RedFlagDetector:
    return RedFlagDetector.load()


@pytest.fixture(scope="module")
def rules() -> RedFlagDetector:
    """The shipped rules without the message model."""
    return RedFlagDetector.load(with_model=False)


def test_spanish_rules_have_the_english_signs_and_levels(detector):
    es = detector.others["es"]
    assert [(s.id, s.level) for s in es.signs] == [(s.id, s.level) for s in detector.signs]
    assert es.label_of("bladder-control") != detector.label_of("bladder-control")
    assert detector.in_language("es") is es and detector.in_language("fr") is detector


def test_spanish_development_set_gate():
    f = score(load("esa"), triage_outcomes("esa"))
    assert f["emergency_recall"] >= 0.98, f
    assert f["urgent_recall"] >= 0.95 and f["soon_recall"] >= 0.9, f
    assert f["false_emergency"] <= 0.02 and f["specificity"] >= 0.95, f
    assert f["emergency_reached"] >= 0.99, f


def test_spanish_sets_floor():
    """ES-D and ES-F (development, learnt from after scoring) and the held-out ES-B, ES-C, ES-H,
    ES-K and ES-M (never read): floors under today's figures (docs/triage.md), below the targets for the
    held-out sets."""
    floors = (
        ("esd", 0.99, 0.95, 0.04),
        ("esf", 0.97, 0.97, 0.04),  # ES-F today: 0.979 / 1.000 / 0.025
        ("esb", 0.88, 0.97, 0.07),
        # ES-C urgent 0.940 -> 0.920 once ES-J and the everyday sets were learnt, 0.900 once ES-L was;
        # false emergency 0.027 -> 0.040 once the models learnt Y and ES-S (collapse look-alikes)
        ("esc", 0.93, 0.89, 0.04),
        ("esh", 0.87, 0.96, 0.07),  # ES-H (held out, 200), on arrival: 0.886 / 0.978 / 0.062
        # ES-K (held out, 200), on arrival: 0.857 / 0.864 / 0.106; then 0.886 / 0.909 / 0.076; now 0.914
        # ES-K urgent: 0.909, then 0.864 once the models learnt ES-O, U and the flare set
        ("esk", 0.89, 0.86, 0.08),
        # ES-M (held out, 200), on arrival: 0.814 / 0.977 / 0.091; now 0.829 / 1.000 / 0.076
        ("esm", 0.81, 0.97, 0.08),
        # ES-N (held out, 180), written after ES-L's round, on arrival: 0.873 / 0.875 / 0.085;
        # false emergency 0.102 once the models learnt W and ES-Q (collapse, faints and fits), and
        # emergency 0.873 -> 0.857 once they learnt Y and ES-S
        ("esn", 0.85, 0.86, 0.11),
        # ES-P (held out, 200), written before ES-O's round, on arrival: 0.914 / 1.000 / 0.015;
        # emergency 0.886 once the models learnt Z and ES-T
        ("esp", 0.88, 0.97, 0.03),
        # ES-R (held out, 180; half about collapse, faints and fits), on arrival: 0.714 / 1.000 / 0.042;
        # with the collapse sign 0.937 / 1.000 / 0.056
        ("esr", 0.92, 0.97, 0.06),
        # ES-U (held out, 180; a third long-standing look-alikes), on arrival: 0.984 / 1.000 / 0.127;
        # with dated-and-over, long-standing, hypothetical and positional readings 0.984 / 1.000 / 0.111
        ("esu", 0.96, 0.97, 0.11),  # 0.095 after ES-W's round
        # ES-V (held out, 180; after surgery or injections, other long-term conditions), on arrival
        # 0.968 / 1.000 / 0.095; 0.984 once the models learnt AC and ES-W
        ("esv", 0.95, 0.97, 0.10),
        # ES-X (held out, 180), written after the round as a last check, on arrival: 0.952 / 1.000 /
        # 0.079 (the rules and model at the round's start: 0.921 / 1.000 / 0.127)
        ("esx", 0.93, 0.97, 0.09),
        # ES-Y (held out, 180; several questions with the sign hidden among them), on arrival 1.000 /
        # 1.000 / 0.095; written to be learnt, held out since learning it (with AE) lost one urgent answer
        ("esy", 0.98, 0.97, 0.10),
        # ES-AA (held out, 180; every level and kind), written before the next round's changes, on
        # arrival 0.952 / 1.000 / 0.065; the same at its end
        ("esaa", 0.93, 0.97, 0.07),
        # ES-AC (held out, 180; every kind, as AI), written after the round's last rule change:
        # with the round's starting rules 0.905 / 1.000 / 0.081, at its end 0.937 / 1.000 / 0.081
        ("esac", 0.92, 0.97, 0.09),
        # ES-AD (held out, 180; every level and kind, from Spain, Latin America and US Latinos),
        # written before the next round's changes, on arrival 0.889 / 1.000 / 0.048
        ("esad", 0.88, 0.97, 0.05),
        # ES-AF (held out, 180; as AL, from Spain, Central and South America and US Latinos), written
        # after the round's changes: with the round's starting rules 0.889 / 0.971 / 0.097, on
        # arrival 0.921 / 0.971 / 0.081
        ("esaf", 0.90, 0.97, 0.09),
        # ES-AI (held out, 180; every level and kind from Spain, Latin America and US Latinos, some
        # by voice-to-text), written before the next round's changes, on arrival 0.984 / 1.000 / 0.065
        ("esai", 0.98, 0.97, 0.07),
        # ES-AK (held out, 180; as AQ, from Spain, Central and South America, the Caribbean and US
        # Latinos), written after the round's changes: with the round's starting rules 0.952 /
        # 1.000 / 0.016, on arrival 0.968 / 1.000 / 0.016
        ("esak", 0.96, 0.97, 0.02),
        # ES-AM (held out, 180; every kind from Spain, Mexico, Central America, the Andes, the
        # Southern Cone, the Caribbean and US Latinos), written after the round's reviews: with the
        # round's starting rules 0.952 / 1.000 / 0.113, on arrival 0.968 / 1.000 / 0.097
        ("esam", 0.96, 0.97, 0.10),
        # ES-AO (held out, 180; as AU, from Spain, Latin America and US Latinos), written after the
        # round's last change: with the round's starting rules 0.968 / 0.971 / 0.032, on arrival
        # 0.984 / 0.971 / 0.032
        ("esao", 0.98, 0.97, 0.04),
        # ES-AQ (held out, 180; as AW, from Spain, Latin America, the Caribbean and US Latinos),
        # written before the next round's changes, on arrival 0.952 / 0.971 / 0.081
        ("esaq", 0.95, 0.97, 0.09),
        # ES-AS (held out, 180; as AY, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's first changes: with the round's starting rules 0.984 / 0.971 /
        # 0.113, on arrival 0.984 / 0.971 / 0.097
        ("esas", 0.98, 0.97, 0.10),
        # ES-AT (held out, 180; as AZ, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's second reviews: with the round's starting rules 0.968 / 0.971 /
        # 0.145, on arrival (5e44dfa) the same
        ("esat", 0.96, 0.97, 0.15),
        # ES-AU (held out, 180; as BA, from Spain, Latin America, the Caribbean and US Latinos),
        # written before the next round's changes, on arrival 0.968 / 1.000 / 0.065
        ("esau", 0.96, 0.97, 0.07),
        # ES-AX (held out, 180; as BD, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's first changes: with the round's starting rules 0.919 / 0.971 /
        # 0.048, on arrival (fcb4936) 0.919 / 0.971 / 0.032
        ("esax", 0.93, 0.97, 0.04),
        # ES-AY (held out, 180; as BE, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's reviews: with the round's starting rules 0.903 / 0.886 /
        # 0.048, on arrival (cc40e01) 0.919 / 0.886 / 0.048
        ("esay", 0.91, 0.88, 0.05),
        # ES-BA (held out, 180; as BG, from Spain, Latin America, the Caribbean and US Latinos),
        # written before the next round's changes, on arrival 0.919 / 1.000 / 0.048
        ("esba", 0.91, 0.97, 0.05),
        # ES-BC (held out, 180; as BI, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's first changes: with the round's starting rules 0.935 / 0.943 /
        # 0.081, on arrival (e546a39) 0.952 / 0.943 / 0.081
        ("esbc", 0.95, 0.94, 0.09),
        # ES-BD (held out, 180; as BJ, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's reviews: with the round's starting rules 0.919 / 0.971 /
        # 0.113, on arrival (7b11a11) the same
        ("esbd", 0.91, 0.97, 0.12),
        # ES-BE (held out, 180; as BK, from Spain, Latin America and US Latinos), written after the
        # round's second review: with the round's starting rules 0.903 / 1.000 / 0.161, on arrival
        # (728b00b) 0.919 / 1.000 / 0.161
        ("esbe", 0.91, 0.97, 0.17),
        # ES-BF (held out, 180; as BL, from Spain, Latin America, the Caribbean and US Latinos),
        # written before the next round's changes, on arrival 0.903 / 0.857 / 0.048
        ("esbf", 0.90, 0.85, 0.05),
        # ES-BH (held out, 180; as BN, from Spain, Latin America, the Caribbean and US Latinos),
        # written after the round's first changes: with the round's starting rules 0.903 / 0.971 /
        # 0.129, on arrival (1fdc81c) the same
        ("esbh", 0.90, 0.97, 0.13),
        # ES-BI (held out, 180; as BO, from Mexico, Spain, Argentina, Colombia, Peru and the US),
        # written before the next round's changes: on arrival 0.935 / 0.971 / 0.129, at the round's
        # end 0.952 / 0.971 / 0.129
        ("esbi", 0.95, 0.97, 0.13),
        # ES-BL (held out, 180; as BR, from ten countries), written after the round's first
        # changes: with the round's starting rules and on arrival (2a63ce0) 0.903 / 0.886 / 0.065,
        # at the round's end the same
        ("esbl", 0.90, 0.88, 0.07),
        # ES-BM (held out, 180; as BS, from Mexico, Spain, Argentina, Colombia, Peru, Chile, the
        # Caribbean and the US), written before the next round's changes: on arrival 0.903 / 0.943 /
        # 0.016, at the round's end the same
        ("esbm", 0.90, 0.94, 0.02),
        # ES-BO (held out, 180; as BU, in the Spanish of Mexico, Spain, Colombia, Argentina and the
        # US), written before the next round's changes: on arrival 0.903 / 0.943 / 0.048, at the
        # round's end 0.935 / 0.943 / 0.048
        ("esbo", 0.93, 0.94, 0.05),
    )
    assert_floors(floors)


@pytest.mark.parametrize(
    "text",
    [
        "desde ayer no puedo orinar y tengo la entrepierna dormida",
        "DESDE AYER NO PUEDO ORINAR Y TENGO LA ENTREPIERNA DORMIDA",
        "desde ayer no puedo orinár y tengo la entrepierna dormída",
        "se me salió la caca sin darme cuenta, nunca me había pasado",
        "me duelen las dos piernas desde hoy, antes era solo la derecha",
    ],
)
def test_spanish_emergencies_alarm_at_once_in_spanish(detector, text):
    triage = detector.triage(text)
    assert triage.action == "alert" and triage.level == "emergency", triage
    assert triage.language == "es"


@pytest.mark.parametrize(
    "text",
    [
        "no tengo adormecimiento ahí abajo y orino normal, solo me duele la pierna",
        "nada de hormigueo ni debilidad, solo el dolor de la nalga",
        "tengo el pie un poco dormido desde hace años, es lo de siempre, no ha cambiado",
        "de toda la vida tengo la vejiga floja, igual que siempre",
        "¿qué es la cola de caballo?",
        # invented wordings, not from any vignette set
        "hace años que tengo las dos piernas flojas por la estenosis, hoy sigo igual",
        "si alguna vez se me duerme la entrepierna, voy a urgencias?",
        "hace 3 años tuve la zona de abajo dormida, con la operación se me quitó. Ahora me duele un poco la espalda",
    ],
)
def test_negation_and_long_standing_signs_do_not_alarm(detector, text):
    assert detector.triage(text).level != "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        # invented wordings, not from any vignette set
        "no orino desde anoche y me duele mucho la cintura",
        "esta mañana tuve un escape de orina sin darme cuenta, nunca me había pasado",
        "me desperté con el pantalón mojado y no me di cuenta, tengo ciática",
        "siento dormidos los labios de abajo desde ayer",
    ],
)
def test_spanish_wordings_of_new_bladder_and_saddle_signs_alarm(rules, text):
    assert rules.triage(text).level == "emergency", text


def test_a_spanish_message_is_read_by_the_spanish_rules_where_they_match(rules):
    # Invented wordings: the English rules take "incontinencia" for "incontinence" by spelling
    # distance but cannot read "no ha cambiado nada"; the Spanish rules' reading stands.
    assert rules.triage("tengo algo de incontinencia desde el parto de mi hija, no ha cambiado nada").action is None
    # Mixed wording: English words the Spanish rules do not match are still read.
    mixed = rules.triage("tengo numbness en el groin desde ayer y me duele la espalda")
    assert mixed.action == "alert" and mixed.level == "emergency", mixed


def test_nothing_new_is_not_a_change(rules):
    long_standing = "se me escapa un poquito de pis al estornudar desde el parto hace 15 años, nada nuevo"
    assert rules.triage(long_standing).action is None
    assert rules.triage("se me escapa el pis, no es nuevo pero desde ayer es peor").level == "emergency"


def test_time_decides_between_usual_and_new(detector, rules):
    new = "tengo hormigueo en el pie izquierdo desde ayer, nunca me había pasado"
    assert detector.triage(new).level in ("urgent", "emergency")  # the model may add its question
    # rules: the rules' reading (the model may still say urgent)
    assert rules.triage(new).action == "alert" and rules.triage(new).level == "urgent"
    usual = rules.triage("tengo hormigueo en el pie izquierdo desde hace años, lo de siempre")
    assert usual.level != "urgent" or usual.action == "ask", usual


def test_a_sign_that_may_be_usual_gets_the_question(detector):
    triage = detector.triage("tengo la vejiga floja")
    assert triage.action == "ask" and triage.level == "emergency", triage


def test_signs_found_in_spanish_are_the_detectors_own(detector):
    """Buttons carry signs by their index in the detector's rules: the Spanish rules' signs map
    onto the same objects."""
    triage = detector.triage("no puedo orinar desde anoche")
    assert all(sign in detector.signs for sign in triage.alert + triage.unclear)


def test_english_messages_still_answered_and_told_english(detector):
    triage = detector.triage("I can't pee since this morning and my groin is numb")
    assert triage.level == "emergency" and triage.language == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("desde ayer no puedo orinar y tengo la entrepierna dormida", "es"),
        ("my legs have been numb since yesterday and I can't feel the toilet paper", "en"),
        ("hola", None),
        ("ok", None),
    ],
)
def test_message_language(text, language):
    assert message_language(text) == language


def test_the_spanish_model_reads_spanish_messages_and_the_english_one_is_unchanged(detector):
    from safety.model import VIGNETTES, default_model, set_language

    assert set_language(VIGNETTES / "es-a.yaml") == "es" and set_language(VIGNETTES / "questions.yaml") == "en"
    assert detector.models["es"] is default_model("es") and detector.model is default_model("en")
    spanish = [path.stem.replace("-", "") for path in VIGNETTES.glob("*.yaml") if set_language(path) == "es"]
    assert {"esa", "esd", "esf", "esquestions"} <= set(spanish)  # the Spanish development sets
    assert default_model("es").size == default_model("en").size + sum(len(load(name)) for name in spanish)


@pytest.fixture(scope="module")
def rules() -> RedFlagDetector:
    return RedFlagDetector.load(with_model=False)


@pytest.mark.parametrize(
    "text",
    [
        # invented wordings, not from any vignette set: suicidal intent said indirectly
        "ya no puedo más, quiero quitarme de en medio",
        "llevo días con ganas de hacerme daño",
        "anoche me volví a cortar, no sé qué hacer",
        "he repartido todas mis cosas entre mis hijos y ya me despedí de todos",
        "le escribí una carta de despedida a mi mujer",
        "tengo escondidos un montón de tramadoles para cuando no pueda más",
        "esta noche me quito la vida",
        "ojalá no hubiera nacido",
        "me compré una cuerda y ya sé dónde",
        "me voy a tirar por el balcón",
        "dejé todo arreglado y escribí a mis hijos para despedirme",
        "ya nada tiene sentido, solo quiero que esto se acabe",
        # an overdose by someone else, or by mistake
        "mi padre se tomó un frasco entero de pastillas para dormir",
        "me tomé el tramadol dos veces y luego otra vez sin darme cuenta",
        "se ha tomado todas las pastillas de mi abuela de golpe",
        "sin querer le di a mi madre doble dosis de morfina y está muy dormida",
        # pain through to the chest; fainting with back pain
        "tengo un dolor en la espalda que se me va hasta el pecho",
        "me dio de golpe un dolor como un desgarro entre los omóplatos",
        "me desmayé en la cocina y ahora me duele mucho la espalda",
        "a mi madre le dio un desmayo en la calle y ahora le duele la espalda",
        # cauda equina signs in everyday words
        "desde ayer no me entero de cuándo me hago pis",
        "desde el domingo voy al baño y me quedo con ganas",
        "desde esta mañana tengo las bragas mojadas y no sé cuándo se me sale",
        "desde anoche no me puedo poner de puntillas con ninguno de los dos pies",
        "hoy me cuesta ponerme de puntillas con los dos pies y arrastro los pies",
        "me fallan las piernas desde ayer",
        "hace 12 horas que no hago pis",
        "desde ayer no noto nada al hacer el amor",
        # the kinds set ES-J found missed: the other leg too, no urge after hours, wetting without
        # feeling it coming, pills then unrousable, the rope ready, a face drooping in a relative,
        # a hot, unresponsive person with an infection
        "desde anoche ya no es solo la pierna izquierda, ahora también la derecha me duele hasta el pie",
        "hace rato que no voy al baño a orinar y no me dan ni ganas",
        "me hice pipí en el súper y ni sentí que venía",
        "mi hermano se tomó unas pastillas para dormir con vino y no lo podemos despertar",
        "la cuerda ya está lista en el garaje",
        "a mi papá se le cae la boca de un lado desde hace media hora",
        "mi tía tiene una infección, está muy caliente y no responde",
        # a fever during chemotherapy
        "sigo con la quimio y anoche tuve 38.4 con escalofríos",
        # a known cause does not quiet a new retention
        "tengo la próstata grande y desde anoche no puedo orinar nada",
        # a past crisis, "muerta de miedo" or "bien mal" beside a present sign still alarm
        "hace dos años tuve ideas de suicidio y ahora quiero matarme",
        "fui a terapia y ahora estoy bien mal, quiero morirme",
        "se me doblaron las piernas desde ayer y estoy muerta de miedo",
        "desde que fui al cine ayer no siento la entrepierna",
        "desde ayer tengo la entrepierna dormida, camino y se me pasa un poco",
        "no lo vi y choqué contra un poste, me duele mucho la espalda",
        "he visto que ya no puedo orinar bien desde ayer",
        # the kinds set ES-L found missed: numbness with a partner, retention said formally, unable to
        # stand after a fall, a farewell with affairs in order, a jump told as done, a small child's
        # pills, an opioid taken three times with slow breathing, less feeling when wiping
        "ayer con mi marido no noté casi nada, y nunca me había pasado",
        "me es imposible orinar desde esta mañana",
        "me resbalé en la ducha y no me puedo poner de pie, me duele mucho la espalda",
        "Quería despedirme de todos. Gracias por la paciencia. Tengo todo preparado y esta noche se acaba.",
        "si no contesto mañana es que me he tirado del puente",
        "mi nena de dos años encontró el bote y se tomó varias pastillas de mi madre",
        "por despiste he tomado la morfina tres veces y respiro muy despacio",
        "cuando me seco después de orinar siento menos que antes",
        # a fall from a height in the perfect tense, a confused person with a fever, purple spots
        # with a fever
        "me he caído del andamio",
        "mi hijo tiene fiebre y está confuso",
        "tengo fiebre alta y me han salido manchas moradas en la barriga",
        # wishing to stop existing; too much of a medicine said as an idiom or with the count after
        # it; clinical words for numbness; a fever with disorientation; someone not breathing or
        # blue and breathing badly; the two legs named by their sides
        "a veces pienso que quiero dejar de existir y ya",
        "ojalá pudiera dejar de vivir de una vez",
        "anoche se me fue la mano con la pregabalina y estoy que no me tengo en pie",
        "las pastillas para el dolor, me tomé unas 20 esta tarde",
        "desde ayer hipoestesia perineal y en los genitales",
        "mi padre tiene fiebre desde la operación y hoy no sabe ni qué día es",
        "tengo escalofríos y calentura y no sé dónde estoy",
        "mi madre tiene fiebre y hoy no nos reconoce",
        "mi marido no respira, qué hago",
        "se puso morado y respira con mucho esfuerzo",
        "el pie izquierdo dormido de siempre, pero desde hoy el derecho también se me durmió",
        # what the new exceptions must not silence
        "quiero dejar de vivir en este mundo",
        "el tramadol, tomé 12 y estoy muy dormido",
        "tiene fiebre y no sabe qué día es, está ida",
        "mi papá ronca y de repente dejó de respirar y no reacciona",
        "mi bebé no respira bien y está morado",
        # feeling fine after an overdose, or "todo normal" before a sign, never settles it
        "me tomé 20 paracetamoles, ahora estoy bien",
        "me tome toda la caja de tramadol. ahora estoy bien, solo un poco de sueño",
        "hoy todo normal pero me tomé 20 pastillas de diazepam",
        "hoy todo normal, no puedo orinar",
        "estuve 3 horas sentado y desde entonces no siento el culo ni la entrepierna",
        "después de estar 4 horas en el coche no siento la entrepierna y no puedo orinar",
        "me hice pipí encima esta mañana, ahora estoy bien",
        "ayer todo normal, hoy no puedo orinar",
        "hoy solo quería decir que desde ayer no siento las piernas",
        # the sitting area named as such; not feeling the region itself; a crash that wrote the car off
        "desde anoche tengo acorchada la zona de sentarse",
        "tras la epidural ya no noto los genitales",
        "un camión nos dio a bastante velocidad y ahora me duele la espalda",
        "el coche quedó siniestro total esta tarde y me duele mucho la lumbar",
    ],
)
def test_spanish_indirect_and_everyday_emergencies_alarm(rules, text):
    triage = rules.triage(text)
    assert triage.action == "alert" and triage.level == "emergency", (text, triage)


@pytest.mark.parametrize(
    "text",
    [
        # invented wordings, not from any vignette set: figures of speech
        "quería morirme de vergüenza delante del fisio",
        "me quiero morir de risa con los memes del grupo",
        "me quiero morir de aburrimiento en esta sala de espera",
        # long-standing and unchanged, denied, or over
        "tengo las piernas dormidas desde hace 6 años por la aracnoiditis, ni mejor ni peor",
        "no se me duerme nada ahí abajo, solo me duele la pierna",
        "hace 4 años no podía orinar por la hernia, me operaron y quedé bien. Ahora solo me molesta al agacharme",
        "ya no me cuesta orinar, eso fue por la sonda del hospital",
        "desde la operación de 2017 tengo la nalga dormida, está igual",
        # the kinds set ES-J found alarming: a hypothetical, unchanged as the doctor said, a child's
        # accident, a crash on the news or a minor one, figures of speech, positional numbness,
        # a crisis long past told to encourage others
        "si uno no puede hacer pipí por la ciática qué pasa? solo es curiosidad",
        "tengo la nalga dormida desde la cirugía de hace 3 años, igualita, me dijeron que quedaría así",
        "mi nieta se hizo encima en la guardería, pobrecita",
        "vimos en las noticias un choque en la autopista, me da miedo viajar con la ciática",
        "ayer tuve un choque leve en el estacionamiento, ya me revisaron y todo bien",
        "mi jefe me da dolor de pecho cada lunes",
        "tengo impotencia por la diabetes desde hace mucho, puedo tomar tadalafil con gabapentina?",
        "se me doblaron las rodillas del susto cuando vi la cuenta del hospital",
        "se me duermen las nalgas cuando conduzco varias horas, me paro y se me pasa",
        "hace años tuve pensamientos suicidas, me ayudaron en terapia y hoy estoy bien",
        "me caí del sillón de la risa con tu chiste",
        "tuve quimio hace seis años y hoy tengo un poco de fiebre",
        "me hago una cola de caballo para ir al gym, me duele la espalda",
        # someone else's stroke, recovering; signs dated long ago; numbness at the cinema;
        # asking what to watch for; an old crash
        "a mi tío le dio un ictus hace dos semanas, ya está recuperándose. yo mientras con mi lumbago",
        "lo de no notar el papel al limpiarme fue en 2019, desde entonces estoy igual",
        "hace tres años tuve ideas de suicidio, fui a terapia y ahora estoy bien",
        "se me durmió la pompis en el cine, ya se me pasó",
        "me caí de la moto en 2019 y desde entonces me duele la espalda a veces",
        # long-standing and explained (childbirth, the prostate), night cramps, denied weakness,
        # hearsay, a general question
        "se me sale un chorrito de pis al toser desde que tuve a mis gemelos hace 10 años",
        "tengo la próstata agrandada y me cuesta orinar desde hace años, tomo tamsulosina",
        "me dan calambres en las dos piernas por la noche, siempre me pasa",
        "mi pierna no está floja, puedo caminar de talones sin problema",
        "he oído que si uno no puede orinar hay que ir a urgencias, es cierto?",
        "¿puede dar ciática en las dos piernas una hernia? a mí solo me duele la izquierda",
        # the kinds set ES-L found alarming: asking what the signs are, numbness from sitting that
        # goes on standing, a retention years ago and settled, the term explained in a talk,
        # someone else's stroke years ago
        "¿me pueden explicar cuáles son los síntomas de la cauda equina? es para saberlo",
        "tengo la nalga dormida de tanto rato en el sofá, se me quita en cuanto me levanto",
        "hace cinco años tuve retención de orina tras una cirugía, se resolvió y desde entonces orino con normalidad",
        "en el curso de primeros auxilios dijeron que la anestesia en silla de montar es grave, ¿qué zona es?",
        "a mi abuelo le dio un derrame cerebral hace años, ¿tiene algo que ver con la ciática?",
        # living otherwise, not leaving life; a dose in milligrams or drops; a day to choose; a
        # blocked nose; blue from the cold
        "quiero dejar de vivir con miedo a agacharme",
        "no quiero dejar de vivir mi vida por una hernia",
        "con el tramadol me tomé 50 mg a las 10 como siempre",
        "me tomé 20 gotas de tramadol como dijo la doctora",
        "tengo fiebre y no sé qué día es mejor para pedir la cita",
        "mi hijo tiene la nariz tapada y no respira por la nariz",
        "tengo los labios morados del frío pero respiro bien",
        "tengo apnea y dejo de respirar por las noches, uso la máquina",
        "ya no noto el dolor en la nalga desde la fisio",
        "mi coche quedó siniestro total en 2015, desde entonces me duele la espalda a veces",
        # speed with no crash; a parked car written off by hail; a dog's breathing
        "íbamos a bastante velocidad por la autopista y me duele la espalda de estar sentado",
        "mi coche aparcado quedó siniestro total por la granizada",
        "el perro no respira bien, ronca mucho",
    ],
)
def test_spanish_figures_of_speech_and_settled_signs_do_not_alarm(rules, text):
    result = rules.triage(text)
    assert result.action != "alert" or result.level != "emergency", text  # the question may be asked


@pytest.mark.parametrize(
    "text",
    [
        # invented wordings: a dropped phone, figures of speech with "caer", a fever months ago, an
        # infection without back pain, a catheter or leaks or impotence known for years, a case on the news
        "se me ha caído la tablet y tiene la pantalla rota",
        "me he caído de risa con tu audio",
        "ayer me caí del guindo con lo de mi jefe",
        "tuve fiebre hace tres meses por una gripe, ya pasó",
        "Tuve una infección de orina en enero, me la trataron y no me duele la espalda ni nada",
        "me autosondo desde hace años, ¿dónde compro sondas de otra marca?",
        "los escapes de pis al reír los tengo desde los partos, hace 20 años",
        "Tengo disfunción eréctil desde hace décadas; mi duda es sobre la pregabalina",
        "en las noticias dijeron que un hombre se quedó sin sentir las piernas, qué miedo",
        "se me cayó el móvil por la escalera",
        "con lo del premio caí redondo, qué tonto",
        "me ahogo en papeleo esta semana",
    ],
)
def test_spanish_settled_or_figurative_messages_get_no_reply_or_question(rules, text):
    assert rules.triage(text).action is None, text


@pytest.mark.parametrize(
    "text",
    [
        # invented wordings: a sign asked about in general and then taken as the writer's own, and
        # one leg weaker than the other; whether new is not said, so the question (or the alarm)
        "¿la hernia puede hacer que se te escape la orina? lo pregunto por mí",
        "a alguien le cuesta que se le ponga dura con la ciática? a mí me pasa",
        "¿es normal no notar cuándo hay que hacer de vientre? a mí me pasa",
        "tengo el pie derecho con menos fuerza que el izquierdo",
    ],
)
def test_spanish_signs_of_unsaid_onset_are_asked_about(rules, text):
    assert rules.triage(text).action in ("ask", "alert"), text


@pytest.mark.parametrize(
    "text",
    [
        # invented wordings: pain that rest or no position eases, school or sleep lost for weeks,
        # low mood from the pain: the reply to see a doctor soon
        "no duermo más de tres horas seguidas por el dolor de espalda",
        "con el dolor estoy hundida de ánimo y ya no salgo con mis amigos",
        "no puedo ir al instituto desde hace semanas por la espalda",
        "el descanso no me calma el dolor para nada",
        "ni sentá ni acostá se me calma, con na",
    ],
)
def test_spanish_pain_that_rules_daily_life_gets_the_soon_reply(rules, text):
    triage = rules.triage(text)
    assert triage.action == "alert" and triage.level == "soon", (text, triage)


def test_a_professional_reporting_a_patient_is_heard_and_a_general_question_about_one_is_not(detector):
    """ "mi paciente" is a professional's report of someone in front of them; "si un paciente..."
    asks in general (cues.mention names "un paciente", "pacientes", "alguien", not "paciente")."""
    for text in ("mi paciente no puede orinar desde ayer", "fisio aquí, paciente que no nota el papel al limpiarse"):
        triage = detector.triage(text)
        assert triage.action == "alert" and triage.level == "emergency", (text, triage)
    assert detector.triage("si un paciente no puede orinar, ¿qué hago?").action is None


@pytest.mark.parametrize("text", ["me duele la espalda y tb la pierna", "tengo tb dolor de cabeza desde ayer"])
def test_tb_in_spanish_chat_is_tambien_not_tuberculosis(rules, text):
    """'tb' is how Spanish chat writes 'también': no language's rules read it as TB."""
    assert "infection-risk" not in {s.id for s in rules.check(text).signs}


@pytest.mark.parametrize("text", ["I had TB as a child and now new back pain", "history of TB and a new back ache"])
def test_tb_in_english_is_still_tuberculosis(rules, text):
    assert "infection-risk" in {s.id for s in rules.check(text).signs}


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("no siento las piernas ni el culo", "saddle-numbness"),
        ("I can't feel my legs nor my bum", "saddle-numbness"),
    ],
)
def test_a_sign_said_in_the_negative_goes_on_past_ni(text, sign):
    """'ni'/'nor' inside a sign said in the negative lists what is not felt; it denies nothing."""
    triage = RedFlagDetector.load(with_model=False).triage(text)
    assert sign in {s.id for s in triage.alert}, (text, triage)


def test_ni_still_denies_after_a_denial():
    triage = RedFlagDetector.load(with_model=False).triage("no tengo dolor ni adormecimiento en la entrepierna")
    assert triage.action is None, triage
