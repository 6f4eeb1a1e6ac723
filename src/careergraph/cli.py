"""The ``careergraph`` command: parses arguments, calls the library, renders the result.

Exit codes: 0 ok; 1 no result or the graph does not conform; 2 bad input.
"""

from __future__ import annotations

import logging
import sys

import click

from . import __version__, output
from .errors import CareerGraphError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CareerGraphGroup(click.Group):
    """Turns every CareerGraphError into a one-line message and its exit code, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CareerGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


class State:
    """Shared state: the ``--graph`` paths and the chosen store, and the graph, loaded on first use."""

    def __init__(self, paths, cache=True, store="memory", endpoint_graph=None, timeout=60.0,
                 remote_contexts=False, publish_to=None):
        self.paths = paths
        self.publish_to = publish_to
        self.remote_contexts = remote_contexts
        self.cache = cache
        self.store = store
        self.endpoint_graph = endpoint_graph
        self.timeout = timeout
        self._kg = None

    def load(self, paths=()):
        """The graph of the chosen store plus the ``--graph`` paths and ``paths``."""
        from .graph import load

        return load([*self.paths, *paths], cache=self.cache, store=self.store, endpoint_graph=self.endpoint_graph,
                    timeout=self.timeout, remote_contexts=self.remote_contexts)

    @property
    def kg(self):
        if self._kg is None:
            self._kg = self.load()
        return self._kg


pass_state = click.make_pass_decorator(State)


class Seconds(click.ParamType):
    """A time limit: a finite number of seconds above 0."""

    name = "SECONDS"

    def convert(self, value, param, ctx):
        from .limits import check_timeout

        try:
            return check_timeout(float(value))
        except (ValueError, CareerGraphError):
            self.fail(f"{value!r} is not a finite number of seconds above 0", param, ctx)


class StoreChoice(click.ParamType):
    """A store: memory, oxigraph, or a SPARQL endpoint's http(s) URL."""

    name = "memory|oxigraph|URL"

    def convert(self, value, param, ctx):
        from .stores import FILE_BACKENDS, is_url

        if value in FILE_BACKENDS or is_url(value):
            return value
        self.fail(f"{value!r} is not a store: use memory, oxigraph, or a SPARQL endpoint's http(s) URL", param, ctx)


def format_option(choices=output.FORMATS):
    return click.option("--format", "fmt", type=click.Choice(choices), default="table", show_default=True,
                        help="Output format.")


def emit(text: str) -> None:
    click.echo(text)


@click.group(cls=CareerGraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="careergraph")
@click.option("--graph", "graph_paths", multiple=True, type=click.Path(),
              help="Extra graph file or directory (Turtle, N-Triples, JSON-LD, TriG) added to the bundled graph. Repeatable.")
@click.option("--no-cache", is_flag=True, help="Parse the graph files instead of using the compiled cache.")
@click.option("--store", type=StoreChoice(), default="memory", show_default=True,
              help="Where triples live and SPARQL runs: rdflib in memory, a persistent Oxigraph store "
                   "for large graphs (pip install 'careergraph[oxigraph]'), or the SPARQL 1.1 server at URL "
                   "(read instead of files; credentials: CAREERGRAPH_ENDPOINT_USER / "
                   "CAREERGRAPH_ENDPOINT_PASSWORD or netrc).")
@click.option("--endpoint", metavar="URL", envvar="CAREERGRAPH_ENDPOINT",
              help="The same as --store URL [env: CAREERGRAPH_ENDPOINT].")
@click.option("--endpoint-graph", metavar="IRI", envvar="CAREERGRAPH_ENDPOINT_GRAPH",
              help="The named graph on the server that holds the career graph [env: CAREERGRAPH_ENDPOINT_GRAPH].")
@click.option("--timeout", type=Seconds(), default=60.0, show_default=True, envvar="CAREERGRAPH_TIMEOUT",
              help="Time limit in seconds of each request to the endpoint or a SERVICE, and of a SPARQL query "
                   "[env: CAREERGRAPH_TIMEOUT].")
@click.option("--allow-remote-context", is_flag=True,
              help="Let JSON-LD files fetch the remote @context they name (refused otherwise).")
