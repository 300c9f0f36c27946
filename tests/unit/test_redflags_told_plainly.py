"""Signs told plainly in ways the phrase rules had not read: numbers in words, the length of a
shift or a meeting, and the look-alikes each reading must leave alone.

The messages are our own wordings, in both languages.
"""

from __future__ import annotations

import pytest

from tests.evaluation import assert_rules_outcome
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
    # a question about going to A&E that counts the hours: the writer's own state
    "Do I need to go to A&E if I haven't peed in 14 hours? Back's bad",
    "¿tengo que ir a urgencias si llevo 14 horas sin orinar?",
    "catheter came out yesterday after my op and I haven't peed since",
    "me quitaron la sonda ayer y no he podido orinar nada",
    # a dream, then waking to the real thing
    "Dreamt last night I couldn't move my legs, woke up and I really can't move them",
    # someone else's emergency now, with the writer fine
    "my husband can't feel his legs since this morning, I'm fine but scared",
    # suicidal words played down are still suicidal words
    "I can't go on like this. Not in a bad way lol, I mean I'm going to kill myself tonight",
    "I'm going to end my life tonight, not in a dramatic way, I've just had enough",
    "some people say they're fed up, mine's not like that, I want to die and I have the pills ready",
    "I've got the pills saved up, I just want it to end",
    "ya tengo las pastillas juntadas, solo quiero que esto termine",
    # a first catheter, needed because the bladder stopped
    "needed a catheter this morning, first time ever, back pain terrible",
    "necesité sonda esta mañana por primera vez, la ciática está fatal",
    "Since my back went on Monday I've had to start self catheterising",
    # sight lost suddenly, told other ways
    "out of nowhere my left eye went dark, cant see anything out of it, started ten minutes ago",
    "perdí de golpe la vista de un ojo hace diez minutos",
    "de repente se me nubló la vista del ojo derecho y sigue así",
    # a nightmare, then waking to the real thing
    "had a nightmare, woke up and I can't feel my legs at all, still can't an hour later",
    "tuve una pesadilla y al despertar no siento ninguna de las dos piernas, sigo igual una hora después",
    # both legs gone, cannot stand up for more than a second
    "legs gone dead both sides. cant stand up for more than a second",
    "las dos piernas muertas, no me puedo mantener de pie más de un segundo",
    # a mention, then the writer's own sign
    "Reading about cauda equina made me think, I can't feel my bum when I wipe",
    "tengo cáncer de pulmón y desde ayer camino como borracho",
    "prostate cancer 2019, in remission. last 3 days my legs have gone wobbly and I nearly went down twice",
    # a numbness after sitting or riding that does not go on standing, or has not gone since
    "my bum has been numb for 2 days from sitting at my desk and it doesn't go away when I stand up",
    "llevo 2 días que se me duerme el culo y no se me quita aunque me pare, será de estar sentado",
    "ayer hice 80 km en bici y tengo el perineo dormido, todavía no se me pasa",
    # found on the floor, in pain at every move
    "Resident (92, osteoporosis) found on the floor beside her bed, severe back pain, crying out when we move her",
    # a plan made ready; packets found beside someone hard to wake; a fit told by its marks
    "I've got the tablets counted out and I'm doing it tonight once the kids are asleep",
    "just found my brother with empty tramadol packets all over, he's very sleepy and hard to wake",
    "just woke up on the floor, bit my tongue and wet myself, my partner says I was shaking",
    # the seat not felt; cancer, then since midday a toe that catches; blind in one eye
    "is it normal that since my op on thursday I can't feel the toilet seat under me?",
    "prostate cancer in 2019, all clear. Since about midday my left leg is heavy and I keep catching the toe",
    "Went completely blind in my right eye about 15 minutes ago",
    # a what-if question, then the writer says it is happening
    "If I can't feel my bum when I wipe, would that mean cauda equina? Because I can't, since this morning",
    "if you cant pee for 12 hours would that mean its serious? i havent been since last night",
    "If both my legs are numb and I can't pee, would that be an emergency? because they are",
    # a first catheter, told many ways
    "Nurse put a catheter in me this morning, first time ever",
    "they had to catheterise me last night, never had one before",
    "me sondaron hoy por primera vez, me sacaron casi un litro",
    "nunca me habían puesto sonda, hoy me la pusieron en el centro de salud porque no meaba",
    "llevo sonda desde hace 5 años, hoy no drena nada y tengo la barriga hinchada",
    # plans made ready, in other words
    "ive counted out 60 of my pregabalin, enough is enough",
    "tengo todos los tramadoles contados, esta noche me despido",
    # a current chest pain beside an old explanation; sight lost with lenses or drops in use
    "chest pain right now and it was indigestion last time",
    "chest pain and they said it was anxiety last time but this is 10x worse, sweating, left arm dead",
    "I wear contact lenses, suddenly lost the sight in my right eye ten minutes ago",
    "uso lentillas y de repente dejé de ver del ojo izquierdo hace diez minutos",
    "I'm in a cold sweat, my face is drooping on one side and my arm is weak",
    # Spanish: a fit told by its marks; empty boxes and hard to wake; the seat not felt
    "me desperté en el suelo con la lengua mordida y mojado, no sé qué pasó",
    "mi abuela tiene cajas vacías de pastillas al lado y le cuesta mucho despertarse",
    "no siento el asiento del váter cuando me siento, desde ayer",
    "se me nubló de repente la vista del ojo derecho hace 20 minutos, como una cortina",
    # a sign that went this week is still this week's: only one dated long ago is set aside
    "couldn't pee for 12 hours on Saturday, all fine now",
    "no pude orinar durante 12 horas el sábado, ya estoy bien",
    "my legs went numb for a couple of hours, all normal now",
    # a pain's change beside a usual sign that is spreading too
    "Adormecimiento en el periné desde la operación, nada nuevo. Ahora me duele más y se me está extendiendo",
]

