"""What a typed question asks for, by its wording: the section kind that answers it ("what causes
..." -> causes, "is there a cure" -> treatment), in each language. Patterns read the question's
plain words (lower case, accents folded)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Intents:
    """One language's patterns."""

    #: section kind -> pattern, in order of preference
    kinds: list[tuple[str, re.Pattern[str]]]
    #: asking what something is or will do, whatever else the question names ("what does that mean")
    meaning: re.Pattern[str]
    #: asking how to do an exercise
    asks_exercise: re.Pattern[str]
    #: when the pain changes ("worse when I sit"): a symptom's pattern, even asked with "why"
    pattern: re.Pattern[str]
    #: an operation already had ("my old back operation"): no wish for one
    past: re.Pattern[str] = re.compile(r"(?!)")  # by default none

    def of(self, text: str) -> set[str]:
        """The section kinds ``text`` asks for."""
        text = self.past.sub(" ", text)
        return {kind for kind, rx in self.kinds if rx.search(text)}

    def first(self, found: set[str]) -> str:
        """The most preferred of ``found``."""
        return next(kind for kind, _ in self.kinds if kind in found)


def _compile(pairs: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(rx)) for kind, rx in pairs]


ENGLISH = Intents(
    _compile(
        [
            (
                "summary",
                r"\bwill it (get|be|last|go)\b"
                r"|^(what (actually |exactly |even )?is|whats|what are|what does|what do)\b"
                r"(?! (it|this|that) (cause|make))"
                r"|\bwhat is (that|this|it)\b"
                r"|\bmean(s|ing)?\b|\bdefin|\bexplain|\bdiagnos|\bhow long\b|\bget better on its own\b"
                r"|\bgo away\b|\bby itself\b|\bon its own\b|\bpermanent\b|\bforever\b|\bwill it last\b"
                r"|\bneed an? (mri|scan|xray)\b|\bscared\b|\bsame (thing )?as\b|\bis it serious\b"
                r"|\b(do|could|might) i (still |really |actually )?have\b|\bwhat (could|might|can) (that|this|it) be\b",
            ),
            (
                "symptoms",
                r"\bsymptom|\bsigns? of\b|\bfeel(s)? like\b|\bwhere (would|do|will) i feel|\bwhich (nerve|root)\b"
                r"|\b(what|which) (part|parts|area|areas) of (the|my|your) (leg|legs|foot|feet|body)\b"
                r"|\bpattern\b"
                r"|\b(give|gives|cause|causes|make|makes) (you|your|my)\b"
                r"|\bhow (do|can|would) i (know|tell)\b(?!.{0,25}\b(helping|working)\b)"
                r"|\bhow to tell\b|\bhurts? more when\b|\bwhat(s| is) (normal|not normal)\b"
                r"|\bwhy does it hurt\b|\bdown (to )?my (calf|leg|foot)\b|\bdead leg\b"
                r"|\bnotice\b|\bwhat (will|would|might) i (feel|get)\b|\bnormal to\b"
                r"|\bis (it|that|this) (normal|ok|okay|alright)\b(?! to\b)",
            ),
            (
                "causes",
                r"\bcaus(e|es|ed|ing)\b(?! (you|your|my)\b)|\bwhy (do|does|did|have|has)\b|\breason\b|\blead(s)? to\b"
                r"|\bfrom (back )?(surgery|an? |that|the)|\bhow does an? .* cause\b|\bhow did i (even )?(get|end up)\b"
                r"|\bwhat makes\b|\bwhy do (people|you|i|some)\b|\bwhy (would|should|is|are|am)\b"
                r"|\bhow (do|does|did|would) (you|people|i|someone|anyone) (even )?(get|end up with|develop)\b"
                r"|\bhow (can|does|do) (a|an|the)\b.*\b(pinch|press|squash|trap)"
                r"|\bend(s)? up (making|causing|giving)\b"
                r"|\b(can|could) (a|an|the|that|this|it|something|anything)\b.{0,40}"
                r"\b(pinch|press|squash|trap|compress|irritate|cause|lead to)\b",
            ),
            (
                "treatment",
                r"\btreat|\bcur(e|ed|es|ing)\b|\bhelp(s)?\b|\bworth\b|\bany good\b|\bbest\b|\bwork(s)? for\b"
                r"|\brelie(f|ve)\b|\bwhat can i do\b|\bcope\b|\bmanag(e|ing)\b|\bhow (do|can|should) i sleep\b"
                r"|\bsurgery\b|\bop\b|\boperat(e|ed|es|ing)\b|\bpainkill|\bshould i (stay|stop|use|take|rest)\b"
                r"|\bcan i (use|wear|take)\b"
                r"|\bmeds?\b|\bmedic|\boperation\b|\bgym\b|\bcan i (still )?(work|drive|go|exercise|lift|run|swim)\b"
                r"|\bgood for\b|\bexercis|\binjection|\bbrace\b|\bpain is ok\b|\bwhat (do|should) i do\b"
                r"|\bis (that|this|it) (ok|okay|alright|safe) to\b|\bwhat about\b|\bcan be done\b"
                r"|\bhow (often|far|much|many) (should|can|do|must) i\b|\b(is|its|it is) (helping|working)\b",
            ),
            (
                "urgent",
                r"\bemergency\b|\burgent|\ba ?& ?e\b|\b999\b|\b911\b|\b111\b"
                r"|\bwhen (should|do) i (go|call|get|need|see)\b"
                r"|\bred flag|\bwarning|\bdanger|\bstraight away\b|\bright away\b|\bimmediately\b|\basap\b"
                r"|\bget help\b|\b(ring|call|phone) (the |my )?(ward|hospital|surgeon|team|ambulance|999|111|911)\b"
                r"|\b(watch|look) out for\b|\bkeep an eye (out )?(for|on)\b",
            ),
            ("questions", r"\bask\b|\bquestions? (to|for)\b|\bappointment\b|\bappt\b|\bbring up\b"),
        ]
    ),
    re.compile(
        r"\bmean(s|ing)?\b|\bdefin|\bexplain|\bpermanent\b|\bgo away\b|\bby itself\b"
        r"|\bwill it (get|be|last|go)\b|\bhow long\b(?! (should|can|do|must) i\b)"
        r"|\b(do|could|might) i (still |really |actually )?have\b"
    ),
    re.compile(
        r"\b(exercises?|stretch(es|ing)?|steps|reps|sets|how (do|to|should|can) i (do|start))\b"
        r"|\b(instructions|technique|how many (times|reps|sets)|how far should i (go|bend|lean|let|push))\b"
    ),
    re.compile(r"\b(worse|better|easier|more|less) (when|after|if|with|on|once)\b"),
    re.compile(
        r"\b(my|his|her|old|previous|last|past|earlier|first|second)"
        r" (old |back |spinal |spine |lumbar |previous |last |first )*(op|ops|operations?|surger(y|ies))\b"
    ),
)

