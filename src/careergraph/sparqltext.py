"""Rewriting SPARQL text: what a store that cannot bind parameters by itself needs.

rdflib binds a query's parameters through ``initBindings``; Oxigraph takes SEP-0007 substitutions,
which need the parameters projected; a remote SPARQL server takes only text, so the parameters are
substituted in the text and the project's prefixes declared there.
"""

from __future__ import annotations

import re

from . import vocab
from .errors import QueryError

__all__ = ["FORMS", "neighbourhood_query", "project", "projected", "query_form", "substitute",
           "with_prefixes"]

# SPARQL tokens, enough to find the projection: comments, strings and IRIs are skipped whole.
_TOKENS = re.compile(
    r"#[^\n]*"                       # comment
    r"|'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\""  # long strings
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""  # strings
    r"|<[^<>\"{}|^`\\\s]*>"          # IRI
    r"|[?$]\w+|\w+|[{}()*]|\S"
)


def projected(text: str) -> set[str]:
    """The variables a SELECT query projects by name (empty for ``SELECT *`` and other forms)."""
    names, inside = set(), False
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token.upper() == "SELECT":
            inside = True
        elif inside and (token.upper() == "WHERE" or token == "{"):
            break
        elif inside and token[0] in "?$":
            names.add(token[1:])
    return names


def project(text: str, bindings: dict) -> str:
    """``text`` with the parameters added to its SELECT projection (and GROUP BY), as Oxigraph's
    substitution (SPARQL SEP-0007) requires. A parameter is constant, so neither the rows nor the
    groups change; the extra columns are dropped from the result."""
    tokens = list(_TOKENS.finditer(text))
    kinds = [t.group().upper() for t in tokens]
    if "SELECT" not in kinds:
        return text
    start = kinds.index("SELECT")
    end = next((i for i in range(start, len(kinds)) if kinds[i] in ("WHERE", "{")), None)
    missing = [name for name in bindings if name not in projected(text)]
    if end is None or "*" in kinds[start:end] or not missing:
        return text
    extra = " " + " ".join(f"?{name}" for name in missing) + " "
    insert_at = {tokens[end].start(): extra}
    depth = 0
    for i, token in enumerate(kinds):
        depth += token == "{"
        depth -= token == "}"
        if i > end and depth == 0 and token == "GROUP" and i + 1 < len(kinds) and kinds[i + 1] == "BY":
            insert_at[tokens[i + 1].end()] = extra
            break
    for position in sorted(insert_at, reverse=True):
        text = text[:position] + insert_at[position] + text[position:]
    return text


FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the form of the query ``text``.

    >>> query_form("PREFIX s: <http://e/select#> # SELECT\\nASK { ?s ?p ?o }")
    'ASK'
    """
    form = next((t.group().upper() for t in _TOKENS.finditer(text) if t.group().upper() in FORMS), None)
    if form is None:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")
    return form


def substitute(text: str, bindings: dict) -> str:
    """``text`` with each parameter variable replaced by its value (variable name -> rdflib term),
    as SEP-0007 substitution does: in the projection it becomes ``(value AS ?name)``, in GROUP BY and
    ORDER BY ``(value)``, elsewhere the value itself. A server then sees constants, which it
    evaluates at least as well as variables bound from outside.

    >>> from rdflib import URIRef
    >>> substitute("SELECT ?x ?y WHERE { ?x ?p ?y } ORDER BY ?y", {"y": URIRef("http://e/a")})
    'SELECT ?x (<http://e/a> AS ?y) WHERE { ?x ?p <http://e/a> } ORDER BY (<http://e/a>)'
    """
    if not bindings:
        return text
    out, last, clause, depth = [], 0, "pattern", 0
    previous = ""
    for match in _TOKENS.finditer(text):
        token = match.group()
        upper = token.upper()
        if upper == "SELECT":
            clause, depth = "projection", 0
        elif upper in ("WHERE", "{", "}", "LIMIT", "OFFSET", "VALUES"):
            clause = "pattern"
        elif upper == "HAVING" or (upper == "BY" and previous in ("GROUP", "ORDER")):
            clause, depth = "modifier", 0
        elif token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token[0] in "?$" and token[1:] in bindings:
            value = bindings[token[1:]].n3()
            if clause == "projection" and depth == 0:
                value = f"({value} AS ?{token[1:]})"
            elif clause == "modifier" and depth == 0:
                value = f"({value})"
            out.append(text[last:match.start()] + value)
            last = match.end()
        previous = upper
    return "".join(out) + text[last:]


def with_prefixes(text: str, prefixes: dict) -> str:
    """``text`` with a PREFIX declaration for each of ``prefixes`` it uses but does not declare."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
    used = {m.group(1) for m in re.finditer(r"(?<![\w<\"'])([A-Za-z][\w.-]*):", text)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name in used - declared]
    return "\n".join(lines + [text])


def neighbourhood_query(iris) -> str:
    """A SELECT of the triples a record of each of ``iris`` needs: the node's own, those pointing at
    it, and those of its evidence, sources, salary and Match figures and "one of" groups (as ?s ?p ?o)."""
    nodes = " ".join(f"<{iri}>" for iri in iris)
    evidence, salary, source = f"<{vocab.EVIDENCE}>", f"<{vocab.SALARY}>", f"<{vocab.SOURCE}>"
    match = f"<{vocab.MATCH_FIGURE}>"
    one_of, option = f"<{vocab.REQUIRES_ONE_OF}>", f"<{vocab.OPTION}>"
    # each branch binds its own VALUES: Virtuoso loses a BIND inside a UNION branch
    return f"""SELECT DISTINCT ?s ?p ?o WHERE {{
        {{ VALUES ?s {{ {nodes} }} ?s ?p ?o }}
        UNION {{ VALUES ?o {{ {nodes} }} ?s ?p ?o }}
        UNION {{ VALUES ?node {{ {nodes} }} ?node ?link ?s . ?s ?p ?o FILTER(?link IN ({evidence}, {salary}, {match}, {one_of})) }}
        UNION {{ VALUES ?node {{ {nodes} }} ?node ?link ?x . ?x {source} ?s . ?s ?p ?o FILTER(?link IN ({evidence}, {salary}, {match})) }}
        UNION {{ VALUES ?node {{ {nodes} }} ?o {option} ?node . ?s ?p ?o FILTER(?p = {one_of}) }}
    }}"""


def count_query(predicate: str | None = None) -> str:
    """A SELECT of the number (as ?n) of triples with ``predicate`` (of all triples, if None)."""
    p = f"<{predicate}>" if predicate else "?p"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {p} ?o }}"


def containing_query(predicate: str, word: str) -> str:
    """A SELECT of the (?s, ?o) pairs of ``predicate`` whose text contains ``word``, ignoring case."""
    escaped = word.lower().replace("\\", "\\\\").replace('"', '\\"')
    return f'SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(CONTAINS(LCASE(STR(?o)), "{escaped}")) }}'


def value_range_query(predicate: str, value_predicate: str) -> str:
    """A SELECT of the least and greatest text (?oldest, ?newest) of the ``value_predicate`` of the
    objects of ``predicate``."""
    return (f"SELECT (MIN(STR(?day)) AS ?oldest) (MAX(STR(?day)) AS ?newest) "
            f"WHERE {{ ?node <{predicate}> ?figure . ?figure <{value_predicate}> ?day }}")
