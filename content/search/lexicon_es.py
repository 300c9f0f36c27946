"""Spanish words for the question search, accents folded: stop words, everyday words -> the words
the Spanish content uses (matched after stemming), short chat spellings, and Spanish names for
topics still shown in English."""

from __future__ import annotations


def _split(words: str) -> list[str]:
    return words.split()


STOPWORDS = frozenset(
    _split(
        """a al algo alguien algun alguna algunas alguno algunos ante antes asi aun aunque bien buenas
    buenos cada como con contra cual cuales cualquier cuando cuanta cuantas cuanto cuantos de del
    desde donde dos e el ella ellas ellos en entonces entre era eramos eran eres es esa esas ese eso
    esos esta estaba estado estamos estan estar estas este esto estos estoy favor fue fueron gracias
    ha haber habia han has hasta hay he hemos hola la las le les lo los me mi mia mio mis mucha muchas
    mucho muchos muy nada ni no nos nosotros o oiga ok os otra otras otro otros para pero poco por
    porque pregunta pues puede pueden puedo q que quien quiero quisiera saber se sea ser si sido sin
    sobre solo somos son soy su sus tal tambien tan tanto te tener tengo ti tiene tienen toda todas
    todo todos tu tus un una uno unos usted ustedes vale vez y ya yo alguno digame dime ahi aqui
    bueno oye entiendo creo hacer hace sera pa pal enero febrero marzo abril mayo junio julio agosto
    septiembre setiembre octubre noviembre diciembre"""
    )
)

#: Everyday words that are no evidence of a health question by themselves ("qué hora es").
GENERAL = frozenset(
    _split(
        """hora horas minuto minutos tiempo dia dias hoy manana ayer semana semanas mes meses ano anos
        edad vives vive vivo llamas llamo nombre clima"""
    )
)

#: Words too general to name a topic, even when only one topic's names use them.
#: ("operar" alone may be about an operation still to come: it names no topic, "después de la
#: operación" does, through TOPIC_CUES).
GENERIC = (
    "dolor espalda baja parte columna espinal nervio nerviosa raiz raices lumbar pierna cronica resonancia"
    " operacion operar cirugia"
)