#: Going away by itself, or how long it lasts (Spanish).
_ITSELF_ES = (
    r"\b(quit|cur|pas|va|ir|desaparec|mejor)\w* (por si |el |ella )?(sol[oa]s?)\b|\bpara siempre\b|\bpermanente"
    r"|\bcuanto (dura|tarda|tiempo)\b|\bde por vida\b|\bcuant[oa]s (dias|semanas|meses)\b"
)

SPANISH = Intents(
    _compile(
        [
            (
                "summary",
                r"^(que|q|k) (es|son|significa|quiere decir)\b|\bque (es|son) (la|el|una|un|eso|esto)\b"
                r"|\bsignifica|\bquiere decir\b|\bes grave\b|\bes peligros|\bque (puedo )?esperar\b"
                r"|\b(es|son) lo mismo\b|\bdiferencia\b|\bexplica|\bdiagnostic|\bnecesito (una )?resonancia\b"
                r"|\bmiedo\b|\bme asusta\b|\b(dice|dijo|dijeron|diagnosticaron|sale) que tengo\b"
                r"|\bque (puede|podria) ser\b|" + _ITSELF_ES,
            ),
            (
                "symptoms",
                r"\bsintoma|\bsenales de\b|\bse siente\b|\bcomo se siente|\bcomo (se|puedo saber|saber) si\b"
                r"|\bcomo (distingo|distinguir|diferencio|diferenciar)\b"
                r"|\b(me )?(da|dan|causa|provoca) (dolor|hormigueo|adormecimiento)\b|\bque raiz\b|\bque nervio\b"
                r"|\bes normal\b|\bque es (lo )?normal\b|\bbaja (por|hasta) (la|mi)\b"
                r"|\bse me (quita|pasa|calma|alivia) (al|cuando|si)\b|\bse me (duerme|duermen|adormece|entume)"
                r"|\b(siento|noto|tengo) (un |una |como )?(hormigueo|adormecimiento|ardor|calambres?|pinchazos"
                r"|cosquilleo|descargas?|toques|corrientes?|debilidad)\b"
                r"|\b(duele|duelen) [^?]{0,30}\bal (caminar|estar de pie)\b",
            ),
            (
                "causes",
                r"\bpor que\b|\bcausa|\bprovoca|\ba que se debe\b|\bde (donde|que) (viene|sale)\b|\bel origen\b"
                r"|\bmotivo\b|\brazon\b|\bcomo (se )?(produce|forma|llega)\b|\blo que (hace|provoca) que\b"
                r"|\bcomo (un|una|el|la)\b.*\b(aprieta|presiona|pinza|comprime|irrita|afecta)"
                r"|\bpueden? (venir|ser) (de|por)\b|\bpuede (un|una|el|la|eso|esto)\b.{0,40}"
                r"\b(causar|provocar|pinzar|apretar|comprimir|presionar|irritar)\b",
            ),
            (
                "treatment",
                r"\btratamiento|\btratar|\bcurar|\bcura\b|\bayuda|\bsirve|\bfunciona|\bque (puedo|debo) hacer\b"
                r"|\bque hago\b|\baliviar|\balivio|\bcalmar|\bmejorar|\boperar|\boperacion|\bcirugia"
                r"|\bpastilla|\bmedicament|\bmedicina|\binyecc|\binfiltrac|\bejercicio|\bfisio|\bterapia"
                r"|\b(puedo|podre|debo) (volver a |seguir |regresar a |empezar a )?"
                r"(trabajar|manejar|conducir|caminar|hacer|nadar|correr|cargar|levantar|tomar|usar)\b"
                r"|\b(volver|regresar) (a|al) (trabajar|trabajo|manejar|gimnasio|deporte)\b"
                r"|\bcuant[oa]s? (tengo que|debo|puedo|hay que) (caminar|andar|hacer|cargar|levantar|sentarme)\b"
                r"|\bconviene\b|\bmejor (para|cosa)\b|\bfaja|\bmasaje|\breposo\b|\bdescanso\b|\bvivir con\b"
                r"|\bsobrellevar|\bcomo (duermo|dormir)\b|\bque tal\b|\bvale la pena\b|\bse (opera|operan)\b"
                r"|\bcada cuanto\b|\bcuantas veces\b|\besta (ayudando|funcionando|sirviendo)\b",
            ),
            (
                "urgent",
                r"\burgencia|\bemergencia|\b911\b|\b112\b|\b(al|a un) hospital\b|\bambulancia\b|\bsenales de alarma\b"
                r"|\burgente|\bpreocupar(se|me)\b|\bde inmediato\b|\binmediatamente\b|\benseguida\b|\bcuanto antes\b"
                r"|\bcuando (debo|tengo que|hay que) (ir|llamar|buscar|ver|preocupar)|\bpeligro|\balarma\b"
                r"|\b(sale|salio|sali|salga|va) mal\b|\bcomplicacion",
            ),
            ("questions", r"\bpregunt(ar|o|e|arle|ele|as)\b|\bcita\b|\bconsulta\b"),
        ]
    ),
    re.compile(r"\bsignifica|\bquiere decir\b|\bque (puedo |debo |hay que )?esperar\b|" + _ITSELF_ES),
    re.compile(
        r"\b(ejercicios?|estiramientos?|pasos|repeticiones|series|como (se )?(hace|hago|empiezo))\b"
        r"|\b(instrucciones|tecnica|cuantas veces)\b"
    ),
    re.compile(r"\b(peor|mejor|mas|menos) (al|cuando|si|sentad[oa]|parad[oa]|de pie|acostad[oa])\b"),
)

INTENTS = {"en": ENGLISH, "es": SPANISH}
