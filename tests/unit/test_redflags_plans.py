"""Plans made ready and arrangements put in order, bleeding in the stomach, a fever during
chemotherapy, an older person on the floor after a fall, a sudden headache unlike the usual
migraines, an aneurysm, the headache after a lumbar puncture told in Spanish, and a length of
time that belongs to a medicine or an operation rather than to the sign beside it. Then everyday
accounts: a pulsing belly with sudden pain, a goodbye to a support group, cutting now, a weight on
the chest named first, black poo with dizziness told in Spanish, a hand that will not obey, a
general question about the signs followed only by the writer's worry or by "I think I have them
all", and what the reviews of these found. Then a symptom no longer had in Spanish (gone) beside
a feeling, a power or control no longer had (the sign), sepsis and a stroke told plainly, a
pulsing belly told in Spanish, one leg's weakness, a question on how one would know a sign, and
crises told beside words about suicide that alone would be no crisis. Then a "no" after a sign
that is no checklist's answer, a negation that belongs to another clause than the sign's, too
much of an opioid however it came about, black poo told as "pooing", and a past event "all
sorted". Then what comes around operations, injections and births: an anaesthetic wearing off, a
catheter taken out, a question for a project, sepsis after a caesarean, a child given an adult's
medicine, a relative's fall told now or as a story, a wish not to wake up, being sick again and
again, and in Spanish new pain later in life and pain not improving.

Every message is our own wording; each kind has messages the rules must answer and look-alikes
they must not. What the rules alone must do is one of: a level answered at once, "ask",
"nothing", or "not emergency" (anything but the emergency reply).
"""

from __future__ import annotations

import pytest

from tests.evaluation import assert_rules_outcome

