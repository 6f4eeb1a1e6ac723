"""Finding and parsing graph files into one rdflib graph.

The bundled graph ships inside the package (``careergraph/data/graph``); in a source checkout it
is the top-level ``graph/`` directory. User files are added with ``--graph`` (a file or a
directory; the format follows the extension).
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import GraphLoadError

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}
_QUAD_FORMATS = {"trig", "nquads"}
# The shapes are not data: they are loaded for validation only.
SHAPES_FILE = "shapes.ttl"


def bundled_dir(name: str) -> Path:
    """The bundled ``graph`` or ``queries`` directory, installed or in a source checkout."""
    installed = Path(__file__).parent / "data" / name
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / name


def bundled_files() -> list[Path]:
    """The bundled ontology and data files, without the shapes."""
    root = bundled_dir("graph")
    return [p for p in graph_files([root]) if p.name != SHAPES_FILE]


def shapes_file() -> Path:
    return bundled_dir("graph") / SHAPES_FILE


def graph_files(paths) -> list[Path]:
    """Expand ``paths`` (files or directories) into graph files, sorted within each directory."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file()))
        elif path.is_file():
            if path.suffix.lower() not in FORMATS:
                known = ", ".join(sorted(FORMATS))
                raise GraphLoadError(f"{path}: unknown graph file type {path.suffix!r} (expected one of {known})")
            files.append(path)
        else:
            raise GraphLoadError(f"{path}: no such file or directory")
    return files


def parse_file(graph, path: Path) -> None:
    """Parse one file into the rdflib ``graph``, turning parser errors into a one-line GraphLoadError."""
    from rdflib import Dataset
    from rdflib.exceptions import ParserError
    from rdflib.plugins.parsers.notation3 import BadSyntax

    fmt = FORMATS[path.suffix.lower()]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphLoadError(f"{path}: cannot read: {exc}") from None
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        raise GraphLoadError(f"{path}:{exc.lines + 1}: bad syntax: {exc._why}") from None
    except json.JSONDecodeError as exc:
        raise GraphLoadError(f"{path}:{exc.lineno}: bad JSON: {exc.msg}") from None
    except ParserError as exc:
        raise GraphLoadError(f"{path}:{_failing_line(text, fmt)}: {exc}") from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types for bad input
        raise GraphLoadError(f"{path}: cannot parse as {fmt}: {exc}".splitlines()[0]) from None


def _failing_line(text: str, fmt: str) -> int | str:
    """The first line a line-based parser (N-Triples, N-Quads) rejects on its own, or '?'."""
    from rdflib import Dataset

    for number, line in enumerate(text.splitlines(), start=1):
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return "?"


def load_graph(paths):
    """Parse every file of ``paths`` into one rdflib graph with the project prefixes bound."""
    from rdflib import Graph

    from .namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    for path in graph_files(paths):
        parse_file(graph, path)
    return graph


def formatted_turtle(path: Path) -> str:
    """The Turtle file ``path`` in rdflib's sorted form, with the project prefixes."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    from .namespaces import bind_prefixes

    graph = Graph()
    parse_file(graph, Path(path))
    # canonical blank-node labels, so that blank nodes (evidence, alternatives) sort the same every time
    canonical = bind_prefixes(Graph())
    try:
        for triple in to_canonical_graph(graph):
            canonical.add(triple)
        return canonical.serialize(format="turtle")
    except Exception as exc:  # rdflib reads some IRIs it cannot write (with '"' or '{'), in both steps
        raise GraphLoadError(f"{path}: cannot be written back as Turtle: {exc}".splitlines()[0]) from None


def format_file(path: Path, *, check: bool = False) -> bool:
    """Rewrite a Turtle file in sorted form; returns whether it changed (or would).

    The file is replaced by :func:`careergraph.files.write_text`: atomically, keeping its mode,
    through a symbolic link.
    """
    from .files import write_text

    path = Path(path)
    if path.suffix.lower() not in (".ttl", ".turtle"):
        raise GraphLoadError(f"{path}: only Turtle files can be formatted")
    text = formatted_turtle(path)
    changed = text != path.read_text(encoding="utf-8")
    if changed and not check:
        write_text(path, text)
    return changed
