"""Rendering results as text tables, JSON or CSV. All output formatting lives in this package
(SPARQL results in :mod:`careergraph.output.sparql`).

Text from the graph is data, not instructions to whoever reads the output:

- every format: a lone surrogate (a Turtle ``"\\uD800"`` escape) cannot be encoded, so it is
  printed as U+FFFD; a number that is not finite (``NaN``, ``INF``, ``1e309``) is null in JSON,
  empty in CSV and ``?`` in a table;
- tables escape C0 and C1 control characters (terminal escape sequences) and the Unicode bidi
  overrides and isolates (U+202A–U+202E, U+2066–U+2069) as ``\\x1b``, ``\\u202e``, ...;
- CSV (``--format csv``, SPARQL results too) prefixes with ``'`` every cell that a spreadsheet
  would take for a formula (one starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return),
  unless the cell is a number, such as ``-3``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re

__all__ = ["FORMATS", "NEXT_COLUMNS", "NODE_COLUMNS", "comparison", "counted", "csv_lines", "csv_text", "dated_plan",
           "json_text", "plan", "reachable", "record", "routes", "rows", "spreadsheet_safe", "table_text",
           "terminal_safe", "unicode_safe", "validation", "years_text"]

FORMATS = ("table", "json", "csv")

# C0 and C1 control characters, DEL, and the bidi embeddings, overrides and isolates
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def unicode_safe(text: str) -> str:
    """``text`` that can be encoded: a lone surrogate becomes U+FFFD, a surrogate pair its character.

    >>> unicode_safe("a\\ud800b"), unicode_safe("\\ud83d\\ude00")
    ('a\ufffdb', '😀')
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def terminal_safe(text: str) -> str:
    r"""``text`` for a terminal: control characters and bidi controls escaped, visibly.

    >>> terminal_safe("red \x1b[31m\u202egnp.exe")
    'red \\x1b[31m\\u202egnp.exe'
    """
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], unicode_safe(text))


def _finite(value) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _clean(data, text):
    """``data`` with every string passed through ``text`` and every non-finite number made None."""
    if isinstance(data, str):
        return text(data)
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {_clean(k, text): _clean(v, text) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_clean(v, text) for v in data]
    return data


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP's CSV-injection rule).

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-3"), spreadsheet_safe("@SUM(A1)")
    ("'=HYPERLINK(1)", '-3', "'@SUM(A1)")
    """
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def years_text(years: dict | None) -> str:
    """``{"min": 3, "max": 4}`` as ``"3–4"``, equal ends as ``"3"``, none as ``""``; an unknown or
    non-finite end as ``"?"``."""
    if not years:
        return ""
    low, high = (f"{n}" if n is not None and _finite(n) else "?" for n in (years.get("min"), years.get("max")))
    return low if low == high else f"{low}\u2013{high}"


def counted(number, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, in the plural unless the number is one: ``"1 year"``, ``"2 years"``,
    ``"1–2 years"`` (a range or text from :func:`years_text` is taken as it is written).

    >>> counted(1, "year"), counted("1\u20132", "year"), counted(0, "step"), counted(2, "reply", "replies")
    ('1 year', '1–2 years', '0 steps', '2 replies')
    """
    text = f"{number:g}" if isinstance(number, float) else str(number)
    return f"{text} {noun if text == '1' else plural or noun + 's'}"


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
    """JSON that any parser reads: no NaN or Infinity (null instead), no lone surrogates."""
    return json.dumps(_clean(data, unicode_safe), indent=2, ensure_ascii=False, sort_keys=False, allow_nan=False)