KINDS: dict[str, list[tuple[str, str]]] = {
    "a plan made ready, arrangements put in order (NHS: help for suicidal thoughts)": [
        ("I know how and when I'm going to do it. Sorry to dump this here", "emergency"),
        ("I've decided when and how I'll end it, the pain has won", "emergency"),
        ("wrote letters to my children and my will is sorted, I can't keep living like this", "emergency"),
        ("I've written goodbye letters to everyone", "emergency"),
        ("left a note for my husband and given away all my things", "emergency"),
        ("ya sé cómo y cuándo lo voy a hacer, no aguanto más este dolor", "emergency"),
        ("he escrito cartas para mis hijos y lo he dejado todo en orden", "emergency"),
        ("dejé una carta de despedida en la mesa", "emergency"),
        ("I know how and when to do the stretches now, thanks", "nothing"),
        ("before my operation I wrote letters to my kids and sorted my will, just in case. normal?", "nothing"),
        ("ya sé cómo y cuándo hacer los ejercicios", "nothing"),
        ("antes de la operación escribí cartas para mis hijos, por si acaso", "nothing"),
    ],
    "bleeding in the stomach (NHS: vomiting blood)": [
        ("threw up blood this morning, I've been on naproxen for weeks", "emergency"),
        ("my sick looks like coffee grounds and I feel faint", "emergency"),
        ("black tarry poo since yesterday and I nearly passed out on the stairs", "emergency"),
        ("vomité sangre esta mañana, llevo semanas con ibuprofeno", "emergency"),
        ("vomité algo como posos de café y estoy mareada", "emergency"),
        ("tengo las heces negras como alquitrán y me he mareado al levantarme", "emergency"),
        ("naproxen gives me heartburn, no blood and no black poo", "nothing"),
        ("so sick of blood tests every month for my methotrexate", "nothing"),
        ("black poo since starting iron tablets, feel a bit dizzy when I stand quickly", "not emergency"),
        ("the dog was sick with blood in it, vet tomorrow", "nothing"),
        ("heces negras desde que tomo hierro, a veces me mareo un poco", "not emergency"),
    ],
    "a fever during chemotherapy (NICE CG151: neutropenic sepsis)": [
        ("on chemo for my breast cancer and my temp is 38.4 tonight", "emergency"),
        ("had chemo on Tuesday and now I'm shivery and hot", "emergency"),
        ("my husband is having chemo and he's got a fever this evening", "emergency"),
        ("estoy con quimio y tengo fiebre desde esta tarde", "emergency"),
        ("what should I do if I get a fever on chemo?", "not emergency"),
        ("finished chemo 3 years ago, got a cold with a bit of a fever, back sore", "not emergency"),
        ("on chemo, no fever, just tired and my back aches", "not emergency"),
        ("our dog is on chemo and has a fever, poor thing", "not emergency"),
    ],
    "an older person on the floor after a fall": [
        ("Gran slipped in the kitchen. She's on the floor and can't get up, says her hip hurts", "emergency"),
        ("Mum tripped on the rug. We can't get her up and she's crying with her back", "emergency"),
        ("se acaba de caer mi abuela en el baño. No se puede levantar y le duele la cadera", "emergency"),
        ("mi madre se cayó en la cocina, la intentamos levantar y grita de dolor", "emergency"),
        ("I fell in love with yoga this year and my back has never felt better", "nothing"),
        ("mi abuela se cayó hace dos años y desde entonces no se puede levantar sola de la silla", "not emergency"),
    ],
    "a length of time that is a medicine's or an operation's, not the sign's": [
        ("Slipped on the ice and heard a crack. I'm on long-term steroids. I can't stand up at all", "emergency"),
        ("Dad (84, on steroids for years) fell off the step and can't get up, screaming with his back", "emergency"),
        ("a mi suegro se le torció la boca y no alza el brazo. Lo operaron de la columna el año pasado", "emergency"),
        ("took 4 extra tramadol a day for years without telling anyone, now cut down to normal", "not emergency"),
        ("my mouth droops on one side. It's been like that for years since Bell's palsy", "nothing"),
    ],
    "a faint that hurt, a crash head on, and the look-alikes of each": [
        ("passed out in the bathroom and smacked the back of her head on the sink", "emergency"),
        ("a van hit us head on at 40mph, my back is agony", "emergency"),
        ("head on collision on the motorway last night, my neck and back hurt", "emergency"),
        ("my toddler bumped her head on the table, she's playing happily now", "nothing"),
        ("estamos pensando en tener un bebé y tomo pregabalina, ¿la dejo antes?", "not emergency"),
        (
            "bell's palsy 3 years ago left my mouth a bit crooked, same as ever. Now I've been prescribed pregabalin",
            "nothing",
        ),
    ],
    "a fever with a leg newly weak or numb, whatever the immune system (spinal infection)": [
        ("fever since yesterday, back pain, and now my left leg is numb and weak", "emergency"),
        ("tengo fiebre desde ayer, me duele la espalda y hoy la pierna derecha no me responde", "emergency"),
        ("I have a cold with a temperature, my usual numb foot from the sciatica is the same", "not emergency"),
    ],
    "half the sight or half the body gone at once (NHS: stroke)": [
        ("suddenly can't see anything to the right in either eye, keep bumping into things", "emergency"),
        ("my whole left side of my body went numb suddenly, face arm and leg", "emergency"),
        ("se me durmió de golpe toda la mitad derecha del cuerpo, la cara y el brazo", "emergency"),
        ("I sleep on my left side and my arm goes numb, normal?", "nothing"),
        ("duermo del lado izquierdo del cuerpo y se me duerme el brazo, ¿es normal?", "nothing"),
        ("me toca hacer mucha fuerza para que salga la orina, ¿será la hernia?", "ask"),
    ],
    "a sudden headache unlike the usual migraines": [
        ("migraines for 20 years, but this one came on in seconds and it's far worse than any migraine", "emergency"),
        ("tengo migrañas de siempre, pero esta vino de golpe y es muchísimo peor que cualquier migraña", "emergency"),
        ("my migraine today was worse than usual, it built up slowly over the afternoon", "nothing"),
        ("a sudden question: is yoga worse than pilates for tension headaches?", "nothing"),
    ],
    "an aneurysm of the aorta (NHS: abdominal aortic aneurysm)": [
        ("I have an aortic aneurysm they watch and suddenly I've got terrible pain in my back and belly", "emergency"),
        ("out of nowhere severe pain in my tummy going through to my back, I'm pale and sweaty", "emergency"),
        ("tengo un aneurisma de aorta y de repente me duele muchísimo la barriga y la espalda", "emergency"),
        ("dad had his aortic aneurysm repaired in 2015, he's doing great, what exercises help my sciatica?", "nothing"),
        ("I have a small AAA they scan every year. Back pain as usual today", "nothing"),
    ],
    "the headache after a lumbar puncture, told in Spanish": [
        ("punción lumbar el lunes y cada vez que me levanto me estalla la cabeza, tumbada estoy mejor", "urgent"),
        ("me van a hacer una punción lumbar la semana que viene, ¿me dolerá la cabeza?", "nothing"),
    ],
    "what a clinician's and an attacker's reading found: none may lose the reply, none may get it": [
        ("ahead of surgery I wrote suicide notes to my kids", "emergency"),
        ("Antes de la operación he escrito cartas de despedida a mis hijos", "emergency"),
        ("Been sick as a dog all night and vomited blood twice", "emergency"),
        ("Black poo and dizzy but I don't take iron", "emergency"),
        ("hago caca negra como el carbón y me mareo", "emergency"),
        ("I started chemo 3 months ago and tonight I have a temperature of 38.4", "emergency"),
        ("empecé la quimio hace 2 meses y esta noche tengo fiebre de 38,4", "emergency"),
        ("Ive decided when and how. Tonight", "emergency"),
        ("I've planned it all, how and when. I'm done", "emergency"),
        ("I've written letters to my family and everything's sorted", "emergency"),
        ("Ya lo tengo todo pensado, el cómo y el cuándo. Este finde", "emergency"),
        ("le escribí una carta a cada hijo. Ya está todo listo. Me voy a ir tranquila", "emergency"),
        ("con corticoides desde hace años, me resbalé en la cocina y no me puedo levantar", "emergency"),
        ("started steroids 5 years ago, slipped in the kitchen and can't get up", "emergency"),
        ("I've been sick and there was blood in it", "emergency"),
        ("sick with bits of blood in it", "emergency"),
        ("vommiting blood", "emergency"),
        ("echo sangre por la boca al vomitar", "emergency"),
        ("vómitos oscuros como borra de café", "emergency"),
        ("grandad had a fall and has been on the floor for 3 hours", "emergency"),
        ("dad's on the floor after a fall and we can't lift him", "emergency"),
        ("Mum went down in the garden. She can't get up", "emergency"),
        ("I've got a AAA being monitored and now have terrible pain in my tummy and back and feel faint", "emergency"),
        ("this headache is not like my usual migraine, it came on all of a sudden", "emergency"),
        ("no es como mis migrañas, vino de golpe en un segundo", "emergency"),
        ("Had my third cycle of FEC on Monday and now i have a fever", "emergency"),
        ("me dieron la quimio el lunes y ahora tengo fiebre", "emergency"),
        ("sciatica went down my leg overnight, can't stand up straight this morning", "nothing"),
        ("my mood has gone down, can't get up in the mornings", "nothing"),
        ("I'm on the floor laughing, can't move for giggling at this thread", "nothing"),
        ("I've worked out how and when to go to the loo without my back spasming", "nothing"),
        ("the nurse showed me my clexane so now I know how and when to do it", "nothing"),
        ("Ya tengo claro cómo y cuándo lo voy a hacer: me opero en marzo", "nothing"),
        ("I've written letters to my kids for their wedding days and put everything in order", "nothing"),
        ("left a note for my husband to feed the dog and got everything sorted", "nothing"),
        ("Le dejé una nota a mi hija con todo listo para la fiesta", "nothing"),
        ("numb bum for years tablets dont touch it", "ask"),
        ("tengo la entrepierna dormida desde hace 6 años pregabalina no me ayuda", "ask"),
        ("I was sick after giving blood today", "nothing"),
        ("the smell of coffee grounds makes me feel sick", "nothing"),
        ("I work on the chemo unit and came home with a fever", "not emergency"),
        ("MRI report: L4/5 severe canal stenosis. Aorta normal calibre. Lower back pain", "nothing"),
        ("had my AAA screening today, all clear, but my back is in severe pain with the sciatica", "not emergency"),
        ("sudden severe stomach cramps then diarrhoea, feel a bit dizzy, think its the takeaway", "not emergency"),
        (
            "me pusieron una epidural para la ciática; cada vez que me siento me duele la pierna, no la cabeza",
            "nothing",
        ),
    ],
    "a rash that does not fade under a glass (NHS), and a fever told as over in so many words": [
        ("a purple rash on my legs that doesn't go when I press a glass on it", "emergency"),
        ("I pushed a drinking glass against the spots on his legs and they don't fade", "emergency"),
        ("Did the glass test on my son's rash, it's non-blanching, he's floppy", "emergency"),
        ("le salieron unas manchitas en las piernas, le puse un vaso encima y no se borran", "emergency"),
        ("did the glass test on my son's rash and it faded, he's fine, just a heat rash", "nothing"),
        ("Marks on my leg from the hot water bottle won't go, I did the glass test and they went white", "nothing"),
        ("my eczema rash doesn't go away with the cream, I drink a glass of water every hour", "nothing"),
        ("the spots in my eyes don't go away when I drink from a glass", "nothing"),
        ("Le puse un vaso a las manchas y se ven más claras, casi desaparecen, creo que es del calor", "nothing"),
        ("had a fever last week with a cold, all better now, back pain same as before", "nothing"),
        ("el reumatólogo dijo que la fiebre que tuve el mes pasado fue viral, ya estoy bien", "nothing"),
        ("Got a fever on Sunday, it's not gone today, and my right leg has gone weak since last night", "emergency"),
        ("Had a fever since Monday, not over it, and now I can't lift my foot properly", "emergency"),
        ("had a fever yesterday, gone now, but today I'm confused and can't pee", "emergency"),
        ("tuve fiebre ayer, ya se me pasó, pero hoy no puedo orinar", "emergency"),
    ],
    "what a second attacker's reading found": [
        ("Mum is on chemo and my sister says she's got a temperature of 38.5", "emergency"),
        ("She is on chemo and I just took her temperature, it's 38.4", "emergency"),
        ("Mi padre sigue con quimio y me llama mi hermana, tiene fiebre y escalofríos", "emergency"),
        ("Out of nowhere severe pain in my stomach, I'm pale and sweating and dizzy", "emergency"),
        (
            "Dad has a 5cm aneurysm, checked last month and fine. He's suddenly got awful back and tummy pain",
            "emergency",
        ),
        ("I have decided how and when it will happen. the tablets are saved up", "emergency"),
        ("I know how and when it's going to happen, I just want peace", "emergency"),
        ("Ya tengo claro cómo y cuándo voy a acabar con esto", "emergency"),
        (
            "Before my operation I've written letters for my children and given away my things. I'm ready to go.",
            "emergency",
        ),
        ("Antes de la operación escribí unas cartas para mis hijos, no pienso despertar", "emergency"),
        ("i know exactly how and where, the bridge by the ring road. Nobody will miss me", "emergency"),
        ("I saw blood in my vomit this morning", "emergency"),
        ("threw up what looked like coffee, I'm on naproxen and feel faint", "emergency"),
        ("I was sick and it was bright red", "emergency"),
        ("He devuelto sangre esta mañana", "emergency"),
        ("Mi padre ha devuelto algo como café molido, toma naproxeno", "emergency"),
        ("me tomé un café y lo he devuelto, tenía el estómago revuelto", "nothing"),
        ("My mum had a fall and was on the floor all night", "emergency"),
        ("La abuela se resbaló en el baño y estuvo en el suelo toda la noche", "emergency"),
        ("He has a fever and his back is agony, now he can't feel his left leg", "emergency"),
        ("I've got flu, temperature of 38.5, aching all over and my legs feel weak", "not emergency"),
        ("My daughter's got a temperature of 39.2 and my left leg went weak on the stairs today", "not emergency"),
        ("my fever broke yesterday, and my leg is still numb from my sciatica like always", "not emergency"),
        ("Tengo gripe, 38 de fiebre, me duele todo y las piernas las tengo flojas", "not emergency"),
        ("decided when and how to tell my boss about the surgery, I am done hiding it", "nothing"),
        ("Ya sé cómo y cuándo pincharme la heparina, no aguanto más", "nothing"),
        ("I've had migraines for 20 years, they always come on suddenly and they're the worst ever", "nothing"),
        ("Mis migrañas vienen de repente, peor que nunca esta semana con el estrés", "nothing"),
        ("I had a brain aneurysm coiled 5 years ago and my sciatica is really bad in my back today", "nothing"),
        ("My mum died of an aneurysm so I worry every time my back is bad, it's been terrible this week", "nothing"),
        ("I felt sick when the nurse took blood", "nothing"),
        ("period is really heavy, loads of blood, and I feel sick with the cramps", "nothing"),
        ("I went down with flu and cant get up out of bed", "nothing"),
        ("sudden severe stomach cramps then diarrhoea, feel a bit dizzy, think its the takeaway", "nothing"),
    ],
    "a pulsing in the tummy with sudden pain or feeling faint (NHS: abdominal aortic aneurysm)": [
        ("my lower back went suddenly, agony, and there's a pulsing by my belly button. feel faint", "emergency"),
        ("sudden awful pain in my back and tummy, it's pulsating like a heartbeat, sweating", "emergency"),
        ("de golpe un dolor horrible en la espalda y me late la barriga, estoy mareado", "emergency"),
        ("my stomach is pulsing and I feel dizzy after the roller coaster", "nothing"),
        ("I can feel a pulse in my tummy when I lie flat, is that normal? back ache as usual", "nothing"),
    ],
    "a goodbye with an end in view, affairs sorted, cutting now (NHS: help for suicidal thoughts)": [
        ("goodbye all of you, the pain won. thank you for the kindness", "emergency"),
        ("I've sorted my affairs. Tonight is the night", "emergency"),
        ("I'm cutting myself right now", "emergency"),
        ("me despido de todos, el dolor ganó", "emergency"),
        ("dejé arreglados mis papeles, esta noche es la noche", "emergency"),
        ("me estoy cortando ahora mismo", "emergency"),
        ("goodbye everyone, leaving the group as my surgery went great, thanks for everything", "nothing"),
        ("sorted my affairs before my op tonight, fingers crossed", "nothing"),
        ("me estoy cortando el pelo ahora mismo", "nothing"),
    ],
    "a weight on the chest named first (NHS: heart attack)": [
        ("it's like a weight on my chest going down my left arm, sweaty", "emergency"),
        ("feels like an elephant sitting on my chest for half an hour", "emergency"),
    ],
    "black poo with dizziness, a hand that will not obey, in Spanish": [
        ("popo negra como alquitrán desde ayer y me mareé en el baño", "emergency"),
        ("la mano derecha no me ahce caso y veo doble", "emergency"),
        ("la popo negra desde que tomo hierro, me mareé en el bus pero eso me pasa siempre", "nothing"),
    ],
    "a general question about the signs, then the writer's worry or the writer's own signs": [
        ("what are the signs of cauda equina? my physio mentioned it and now I'm paranoid", "nothing"),
        ("what are the signs of cauda equina? I think I have them all", "emergency"),
        ("what are the warning signs of cauda equina? I think I've got most of them", "emergency"),
        ("cuáles son los síntomas de cola de caballo? creo que los tengo todos", "emergency"),
        ("cuáles son los síntomas de cola de caballo? me lo dijo el fisio y ahora estoy preocupada", "nothing"),
        ("what are the signs of cauda equina? now I'm scared, I can't feel my bum since this morning", "emergency"),
    ],
    "a wish to be dead, thoughts of self-harm (NHS: help for suicidal thoughts)": [
        ("been wishing I was dead most nights lately, wouldn't do anything though", "emergency"),
        ("tengo pensamientos de hacerme daño desde que empezó el dolor", "emergency"),
        ("no tengo pensamientos de hacerme daño, solo estoy cansada del dolor", "nothing"),
    ],
    "a fall and not getting up": [
        ("dad fell, can't get comfortable and can't get up", "emergency"),
        ("I fell and I can't get myself off the floor", "emergency"),
        ("tackled hard, couldn't even get to my feet", "emergency"),
    ],
    "what the reviews of the everyday accounts found": [
        # a crisis dated long past and told as over was set aside: withdrawn, relapse is told in words no list holds
        ("tried to end my life in 2017, doing really well now. some days I think about it still", "emergency"),
        ("I tried to kill myself last year, much better now", "emergency"),
        ("tried to end my life years ago, recovered. im in the bath with a razor", "emergency"),
        ("Hace 3 años intenté suicidarme. Ya no estoy bien.", "emergency"),
        ("hace años pensaba en matarme, ahora estoy bien. otra vez tengo esas ideas", "emergency"),
        # a worry after a general question, with the writer's own time
        ("what are the signs of CES? I'm nervous, I've had it since this morning", "emergency"),
        ("what are the signs of cauda equina? my back got much worse today and now I'm worried it's that", "emergency"),
        (
            "is losing control of your bladder serious? Really scared, it started happening to me today.",
            "emergency",
        ),
        # an overdose asked about after it was taken (the Spanish "puede causar sobredosis" except: withdrawn)
        (
            "mi padre se ha puesto dos parches de fentanilo juntos, ¿podría causar sobredosis? está muy adormilado",
            "emergency",
        ),
        # "can't get" after a fall (the narrowing: withdrawn)
        ("grandad had a fall and we cant get grandad back into bed", "emergency"),
        ("mum's fallen in the kitchen and I can't get mum up, she's 84", "emergency"),
        # look-alikes of the new patterns
        ("the hangover had me wishing I was dead lol", "nothing"),
        ("I wished I was dead lifting again like before my injury", "nothing"),
        ("goodbye guys, moving to Spain for good next month", "nothing"),
        ("goodbye all, physio signed me off, im done with this group haha", "nothing"),
        ("getting my affairs sorted before my spinal fusion next week, tonight i pack", "nothing"),
        ("me da mucho miedo la idea de morir en el quirófano, me operan de la hernia el lunes", "nothing"),
        ("I'm 30 weeks pregnant and can feel a pulse in my belly like a heartbeat", "not emergency"),
        ("me late el corazón muy fuerte de la ansiedad y me duele el estómago", "nothing"),
        ("I get a pulsing headache and stomach ache when my back flares", "not emergency"),
        (
            "I'm 72, sudden terrible pain in my back and belly, a throbbing lump by my belly button, feel faint",
            "emergency",
        ),
    ],
    "an overdose told in Spanish": [
        ("tomé toda la caja de tramadol, creo que es una sobredosis", "emergency"),
    ],
    "a symptom no longer had (in Spanish), a feeling, a power or control no longer had": [
        ("ya no tengo el dolor en las dos piernas, la fisio funcionó", "nothing"),
        ("nunca tuve el dolor de espalda tan desgarrador, me atraviesa hasta la barriga y estoy mareado", "emergency"),
        ("no he tenido el dolor de pecho tan fuerte nunca, me oprime y sudo frío", "emergency"),
        ("no es que quiera exagerar no puedo orinar desde anoche", "emergency"),
        ("I no longer have bladder control since this morning", "emergency"),
        ("my husband no longer has any bowel control and his legs have given way", "emergency"),
        ("I no longer have a high temperature but now she's confused and her knees are blotchy", "emergency"),
        ("I no longer have any feeling in my bum since this morning", "emergency"),
        ("I can no longer feel my bum when I wipe", "emergency"),
        ("i no longer have control of my bladder, wet myself twice today", "emergency"),
        ("he no longer has any power in his legs, started today", "emergency"),
        ("no sé si tengo las piernas dormidas, creo que sí, desde ayer", "emergency"),
    ],
    "sepsis and a stroke told plainly (NHS: sepsis, stroke)": [
        ("she's burning up, confused about what day it is and her knees look blotchy purple", "emergency"),
        ("Gran is confused about her surroundings and has a temp of 39", "emergency"),
        ("My arm is weak from the sciatica and I can't find the words to describe the pain", "not emergency"),
        ("raging temperature, a headache like I've never had and I can't bend my neck", "emergency"),
        ("about 15 min ago his arm went floppy and he can't get his words out", "emergency"),
        ("bit confused about which stretches are best, I had a fever with a cold last week", "not emergency"),
    ],
    "one leg, not two; how one would know a sign, asked in general": [
        ("my left leg's been getting weaker since Thursday, can't push the clutch down", "urgent"),
        ("my left leg's been a bit weaker than the right since my surgery in 2012, physio said permanent", "nothing"),
        ("how would I know if I had saddle numbness?", "nothing"),
        ("¿Cómo sabría yo si tengo anestesia en silla de montar?", "nothing"),
        ("how would I know if I had saddle numbness? I can't feel my bum since this morning", "emergency"),
        ("how would I know if I had saddle numbness, it started this morning?", "emergency"),
        ("¿cómo sé si tengo la entrepierna dormida? desde ayer no siento nada al limpiarme", "emergency"),
        ("how do I know if my bladder problems are cauda equina?", "ask"),
        ("how would I know if I had cauda equina, numb bum and cant pee properly", "emergency"),
        ("how do I know if I have cauda equina with numbness between the legs and not being able to wee?", "emergency"),
        ("how would I know if I had saddle numbness as it feels like sitting on a cushion down there", "emergency"),
        ("¿cómo sé si tengo cola de caballo, con el culo dormido y sin poder mear?", "emergency"),
        ("¿Cómo sé si tengo cola de caballo si no noto nada al limpiarme?", "emergency"),
        ("both my leg's are numb and weak since this morning", "emergency"),
        ("his leg's gone dead and the other leg's gone dead too, he cant stand", "emergency"),
    ],
    "a crisis told beside a suicide awareness talk or a medicine's risk; a leg growing weaker, in Spanish": [
        ("did a suicide awareness course and I've got the pills lined up", "emergency"),
        ("my gabapentin can increase the risk of suicide and honestly I'm there, I've got a plan", "emergency"),
        ("¿cuánto paracetamol es lo máximo para no hacer una sobredosis? ya me he tomado 20 hoy", "emergency"),
        ("Desde que tomo pregabalina me aumentan las ideas de suicidio y ya no puedo más", "emergency"),
        ("Dad's a character that never sees doctors, can't feel his legs and has wet himself", "emergency"),
        ("mi abuelo es un personaje que no se queja, no puede orinar ni mover las piernas", "emergency"),
        ("went to a suicide awareness talk and realised I'm suicidal", "emergency"),
        ("the pain increases my suicidal thoughts", "emergency"),
        ("fui a una charla de prevención del suicidio y me di cuenta de que quiero suicidarme", "emergency"),
        ("hice una sobredosis sin querer de paracetamol", "emergency"),
        ("la pierna derecha se me está poniendo más débil esta semana", "urgent"),
        ("escribo una novela donde un personaje se cae y no siente las piernas, ¿cómo lo describiría?", "nothing"),
    ],
    "in Spanish: legs named before the verb, a stab between back and chest, a fever and out of it": [
        ("las piernas las siento cada vez más débiles desde ayer", "emergency"),
        ("las piernas las tengo dormidas desde hace años por la aracnoiditis, igual que siempre", "nothing"),
        ("de golpe un dolor como una cuchillada entre la espalda y el pecho", "emergency"),
        ("de golpe un dolor como una cuchillada en la espalda baja al agacharme", "nothing"),
        ("tengo fiebre de 39, tirito y estoy como ida", "emergency"),
        ("estoy como ida con el tramadol pero sin fiebre", "nothing"),
    ],
    "signs far apart in one long sentence, one person's or not": [
        (
            "tengo fiebre de 40, escalofríos que tiemblo toda, dolor en la espalda de un lado abajo de las "
            "costillas, y ahora estoy como confundida",
            "emergency",
        ),
        (
            "fever of 40 and shivering all night, pain low in my back on one side under the ribs, and "
            "now I'm really muddled",
            "emergency",
        ),
        (
            "my daughter's ear piercing got infected last month and I've been running around after her all week "
            "with my back killing me and I'm so muddled with all the appointments",
            "not emergency",
        ),
        (
            "a mi hija se le infectó el piercing de la oreja el mes pasado y llevo toda la semana corriendo detrás "
            "de ella con la espalda fatal y estoy confundida con tantas citas",
            "not emergency",
        ),
    ],
    "arm and speech, words that fail a feeling, fevers and confusion about a thing": [
        ("arm went floppy, couldn't find words, 15 minutes ago", "emergency"),
        ("his arm went weak and he can't find the words to say what he wants", "emergency"),
        ("High fever, rigors, knees have gone purple and cold", "emergency"),
        ("she's confused about my name and burning up", "emergency"),
        ("fever and confused by simple questions", "emergency"),
        ("I'm confused about my dose of naproxen, I have a fever with a cold", "not emergency"),
        ("No tengo el dolor y las dos piernas no me responden", "emergency"),
        ("no tengo el dolor y llevo 15 horas sin orinar", "emergency"),
        ("How would I know if I had saddle numbness? Since lunch.", "emergency"),
        ("¿Cómo sabría si tengo anestesia en silla de montar? Es justo lo que está pasando ahora.", "emergency"),
    ],
    "an aneurysm felt as a pulse, told in Spanish (NHS: AAA)": [
        ("de golpe un dolor en la espalda y la panza que me late, me estoy mareando", "emergency"),
        ("me dijeron que tengo la aorta un poco ancha y de golpe un dolor horrible en la barriga", "emergency"),
        ("de golpe siento que la barriga late, es el bebé, estoy embarazada y algo mareada", "not emergency"),
        ("la panza me late cuando estoy nerviosa", "nothing"),
    ],
    # A "no" after a sign is not read as a checklist's answer: it may correct a number, stress the
    # sign, end a sentence in Indian English or confirm a sign asked in the negative.
    'a "no" after a sign is no denial': [
        ("son has swallowed my co-codamol no, about 8 we think", "emergency"),
        ("doctor there is numbness in my private parts no, since yesterday evening. what to do", "emergency"),
        ("¿no puedo orinar? no, nada desde anoche y tengo la barriga hinchada", "emergency"),
        ("can't pee? no, not a drop since last night and my belly is swollen", "emergency"),
        ("lips and tongue swelling no, cant breathe properly", "emergency"),
        ("Bladder control: no. Bowel control: no. since yesterday evening", "emergency"),
        ("Checklist: 1 saddle numbness - no. 2 bladder - cant go, tried for 4 hrs. 3 bowel - ok", "emergency"),
        ("i cant pee no", "emergency"),
        ("se me duerme la entrepierna, no?", "emergency"),
        ("my physio said watch for numbness down below yes, will do", "nothing"),
    ],
    "a negation in another clause than the sign's": [
        ("temp 39.2 and shivery but not what i would call confused at all", "not emergency"),
        ("numb leg but not my groin", "not emergency"),
        ("my foot is numb, not my bum", "not emergency"),
        (
            "I've had a fever of 39 since yesterday, I haven't slept at all with the pain, and now I'm really confused",
            "emergency",
        ),
        ("my groin is not numb", "nothing"),
        ("my groin is not at all numb", "nothing"),
        ("No es que me desmaye ni nada, es puro agotamiento de aguantar el dolor todo el día.", "not emergency"),
        ("me desmayé, no tengo fiebre ni nada, pero el dolor es horrible", "emergency"),
        ("no puedo orinar ni nada, y me duele la espalda desde ayer", "emergency"),
    ],
    "too much of an opioid (NHS: overdose)": [
        (
            "mum's on fentanyl patches, we just found 3 on her instead of 1, shes very drowsy, breathing slow",
            "emergency",
        ),
        ("tiny pupils and so drowsy after my oxycodone", "emergency"),
        ("las pupilas chiquitas y respiro super lento", "emergency"),
        ("tramadol 50 cada 6h, me equivoqué con las cajas y llevo como 12 hoy", "emergency"),
        ("my pupils are tiny on tramadol, is that normal? otherwise fine", "not emergency"),
        ("llevo 12 días con tramadol", "nothing"),
        ("his pupils are like pinpricks and he keeps nodding off mid sentence", "emergency"),
        ("my GP put me on 2 pregabalin at night instead of 1, now i feel drowsy in the mornings, normal?", "nothing"),
        ("noticed tiny pupils since starting oxycodone, and i do slow breathing exercises for the pain", "nothing"),
        ("tomo pregabalina, llevo como 10 pastillas en la caja y no me da la receta", "nothing"),
        ("ate a whole packet of jaffa cakes after my gabapentin, feel sick lol", "nothing"),
        ("amitriptyline counted out. tonights the night i start it, bit nervous", "nothing"),
        ("ate a whole packet of chocolate digestives lol", "nothing"),
        ("had a whole bottle of red wine last night", "nothing"),
        ("me comí una bolsa entera de papas", "nothing"),
        ("overdosed on my nans christmas cake haha", "nothing"),
    ],
    "black poo with feeling faint (NHS: vomiting blood)": [
        ("on naproxen a month, now pooing black tar and nearly fainted getting off the loo", "emergency"),
    ],
    "a past event all sorted": [
        (
            "last year I went to A&E cos I couldnt pee, turned out to be my prostate, all sorted. how long now?",
            "nothing",
        ),
        ("last year I couldnt pee, all sorted, but since this morning I cant pee again", "emergency"),
    ],
    "an anaesthetic wearing off after a spinal, an epidural or a nerve block": [
        ("spinal for my hip op this morning, both legs were numb for 4 hours then back to normal", "nothing"),
        ("nerve block yesterday, leg numb till the evening like they said, all back to normal now", "nothing"),
        (
            "me pusieron la epidural ayer, tuve las piernas dormidas unas horas y luego volvieron a la normalidad",
            "nothing",
        ),
        (
            "had an epidural injection last week, yesterday both legs went numb for 3 hours, back to normal now",
            "emergency",
        ),
        (
            "spinal for my hip op this morning, legs numb for 4 hours then fine, now I can't feel my bum again",
            "emergency",
        ),
        (
            "me hicieron una infiltración la semana pasada, ayer se me durmieron las dos piernas 3 horas y se me pasó",
            "emergency",
        ),
        ("peed myself this morning, back to normal now. can I go to work tomorrow?", "emergency"),
    ],
    "a catheter taken out as planned": [
        ("catheter came out this morning after my op and I've had 3 good wees since", "nothing"),
        ("me quitaron la sonda esta mañana y ya oriné dos veces", "nothing"),
        ("catheter came out this morning and I haven't been able to pee since, bladder bursting", "emergency"),
        ("me quitaron la sonda esta mañana y no puedo orinar desde entonces", "emergency"),
    ],
    "a question for a project, a chest pain explained": [
        ("student nurse doing a presentation on cauda equina, what are the main symptoms?", "nothing"),
        ("hago un trabajo sobre cauda equina para la facultad, qué síntomas tiene?", "nothing"),
        ("my chest pain turned out to be the baby kicking my ribs, all fine", "nothing"),
        ("I think I might have cauda equina, my bum is numb", "emergency"),
    ],
    "sepsis told as breathing like after a race (NHS: sepsis)": [
        ("c-section a week ago, temp 39, shivering and breathing like I've run a marathon", "emergency"),
        ("cesárea hace una semana, 39 de fiebre y respiro como si hubiera corrido un maratón", "emergency"),
        ("ran a marathon on sunday, still breathing hard on the stairs lol", "nothing"),
    ],
    "a child given an adult's medicine by mistake (NHS: poisoning)": [
        ("I gave my 3 yr old my oramorph instead of her calpol", "emergency"),
        ("le di a mi hijo de 4 años mi tramadol en vez de su jarabe", "emergency"),
        ("le di a mi nieto un parche por error", "emergency"),
        ("gave my son his calpol instead of nurofen, is that ok", "nothing"),
        ("le di a mi hijo su paracetamol en vez del ibuprofeno", "nothing"),
    ],
    "a car overturned, a gun and a mind made up, a tearing pain with sweating": [
        ("se me dio la vuelta el coche en la autopista, me duele mucho la espalda", "emergency"),
        ("no puedo más con el dolor, tengo el arma de mi papá en el cajón y ya lo decidí", "emergency"),
        ("can't take any more of this pain, dad's shotgun is in the cabinet and I've made up my mind", "emergency"),
        ("I've decided to sell my dad's old shotgun", "nothing"),
        ("a mi abuelo le dio un dolor como si le rasgaran por dentro y se puso pálido y sudoroso", "emergency"),
    ],
    "a relative's fall told now or told as a story": [
        ("mi abuela se cayó y no puede levantarse", "emergency"),
        ("mi abuelo se cayó en el baño y no lo podemos levantar", "emergency"),
        ("mi tío se cayó del techo y no se mueve", "emergency"),
        ("mi abuela está en el suelo y no se puede levantar", "emergency"),
        ("mi abuelo se cayó el año pasado y se rompió la cadera, ya está bien", "nothing"),
        ("mi vecino se cayó del andamio y está en la UCI, qué miedo", "nothing"),
    ],
    "a wish not to wake up, being sick again and again": [
        ("since the birth I keep thinking it'd be easier if I didn't wake up", "emergency"),
        ("sería más fácil no despertar", "emergency"),
        ("better if I didn't wake up the baby when I get up for the loo", "nothing"),
        ("mejor no despertar al bebé", "nothing"),
        ("started pregabalin and I can't keep anything down for 2 days, back still sore", "urgent"),
        ("me dieron tramadol y no paro de vomitar desde ayer", "urgent"),
        ("I feel sick when I take my tramadol", "nothing"),
    ],
    "heavy bleeding that will not stop (NHS: when to call 999)": [
        ("after the birth I'm bleeding heavily, soaked 3 pads in an hour", "emergency"),
        ("my wound from the back op burst open and it's pouring blood", "emergency"),
        ("sangro mucho después del parto, empapé 3 toallas en una hora", "emergency"),
        ("la herida de la operación empezó a sangrar y no para, ya empapé dos gasas", "emergency"),
        ("me sangra la herida a chorros y tengo la presión baja", "emergency"),
        ("still bleeding a bit 3 weeks after the birth, normal?", "nothing"),
        ("heavy period this month, bleeding through a pad in an hour", "nothing"),
        ("my nose won't stop bleeding", "nothing"),
        ("the bleeding pain won't stop", "nothing"),
        ("had my baby 2 years ago and bled heavily, any tips for the second birth", "nothing"),
        ("tengo la regla y sangro mucho", "nothing"),
        ("el sangrado después del parto ya va disminuyendo, es normal?", "nothing"),
    ],
    "a question whether it goes away, a child's age, a trip": [
        (
            "Injection in my spine Friday. Saturday night numb in the saddle area, Sunday wet the bed. "
            "Is this a side effect that goes away?",
            "emergency",
        ),
        ("numb bum after 3 hours on my bike saddle, goes away when I stand, is that normal?", "nothing"),
        ("my bum goes numb on long rides, will it go away?", "nothing"),
        ("mi hija de 15 meses mordió el blíster de pregabalina, faltan 4 cápsulas", "emergency"),
        ("my 15 month old chewed my pregabalin blister, 4 are missing", "emergency"),
        ("my kids found my old tablets box in the loft, it was empty thank god", "nothing"),
        ("my grandad, 80, tripped over the dog, he's walking ok but says his back hurts a lot now", "urgent"),
        ("tripped over my words at the meeting, back pain is the same", "nothing"),
        ("Headache since the spinal, horrendous when I sit up, goes when I lie flat", "urgent"),
    ],
    "words about not going on, a mind made up, a relative's legs going one after the other": [
        ("dark thoughts about not wanting to be here, no plan", "emergency"),
        ("nobody would miss me", "emergency"),
        ("nobody would miss me at the party anyway lol", "nothing"),
        ("tengo pensamientos de no querer vivir", "emergency"),
        ("ya tengo el cinturón amarrado en la regadera, no le veo sentido", "emergency"),
        ("her left leg is dragging and now the right going the same way since this morning", "emergency"),
        ("both legs ache after standing all day at work, always have this pregnancy", "nothing"),
        ("husband thinks I'm having a heart attack every time I groan getting off the sofa", "nothing"),
        ("me empezó de golpe un dolor de espalda como que me desgarra y me estoy mareando", "emergency"),
        ("si algún día no puedo orinar voy a urgencias, verdad? ahora estoy bien", "nothing"),
    ],
    "new pain later in life and pain not improving, in Spanish": [
        ("mi mamá tiene 71 y le empezó un dolor de espalda hace 2 semanas", "soon"),
        ("la ciática del embarazo no mejora, ya son semanas y semanas", "soon"),
        ("3 meses después de la cesárea la ciática sigue sin cambios", "soon"),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [case for cases in KINDS.values() for case in cases],
    ids=[f"{kind[:30]}-{i}" for kind, cases in KINDS.items() for i in range(len(cases))],
)
def test_each_kind_and_its_look_alikes(text, expected):
    assert_rules_outcome(text, expected)


def test_a_grandmother_who_fell_and_cannot_get_up():
    """A relative's fall is set aside as a story unless its sentence says they cannot get up or
    move now (the serious-injury rule's unless_gives_way_to in content/es/redflags.yaml)."""
    assert_rules_outcome("mi abuela se cayó y no puede levantarse", "emergency")
