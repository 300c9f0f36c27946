"""Signs that came and went, headaches after a needle in the spine, posts that only share the
warning signs, a past cancer beside a pain the same for years, and angina that comes more often:
what the rules must do with each, in both languages.

The messages are our own wordings. Each row is (message, what the rules alone must do): a level
answered at once, "ask", "nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from tests.evaluation import assert_rules_outcome

CASES = [
    # A stroke sign that passed is still a reason to call 999 (NHS, TIA)
    ("my right eye went dark for five minutes at lunch, like a blind coming down, then it cleared", "emergency"),
    ("dad's mouth dropped to one side for a few minutes this afternoon, he's talking fine again now", "emergency"),
    ("my wife's words came out all jumbled for ten minutes after tea, back to normal now", "emergency"),
    ("my right arm and right leg gave way together for a minute while I was cooking, fine now", "emergency"),
    ("esta mañana estuve unos diez minutos sin poder hablar bien, ya se me pasó", "emergency"),
    ("hoy perdí la vista del ojo derecho unos minutos, como una cortina, y volvió", "emergency"),
    # ... but a stroke named and over is history, and a passing cause is not a stroke
    ("my mum had a mini stroke last month, she's fine now", "not emergency"),
    ("had a TIA in the summer, all good since", "not emergency"),
    ("mi papá tuvo un derrame cerebral en marzo, ya se recuperó bien", "not emergency"),
    ("a mi abuela le dio un ictus el mes pasado, ya está mejor", "not emergency"),
    ("I lost the sight in my left eye in 2015 after a detached retina", "not emergency"),
    ("slurring after the wine lol back to normal now", "not emergency"),
    ("no podía hablar de la risa, ya se me pasó", "not emergency"),
    ("se me trababan las palabras de los nervios, ya pasó", "not emergency"),
    ("tenía la boca torcida por la parálisis facial, ya se me quitó", "not emergency"),
    ("se me fue la vista un momento al pararme rápido, ya volvió", "not emergency"),
    ("my arm and leg went numb from sitting on the floor, fine now", "not emergency"),
    ("mi marido estuvo como media hora sin poder hablar, ya está bien", "emergency"),
    ("se me adormeció la mitad de la cara por 15 min", "emergency"),
    ("my left arm and leg went numb for 15 minutes this morning", "emergency"),
    ("my nan had a mini stroke last month, she's home now and fine", "not emergency"),
    ("Mum had a TIA last week, her arm went weak for 5 minutes, she hasn't seen anyone yet", "emergency"),
    ("Couldn't talk for a few minutes earlier because I had a mouthful of toast lol", "not emergency"),
    ("I had a TIA last month, been seen at the TIA clinic and on clopidogrel now", "not emergency"),
    ("I think I had a TIA yesterday, didnt see anyone", "emergency"),
    ("Creo que mi papá tuvo un AIT hace una hora, ya está bien", "emergency"),
    ("mi abuela tuvo un derrame hoy en la mañana, ya está bien", "emergency"),
    ("el mes pasado tuve un AIT, ya me vieron en el hospital y me pusieron aspirina", "not emergency"),
    ("tuvo un derrame pleural el año pasado", "nothing"),
    ("My face dropped to one side when I saw the bill, back to normal now.", "not emergency"),
    ("I was slurring my words because I was so tired, back to normal now.", "not emergency"),
    ("My arm and leg gave way at the gym after squats, fine after a rest.", "not emergency"),
    ("Lost sight in one eye for a few minutes this morning when I got shampoo in it, it came back.", "not emergency"),
    ("Me quedé sin poder decir nada cuando me dijeron el precio.", "not emergency"),
    ("Se me oscureció la vista de un ojo hoy al levantarme rápido", "not emergency"),
    ("El brazo y la pierna se me aflojaron en el gimnasio después de las sentadillas", "not emergency"),
    # A headache worse upright and better flat after a needle in the spine: the team today
    ("three days since my spinal tap and my head pounds whenever I stand, flat on the bed it's fine", "urgent"),
    ("epidural for my back on Friday, now my head splits when I sit up, lying down it goes", "urgent"),
    ("desde la punción lumbar del lunes me duele la cabeza al levantarme y acostada se me pasa", "urgent"),
    ("post dural puncture headache since the birth, day 4", "urgent"),
    ("had a spinal headache after my injection in May, all gone now. will it happen again next time?", "nothing"),
    ("my sister had an epidural years ago and got a headache, a blood patch sorted it, she was fine", "not emergency"),
    ("I get headaches when I stand up too fast, better lying down, had an epidural for my son 10 years ago", "nothing"),
    ("Had an LP yesterday, headache standing, ok flat", "urgent"),
    ("lumbar puncture 2 days ago, the headache was positional but now it doesn't ease lying down", "urgent"),
    (
        "wife had a c section under spinal on friday, got a headache every time she sits up, goes when she lies down",
        "urgent",
    ),
    ("Going for an epidural next week, will I get a headache when I sit up?", "nothing"),
    ("Me van a poner una epidural, ¿me dolerá la cabeza al levantarme?", "nothing"),
    ("steroid injection in my knee yesterday, headache when I stand up", "not emergency"),
    # ... with a fever, drowsiness or confusion: 999
    ("epidural 3 days ago, headache when I sit up and I have a temperature of 38.6", "emergency"),
    # ... with a fever, being sick, a stiff neck or light that hurts: meningitis after it, 999
    ("lumbar puncture on Tuesday, today I'm burning up, my neck is like a plank and the light hurts", "emergency"),
    ("after the nerve root block I have a high temperature and my neck hurts to bend", "emergency"),
    ("a mi esposo le hicieron una punción lumbar, ahora tiene fiebre y el cuello durísimo", "emergency"),
    ("tengo el cuello tieso, me molesta la luz y vomité tres veces", "emergency"),
    ("my neck is stiff from sleeping funny, the light is fine, no temperature", "not emergency"),
    ("he has a stiff neck, hates the light and has been sick", "emergency"),
    ("Temp and stiff neck and being sick", "emergency"),
    ("tiene calentura, vomita y tiene el pescuezo tieso", "emergency"),
    ("a mi hija le dio fiebre alta, vomita y le molesta la luz", "emergency"),
    ("I've got a chest infection and woke up with a stiff neck, cant turn my head", "not emergency"),
    ("My neck is stiff and the light hurts, and I threw up, it's my usual migraine.", "not emergency"),
    ("steroid injection in my shoulder last week, neck is stiff and I've been sick", "not emergency"),
    # A past cancer beside back pain the same for years is not urgent; pain that began with the
    # treatment, or is worse, still is
    ("prostate cancer in 2015, my back pain is the usual one from the disc, same as it's been for years", "nothing"),
    ("tuve cáncer de mama hace 8 años; el dolor de la hernia que tengo desde hace 15 años sigue igualito", "nothing"),
    ("had breast cancer, my back pain has been the same for years since the chemo", "urgent"),
    ("had bowel cancer 2019, back pain same for years but worse this week", "urgent"),
    ("tuve cáncer de colon, el dolor de espalda empezó con la quimio y sigue igual desde hace años", "urgent"),
    # Angina that comes more often or with less effort is unstable (999); settled or rarer is not
    ("my angina spray used to be once a month, now I need it every day, even getting dressed", "emergency"),
    ("my angina used to come every day, now it's rare since the stent", "not emergency"),
    ("Angina's stable, same as always, only on big hills, but I need my spray renewed", "not emergency"),
    (
        "lo del dolor en el pecho ya me lo vieron, es costocondritis, me duele igual que siempre al apretar",
        "not emergency",
    ),
    ("desde la operación me quedó el periné con poca sensibilidad, igual que hace 3 años", "not emergency"),
    ("arachnoiditis 10 years, bladder hesitancy is my normal. just saying hi, new to the group", "not emergency"),
    ("Dad couldn't speak for about 10 minutes this morning, he's fine now", "emergency"),
    ("half my face went numb for a few minutes earlier, fine now", "emergency"),
    ("my husband can't speak about his feelings", "not emergency"),
    ("me quedé sin poder hablar un rato de la risa con el video jajaja", "not emergency"),
    ("my arm and leg went numb for a few minutes after sleeping on them lol", "not emergency"),
    ("My angina is coming on more and more, twice yesterday just walking to the kitchen", "emergency"),
    ("Had angina attacks at rest last night, woke me up", "emergency"),
    ("mi angina antes era una vez al mes y ahora me da todos los días, hasta al vestirme", "emergency"),
    (
        "Me dijeron que es costocondritis, pero hoy me duele muy fuerte el pecho, con náuseas y estoy mareada",
        "emergency",
    ),
    ("Hace años tuve dolor en el pecho, ahora me vuelve a doler el pecho desde hace una hora", "emergency"),
    # A past cancer with a feature that makes back pain urgent, or an active cancer, stays urgent
    ("had breast cancer in 2017, same back pain for years, my legs feel heavy and wobbly", "urgent"),
    ("I have metastatic breast cancer, back pain same for years", "urgent"),
    ("I've got myeloma. Back pain is my normal, the same for years", "urgent"),
    ("tuve cáncer de mama, el dolor de espalda igualito desde hace años, las piernas las siento pesadas", "urgent"),
    ("Had bowel cancer 2019, clear. Usual stiff back in the mornings, exactly like the last 15 years", "nothing"),
    ("I have lung cancer, the back pain is my usual one, same for years", "urgent"),
    ("Tengo cáncer de mama, el dolor de espalda es lo mismo desde hace años", "urgent"),
    ("Since my 8 hour flight on Friday I can't feel when I wipe, it's Monday", "emergency"),
    ("On laxatives for the codeine constipation, and since yesterday I've lost control of my bowels", "emergency"),
    ("I've been using deep heat spray on my back every day now", "not emergency"),
    ("My face went to one side when I tried the new physio smile exercise", "not emergency"),
    (
        "I thought it was a hangover but the headache is awful, neck is stiff, light hurts and I keep being sick",
        "emergency",
    ),
    ("siento que me falta algo en la cola de caballo, no siento las nalgas desde hoy", "emergency"),
    ("Tengo colostomía desde hace 6 años y no controlo cuándo sale la caca a la bolsa, obvio", "not emergency"),
    # Posts that share a page or a reminder list the signs; nobody has them
    (
        "Sharing this NHS page on the warning signs: numbness between the legs, can't pee, both legs weak",
        "not emergency",
    ),
    ("Admin reminder: if you lose bladder or bowel control or go numb down below, call 999", "not emergency"),
    (
        "les comparto este artículo: si no puede orinar o tiene la entrepierna dormida, vaya a urgencias",
        "not emergency",
    ),
    ("artículo interesante: los signos de un ACV son la cara caída, el brazo débil y el habla rara", "not emergency"),
    ("Sharing this leaflet because it's exactly what I have now: can't feel when I wipe since yesterday", "emergency"),
    # ... but a person in the post is someone now, and a sentence after the post is the writer's
    ("Sharing this page. Took 40 co-codamol tonight.", "emergency"),
    ("Comparto el enlace. Tomé 40 pastillas de paracetamol hace una hora.", "emergency"),
    ("Sharing this NHS page on cauda equina. Been numb down below since last night and can't pee.", "emergency"),
    ("Admin reminder, took a whole box of co-codamol tonight", "emergency"),
    ("FYI all, in A&E now, couldn't pee for 14 hours and bum numb", "emergency"),
    ("Friendly reminder to self: can't pee since last night, bum is numb, must call someone", "emergency"),
    ("Sharing this article. Crushing chest pain for 20 minutes, going into my left arm, sweating.", "emergency"),
    ("Friendly reminder. Throat and tongue swelling after the new tablet, can't breathe well.", "emergency"),
    ("Admin note. Numb saddle, can't pee, leaking poo or both legs weak: call 999.", "not emergency"),
    ("FYI everyone, I've been numb between my legs since Tuesday and my bladder isn't working", "emergency"),
    ("Friendly reminder about sepsis signs. My son is mottled and really drowsy with a fever", "emergency"),
    ("Please read, my husband can't feel his legs and hasn't peed since yesterday", "emergency"),
    ("Aviso importante: mi marido no siente las piernas y no orina desde ayer", "emergency"),
    ("recordatorio para todos jaja, yo desde ayer no siento las nalgas y no puedo hacer pipí", "emergency"),
    ("la admin nos recuerda: si no pueden orinar o no sienten las nalgas vayan a urgencias", "not emergency"),
    # A shy bladder, a day too busy to go, a slow change with age, pads as a product
    ("haven't had a wee all day because I've been so busy at work, just went and it was fine", "nothing"),
    ("couldn't pee in the hospital bottle with everyone watching, went fine at home", "not emergency"),
    ("I can't hold my wee as long as I used to, I'm 78", "not emergency"),
    ("incontinence pads on offer at Boots this week if anyone needs them", "nothing"),
    ("haven't had a wee all day and my belly is swollen and hurts", "emergency"),
    # Numbness in the saddle from sitting, riding or a birth's stitches, or called permanent
    ("perineum numb after the birth 2 weeks ago, midwife says it's the stitches", "not emergency"),
    (
        "can't feel much when I wipe, that's been the case since my op 5 years ago, surgeon says it's permanent",
        "nothing",
    ),
    (
        "sat on the loo and realised my undercarriage feels numb, like after the dentist. sciatica flared tuesday",
        "emergency",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_message_gets_what_a_clinician_would_give_it(text, expected):
    assert_rules_outcome(text, expected)
