"""Evidence lints, run by load_content (and so by ``check-content`` and at start-up): every source
is cited at its canonical address, and every clinical statement rests on grade A or B sources."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlparse

from content.schema import Source
from content.yamldoc import Loc, YamlDoc

#: Sites that publish their own material, so that a source there is at its canonical address
#: (a source elsewhere needs a DOI or a PubMed id). Mirrors, aggregators and copies of someone
#: else's text are never listed. A domain matches itself and its subdomains.
CANONICAL_PUBLISHER_DOMAINS = (
    "doi.org",  # journal articles by DOI
    "ncbi.nlm.nih.gov",  # PubMed, PMC, NCBI Bookshelf
    "nice.org.uk",  # NICE guidance and CKS
    "nhs.uk",  # nhs.uk, NHS 111 Wales, NHS trusts, Right Decisions, ICBs
    "nhsinform.scot",
    "nhsggc.scot",  # NHS Greater Glasgow and Clyde
    "gov.scot",  # the Scottish Government, its own guidance (Scottish referral guidelines for suspected cancer)
    "ninds.nih.gov",  # US National Institute of Neurological Disorders and Stroke
    "medlineplus.gov",  # MedlinePlus (and MedlinePlus en español), US National Library of Medicine
    "gettingitrightfirsttime.co.uk",  # GIRFT, NHS England
    "kngf.nl",  # Royal Dutch Society for Physical Therapy, its own guideline
    "mhmedical.com",  # McGraw Hill AccessMedicine, publisher of Harrison's
    "msdmanuals.com",  # MSD Manuals, its own professional reference
    "clevelandclinic.org",
    "brainandspine.org.uk",  # The Brain and Spine Foundation
    "rarediseases.org",  # NORD, the National Organization for Rare Disorders (US)
    "hcahealthcare.co.uk",
    "radsource.us",
    "sheffieldachesandpains.com",  # NHS Sheffield MSK service
    "ahpsuffolk.co.uk",
    "purephysiotherapy.co.uk",
)


def _on_domain(url: str, domains: Iterable[str]) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def source_problem(source: Source) -> str | None:
    """Why a source cannot be cited, if it cannot: it needs a DOI, a PubMed id or a canonical
    publisher address, and a DOI or PubMed id must be the address it is cited at. Grade D
    sources are exempt here (they are not canonical by definition); :func:`citation_problem`
    keeps them out of clinical content."""
    if source.doi and source.url.lower() != f"https://doi.org/{source.doi}".lower():
        return f"source {source.id!r} has DOI {source.doi} but is cited at {source.url}"
    if "doi.org/" in source.url and not source.doi:
        return f"source {source.id!r} is cited by DOI but has no doi field"
    if (
        source.grade == "B"
        and not (source.doi or source.pmid)
        and "doi.org" not in source.url
        and not _on_domain(source.url, CANONICAL_PUBLISHER_DOMAINS)
    ):
        return f"grade B source {source.id!r} has no DOI or PubMed id"
    if source.grade == "D" or source.doi or source.pmid:
        return None
    if not _on_domain(source.url, CANONICAL_PUBLISHER_DOMAINS):
        return (
            f"source {source.id!r} has no DOI, PubMed id or canonical publisher address "
            f"({source.url}); cite the publisher's own page"
        )
    return None


def citation_problem(cited: list[Source]) -> str | None:
    """Why a clinical section, exercise or programme cannot rest on these sources, if it
    cannot: it needs at least one grade A or B source and may not cite a grade D one."""
    weak = [s.id for s in cited if s.grade == "D"]
    if weak:
        return f"cites grade D source(s) {', '.join(weak)}; replace them with grade A or B sources"
    if not any(s.grade in ("A", "B") for s in cited):
        return "cites only grade C/D sources; a clinical statement needs a grade A or B source"
    return None


def check_sources(src_doc: YamlDoc, sources: dict[str, Source]) -> None:
    """Each source is well formed: at its canonical address, by DOI or by PubMed id."""
    for i, source in enumerate(sources.values()):
        if problem := source_problem(source):
            raise src_doc.error(("sources", i, "url"), problem)


def check_citations(sources: dict[str, Source], topic_docs: list, exercise_docs: list, programme_docs: list) -> None:
    """Each clinical statement cites sources good enough for it."""
    for doc, loc, ids in _clinical_citations(topic_docs, exercise_docs, programme_docs):
        if problem := citation_problem([sources[i] for i in ids]):
            raise doc.error(loc, problem)


def _clinical_citations(
    topic_docs: list[tuple[YamlDoc, Loc, Any]], exercise_docs: list, programme_docs: list
) -> Iterator[tuple[YamlDoc, Loc, list[str]]]:
    """(document, location of the sources list, source ids) for every clinical item: each
    topic section, exercise and programme."""
    for doc, _, topic in topic_docs:
        for i, section in enumerate(topic.sections):
            yield doc, ("sections", i, "sources"), section.sources
    for doc, _, exercise in exercise_docs:
        yield doc, ("sources",), exercise.sources
    for doc, _, programme in programme_docs:
        yield doc, ("sources",), programme.sources
