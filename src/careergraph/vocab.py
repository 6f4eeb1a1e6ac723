"""Vocabulary IRIs as plain strings, for the code that works without rdflib (the compiled facts)."""

__all__ = ["ALT_LABEL", "BROADER", "CG", "CURRENCY", "DATE", "DCTERMS", "DEFINITION", "IDENTIFIER",
           "MAX_VALUE", "MIN_VALUE", "NO_BOARD_CERTIFICATE", "PRACTICE_PATHWAY_UNTIL", "PREF_LABEL",
           "PREFIXES", "RDF_TYPE", "RDFS_LABEL", "RDFS_SUBCLASS", "SCHEMA", "SKOS", "SOURCE", "TITLE",
           "TRAINING_CLASS", "URL", "cg"]

CG = "https://w3id.org/careergraph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
DEFINITION = SKOS + "definition"
BROADER = SKOS + "broader"
RELATED = SKOS + "related"
TITLE = DCTERMS + "title"
SOURCE = DCTERMS + "source"
IDENTIFIER = DCTERMS + "identifier"
DATE = DCTERMS + "date"
URL = SCHEMA + "url"
MIN_VALUE = SCHEMA + "minValue"
MAX_VALUE = SCHEMA + "maxValue"
CURRENCY = SCHEMA + "currency"


def cg(name: str) -> str:
    """The IRI of a term in the project namespace."""
    return CG + name


LEADS_TO, REQUIRES, REQUIRES_ONE_OF, OPTION = cg("leadsTo"), cg("requires"), cg("requiresOneOf"), cg("option")
AWARDS, HOLDS, CERTIFIED_BY, SUBSPECIALTY_OF = cg("awards"), cg("holds"), cg("certifiedBy"), cg("subspecialtyOf")
NO_BOARD_CERTIFICATE = cg("noBoardCertificate")
TIMING, RELATIVE_TO, FROM_YEAR, TO_YEAR, TIMING_LABEL = (cg("timing"), cg("relativeTo"), cg("fromYear"),
                                                         cg("toYear"), cg("timingLabel"))
TRAINING_CLASS = cg("Training")
MIN_YEARS, MAX_YEARS, PRIOR_GME_YEARS = cg("minYears"), cg("maxYears"), cg("priorGmeYears")
LENGTH_BY_ENTRY, ENTRY = cg("lengthByEntry"), cg("entry")
EVIDENCE, QUOTE, SUPPORTS = cg("evidence"), cg("quote"), cg("supports")
TYPICAL_CREDENTIAL, CAREER_CATEGORY, CARE_TYPE = cg("typicalCredential"), cg("careerCategory"), cg("careType")
SALARY, NUCC_CODE, ONET_CODE = cg("salary"), cg("nuccCode"), cg("onetCode")
MEASURE, DATE_CHECKED = cg("measure"), cg("dateChecked")
MATCH_FIGURE = cg("matchFigure")
# the numbers a Match figure may hold, by the key ``show`` and ``compare`` give them
MATCH_NUMBERS = {"positions_offered": cg("positionsOffered"), "positions_filled": cg("positionsFilled"),
                 "applicants": cg("applicants"), "applicants_matched": cg("applicantsMatched"),
                 "fill_rate": cg("fillRate"), "match_rate": cg("matchRate"),
                 "share_us_md": cg("shareUsMd"), "share_us_do": cg("shareUsDo"), "share_img": cg("shareImg")}
PRACTICE_PATHWAY_UNTIL = cg("practicePathwayUntil")

# Prefixes for CURIEs and SPARQL (namespaces.py makes rdflib namespaces of them).
PREFIXES = {
    "cg": CG,
    "dcterms": DCTERMS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": SCHEMA,
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": SKOS,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The annual cycle (graph/data/calendar.ttl)
CALENDAR, EVENT_LABEL, MONTH, DAY = cg("calendar"), cg("eventLabel"), cg("month"), cg("day")
END_MONTH, END_DAY, YEAR_OFFSET, END_YEAR_OFFSET = (cg("endMonth"), cg("endDay"), cg("yearOffset"),
                                                    cg("endYearOffset"))
ANCHOR, MARKS_START = cg("anchor"), cg("marksStart")
TRAINING_END = cg("TrainingEnd")
