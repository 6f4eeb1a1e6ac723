"""The map's HTML page: the data from :func:`.data.map_data` put into the page's template.

The template (``assets/page.html``), the map's own script (``assets/map.js``) and style
(``assets/map.css``) are files in the package; vis-network's script and style come from pyvis.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..files import write_text
from ..output import unicode_safe
from ..limits import MAX_MAP_NODES
from .data import map_data

__all__ = ["export_html", "ExportSummary", "render_page"]


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_html` wrote."""

    path: Path
    nodes: int
    edges: int


def _script_json(data) -> str:
    """JSON that is safe inside a <script> element: no <, > or & can close or open a tag."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _legend(data) -> str:
    rows = []
    for kind, style in data["kinds"].items():
        rows.append(f'<li><span class="sw" style="background:{html.escape(style["color"])}"></span>'
                    f'{html.escape(kind)}</li>')
    used = {e["type"] for e in data["edges"]}
    for kind, style in data["edgeStyles"].items():
        if kind not in used:
            continue
        dash = " ".join(str(d) for d in style["dashes"]) if style["dashes"] else "none"
        width = 4 if kind == "route" else 2
        rows.append(
            f'<li><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="{html.escape(style["color"])}"'
            f' stroke-width="{width}" stroke-dasharray="{dash}"/></svg>{html.escape(style["label"])}</li>'
        )
    return "\n".join(rows)


def _asset(name: str) -> str:
    """The text of one of the page's own files (template, script, style), shipped in the package."""
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


def render_page(data, title: str, *, panel: str = "", script: str = "", script_attributes: str = "") -> str:
    """The complete HTML page for ``data`` (from :func:`map_data`).

    ``panel`` is HTML put above the side panel, ``script`` a script run after the map's own (both
    the server's planner); ``script_attributes`` are added to every script element (a CSP nonce).
    """
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # An inlined script must not contain a closing tag of its own element.
    js = js.replace("</script", "<\\/script")
    css = css.replace("</style", "<\\/style")
    extra = f"<script{script_attributes}>\n{script}\n</script>" if script else ""
    parts = {"TITLE": html.escape(title), "LEGEND": _legend(data), "VIS_CSS": css, "VIS_JS": js,
             "MAP_CSS": _asset("map.css"), "MAP_JS": _asset("map.js"), "DATA": _script_json(data),
             "PANEL": panel, "EXTRA_SCRIPT": extra, "SCRIPT_ATTRIBUTES": script_attributes}
    # One pass, so text from the graph (or the assets) is never searched for placeholders.
    return re.sub(r"@(TITLE|LEGEND|VIS_CSS|VIS_JS|MAP_CSS|MAP_JS|DATA|PANEL|EXTRA_SCRIPT|SCRIPT_ATTRIBUTES)@",
                  lambda m: parts[m.group(1)], _asset("page.html"))


# ------------------------------------------------------------------ writing

def export_html(kg, path, *, focus=None, depth=1, types=(), route=None, reach=None, layout="hierarchical",
                max_nodes=MAX_MAP_NODES) -> ExportSummary:
    """Write an interactive, offline HTML map of the graph (or of part of it) to ``path``.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : str or Path
        The file to write, by the rules of :func:`careergraph.files.replace_file` (atomically;
        only a regular file is replaced; a symbolic link is written through).
    focus : str, optional
        Only the node of this name and its neighbours up to ``depth`` edges away (either direction).
    depth : int, optional (default = 1)
    types : sequence of str, optional
        Only nodes of these kinds (and of their subclasses), e.g. ``("fellowship",)``.
    route : Route, optional
        A route from :meth:`KnowledgeGraph.route`: its steps are highlighted, the rest dimmed.
    reach : Reach, optional
        A result of :meth:`KnowledgeGraph.reach`: its start, the nodes reachable and the routes to
        them are drawn (alone, or highlighted on the ``focus`` or ``types`` selection), listed by the
        years they add.
    layout : {"hierarchical", "physics"}, optional (default = "hierarchical")
        Left-to-right in progression order, or a force-directed layout that stops once settled.
    max_nodes : int, optional (default = 3000)

    Returns
    -------
    ExportSummary

    Raises
    ------
    BadInputError
        The map would have more than ``max_nodes`` nodes, or a name, kind or layout is unknown.
    OutputError
        ``path`` is not a regular file, or it cannot be written (nothing is left behind).
    """
    data = map_data(kg, focus=focus, depth=depth, types=types, route=route, reach=reach, layout=layout,
                    max_nodes=max_nodes)
    if route is not None:
        title = f"careergraph: {data['route']['from']} \u2192 {data['route']['to']}"
    elif reach is not None:
        title = f"careergraph: within {data['reach']['within']} of {data['reach']['from']}"
    elif focus is not None:
        title = f"careergraph: around {kg.label(kg.resolve(focus))}"
    else:
        title = "careergraph map"
    page = render_page(data, unicode_safe(title))
    target = Path(path)
    write_text(target, page)
    edges = sum(1 for e in data["edges"] if e["type"] != "route")
    return ExportSummary(target, len(data["nodes"]), edges)

