"""What a red-flag check found and what to say: signs, their levels, the reply's words.

Shared by the detector (safety/redflags.py), the triage handler and /urgent; the words are marked
with ``N_`` for the gettext catalogs and translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from safety.schema import Level


def N_(message: str) -> str:
    """Marks a string for the gettext catalogs (pybabel extract -k N_); translated where shown."""
    return message


#: The three levels, one vocabulary for the detector, /urgent and every topic's urgent section.
#: Emergency numbers: 999 (UK), 112 (every EU country: europa.eu, "Need help? Dial 112", 2009),
#: 911 (US, Canada, Mexico since 2017, Argentina, Colombia, Ecuador, Costa Rica: Prensa Latina,
#: 3 Oct 2016). The Spanish reply names 911 first (Mexico, the US, much of Latin America), then 112.
ACTIONS: dict[str, str] = {
    "emergency": N_(
        "Emergency now: call your local emergency number (999 in the UK, 112 in most of Europe, "
        "911 in the US) or go to A&E / the emergency department now. Don't drive yourself."
    ),
    "urgent": N_("Urgent today: contact a doctor today (in the UK: call 111 or ask for an urgent GP appointment)."),
    "soon": N_("See a doctor soon: book a GP appointment in the next few days. This is not an emergency."),
}
ICONS = {"emergency": "🚨", "urgent": "🚨", "soon": "⚠️"}
RANK = {"soon": 1, "urgent": 2, "emergency": 3}
NOT_A_DIAGNOSIS = N_(
    "This is not a diagnosis: I can only go by the words you used, and these signs need "
    "a professional to check them quickly."
)
NOT_URGENT = N_("This is not a diagnosis. If anything gets worse, or new signs come (see /urgent), get help sooner.")


@dataclass(frozen=True)
class Sign:
    """A recognised red flag."""

    id: str
    label: str
    level: Level


def top_level(signs) -> Level | None:
    """The most serious level among ``signs`` (None for none)."""
    return max((s.level for s in signs), key=RANK.__getitem__, default=None)


@dataclass(frozen=True)
class Assessment:
    """What a message showed: the signs found, most serious first."""

    signs: list[Sign] = field(default_factory=list)

    @property
    def level(self) -> Level | None:
        """The most serious level of the signs found, or None."""
        return top_level(self.signs)

    def __bool__(self) -> bool:
        return bool(self.signs)


@dataclass(frozen=True)
class Triage:
    """What to do with a message.

    ``alert``: signs to answer at once with their level's reply. ``unclear``: signs that may be
    long-standing and the message did not say new or worse: they get the follow-up question
    ("Is this new, or worse than usual?"). ``action`` is "alert" when an alert sign is at least as
    serious as every unclear one, "ask" when an unclear sign is more serious, None for nothing.
    """

    alert: tuple[Sign, ...] = ()
    unclear: tuple[Sign, ...] = ()
    #: The language to answer in when it can be told: the message's own (function words), else
    #: the one language whose rules found the signs; None when neither says.
    language: str | None = None

    @property
    def action(self) -> str | None:
        if not self.alert and not self.unclear:
            return None
        if self.unclear and RANK[top_level(self.unclear) or ""] > RANK.get(top_level(self.alert) or "", 0):
            return "ask"
        return "alert"

    @property
    def level(self) -> Level | None:
        """The level of the reply at once (for "ask": the level a "yes, new" answer gets)."""
        return top_level(self.unclear if self.action == "ask" else self.alert)

    @property
    def stops(self) -> bool:
        """Whether nothing else may answer the message: an emergency or urgent reply, or the question."""
        return self.action == "ask" or self.level in ("emergency", "urgent")

    def __bool__(self) -> bool:
        return self.action is not None


def render_alert(
    assessment: Assessment,
    max_signs: int = 4,
    *,
    gettext: Callable[[str], str] | None = None,
    ngettext: Callable[[str, str, int], str] | None = None,
    label: Callable[[Sign], str] | None = None,
    advice: Callable[[Sign], str | None] | None = None,
    closing: bool = True,
) -> str:
    """Plain text (not HTML) for a red flag: the action first, then each sign's own advice (a
    sign's ``advice:`` line, "take the packets with you"), then what was recognised.

    ``gettext`` / ``ngettext`` translate (English without them); ``label`` gives a sign's label
    in that language (its rules' own label without it); ``advice`` a sign's advice line in that
    language, if it has one. ``closing``: end with "This is not a diagnosis..." (words about
    symptoms, left out where what was recognised is not a symptom, such as thoughts of suicide).

    Raises:
        ValueError: if the assessment found nothing.
    """
    if not assessment:
        raise ValueError("render_alert needs an assessment with at least one sign")
    _ = gettext or (lambda m: m)
    plural = ngettext or (lambda one, many, n: one if n == 1 else many)
    labels = [label(s) if label else s.label for s in assessment.signs[:max_signs]]
    more = len(assessment.signs) - max_signs
    if more > 0:
        labels.append(plural("and {n} more", "and {n} more", more).format(n=more))
    level = assessment.level or "emergency"  # never None here: the assessment found a sign
    last = NOT_A_DIAGNOSIS if level != "soon" else NOT_URGENT
    told = _("What you told me: {signs}.").format(signs="; ".join(labels))
    lines: list[str] = []
    for sign in assessment.signs[:max_signs]:
        line = advice(sign) if advice else None
        if line and line not in lines:
            lines.append(line)
    return "\n\n".join([f"{ICONS[level]} {_(ACTIONS[level])}", *lines, told, *([_(last)] if closing else [])])