#: Everyday words -> words the Spanish content uses.
SYNONYMS: dict[str, str] = {
    "pis": "orina vejiga orinar",
    "pipi": "orina vejiga orinar",
    "mear": "orina vejiga orinar",
    "orinar": "orina vejiga",
    "caca": "intestino evacuar",
    "popo": "intestino evacuar",
    "operacion": "cirugia operacion",
    "operar": "cirugia operacion",
    "operen": "cirugia operacion",
    "opere": "cirugia operacion",
    "operaron": "cirugia operacion",
    "cirugia": "operacion",
    "cirujano": "cirugia especialista",
    "resonancia": "resonancia estudio",
    "rayos": "estudio",
    "radiografia": "estudio",
    "reporte": "informe",
    "reportes": "informe",
    "super": "supermercado",
    "carrito": "carrito supermercado inclinarse",
    "tomografia": "estudio",
    "pastillas": "medicamentos medicinas",
    "pastilla": "medicamentos medicinas",
    "medicina": "medicamentos medicinas",
    "remedio": "medicamentos tratamiento",
    "remedios": "medicamentos tratamiento",
    "calmantes": "medicamentos analgesicos",
    "analgesicos": "medicamentos",
    "ibuprofeno": "antiinflamatorios",
    "naproxeno": "antiinflamatorios",
    "lyrica": "pregabalina",
    "tylenol": "paracetamol acetaminofen",
    "inyecciones": "inyeccion",
    "infiltracion": "inyeccion",
    "infiltraciones": "inyeccion",
    "bloqueo": "inyeccion epidural",
    "epidural": "inyeccion",
    "fisio": "fisioterapia fisioterapeuta",
    "terapia": "fisioterapia",
    "ejercicios": "ejercicio",
    "estiramientos": "ejercicio estire",
    "estirar": "ejercicio estire",
    "gimnasio": "ejercicio actividad",
    "curar": "cura tratamiento",
    "cura": "tratamiento",
    "cure": "cura tratamiento",
    "quita": "mejora",
    "quitar": "mejora",
    "duele": "dolor",
    "duelen": "dolor",
    "dolorido": "dolor",
    "adolorido": "dolor",
    "adormecida": "adormecimiento",
    "adormecido": "adormecimiento",
    "dormida": "adormecimiento",
    "dormido": "adormecimiento",
    "entumecida": "adormecimiento",
    "entumecido": "adormecimiento",
    "entumecimiento": "adormecimiento",
    "calambres": "hormigueo",
    "cosquilleo": "hormigueo",
    "agujas": "hormigueo",
    "hormigas": "hormigueo",
    "quema": "ardiente",
    "ardor": "ardiente",
    "corrientazo": "descarga punzante",
    "corriente": "descarga",
    "toques": "descarga",
    "nalgas": "nalga",
    "pompa": "nalga",
    "pompas": "nalga",
    "trasero": "nalga",
    "culo": "nalga",
    "gluteo": "nalga",
    "pantorrilla": "pantorrilla pierna",
    "chamorro": "pantorrilla",
    "canilla": "espinilla",
    "zafado": "salido",
    "hernia": "hernia disco",
    "herniado": "hernia disco",
    "pinzado": "nervio atrapado",
    "pellizcado": "nervio atrapado",
    "atrapado": "nervio",
    "ciatico": "ciatica",
    "lumbago": "espalda baja",
    "cintura": "espalda baja",
    "caminar": "caminar caminatas",
    "andar": "caminar",
    "camino": "caminar",
    "caminando": "caminar",
    "manejar": "manejar",
    "conducir": "manejar",
    "cargar": "cargar peso",
    "levantar": "cargar peso",
    "trabajar": "trabajo",
    "dormir": "dormir almohada acueste",
    "cama": "descanso acueste",
    "reposo": "descanso",
    "faja": "fajas",
    "quiropractico": "manipulacion",
    "sobador": "masaje manipulacion",
    "sobar": "masaje",
    "doctor": "medico",
    "doctora": "medico",
    "especialista": "especialista",
    "traumatologo": "especialista",
    "neurocirujano": "especialista cirugia",
    "urgencias": "urgencias emergencia",
    "emergencia": "urgencias",
    "grave": "grave",
    "siempre": "permanente",
    "permanente": "siempre",
    "mejorar": "mejora",
    "sanar": "mejora",
    "dura": "semanas",
    "durar": "semanas",
    "estrecho": "estrechamiento",
    "estrechez": "estrechamiento",
    "pegadas": "agrupadas",
    "agrupadas": "pegadas",
    "aterra": "miedo",
    "miedo": "grave",
    # regional and everyday words (Spain, the Río de la Plata, Mexico, the Andes, the Caribbean)
    "pinzamiento": "nervio atrapado",
    "lumbalgia": "espalda baja dolor",
    "rehabilitacion": "fisioterapia ejercicio",
    "rehabilitar": "fisioterapia",
    "kinesiologo": "fisioterapeuta fisioterapia",
    "kinesiologia": "fisioterapia",
    "kine": "fisioterapia",
    "cabecera": "medico",
    "medica": "medico",
    "rm": "resonancia",
    "tac": "estudio",
    "escaner": "estudio",
    "placas": "estudio",
    "coger": "cargar",
    "alzar": "cargar peso",
    "pesado": "peso",
    "agachar": "agacharse",
    "pinchazos": "punzante descarga",
    "pinchazo": "punzante descarga",
    "calambre": "descarga hormigueo",
    "latigazo": "descarga",
    "cojear": "debilidad caminar",
    "cojeo": "debilidad caminar",
    "rengo": "debilidad caminar",
    "flojera": "debilidad",
    "floja": "debilidad",
    "flojo": "debilidad",
    "coxis": "nalga",
    "rabadilla": "nalga",
    "puntillas": "debilidad pie",
    "puntitas": "debilidad pie",
    "talones": "debilidad pie",
    "renguear": "debilidad caminar",
    "rengueo": "debilidad caminar",
    "entrepierna": "genitales",
    "intimas": "genitales",
    "pompis": "nalga",
    "gluteos": "nalga",
    "antiinflamatorio": "antiinflamatorios medicamentos",
    "relajante": "medicamentos",
    "parches": "medicamentos",
    "colchon": "dormir",
    "acostarme": "acueste dormir",
    "acostado": "acueste",
    "tumbado": "acueste",
    "tumbarme": "acueste",
    "sentarme": "sentado",
    "pararme": "parado",
    "incapacidad": "trabajo",
    "chamba": "trabajo",
    "laburo": "trabajo",
    "curro": "trabajo",
    "deporte": "actividad ejercicio",
    "nadar": "actividad ejercicio",
    "correr": "actividad ejercicio",
    "yoga": "ejercicio",
    "pilates": "ejercicio",
    "tos": "toser",
    "estornudo": "estornudar",
    "duerme": "adormecimiento",
    "duermen": "adormecimiento",
    "orilla": "borde",
    "rinones": "espalda baja",
    "rinon": "espalda baja",
    "loro": "osteofitos",
    "cierre": "estrechamiento",
    "cierra": "estrechamiento",
    "cerrado": "estrechamiento estrecho",
    "plomo": "pesadas pesadez",
    "cuadras": "caminar distancia",
    "cuadra": "caminar distancia",
    "ingresado": "hospital",
    "ingresada": "hospital",
    "internado": "hospital",
    "internada": "hospital",
    "hospitalizado": "hospital",
    "internacion": "hospital",
    "engrosadas": "gruesas",
    "engrosados": "gruesos",
    "engrosamiento": "gruesas",
    "captan": "contraste",
    "realce": "contraste",
    "asociaciones": "apoyo",
    "asociacion": "apoyo",
    "fumo": "fumar",
    "cigarro": "fumar",
    "tabaco": "fumar",
    "dudas": "preguntas",
    "duda": "preguntas",
}