@click.pass_context
def cli(ctx, graph_paths, no_cache, store, endpoint, endpoint_graph, timeout, allow_remote_context):
    """A knowledge graph of physician career paths: routes, prerequisites and options.

    \b
    Example:
        careergraph route "medical school" "academic medicine"
        careergraph show "interventional cardiology"
    """
    # rdflib logs warnings (such as an IRI it cannot serialise) that the errors say in one line
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    publish_to = None
    if ctx.invoked_subcommand == "publish":
        publish_to, endpoint = endpoint, None  # before publish, --endpoint names the server it writes to
    if endpoint:
        if store != "memory" and store != endpoint:
            raise click.UsageError(f"--store {store} and --endpoint exclude each other")
        store = endpoint
    ctx.obj = State(list(graph_paths), cache=not no_cache, store=store, endpoint_graph=endpoint_graph,
                    timeout=timeout, remote_contexts=allow_remote_context, publish_to=publish_to)


# ------------------------------------------------------------------ nodes

@cli.command()
@click.argument("name")
@format_option()
@pass_state
def show(state, name, fmt):
    """Everything the graph says about one node.

    NAME may be an IRI, a CURIE (cg:md-program), a slug, a label or an alternative label.

    \b
    Example:
        careergraph show "interventional cardiology" --format json
    """
    emit(output.record(state.kg.record(name), fmt))


NODE_COLUMNS = ["id", "label", "type"]


@cli.command()
@click.argument("text")
@click.option("--type", "kind", help="Only nodes of this kind (e.g. fellowship, career).")
@format_option()
@pass_state
def search(state, text, kind, fmt):
    """Find nodes whose names or definition contain TEXT.

    \b
    Example:
        careergraph search cardio --type fellowship
    """
    found = [r.to_dict() for r in state.kg.search(text, type=kind)]
    if not found:
        click.echo(f"no node matches {text!r}", err=True)
        sys.exit(1)
    emit(output.rows(found, NODE_COLUMNS, fmt))


@cli.command("list")
@click.option("--type", "kind", help="Only nodes of this kind: profile, education, exam, process, residency, "
                                     "fellowship, preliminary-year, training, licensure, certification, "
                                     "credential, career, board, stage, source.")
@format_option()
@pass_state
def list_nodes(state, kind, fmt):
    """List the nodes of the graph, by kind and label.

    \b
    Example:
        careergraph list --type residency
    """
    emit(output.rows([r.to_dict() for r in state.kg.nodes(type=kind)], NODE_COLUMNS, fmt))


@cli.command()
@format_option()
@pass_state
def stats(state, fmt):
    """Counts of triples, nodes by kind and relations.

    \b
    Example:
        careergraph stats --format json
    """
    emit(output.record(state.kg.stats(), fmt))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option()
@pass_state
def validate(state, paths, fmt):
    """Check the graph (plus PATHS) against the SHACL shapes. Exit 1 if it does not conform.

    \b
    Example:
        careergraph validate my-data.ttl
    """
    kg = state.load(paths) if paths else state.kg
    report = kg.validate()
    rows = [v.to_dict() for v in report.violations]
    if fmt == "json":
        emit(output.json_text(report.to_dict()))
    else:
        if rows:
            emit(output.rows(rows, ["focus", "path", "message"], fmt))
        tiers = report.provenance.to_dict()
        emit(output.rows([{"tier": t, "evidence": n["count"], "evidence share": n["share"],
                           "facts": tiers["facts"][t]["count"], "facts share": tiers["facts"][t]["share"]}
                          for t, n in tiers["evidence"].items()],
                         ["tier", "evidence", "evidence share", "facts", "facts share"], fmt))
        click.echo(f"warning: {len(tiers['facts_without_primary_source'])} facts have no primary source "
                   "(listed by --format json)", err=True)
    if report.conforms:
        click.echo(f"conforms: {len(kg.graph)} triples in {kg.store.origin}", err=True)
    else:
        click.echo(f"does not conform: {len(rows)} violations", err=True)
        sys.exit(1)


# ------------------------------------------------------------------ routes

def route_options(fn):
    """Options shared by ``route`` and ``viz --route``."""
    for option in reversed([
        click.option("--by", type=click.Choice(["years", "steps"]), default="years", show_default=True,
                     help="Rank routes by total years or by number of steps."),
        click.option("--via", multiple=True, help="Visit this node on the way (repeatable, in order)."),
        click.option("--avoid", multiple=True, help="Never pass through this node (repeatable)."),
        click.option("--have", multiple=True, help="Something already held or done (repeatable)."),
    ]):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@route_options
@click.option("-k", "--alternatives", "k", type=click.IntRange(min=1), default=1, show_default=True,
              help="Show the K best distinct routes.")
