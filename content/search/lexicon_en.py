"""English words for the question search: stop words, everyday words -> the content's words, and
short lay spellings. Keys and values of the synonyms are matched after stemming."""

from __future__ import annotations


def _split(words: str) -> list[str]:
    return words.split()


STOPWORDS = frozenset(
    _split(
        """a about above after again all am an and any anything are as at be been being but by can could
    did do does doing done for from get gets getting got had has have having he her here him his how
    i if im in into is it its ive just let lets me more most my myself no nor not now of off on once
    only or other our out over own please same she should so some still such than that the their
    them then there these they this those through to too under until up very was we were what whats
    when where which while who why will with would you your yours tell know really actually thing
    things one ones much many also well anyone someone something wondering wonder hi hello thanks
    thank ok okay heck hell bloody flipping honestly basically literally january february march april
    may june july august september october november december"""
    )
)

#: Everyday words that are no evidence of a health question by themselves ("what time is it").
GENERAL = frozenset(
    _split(
        """time times hour hours minute minutes day days today tomorrow yesterday week weeks month months
        year years old age live lives name weather"""
    )
)

#: Words too general to name a topic, even when only one topic's aliases use them.
GENERIC = "pain back lower spine spinal nerve root lumbar leg chronic mri scan report"

#: Everyday words -> words the content uses.
SYNONYMS: dict[str, str] = {
    "wee": "urine bladder pee",
    "pee": "urine bladder",
    "piss": "urine bladder",
    "poo": "bowel",
    "poop": "bowel",
    "op": "surgery operation",
    "operation": "surgery",
    "surgeon": "surgery specialist",
    "walk": "walking",
    "walking": "walk",
    "disk": "disc",
    "herniated": "slipped disc",
    "herniation": "slipped disc",
    "bulging": "bulging disc",
    "prolapsed": "slipped disc",
    "physio": "physiotherapy exercise",
    "physiotherapist": "physiotherapy",
    "meds": "medicines",
    "medication": "medicines",
    "medicine": "medicines",
    "pills": "medicines tablets",
    "tablets": "medicines",
    "drugs": "medicines",
    "painkiller": "pain medicines paracetamol",
    "painkillers": "pain medicines paracetamol",
    "jab": "injection",
    "injections": "injection",
    "epidural": "injection epidural",
    "scan": "mri scan",
    "mri": "scan mri",
    "xray": "scan",
    "hurt": "pain",
    "hurts": "pain",
    "ache": "pain aching",
    "aches": "pain aching",
    "sore": "pain",
    "cure": "treatment cure",
    "fix": "treatment",
    "heal": "better treatment",
    "treat": "treatment",
    "treated": "treatment",
    "help": "helps",
    "stretch": "exercise stretch",
    "stretches": "exercise",
    "exercises": "exercise",
    "workout": "exercise",
    "gp": "doctor",
    "consultant": "specialist",
    "emergency": "now ambulance",
    "ae": "now ambulance",
    "999": "ambulance now",
    "111": "urgent",
    "numb": "numbness",
    "tingly": "tingling",
    "trapped": "nerve root sciatica",
    "pinched": "nerve root sciatica",
    "sciatic": "sciatica",
    "radiculopathy": "sciatica root",
    "clumped": "clumping",
    "clump": "clumping",
    "narrow": "narrowing",
    "narrowed": "narrowing",
    "spurs": "spurs osteophytes",
    "brace": "belts corsets",
    "belt": "belts",
    "chiropractor": "manipulation",
    "chiropractic": "manipulation",
    "massage": "massage manipulation",
    "tens": "electrical",
    "last": "weeks better",
    "recover": "better",
    "recovery": "better",
    "ibuprofen": "anti inflammatory",
    "naproxen": "anti inflammatory",
    "gabapentin": "gabapentin pregabalin",
    "lyrica": "pregabalin",
    "stimulator": "stimulation",
    "leg": "legs",
    "legs": "leg",
    "myelogram": "myelograms dye",
    "bed": "lie rest",
    "sleep": "sleep night lie",
    "hug": "knee chest",
    "progressive": "worse slowly",
    "lead": "cause",
    "leads": "cause",
    "relief": "ease relief",
    "relieve": "ease",
    "cope": "manage living",
    "coping": "manage living",
    "difference": "different differs",
    "differ": "different",
    "diagnose": "diagnosis diagnosed",
    "bum": "buttock",
    "butt": "buttock",
    "bottom": "buttock",
    "cheek": "buttock",
    "arse": "buttock",
    "shooting": "pain leg sciatica",
    "dead": "numbness",
    "heavy": "heaviness legs walking",
    "achy": "aching",
    "trolley": "lean forward walking",
    "bike": "cycling",
    "cycle": "cycling",
    "ride": "cycling",
    "gym": "exercise active",
    "ants": "crawling burning",
    "crawling": "burning",
    "pins": "tingling",
    "needles": "tingling",
    "tiptoes": "calf root",
    "permanent": "long term better",
    "forever": "long term better",
    "away": "better weeks",
    "itself": "better weeks",
    "dodgy": "pain",
    "slipped": "slipped disc",
    "bulge": "bulging disc",
    "sez": "says",
    "wot": "what",
    "wat": "what",
    "lift": "lifting",
    "work": "work job",
    "job": "work",
    "drive": "driving",
    "sex": "sex",
    "came": "comes",
    "appt": "appointment",
    "appts": "appointment",
    "culprit": "cause",
    "culprits": "cause",
    "edge": "side",
    "outside": "outer side",
    "instructions": "exercise steps",
    "technique": "exercise steps",
    "supermarket": "shopping lean forward walking",
    "tesco": "shopping lean forward walking",
    "asda": "shopping lean forward walking",
    "sainsburys": "shopping lean forward walking",
    "hugging": "knee chest",
    "cow": "cat camel",
    "floss": "nerve slider glide",
    "flossing": "nerve slider glide",
    "superman": "bird dog",
    "mckenzie": "press up extension",
    "cobra": "press up extension",
}