#: Not set aside by a date that belongs to someone's other event (a faint: the soon reply).
NOT_DATED = [
    "mum just fainted in the kitchen, she had a heart attack last year",
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
    # a numbness left by an operation, said to be the same since
    "Had cauda equina surgery last year, still a bit numb when I wipe, same as since the op",
    "me operaron de cauda equina en 2019, me quedó algo de adormecimiento en el periné, igual que desde entonces",
    # a programme, a series, a dream
    "Watched a show last night about a woman who couldn't wee and it turned out to be her spine",
    "vi en una serie a uno que no sentía las piernas después de una caída, ¿eso le pasa a cualquiera?",
    "Dreamt last night I couldn't move my legs, woke up and they were fine. Weird.",
    "soñé que no podía mover las piernas, me desperté y estaban bien",
    # someone else's emergency, the writer turning to their own thoughts
    "My neighbour got rushed in last week with cauda equina. I'm fine, it just made me think.",
    "al vecino lo operaron de urgencia por cauda equina la semana pasada, me dejó pensando",
    # surprise
    "My legs nearly gave way when I saw the price of the private physio lol",
    "casi se me doblan las piernas cuando vi la factura del fisio",
    # a question about what would happen one day, or after an operation still to come
    "If my legs ever went numb on both sides, should I go to A&E or call 111?",
    "What happens if I can't pee for eight hours after my spinal op next week?",
    "¿qué pasa si después de la cirugía estoy ocho horas sin orinar?",
    "If I can't pee for six hours after the catheter comes out, do I go back to the ward?",
    # an eye covered, irritated or in the dark; calcium stones
    "I wear a patch after cataract surgery so I can't see out of my right eye, sudden twinge in my back today",
    "got shampoo in my eye in the shower and suddenly couldnt see out of my left eye for a minute, fine now",
    "I suddenly lost the sight in my eye a year ago, it was a stroke. My back hurts now",
    "had ca kidney stones three years ago, now my back aches and I'm a bit wobbly after the wine",
    # nerves; a past episode that lasted hours and went
    "my legs are like jelly with nerves before the interview, can't stand up straight lol",
    "After my epidural in labour I couldn't feel my legs for hours, totally fine after",
    "When I was pregnant with my first I couldn't feel my legs after the epidural for a few hours",
    "nearly passed out when the physio pressed on my glute trigger point",
    "legs gave way when I saw the price of private physio lol",
    "my dad collapsed and died of an aneurysm when I was 12 so I get anxious about any pain",
    "de chica tenía convulsiones, hace 20 años que no me dan. ¿puedo tomar pregabalina?",
    "ayer mi mamá fue a urgencias por dolor de pecho pero era ansiedad, ya está en casa",
    "la semana pasada se me durmieron las dos piernas después de 3 horas sentado en el bus, se me pasó caminando",
    "hace 2 meses no podía orinar, era la próstata, me pusieron sonda, ya me la quitaron y orino bien",
    "I've got my tablets counted out in the dosette box for the week",
    "I went blind in my left eye years ago from glaucoma",
    # catheters lived with, dated, planned or changed
    "I needed a catheter when I had my hysterectomy in 2018, just for a day",
    "I had to start self cathing in 2016 after my CES op, today its all fine as usual",
    "started self cathing yesterday as planned by the urology nurse, its going ok",
    "hoy tengo que sondarme como todos los días, llevo así desde 2015",
    "empecé a sondarme ayer como me dijo la uróloga, va bien",
    # pills in a dosette box; a tongue bitten while eating
    "I've got my pills counted out for tonight and tomorrow in the dosette box",
    "bit my tongue while eating and I'm shaking with cold",
    "my pills are all ready for tonight, doing it the way the GP said, half a tramadol",
]

