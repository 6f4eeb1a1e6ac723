"""SHACL validation of a careergraph graph with pySHACL (imported only here)."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from . import rdffiles, vocab

__all__ = ["PRIMARY_HOSTS", "TERTIARY_HOSTS", "TIERS", "non_finite_numbers", "Provenance", "provenance",
           "source_tier", "validate_graph", "ValidationReport", "Violation"]

# where careergraph reads numbers from whatever literal is given (graph.py), besides typed numbers
_NUMBER_PREDICATES = {vocab.MIN_YEARS, vocab.MAX_YEARS, vocab.PRIOR_GME_YEARS, vocab.MIN_VALUE, vocab.MAX_VALUE}

# Who may carry a fact alone: the bodies that set US graduate medical education and certification
# (ACGME, ABMS and its 24 member boards, AOA and its exam board, the LCME, NRMP, ECFMG, FSMB with the USMLE
# programme, AAMC), and the public bodies that publish the codes and wage figures the graph carries
# (BLS, O*NET). A host matches itself and its subdomains.
PRIMARY_HOSTS = frozenset("""
    acgme.org abms.org certificationmatters.org
    abai.org theaba.org abcrs.org abderm.org abem.org theabfm.org abim.org abmgg.org abns.org abnm.org
    abog.org abop.org abos.org aboto.org abohns.org abpath.org abp.org abpmr.org abplasticsurgery.org
    theabpm.org abpn.com abpn.org theabr.org absurgery.org abts.org abu.org
    osteopathic.org lcme.org nbome.org nrmp.org ecfmg.org fsmb.org docinfo.org usmle.org nbme.org aamc.org
    bls.gov onetonline.org onetcodeconnector.org mynextmove.org
""".split())
# Copies, mirrors, aggregators, wikis and blogs: never the body that sets a fact.
TERTIARY_HOSTS = frozenset("""
    wikipedia.org wikimili.com liquisearch.com clinfowiki.org github.com workers.dev weebly.com
    docslib.org vdocuments.mx vdocuments.us vdocuments.net vdocuments.site vdocument.in studylib.net
    slideplayer.com slideshare.net readkong.com docplayer.net scribd.com yumpu.com kipdf.com fdocuments.net
    dokumen.tips docksci.com fliphtml5.com 5y1.org studyres.com docest.com docketalarm.com vlex.com
    national-skills-exchange.com npiprofile.com getdork.com drfind.ai docbios.com usmlemasters.com
    pulmonaryschools.com psychiatryschools.com osteopathyschools.com dermatologyschools.com
    masterspublichealth.com ladiesofvalhalla.com geriatricsauthority.com superbilled.com
    focusedmedicalbilling.com residentswap.org osteo-paths.net labmedicineblog.com poetsandquants.com
    healthcommunities.com urologymatch.com texascareercheck.com healthcare-administration-degree.net