@format_option()
@pass_state
def route(state, source, target, by, via, avoid, have, k, fmt):
    """The best prerequisite-complete route from FROM to TO, with its total years.

    FROM may be a starting profile: "US MD student", "US DO student", "international medical graduate".

    \b
    Example:
        careergraph route "medical school" "academic medicine"
        careergraph route IMG "interventional cardiology" --have "USMLE Step 1" -k 3
    """
    found = state.kg.routes(source, target, via=via, avoid=avoid, have=have, by=by, k=k)
    emit(output.routes([r.to_dict() for r in found], fmt, many=k > 1))


@cli.command()
@click.argument("target")
@click.option("--have", multiple=True, help="Something already held or done (repeatable).")
@format_option()
@pass_state
def requires(state, target, have, fmt):
    """Everything needed to reach TARGET, in an order that can be followed.

    Where one of several options will do, the cheapest is listed and the others shown after "or:".

    \b
    Example:
        careergraph requires "pediatric cardiology"
    """
    emit(output.plan(state.kg.requires(target, have=have).to_dict(), fmt))


@cli.command("next")
@click.argument("name")
@format_option()
@pass_state
def next_options(state, name, fmt):
    """The options open after NAME, with their lengths.

    \b
    Example:
        careergraph next "internal medicine residency"
    """
    options = [o.to_dict() for o in state.kg.next(name)]
    if not options:
        click.echo(f"nothing follows {state.kg.node(name).label}", err=True)
        sys.exit(1)
    emit(output.rows(options, ["id", "label", "type", "years", "relation"], fmt))


# ------------------------------------------------------------------ plans, comparisons, reach

@cli.command("plan")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--start", required=True, metavar="YYYY-MM", help="The month the plan starts (e.g. 2026-08).")
@route_options
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False),
              help="Also write the plan as an iCalendar file (all-day events) for calendar apps.")
@format_option()
@pass_state
def plan_dates(state, source, target, start, by, via, avoid, have, ics_path, fmt):
    """The best route from FROM to TO as a dated calendar from --start, on the real annual cycle
    (ERAS, interviews, rank order lists, Match Day, 1 July starts, fellowship matches, board exams).

    \b
    Example:
        careergraph plan "US MD student" cardiologist --start 2026-08
        careergraph plan IMG "internal medicine residency" --start 2027-01 --ics plan.ics
    """
    found = state.kg.plan(source, target, start, via=via, avoid=avoid, have=have, by=by)
    if ics_path:
        from .ics import write_ics

        click.echo(f"wrote {write_ics(found, ics_path)}: {len(found.events)} events", err=True)
    emit(output.dated_plan(found.to_dict(), fmt))


@cli.command()
@click.argument("names", nargs=-1, required=True, metavar="A B [C ...]")
@click.option("--from", "start", default="US MD student", show_default=True,
              help="Where every route starts (the start of medical school).")
@format_option()
@pass_state
def compare(state, names, start, fmt):
    """Specialties or careers side by side: years from the start of medical school, training,
    exams, boards, fellowships that open after, care type and salary where the graph has them.

    \b
    Example:
        careergraph compare "internal medicine residency" "family medicine residency" pediatrician
    """
    emit(output.comparison(state.kg.compare(names, start=start).to_dict(), fmt))


@cli.command()
@click.argument("source", metavar="FROM")
@click.option("--within", required=True, type=click.FloatRange(min=0), metavar="YEARS",
              help="How many further years (0 or more).")
@click.option("--have", multiple=True, help="Something already held or done (repeatable).")
@click.option("--type", "kind", help="Only nodes of this kind (e.g. fellowship, career).")
@format_option()
@pass_state
def reach(state, source, within, have, kind, fmt):
    """Everything that can be entered within YEARS further years after FROM (held or done),
    ranked by the years added, each with its shortest route. Exit 1 if nothing is.

    \b
    Example:
        careergraph reach "emergency medicine residency" --within 3
        careergraph reach "internal medicine residency" --within 2 --type fellowship
    """
    emit(output.reachable(state.kg.reach(source, within, have=have, type=kind).to_dict(), fmt))


# ------------------------------------------------------------------ SPARQL

@cli.command("queries")
@format_option()
def list_queries(fmt):
    """List the bundled SPARQL queries with their titles and parameters.

    \b
    Example:
        careergraph queries
    """
    from .sparql import bundled_queries

    rows = [q.to_dict() for q in bundled_queries().values()]
    for row in rows:
        row["params"] = ", ".join(f"{p['name']}={p['default']}" if p["default"] else p["name"]
                                  for p in row["parameters"])
    emit(output.rows(rows, ["name", "title", "params"], fmt))


