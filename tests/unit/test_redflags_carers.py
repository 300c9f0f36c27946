"""What carers, partners and group members tell about someone else, how a past emergency turned
out, falls at home, signs told as what a long-term condition does, and temperatures written as
figures: what the rules must do with each, in both languages.

The messages are our own wordings. Each row is (message, what the rules alone must do): a level
answered at once, "ask", "nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from safety.rules import plain
from tests.evaluation import assert_rules_outcome


@pytest.mark.parametrize(
    ("written", "read"),
    [("tengo 38,5", "tengo 38.5"), ("edades 38, 5 y 7", "edades 38, 5 y 7"), ("1,234,567", "1,234,567")],
)
def test_a_decimal_comma_is_read_as_a_temperature_only_where_it_is_one(written, read):
    assert plain(written) == read


CASES = [
    # A fever told by touch or by its figure (NHS: hot to the touch on the chest or back)
    ("dad is confused tonight and he's boiling to the touch", "emergency"),
    ("she's hot to touch and making no sense, breathing really fast", "emergency"),
    ("temp 39.4 and he's muddled, doesn't know what day it is", "emergency"),
    ("mi abuela está confundida y caliente al tacto", "emergency"),
    ("tengo 38,7 y escalofríos desde anoche", "urgent"),
    ("wound looks fine, temp 39.1 since this afternoon", "urgent"),
    ("walked 38.5 hours of shifts this week and my back is done in", "nothing"),
    ("la pizza estaba caliente al tacto jaja, me quemé", "nothing"),
    # After a needle into the spine: a stiff neck with a fever is meningitis (999); with being
    # sick alone it is most often the needle's own headache (asked or urgent, not 999)
    ("lumbar puncture on Monday, now I can't touch my chin to my chest and I'm 38.9", "emergency"),
    ("me pusieron la epidural el lunes, no puedo pegar la barbilla al pecho y tengo 38,6", "emergency"),
    ("me hicieron una punción lumbar ayer, tengo el cuello rígido y vomité una vez", "not emergency"),
    # A fall at home, then pain at every move or no weight through the legs
    ("nan slipped in the bathroom and screams every time we try to move her", "emergency"),
    ("grandad went down in the hallway and won't put any weight on his legs", "emergency"),
    ("my mother fell off the step and can't bear weight at all", "emergency"),
    ("mi madre se resbaló en el patio y grita cuando la intentamos levantar", "emergency"),
    ("mi madre se cayó en la cocina y no puede apoyar las piernas", "emergency"),
    ("I fell asleep on the sofa and my leg screams when I move it lol, pins and needles", "not emergency"),
    # A vehicle hit
    ("our van got t boned at the roundabout an hour ago and my back is killing me", "emergency"),
    ("we got hit side on by a taxi this morning, neck and back sore", "emergency"),
    ("nos embistieron de lado con el coche esta mañana y me duele la espalda", "emergency"),
    ("my car got hit while it was parked outside work, just a dent", "nothing"),
    # Someone found shut in with their medicines, a note left
    ("found a note on the table and my son has locked himself in his room", "emergency"),
    ("my husband has shut himself in the bathroom with all his tablets", "emergency"),
    ("encontré una carta y mi esposa se encerró en el baño", "emergency"),
    ("mi hermano se encerró en su cuarto con todas las pastillas", "emergency"),
    ("locked myself out of the house, all my tablets are inside, can I get a spare prescription?", "nothing"),
    # Saddle numbness told as sitting on something cold
    ("since lunch it feels like I'm sitting on a block of ice down below", "emergency"),
    ("desde esta tarde es como si estuviera sentada sobre hielo", "emergency"),
    # A past emergency that turned out well: history, not now
    ("three years ago I couldn't wee and had emergency surgery for CES, made a full recovery", "not emergency"),
    ("hace 4 años no podía orinar y me operaron de urgencia, hoy hago vida normal", "not emergency"),
    ("five years ago I lost bladder control and had the op, he's doing great now", "not emergency"),
    # A list of warning signs from a clinician or a leaflet: the list's, not the writer's
    ("the consultant gave me a card with the warning signs: can't pee, numb bum, both legs weak", "not emergency"),
    (
        "el neurocirujano me dio una hoja con las señales de alarma: no poder orinar, no sentir al limpiarse, "
        "debilidad en las piernas",
        "not emergency",
    ),
    (
        "the warning signs are numb bum, can't pee and both legs weak. since this morning I can't feel my bum",
        "emergency",
    ),
    # Chest pain from laughing is not chest pain, unless it turns into the real thing
    ("my chest aches from laughing at the group chat all night", "nothing"),
    ("me duele el pecho de tanto reír con mis nietos", "nothing"),
    ("chest sore from laughing and now it's crushing and I'm clammy", "emergency"),
    # Numbness from the cab that goes once out of it
    ("tras 10 horas al volante se me duermen las nalgas, en cuanto me bajo se me quita", "not emergency"),
    # What a long-term condition does is asked about, not alarmed at, unless new or worse
    ("my arachnoiditis causes burning down both legs", "ask"),
    ("stenosis gives me numbness in both legs", "ask"),
    ("my arachnoiditis leaves me with a numb saddle area", "ask"),
    ("la aracnoiditis me da ardor en las dos piernas", "ask"),
    ("la estenosis me deja las dos piernas dormidas", "ask"),
    ("my arachnoiditis causes burning in both legs but since yesterday I can't feel the toilet paper", "emergency"),
    ("my arachnoiditis causes burning in both legs and since this morning they keep giving way", "emergency"),
    ("tengo estenosis y desde anoche no puedo orinar", "emergency"),
    # A length of time sat, a new clinician, a screening kit, cold toes: no change
    ("foot went numb on the loo for half an hour, fine once I got up and walked", "nothing"),
    ("se me durmió la pierna en el váter durante media hora, en cuanto me levanté se me pasó", "nothing"),
    ("numb patch on my shin since the op in 2018, same as ever, should I tell my new physio?", "nothing"),
    ("hormigueo en el pie desde la operación de 2018, igual que siempre, ¿se lo cuento a mi nueva fisio?", "nothing"),
    ("a breast cancer screening letter came and I'm worried about lying on the table with my back", "nothing"),
    ("my toes go numb after a cold swim in the lake, normal?", "nothing"),
    ("my husband has a temperature and his back is agony since this morning", "urgent"),
    # A new inability to stand on the toes of one side, told as a clinician tells it
    ("patient reports new inability to do a heel raise on the right since Tuesday", "urgent"),
    ("desde el lunes no es capaz de ponerse de puntillas con el pie derecho", "urgent"),
    # Thoughts of ending it, pills saved for a night chosen
    ("keep having thoughts about ending it, the pain never lets up", "emergency"),
    ("tengo pensamientos de acabar con todo, no aguanto el dolor", "emergency"),
    ("I've been stockpiling my tramadol. Tonight when the kids are asleep", "emergency"),
    ("llevo meses guardando la pregabalina. Esta noche cuando se duerman", "emergency"),
    # Stress leaks are asked about; a wet bed that was the dog is not a sign
    ("I leak wee when I sneeze these days", "ask"),
    ("se me escapan unas gotitas de pis al toser", "ask"),
    ("partner swore I'd wet the bed, turned out it was the puppy", "nothing"),
    # A pet's weak leg is no sign; someone in a group saying what a sign means is no claim; but
    # trying the bot out does not set aside what follows
    ("our dog has a weak back leg since Sunday, the vet is checking his spine", "nothing"),
    ("let's see what the bot says about this: I can't feel my bum since this morning", "emergency"),
    ("alguien en el grupo de facebook dijo que no sentir al limpiarse es grave, ¿es verdad?", "nothing"),
    # Unchanged today, a clinician aware, a question about what makes it worse
    ("the numbness in both legs from my MS is the same today as last month, does heat make it worse?", "nothing"),
    ("dribbling from my prostate for years, the urologist is aware", "not emergency"),
    ("el entumecimiento en las dos piernas está igual hoy que siempre, me pregunto si el frío lo empeora", "nothing"),
    # Cramp in both calves, legs like jelly after exercise, a cabin fever (Spanish and English)
    ("calambres en las dos pantorrillas cuando nado, se pasan estirando", "nothing"),
    ("corrí 10 km y tengo las piernas como gelatina después de la carrera", "nothing"),
    ("cabin fever after a week stuck in with my back", "nothing"),
    ("fiebre del sábado noche jaja, ¿bailar es malo para la hernia?", "nothing"),
    ("después del gimnasio no siento las piernas y desde hace 6 horas no puedo orinar", "emergency"),
    # Weeks since an operation are no change: numbness that went on standing stays set aside
    ("3 weeks post op, bum numb on the hard waiting room chairs but it went as soon as I stood up", "nothing"),
    # A general question followed by the writer's own "that's what's happened"
    ("can sciatica stop you feeling when you need a poo? because that's what's happened since Friday", "emergency"),
    # Weeks without getting better, told over two sentences; back pain for the first time after 50
    ("six weeks of sciatica now. the exercises are not really shifting it", "soon"),
    ("7 weeks since it started. I still can't sit through a film", "soon"),
    ("dad is 63 and his lower back has ached for a fortnight, he's never had back pain", "soon"),
    ("tengo 58 años y hace tres semanas que me duele la espalda. Nunca me había pasado.", "soon"),
    # A fever, a weakened immune system or injected drugs, and a leg newly weak or numb: an infection
    # beside the spine (spinal-infection); each alone is urgent
    ("I'm on methotrexate, had a fever since Tuesday and since this morning my right foot is dragging", "emergency"),
    ("he injects, he's been burning up for two days and now his left leg is giving way", "emergency"),
    ("trasplantada de hígado, con fiebre desde ayer y hoy se me duerme la pierna izquierda", "emergency"),
    ("I'm on methotrexate and I've had a fever since Tuesday", "urgent"),
    ("kidney transplant 2019, my right foot has dragged since the op in 2015, no fever", "not emergency"),
    # A cancer survivor's usual old pain; a foot that slaps the floor, told in Spanish
    ("breast cancer in 2012, this is my usual old sciatica, any tips for sleeping?", "nothing"),
    ("breast cancer in 2012, my usual old sciatica but since Monday it wakes me every night", "urgent"),
    ("desde el jueves el pie me pega en el suelo al caminar, como aplaudiendo", "urgent"),
    # What a clinician's and an attacker's reading found: none of these may lose the emergency reply
    ("Let's see what the bot says about the fact that I've taken 40 paracetamol", "emergency"),
    ("Someone in our family chat said mum's words are slurred and her face is drooping on one side", "emergency"),
    ("Crushing chest pain going into my jaw and I'm breathless. My doctor is aware.", "emergency"),
    ("Chest pain and struggling to breathe, does lying down make it worse?", "emergency"),
    ("Me oprime el pecho y me cuesta respirar, me pregunto si acostarme lo empeora", "emergency"),
    ("I can't pee at all and my bladder is bursting, the GP is aware and said wait for the letter", "emergency"),
    ("No puedo orinar nada y tengo la vejiga a reventar, el urólogo está al tanto", "emergency"),
    ("I can't feel anything when I wipe and my bits are numb. Does heat make it worse?", "emergency"),
    ("chest hurts from laughing at my mate, feels like an elephant sitting on it and I'm dizzy", "emergency"),
    ("Me duele el pecho de tanto reírme y se me va al hombro izquierdo", "emergency"),
    ("I can't pee at all and my bladder is bursting, the GP said my prostate can cause this", "emergency"),
    ("My fibromyalgia causes pain everywhere and I can't pee at all, my bladder feels like it's bursting", "emergency"),
    ("My diabetes means I check my feet a lot and both legs have gone weak and numb and I can't stand", "emergency"),
    ("Tried coughing to get a wee out but nothing comes, bladder is bursting", "emergency"),
    ("I coughed and wet myself, couldn't feel it at all", "emergency"),
    ("My saddle area has been numb for a couple of days, it goes when I stand up", "emergency"),
    ("La entrepierna dormida durante un par de días, al bajarme del coche se me pasa", "emergency"),
    (
        "Corrí 5 km y no siento las piernas, están muertas y no me puedo poner de pie, no es cansancio normal",
        "emergency",
    ),
    ("Had an epidural on Monday; can't touch my chin to my chest and I'm hot to the touch", "emergency"),
    ("me pusieron la epidural, no puedo tocar el pecho con la barbilla y tengo 38,4", "emergency"),
    ("I tripped on the rug and now I can't put weight on my hip", "emergency"),
    ("I'm a 45 year old with a fever and flu like symptoms after my epidural yesterday", "urgent"),
    ("Can't feel my toes since yesterday and they're white, it's been freezing cold weather", "urgent"),
    # ... and none of these may get it
    ("I have a slipped disc and I'm screaming every time I move", "not emergency"),
    ("The swelling went down but I still can't put any weight on my leg", "not emergency"),
    ("My car got hit by a shopping trolley", "nothing"),
    ("Mi novio me dio de lado", "nothing"),
    ("I've been saving my tramadol for the bad days, is it ok to take two tonight?", "not emergency"),
    ("I'm collecting my gabapentin from the pharmacy tonight", "not emergency"),
    ("Found a note from the school, he's locked himself in his room playing games", "nothing"),
    ("I use an ice pack and it feels like sitting on ice, lovely relief", "nothing"),
    ("My BMI is 39.5 and my back hurts", "not emergency"),
    ("Calzo un 38,5 y me duelen los pies", "nothing"),
    # What the second review found: biologics, a temperature told with "I'm" or "estoy a", heroin
    # told plainly, falls and vehicles told otherwise, a cause told after the sign
    ("she injects Enbrel, has a temp of 38.6 and since this morning her left leg is weak", "emergency"),
    ("I'm on Humira for Crohn's, temp 38.8 since yesterday and now my left leg keeps giving way", "emergency"),
    ("I had a kidney transplant. I'm 38.9 and my left leg has gone weak today", "emergency"),
    ("Soy trasplantado de riñón, estoy a 38,7 y desde esta mañana no siento bien la pierna derecha", "emergency"),
    ("I shoot up. Hot and shivery all night and now my left leg won't hold me", "emergency"),
    ("Mi hermano consume heroína, está ardiendo en fiebre y hoy no puede mover la pierna", "emergency"),
    ("Mum slipped getting out of the bath and now she can't put any weight through her hip", "emergency"),
    ("My mum has gone down in the kitchen and cries out when we try to lift her", "emergency"),
    ("Our car got hit from behind on the motorway at 60mph, my back is killing me", "emergency"),
    ("Un camión nos pegó por detrás en la autopista y me duele mucho la espalda", "emergency"),
    ("Llevo un par de días con las nalgas dormidas, se me pasa al levantarme", "emergency"),
    ("Woke up at 38.9 with the shakes, back agony", "urgent"),
    ("Had prostate cancer 2016. My usual old pain but I'm struggling with the stairs and my legs feel funny", "urgent"),
    ("Me inyecto insulina y tengo fiebre de 38,5 con dolor de espalda", "not emergency"),
    # a fever with a leg newly numb is the spinal infection whatever the immune system
    ("Me inyecto insulina, tengo fiebre de 38,5 y desde ayer se me duerme la pierna izquierda", "emergency"),
    (
        "My husband injects insulin, he has a temperature with flu and since yesterday he can't feel his left foot",
        "not emergency",
    ),
    ("Mi padre tuvo un trasplante de pelo y ahora tiene fiebre y dolor de espalda", "not emergency"),
    # a fever and a leg he cannot feel since today: the spinal infection, whatever the transplant
    ("Mi padre tuvo un trasplante de pelo y ahora tiene fiebre y no siente la pierna desde hoy", "emergency"),
    ("the consultant said he injects the facet joints under x-ray", "nothing"),
    ("she injects sumatriptan for migraines", "nothing"),
    ("numbness in my saddle area is part of my arachnoiditis", "ask"),
    ("numbness in my saddle area is part of my arachnoiditis but since this morning it's much worse", "emergency"),
    # A cracked rib is set aside, unless with what makes chest pain a 999 call; a cough or a tender
    # chest wall is not set aside (its set-aside hid coughing blood, a swollen calf, a grey face)
    ("me rompí una costilla hace 3 semanas y todavía me duele el pecho al estornudar", "nothing"),
    ("chest pain when I press on it, sweating and feel sick", "emergency"),
    ("me duele el pecho cuando toso y me falta el aire", "emergency"),
    ("chest pain with a cough and I'm coughing up blood", "emergency"),
    ("tengo tos y un dolor de pecho muy fuerte de repente", "emergency"),
    ("costochondritis diagnosed after an ECG and bloods, still tender when I press it", "nothing"),
    # Ribs on both sides
    ("my ribs ache on both sides every time I cough with this cold", "not emergency"),
    # A fall told as "went down hard", an unfelt accident after passing wind
    ("dad went down hard in the garden and can't get up", "emergency"),
    ("I farted and something came out and I had no idea it had, my back has been awful for days", "emergency"),
    ("I farted in yoga and it just came out, no idea if anyone heard", "nothing"),
    # A duration told after a pain word in the next sentence is the pain's
    ("mum says her legs won't hold her and she can't get off the toilet. sciatica for months.", "emergency"),
    # What the third review found: none may lose the emergency reply, none may get it
    ("Crushing chest pain, can't breathe. Took my GTN like usual.", "emergency"),
    ("Mum fell down the stairs. She's stubborn as ever and says she's fine.", "emergency"),
    ("Chest pain with a cough, I'm coughing blood", "emergency"),
    ("Mi madre tiene dolor de pecho con la gripe y se ha puesto gris y sudorosa", "emergency"),
    ("My calf is swollen and hot and I've got a sharp pain in my chest when I breathe in and a cough", "emergency"),
    ("What are the signs of cauda equina, I think I have them all", "emergency"),
    ("Walked the camino for 5 days, legs like jelly each evening, they gave way today and I fell", "emergency"),
    ("Gran went down heavily in the hallway, we can't get her up", "emergency"),
    ("My little one went down hard on the trampoline and can't get up the courage to try again", "nothing"),
    ("I went down hard with flu last month and couldn't get up for a week", "not emergency"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_what_the_rules_do(text, expected):
    assert_rules_outcome(text, expected)
