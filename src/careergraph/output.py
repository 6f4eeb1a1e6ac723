"""Rendering results as text tables, JSON or CSV. All output formatting lives here."""

from __future__ import annotations

import csv
import io
import json

from .errors import OutputError

FORMATS = ("table", "json", "csv")


def years_text(years: dict | None) -> str:
    """``{"min": 3, "max": 4}`` as ``"3–4"``, equal ends as ``"3"``, none as ``""``."""
    if not years:
        return ""
    low, high = years.get("min"), years.get("max")
    return f"{low}" if low == high else f"{low}\u2013{high}"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, dict) and set(value) == {"min", "max"}:
        return years_text(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v.get("label", v.get("id")) if isinstance(v, dict) else v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_cell(v)}" for k, v in value.items())
    return str(value)


def json_text(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def table_text(rows: list[dict], columns: list[str]) -> str:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def csv_text(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().rstrip("\n")


def rows(data: list[dict], columns: list[str], fmt: str) -> str:
    """A list of records: JSON keeps every field, table and CSV show ``columns``."""
    if fmt == "json":
        return json_text(data)
    if fmt == "csv":
        return csv_text(data, columns)
    return table_text(data, columns)


def record(data: dict, fmt: str) -> str:
    """One record: JSON as is; table and CSV as field/value pairs (empty fields left out of the table)."""
    if fmt == "json":
        return json_text(data)
    pairs = [{"field": k, "value": _record_value(k, v)} for k, v in data.items()]
    if fmt == "csv":
        return csv_text(pairs, ["field", "value"])
    width = max(len(p["field"]) for p in pairs)
    indent = "\n" + " " * (width + 2)
    return "\n".join(f"{p['field'].ljust(width)}  {p['value'].replace(chr(10), indent)}" for p in pairs if p["value"])


def _record_value(key, value) -> str:
    if key == "sources":
        return "\n".join(
            f"{s['title']}" + (f" <{s['url']}>" if s.get("url") else f" [{s['file']}]" if s.get("file") else "")
            + (f": \u201c{s['quote']}\u201d" if s.get("quote") else "")
            for s in value
        )
    if key == "requires_one_of":
        return " AND ".join("one of (" + _cell(group) + ")" for group in value)
    return _cell(value)


STEP_COLUMNS = ["#", "id", "label", "type", "years", "when", "awards", "note"]


def _step_rows(steps: list[dict]) -> list[dict]:
    """Numbered steps; the note says why a step is there, what else would do, and usual options."""
    out = []
    for number, step in enumerate(steps, start=1):
        note = step.get("why") or ""
        if not note and step.get("added_for_prerequisite"):
            note = f"prerequisite of {step['required_by']}" if step.get("required_by") else "prerequisite"
        if step.get("alternatives"):
            note = (note + "; " if note else "") + "or: " + ", ".join(step["alternatives"])
        if step.get("options"):
            note = (note + "; " if note else "") + "often with: " + ", ".join(step["options"])
        out.append({**step, "#": number, "note": note})
    return out


def routes(data: list[dict], fmt: str, *, many: bool) -> str:
    """Routes as numbered steps with a total; JSON is one route, or a list with ``many``."""
    if fmt == "json":
        return json_text(data if many else data[0])
    if fmt == "csv":
        flat = [{"route": i, **step} for i, route in enumerate(data, start=1) for step in _step_rows(route["steps"])]
        return csv_text(flat, ["route"] + STEP_COLUMNS + ["added_for_prerequisite"])
    blocks = []
    for i, route in enumerate(data, start=1):
        title = f"{route['from']['label']} \u2192 {route['to']['label']}"
        head = f"Route {i}: {title}" if many else title
        total = years_text(route["total_years"]) or "0"
        blocks.append(f"{head}\n{table_text(_step_rows(route['steps']), STEP_COLUMNS)}\n"
                      f"Total: {total} years, {len(route['steps'])} steps")
    return "\n\n".join(blocks)


def plan(data: dict, fmt: str) -> str:
    """A requirement plan: steps in a followable order and the minimum total years."""
    if fmt == "json":
        return json_text(data)
    steps = _step_rows(data["steps"])
    if fmt == "csv":
        return csv_text(steps, STEP_COLUMNS + ["added_for_prerequisite"])
    total = years_text(data["total_years"]) or "0"
    return (f"To reach {data['target']['label']}:\n{table_text(steps, STEP_COLUMNS)}\n"
            f"Minimum total: {total} years")


QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "nt", "jsonld")
_RESULT_FORMATS = {"json": "json", "csv": "csv", "xml": "xml"}
_GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}


