"""SPARQL results in the W3C formats (JSON, XML, CSV, TSV) or a table, graphs in RDF syntaxes, and
the list of bundled queries."""

from __future__ import annotations

import re
from typing import cast

from . import csv_lines, rows, spreadsheet_safe, table_text, unicode_safe
from ..errors import OutputError

__all__ = ["QUERY_FORMATS", "query_list", "query_result", "sparql_csv_text", "tsv_text", "xml_safe"]

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def query_list(data: list[dict], fmt: str) -> str:
    """The bundled queries: name, title and parameters (``name=default`` where one has a default)."""
    listed = [{**q, "params": ", ".join(f"{p['name']}={p['default']}" if p["default"] else p["name"]
                                        for p in q["parameters"])} for q in data]
    return rows(listed, ["name", "title", "params"], fmt)


QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "nt", "jsonld")
_RESULT_FORMATS = {"json": "json", "xml": "xml"}
_GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}


def query_result(result, fmt: str) -> str:
    """A SPARQL result: W3C result formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE.

    Terms are made :func:`unicode_safe` in every format (:func:`xml_safe` in XML); CSV cells are
    :func:`spreadsheet_safe`. TSV and JSON keep every other value exactly.
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in _GRAPH_FORMATS:
            raise OutputError(f"a {result.type} result is a graph: use --format turtle, nt or jsonld")
        from rdflib import Graph

        from ..namespaces import bind_prefixes

        graph = bind_prefixes(Graph())
        for triple in result.graph:
            graph.add(tuple(_safe_term(term, unicode_safe) for term in triple))
        try:
            return graph.serialize(format=_GRAPH_FORMATS[fmt]).rstrip("\n")
        except Exception as exc:  # rdflib reads some terms it cannot write, e.g. an IRI with a '"' in it
            raise OutputError(f"the result cannot be written as {fmt}: {exc}".splitlines()[0]) from None
    # XML 1.0 has no form for most C0 controls: they too become U+FFFD there
    text = xml_safe if fmt == "xml" else unicode_safe
    rows = [{name: _safe_term(term, text) for name, term in row.items()} for row in result.rows]
    if fmt == "tsv":
        return tsv_text(result.type, result.vars, rows)
    if fmt == "csv":
        return sparql_csv_text(result.type, result.vars, rows)
    if fmt in _RESULT_FORMATS:
        from rdflib.query import Result
        from rdflib.term import Variable

        safe = Result(result.type)
        safe.askAnswer = result.boolean
        safe.vars = [Variable(name) for name in result.vars]
        safe.bindings = [{Variable(name): term for name, term in row.items() if term is not None} for row in rows]
        return cast(bytes, safe.serialize(format=_RESULT_FORMATS[fmt])).decode("utf-8").rstrip("\r\n")
    if fmt != "table":
        raise OutputError(f"a {result.type} result cannot be written as {fmt}: use table, json, csv, tsv or xml")
    if result.type == "ASK":
        return "yes" if result.boolean else "no"
    from rdflib import Graph, URIRef

    from ..namespaces import bind_prefixes

    namespace_manager = bind_prefixes(Graph()).namespace_manager
    shown = [{k: (v.n3(namespace_manager) if isinstance(v, URIRef) else str(v)) if v is not None else ""
              for k, v in row.items()} for row in rows]
    return table_text(shown, result.vars)


def xml_safe(text: str) -> str:
    """:func:`unicode_safe` text that XML 1.0 can hold: its forbidden characters become U+FFFD."""
    return _XML_FORBIDDEN.sub("\ufffd", unicode_safe(text))


def _safe_term(term, text):
    """The rdflib ``term`` with its text passed through ``text`` (the same term when that changes nothing)."""
    from rdflib import Literal, URIRef

    if isinstance(term, (Literal, URIRef)) and text(str(term)) != str(term):
        if isinstance(term, URIRef):
            return URIRef(text(str(term)))
        return Literal(text(str(term)), lang=term.language, datatype=term.datatype)
    return term


def tsv_text(kind: str, names: list[str], rows: list[dict]) -> str:
    """SPARQL 1.1 TSV results (rdflib only parses them): terms in N-Triples form, unbound left empty."""
    if kind == "ASK":
        raise OutputError("an ASK result has no TSV form: use --format json or xml")

    def cell(term):
        return "" if term is None else term.n3().replace("\t", "\\t")

    lines = ["\t".join(f"?{v}" for v in names)]
    lines += ["\t".join(cell(row.get(v)) for v in names) for row in rows]
    return "\n".join(lines)


def sparql_csv_text(kind: str, names: list[str], rows: list[dict]) -> str:
    """SPARQL 1.1 CSV results (CRLF line ends, IRIs and literals as plain text, blank nodes as
    ``_:id``), every cell :func:`spreadsheet_safe`."""
    if kind == "ASK":
        raise OutputError("an ASK result has no CSV form: use --format json or xml")
    from rdflib import BNode

    def cell(term):
        return "" if term is None else f"_:{term}" if isinstance(term, BNode) else str(term)

    return csv_lines([names, *([cell(row.get(v)) for v in names] for row in rows)], "\r\n")