class ParamType(click.ParamType):
    """A ``name=value`` query parameter."""

    name = "NAME=VALUE"

    def convert(self, value, param, ctx):
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            self.fail(f"{value!r} should be name=value", param, ctx)
        return name.strip().lstrip("?"), text


@cli.command()
@click.argument("query", required=False, metavar="NAME|FILE")
@click.option("-e", "--expression", help="SPARQL text to run instead of a bundled query or file.")
@click.option("-p", "--param", "params", multiple=True, type=ParamType(),
              help="Bind a query parameter (repeatable); bound as an RDF term, never pasted into the text.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (they make network requests).")
@format_option(output.QUERY_FORMATS)
@pass_state
def query(state, query, expression, params, allow_service, fmt):
    """Run a bundled SPARQL query by NAME, a .rq FILE, or -e TEXT.

    SELECT and ASK print as a table or as the W3C SPARQL results formats (json, csv, tsv, xml);
    CONSTRUCT and DESCRIBE print Turtle, N-Triples (nt) or JSON-LD. The graph is read-only.

    \b
    Example:
        careergraph query fellowships-by-residency --param residency="internal medicine"
        careergraph query -e 'SELECT ?n WHERE { ?n a cg:Residency }' --format csv
    """
    if bool(query) == bool(expression):
        raise click.UsageError("give either a query NAME or FILE, or -e TEXT")
    result = state.kg.query(query or expression, allow_service=allow_service, timeout=state.timeout,
                            **dict(params))
    text = output.query_result(result, fmt)
    emit(text)
    if result.type == "SELECT" and fmt == "table":
        click.echo(f"{len(result.rows)} rows", err=True)


# ------------------------------------------------------------------ map

@cli.command()
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="HTML file to write [default: careergraph.html, or careergraph-route.html with --route].")
@click.option("--open", "open_page", is_flag=True, help="Open the page in a web browser.")
@click.option("--layout", type=click.Choice(["hierarchical", "physics"]), default="hierarchical", show_default=True,
              help="Left to right in progression order, or a force-directed layout.")
@click.option("--focus", help="Only this node and its neighbours.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Neighbourhood size for --focus.")
@click.option("--type", "kinds", multiple=True, help="Only nodes of this kind, e.g. fellowship (repeatable).")
@click.option("--route", "route_ends", nargs=2, metavar="FROM TO", help="Highlight the best route from FROM to TO.")
@route_options
@click.option("--reach", "reach_from", metavar="FROM",
              help="Draw what can be entered within --within further years after FROM (as `reach`; --have, "
                   "and --type to keep one kind).")
@click.option("--within", type=click.FloatRange(min=0), metavar="YEARS", help="Years for --reach.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=3000, show_default=True,
              help="Refuse to draw more nodes than this.")
@pass_state
def viz(state, out, open_page, layout, focus, depth, kinds, route_ends, by, via, avoid, have, reach_from, within,
        max_nodes):
    """Write an interactive map of the graph to one offline HTML file.

    --by, --via, --avoid and --have apply with --route; --have and --type with --reach.

    \b
    Example:
        careergraph viz --open
        careergraph viz --focus cardiologist --depth 2 -o cardiology.html
        careergraph viz --route "US MD student" cardiologist
        careergraph viz --reach "emergency medicine residency" --within 3
    """
    from .htmlmap import export_html

    if (reach_from is None) != (within is None):
        raise click.UsageError("--reach FROM and --within YEARS go together")
    if reach_from is not None and route_ends:
        raise click.UsageError("draw either --route or --reach")
    if reach_from is not None and len(kinds) > 1:
        raise click.UsageError("--reach keeps one --type")
    kg = state.kg
    route = kg.route(*route_ends, via=via, avoid=avoid, have=have, by=by) if route_ends else None
    reach = None
    if reach_from is not None:
        reach = kg.reach(reach_from, within, have=have, type=kinds[0] if len(kinds) == 1 else None)
        kinds = ()  # the kind narrows the reach result, not the map around it
    out = out or ("careergraph-route.html" if route else "careergraph-reach.html" if reach else "careergraph.html")
    summary = export_html(kg, out, focus=focus, depth=depth, types=kinds, route=route, reach=reach, layout=layout,
                          max_nodes=max_nodes)
    click.echo(f"wrote {summary.path}: {summary.nodes} nodes, {summary.edges} edges", err=True)
    if open_page:
        import webbrowser

        if not webbrowser.open(summary.path.resolve().as_uri()):
            click.echo(f"no web browser available: open {summary.path} yourself", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; other than loopback only with --allow-remote.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--allow-remote", is_flag=True,
              help="Listen on an address the network can reach (there is no authentication; see README).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each with the graph loaded.")