""".split())
# Web archives whose paths hold the archived URL (/web/<timestamp>/<URL>): a copy counts as the page it keeps.
ARCHIVE_HOSTS = frozenset({"web.archive.org", "webarchive.library.unt.edu"})
TIERS = ("primary", "secondary", "tertiary")


def _host_in(host: str, hosts: frozenset) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in hosts for i in range(len(parts)))


def source_tier(url: str | None) -> str:
    """``primary``, ``secondary`` (hospitals, societies, journals, news) or ``tertiary``, by the URL's host.

    A source without a URL (a seed article) is tertiary; an archived copy is judged by the page it archives.
    """
    if not url:
        return "tertiary"
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if host in ARCHIVE_HOSTS and "http" in parts.path:
        return source_tier(re.sub(r"^(https?):/+", r"\1://", parts.path[parts.path.index("http"):]))
    if host.startswith("blog.") or _host_in(host, TERTIARY_HOSTS):
        return "tertiary"
    return "primary" if _host_in(host, PRIMARY_HOSTS) else "secondary"


@dataclass(frozen=True)
class Provenance:
    """How many evidence records (and facts) rest on each source tier, and the facts with no primary source.

    A fact is a node and one property its evidence supports (``None``: the node as a whole); its tier is
    that of its best source.
    """
    evidence: dict[str, int]
    facts: dict[str, int]
    without_primary: list[dict]

    def to_dict(self) -> dict:
        total = sum(self.evidence.values()) or 1
        facts = sum(self.facts.values()) or 1
        return {
            "evidence": {t: {"count": n, "share": round(n / total, 3)} for t, n in self.evidence.items()},
            "facts": {t: {"count": n, "share": round(n / facts, 3)} for t, n in self.facts.items()},
            "facts_without_primary_source": self.without_primary,
        }


def provenance(graph: Graph) -> Provenance:
    """Tier every evidence record by its source and find the facts that no primary source backs."""
    manager = graph.namespace_manager
    evidence = dict.fromkeys(TIERS, 0)
    best: dict[tuple, int] = {}
    # evidence records, and salary and Match figures (which carry their own source and quote)
    records: list[tuple] = [(node, record, list(graph.objects(record, URIRef(vocab.SUPPORTS))) or [None])
               for node, record in graph.subject_objects(URIRef(vocab.EVIDENCE))]
    records += [(node, figure, [URIRef(figures)]) for figures in (vocab.SALARY, vocab.MATCH_FIGURE)
                for node, figure in graph.subject_objects(URIRef(figures))]
    for node, record, supported in records:
        source = graph.value(record, URIRef(vocab.SOURCE))
        url = graph.value(source, URIRef(vocab.URL)) if source is not None else None
        tier = TIERS.index(source_tier(str(url) if url is not None else None))
        evidence[TIERS[tier]] += 1
        for prop in supported:
            key = (node, prop)
            best[key] = min(best.get(key, tier), tier)
    facts = dict.fromkeys(TIERS, 0)
    for tier in best.values():
        facts[TIERS[tier]] += 1
    without = sorted(
        ({"node": node.n3(manager), "property": prop.n3(manager) if prop is not None else None,
          "best_tier": TIERS[tier]} for (node, prop), tier in best.items() if tier > 0),
        key=lambda f: (f["node"], f["property"] or ""))
    return Provenance(evidence, facts, without)


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    provenance: Provenance | None = None

    def to_dict(self) -> dict:
        report = {"conforms": self.conforms, "violations": [v.to_dict() for v in self.violations]}
        if self.provenance is not None:
            report["provenance"] = self.provenance.to_dict()
        return report


def non_finite_numbers(graph: Graph) -> list[tuple]:
    """The triples whose object reads as a number that is not finite: NaN, INF, or beyond the range
    of a double (``1e309``, an integer of 400 digits), which no length or salary can be."""
    found = []
    for triple in graph:
        term = triple[2]
        if not isinstance(term, Literal):
            continue
        typed = isinstance(term.value, (int, float, Decimal)) and not isinstance(term.value, bool)
        if typed or str(triple[1]) in _NUMBER_PREDICATES:
            try:
                number = float(str(term))  # as graph.py reads it
            except ValueError:
                continue
            if not math.isfinite(number):
                found.append(triple)
    return found


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` (data and ontology) against the bundled shapes (or ``shapes``), and check
    that every number is finite (one violation for each that is not)."""
    import pyshacl

    if shapes is None:
        shapes = rdffiles.load_graph([rdffiles.shapes_file()])
    manager = graph.namespace_manager
    violations = []
    non_finite = non_finite_numbers(graph)
    for subject, predicate, term in non_finite:
        text = str(term) if len(str(term)) <= 16 else str(term)[:16] + "\u2026"
        violations.append(Violation(subject.n3(manager), predicate.n3(manager),
                                    f"{predicate.n3(manager)} must be a finite number, not {text}", "Violation"))
    if non_finite:
        # pySHACL cannot compare NaN with a bound; the numbers are reported above
        graph = graph + Graph()
        for triple in non_finite:
            graph.remove(triple)
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                           allow_warnings=True)
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus.n3(manager) if focus is not None else "?",
            path.n3(manager) if path is not None else None,
            str(message) if message is not None else "constraint violated",
            severity.n3(manager).split(":")[-1] if severity is not None else "Violation",
        ))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    # A fact without a primary source is reported, not a non-conformance: secondary sources may
    # support a fact, and the graph is being moved onto primary ones.
    return ValidationReport(bool(conforms) and not non_finite, violations, provenance(graph))
