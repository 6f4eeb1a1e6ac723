"""Finding and parsing graph files into one rdflib graph.

The bundled graph ships inside the package (``careergraph/data/graph``); in a source checkout it
is the top-level ``graph/`` directory. User files are added with ``--graph`` (a file or a
directory; the format follows the extension).

Loading never reaches the network: a JSON-LD ``@context`` or ``@import`` that names a document is
read only from the directory of the file that names it, and a remote one is refused unless asked
for (``remote_contexts``, the ``--allow-remote-context`` option); see :func:`_context_policy`.
"""

from __future__ import annotations

import contextvars
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from .errors import GraphLoadError

__all__ = ["BOM", "FORMATS", "MAX_JSON_DEPTH", "SHAPES_FILE", "bundled_dir", "bundled_files",
           "check_context_url", "check_text", "format_file", "formatted_turtle", "graph_files", "load_graph",
           "parse_file", "shapes_file"]

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
# Windows editors start UTF-8 files with a byte order mark, which no RDF syntax allows: it is skipped.
BOM = "\ufeff"
# JSON-LD nested deeper than this is refused (the parsers recurse once a level).
MAX_JSON_DEPTH = 500


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
        if not str(raw).strip():  # Path("") is the current directory
            raise GraphLoadError("a graph path is empty: name a file or a directory")
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


# The file being parsed and whether remote JSON-LD contexts may be fetched, while one is parsed.
_PARSING: contextvars.ContextVar[tuple[Path, bool] | None] = contextvars.ContextVar("parsing", default=None)


def check_context_url(path: Path, url: str, remote: bool) -> None:
    """Raise GraphLoadError unless the JSON-LD context ``url`` named in ``path`` may be read: a
    ``file:`` URL in the directory of ``path``, or (with ``remote``) an http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        from urllib.request import url2pathname  # brings http.client and email: only when a context needs it

        directory = path.resolve().parent
        if Path(url2pathname(parts.path)).resolve().is_relative_to(directory):
            return
        raise GraphLoadError(f"{path}: JSON-LD context {url} is outside the file's directory {directory}: refused")
    if parts.scheme in ("http", "https"):
        if remote:
            return
        raise GraphLoadError(f"{path}: remote JSON-LD context {url} refused: careergraph does not fetch over the "
                             "network unless --allow-remote-context is given")
    raise GraphLoadError(f"{path}: JSON-LD context {url} refused: only local files and (when allowed) http(s)")


def _context_policy():
    """Make rdflib's JSON-LD context loader ask :func:`check_context_url` first, while careergraph
    parses a file (see :data:`_PARSING`); outside that, rdflib behaves as it always does.

    rdflib fetches every context a document names (and each ``@import``) through
    ``source_to_json`` of its context module, from the URL resolved against the document, so that
    one function sees every URL it would read."""
    from rdflib.plugins.shared.jsonld import context as jsonld_context

    fetch = jsonld_context.source_to_json
    if getattr(fetch, "checks_context_urls", False):
        return

    def checked(source, *args, **kwargs):
        parsing = _PARSING.get()
        if parsing is not None:
            check_context_url(parsing[0], str(source), parsing[1])
        return fetch(source, *args, **kwargs)

    checked.checks_context_urls = True
    jsonld_context.source_to_json = checked


def parse_file(graph, path: Path, *, remote_contexts: bool = False) -> None:
    """Parse one file into the rdflib ``graph``, turning parser errors into a one-line GraphLoadError.

    A JSON-LD context outside the file's directory is refused, and a remote one unless
    ``remote_contexts`` (see :func:`check_context_url`)."""
    from rdflib import Dataset
    from rdflib.exceptions import ParserError
    from rdflib.plugins.parsers.notation3 import BadSyntax

    fmt = FORMATS[path.suffix.lower()]
    try:
        text = path.read_text(encoding="utf-8").removeprefix(BOM)
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphLoadError(f"{path}: cannot read: {exc}") from None
    if fmt == "json-ld":
        _context_policy()
    check_text(path, text, fmt)
    parsing = _PARSING.set((path, remote_contexts))
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except GraphLoadError:
        raise
    except BadSyntax as exc:
        raise GraphLoadError(f"{path}:{exc.lines + 1}: bad syntax: {exc._why}") from None
    except json.JSONDecodeError as exc:
        raise GraphLoadError(f"{path}:{exc.lineno}: bad JSON: {exc.msg}") from None
    except ParserError as exc:
        raise GraphLoadError(f"{path}:{_failing_line(text, fmt)}: {exc}") from None
    except RecursionError:
        raise GraphLoadError(f"{path}: nested too deeply to read") from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types for bad input
        line = _n3_line(exc)
        if line is None:
            raise GraphLoadError(f"{path}: cannot parse as {fmt}: {exc}".splitlines()[0]) from None
        # the Turtle parser's own asserts and index errors, where a file ends mid-statement
        why = "the file ends in the middle of a statement" if isinstance(exc, IndexError) \
            else str(exc).split(" at ^")[0].splitlines()[0]
        raise GraphLoadError(f"{path}:{line}: bad syntax: {why}") from None
    finally:
        _PARSING.reset(parsing)


def _n3_line(exc) -> int | None:
    """The line the Turtle/TriG parser had reached when ``exc`` was raised (it keeps a count of
    the lines it has passed), or None for another parser."""
    from rdflib.plugins.parsers.notation3 import SinkParser

    line = None
    trace = exc.__traceback__
    while trace is not None:
        parser = trace.tb_frame.f_locals.get("self")
        if isinstance(parser, SinkParser):
            line = parser.lines + 1
        trace = trace.tb_next
    return line


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf\"'\\]|.?)", re.S)
_JSON_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def check_text(path: Path, text: str, fmt: str) -> None:
    """Refuse what a parser would accept wrongly or could not survive: a bad escape in N-Triples or
    N-Quads (rdflib keeps it as it stands), JSON nested past :data:`MAX_JSON_DEPTH`."""
    if fmt in ("nt", "nquads"):
        for match in _ESCAPE.finditer(text):
            escape = match.group(1)
            if not (len(escape) in (5, 9) or (len(escape) == 1 and escape in "tbnrf\"'\\")):
                line = text.count("\n", 0, match.start()) + 1
                raise GraphLoadError(f"{path}:{line}: bad escape sequence {text[match.start():match.end() + 4]}")
    elif fmt == "json-ld":
        depth = 0
        for match in _JSON_STRING_OR_BRACKET.finditer(text):
            token = match.group()
            if token in "[{":
                depth += 1
                if depth > MAX_JSON_DEPTH:
                    line = text.count("\n", 0, match.start()) + 1
                    raise GraphLoadError(f"{path}:{line}: JSON nested more than {MAX_JSON_DEPTH} levels deep")
            elif token in "]}":
                depth -= 1


def _failing_line(text: str, fmt: str) -> int | str:
    """The first line a line-based parser (N-Triples, N-Quads) rejects on its own, or '?'."""
    from rdflib import Dataset

    for number, line in enumerate(text.splitlines(), start=1):
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return "?"


def load_graph(paths, *, remote_contexts: bool = False):
    """Parse every file of ``paths`` into one rdflib graph with the project prefixes bound
    (``remote_contexts``: see :func:`parse_file`)."""
    from rdflib import Graph

    from .namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    for path in graph_files(paths):
        parse_file(graph, path, remote_contexts=remote_contexts)
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