#: Short lay spellings fixed before anything else reads the question ("wat do i do").
LAY_SPELLINGS = {
    "wat": "what",
    "wot": "what",
    "wen": "when",
    "u": "you",
    "ur": "your",
    "n": "and",
    "2": "to",
    "pls": "please",
    "plz": "please",
    "cos": "because",
    "coz": "because",
    "bc": "because",
    "dr": "doctor",
    "gp": "gp",
    "slipt": "slipped",
    "sciatic": "sciatica",
    "ive": "i have",
}

#: Phrases that say which topic a question is about without naming it (pattern on plain words).
TOPIC_CUES = {
    "spinal-operation-recovery": r"\b(after|since) (my |the |a |his |her |back |spinal |spine |lumbar )*"
    r"(op|operation|surgery|discectomy|microdiscectomy|laminectomy|decompression)\b|\b(scar|wound|stitches)\b"
    r"|\brecover(y|ing)? from (the |my |a |an |this )?(op|operation|surgery)\b|\bpost ?op\b|\bdischarged?\b",
    # pain that travels down the leg: the everyday picture of sciatica
    "sciatica": r"\b(goes|going|go|shoots|shooting|runs|running|radiates|radiating|travels|travelling|spreads)"
    r"( right| all the way| straight)? down (to |into |through )?(the back of )?(my |the |your )?"
    r"(leg|legs|calf|foot|thigh|knee)\b",
    # the radiologist's name for roots clumped to the wall of the sac
    "nerve-root-clumping": r"\bempty (thecal )?sac\b|\bredundant (nerve )?roots\b",
}

#: Other names the exercises go by in physiotherapy and classes (matched like their own names).
EXERCISE_NAMES = {
    "cat-camel": ["cat cow", "cat stretch"],
    "knee-to-chest": ["knee hug", "knees to chest", "knees to your chest"],
    "bottom-to-heels": ["childs pose", "child pose", "prayer stretch"],
    "prone-press-up": ["mckenzie", "cobra", "prone extension"],
    "bird-dog": ["superman", "four point kneeling"],
    "pelvic-tilt": ["pelvic rock", "pelvic tilts"],
    "knee-rolls": ["windscreen wiper", "windshield wiper", "knee drops"],
    "seated-nerve-glide": ["slump glide", "slump stretch", "seated nerve floss", "sitting nerve floss"],
    "lying-nerve-slider": ["lying nerve floss", "nerve floss lying", "supine nerve glide"],
    "seated-forward-bend": ["seated flexion", "sitting flexion"],
}