def query_result(result, fmt: str) -> str:
    """A SPARQL result: W3C result formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in _GRAPH_FORMATS:
            raise OutputError(f"a {result.type} result is a graph: use --format turtle, nt or jsonld")
        from .namespaces import bind_prefixes

        return bind_prefixes(result.graph).serialize(format=_GRAPH_FORMATS[fmt]).rstrip("\n")
    if fmt == "tsv":
        return tsv_text(result)
    if fmt in _RESULT_FORMATS:
        data = result.raw.serialize(format=_RESULT_FORMATS[fmt])
        return data.decode("utf-8").rstrip("\r\n")
    if fmt != "table":
        raise OutputError(f"a {result.type} result cannot be written as {fmt}: use table, json, csv, tsv or xml")
    if result.type == "ASK":
        return "yes" if result.boolean else "no"
    from rdflib import Graph, URIRef

    from .namespaces import bind_prefixes

    namespace_manager = bind_prefixes(Graph()).namespace_manager
    shown = [{k: (v.n3(namespace_manager) if isinstance(v, URIRef) else str(v)) if v is not None else ""
              for k, v in row.items()} for row in result.rows]
    return table_text(shown, result.vars)


def tsv_text(result) -> str:
    """SPARQL 1.1 TSV results (rdflib only parses them): terms in N-Triples form, unbound left empty."""
    if result.type == "ASK":
        raise OutputError("an ASK result has no TSV form: use --format json or xml")

    def cell(term):
        return "" if term is None else term.n3().replace("\t", "\\t")

    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(cell(row.get(v)) for v in result.vars) for row in result.rows]
    return "\n".join(lines)


PLAN_COLUMNS = ["start", "end", "label", "type", "note"]


def dated_plan(data: dict, fmt: str) -> str:
    """A plan on the calendar: one row per stage, window or date, in date order."""
    if fmt == "json":
        return json_text(data)
    rows = [{**event, "end": "" if event["end"] == event["start"] else event["end"]} for event in data["events"]]
    if fmt == "csv":
        return csv_text(data["events"], ["start", "end", "label", "step", "type", "note", "sources"])
    total = years_text(data["total_years"]) or "0"
    return (f"{data['from']['label']} \u2192 {data['to']['label']}, from {data['start']}\n"
            f"{table_text(rows, PLAN_COLUMNS)}\nTotal: {total} years (dates follow the shortest schedule)")


_COMPARE_FIELDS = [("total years", "total_years"), ("training", "training"), ("exams", "exams"),
                   ("certifying boards", "boards"), ("board certifications", "certifications"),
                   ("fellowships after", "fellowships_after"), ("care type", "care_type"),
                   ("career category", "career_category"), ("salary", "salary")]


def _compare_cell(key, value, short: bool) -> str:
    if key == "training":
        return "; ".join(f"{t['label']} ({years_text(t['years'])})" for t in value)
    if key == "salary":
        return "; ".join(f"{years_text(s)} {s.get('currency') or ''} ({s.get('year')}, {s.get('source')})".strip()
                         for s in value) or "not in the graph"
    if short and isinstance(value, list) and len(value) > 4:
        return "; ".join(value[:3]) + f"; and {len(value) - 3} more"
    return _cell(value)


def comparison(data: dict, fmt: str) -> str:
    """Items side by side: one column per item, one row per field (the table shortens long lists)."""
    if fmt == "json":
        return json_text(data)
    columns = ["field"] + [item["node"]["label"] for item in data["items"]]
    rows = [{"field": name, **{item["node"]["label"]: _compare_cell(key, item[key], fmt == "table")
                               for item in data["items"]}} for name, key in _COMPARE_FIELDS]
    if fmt == "csv":
        return csv_text(rows, columns)
    return f"From {data['from']['label']} (the start of medical school):\n{table_text(rows, columns)}"


REACH_COLUMNS = ["#", "id", "label", "type", "added_years", "route"]


def reachable(data: dict, fmt: str) -> str:
    """What can be entered within some years: ranked by years added, each with its route."""
    if fmt == "json":
        return json_text(data)
    rows = [{"#": i, **item["node"], "added_years": years_text(item["added_years"]) or "0",
             "route": " \u2192 ".join(s["label"] for s in item["steps"])}
            for i, item in enumerate(data["reachable"], start=1)]
    if fmt == "csv":
        return csv_text(rows, REACH_COLUMNS)
    kind = f" ({data['type']})" if data["type"] else ""
    text = (f"Within {data['within']:g} further years of {data['from']['label']}{kind}:\n"
            f"{table_text(rows, REACH_COLUMNS)}\n{len(rows)} reachable")
    if data["skipped"]:
        text += f"; {len(data['skipped'])} not checked: their prerequisites meet a cycle in the data (see --format json)"
    return text