def table_text(rows: list[dict], columns: list[str]) -> str:
    cells = [[_cell(row.get(c)) for c in columns] for row in _clean(rows, terminal_safe)]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def csv_lines(lines, end: str) -> str:
    """CSV of ``lines`` (lists of strings), each cell spreadsheet-safe, lines ended by ``end``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=end)
    writer.writerows([spreadsheet_safe(unicode_safe(cell)) for cell in line] for line in lines)
    return buffer.getvalue().rstrip(end)


def csv_text(rows: list[dict], columns: list[str]) -> str:
    return csv_lines([columns, *([_cell(row.get(c)) for c in columns] for row in _clean(rows, unicode_safe))], "\n")


def rows(data: list[dict], columns: list[str], fmt: str) -> str:
    """A list of records: JSON keeps every field, table and CSV show ``columns``."""
    if fmt == "json":
        return json_text(data)
    if fmt == "csv":
        return csv_text(data, columns)
    return table_text(data, columns)


NODE_COLUMNS = ["id", "label", "type"]
NEXT_COLUMNS = ["id", "label", "type", "years", "relation"]


def record(data: dict, fmt: str) -> str:
    """One record: JSON as is; table and CSV as field/value pairs (empty fields left out of the table)."""
    if fmt == "json":
        return json_text(data)
    if fmt == "table":
        data = _clean(data, terminal_safe)
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
    if key == "salary":
        return "\n".join(
            f"{s['currency']} {s['min']:,}" + (f"\u2013{s['max']:,}" if s["max"] != s["min"] else "")
            + f" ({s['measure']}, {s['year']}; checked {s['checked']}) \u2014 {s['source_title']} <{s['url']}>"
            for s in value
        )
    if key == "match":
        return "\n".join(f"{m['year']}: {match_numbers(m)} ({m['measure']}; checked {m['checked']}) "
                         f"\u2014 {m['source_title']} <{m['url']}>" for m in value)
    if key == "requires_one_of":
        return " AND ".join("one of (" + _cell(group) + ")" for group in value)
    if key == "duration_by_entry":
        return "; ".join(f"{years_text(e['years'])} after {e['entry']['label']}" for e in value)
    return _cell(value)


_MATCH_NUMBER_TEXT = [("positions_offered", "{:,} positions offered"), ("positions_filled", "{:,} filled"),
                      ("fill_rate", "fill rate {}%"), ("applicants", "{:,} applicants"),
                      ("applicants_matched", "{:,} matched"), ("match_rate", "match rate {}%"),
                      ("share_us_md", "{}% of filled positions to US MD seniors"),
                      ("share_us_do", "{}% to US DO seniors"), ("share_img", "{}% to international graduates")]


def match_numbers(figure: dict) -> str:
    """The numbers a Match figure holds, in words ("41,503 positions offered, match rate 80.2%")."""
    return ", ".join(text.format(figure[key]) for key, text in _MATCH_NUMBER_TEXT if figure.get(key) is not None)


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
    data = _clean(data, terminal_safe)
    blocks = []
    for i, route in enumerate(data, start=1):
        title = f"{route['from']['label']} \u2192 {route['to']['label']}"
        head = f"Route {i}: {title}" if many else title
        total = years_text(route["total_years"]) or "0"
        blocks.append(f"{head}\n{table_text(_step_rows(route['steps']), STEP_COLUMNS)}\n"
                      f"Total: {counted(total, 'year')}, {counted(len(route['steps']), 'step')}")
    return "\n\n".join(blocks)


def plan(data: dict, fmt: str) -> str:
    """A requirement plan: steps in the order they are met and the total years (earliest to latest end)."""
    if fmt == "json":
        return json_text(data)
    steps = _step_rows(data["steps"])
    if fmt == "csv":
        return csv_text(steps, STEP_COLUMNS + ["added_for_prerequisite"])
    data = _clean(data, terminal_safe)
    total = years_text(data["total_years"]) or "0"
    return (f"To reach {data['target']['label']}:\n{table_text(steps, STEP_COLUMNS)}\n"
            f"Total: {counted(total, 'year')}")


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
            f"{table_text(rows, PLAN_COLUMNS)}\nTotal: {counted(total, 'year')} (dates follow the shortest schedule)")


_COMPARE_FIELDS = [("total years", "total_years"), ("training", "training"), ("exams", "exams"),
                   ("certifying boards", "boards"), ("board certifications", "certifications"),
                   ("fellowships after", "fellowships_after"), ("care type", "care_type"),
                   ("career category", "career_category"), ("salary", "salary"), ("NRMP Match", "match")]


def _compare_cell(key, value, short: bool) -> str:
    if key == "training":
        return "; ".join(f"{t['label']} ({years_text(t['years'])})" for t in value)
    if key == "salary":
        return "; ".join(f"{years_text(s)} {s.get('currency') or ''} ({s.get('year')}, {s.get('source')})".strip()
                         for s in value) or "not in the graph"
    if key == "match":
        return "; ".join(f"{m['year']}: {match_numbers(m)} ({m['source']})" for m in value) or "not in the graph"
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
    text = (f"Within {counted(float(data['within']), 'further year')} of {data['from']['label']}{kind}:\n"
            f"{table_text(rows, REACH_COLUMNS)}\n{len(rows)} reachable")
    if data["skipped"]:
        text += f"; {len(data['skipped'])} not checked: their prerequisites meet a cycle in the data (see --format json)"
    return text


_TIER_COLUMNS = ["tier", "evidence", "evidence share", "facts", "facts share"]


def validation(data: dict, fmt: str) -> str:
    """A validation report: its violations (if any), then evidence and facts per source tier."""
    if fmt == "json":
        return json_text(data)
    tiers = data["provenance"]
    shares = [{"tier": tier, "evidence": n["count"], "evidence share": n["share"],
               "facts": tiers["facts"][tier]["count"], "facts share": tiers["facts"][tier]["share"]}
              for tier, n in tiers["evidence"].items()]
    violations = [rows(data["violations"], ["focus", "path", "message"], fmt)] if data["violations"] else []
    return "\n".join([*violations, rows(shares, _TIER_COLUMNS, fmt)])