#: Short chat spellings fixed before anything else reads the question.
LAY_SPELLINGS = {"k": "que", "q": "que", "xq": "porque", "pq": "porque", "tb": "tambien", "dr": "doctor"}

#: Spanish names of topics that may still be shown in English (until their Spanish text exists).
TOPIC_NAMES = {
    "lumbar-spinal-stenosis": [
        "estenosis",
        "estenosis lumbar",
        "estenosis espinal",
        "estenosis de canal",
        "canal estrecho",
        "canal lumbar estrecho",
        "estrechamiento del canal",
        "claudicacion neurogena",
    ],
    "nerve-root-clumping": [
        "raices agrupadas",
        "raices nerviosas agrupadas",
        "agrupamiento de raices",
        "raices pegadas",
        "raices nerviosas pegadas",
        "raices apelotonadas",
        "bolsa vacia",
        "saco vacio",
        "signo del saco vacio",
        "raices redundantes",
    ],
}

#: Phrases that say which topic a question is about without naming it (pattern on plain words).
TOPIC_CUES = {
    # leaning on a shopping trolley eases it: the everyday picture of stenosis's leg pain
    "lumbar-spinal-stenosis": r"\b(apoy|inclin|recarg)\w* (en|sobre) (el|un) carrito\b"
    r"|\bcarrito (del super\w*|de (la )?compras?)\b",
    # pain that travels down the leg: the everyday picture of sciatica
    "sciatica": r"\b(baja|bajan|corre|corren|se va|se irradia|se extiende|llega)( hasta| por)? (la |mi |el )?"
    r"(pierna|piernas|pantorrilla|pie|muslo|rodilla)\b",
    "spinal-operation-recovery": r"\b(despues de|desde) (la |mi |una |que me hicieron la )?"
    r"(operacion|cirugia|discectomia|microdiscectomia|laminectomia|descompresion)\b"
    r"|\b(me )?operaron\b|\brecien operad|\b(herida|cicatriz|puntos)\b|\bpost ?operatorio\b"
    r"|\brecupera\w* de (la |una |mi |esta )?(operacion|cirugia)\b|\b(el|del) alta\b",
}

#: Other names the exercises go by in fisioterapia and classes (matched like their own names).
EXERCISE_NAMES = {
    "cat-camel": ["gato vaca", "gato camello", "gato y vaca"],
    "knee-to-chest": ["rodillas al pecho", "abrazo de rodillas"],
    "bottom-to-heels": ["postura del nino", "postura del niño"],
    "prone-press-up": ["mckenzie", "cobra", "extension lumbar boca abajo"],
    "bird-dog": ["superman", "perro de caza", "perro pajaro", "cuadrupedia"],
    "pelvic-tilt": ["basculacion pelvica", "retroversion pelvica", "basculacion de pelvis"],
    "knee-rolls": ["limpiaparabrisas", "rotacion de rodillas"],
    "seated-nerve-glide": ["slump", "neurodinamia sentado"],
    "seated-forward-bend": ["flexion sentado", "flexion en silla"],
    # as "walking" names it in English
    "walking": ["caminar", "caminata", "caminatas"],
}