#: No reply at all from the rules: a catheter lived with, a fever gone, a walking pain of many years.
NOTHING = [
    "Catheter since 2018, change due next week. Can I swim with a catheter valve?",
    "me pongo sonda intermitente 4 veces al día desde hace 3 años, ¿qué marcas irritan menos?",
    "llevo sonda suprapúbica, me la cambian cada 8 semanas, todo bien. ¿puedo ir a la piscina?",
    "la semana pasada tuve fiebre por un resfriado y ya se me pasó. ¿puedo retomar los ejercicios?",
    "la estenosis me da dolor en las dos piernas al caminar un rato, así llevo años, me siento y se pasa",
]

#: Urgent still: a risk factor beside back pain, whatever is said of the pain.
URGENT = [
    "Finished chemo for lymphoma in June. My back pain is the same as it's been since the chemo",
    "Prostate cancer 2 years ago. Back pain is exactly as it was and I wake every night with it",
    "Long term steroid user and I've just done my back in lifting a bag of compost, it's excruciating",
    "breast cancer in 2016. back pain for 6 weeks that doesn't change whatever position I'm in",
    "I had breast cancer in 2015. Back pain for 3 months",
]


#: Lived with, by the pain's own change in another sentence: no emergency.
LONG_STANDING = [
    "Tengo espina bífida y desde pequeña tengo incontinencia leve, nada nuevo. Ahora tengo una lumbalgia",
    "Soy diabético y tengo los dos pies dormidos desde hace mucho, igual que siempre. Ahora me duele la ciática",
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


#: A GP in the next few days: pain that has not shifted in weeks, everyday life it has stopped.
SOON = [
    "8 weeks of physio and exercises and the sciatica isn't budging at all",
    "can't pick my son up, can't hoover, can't sit through dinner. been like this 5 weeks",
    "ya no puedo currar ni hacer la comida, la ciática me tiene tirada en el sofá",
    "no me puedo bañar sola, necesito ayuda para todo desde hace un mes por el dolor",
]


#: Emergencies that are not the back, told plainly: each gets the emergency reply at once.
NOT_THE_BACK = [
    # sight gone in one eye; words that will not come, told by a partner
    "Suddenly went dark in my left eye like a curtain came down, still cant see out of it",
    "de golpe he dejado de ver por el ojo izquierdo, como si me bajaran una persiana negra",
    "my missus cant find her words, keeps saying 'the thing' and pointing, started this arvo out of nowhere",
    "mi mamá se quedó pegada en media frase y ahora no entiende nada, hace 10 min estaba normalita",
    # fits one after another, or one that will not stop
    "Wife had one of her fits, then another before she came round properly, now she's started a third",
    "mi hermana tiene epilepsia pero esta crisis ya lleva más de 5 minutos y no para",
    # a child into someone's medicines
    "my 3 yr old got into my handbag and has chewed some of my co-codamol",
    "pillé a mi nieto de 3 años con los parches de fentanilo del abuelo, tenía uno pegado y está grogui",
    # a means made ready, or the how decided
    "I have kept the rat poison in my room. Tonight I will finish everything.",
    "honestly done. got my dads gun out of the safe today. sorry this isnt a back question",
    "Can you cancel my physio on the 14th. I've made my mind up and I know how I'm doing it",
    "ya escribí las cartas para mis hijos y tengo la cuerda en el garaje",
    "si la operación sale mal me mato, ya tengo pensado cómo",
    # angina the spray does not settle; a headache like an explosion
    "my angina spray isn't working this time, 20 minutes now",
    "tengo angina, me he echado el spray dos veces y esta vez no se me quita",
    "tengo migraña desde joven pero esto no es igual, me ha explotado la cabeza en un segundo",
    # a usual seizure or angina with what makes it a 999 call
    "had my usual seizure, lasted more than 5 minutes",
    "he has epilepsy, his usual fits, this one has been going 8 minutes",
    "had one of my usual fits in the bath and hit my head, theres a lot of blood",
    "tuvo la crisis de siempre y otra sin despertar",
    "my usual angina hasnt settled after 2 doses of spray",
    "angina de siempre, el spray no me la quita",
    "I have costochondritis, chest pain with pain down my left arm and sweating",
    # a fentanyl patch on a child; words that will not come; an adrenaline pen used
    "found one of my fentanyl patches stuck to the baby's back",
    "mi nieto se ha puesto uno de mis parches de fentanilo en la barriga",
    "my husband can't get his words out, started an hour ago",
    "a mi marido le cuesta hablar desde hace una hora, dice palabras que no son",
    "ya me pinché el autoinyector de adrenalina y estoy bien, ¿hace falta ir al hospital?",
    # means at hand, in other words
    "I've got my grandad's shotgun in the boot, I'm not coming home tonight",
    "I keep a noose in the shed",
    "bought a rope today, tonight I end it",
]

#: Their look-alikes: a known epilepsy's usual seizure, a usual angina settled, a gun for a shoot.
NOT_THE_BACK_LOOKALIKES = [
    "I have epilepsy, had one of my usual seizures this morning, came round like normal",
    "mi esposa es epiléptica y anoche le dio la convulsión de siempre, durmió y hoy está bien",
    "had my usual angina walking up the hill, settled with the spray in a few minutes",
    "I've got the gun out for the pheasant shoot tonight",
    "I always carry my epipen for peanuts, can I take naproxen?",
    "es mejor dormir de lado con la almohada entre las piernas o boca arriba?",
    "My chest was hurting last month, all clear at A&E, said costochondritis. Still a bit tender",
    "using the nail gun all day at work, I've had enough",
    "Got the rifle out of the cabinet for deer season, done with the cleaning now",
    "Bought a new climbing rope, hoping to get back on the wall tonight if the sciatica settles",
    "I'm cleaning the bathroom with bleach tonight",
    "my legs were shaking for more than 5 minutes after the physio exercises",
    "mi hija me ayuda a ponerme los parches de fentanilo",
    "con tanto papeleo me ha explotado la cabeza",
    "Knackered, I can't find the words to describe this sciatica, started this morning",
    "mi médico no me entiende, hoy le expliqué lo de la ciática",
    "My vision suddenly went blurry in one eye when suncream ran into it, cleared after rinsing",
]


#: New by the story, without a time word: each alarms at once.
NEW_BY_THE_STORY = [
    "So I've had sciatica forever and I know my body. This is NOT my usual. I'm peeing myself without warning",
    "after his physio session he's saying his legs won't hold him, they just buckle. Not like him at all.",
    "my wife keeps wetting herself and doesnt seem to realise",
    "My sciatica was always left leg only. After last week's flare it's both legs, and I have to push hard to wee",
    "al sentarme en el inodoro sentí como que no tenía nalgas, rarísimo. jamás me había pasado",
    "me operaron de la espalda. Al orinar no siento cuándo empiezo ni cuándo acabo, antes de la operación lo sentía",
    "se me durmió todo lo que es la zona de los genitales y el ano y eso nunca me pasaba",
]

#: Lived with, in the writer's own words: no emergency reply.
LIVED_WITH_IN_OWN_WORDS = [
    "when I wipe it's been a bit numb since my CES op in 2021, physio calls it my 'new normal'. no change",
    "had the saddle numbness since my CES surgery in 2019. same patch, not grown. tips?",
    "Group admin here: reminder that NEW bladder trouble or saddle numbness means 999, not a post in here",
    "couldn't wee in the portaloo at a festival with people queuing outside",
    "mate fell about 3 metres off the scaffold at work, says he cant feel his legs. we havent moved him",
]


#: (message, what the rules must do): a level answered at once, "ask", "nothing", or "not
#: emergency" (anything but the emergency reply at once).
CASES = [
    *((text, "emergency") for text in (*EMERGENCIES, *NOT_THE_BACK, *NEW_BY_THE_STORY, LIVED_WITH_IN_OWN_WORDS[4])),
    *((text, "not emergency") for text in (*NOT_EMERGENCIES, *LONG_STANDING, *NOT_THE_BACK_LOOKALIKES)),
    *((text, "not emergency") for text in LIVED_WITH_IN_OWN_WORDS[:4]),
    *((text, "urgent") for text in URGENT),
    *((text, "soon") for text in (*SOON, *NOT_DATED)),
    *((text, "ask") for text in ASKED),
    *((text, "nothing") for text in NOTHING),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_message_gets_what_a_clinician_would_give_it(text, expected):
    assert_rules_outcome(text, expected)
