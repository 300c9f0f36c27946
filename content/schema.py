"""The content schema: every YAML file in ``content/`` is validated against these models.

Content strings are plain text. They are HTML-escaped when rendered, so they never carry markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

SectionKind = Literal["summary", "symptoms", "causes", "treatment", "urgent", "questions"]
#: Sections every topic must have, in the order the bot offers them.
REQUIRED_SECTIONS: tuple[SectionKind, ...] = ("summary", "symptoms", "causes", "treatment", "urgent")
#: Every section kind in display order.
SECTION_ORDER: tuple[SectionKind, ...] = (*REQUIRED_SECTIONS, "questions")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bullets(_Model):
    """A bulleted list."""

    bullets: list[Text] = Field(min_length=1)


class Steps(_Model):
    """A numbered list."""

    steps: list[Text] = Field(min_length=1)


class Heading(_Model):
    """A bold line that starts a part of a section."""

    heading: Text


class Signs(_Model):
    """Red-flag signs named by their id in content/redflags.yaml, shown as bullets in the rules'
    own words: one vocabulary for the detector, /urgent and every topic's urgent section. All the
    signs of one block share a level, and the heading above the block names it."""

    signs: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]] = Field(min_length=1)


Block = Text | Bullets | Steps | Heading | Signs


class Source(_Model):
    """A publication the content is written from (see content-facts.md for the grades)."""

    id: Id
    title: Text
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    grade: Literal["A", "B", "C", "D"]
    #: A paper's DOI (``10.xxxx/...``) and PubMed id, where it has them.
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[int, Field(gt=0)] | None = None


class Section(_Model):
    """One part of a topic, such as its symptoms."""

    kind: SectionKind
    title: Text
    body: list[Block] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)
    reviewed: dt.date


class Topic(_Model):
    """A condition the bot explains."""

    id: Id
    title: Text
    short_title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    aliases: list[Text] = []
    sections: list[Section] = Field(min_length=1)
    exercises: list[Id] = []

    @field_validator("aliases")
    @classmethod
    def _lower_aliases(cls, value: list[str]) -> list[str]:
        return [alias.lower() for alias in value]

    def section(self, kind: str) -> Section | None:
        """Return the section of this kind, if the topic has one."""
        return next((s for s in self.sections if s.kind == kind), None)


class Exercise(_Model):
    """A home exercise with its dose and cautions."""

    id: Id
    name: Text
    summary: Text
    steps: list[Text] = Field(min_length=2)
    dose: Text
    cautions: list[Text] = Field(min_length=1)
    avoid_if: list[Text] = Field(min_length=1)
    suits: list[Id] = []
    not_suited: list[Id] = []
    picture: str | None = None
    sources: list[Id] = Field(min_length=1)
    reviewed: dt.date


class ProgrammeDay(_Model):
    """One day of a programme: the exercises for that day, or a rest day."""

    exercises: list[Id] = []
    note: Text | None = None
    rest: bool = False


class Programme(_Model):
    """A day-by-day exercise plan for one kind of problem."""

    id: Id
    title: Text
    topic: Id
    description: Text
    caution: Text | None = None
    days: list[ProgrammeDay] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)
    reviewed: dt.date


class Page(_Model):
    """Fixed text: the welcome, the disclaimer, help, the urgent-care guidance."""

    id: Id
    title: Text
    body: list[Block] = Field(min_length=1)
    sources: list[Id] = []
    reviewed: dt.date


# The shapes of the YAML files themselves.
class SourcesFile(_Model):
    sources: list[Source] = Field(min_length=1)


class PagesFile(_Model):
    pages: list[Page] = Field(min_length=1)


class Questionnaire(_Model):
    """A published questionnaire of yes/no sentences, kept word for word (the RMDQ)."""

    title: Text
    intro: Text
    items: list[Text] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)


class ChangeRule(_Model):
    """The minimal important change of one measure (lower scores are better): a change matters when
    it reaches ``points``, or ``percent`` of the first score."""

    name: Text
    scale: Annotated[int, Field(gt=0)]
    points: Annotated[int, Field(gt=0)]
    percent: Annotated[int, Field(gt=0, le=100)]
    sources: list[Id] = Field(min_length=1)


class ChangeMessages(_Model):
    """What a check-in says about each measure's change since the first one."""

    first: Text
    better: Text
    better_small: Text
    same: Text
    worse_small: Text
    worse: Text
    disclaimer: Text
    sources: list[Id] = Field(min_length=1)


class OutcomesFile(_Model):
    """content/outcomes.yaml: the function check-in."""

    reviewed: dt.date
    rmdq: Questionnaire
    change: dict[Literal["rmdq", "pain"], ChangeRule]
    messages: ChangeMessages

    @field_validator("rmdq")
    @classmethod
    def _published_length(cls, value: Questionnaire) -> Questionnaire:
        if len(value.items) != 24:
            raise ValueError(f"the RMDQ has 24 sentences in its published form, not {len(value.items)}")
        return value

    @field_validator("change")
    @classmethod
    def _both_measures(cls, value: dict) -> dict:
        if set(value) != {"rmdq", "pain"}:
            raise ValueError("change needs a rule for rmdq and for pain")
        return value