@click.option("--query-timeout", type=Seconds(), default=10.0, show_default=True,
              help="Time limit of each SPARQL query sent to /sparql.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) of a SPARQL answer; more are cut, with a header saying so.")
@pass_state
def serve(state, host, port, allow_remote, workers, query_timeout, max_rows):
    """Serve the map with a route planner, a JSON API and a read-only SPARQL endpoint over HTTP
    (pip install 'careergraph[serve]').

    \b
    Example:
        careergraph serve
        careergraph --store oxigraph serve --port 8080
    """
    from .serve import serve as run_server

    load_options = {"paths": state.paths, "cache": state.cache, "store": state.store,
                    "endpoint_graph": state.endpoint_graph, "timeout": state.timeout,
                    "remote_contexts": state.remote_contexts}
    run_server(load_options, lambda: state.kg, host=host, port=port, allow_remote=allow_remote, workers=workers,
               query_timeout=query_timeout, max_rows=max_rows, announce=lambda text: click.echo(text, err=True))


@cli.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Only report files that are not in sorted form (exit 1 if any).")
def format_files(paths, check):
    """Rewrite Turtle files (or the .ttl files of directories) in a stable, sorted form.

    Data changes then show as small diffs.

    \b
    Example:
        careergraph fmt graph/data
        careergraph fmt --check graph/data
    """
    from .store import format_file, graph_files

    changed = [path for path in graph_files(paths) if path.suffix == ".ttl" and format_file(path, check=check)]
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}", err=True)
    if check and changed:
        sys.exit(1)


@cli.command()
@click.option("--triples", "-n", type=click.IntRange(min=100), required=True, help="About how many triples.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Directory to write generated.nt into.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same graph).")
def generate(triples, out_dir, seed):
    """Write a synthetic, realistically shaped career graph for benchmarks and scale tests.

    Load it on top of the bundled graph with --graph DIR.

    \b
    Example:
        careergraph generate --triples 100000 -o /tmp/big
        careergraph --graph /tmp/big route "medical school" gen-fellowship-3-1-specialist
    """
    from .generate import generate as generate_graph

    path = generate_graph(triples, out_dir, seed=seed)
    click.echo(f"wrote {path}", err=True)


@cli.command()
@click.option("--endpoint", "endpoint_url", metavar="URL", envvar="CAREERGRAPH_ENDPOINT",
              help="The server's SPARQL URL (queries and updates) [env: CAREERGRAPH_ENDPOINT].")
@click.option("--endpoint-graph", metavar="IRI", envvar="CAREERGRAPH_ENDPOINT_GRAPH",
              help="The named graph to load into (default: the server's default graph).")
@click.option("--graph-store", metavar="URL", envvar="CAREERGRAPH_GRAPH_STORE",
              help="The server's SPARQL 1.1 Graph Store Protocol URL; without it, SPARQL UPDATE is used.")
@click.option("--replace", is_flag=True, help="Empty the target graph first.")
@click.option("--batch", type=click.IntRange(min=1),
              help="Triples per request (default: 20000 with --graph-store, 1000 with SPARQL UPDATE).")
@format_option()
@pass_state
def publish(state, endpoint_url, endpoint_graph, graph_store, replace, batch, fmt):
    """Load the bundled graph (plus --graph files) into a SPARQL server, in batches.

    Blank nodes get stable names, so publishing the same data again changes nothing. The server's
    triple count is checked afterwards.

    \b
    Example:
        careergraph publish --endpoint http://127.0.0.1:8890/sparql-auth \\
            --endpoint-graph https://w3id.org/careergraph/graph \\
            --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    from .errors import BadInputError
    from .stores import open_store

    endpoint_url = endpoint_url or state.publish_to
    if not endpoint_url:
        raise BadInputError("publish needs --endpoint URL (or CAREERGRAPH_ENDPOINT)")
    endpoint = open_store(endpoint_url, endpoint_graph=endpoint_graph or state.endpoint_graph, timeout=state.timeout)
    summary = state.kg.publish(endpoint, graph_store=graph_store, replace=replace, batch=batch,
                         progress=lambda done, total: click.echo(f"published {done:,} of {total:,} triples",
                                                                 err=True))
    emit(output.record(summary, fmt))


def main():
    cli(prog_name="careergraph")
